//! Importing any CSV by a column mapping (`import --mapping`): rows routed to kinds by a
//! column, dates by their pattern, names found in the file, every problem said by row and
//! column, the good rows imported in one step and the bad ones written aside with their
//! reasons; a preset checked against the headers before any row is read; a preview that
//! writes nothing but says what it would import; matching by uuid and by name.

mod common;
use chancery::model::*;
use chancery::store::Store;
use common::*;
use std::path::Path;

const ROUTED: &str = r#"
[route]
column = "Type"
values = { meeting = "meeting", quote = "statement" }
[fields.meeting.title]
column = "Event"
[fields.meeting.date]
column = "When"
date = "%d/%m/%Y"
[fields.meeting.participants]
column = "Who"
split = ";"
[fields.meeting.place]
column = "Where"
[fields.meeting.kind]
value = "talks"
[fields.statement.text]
column = "Words"
[fields.statement.speaker]
column = "Speaker"
[fields.statement.date]
column = "When"
date = "%d/%m/%Y"
[fields.statement.kind]
value = "quote"
"#;

const ROWS: &str = "Type,Event,When,Who,Where,Words,Speaker
meeting,Talks in Damascus,09/09/2025,Alexander Novak; Asaad Al Shibani,Damascus,,
meeting,Lavrov call,12/09/2025,Sergey Lavrov; Nobody Known,Moscow,,
meeting,Bad date,2025-13-01,Sergey Lavrov,Moscow,,
quote,,11/09/2025,,,We want Russia by our side,Asaad Al Shibani
fish,,,,,,
";

fn setup(dir: &Path, preset: &str, rows: &str) -> (std::path::PathBuf, String, String) {
    let db = dir.join("kb.db");
    let out = chancery(&db, &["load-example"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mapping = dir.join("mapping.toml");
    let data = dir.join("data.csv");
    std::fs::write(&mapping, preset).unwrap();
    std::fs::write(&data, rows).unwrap();
    (
        db,
        mapping.to_str().unwrap().to_string(),
        data.to_str().unwrap().to_string(),
    )
}

fn count(db: &Path, kind: RecordKind) -> usize {
    let store = Store::open(db).unwrap();
    store
        .all_records(false)
        .unwrap()
        .iter()
        .filter(|r| r.kind() == kind)
        .count()
}

#[test]
fn good_rows_are_imported_and_bad_ones_are_said_by_row_and_column_and_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mapping, data) = setup(dir.path(), ROUTED, ROWS);
    let meetings = count(&db, RecordKind::Meeting);
    let out = chancery(&db, &["import", "--mapping", &mapping, &data]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(1),
        "some rows were rejected: {said}"
    );
    assert!(
        said.contains("row 3, column 'Who'") && said.contains("'Nobody Known'"),
        "{said}"
    );
    assert!(
        said.contains("row 4, column 'When'") && said.contains("%d/%m/%Y"),
        "{said}"
    );
    assert!(said.contains("row 6, column 'Type' ('fish')"), "{said}");
    assert!(said.contains("5 rows: 2 imported, 3 rejected"), "{said}");

    let rejected = std::fs::read_to_string(dir.path().join("data.rejected.csv")).unwrap();
    let lines: Vec<&str> = rejected.lines().collect();
    assert_eq!(lines.len(), 4, "{rejected}");
    assert!(lines[0].ends_with("Chancery: why not imported"));
    assert!(lines[2].starts_with("meeting,Bad date,") && lines[2].contains("When: does not match"));

    assert_eq!(count(&db, RecordKind::Meeting), meetings + 1);
    let store = Store::open(&db).unwrap();
    let all = store.all_records(false).unwrap();
    let Some(Record::Meeting(talks)) = all.iter().find(|r| r.name() == "Talks in Damascus") else {
        panic!("the meeting row was imported");
    };
    assert_eq!(talks.date.as_ref().unwrap().edtf(), "2025-09-09");
    assert_eq!(talks.kind, MeetingKind::Talks);
    assert_eq!(talks.participants.len(), 2, "both names found in the file");
    let damascus = example_uuid(&store, RecordKind::Place, "Damascus");
    assert_eq!(talks.place, Some(damascus));
    let quote = all
        .iter()
        .find_map(|r| match r {
            Record::Statement(s) if s.text == "We want Russia by our side" && s.date.is_some() => {
                Some(s.clone())
            }
            _ => None,
        })
        .expect("the quote row");
    assert_eq!(quote.kind, StatementKind::Quote);
    assert_eq!(
        quote.speaker,
        Some(example_uuid(&store, RecordKind::Actor, "Asaad Al Shibani"))
    );
}

#[test]
fn a_preview_writes_nothing_and_says_what_it_would_import() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mapping, data) = setup(dir.path(), ROUTED, ROWS);
    let before = count(&db, RecordKind::Meeting);
    let out = chancery(&db, &["import", "--dry-run", "--mapping", &mapping, &data]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains("2 would be imported") && said.contains("dry run"),
        "{said}"
    );
    assert_eq!(count(&db, RecordKind::Meeting), before);
    assert!(!dir.path().join("data.rejected.csv").exists());
}

