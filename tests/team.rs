//! The team engine against a real PostgreSQL (a throwaway cluster per test, see `pg`): copies
//! converge, a change made on both sides is a conflict kept until resolved, a server that
//! goes away and comes back gets every change in order, a push killed with SIGKILL loses and
//! doubles nothing, a role that may only read cannot write, twenty members editing at once
//! end identical, a change reaches another running copy through NOTIFY, and history names
//! each version's author.

mod common;
mod pg;

use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::{Record, RecordKind};
use chancery::store::{Resolution, Store, server_doc};
use chancery::team::{self, SyncReport, address::connect, sync_once};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use uuid::Uuid;

fn example_file(dir: &Path, name: &str) -> Store {
    let mut store = Store::open(&dir.join(name)).expect("a new file");
    import_bundle(&mut store, EXAMPLE_BUNDLE).expect("the example loads");
    store
}

fn sync(store: &mut Store) -> SyncReport {
    let link = store.team_link().expect("reads").expect("a team copy");
    let mut client = connect(&link.address).expect("the server answers");
    sync_once(store, &mut client).expect("the sync succeeds")
}

fn join(address: &str, path: &Path) -> Store {
    team::join(address, path, &mut |_| true).expect("joins");
    Store::open(path).expect("the copy opens")
}

/// Every record's document as the server would keep it, by uuid.
fn local_docs(store: &Store) -> BTreeMap<Uuid, serde_json::Value> {
    store
        .all_records(true)
        .expect("reads")
        .iter()
        .map(|r| (r.uuid(), server_doc(r)))
        .collect()
}

