//! The team in the window, driven by AccessKit labels against a real PostgreSQL: the status
//! bar says a conflict waits, its click opens the Team window with the conflict's fields side
//! by side, Keep mine resolves it and the copy is up to date again; History lists each
//! version's author.

mod kit;
mod pg;

use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::{Record, RecordKind};
use chancery::store::Store;
use chancery::team::{self, address::connect, sync_once};
use egui_kittest::kittest::{NodeT, Queryable};

fn describe(store: &mut Store, uuid: uuid::Uuid, text: &str) {
    let mut record = store.get(uuid).expect("reads").expect("there");
    if let Record::Actor(a) = &mut record {
        a.description = text.to_string();
    }
    store.update(record).expect("saves");
}

fn sync(store: &mut Store) {
    let link = store.team_link().expect("reads").expect("linked");
    let mut client = connect(&link.address).expect("connects");
    sync_once(store, &mut client).expect("syncs");
}

#[test]
fn a_conflict_is_seen_in_the_status_bar_and_resolved_in_the_team_window() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let address = cluster.database("desk");
    let a_path = dir.path().join("a.db");
    let b_path = dir.path().join("b.db");
    let mut a = Store::open(&a_path).expect("new");
    import_bundle(&mut a, EXAMPLE_BUNDLE).expect("example");
    team::share(&mut a, &address).expect("shares");
    team::join(&address, &b_path, &mut |_| true).expect("joins");
    let mut b = Store::open(&b_path).expect("opens");
    let novak = a
        .all_records(false)
        .expect("reads")
        .into_iter()
        .find(|r| r.kind() == RecordKind::Actor && r.name().contains("Novak"))
        .expect("Novak")
        .uuid();
    describe(&mut a, novak, "from A");
    describe(&mut b, novak, "from B");
    sync(&mut a);
    sync(&mut b);
    drop(b);

    let mut h = kit::open(&b_path);
    kit::step_until(&mut h, "the status bar to name the conflict", |h| {
        kit::has(h, "1 conflict to resolve")
    });
    h.get_all_by_label_contains("1 conflict to resolve")
        .next()
        .expect("the status")
        .click();
    kit::settle(&mut h);
    kit::step_until(&mut h, "the conflict's common version", |h| {
        kit::has(h, "Common version")
    });
    assert!(kit::has(&h, "from A"), "theirs is shown");
    assert!(kit::has(&h, "from B"), "mine is shown");
    kit::click(&mut h, "Keep mine");
    kit::step_until(&mut h, "the copy to be up to date again", |h| {
        kit::has(h, "Team: up to date")
    });
    assert!(!kit::has(&h, "Common version"), "no conflict is left");
    let mut server = connect(&address).expect("connects");
    let row = server
        .query_one(
            "SELECT doc->>'description' FROM record WHERE uuid = $1",
            &[&novak],
        )
        .expect("reads");
    assert_eq!(
        row.get::<_, String>(0),
        "from B",
        "the kept version reached the server"
    );
    kit::click(&mut h, "Close");

    // History of the record: each version with its author.
    kit::click_starting(&mut h, "Actors");
    kit::click(&mut h, "Alexander Novak");
    kit::click(&mut h, "History of this record");
    kit::step_until(&mut h, "the versions", |h| kit::has(h, "What changed"));
    let descriptions = h.query_all_by_label_contains("Description").count();
    assert!(
        descriptions >= 2,
        "both changes of the description are listed"
    );
    assert!(kit::has(&h, "postgres"));
}

#[test]
fn a_copy_whose_role_may_only_read_opens_with_a_banner_saying_so() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let address = cluster.database("desk");
    let mut a = Store::open(&dir.path().join("a.db")).expect("new");
    import_bundle(&mut a, EXAMPLE_BUNDLE).expect("example");
    team::share(&mut a, &address).expect("shares");
    cluster.member("rania", "chancery_reader");
    let path = dir.path().join("reader.db");
    team::join(
        &address.replace("user=postgres", "user=rania"),
        &path,
        &mut |_| true,
    )
    .expect("joins");
    let mut h = kit::open(&path);
    assert!(
        kit::has(
            &h,
            "Read-only: the team role rania may only read this knowledge base"
        ),
        "the banner says why"
    );
    kit::click_starting(&mut h, "Actors");
    kit::click(&mut h, "Alexander Novak");
    let delete = h.get_by_label("Delete this record");
    assert!(
        delete.accesskit_node().is_disabled(),
        "nothing can be changed"
    );
}