#[test]
fn a_preset_naming_missing_columns_is_refused_before_any_row_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = ROWS.replacen("Event", "Title", 1);
    let (db, mapping, data) = setup(dir.path(), ROUTED, &renamed);
    let before = count(&db, RecordKind::Meeting);
    let out = chancery(&db, &["import", "--mapping", &mapping, &data]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(said.contains("'Event'") && said.contains("Title"), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    assert_eq!(count(&db, RecordKind::Meeting), before);
}

#[test]
fn missing_names_are_made_when_the_mapping_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let preset = ROUTED.replace("split = \";\"", "split = \";\"\ncreate_missing = true");
    let (db, mapping, data) = setup(dir.path(), &preset, ROWS);
    let actors = count(&db, RecordKind::Actor);
    chancery(&db, &["import", "--mapping", &mapping, &data]);
    assert_eq!(
        count(&db, RecordKind::Actor),
        actors + 1,
        "Nobody Known was made"
    );
    let store = Store::open(&db).unwrap();
    let all = store.all_records(false).unwrap();
    let Some(Record::Meeting(call)) = all.iter().find(|r| r.name() == "Lavrov call") else {
        panic!("the row naming a new person is imported");
    };
    assert_eq!(call.participants.len(), 2);
}

#[test]
fn rows_match_existing_records_by_uuid_and_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    chancery(&db, &["load-example"]);
    let store = Store::open(&db).unwrap();
    let novak = example_uuid(&store, RecordKind::Actor, "Alexander Novak");
    drop(store);
    let by_uuid = "kind = \"actor\"\n[fields.actor.name]\ncolumn = \"Name\"\n[fields.actor.description]\ncolumn = \"About\"\n[match]\nby = \"uuid\"\ncolumn = \"ID\"\n";
    std::fs::write(dir.path().join("u.toml"), by_uuid).unwrap();
    std::fs::write(
        dir.path().join("u.csv"),
        format!("ID,Name,About\n{novak},Alexander Novak,Energy and deputy prime minister\n"),
    )
    .unwrap();
    let actors = count(&db, RecordKind::Actor);
    let out = chancery(
        &db,
        &[
            "import",
            "--mapping",
            dir.path().join("u.toml").to_str().unwrap(),
            dir.path().join("u.csv").to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 updated"));
    assert_eq!(count(&db, RecordKind::Actor), actors);
    let store = Store::open(&db).unwrap();
    let Some(Record::Actor(a)) = store.get(novak).unwrap() else {
        panic!("Novak is an actor");
    };
    assert_eq!(a.description, "Energy and deputy prime minister");
    assert!(
        !a.aliases.is_empty(),
        "fields the row does not map are kept"
    );
    drop(store);

    let by_name = "kind = \"actor\"\n[fields.actor.name]\ncolumn = \"Name\"\n[fields.actor.description]\ncolumn = \"About\"\n[match]\nby = \"name\"\n";
    std::fs::write(dir.path().join("n.toml"), by_name).unwrap();
    std::fs::write(
        dir.path().join("n.csv"),
        "Name,About\nАлександр Новак,By his Russian name\nA New Person,Someone new\n",
    )
    .unwrap();
    let out = chancery(
        &db,
        &[
            "import",
            "--mapping",
            dir.path().join("n.toml").to_str().unwrap(),
            dir.path().join("n.csv").to_str().unwrap(),
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("1 added, 1 updated"), "{said}");
    assert_eq!(count(&db, RecordKind::Actor), actors + 1);
}

#[test]
fn a_rejected_rows_file_never_replaces_a_file_chancery_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mapping, data) = setup(dir.path(), ROUTED, ROWS);
    let precious = dir.path().join("data.rejected.csv");
    std::fs::write(&precious, "my own notes\n").unwrap();
    let out = chancery(&db, &["import", "--mapping", &mapping, &data]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a file of rejected rows"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "my own notes\n"
    );
}

#[test]
fn places_made_for_missing_names_hold_nothing_a_place_has_not() {
    // A place made for a name no place has once carried a meeting's "kind": the summary then
    // spoke of "fields this version does not show".
    let dir = tempfile::tempdir().unwrap();
    let preset = "kind = \"meeting\"\n[fields.meeting.title]\ncolumn = \"Event\"\n[fields.meeting.place]\ncolumn = \"Where\"\ncreate_missing = true\n";
    let (db, mapping, data) = setup(dir.path(), preset, "Event,Where\nTalks in Ankara,Ankara\n");
    let out = chancery(&db, &["import", "--mapping", &mapping, &data]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{said}{}", stderr(&out));
    assert!(
        said.contains("2 added") && !said.contains("does not show"),
        "{said}"
    );
}

#[test]
fn importing_the_same_rows_again_by_name_updates_rather_than_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let preset = ROUTED.to_string() + "[match]\nby = \"name\"\n";
    let (db, mapping, data) = setup(dir.path(), &preset, ROWS);
    chancery(&db, &["import", "--mapping", &mapping, &data]);
    let statements = count(&db, RecordKind::Statement);
    let meetings = count(&db, RecordKind::Meeting);
    let out = chancery(&db, &["import", "--mapping", &mapping, &data]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("0 added"), "{said}");
    assert_eq!(
        count(&db, RecordKind::Statement),
        statements,
        "the quote is found by its words"
    );
    assert_eq!(count(&db, RecordKind::Meeting), meetings);
}

#[test]
fn rows_whose_value_is_skipped_are_counted_and_not_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let preset = ROUTED.replace(
        "values = { meeting = \"meeting\", quote = \"statement\" }",
        "values = { meeting = \"meeting\", quote = \"statement\" }\nskip = [\"fish\"]",
    );
    let (db, mapping, data) = setup(dir.path(), &preset, ROWS);
    let out = chancery(&db, &["import", "--mapping", &mapping, &data]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains("5 rows: 2 imported, 1 skipped, 2 rejected"),
        "{said}"
    );
    assert!(!said.contains("'fish'"), "{said}");
    let rejected = std::fs::read_to_string(dir.path().join("data.rejected.csv")).unwrap();
    assert!(!rejected.contains("fish"), "{rejected}");
}