fn server_docs(address: &str) -> BTreeMap<Uuid, serde_json::Value> {
    let mut client = connect(address).expect("connects");
    client
        .query(
            "SELECT uuid, doc FROM record WHERE kind <> 'judgement'",
            &[],
        )
        .expect("reads")
        .into_iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

fn first_actor(store: &Store, name: &str) -> Record {
    store
        .all_records(false)
        .expect("reads")
        .into_iter()
        .find(|r| r.kind() == RecordKind::Actor && r.name().contains(name))
        .expect("the actor is in the example")
}

fn describe(store: &mut Store, uuid: Uuid, text: &str) -> Record {
    let mut record = store.get(uuid).expect("reads").expect("is there");
    if let Record::Actor(a) = &mut record {
        a.description = text.to_string();
    }
    store.update(record).expect("saves")
}

fn description(store: &Store, uuid: Uuid) -> String {
    match store.get(uuid).expect("reads") {
        Some(Record::Actor(a)) => a.description,
        other => panic!("not an actor: {other:?}"),
    }
}

fn shared_pair(cluster: &pg::Cluster, dir: &Path) -> (String, Store, Store) {
    let address = cluster.database("desk");
    let mut a = example_file(dir, "a.db");
    let shared = team::share(&mut a, &address).expect("shares");
    assert!(shared.records > 0);
    let b = join(&address, &dir.join("b.db"));
    (address, a, b)
}

#[test]
fn two_copies_editing_different_records_converge() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, mut b) = shared_pair(&cluster, dir.path());
    assert_eq!(
        local_docs(&a),
        local_docs(&b),
        "the joined copy is the shared file"
    );
    let novak = first_actor(&a, "Novak").uuid();
    let shibani = first_actor(&a, "Shibani").uuid();
    describe(&mut a, novak, "Deputy Prime Minister (edited in A)");
    describe(&mut b, shibani, "Foreign Minister (edited in B)");
    assert_eq!(
        a.team_waiting().expect("reads"),
        (1, 0),
        "the edit waits in A's outbox"
    );
    let pushed_a = sync(&mut a);
    assert_eq!(pushed_a.pushed, 1);
    sync(&mut b);
    sync(&mut a);
    assert_eq!(
        description(&b, novak),
        "Deputy Prime Minister (edited in A)"
    );
    assert_eq!(description(&a, shibani), "Foreign Minister (edited in B)");
    assert_eq!(local_docs(&a), local_docs(&b));
    assert_eq!(local_docs(&a), server_docs(&address));
    assert_eq!(a.team_waiting().expect("reads"), (0, 0));
    assert_eq!(b.team_waiting().expect("reads"), (0, 0));
    // A pulled change is not the user's to undo: Undo in B names nothing pulled.
    let label = b.undo_label().expect("reads").unwrap_or_default();
    assert!(
        !label.contains("Novak"),
        "B's undo offers a pulled change: {label}"
    );
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_kept_until_resolved() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, mut b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    describe(&mut a, novak, "from A");
    describe(&mut b, novak, "from B");
    sync(&mut a);
    let report = sync(&mut b);
    assert_eq!(report.new_conflicts, 1);
    // Both versions kept: B's here, A's on the server and in the conflict.
    assert_eq!(description(&b, novak), "from B");
    assert_eq!(server_docs(&address)[&novak]["description"], "from A");
    let conflicts = b.team_conflicts().expect("reads");
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0]
            .theirs
            .as_ref()
            .map(|d| d["description"].clone()),
        Some("from A".into())
    );
    assert_eq!(b.team_waiting().expect("reads"), (1, 1));
    // Syncing again changes nothing until the user chooses.
    sync(&mut b);
    assert_eq!(description(&b, novak), "from B");
    assert_eq!(server_docs(&address)[&novak]["description"], "from A");
    b.resolve_team_conflict(novak, Resolution::KeepMine)
        .expect("resolves");
    sync(&mut b);
    sync(&mut a);
    assert_eq!(description(&a, novak), "from B");
    assert_eq!(server_docs(&address)[&novak]["description"], "from B");
    assert_eq!(b.team_waiting().expect("reads"), (0, 0));
    // The other way: taking theirs replaces the change waiting here.
    describe(&mut a, novak, "A again");
    describe(&mut b, novak, "B again");
    sync(&mut a);
    assert_eq!(sync(&mut b).new_conflicts, 1);
    b.resolve_team_conflict(novak, Resolution::TakeTheirs)
        .expect("resolves");
    assert_eq!(description(&b, novak), "A again");
    assert_eq!(
        b.team_waiting().expect("reads"),
        (0, 0),
        "their version is the server's: nothing to send"
    );
    assert_eq!(
        local_docs(&a),
        local_docs(&b),
        "B holds exactly the server's copy"
    );
    // Nothing typed is lost: Undo brings B's version back (to be sent), Redo takes theirs.
    b.undo().expect("undoes").expect("a step");
    assert_eq!(description(&b, novak), "B again");
    assert_eq!(b.team_waiting().expect("reads"), (1, 0));
    b.redo().expect("redoes").expect("a step");
    assert_eq!(description(&b, novak), "A again");
    sync(&mut b);
    sync(&mut a);
    assert_eq!(local_docs(&a), local_docs(&b));
}

#[test]
fn changes_made_while_the_server_is_down_are_kept_and_sent_in_order_when_it_is_back() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, _b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    cluster.stop();
    for text in ["first", "second", "third"] {
        describe(&mut a, novak, text);
    }
    let link = a.team_link().expect("reads").expect("linked");
    let failed = connect(&link.address).map(|mut c| sync_once(&mut a, &mut c));
    let error = match failed {
        Err(e) | Ok(Err(e)) => e,
        Ok(Ok(_)) => panic!("a sync with the server down succeeded"),
    };
    assert!(error.is_offline(), "{error}");
    a.note_team_contact(Some(&error.to_string()), None, None)
        .expect("notes");
    assert!(
        a.team_link()
            .expect("reads")
            .expect("linked")
            .offline_since
            .is_some()
    );
    assert_eq!(
        a.team_waiting().expect("reads"),
        (1, 0),
        "one record waits, at its newest"
    );
    cluster.start_again();
    let report = sync(&mut a);
    assert_eq!(report.pushed, 1);
    assert_eq!(server_docs(&address)[&novak]["description"], "third");
    assert!(
        a.team_link()
            .expect("reads")
            .expect("linked")
            .offline_since
            .is_none()
    );
    // Records changed one after the other reach the server in that order.
    let shibani = first_actor(&a, "Shibani").uuid();
    cluster.stop();
    describe(&mut a, shibani, "later");
    describe(&mut a, novak, "latest");
    cluster.start_again();
    sync(&mut a);
    let mut client = connect(&address).expect("connects");
    let order: Vec<Uuid> = client
        .query(
            "SELECT uuid FROM (SELECT uuid, version FROM record_version ORDER BY version DESC LIMIT 2) last
             ORDER BY version",
            &[],
        )
        .expect("reads")
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        order,
        vec![shibani, novak],
        "the first changed (Shibani) was sent first"
    );
}

