//! The bundle format: export → import into an empty file → export gives the same records;
//! broken bundles are refused whole with the record named; merging by uuid keeps the newer copy.

mod common;
use chancery::exchange::{Bundle, EXAMPLE_BUNDLE, export_bundle, import_bundle};
use chancery::model::*;
use chancery::store::Store;
use common::*;
use serde_json::{Value, json};

fn export_text(store: &Store) -> String {
    export_bundle(store, None).unwrap().to_json()
}

#[test]
fn round_trip_gives_the_same_records() {
    let (_d1, _p1, mut first) = with_example();
    // Include a record in the Trash and an edited one, so the round trip covers them.
    let lavrov = example_uuid(&first, RecordKind::Actor, "Sergey Lavrov");
    first.delete(lavrov).unwrap();
    let exported = export_text(&first);

    let (_d2, _p2, mut second) = fresh();
    let report = import_bundle(&mut second, &exported).unwrap();
    assert_eq!(chancery::store::ImportReport::total(&report.added), 42);
    // Byte for byte, apart from `base`: the first file's Lavrov was deleted after the version
    // it last exchanged (the example's), while the second file received the deleted version,
    // which is the version these two files now share.
    let again = export_text(&second);
    let without_base = |text: &str| -> String {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("\"base\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        without_base(&again) == without_base(&exported),
        "re-export differs beyond base"
    );
    let changed: Vec<&str> = exported
        .lines()
        .zip(again.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a)
        .collect();
    assert_eq!(
        changed.len(),
        1,
        "only the deleted record's base differs: {changed:?}"
    );
    // The same records; the imported copies also remember the version they came from (base).
    let strip = |records: Vec<Record>| -> Vec<Record> {
        records
            .into_iter()
            .map(|mut r| {
                r.meta_mut().base = None;
                r
            })
            .collect()
    };
    assert_eq!(
        strip(first.all_records(true).unwrap()),
        strip(second.all_records(true).unwrap())
    );
    assert!(second.get(lavrov).unwrap().unwrap().meta().base.is_some());
    assert_eq!(second.counts().unwrap().trash, 1);
    assert!(second.check().unwrap().problems.is_empty());
}

#[test]
fn exporting_twice_gives_identical_bytes() {
    let (_d, _p, store) = with_example();
    assert!(export_text(&store) == export_text(&store));
}

#[test]
fn importing_again_changes_nothing() {
    let (_d, _p, mut store) = with_example();
    let before = export_text(&store);
    let report = import_bundle(&mut store, EXAMPLE_BUNDLE).unwrap();
    assert_eq!(report.summary(), "0 added, 0 updated, 42 unchanged");
    assert_eq!(export_text(&store), before);
}

fn example_json() -> Value {
    serde_json::from_str(EXAMPLE_BUNDLE).unwrap()
}

/// Each broken bundle must be refused with a message containing `expect`, writing nothing.
fn assert_refused(bundle: Value, expect: &str) {
    let (_d, _p, mut store) = fresh();
    let marker = store
        .insert(actor("Already here", ActorKind::Person))
        .unwrap();
    let before = export_text(&store);
    let err = import_bundle(&mut store, &bundle.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains(expect), "expected '{expect}' in: {err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        export_text(&store) == before,
        "a refused import must change nothing"
    );
    assert!(store.get(marker.uuid()).unwrap().is_some());
}

#[test]
fn a_dangling_reference_is_refused_whole() {
    let mut b = example_json();
    b["statements"][0]["speaker"] = json!("00000000-0000-4000-8000-000000000001");
    assert_refused(b, "which is neither in the import nor in this file");
}

#[test]
fn a_bad_date_is_refused_naming_the_record() {
    let mut b = example_json();
    let uuid = b["meetings"][1]["uuid"].as_str().unwrap().to_string();
    b["meetings"][1]["date"] = json!({"edtf": "2025-13"});
    assert_refused(b, &format!("meetings[1] ({uuid}): '2025-13' is not a date"));
}

#[test]
fn an_unknown_enum_value_is_refused() {
    let mut b = example_json();
    b["statements"][2]["kind"] = json!("rumour");
    assert_refused(b, "unknown variant `rumour`");
}

#[test]
fn other_malformed_bundles_are_refused() {
    assert_refused(
        json!({"format": "something-else", "version": 1}),
        "not a Chancery bundle",
    );
    assert_refused(
        json!({"format": "chancery-bundle", "version": 7}),
        "newer Chancery",
    );
    assert_refused(
        json!({"format": "chancery-bundle", "version": 1, "widgets": []}),
        "unknown section",
    );
    let mut b = example_json();
    let first = b["topics"][0].clone();
    b["topics"].as_array_mut().unwrap().push(first);
    assert_refused(b, "the same uuid appears twice");
    let mut b = example_json();
    b["actors"][0]["name"] = json!("");
    assert_refused(b, "name: must not be empty");
    let (_d, _p, mut store) = fresh();
    assert!(
        import_bundle(&mut store, "{ not json")
            .unwrap_err()
            .to_string()
            .contains("not valid JSON")
    );
}

#[test]
fn merge_keeps_the_newer_copy() {
    let (_d, _p, mut store) = with_example();
    let lavrov = example_uuid(&store, RecordKind::Actor, "Sergey Lavrov");
    // A local edit is newer than the example: importing the example again keeps it.
    let Some(Record::Actor(mut a)) = store.get(lavrov).unwrap() else {
        panic!()
    };
    a.description = "Edited here".into();
    store.update(Record::Actor(a)).unwrap();
    let report = import_bundle(&mut store, EXAMPLE_BUNDLE).unwrap();
    assert_eq!(report.updated.len(), 0);
    let Some(Record::Actor(a)) = store.get(lavrov).unwrap() else {
        panic!()
    };
    assert_eq!(a.description, "Edited here");

    // A bundle with a newer copy replaces it, and the change log keeps the old one.
    let mut b = example_json();
    let index = b["actors"]
        .as_array()
        .unwrap()
        .iter()
        .position(|x| x["uuid"] == json!(lavrov.to_string()))
        .unwrap();
    b["actors"][index]["description"] = json!("From a colleague");
    b["actors"][index]["updated_at"] = json!("2030-01-01T00:00:00Z");
    let report = import_bundle(&mut store, &b.to_string()).unwrap();
    assert_eq!(report.updated.get(&RecordKind::Actor), Some(&1));
    let Some(Record::Actor(a)) = store.get(lavrov).unwrap() else {
        panic!()
    };
    assert_eq!(a.description, "From a colleague");
    let last = store.history(lavrov).unwrap().pop().unwrap();
    assert_eq!(last.action, "import");
    assert_eq!(last.before.unwrap()["description"], "Edited here");
}

#[test]
fn bundle_parse_then_serialise_is_stable() {
    let bundle = Bundle::parse(EXAMPLE_BUNDLE).unwrap();
    assert_eq!(bundle.len(), 42);
    assert!(
        bundle.to_json() == EXAMPLE_BUNDLE,
        "the shipped example must be in canonical form"
    );
}

#[test]
fn a_byte_order_mark_is_skipped_and_version_0_is_refused() {
    let (_dir, _path, mut store) = common::fresh();
    let with_bom = format!("\u{FEFF}{}", chancery::exchange::EXAMPLE_BUNDLE);
    let report = chancery::exchange::import_bundle(&mut store, &with_bom).expect("BOM skipped");
    assert_eq!(chancery::store::ImportReport::total(&report.added), 42);
    let (_dir, _path, mut store) = common::fresh();
    let mut bundle: serde_json::Value =
        serde_json::from_str(chancery::exchange::EXAMPLE_BUNDLE).unwrap();
    bundle["version"] = serde_json::json!(0);
    let err = chancery::exchange::import_bundle(&mut store, &bundle.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"version\" is 0"), "{err}");
    assert_eq!(store.counts().unwrap().live(), 0);
}

#[test]
fn fields_this_version_has_no_place_for_are_named_in_the_report() {
    let (_dir, _path, mut store) = common::fresh();
    let mut bundle: serde_json::Value =
        serde_json::from_str(chancery::exchange::EXAMPLE_BUNDLE).unwrap();
    bundle["places"][0]["colour"] = "red".into();
    bundle["places"][0]["count"] = 3.into();
    bundle["actors"][0]["tags"] = serde_json::json!(["a", "b"]);
    let report = chancery::exchange::import_bundle(&mut store, &bundle.to_string()).unwrap();
    let summary = report.summary();
    assert!(
        summary.contains("left out (not text): actors: tags; places: count"),
        "{summary}"
    );
    assert!(
        summary.contains("kept as they came: places: colour"),
        "{summary}"
    );
    // Kept: written out again as it came.
    let place = bundle["places"][0]["uuid"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let stored = store.get(place).unwrap().unwrap();
    assert_eq!(stored.meta().plain.get("colour"), "red");
    // The example itself has none.
    let (_dir, _path, mut store) = common::fresh();
    let summary = chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE)
        .unwrap()
        .summary();
    assert!(!summary.contains("fields"), "{summary}");
}
