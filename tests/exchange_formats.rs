//! STIX 2.1 and FollowTheMoney, out and in: exports of the example data and of generated data
//! pass the reference validators (`stix2-validator --strict`, FtM's schema validation, run by
//! tests/validators/*.py), and round trips keep every record and field each format can hold.
//! What each format cannot hold is listed here, and checked to be all that is lost.
//!
//! The validators run in the Python named by `CHANCERY_VALIDATORS` (a virtual environment with
//! tests/validators/requirements.txt; `.ci/run` makes one). Without it the validation is
//! skipped with a word on stderr, unless `CHANCERY_VALIDATORS_REQUIRED` is set, as in CI.

mod common;
use chancery::model::*;
use chancery::store::Store;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Runs one of tests/validators/*.py on `file`; panics with its report if it fails.
fn validate(script: &str, file: &Path) {
    let Ok(python) = std::env::var("CHANCERY_VALIDATORS") else {
        assert!(
            std::env::var_os("CHANCERY_VALIDATORS_REQUIRED").is_none(),
            "CHANCERY_VALIDATORS is not set, and the validators are required"
        );
        eprintln!("SKIPPED: {script} (set CHANCERY_VALIDATORS to a Python with the validators)");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/validators")
        .join(script);
    let out = std::process::Command::new(python)
        .arg(&script)
        .arg(file)
        .output()
        .expect("run the validator");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{} failed:\n{report}",
        script.display()
    );
    eprintln!("{}", report.trim());
}

fn run(db: &Path, args: &[&str]) -> String {
    let out = chancery(db, args);
    assert!(out.status.success(), "chancery {args:?}: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every record of a file as JSON, by uuid, with `base` dropped (an import sets it).
fn records_of(db: &Path) -> std::collections::BTreeMap<String, Value> {
    let store = Store::open(db).expect("open");
    store
        .all_records(true)
        .expect("read")
        .into_iter()
        .map(|mut r| {
            r.meta_mut().base = None;
            (r.uuid().to_string(), r.to_json())
        })
        .collect()
}

fn example_file(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("example.db");
    run(&db, &["load-example"]);
    db
}

#[test]
fn the_example_as_stix_is_valid_and_comes_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_file(dir.path());
    let out = dir.path().join("example.stix.json");
    run(
        &db,
        &["export", "--format", "stix", "-o", out.to_str().unwrap()],
    );
    validate("check_stix.py", &out);

    let text = std::fs::read_to_string(&out).unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let objects = bundle["objects"].as_array().unwrap();
    let of_type = |t: &str| objects.iter().filter(|o| o["type"] == t).count();
    assert_eq!(of_type("event"), 4, "each meeting is an OpenCTI event");
    assert_eq!(of_type("note"), 4, "each statement is a note");
    assert_eq!(of_type("report"), 2, "each source is a report");
    let note = objects.iter().find(|o| o["type"] == "note").unwrap();
    assert!(!note["object_refs"].as_array().unwrap().is_empty());
    assert_eq!(note["confidence"], 70, "credibility 2 is confidence 70");
    let report = objects.iter().find(|o| o["type"] == "report").unwrap();
    let reliability = &report["extensions"]["extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba"]
        ["reliability"];
    assert!(
        reliability.as_str().unwrap().contains(" - "),
        "{reliability}"
    );
    let syria = objects
        .iter()
        .find(|o| o["type"] == "location" && o["name"] == "Damascus")
        .unwrap();
    assert_eq!(syria["country"], "SY", "a city inherits its country's code");

    // The same records give the same ids.
    let again = dir.path().join("again.stix.json");
    run(
        &db,
        &["export", "--format", "stix", "-o", again.to_str().unwrap()],
    );
    let ids = |t: &str| -> Vec<String> {
        let b: Value = serde_json::from_str(t).unwrap();
        b["objects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&text), ids(&std::fs::read_to_string(&again).unwrap()));

    // Chancery → STIX → Chancery loses nothing.
    let back = dir.path().join("back.db");
    let said = run(&back, &["import", out.to_str().unwrap()]);
    assert!(said.contains("42 added"), "{said}");
    assert_eq!(records_of(&db), records_of(&back));
}

#[test]
fn the_example_as_ftm_is_valid_and_keeps_what_ftm_can_hold() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_file(dir.path());
    let out = dir.path().join("example.ftm.json");
    run(
        &db,
        &["export", "--format", "ftm", "-o", out.to_str().unwrap()],
    );
    validate("check_ftm.py", &out);
    let lines: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let schema = |s: &str| lines.iter().filter(|e| e["schema"] == s).count();
    assert_eq!(schema("Event"), 4);
    assert_eq!(schema("Territory"), 5);
    assert!(
        schema("Documentation") >= 4,
        "each cited statement documents"
    );
    assert!(schema("UnknownLink") > 4, "participants and links");
    assert!(schema("PublicBody") >= 2, "states");

    let back = dir.path().join("back.db");
    let said = run(&back, &["import", out.to_str().unwrap()]);
    assert!(said.contains("added"), "{said}");
    let before = records_of(&db);
    let after = records_of(&back);
    // What FtM cannot hold, and so is all that may differ: times (dates only), aliases'
    // kinds and scripts, topic records (names come back as keywords, with new uuids), the
    // *via* chain and citations of links, links' notes to statements.
    let held = |mut v: Value| -> Value {
        let map = v.as_object_mut().unwrap();
        for key in ["created_at", "updated_at", "topics"] {
            map.remove(key);
        }
        if let Some(Value::Array(aliases)) = map.get_mut("aliases") {
            for alias in aliases {
                let alias = alias.as_object_mut().unwrap();
                alias.remove("kind");
                alias.remove("lang");
            }
        }
        if let Some(Value::Array(citations)) = map.get_mut("citations") {
            for citation in citations.iter_mut() {
                citation.as_object_mut().unwrap().remove("via");
            }
        }
        if map.contains_key("relation") {
            map.remove("citations");
        }
        v
    };
    let mut compared = 0;
    for (uuid, record) in &before {
        if record.get("name").is_some()
            && record.get("kind").is_none()
            && record.get("parent").is_none()
            && record.get("lat").is_none()
        {
            continue; // a topic: its uuid does not travel
        }
        let Some(back) = after.get(uuid) else {
            panic!("{uuid} did not come back: {record}");
        };
        assert_eq!(held(record.clone()), held(back.clone()), "{uuid}");
        compared += 1;
    }
    assert_eq!(
        compared, 35,
        "every record but the 7 topics came back by uuid"
    );
    let topic_names = |records: &std::collections::BTreeMap<String, Value>| -> std::collections::BTreeSet<String> {
        records
            .values()
            .filter(|r| r.get("kind").is_none() && r.get("relation").is_none() && r.get("name").is_some() && r.get("lat").is_none() && r.get("parent").is_none())
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        topic_names(&before),
        topic_names(&after),
        "topics come back by name"
    );
}

#[test]
fn generated_data_passes_both_validators_and_round_trips_through_stix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gen.db");
    run(&db, &["generate", "--statements", "1500"]);
    let stix = dir.path().join("gen.stix.json");
    let ftm = dir.path().join("gen.ftm.json");
    run(
        &db,
        &["export", "--format", "stix", "-o", stix.to_str().unwrap()],
    );
    run(
        &db,
        &["export", "--format", "ftm", "-o", ftm.to_str().unwrap()],
    );
    validate("check_stix.py", &stix);
    validate("check_ftm.py", &ftm);
    let back = dir.path().join("back.db");
    run(&back, &["import", stix.to_str().unwrap()]);
    assert_eq!(records_of(&db), records_of(&back));
}

#[test]
fn a_selection_exports_without_dangling_references() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_file(dir.path());
    let out = dir.path().join("one.stix.json");
    // One statement and only what it refers to directly.
    let store = Store::open(&db).unwrap();
    let statement = store
        .all_records(false)
        .unwrap()
        .into_iter()
        .find(|r| r.kind() == RecordKind::Statement)
        .unwrap()
        .uuid()
        .to_string();
    drop(store);
    run(
        &db,
        &[
            "export",
            "--format",
            "stix",
            "--closure",
            "none",
            "--uuid",
            &statement,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    validate("check_stix.py", &out);
    let ftm = dir.path().join("one.ftm.json");
    run(
        &db,
        &[
            "export",
            "--format",
            "ftm",
            "--closure",
            "none",
            "--uuid",
            &statement,
            "-o",
            ftm.to_str().unwrap(),
        ],
    );
    validate("check_ftm.py", &ftm);
}

#[test]
fn an_opencti_bundle_imports_and_what_chancery_does_not_hold_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = r#"{"type": "bundle", "id": "bundle--6f0f5c1e-0000-4000-8000-000000000001", "objects": [
 {"type": "identity", "spec_version": "2.1", "id": "identity--11111111-1111-4111-8111-111111111111", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "name": "Asaad Al Shibani", "identity_class": "individual", "x_opencti_aliases": ["Asaad al-Shaibani"], "labels": ["syria"]},
 {"type": "identity", "spec_version": "2.1", "id": "identity--22222222-2222-4222-8222-222222222222", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "name": "Ministry of Foreign Affairs of Syria", "identity_class": "organization", "sectors": ["government-national"]},
 {"type": "location", "spec_version": "2.1", "id": "location--33333333-3333-4333-8333-333333333333", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "name": "Syria", "country": "SY"},
 {"type": "location", "spec_version": "2.1", "id": "location--44444444-4444-4444-8444-444444444444", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "name": "Damascus", "city": "Damascus", "country": "SY"},
 {"type": "relationship", "spec_version": "2.1", "id": "relationship--55555555-5555-4555-8555-555555555555", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "relationship_type": "located-at", "source_ref": "location--44444444-4444-4444-8444-444444444444", "target_ref": "location--33333333-3333-4333-8333-333333333333"},
 {"type": "event", "spec_version": "2.1", "id": "event--66666666-6666-4666-8666-666666666666", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "name": "Talks in Damascus", "event_types": ["international-summit"], "start_time": "2025-09-09T00:00:00.000Z", "stop_time": "2025-09-09T23:59:59.999Z", "extensions": {"extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba": {"extension_type": "new-sdo"}}},
 {"type": "relationship", "spec_version": "2.1", "id": "relationship--77777777-7777-4777-8777-777777777777", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "relationship_type": "related-to", "source_ref": "identity--11111111-1111-4111-8111-111111111111", "target_ref": "event--66666666-6666-4666-8666-666666666666"},
 {"type": "relationship", "spec_version": "2.1", "id": "relationship--88888888-8888-4888-8888-888888888888", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "relationship_type": "located-at", "source_ref": "event--66666666-6666-4666-8666-666666666666", "target_ref": "location--44444444-4444-4444-8444-444444444444"},
 {"type": "note", "spec_version": "2.1", "id": "note--99999999-9999-4999-8999-999999999999", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "content": "Syria welcomes cooperation.", "confidence": 90, "object_refs": ["identity--11111111-1111-4111-8111-111111111111", "event--66666666-6666-4666-8666-666666666666"]},
 {"type": "report", "spec_version": "2.1", "id": "report--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "name": "Sana: talks in Damascus", "published": "2025-09-10T08:00:00.000Z", "report_types": ["threat-report"], "object_refs": ["note--99999999-9999-4999-8999-999999999999"], "x_opencti_reliability": "B - Usually reliable"},
 {"type": "indicator", "spec_version": "2.1", "id": "indicator--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "pattern": "[ipv4-addr:value = '10.0.0.1']", "pattern_type": "stix", "valid_from": "2025-01-02T10:00:00.000Z"},
 {"type": "malware", "spec_version": "2.1", "id": "malware--cccccccc-cccc-4ccc-8ccc-cccccccccccc", "created": "2025-01-02T10:00:00.000Z", "modified": "2025-01-02T10:00:00.000Z", "name": "x", "is_family": false}
]}"#;
    let path = dir.path().join("opencti.json");
    std::fs::write(&path, bundle).unwrap();
    let db = dir.path().join("kb.db");
    drop(Store::open(&db).unwrap());
    let preview = run(&db, &["import", "--dry-run", path.to_str().unwrap()]);
    assert!(
        preview.contains("1 indicator") && preview.contains("1 malware"),
        "{preview}"
    );
    assert!(preview.contains("dry run"), "{preview}");
    run(&db, &["import", path.to_str().unwrap()]);
    let store = Store::open(&db).unwrap();
    let all = store.all_records(false).unwrap();
    let meeting = all
        .iter()
        .find_map(|r| match r {
            Record::Meeting(m) => Some(m.clone()),
            _ => None,
        })
        .expect("the event is a meeting");
    assert_eq!(meeting.kind, MeetingKind::Summit);
    assert_eq!(meeting.date.as_ref().unwrap().edtf(), "2025-09-09");
    assert_eq!(meeting.participants.len(), 1);
    let damascus = all.iter().find(|r| r.name() == "Damascus").unwrap();
    assert_eq!(meeting.place, Some(damascus.uuid()));
    let Some(Record::Place(damascus)) = store.get(damascus.uuid()).unwrap() else {
        panic!("Damascus is a place");
    };
    assert!(
        damascus.parent.is_some(),
        "located-at made it a place inside Syria"
    );
    let statement = all
        .iter()
        .find_map(|r| match r {
            Record::Statement(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        statement.speaker,
        all.iter()
            .find(|r| r.name() == "Asaad Al Shibani")
            .map(|r| r.uuid())
    );
    assert_eq!(statement.meta.citations.len(), 1, "the report lists it");
    assert_eq!(
        statement.meta.citations[0].credibility.map(|c| c.value()),
        Some(1)
    );
    let source = all.iter().find(|r| r.kind() == RecordKind::Source).unwrap();
    assert_eq!(source.reliability(), Some(Reliability::B));
    let state = all
        .iter()
        .find(|r| r.name().starts_with("Ministry"))
        .unwrap();
    assert_eq!(state.subkind(), Some("state"));
    assert!(
        all.iter()
            .any(|r| r.kind() == RecordKind::Topic && r.name() == "syria"),
        "labels are topics"
    );

    // Importing the same bundle again changes nothing: its ids give the same uuids.
    let again = run(&db, &["import", path.to_str().unwrap()]);
    assert!(again.contains("0 added"), "{again}");
}

#[test]
fn a_file_in_neither_format_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    drop(Store::open(&db).unwrap());
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\"type\": \"bundle\", \"objects\": 3}").unwrap();
    let out = chancery(&db, &["import", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(
        said.contains("no \"objects\" list") && said.lines().count() == 1,
        "{said}"
    );
    let ftm = dir.path().join("bad.ftm.json");
    std::fs::write(&ftm, "{\"id\": \"a\", \"schema\": \"Person\"}\nnot json\n").unwrap();
    let out = chancery(&db, &["import", ftm.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
}

#[test]
fn the_validators_refuse_what_is_invalid() {
    // The checks above could pass by a validator that accepts anything: each refuses its
    // invalid sample.
    let Ok(python) = std::env::var("CHANCERY_VALIDATORS") else {
        eprintln!("SKIPPED: no validators (CHANCERY_VALIDATORS)");
        return;
    };
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validators");
    for (script, sample) in [
        ("check_stix.py", "samples/stix_invalid.json"),
        ("check_ftm.py", "samples/ftm_invalid.jsonl"),
    ] {
        let out = std::process::Command::new(&python)
            .arg(here.join(script))
            .arg(here.join(sample))
            .output()
            .unwrap();
        assert!(!out.status.success(), "{script} accepted {sample}");
    }
}
