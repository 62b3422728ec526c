//! Create, read, update, Trash, restore, purge, backlinks and the change log, for every record
//! type, over real files.

mod common;
use chancery::model::*;
use chancery::store::{Store, StoreError};
use common::*;

/// Creates one record of each kind, wired together, and returns their uuids.
struct World {
    russia: uuid::Uuid,
    lavrov: uuid::Uuid,
    moscow: uuid::Uuid,
    sanctions: uuid::Uuid,
    agency: uuid::Uuid,
    talks: uuid::Uuid,
    remark: uuid::Uuid,
    role: uuid::Uuid,
}

fn build(store: &mut Store) -> World {
    let russia = store
        .insert(actor("Russia", ActorKind::State))
        .unwrap()
        .uuid();
    let lavrov = store
        .insert(actor("Sergey Lavrov", ActorKind::Person))
        .unwrap()
        .uuid();
    let moscow = store.insert(place("Moscow", None)).unwrap().uuid();
    let sanctions = store.insert(topic("sanctions")).unwrap().uuid();
    let agency = store
        .insert(source("TASS report", Reliability::C))
        .unwrap()
        .uuid();
    let mut p = participant(lavrov, Role::Host);
    p.represents = Some(russia);
    let talks = store
        .insert(meeting("Talks in Moscow", "2025-07", Some(moscow), vec![p]))
        .unwrap()
        .uuid();
    let mut st = statement("Sanctions must go", Some(lavrov), Some(talks));
    st.meta_mut().topics.push(sanctions);
    let mut citation = Citation::new(agency);
    citation.locator = "para. 2".into();
    citation.credibility = Some(Credibility::new(2).unwrap());
    st.meta_mut().citations.push(citation);
    let remark = store.insert(st).unwrap().uuid();
    let role = store
        .insert(link(lavrov, "foreign minister of", russia))
        .unwrap()
        .uuid();
    World {
        russia,
        lavrov,
        moscow,
        sanctions,
        agency,
        talks,
        remark,
        role,
    }
}

#[test]
fn every_kind_round_trips_through_the_file() {
    let (_dir, path, mut store) = fresh();
    let w = build(&mut store);
    drop(store);
    let store = Store::open(&path).unwrap();
    for (uuid, kind) in [
        (w.russia, RecordKind::Actor),
        (w.moscow, RecordKind::Place),
        (w.sanctions, RecordKind::Topic),
        (w.agency, RecordKind::Source),
        (w.talks, RecordKind::Meeting),
        (w.remark, RecordKind::Statement),
        (w.role, RecordKind::Link),
    ] {
        let record = store.get(uuid).unwrap().expect("stored");
        assert_eq!(record.kind(), kind);
        assert_eq!(store.history(uuid).unwrap()[0].action, "create");
    }
    let counts = store.counts().unwrap();
    assert_eq!(counts.live(), 8);
    assert_eq!(counts.of(RecordKind::Actor), 2);
    assert_eq!(
        store.get_ref(w.remark).unwrap().unwrap().title,
        "Sergey Lavrov: Sanctions must go"
    );
}

#[test]
fn updates_are_logged_with_before_and_after() {
    let (_dir, _path, mut store) = fresh();
    let w = build(&mut store);
    let Some(Record::Actor(mut a)) = store.get(w.lavrov).unwrap() else {
        panic!()
    };
    let created = a.meta.created_at;
    a.aliases.push(Alias {
        name: "Сергей Лавров".into(),
        kind: AliasKind::Official,
        lang: "ru".into(),
    });
    a.name = "Sergei Lavrov".into();
    let saved = store.update(Record::Actor(a)).unwrap();
    assert_eq!(saved.meta().created_at, created);
    assert!(saved.meta().updated_at > created);
    let log = store.history(w.lavrov).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].action, "update");
    assert_eq!(log[1].before.as_ref().unwrap()["name"], "Sergey Lavrov");
    assert_eq!(log[1].after.as_ref().unwrap()["name"], "Sergei Lavrov");
    // The statement's list title follows the speaker's new name.
    assert_eq!(
        store.get_ref(w.remark).unwrap().unwrap().title,
        "Sergei Lavrov: Sanctions must go"
    );
    // Saving unchanged fields writes nothing.
    let same = store.get(w.lavrov).unwrap().unwrap();
    store.update(same).unwrap();
    assert_eq!(store.history(w.lavrov).unwrap().len(), 2);
}

#[test]
fn invalid_records_and_dangling_references_are_refused() {
    let (_dir, _path, mut store) = fresh();
    let err = store.insert(actor("   ", ActorKind::Person)).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err}");
    let ghost = uuid::Uuid::new_v4();
    let err = store
        .insert(statement("Hello", Some(ghost), None))
        .unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    // A speaker must be an actor.
    let moscow = store.insert(place("Moscow", None)).unwrap().uuid();
    let err = store
        .insert(statement("Hello", Some(moscow), None))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("which is a place, but its speaker must be an actor"),
        "{err}"
    );
    assert_eq!(store.counts().unwrap().live(), 1);
}

#[test]
fn a_place_cannot_end_up_inside_itself() {
    let (_dir, _path, mut store) = fresh();
    let syria = store.insert(place("Syria", None)).unwrap();
    let damascus = store.insert(place("Damascus", Some(syria.uuid()))).unwrap();
    let Record::Place(mut s) = syria else {
        panic!()
    };
    s.parent = Some(damascus.uuid());
    let err = store.update(Record::Place(s)).unwrap_err();
    assert!(err.to_string().contains("inside itself"), "{err}");
}

