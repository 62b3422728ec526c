//! A corpus of hostile inputs to the command line (issue 25): bad arguments, values, files to
//! import, export targets, backups to restore and reports to capture. Every case must answer
//! with one line on stderr naming the cause, exit code 2, nothing on stdout, the knowledge base
//! byte for byte as it was and nothing new beside it.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// One hostile input: the arguments after `--db FILE`, and words its one line must hold.
struct Case {
    args: Vec<String>,
    says: &'static str,
}

fn case(args: &[&str], says: &'static str) -> Case {
    Case {
        args: args.iter().map(|a| a.to_string()).collect(),
        says,
    }
}

/// The names in `folder`, sorted, with their sizes (what is beside the knowledge base).
fn listing(folder: &Path) -> Vec<(String, u64)> {
    let mut names: Vec<(String, u64)> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().map(|m| m.len()).unwrap_or(0),
            )
        })
        .collect();
    names.sort();
    names
}

/// Hostile files to import, by name.
fn hostile_bundles(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let example: serde_json::Value =
        serde_json::from_str(chancery::exchange::EXAMPLE_BUNDLE).unwrap();
    let mut files: Vec<(&str, Vec<u8>, &'static str)> = vec![
        ("empty.json", b"".to_vec(), "not valid JSON"),
        ("object.json", b"{}".to_vec(), "no \"format\""),
        ("array.json", b"[]".to_vec(), "not a JSON object"),
        ("null.json", b"null".to_vec(), "not a JSON object"),
        ("number.json", b"42".to_vec(), "not a JSON object"),
        (
            "garbage.json",
            b"\x00\x01\x02garbage".to_vec(),
            "not valid JSON",
        ),
        (
            "latin1.json",
            b"{\"format\": \"caf\xe9\"}".to_vec(),
            "not valid",
        ),
        (
            "truncated.json",
            chancery::exchange::EXAMPLE_BUNDLE.as_bytes()[..500].to_vec(),
            "not valid JSON",
        ),
        (
            "other-format.json",
            br#"{"format":"other","version":1}"#.to_vec(),
            "\"format\" is \"other\"",
        ),
        (
            "newer.json",
            br#"{"format":"chancery-bundle","version":99}"#.to_vec(),
            "version 99",
        ),
        (
            "version-0.json",
            br#"{"format":"chancery-bundle","version":0}"#.to_vec(),
            "\"version\" is 0",
        ),
        (
            "version-text.json",
            br#"{"format":"chancery-bundle","version":"3"}"#.to_vec(),
            "\"version\"",
        ),
        (
            "version-negative.json",
            br#"{"format":"chancery-bundle","version":-1}"#.to_vec(),
            "\"version\"",
        ),
        (
            "no-version.json",
            br#"{"format":"chancery-bundle"}"#.to_vec(),
            "\"version\"",
        ),
        (
            "trailing.json",
            format!("{} x", chancery::exchange::EXAMPLE_BUNDLE).into_bytes(),
            "not valid JSON",
        ),
        (
            "deep.json",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "not",
        ),
    ];
    let mut variant =
        |name: &'static str, says: &'static str, change: &dyn Fn(&mut serde_json::Value)| {
            let mut bundle = example.clone();
            change(&mut bundle);
            files.push((name, bundle.to_string().into_bytes(), says));
        };
    variant("no-uuid.json", "uuid", &|b| {
        b["actors"][0].as_object_mut().unwrap().remove("uuid");
    });
    variant("bad-uuid.json", "uuid", &|b| {
        b["actors"][0]["uuid"] = "not-a-uuid".into()
    });
    variant("dup-uuid.json", "twice", &|b| {
        let first = b["actors"][0].clone();
        b["actors"].as_array_mut().unwrap().push(first);
    });
    variant("bad-kind.json", "kind", &|b| {
        b["actors"][0]["kind"] = "dragon".into()
    });
    variant("bad-date.json", "date", &|b| {
        b["meetings"][0]["date"] = "2025-13-45".into()
    });
    variant("dangling.json", "refers to", &|b| {
        b["statements"][0]["speaker"] = "00000000-0000-4000-8000-000000000001".into()
    });
    variant("self-parent.json", "inside itself", &|b| {
        let uuid = b["places"][0]["uuid"].clone();
        b["places"][0]["parent"] = uuid;
    });
    variant("empty-name.json", "name", &|b| {
        b["actors"][0]["name"] = "".into()
    });
    variant("bad-grade.json", "expected one of", &|b| {
        b["sources"][0]["reliability"] = "Z".into()
    });
    variant("section-not-list.json", "actors", &|b| {
        b["actors"] = "many".into()
    });
    variant("bad-timestamp.json", "actors[0]", &|b| {
        b["actors"][0]["created_at"] = "yesterday".into()
    });
    variant("judgement-to-self.json", "judgement", &|b| {
        let uuid = b["actors"][0]["uuid"].clone();
        b["judgements"] = serde_json::json!([{
            "uuid": "00000000-0000-4000-8000-000000000002", "a": uuid, "b": uuid,
            "verdict": "same", "origin": "review", "author": "x", "at": "2025-01-01T00:00:00Z"
        }]);
    });
    files
        .into_iter()
        .map(|(name, bytes, says)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            (path, says)
        })
        .collect()
}

