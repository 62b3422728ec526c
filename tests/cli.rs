//! The `chancery` binary end to end: the issue's example queries, JSON output, saved searches,
//! export/import between files, and one-line errors with non-zero exits.

use std::path::Path;
use std::process::{Command, Output};

fn chancery(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chancery")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let out = chancery(&db, &["load-example"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("42 added"));
    (dir, db)
}

fn search_json(db: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let out = chancery(db, &all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON array")
}

#[test]
fn the_issue_queries() {
    let (_dir, db) = example_db();
    for q in ["Shaibani", "al-Shaibani", "الشيباني"] {
        let hits = search_json(&db, &[q]);
        assert_eq!(hits[0]["title"], "Asaad Al Shibani", "{q}");
        assert_eq!(hits[0]["kind"], "actor");
        assert!(hits[0]["uuid"].as_str().is_some_and(|u| u.len() == 36));
        assert!(hits[0].get("date").is_some());
    }
    let hits = search_json(
        &db,
        &["--kind", "meeting", "--from", "2025-07", "--to", "2025-07"],
    );
    assert_eq!(hits[0]["title"], "Al Shibani's visit to Moscow");
    assert_eq!(hits[0]["date"], "2025-07-21/2025-07-31");
    let hits = search_json(&db, &["--kind", "statement", "--actor", "Lavrov"]);
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Sergey Lavrov:")
    );
    for q in ["a OR", "'; DROP TABLE", "NEAR( Lavrov"] {
        let out = chancery(&db, &["search", q]);
        assert!(out.status.success(), "{q}: {}", stderr(&out));
    }
    // Syntax with no word in it is refused in one line, never taken as "everything".
    for q in ["\"", "*"] {
        let out = chancery(&db, &["search", q]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        assert!(stderr(&out).contains("nothing to search for"), "{q}");
    }
}

#[test]
fn show_lists_references_and_backlinks() {
    let (_dir, db) = example_db();
    let hits = search_json(&db, &["Lavrov", "--kind", "actor"]);
    let uuid = hits[0]["uuid"].as_str().unwrap().to_string();
    let out = chancery(&db, &["show", &uuid]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Actor: Sergey Lavrov"), "{text}");
    assert!(text.contains("speaker"), "{text}");
    // In words, as the detail pane shows it, not the stored JSON.
    assert!(text.contains("Also known as: Сергей Лавров"), "{text}");
    assert!(!text.contains('{'), "no raw JSON: {text}");
    assert!(
        text.contains("foreign minister of → actor Russia"),
        "{text}"
    );
    let out = chancery(&db, &["show", &uuid, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["record"]["name"], "Sergey Lavrov");
    assert!(json["backlinks"].as_array().unwrap().len() >= 2);
}

#[test]
fn export_import_and_check_between_files() {
    let (dir, db) = example_db();
    let bundle = dir.path().join("out.json");
    let out = chancery(&db, &["export", "--out", bundle.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = dir.path().join("other.db");
    let out = chancery(&other, &["import", bundle.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("42 added, 0 updated, 0 unchanged"),
        "{}",
        stdout(&out)
    );
    let out = chancery(&other, &["check"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("records: 42"));
    assert!(stdout(&out).trim_end().ends_with("ok"));
}

#[test]
fn saved_searches_run_by_name() {
    let (_dir, db) = example_db();
    let out = chancery(
        &db,
        &[
            "search",
            "--kind",
            "statement",
            "--actor",
            "Shibani",
            "--save",
            "Shibani said",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let hits = search_json(&db, &["--saved", "shibani SAID"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["kind"], "statement");
}

#[test]
fn errors_are_one_line_with_a_non_zero_exit() {
    let (dir, db) = example_db();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["show".into(), "not-a-uuid".into()], "is not a uuid"),
        (
            vec!["show".into(), "00000000-0000-4000-8000-000000000000".into()],
            "no record with uuid",
        ),
        (
            vec![
                "import".into(),
                dir.path().join("missing.json").display().to_string(),
            ],
            "cannot read",
        ),
        (
            vec!["search".into(), "--from".into(), "soon".into()],
            "date filter",
        ),
        (
            vec!["search".into(), "--saved".into(), "nothing".into()],
            "no saved search",
        ),
    ];
    for (args, expect) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = chancery(&db, &args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = stderr(&out);
        assert!(err.contains(expect), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
    // A broken bundle: refused, nothing written.
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        r#"{"format":"chancery-bundle","version":1,"meetings":[{"uuid":"x"}]}"#,
    )
    .unwrap();
    let out = chancery(&db, &["import", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("meetings[0] (x)"), "{}", stderr(&out));
    // A file that is not a knowledge base.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "x".repeat(4096)).unwrap();
    let out = chancery(&junk, &["check"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a readable knowledge base"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn export_every_format_and_import_a_csv_folder() {
    let (dir, db) = example_db();
    for (format, out) in [
        ("md", "brief.md"),
        ("graphml", "g.graphml"),
        ("csv", "csv"),
        ("bundle", "b.json"),
    ] {
        let path = dir.path().join(out);
        let o = chancery(
            &db,
            &[
                "export",
                "--format",
                format,
                "--out",
                path.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        assert!(stdout(&o).contains("exported 42 records"), "{}", stdout(&o));
        assert!(path.exists());
    }
    let other = dir.path().join("from-csv.db");
    let o = chancery(
        &other,
        &["import", dir.path().join("csv").to_str().unwrap()],
    );
    assert!(
        stdout(&o).contains("42 added"),
        "{} {}",
        stdout(&o),
        stderr(&o)
    );
    // A selection by search, with provenance.
    let sel = dir.path().join("lavrov.json");
    let o = chancery(
        &db,
        &[
            "export",
            "--kind",
            "statement",
            "--actor",
            "Lavrov",
            "--out",
            sel.to_str().unwrap(),
        ],
    );
    assert!(stdout(&o).contains("1 statement"), "{}", stdout(&o));
    let o = chancery(&db, &["import", sel.to_str().unwrap(), "--dry-run"]);
    assert!(stdout(&o).contains("dry run"), "{}", stdout(&o));
}

#[test]
fn a_conflicting_import_fails_with_one_line_and_changes_nothing() {
    let (dir, db) = example_db();
    let shared = dir.path().join("shared.json");
    chancery(&db, &["export", "--out", shared.to_str().unwrap()]);
    // Both sides edit Sergey Lavrov's description through a bundle edit and a local edit.
    let mut theirs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&shared).unwrap()).unwrap();
    let actors = theirs["actors"].as_array_mut().unwrap();
    let lavrov = actors
        .iter_mut()
        .find(|a| a["name"] == "Sergey Lavrov")
        .unwrap();
    lavrov["description"] = "Edited there".into();
    lavrov["updated_at"] = "2030-01-01T00:00:00Z".into();
    let uuid = lavrov["uuid"].as_str().unwrap().to_string();
    let theirs_path = dir.path().join("theirs.json");
    std::fs::write(&theirs_path, theirs.to_string()).unwrap();
    let mut store = chancery::store::Store::open(&db).unwrap();
    let Some(chancery::model::Record::Actor(mut a)) = store.get(uuid.parse().unwrap()).unwrap()
    else {
        panic!()
    };
    a.description = "Edited here".into();
    store.update(chancery::model::Record::Actor(a)).unwrap();
    drop(store);
    let o = chancery(
        &db,
        &[
            "import",
            theirs_path.to_str().unwrap(),
            "--on-conflict",
            "fail",
        ],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("changed both here and in the import"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stderr(&o).trim_end().lines().count(), 1);
    let shown = chancery(&db, &["show", &uuid, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(json["record"]["description"], "Edited here");
}

/// `generate` fills an empty file with realistic records (the same seed, the same records),
/// searchable in every script, and refuses a file that has records.
#[test]
fn generate_fills_an_empty_file_and_refuses_one_with_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    drop(chancery::store::Store::open(&path).unwrap());
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let out = chancery(&path, &["generate", "--statements", "2000", "--seed", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = chancery::store::Store::open(&path).unwrap();
    let counts = store.counts().unwrap();
    use chancery::model::RecordKind::*;
    assert_eq!(counts.of(Statement), 2000);
    assert_eq!(counts.of(Meeting), 500);
    assert_eq!(counts.of(Actor), 100);
    assert_eq!(counts.of(Source), 200);
    assert_eq!(counts.of(Place), 550);
    assert!(store.check().unwrap().problems.is_empty());
    // An actor is found by its Cyrillic and its Arabic name.
    let actor = chancery(
        &path,
        &["search", "--kind", "actor", "--json", "--limit", "1"],
    );
    let hits: serde_json::Value = serde_json::from_slice(&actor.stdout).unwrap();
    let uuid = hits[0]["uuid"].as_str().unwrap().to_string();
    let record = store.get(uuid.parse().unwrap()).unwrap().unwrap();
    let chancery::model::Record::Actor(a) = record else {
        panic!("an actor")
    };
    for alias in &a.aliases[1..] {
        let found = chancery(&path, &["search", "--kind", "actor", &alias.name]);
        assert!(
            String::from_utf8_lossy(&found.stdout).contains(&uuid),
            "{} finds {}",
            alias.name,
            a.name
        );
    }
    drop(store);
    // The same seed, the same records.
    let again = dir.path().join("again.db");
    drop(chancery::store::Store::open(&again).unwrap());
    let out = chancery(&again, &["generate", "--statements", "2000", "--seed", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = chancery::store::Store::open(&again).unwrap();
    assert!(other.get(uuid.parse().unwrap()).unwrap().is_some());
    drop(other);
    // A file with records is refused, and left as it was.
    let before = std::fs::metadata(&path).unwrap().len();
    let refused = chancery(&path, &["generate", "--statements", "10"]);
    assert_ne!(refused.status.code(), Some(0));
    assert!(
        stderr(&refused).contains("has records"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), before);
}

#[test]
fn search_says_how_each_hit_matched_and_exact_drops_spelling_variants() {
    let (_dir, db) = example_db();
    let hits = search_json(&db, &["Shaybaani"]);
    assert_eq!(hits[0]["title"], "Asaad Al Shibani");
    assert_eq!(hits[0]["reason"], "spelling variant of the name");
    let out = chancery(&db, &["search", "Shaybaani"]);
    assert!(
        stdout(&out).contains("matched: spelling variant of the name"),
        "{}",
        stdout(&out)
    );
    let exact = search_json(&db, &["--exact", "Shaybaani"]);
    assert!(
        !exact.iter().any(|h| h["title"] == "Asaad Al Shibani"),
        "{exact:?}"
    );
    let hits = search_json(&db, &["al-Asad", "--kind", "actor"]);
    assert_eq!(hits[0]["title"], "Bashar Al Assad");
}