#[test]
fn a_push_killed_midway_loses_nothing_and_doubles_nothing() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let address = cluster.database("desk");
    let path = dir.path().join("a.db");
    {
        let mut a = Store::open(&path).expect("new");
        team::share(&mut a, &address).expect("shares an empty file");
        chancery::exchange::generate::generate(
            &mut a,
            chancery::exchange::generate::Size {
                statements: 3_000,
                seed: 7,
            },
            &mut |_, _| {},
        )
        .expect("generates");
    }
    let waiting = Store::open(&path)
        .expect("opens")
        .team_waiting()
        .expect("reads")
        .0;
    assert!(
        waiting > 3_000,
        "the generated records wait in the outbox ({waiting})"
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("--db")
        .arg(&path)
        .args(["team", "sync"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the sync starts");
    let mut client = connect(&address).expect("connects");
    let started = Instant::now();
    let mut on_server = 0i64;
    while started.elapsed() < Duration::from_secs(120) {
        on_server = client
            .query_one("SELECT count(*) FROM record", &[])
            .expect("counts")
            .get(0);
        if on_server > 100 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    assert!(
        on_server > 0 && (on_server as u64) < waiting,
        "the push was killed midway ({on_server} of {waiting} on the server)"
    );
    // Restarted, the outbox resumes where it stood.
    let mut a = Store::open(&path).expect("opens");
    let report = sync(&mut a);
    assert!(report.new_conflicts == 0, "{report:?}");
    assert_eq!(a.team_waiting().expect("reads"), (0, 0));
    let local = local_docs(&a);
    let server = server_docs(&address);
    assert_eq!(local.len(), server.len(), "no record lost or doubled");
    assert!(local == server, "every record on the server as it is here");
}

#[test]
fn a_role_that_may_only_read_cannot_write_and_the_window_says_why() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, _a, _b) = shared_pair(&cluster, dir.path());
    cluster.member("rania", "chancery_reader");
    let reader_address = address.replace("user=postgres", "user=rania");
    let path = dir.path().join("reader.db");
    let joined = team::join(&reader_address, &path, &mut |_| true).expect("a reader joins");
    assert!(!joined.can_write);
    let mut copy = Store::open(&path).expect("opens");
    let reason = copy.read_only().expect("read-only").to_string();
    assert!(reason.contains("rania may only read"), "{reason}");
    let novak = first_actor(&copy, "Novak");
    assert!(copy.update(novak.clone()).is_err(), "no write is taken");
    // The server refuses the role's writes whatever a client does.
    let mut client = connect(&reader_address).expect("connects");
    let refused = client.execute("UPDATE record SET trashed = true", &[]);
    assert!(refused.is_err());
    // The window opens read-only and says why.
    let app = chancery::app::App::open(&path, std::sync::Arc::new(|| {})).expect("opens");
    assert!(app.read_only().is_some_and(|r| r.contains("may only read")));
    // The copy still takes the team's changes.
    let mut sync_copy = Store::open_for_team_sync(&path).expect("opens for sync");
    assert!(sync(&mut sync_copy).read_only);
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("--db")
        .arg(&path)
        .args(["team", "sync"])
        .output()
        .expect("runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert!(String::from_utf8_lossy(&cli.stdout).contains("may only read"));
}

#[test]
fn twenty_members_editing_at_once_end_identical() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let address = cluster.database("desk");
    let mut first = example_file(dir.path(), "m0.db");
    team::share(&mut first, &address).expect("shares");
    drop(first);
    let shared: Vec<Uuid> = Store::open(&dir.path().join("m0.db"))
        .expect("opens")
        .all_records(false)
        .expect("reads")
        .into_iter()
        .filter(|r| r.kind() == RecordKind::Actor)
        .map(|r| r.uuid())
        .collect();
    const MEMBERS: usize = 20;
    const EDITS: usize = 500;
    let paths: Vec<PathBuf> = (0..MEMBERS)
        .map(|m| {
            let path = dir.path().join(format!("m{m}.db"));
            if m > 0 {
                team::join(&address, &path, &mut |_| true).expect("joins");
            }
            path
        })
        .collect();
    std::thread::scope(|scope| {
        for (m, path) in paths.iter().enumerate() {
            let shared = &shared;
            scope.spawn(move || {
                let mut store = Store::open(path).expect("opens");
                for i in 0..EDITS {
                    // Most edits touch records every member edits: conflicts are certain.
                    let uuid = shared[(m * 7 + i) % shared.len()];
                    describe(&mut store, uuid, &format!("member {m} edit {i}"));
                    if i % 50 == 49 {
                        settle(&mut store);
                    }
                }
                settle(&mut store);
            });
        }
    });
    // A last round: every copy takes what the others sent after its own last sync.
    for path in &paths {
        settle(&mut Store::open(path).expect("opens"));
    }
    let server = server_docs(&address);
    for path in &paths {
        let store = Store::open(path).expect("opens");
        assert_eq!(store.team_waiting().expect("reads"), (0, 0));
        assert!(
            local_docs(&store) == server,
            "{} differs from the server",
            path.display()
        );
    }
}

/// Syncs until nothing waits, resolving each conflict by taking theirs (bounded).
fn settle(store: &mut Store) {
    for _ in 0..50 {
        sync(store);
        let conflicts = store.team_conflicts().expect("reads");
        for c in &conflicts {
            store
                .resolve_team_conflict(c.uuid, Resolution::TakeTheirs)
                .expect("resolves");
        }
        if store.team_waiting().expect("reads") == (0, 0) && conflicts.is_empty() {
            return;
        }
    }
    panic!("the copy did not settle in 50 syncs");
}

#[test]
fn a_change_reaches_another_running_copy_through_notify() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, a, b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    drop((a, b));
    // Each copy syncs in the background; the 30-second round is set to an hour, so only the
    // nudge and NOTIFY can carry the change.
    let hour = Duration::from_secs(3600);
    let live_a = team::live::LiveSync::start(
        dir.path().join("a.db"),
        address.clone(),
        hour,
        std::sync::Arc::new(|| {}),
    );
    let live_b = team::live::LiveSync::start(
        dir.path().join("b.db"),
        address.clone(),
        hour,
        std::sync::Arc::new(|| {}),
    );
    let wait_for = |live: &team::live::LiveSync| {
        let started = Instant::now();
        while live.status().last_sync.is_none() && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(live.status().last_sync.is_some(), "{:?}", live.status());
    };
    wait_for(&live_a);
    wait_for(&live_b);
    let mut editor = Store::open(&dir.path().join("a.db")).expect("opens");
    describe(&mut editor, novak, "seen everywhere");
    live_a.nudge();
    let reader = Store::open(&dir.path().join("b.db")).expect("opens");
    let started = Instant::now();
    while description(&reader, novak) != "seen everywhere"
        && started.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        description(&reader, novak),
        "seen everywhere",
        "{:?}",
        live_b.status()
    );
    // The file is written before the sync thread says so: wait for its word.
    let started = Instant::now();
    while live_b.status().pulled == 0 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        live_b.status().pulled > 0,
        "B's window is told to read the file again"
    );
    let started = Instant::now();
    while !live_a.status().text().starts_with("Team: up to date")
        && started.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        live_a.status().text().starts_with("Team: up to date"),
        "{}",
        live_a.status().text()
    );
}