#[test]
fn every_hostile_input_gets_one_line_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("kb");
    std::fs::create_dir(&home).unwrap();
    let db = home.join("kb.db");
    {
        let mut store = chancery::store::Store::open(&db).unwrap();
        chancery::exchange::import_bundle(&mut store, chancery::exchange::EXAMPLE_BUNDLE).unwrap();
        // Today's backup is taken, so that no command takes one.
        store.backup().unwrap();
    }
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    let at = |name: &str| inputs.join(name).to_string_lossy().into_owned();
    let actor = "07e0a965-a9e1-59f4-8d48-32c50f48090a";
    let place = "9a6c60be-b50a-5a9f-98f1-dfe6e57de881";
    let missing = "00000000-0000-4000-8000-000000000000";

    let mut cases = vec![
        // The command line itself.
        case(&["frobnicate"], "unrecognized subcommand"),
        case(&["--frob"], "unexpected argument"),
        case(&["import"], "required arguments"),
        case(&["export"], "required arguments"),
        case(&["show"], "required arguments"),
        case(&["merge", actor], "required arguments"),
        case(&["judge", actor, place], "--verdict"),
        case(&["restore"], "required arguments"),
        case(&["capture"], "required arguments"),
        case(&["separate"], "required arguments"),
        case(&["search", "x", "--kind", "dragon"], "unknown record kind"),
        case(&["search", "x", "--order", "sideways"], "possible values"),
        case(
            &["search", "x", "--min-reliability", "Z"],
            "reliability grade",
        ),
        case(
            &["search", "x", "--statement-kind", "shout"],
            "statement kind",
        ),
        case(
            &["export", "--out", &at("x.json"), "--format", "pdf"],
            "possible values",
        ),
        case(
            &["export", "--out", &at("x.json"), "--closure", "everything"],
            "possible values",
        ),
        case(
            &["judge", actor, place, "--verdict", "maybe"],
            "possible values",
        ),
        case(&["duplicates", "--kind", "meeting"], "possible values"),
        case(
            &["import", &at("x.json"), "--on-conflict", "whatever"],
            "possible values",
        ),
        case(&["search", "x", "--limit", "0"], "--limit"),
        case(&["search", "x", "--limit", "-3"], "'-3'"),
        case(&["search", "x", "--limit", "many"], "--limit"),
        case(&["search", "x", "--limit", "10001"], "--limit"),
        case(
            &["search", "x", "--limit", "18446744073709551616"],
            "--limit",
        ),
        case(&["search", "x", "--limit", ""], "--limit"),
        case(&["generate", "--statements", "0"], "--statements"),
        case(&["generate", "--statements", "99999999999"], "--statements"),
        case(&["generate", "--statements", "1e9"], "--statements"),
        case(&["generate", "--statements", "5", "--seed", "-1"], "'-1'"),
        // Values.
        case(&["search", "x", "--from", "2025-13"], "no month 13"),
        case(&["search", "x", "--to", "2025-02-30"], "no day 30"),
        case(&["search", "x", "--from", "2025-02-29"], "no day 29"),
        case(&["search", "x", "--from", "2025-00"], "date"),
        case(&["search", "x", "--from", "next week"], "date"),
        case(&["search", "x", "--to", "2025-12-32"], "date"),
        case(
            &["search", "x", "--from", "2026", "--to", "2025"],
            "lies after",
        ),
        case(&["show", "not-a-uuid"], "not a uuid"),
        case(&["show", missing], "no record"),
        case(&["merge", actor, actor], "itself"),
        case(&["merge", actor, place], "one kind"),
        case(&["merge", actor, missing], "no record"),
        case(
            &["judge", actor, "nope", "--verdict", "different"],
            "not a uuid",
        ),
        case(&["separate", "nope"], "not a uuid"),
        case(&["search", "x", "--saved", "nope"], "no saved search"),
        case(
            &["export", "--uuid", "nope", "--out", &at("x.json")],
            "not a uuid",
        ),
        case(
            &["export", "--uuid", missing, "--out", &at("x.json")],
            "no record",
        ),
        case(&["search", "😀"], "nothing to search for"),
        case(&["search", "…"], "nothing to search for"),
        case(&["search", "•", "—"], "nothing to search for"),
        case(&["search", "\""], "nothing to search for"),
        case(&["search", "*"], "nothing to search for"),
        case(&["search", "ـ"], "nothing to search for"),
        case(
            &["export", "--query", "\u{064E}", "--out", &at("x.json")],
            "nothing to search for",
        ),
        case(
            &["export", "--query", "😀", "--out", &at("x.json")],
            "nothing to search for",
        ),
        case(
            &["export", "--query", "—", "--out", &at("x.json")],
            "nothing to search for",
        ),
        case(&["search", "--save", "", "x"], "name"),
    ];

    // Files to import.
    for (path, says) in hostile_bundles(&inputs) {
        cases.push(Case {
            args: vec!["import".into(), path.to_string_lossy().into_owned()],
            says,
        });
    }
    #[cfg(unix)]
    {
        let fifo = inputs.join("pipe");
        make_fifo(&fifo);
        let fifo = fifo.to_string_lossy().into_owned();
        cases.push(case(&["import", &fifo], "not a regular file"));
        cases.push(case(&["capture", &fifo], "not a regular file"));
        cases.push(case(&["restore", &fifo], "not a regular file"));
        cases.push(case(&["export", "--out", &fifo], "not a regular file"));
        cases.push(case(&["import", "/dev/zero"], "not a regular file"));
        cases.push(case(&["capture", "/dev/zero"], "not a regular file"));
        cases.push(case(
            &["export", "--out", "/dev/null"],
            "not a regular file",
        ));
        cases.push(case(&["export", "--out", "/dev/stdout"], "symbolic link"));
        let link = inputs.join("link.json");
        std::os::unix::fs::symlink(inputs.join("nowhere.json"), &link).unwrap();
        cases.push(case(
            &["export", "--out", &link.to_string_lossy()],
            "symbolic link",
        ));
    }
    cases.push(case(&["import", &at("missing.json")], "no such file"));
    cases.push(case(&["capture", &at("missing.txt")], "missing.txt"));
    std::fs::create_dir(inputs.join("folder")).unwrap();
    std::fs::write(inputs.join("folder").join("diary.txt"), b"mine").unwrap();
    cases.push(case(&["import", &at("folder")], "folder"));
    cases.push(case(&["capture", &at("folder")], "folder"));
    std::fs::write(inputs.join("notes.txt"), b"my notes").unwrap();
    std::fs::write(inputs.join("empty.txt"), b"").unwrap();
    cases.push(case(&["capture", &at("empty.txt")], "empty"));

    // Export targets.
    let db_text = db.to_string_lossy().into_owned();
    cases.push(case(&["export", "--out", &db_text], "open knowledge base"));
    cases.push(case(
        &["export", "--out", &format!("{db_text}-wal")],
        "open knowledge base",
    ));
    cases.push(case(
        &["export", "--out", &format!("{db_text}-shm")],
        "open knowledge base",
    ));
    cases.push(case(
        &[
            "export",
            "--out",
            &home.join("sub/../kb.db").to_string_lossy(),
        ],
        "does not exist",
    ));
    cases.push(case(&["export", "--out", &at("folder")], "folder"));
    cases.push(case(
        &["export", "--format", "csv", "--out", &at("folder")],
        "other files",
    ));
    cases.push(case(
        &["export", "--format", "csv", "--out", &at("notes.txt")],
        "is a file",
    ));
    cases.push(case(
        &["export", "--out", &at("notes.txt")],
        "not written by a Chancery export",
    ));
    cases.push(case(
        &["export", "--format", "md", "--out", &at("notes.txt")],
        "not written by",
    ));
    cases.push(case(
        &["export", "--out", &at("nodir/x.json")],
        "does not exist",
    ));
    cases.push(case(&["export", "--out", ""], "a value is required"));

    // Backups to restore.
    cases.push(case(&["restore", &db_text], "open knowledge base itself"));
    cases.push(case(&["restore", &at("empty.txt")], "empty"));
    cases.push(case(
        &["restore", &at("notes.txt")],
        "not a Chancery knowledge base",
    ));
    cases.push(case(&["restore", &at("folder")], "folder"));
    cases.push(case(&["restore", &at("missing.db")], "no file there"));
    let foreign = inputs.join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE record (x); PRAGMA user_version = 9;")
        .unwrap();
    cases.push(case(
        &["restore", &foreign.to_string_lossy()],
        "not a Chancery knowledge base",
    ));
    let newer = inputs.join("newer.db");
    std::fs::copy(&db, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    cases.push(case(
        &["restore", &newer.to_string_lossy()],
        "newer Chancery",
    ));
    let damaged = inputs.join("damaged.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    for b in bytes.iter_mut().skip(page * 2).take(page * 3) {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    cases.push(case(
        &["restore", &damaged.to_string_lossy()],
        "cannot restore",
    ));

    assert!(cases.len() >= 100, "{} cases", cases.len());
    let before = std::fs::read(&db).unwrap();
    let beside = listing(&home);
    let inputs_before = listing(&inputs);
    let mut failures = Vec::new();
    for c in &cases {
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let out = chancery(&db, &args);
        let message = stderr(&out);
        let problem = if out.status.code() != Some(2) {
            Some(format!("exit {:?}", out.status.code()))
        } else if message.trim_end().lines().count() != 1 {
            Some("not one line".into())
        } else if !message.starts_with("chancery: ") {
            Some("no 'chancery: '".into())
        } else if !message.contains(c.says) {
            Some(format!("does not say '{}'", c.says))
        } else if !out.stdout.is_empty() {
            Some("printed on stdout".into())
        } else if std::fs::read(&db).unwrap() != before {
            Some("the file changed".into())
        } else if listing(&home) != beside {
            Some(format!(
                "something beside the file changed: {:?}",
                listing(&home)
            ))
        } else if listing(&inputs) != inputs_before {
            Some("an input changed".into())
        } else {
            None
        };
        if let Some(problem) = problem {
            failures.push(format!("{:?}: {problem}: {message}", c.args));
        }
    }
    eprintln!(
        "{} hostile inputs, {} answered badly",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
