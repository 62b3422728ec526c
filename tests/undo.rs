//! Undo and redo through the change log: single edits, Trash, purge, whole imports, after
//! reopening the file; a new edit ends the redo chain. And migration of an older file.

mod common;
use chancery::exchange::{EXAMPLE_BUNDLE, import_bundle};
use chancery::model::*;
use chancery::store::{Store, migrations};
use common::*;

fn name_of(store: &Store, uuid: uuid::Uuid) -> Option<String> {
    store.get(uuid).unwrap().map(|r| r.name().to_string())
}

#[test]
fn undo_and_redo_an_edit_also_after_reopening() {
    let (_d, path, mut store) = fresh();
    let a = store
        .insert(actor("Sergey Lavrov", ActorKind::Person))
        .unwrap();
    let mut edited = a.clone();
    if let Record::Actor(x) = &mut edited {
        x.name = "Sergei Lavrov".into();
    }
    store.update(edited).unwrap();
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("update of actor 'Sergei Lavrov'")
    );
    drop(store);

    let mut store = Store::open(&path).unwrap();
    let step = store.undo().unwrap().expect("something to undo");
    assert_eq!(step.records, vec![a.uuid()]);
    assert_eq!(name_of(&store, a.uuid()).as_deref(), Some("Sergey Lavrov"));
    assert_eq!(
        store.redo_label().unwrap().as_deref(),
        Some("update of actor 'Sergei Lavrov'")
    );
    drop(store);

    let mut store = Store::open(&path).unwrap();
    store.redo().unwrap().expect("something to redo");
    assert_eq!(name_of(&store, a.uuid()).as_deref(), Some("Sergei Lavrov"));
    // Undo twice: the edit, then the creation.
    store.undo().unwrap();
    store.undo().unwrap();
    assert!(store.get(a.uuid()).unwrap().is_none());
    assert!(store.undo().unwrap().is_none(), "nothing left to undo");
    store.redo().unwrap();
    assert_eq!(name_of(&store, a.uuid()).as_deref(), Some("Sergey Lavrov"));
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn a_new_edit_ends_the_redo_chain() {
    let (_d, _p, mut store) = fresh();
    store.insert(actor("One", ActorKind::Person)).unwrap();
    store.undo().unwrap();
    assert!(store.redo_label().unwrap().is_some());
    store.insert(actor("Two", ActorKind::Person)).unwrap();
    assert!(store.redo_label().unwrap().is_none());
    assert!(store.redo().unwrap().is_none());
}

#[test]
fn undo_brings_back_deleted_and_purged_records_with_their_references() {
    let (_d, _p, mut store) = fresh();
    let lavrov = store
        .insert(actor("Sergey Lavrov", ActorKind::Person))
        .unwrap()
        .uuid();
    let said = store
        .insert(statement("Sanctions must go", Some(lavrov), None))
        .unwrap()
        .uuid();
    store.delete(lavrov).unwrap();
    store.purge(lavrov).unwrap();
    let Some(Record::Statement(s)) = store.get(said).unwrap() else {
        panic!()
    };
    assert_eq!(s.speaker, None);
    let step = store.undo().unwrap().unwrap();
    assert!(
        step.label.starts_with("purge of") || step.label.contains("records"),
        "{}",
        step.label
    );
    let Some(Record::Statement(s)) = store.get(said).unwrap() else {
        panic!()
    };
    assert_eq!(s.speaker, Some(lavrov), "the speaker is re-attached");
    assert!(
        store
            .get(lavrov)
            .unwrap()
            .unwrap()
            .meta()
            .deleted_at
            .is_some(),
        "back in the Trash"
    );
    store.undo().unwrap();
    assert!(
        store
            .get(lavrov)
            .unwrap()
            .unwrap()
            .meta()
            .deleted_at
            .is_none(),
        "restored"
    );
    assert_eq!(
        store.get_ref(said).unwrap().unwrap().title,
        "Sergey Lavrov: Sanctions must go"
    );
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn an_import_is_undone_as_one_step() {
    let (_d, _p, mut store) = fresh();
    import_bundle(&mut store, EXAMPLE_BUNDLE).unwrap();
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("import of 42 records")
    );
    store.undo().unwrap();
    assert_eq!(store.counts().unwrap().live(), 0);
    store.redo().unwrap();
    assert_eq!(store.counts().unwrap().live(), 42);
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn an_older_file_is_migrated_after_a_backup_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // A version-1 file with one record, written the way version 1 wrote it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(migrations()[0]).unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 1; PRAGMA application_id = 1128812099;
             INSERT INTO record (uuid, kind, title, created_at, updated_at, data)
             VALUES ('5b6f0d1e-3c1a-4f7e-9d2a-1b2c3d4e5f60', 'topic', 'sanctions',
                     '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',
                     '{\"uuid\":\"5b6f0d1e-3c1a-4f7e-9d2a-1b2c3d4e5f60\",\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\",\"name\":\"sanctions\"}');
             INSERT INTO fts (rowid, title, aliases, body, keys, context) VALUES (1, 'sanctions', '', '', '', '');
             INSERT INTO change_log (record_uuid, kind, action, at, after) VALUES ('5b6f0d1e-3c1a-4f7e-9d2a-1b2c3d4e5f60', 'topic', 'create', '2025-01-01T00:00:00Z', '{}');",
        )
        .unwrap();
    }
    // A copy left behind by an earlier Chancery's migration must not stand in the way.
    std::fs::write(dir.path().join("old.db.v1.backup"), b"left over").unwrap();
    let store = Store::open(&path).unwrap();
    let backups = chancery::store::list_backups(&path);
    assert_eq!(backups.len(), 1, "a copy is taken before migrating");
    let opened = dir.path().join("backup-opened.db");
    chancery::store::extract_backup(&backups[0].path, &opened).unwrap();
    let old = rusqlite::Connection::open(&opened).unwrap();
    let version: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    assert_eq!(store.counts().unwrap().of(RecordKind::Topic), 1);
    assert!(store.check().unwrap().problems.is_empty());
    // The log keeps no state after a change since version 6: the line's record is read
    // from the file, so the label names it (version 1 had logged an empty document).
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("create of topic 'sanctions'")
    );
}
