//! Opening a file: recognising it, refusing what must not be touched, connection settings,
//! falling back to read-only when the file or its folder cannot be written, and migrating with
//! a backup copy taken first.

use super::error::{Result, StoreError};
use super::schema::{APPLICATION_ID, MIGRATIONS, latest_version};
use rusqlite::{Connection, ErrorCode, MAIN_DB, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The default knowledge base: `chancery.db` in the platform's data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Chancery", "Chancery")
        .map(|dirs| dirs.data_dir().join("chancery.db"))
}

/// An open connection and what opening found.
pub(super) struct Opened {
    pub conn: Connection,
    /// The schema version the file had before migrating (0 for a new file).
    pub found_version: i64,
    /// Why the file could only be opened for reading, if so.
    pub read_only: Option<String>,
}

/// Opens the file, read-write if possible, else read-only (saying why).
pub(super) fn open_connection(path: &Path) -> Result<Opened> {
    let exists = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(StoreError::IsFolder {
                path: path.to_path_buf(),
            });
        }
        Ok(meta) if !meta.is_file() => {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: "not a regular file".into(),
            });
        }
        // An empty file may be a placeholder or the remains of a failed copy: not ours to fill.
        Ok(meta) if meta.len() == 0 => {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                reason:
                    "the file is empty; delete it or choose a new name for a new knowledge base"
                        .into(),
            });
        }
        Ok(_) => true,
        Err(_) => false,
    };
    if exists {
        inspect_existing(path)?;
    } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: path.to_path_buf(),
            source,
        })?;
    }
    let writable = Connection::open(path).and_then(|conn| {
        configure(&conn)?;
        Ok(conn)
    });
    let (conn, read_only) = match writable {
        Ok(conn) if !conn.is_readonly(MAIN_DB).unwrap_or(false) => (conn, None),
        Ok(_) if exists => (open_read_only(path)?, Some(why_read_only(path))),
        Err(e) if exists && cannot_write(&e) => (open_read_only(path)?, Some(why_read_only(path))),
        Ok(_) => {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                reason: why_read_only(path),
            });
        }
        Err(e) => return Err(classify(path, e)),
    };
    let found_version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if found_version < latest_version() {
        if let Some(reason) = &read_only {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                reason: format!("{reason}, and it needs upgrading to this version's format"),
            });
        }
        migrate(&conn, path, found_version)?;
    }
    Ok(Opened {
        conn,
        found_version,
        read_only,
    })
}

/// True for the errors that mean "this file or folder cannot be written".
fn cannot_write(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied)
    )
}

/// "the file is read-only" or "its folder is read-only", as far as can be told.
fn why_read_only(path: &Path) -> String {
    let file_writable = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    if file_writable {
        "its folder cannot be written".into()
    } else {
        "the file is read-only".into()
    }
}

/// Opens an existing file for reading only. A file in WAL mode whose folder cannot be written
/// has no shared-memory file to use; it is then read as immutable (nothing can write it either).
fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let plain = Connection::open_with_flags(path, flags).and_then(|conn| {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(conn)
    });
    let conn = match plain {
        Ok(conn) => conn,
        Err(_) => {
            let uri = immutable_uri(path);
            Connection::open_with_flags(&uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|e| classify(path, e))?
        }
    };
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| classify(path, e))?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// `file:/path?immutable=1`, with the characters URIs reserve escaped.
fn immutable_uri(path: &Path) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'%' | b'?' | b'#' => uri.push_str(&format!("%{byte:02X}")),
            _ => uri.push(byte as char),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 128;

/// How long a write waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Reads an existing file without writing to it: refuses newer and foreign files. (Damage is
/// found by `structure_check`, which reads the whole file.)
pub(super) fn inspect_existing(path: &Path) -> Result<()> {
    inspect_with_wal(path).map_err(|e| match e {
        // The file alone is ours, read with its WAL it is not: the WAL beside it holds another
        // database's changes (copied in, or left by a file of the same name). Said as such:
        // SQLite would otherwise write those pages into the knowledge base at a checkpoint.
        // (Only when the WAL makes it another program's file: a WAL that damages it may be
        // its own, and is reported as damage.)
        StoreError::NotChancery { .. } if wal_of(path).exists() && main_file_is_ours(path) => {
            StoreError::ForeignWal {
                path: path.to_path_buf(),
                wal: wal_of(path),
            }
        }
        other => other,
    })
}

/// The WAL file SQLite keeps beside `path`.
fn wal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

/// Whether the database file itself, without its WAL, is a Chancery knowledge base.
fn main_file_is_ours(path: &Path) -> bool {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    Connection::open_with_flags(immutable_uri(path), flags)
        .and_then(|conn| conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0)))
        .is_ok_and(|id| id == APPLICATION_ID)
}

fn inspect_with_wal(path: &Path) -> Result<()> {
    let conn = open_read_only(path)?;
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| classify(path, e))
    };
    let version = read("PRAGMA user_version")?;
    let app_id = read("PRAGMA application_id")?;
    let tables = read("SELECT count(*) FROM sqlite_master")?;
    // An empty SQLite file is a new knowledge base to set up, unless something marked it as
    // a version of some schema: then it is another program's, and left untouched.
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0 || version != 0) {
        return Err(StoreError::NotChancery {
            path: path.to_path_buf(),
        });
    }
    if version > latest_version() {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: latest_version(),
        });
    }
    Ok(())
}

