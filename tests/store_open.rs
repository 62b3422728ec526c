//! Opening files: a new file is created with its folder; a file from a newer Chancery, a
//! foreign SQLite file and a damaged file are refused with a clear message and left untouched.

mod common;
use chancery::store::{Store, StoreError};
use rusqlite::Connection;

fn bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

#[test]
fn creates_the_file_and_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/kb.db");
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(store.counts().unwrap().live(), 0);
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let store = Store::open(&path).unwrap();
        drop(store);
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer Chancery"), "{err}");
    assert_eq!(bytes(&path), before, "the file must not change");
    assert!(!dir.path().join("future.db-wal").exists());
}

#[test]
fn a_foreign_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);")
        .unwrap();
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotChancery { .. }), "{err}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "these are my notes, not a database".repeat(200)).unwrap();
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("not a SQLite database"), "{err}");
    assert_eq!(bytes(&path), before);
}

#[test]
fn reopening_keeps_everything() {
    let (_dir, path, store) = common::with_example();
    let counts = store.counts().unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.counts().unwrap(), counts);
    assert_eq!(counts.live(), 42);
}

#[test]
fn an_empty_sqlite_file_marked_by_another_program_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.db");
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 5;")
        .unwrap();
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotChancery { .. }), "{err}");
    assert_eq!(bytes(&path), before, "byte for byte");
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        beside,
        vec![std::ffi::OsString::from("theirs.db")],
        "nothing made beside it"
    );
}

#[test]
fn a_wal_of_another_database_beside_the_file_is_named_and_nothing_is_written() {
    let (dir, path, store) = common::with_example();
    drop(store);
    // Another database's WAL, with changes not yet checkpointed, copied beside the file.
    let other = dir.path().join("other.db");
    let conn = Connection::open(&other).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE t (x); INSERT INTO t VALUES (1);",
    )
    .unwrap();
    let wal = dir.path().join("kb.db-wal");
    std::fs::copy(dir.path().join("other.db-wal"), &wal).unwrap();
    drop(conn);
    let (db_before, wal_before) = (bytes(&path), bytes(&wal));
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::ForeignWal { .. }), "{err}");
    assert!(
        err.to_string().contains("kb.db-wal does not belong to"),
        "{err}"
    );
    assert_eq!(bytes(&path), db_before);
    assert_eq!(bytes(&wal), wal_before);
    // Moved away, the file opens as it was last saved.
    std::fs::rename(&wal, dir.path().join("moved-wal")).unwrap();
    let _ = std::fs::remove_file(dir.path().join("kb.db-shm"));
    let store = Store::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().live(), 42);
}

#[test]
fn damage_written_through_the_files_own_wal_is_reported_as_damage() {
    let (_dir, path, store) = common::with_example();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0; PRAGMA writable_schema = ON;
         UPDATE sqlite_master SET sql = 'CREATE TABLE x (a, b' WHERE name = 'record_count';",
    )
    .unwrap();
    // The damage is in the WAL, which is the file's own: not called another database's.
    let copy_dir = tempfile::tempdir().unwrap();
    let copy = copy_dir.path().join("kb.db");
    std::fs::copy(&path, &copy).unwrap();
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    std::fs::copy(&wal, copy_dir.path().join("kb.db-wal")).unwrap();
    drop(conn);
    let err = Store::open(&copy).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
}
