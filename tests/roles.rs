//! A participant with several roles ("visitor" and "head of delegation"): stored, exported and
//! read back in every format, and the one-role form of older files, bundles and CSV folders
//! still read.

mod common;
use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::{Record, RecordKind, Role};
use chancery::store::Store;
use common::*;

/// The example's visit to Moscow, whose visitor now also heads the delegation.
fn two_roles(store: &mut Store) -> uuid::Uuid {
    let uuid = example_uuid(store, RecordKind::Meeting, "Al Shibani's visit to Moscow");
    let Some(Record::Meeting(mut m)) = store.get(uuid).unwrap() else {
        panic!("the example has the visit")
    };
    m.participants[0].roles = vec![Role::Visitor, Role::HeadOfDelegation];
    store.update(Record::Meeting(m)).unwrap();
    uuid
}

fn roles_of(store: &Store, meeting: uuid::Uuid) -> Vec<Vec<Role>> {
    let Some(Record::Meeting(m)) = store.get(meeting).unwrap() else {
        panic!("no meeting {meeting}")
    };
    m.participants.into_iter().map(|p| p.roles).collect()
}

#[test]
fn a_file_of_version_4_turns_each_role_into_a_list_when_opened() {
    let (_dir, path) = version_4_example();
    let (old, participants): (i64, i64) = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row(
            "SELECT (SELECT count(*) FROM record WHERE kind = 'meeting' AND data LIKE '%\"role\":%'),
                    (SELECT count(*) FROM record, json_each(record.data, '$.participants')
                     WHERE record.kind = 'meeting')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(old, 5, "the five meetings are in the old form");
    let store = Store::open(&path).unwrap();
    let visit = example_uuid(&store, RecordKind::Meeting, "Al Shibani's visit to Moscow");
    assert_eq!(roles_of(&store, visit)[0], [Role::Visitor]);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (old, new): (i64, i64) = conn
        .query_row(
            "SELECT sum(d.data LIKE '%\"role\":%'), sum(d.data LIKE '%\"roles\":%')
             FROM record r JOIN record_doc d ON d.id = r.id WHERE r.kind = 'meeting'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((old, new), (0, 5), "every meeting is rewritten with lists");
    let objects: i64 = conn
        .query_row(
            "SELECT count(*) FROM record r JOIN record_doc d ON d.id = r.id,
                                  json_each(d.data, '$.participants') AS p
             WHERE r.kind = 'meeting' AND p.type = 'object'
               AND json_type(p.value, '$.roles') = 'array'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        objects, participants,
        "each participant is still an object, now with a list"
    );
    let Some(Record::Meeting(m)) = store.get(visit).unwrap() else {
        panic!()
    };
    assert_eq!(m.participants.len(), 3, "in their order");
    assert!(store.check().unwrap().problems.is_empty());
    store.keep_draft("{}").unwrap();
}

#[test]
fn a_version_1_bundle_with_one_role_per_participant_still_imports() {
    let old = EXAMPLE_BUNDLE
        .replace("\"version\": 2", "\"version\": 1")
        .replace(
            "\"roles\": [\n            \"visitor\"\n          ]",
            "\"role\": \"visitor\"",
        );
    assert!(
        old.contains("\"role\": \"visitor\""),
        "the test made a v1 bundle"
    );
    let (_dir, _path, mut store) = fresh();
    import_bundle(&mut store, &old).unwrap();
    let visit = example_uuid(&store, RecordKind::Meeting, "Al Shibani's visit to Moscow");
    assert_eq!(roles_of(&store, visit)[0], [Role::Visitor]);
}

#[test]
fn several_roles_travel_through_bundle_and_csv_and_an_old_csv_still_reads() {
    let (dir, _path, mut store) = with_example();
    let visit = two_roles(&mut store);
    let records = store.all_records(false).unwrap();

    for (name, format) in [
        ("out.json", chancery::exchange::Format::Bundle),
        ("csv", chancery::exchange::Format::Csv),
    ] {
        let out = dir.path().join(name);
        chancery::exchange::export::write(&store, records.clone(), format, &out, false).unwrap();
        let (_d, _p, mut other) = fresh();
        chancery::exchange::import_path(&mut other, &out, Default::default()).unwrap();
        assert_eq!(
            roles_of(&other, visit)[0],
            [Role::Visitor, Role::HeadOfDelegation],
            "{name}"
        );
    }

    // A CSV folder from before: a `role` column with one role.
    let csv = dir.path().join("csv");
    let participants = csv.join("participants.csv");
    let text = std::fs::read_to_string(&participants).unwrap();
    assert!(text.contains("visitor;head_of_delegation"), "{text}");
    let old = text
        .replace(",roles,", ",role,")
        .replace("visitor;head_of_delegation", "visitor");
    std::fs::write(&participants, old).unwrap();
    let (_d, _p, mut other) = fresh();
    chancery::exchange::import_path(&mut other, &csv, Default::default()).unwrap();
    assert_eq!(roles_of(&other, visit)[0], [Role::Visitor]);
}

#[test]
fn the_briefing_and_the_detail_name_every_role() {
    let (dir, _path, mut store) = with_example();
    two_roles(&mut store);
    let out = dir.path().join("briefing.md");
    let records = store.all_records(false).unwrap();
    chancery::exchange::export::write(
        &store,
        records,
        chancery::exchange::Format::Markdown,
        &out,
        false,
    )
    .unwrap();
    let text = std::fs::read_to_string(out).unwrap();
    assert!(
        text.contains("**Asaad Al Shibani** — Visitor, Head of delegation"),
        "{text}"
    );
}