#[test]
fn history_names_the_author_and_time_of_each_version() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let address = cluster.database("desk");
    let mut a = example_file(dir.path(), "a.db");
    team::share(&mut a, &address).expect("shares");
    cluster.member("omar", "chancery_editor");
    let omar = address.replace("user=postgres", "user=omar");
    let mut b = join(&omar, &dir.path().join("b.db"));
    let novak = first_actor(&a, "Novak").uuid();
    describe(&mut b, novak, "by omar");
    sync(&mut b);
    sync(&mut a);
    describe(&mut a, novak, "by postgres");
    sync(&mut a);
    let mut client = connect(&address).expect("connects");
    let versions = team::server::history(&mut client, novak).expect("reads");
    let authors: Vec<&str> = versions.iter().map(|v| v.author.as_str()).collect();
    assert_eq!(authors, vec!["postgres", "omar", "postgres"]);
    assert!(
        versions
            .iter()
            .all(|v| v.at.len() == 20 && v.at.ends_with('Z')),
        "{versions:?}"
    );
    assert!(versions.windows(2).all(|w| w[0].version < w[1].version));
    assert_eq!(versions[1].doc["description"], "by omar");
    assert_eq!(
        chancery::model::three_way::changed_fields(Some(&versions[0].doc), &versions[1].doc),
        vec!["Description"]
    );
    // The CLI prints the same.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("--db")
        .arg(dir.path().join("a.db"))
        .args(["team", "history", &novak.to_string()])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains("omar") && l.contains("Description")),
        "{text}"
    );
}