#[test]
fn backlinks_are_grouped_by_relation() {
    let (_dir, _path, mut store) = fresh();
    let w = build(&mut store);
    let groups = store.backlinks(w.lavrov).unwrap();
    let relations: Vec<&str> = groups.iter().map(|g| g.relation.as_str()).collect();
    assert_eq!(relations, vec!["participant", "speaker"]);
    assert_eq!(groups[0].items[0].other.uuid, w.talks);
    assert_eq!(groups[0].items[0].detail, "Host");
    // The typed link shows on Russia's side, pointing back at Lavrov, owned by the link.
    let groups = store.backlinks(w.russia).unwrap();
    let link_group = groups
        .iter()
        .find(|g| g.relation == "foreign minister of")
        .expect("link backlink");
    assert_eq!(link_group.items[0].other.uuid, w.lavrov);
    assert_eq!(link_group.items[0].owner, w.role);
    assert!(groups.iter().any(|g| g.relation == "represents"));
    // Sources see their citations; places their meetings; topics their records.
    assert_eq!(
        store.backlinks(w.agency).unwrap()[0].items[0].detail,
        "para. 2"
    );
    assert_eq!(
        store.backlinks(w.moscow).unwrap()[0].items[0].other.uuid,
        w.talks
    );
    assert_eq!(
        store.backlinks(w.sanctions).unwrap()[0].items[0].other.uuid,
        w.remark
    );
    // Outgoing references include the link Lavrov starts.
    let out = store.outgoing(w.lavrov).unwrap();
    assert!(
        out.iter()
            .any(|e| e.relation == "foreign minister of" && e.other.uuid == w.russia)
    );
}

#[test]
fn trash_restore_and_purge() {
    let (_dir, path, mut store) = fresh();
    let w = build(&mut store);
    store.delete(w.lavrov).unwrap();
    assert_eq!(store.counts().unwrap().trash, 1);
    assert!(
        store
            .get(w.lavrov)
            .unwrap()
            .unwrap()
            .meta()
            .deleted_at
            .is_some()
    );
    // Referrers still point at it while it is only in the Trash.
    assert_eq!(store.backlinks(w.lavrov).unwrap().len(), 2);
    store.restore(w.lavrov).unwrap();
    assert_eq!(store.counts().unwrap().trash, 0);
    let actions: Vec<String> = store
        .history(w.lavrov)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["create", "delete", "restore"]);

    // Purging needs the Trash first.
    assert!(matches!(
        store.purge(w.lavrov),
        Err(StoreError::NotInTrash(_))
    ));
    store.delete(w.lavrov).unwrap();
    store.purge(w.lavrov).unwrap();
    assert!(store.get(w.lavrov).unwrap().is_none());
    // The statement lost its speaker, the meeting its participant, the link went with him.
    let Some(Record::Statement(st)) = store.get(w.remark).unwrap() else {
        panic!()
    };
    assert_eq!(st.speaker, None);
    let Some(Record::Meeting(m)) = store.get(w.talks).unwrap() else {
        panic!()
    };
    assert!(m.participants.is_empty());
    assert!(store.get(w.role).unwrap().is_none());
    assert_eq!(
        store.history(w.lavrov).unwrap().last().unwrap().action,
        "purge"
    );
    drop(store);
    let store = Store::open(&path).unwrap();
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn empty_trash_purges_everything_in_it() {
    let (_dir, _path, mut store) = fresh();
    let w = build(&mut store);
    store.delete(w.agency).unwrap();
    store.delete(w.moscow).unwrap();
    assert_eq!(store.empty_trash().unwrap(), 2);
    let Some(Record::Statement(st)) = store.get(w.remark).unwrap() else {
        panic!()
    };
    assert!(st.meta.citations.is_empty());
    let Some(Record::Meeting(m)) = store.get(w.talks).unwrap() else {
        panic!()
    };
    assert_eq!(m.place, None);
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn saved_searches_persist() {
    let (_dir, path, mut store) = fresh();
    let spec = SearchSpec {
        text: "sanctions".into(),
        filters: Filters {
            kinds: vec![RecordKind::Statement],
            ..Filters::default()
        },
        order: SortOrder::Newest,
        exact: true,
    };
    store.save_search("Sanctions talk", &spec).unwrap();
    store.save_search("sanctions TALK", &spec).unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let saved = store.saved_searches().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].spec, spec);
    store.delete_saved_search("Sanctions talk").unwrap();
    assert!(store.saved_searches().unwrap().is_empty());
    assert!(store.delete_saved_search("nope").is_err());
}

#[test]
fn the_same_reference_twice_is_one_backlink() {
    let (_dir, _path, mut store) = fresh();
    let russia = store
        .insert(actor("Russia", ActorKind::State))
        .unwrap()
        .uuid();
    let a = store
        .insert(actor("Mikhail Bogdanov", ActorKind::Person))
        .unwrap()
        .uuid();
    let b = store
        .insert(actor("Alexander Lavrentiev", ActorKind::Person))
        .unwrap()
        .uuid();
    let mut pa = participant(a, Role::HeadOfDelegation);
    pa.represents = Some(russia);
    let mut pb = participant(b, Role::Member);
    pb.represents = Some(russia);
    store
        .insert(meeting("Visit to Damascus", "2025-01", None, vec![pa, pb]))
        .unwrap();
    let groups = store.backlinks(russia).unwrap();
    let represents = groups.iter().find(|g| g.relation == "represents").unwrap();
    assert_eq!(represents.items.len(), 1);
}
