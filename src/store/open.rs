//! Opening a file: recognising it, refusing what must not be touched, connection settings,
//! and migrating with a backup copy taken first.

use super::error::{Result, StoreError};
use super::schema::{APPLICATION_ID, MIGRATIONS, latest_version};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The default knowledge base: `chancery.db` in the platform's data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Chancery", "Chancery")
        .map(|dirs| dirs.data_dir().join("chancery.db"))
}

/// Opens the file; also returns the schema version it had before migrating.
pub(super) fn open_connection(path: &Path) -> Result<(Connection, i64)> {
    if path.exists() {
        inspect_existing(path)?;
    } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: path.to_path_buf(),
            source,
        })?;
    }
    let conn = Connection::open(path).map_err(|e| classify(path, e))?;
    configure(&conn).map_err(|e| classify(path, e))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if version < latest_version() {
        migrate(&conn, path, version)?;
    }
    Ok((conn, version))
}

/// Reads an existing file without writing to it: refuses newer, foreign and damaged files.
fn inspect_existing(path: &Path) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| classify(path, e))
    };
    let version = read("PRAGMA user_version")?;
    let app_id = read("PRAGMA application_id")?;
    let tables = read("SELECT count(*) FROM sqlite_master")?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
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
    if tables > 0 {
        let verdict: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        if verdict != "ok" {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: verdict,
            });
        }
    }
    Ok(())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" {
        log_note(&format!("journal mode is {mode}, not WAL"));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // 32 MiB of page cache (the default is 2 MiB): list and filter queries at a million
    // records revisit the same index pages.
    conn.pragma_update(None, "cache_size", -32768)?;
    Ok(())
}

/// Brings the file to the latest schema; an existing file is copied aside first.
fn migrate(conn: &Connection, path: &Path, from: i64) -> Result<()> {
    if from > 0 {
        let backup = backup_path(path, from);
        conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
            .map_err(|e| classify(path, e))?;
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

fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.backup"));
    path.with_file_name(name)
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
            StoreError::Locked { path }
        }
        Some(ErrorCode::DiskFull) => StoreError::DiskFull,
        _ => StoreError::Sqlite(e),
    }
}

fn log_note(message: &str) {
    eprintln!("chancery: {message}");
}