/// SQLite's structural check of the whole file (`PRAGMA quick_check`): it reads every page, so
/// it runs in the background after opening (see `Store::structure_check`), in `check`, and
/// before a backup is restored; never in front of the user.
pub(super) fn structure_check(conn: &Connection, path: &Path) -> Result<()> {
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: summarise_check(&verdict),
        });
    }
    Ok(())
}

/// SQLite's check output as one line: "the database is damaged (12 problems; first: …)".
fn summarise_check(verdict: &str) -> String {
    let lines: Vec<&str> = verdict
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("***"))
        .collect();
    match lines.as_slice() {
        [] => "the database is damaged".into(),
        [one] => format!("the database is damaged: {one}"),
        [first, ..] => format!(
            "the database is damaged ({} problems; first: {first})",
            lines.len()
        ),
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // A write touches some 20 distinct statements; rusqlite keeps 16 by default, and a
    // statement dropped from the cache is compiled again at its next use.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" {
        log_note(&format!("journal mode is {mode}, not WAL"));
    }
    // Saved means on disk: every commit syncs the WAL before it is reported (NORMAL synced
    // only at checkpoints, so a power cut could take back the last saves). At human speed a
    // sync per save costs nothing; an import is one commit, one sync (PERFORMANCE.md).
    conn.pragma_update(None, "synchronous", "FULL")?;
    // On macOS a plain fsync leaves the data in the drive's cache; F_FULLFSYNC does not.
    #[cfg(target_os = "macos")]
    {
        conn.pragma_update(None, "fullfsync", true)?;
        conn.pragma_update(None, "checkpoint_fullfsync", true)?;
    }
    // Statement journals (a savepoint per multi-row write) and sorts stay in memory instead of
    // temporary files: a fifth of an import's time went to writing them.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // 32 MiB of page cache (the default is 2 MiB): list and filter queries at a million
    // records revisit the same index pages.
    conn.pragma_update(None, "cache_size", -32768)?;
    Ok(())
}

/// Brings the file to the latest schema; an existing file is backed up first.
pub(super) fn migrate(conn: &Connection, path: &Path, from: i64) -> Result<()> {
    if from > 0 {
        super::backup::take_backup(conn, path)?;
    }
    let run = || -> rusqlite::Result<()> {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.execute_batch("COMMIT")
    };
    run().map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK");
        classify(path, e)
    })
}

/// Turns an SQLite error met while opening into the message a user can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::Corrupt {
            path,
            reason: "not a SQLite database".into(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            reason: "the database is damaged".into(),
        },
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => StoreError::ReadOnly {
            path,
            reason: e.to_string(),
        },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            let holders = super::holders::describe(&path);
            StoreError::Locked { path, holders }
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull,
        _ => StoreError::Sqlite(e),
    }
}

fn log_note(message: &str) {
    eprintln!("chancery: {message}");
}

/// Whether `path` is a whole Chancery knowledge base that a restore may copy over the open
/// one: a regular file, not empty, a SQLite file marked as ours holding the record table, of a
/// schema this program knows, whole by SQLite's structural check. Read only: nothing is written beside it. The reason it is not, in words.
/// Returns the connection it was checked through, for the restore to copy from: what was
/// checked is what is copied (a WAL beside it, which another connection would apply and
/// perhaps checkpoint into it, is not read).
pub(super) fn check_restorable(path: &Path) -> Result<Connection> {
    let refuse = |reason: &str| StoreError::NotRestorable {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => refuse("there is no file there"),
        _ => refuse(&e.to_string()),
    })?;
    if meta.is_dir() {
        return Err(refuse("it is a folder, not a backup file"));
    }
    if !meta.is_file() {
        return Err(refuse("it is not a regular file"));
    }
    if meta.len() == 0 {
        return Err(refuse("the file is empty"));
    }
    // Changes waiting in a WAL beside it are not read (see below): a restore would miss them.
    if std::fs::metadata(wal_of(path)).is_ok_and(|m| m.len() > 0) {
        return Err(refuse(
            "changes of it wait in the -wal file beside it; open it once with Chancery so they are written into it, then restore",
        ));
    }
    let not_ours = || refuse("it is not a Chancery knowledge base");
    // Opened immutable: a read-only connection to a file in WAL mode would leave -wal and
    // -shm files beside a file that is not ours to change.
    let conn = Connection::open_with_flags(
        immutable_uri(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(|_| not_ours())?;
    let read = |sql: &str| -> Option<i64> { conn.query_row(sql, [], |r| r.get(0)).ok() };
    let version = read("PRAGMA user_version").ok_or_else(not_ours)?;
    let app_id = read("PRAGMA application_id").ok_or_else(not_ours)?;
    // Every file Chancery ever wrote carries its application id (set by each migration since
    // the first schema); another program's file with a `record` table does not.
    let record_table = conn
        .prepare("SELECT uuid, kind, title, deleted_at FROM record LIMIT 0")
        .is_ok();
    if app_id != APPLICATION_ID || !record_table || version < 1 {
        return Err(not_ours());
    }
    if version > latest_version() {
        return Err(refuse(&format!(
            "it was written by a newer Chancery (schema version {version}; this program knows up to {})",
            latest_version()
        )));
    }
    structure_check(&conn, path).map_err(|e| match e {
        StoreError::Corrupt { reason, .. } => refuse(&reason),
        other => other,
    })?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    /// Every commit is synced before it is reported (`synchronous = FULL`, 2).
    #[test]
    fn saves_are_synced_before_they_are_reported() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = crate::store::Store::open(&dir.path().join("kb.db")).expect("open");
        let level: i64 = store
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(level, 2);
    }
}