#[test]
fn the_cli_shares_joins_and_says_where_a_copy_stands() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let address = cluster.database("desk");
    let bin = env!("CARGO_BIN_EXE_chancery");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .output()
            .expect("runs")
    };
    let a = dir.path().join("a.db").display().to_string();
    let b = dir.path().join("b.db").display().to_string();
    assert!(run(&["--db", &a, "load-example"]).status.success());
    let init = run(&["--db", &a, "team", "init", &address]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let again = run(&["--db", &a, "team", "init", &address]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&again.stderr).lines().count(), 1);
    let joined = run(&["team", "join", &address, &b]);
    assert!(
        joined.status.success(),
        "{}",
        String::from_utf8_lossy(&joined.stderr)
    );
    let into_existing = run(&["team", "join", &address, &b]);
    assert_eq!(into_existing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&into_existing.stderr).contains("exists already"));
    let status = run(&["--db", &b, "team", "status", "--json"]);
    let facts: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    assert_eq!(facts["changes_waiting"], 0);
    assert_eq!(facts["role"], "postgres");
    assert!(!facts["server"].as_str().unwrap_or("").contains("password"));
    let synced = run(&["--db", &b, "team", "sync"]);
    assert!(String::from_utf8_lossy(&synced.stdout).contains("0 waiting"));
    // A file that is no team's copy says how to make it one.
    let lone = dir.path().join("lone.db").display().to_string();
    assert!(run(&["--db", &lone, "load-example"]).status.success());
    let not = run(&["--db", &lone, "team", "status"]);
    assert_eq!(not.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not.stderr).contains("team init"));
}

#[test]
fn undo_of_a_pushed_change_is_pushed_as_a_new_change() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, mut b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    let before = description(&a, novak);
    describe(&mut a, novak, "a mistake");
    sync(&mut a);
    assert_eq!(server_docs(&address)[&novak]["description"], "a mistake");
    a.undo().expect("undoes").expect("a step");
    assert_eq!(
        a.team_waiting().expect("reads"),
        (1, 0),
        "the undo waits to be sent"
    );
    sync(&mut a);
    sync(&mut b);
    assert_eq!(
        server_docs(&address)[&novak]["description"],
        before.as_str()
    );
    assert_eq!(description(&b, novak), before);
    let mut client = connect(&address).expect("connects");
    let versions = team::server::history(&mut client, novak).expect("reads");
    assert_eq!(
        versions.len(),
        3,
        "created, the mistake, its undo: {versions:?}"
    );
}

