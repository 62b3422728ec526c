//! Helpers shared by the integration tests: real knowledge-base files in temporary folders,
//! the example data, and small record builders.
#![allow(dead_code)]

use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::*;
use chancery::store::Store;
use std::path::PathBuf;
use tempfile::TempDir;
use uuid::Uuid;

/// A fresh file in its own temporary folder (removed when the `TempDir` drops).
pub fn fresh() -> (TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kb.db");
    let store = Store::open(&path).expect("open fresh store");
    (dir, path, store)
}

/// A fresh file holding the example data.
pub fn with_example() -> (TempDir, PathBuf, Store) {
    let (dir, path, mut store) = fresh();
    import_bundle(&mut store, EXAMPLE_BUNDLE).expect("example imports");
    (dir, path, store)
}

pub fn actor(name: &str, kind: ActorKind) -> Record {
    Record::Actor(Actor {
        meta: Meta::new(),
        kind,
        name: name.into(),
        aliases: vec![],
        description: String::new(),
    })
}

pub fn place(name: &str, parent: Option<Uuid>) -> Record {
    Record::Place(Place {
        meta: Meta::new(),
        name: name.into(),
        parent,
        lat: None,
        lon: None,
    })
}

pub fn topic(name: &str) -> Record {
    Record::Topic(Topic {
        meta: Meta::new(),
        name: name.into(),
    })
}

pub fn source(title: &str, grade: Reliability) -> Record {
    Record::Source(Source {
        meta: Meta::new(),
        title: title.into(),
        kind: SourceKind::NewsArticle,
        outlet: String::new(),
        url: String::new(),
        author: String::new(),
        published: None,
        accessed: None,
        reliability: Some(grade),
        text: String::new(),
    })
}

pub fn meeting(
    title: &str,
    date: &str,
    place: Option<Uuid>,
    participants: Vec<Participant>,
) -> Record {
    Record::Meeting(Meeting {
        meta: Meta::new(),
        title: title.into(),
        kind: MeetingKind::Talks,
        date: Some(PartialDate::parse(date).expect("test date")),
        end_date: None,
        place,
        summary: String::new(),
        participants,
    })
}

pub fn statement(text: &str, speaker: Option<Uuid>, meeting: Option<Uuid>) -> Record {
    Record::Statement(Statement {
        meta: Meta::new(),
        text: text.into(),
        kind: StatementKind::Quote,
        speaker,
        meeting,
        date: None,
        lang: "en".into(),
        hedge: String::new(),
    })
}

pub fn link(from: Uuid, relation: &str, to: Uuid) -> Record {
    Record::Link(Link {
        meta: Meta::new(),
        from,
        to,
        relation: relation.into(),
        date_from: None,
        date_to: None,
    })
}

pub fn participant(actor: Uuid, role: Role) -> Participant {
    Participant {
        actor,
        roles: vec![role],
        title_at_time: String::new(),
        represents: None,
    }
}

/// Uuid of the example record whose title is `title` (as the search lists it).
pub fn example_uuid(store: &Store, kind: RecordKind, name: &str) -> Uuid {
    store
        .all_records(false)
        .expect("records")
        .into_iter()
        .find(|r| r.kind() == kind && r.name() == name)
        .unwrap_or_else(|| panic!("example has {kind:?} {name}"))
        .uuid()
}

/// Runs the `chancery` binary on `db` with `args`.
pub fn chancery(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run chancery")
}

/// What a run printed on stderr.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of a file the previous release wrote (schema 5): the example data, then the example
/// article captured with `--apply` (two records created).
pub fn version_5_example() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/example-v5.db"),
        &path,
    )
    .unwrap();
    (dir, path)
}

/// The same file as schema 4 wrote it: one `role` per participant, no draft table.
pub fn version_4_example() -> (TempDir, PathBuf) {
    let (dir, path) = version_5_example();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "UPDATE record SET data = json_set(data, '$.participants', json((
             SELECT json_group_array(json(v)) FROM (
                 SELECT json_set(json_remove(p.value, '$.roles'),
                     '$.role', coalesce(json_extract(p.value, '$.roles[0]'), 'member')) AS v
                 FROM json_each(record.data, '$.participants') AS p ORDER BY p.key))))
         WHERE kind = 'meeting';
         DROP TABLE draft;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    (dir, path)
}

/// Makes a named pipe (FIFO) at `path`, as a hostile input or export target.
#[cfg(unix)]
pub fn make_fifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}