#[test]
fn tls_is_checked_against_the_certificate_and_passwords_stay_out_of_the_file() {
    let Some((cluster, tls)) = pg::Cluster::start_tls() else {
        return;
    };
    cluster.sql("postgres", "ALTER ROLE postgres PASSWORD 'pa:ss'");
    cluster.database("desk");
    let tcp = format!("host=127.0.0.1 port={} dbname=desk user=postgres", tls.port);
    // A certificate no authority of the system signed is refused.
    let unknown = connect(&format!("{tcp} sslmode=require password=pa:ss"));
    let error = unknown.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("certificate"), "{error}");
    // Trusted through sslrootcert, verify-full: the connection is TLS.
    let trusted = format!(
        "postgresql://postgres@127.0.0.1:{}/desk?sslmode=verify-full&sslrootcert={}",
        tls.port,
        tls.ca.display()
    );
    let mut client = connect(&format!("{trusted}&password=pa:ss")).expect("TLS with the CA");
    let ssl: bool = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .expect("reads")
        .get(0);
    assert!(ssl);
    // No password given: said as such, not as an unreachable server.
    let missing = connect(&trusted)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(missing.contains("~/.pgpass or PGPASSWORD"), "{missing}");
    // Shared with the password in the address: the file keeps the address without it.
    let dir = tempfile::tempdir().expect("temp");
    let mut a = example_file(dir.path(), "a.db");
    team::share(&mut a, &format!("{trusted}&password=pa:ss")).expect("shares");
    let stored = a.team_link().expect("reads").expect("linked").address;
    assert!(
        !stored.contains("pa:ss") && stored.contains("sslrootcert"),
        "{stored}"
    );
    drop(a);
    let path = dir.path().join("a.db");
    for file in [path.clone(), dir.path().join("a.db-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.windows(5).any(|w| w == b"pa:ss"),
            "{} holds the password",
            file.display()
        );
    }
    // A sync finds the password where libpq would: the password file.
    let sync_with = |passfile: Option<&Path>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"));
        command.arg("--db").arg(&path).args(["team", "sync"]);
        command.env_remove("PGPASSWORD");
        match passfile {
            Some(file) => command.env("PGPASSFILE", file),
            None => command.env("PGPASSFILE", "/nonexistent"),
        };
        command.output().expect("runs")
    };
    let refused = sync_with(None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("password"));
    let passfile = dir.path().join("pgpass");
    std::fs::write(
        &passfile,
        format!("127.0.0.1:{}:desk:postgres:pa\\:ss\n", tls.port),
    )
    .expect("writes");
    let synced = sync_with(Some(&passfile));
    assert!(
        synced.status.success(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );
}

#[test]
fn a_record_removed_for_good_here_comes_back_to_the_trash_when_a_new_record_refers_to_it() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, mut b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    a.delete(novak).expect("trashes");
    a.purge(novak).expect("removes for good");
    sync(&mut a);
    assert!(
        server_docs(&address)[&novak]["deleted_at"].is_string(),
        "the server keeps its copy, in the Trash"
    );
    // B, not yet told, quotes him in a new statement.
    let quote = b
        .insert(common::statement(
            "We will build it together",
            Some(novak),
            None,
        ))
        .expect("saves");
    sync(&mut b);
    assert!(
        b.get(novak)
            .expect("reads")
            .is_some_and(|r| r.meta().deleted_at.is_some()),
        "B has him in the Trash now"
    );
    // A takes the new statement, and the actor it refers to comes back, in the Trash.
    sync(&mut a);
    assert!(a.get(quote.uuid()).expect("reads").is_some());
    let back = a.get(novak).expect("reads").expect("back in the file");
    assert!(back.meta().deleted_at.is_some(), "in the Trash");
    // What the purge removed for good here (his links) stays removed.
    let links_to_him = a
        .all_records(true)
        .expect("reads")
        .into_iter()
        .filter(|r| r.kind() == RecordKind::Link && r.name().contains("Novak"))
        .count();
    assert_eq!(links_to_him, 0);
    assert_eq!(a.team_waiting().expect("reads"), (0, 0));
}

fn notes(store: &Store, uuid: Uuid) -> String {
    store
        .get(uuid)
        .expect("reads")
        .map(|r| r.meta().notes.clone())
        .unwrap_or_default()
}

#[test]
fn a_form_saved_after_a_teammates_change_arrived_keeps_the_fields_it_did_not_touch() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, mut b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    // B opens the form; A's change to the description arrives meanwhile.
    let original = b.get(novak).expect("reads").expect("there");
    describe(&mut a, novak, "from A while B's form was open");
    sync(&mut a);
    sync(&mut b);
    let mut edited = original.clone();
    edited.meta_mut().notes = "B's note".into();
    b.update_from(&original, edited).expect("saves");
    assert_eq!(description(&b, novak), "from A while B's form was open");
    assert_eq!(notes(&b, novak), "B's note");
    sync(&mut b);
    let server = server_docs(&address);
    assert_eq!(
        server[&novak]["description"],
        "from A while B's form was open"
    );
    assert_eq!(server[&novak]["notes"], "B's note");
}

#[test]
fn undo_after_a_teammates_change_arrived_takes_back_only_the_undone_fields() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, mut b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    let mut record = a.get(novak).expect("reads").expect("there");
    let notes_before = record.meta().notes.clone();
    record.meta_mut().notes = "A's note, to be undone".into();
    a.update(record).expect("saves");
    sync(&mut a);
    sync(&mut b);
    describe(&mut b, novak, "B's description");
    sync(&mut b);
    sync(&mut a);
    a.undo().expect("undoes").expect("a step");
    assert_eq!(notes(&a, novak), notes_before);
    assert_eq!(
        description(&a, novak),
        "B's description",
        "B's change stays"
    );
    sync(&mut a);
    assert_eq!(
        server_docs(&address)[&novak]["description"],
        "B's description"
    );
}

#[test]
fn a_change_this_copy_cannot_take_is_set_aside_and_the_rest_keeps_flowing() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (address, mut a, mut b) = shared_pair(&cluster, dir.path());
    let places: Vec<Record> = a
        .all_records(false)
        .expect("reads")
        .into_iter()
        .filter(|r| r.kind() == RecordKind::Place)
        .collect();
    let (p, q) = (places[0].uuid(), places[1].uuid());
    let put_inside = |store: &mut Store, child: Uuid, parent: Uuid| {
        let mut record = store.get(child).expect("reads").expect("there");
        if let Record::Place(place) = &mut record {
            place.parent = Some(parent);
        }
        store.update(record).expect("saves");
    };
    // Each side puts one place inside the other: each is fine alone, not together.
    put_inside(&mut a, p, q);
    put_inside(&mut b, q, p);
    sync(&mut a);
    let report = sync(&mut b);
    assert_eq!(report.rejected, 1, "{report:?}");
    assert_eq!(b.team_rejected().expect("reads").len(), 1);
    assert!(
        b.team_rejected().expect("reads")[0]
            .2
            .contains("inside itself"),
        "the reason is kept"
    );
    // Nothing is stuck: a later change still reaches both.
    let novak = first_actor(&a, "Novak").uuid();
    describe(&mut a, novak, "after the cycle");
    sync(&mut a);
    sync(&mut b);
    assert_eq!(description(&b, novak), "after the cycle");
    assert_eq!(
        server_docs(&address)[&novak]["description"],
        "after the cycle"
    );
}

#[test]
fn undoing_a_merge_reaches_the_team() {
    let Some(cluster) = pg::Cluster::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp");
    let (_address, mut a, mut b) = shared_pair(&cluster, dir.path());
    let novak = first_actor(&a, "Novak").uuid();
    let lavrov = first_actor(&a, "Lavrov").uuid();
    a.judge(
        novak,
        lavrov,
        chancery::model::judgement::Verdict::Same,
        chancery::model::judgement::JudgementOrigin::Review,
    )
    .expect("judges");
    sync(&mut a);
    sync(&mut b);
    assert_eq!(
        b.judgements(false).expect("reads").len(),
        1,
        "the merge reached B"
    );
    a.undo().expect("undoes").expect("a step");
    assert_eq!(
        a.team_waiting().expect("reads"),
        (1, 0),
        "the undone merge waits to be sent"
    );
    sync(&mut a);
    sync(&mut b);
    assert!(
        b.judgements(false).expect("reads").is_empty(),
        "the undo reached B"
    );
}
