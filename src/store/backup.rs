//! Rolling backups of the knowledge base, taken with SQLite's online backup API (a consistent
//! copy even while the file is in use), then kept compressed, most as the pages changed since
//! a full one (`backup_file`): on open when the newest is more than a day old, before every
//! migration and import, and on request. They live in `<file>.backups/` beside the file, named
//! by the time they were taken; the newest seven are kept, and the full backups they need.
//! Restoring rebuilds the backed-up file, checks it whole, copies the current file aside, then
//! copies the backup's pages into it. Plain SQLite copies (`.db`, as earlier versions wrote
//! them) are listed and restored too.

use super::Store;
use super::backup_file;
use super::error::{Result, StoreError};
use rusqlite::{Connection, MAIN_DB};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How many backups are kept; older ones are deleted after each new one.
pub const KEEP_BACKUPS: usize = 7;

/// A backup on open is taken when the newest is older than this.
pub const BACKUP_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When it was taken, as its name says (UTC, `2026-11-26 10:15:03`).
    pub taken: String,
    pub bytes: u64,
}

/// The folder holding the backups of the knowledge base at `database`.
pub fn backups_folder(database: &Path) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    database.with_file_name(name)
}

/// The backups of `database`, newest first.
pub fn list_backups(database: &Path) -> Vec<BackupInfo> {
    let folder = backups_folder(database);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut found: Vec<BackupInfo> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let taken = taken_from_name(&name)?;
            let meta = entry.metadata().ok().filter(|m| m.is_file())?;
            Some(BackupInfo {
                path: entry.path(),
                taken,
                bytes: meta.len(),
            })
        })
        .collect();
    // Newest first; two taken in the same second are told apart by their suffix ("…Z-2").
    let order = |b: &BackupInfo| {
        let name = b.path.file_stem().unwrap_or_default().to_string_lossy();
        let suffix = name
            .rsplit_once("Z-")
            .and_then(|(_, n)| n.parse::<u32>().ok())
            .unwrap_or(1);
        (b.taken.clone(), suffix)
    };
    found.sort_by_key(|b| std::cmp::Reverse(order(b)));
    found
}

/// "2026-11-26 10:15:03" from "2026-11-26T101503Z.cbk" (or "…Z-2.cbk", or a plain copy's
/// ".db"); `None` for other files.
fn taken_from_name(name: &str) -> Option<String> {
    let stem = name
        .strip_suffix(".db")
        .or_else(|| name.strip_suffix(&format!(".{}", backup_file::EXTENSION)))?;
    let stamp = stem.split('-').take(3).collect::<Vec<_>>().join("-");
    let (date, time) = stamp.split_once('T')?;
    let time = time.strip_suffix('Z')?;
    let valid = date.len() == 10
        && time.len() == 6
        && date.chars().all(|c| c.is_ascii_digit() || c == '-')
        && time.chars().all(|c| c.is_ascii_digit());
    valid.then(|| format!("{date} {}:{}:{}", &time[0..2], &time[2..4], &time[4..6]))
}

/// A name for a backup taken now, not yet used in `folder`.
fn fresh_name(folder: &Path) -> PathBuf {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H%M%SZ")
        .to_string();
    let extension = backup_file::EXTENSION;
    let mut candidate = folder.join(format!("{stamp}.{extension}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{stamp}-{n}.{extension}"));
        n += 1;
    }
    candidate
}

/// Copies the open database behind `conn` into a new backup of `database`, then keeps only the
/// newest [`KEEP_BACKUPS`]. The copy is written under a temporary name and renamed when whole.
pub(super) fn take_backup(conn: &Connection, database: &Path) -> Result<BackupInfo> {
    let folder = backups_folder(database);
    let failed = |reason: String| StoreError::Backup {
        path: folder.clone(),
        reason,
    };
    if folder.exists() && !folder.is_dir() {
        return Err(failed(
            "a file has that name, where the backups folder belongs: move it away".into(),
        ));
    }
    std::fs::create_dir_all(&folder).map_err(|e| failed(e.to_string()))?;
    // A private name for the copy in progress: another process may be backing up at once.
    let partial = tempfile::Builder::new()
        .prefix(".partial-")
        .tempfile_in(&folder)
        .map_err(|e| failed(e.to_string()))?
        .into_temp_path();
    if let Err(e) = conn.backup(MAIN_DB, &partial, None::<fn(rusqlite::backup::Progress)>) {
        // The copy's own rollback journal, which SQLite leaves when it stops midway, goes
        // with the copy (the copy itself is removed when `partial` drops).
        let mut journal = partial.as_os_str().to_os_string();
        journal.push("-journal");
        let _ = std::fs::remove_file(journal);
        return Err(failed(e.to_string()));
    }
    // Compressed under a private name too, then renamed when whole; the copy goes when
    // `partial` drops.
    let compressed = tempfile::Builder::new()
        .prefix(".partial-")
        .tempfile_in(&folder)
        .map_err(|e| failed(e.to_string()))?
        .into_temp_path();
    let _ = std::fs::remove_file(&compressed);
    let base = newest_full(database);
    backup_file::write(&partial, base.as_deref(), &compressed)
        .map_err(|e| failed(e.to_string()))?;
    drop(partial);
    let mut compressed = compressed;
    let target = loop {
        let candidate = fresh_name(&folder);
        match compressed.persist_noclobber(&candidate) {
            Ok(()) => break candidate,
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => compressed = e.path,
            Err(e) => return Err(failed(e.error.to_string())),
        }
    };
    // The backup's name is on disk before it is reported, and before prune deletes an older.
    super::durable::sync_folder(&folder).map_err(|e| failed(e.to_string()))?;
    prune(database);
    let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    Ok(BackupInfo {
        taken: taken_from_name(&name).unwrap_or_default(),
        path: target,
        bytes,
    })
}

/// Deletes all but the newest [`KEEP_BACKUPS`] backups (only files named as backups are
/// touched), and copies left half-made by a process that was killed more than an hour ago.
fn prune(database: &Path) {
    if let Ok(entries) = std::fs::read_dir(backups_folder(database)) {
        for entry in entries.flatten() {
            let stale = entry.file_name().to_string_lossy().starts_with(".partial-")
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > Duration::from_secs(3600));
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let all = list_backups(database);
    // The full backups a kept delta is read against stay too.
    let needed: Vec<PathBuf> = all
        .iter()
        .take(KEEP_BACKUPS)
        .filter_map(|b| {
            backup_file::header(&b.path)
                .ok()?
                .base
                .map(|n| b.path.with_file_name(n))
        })
        .collect();
    for old in all.into_iter().skip(KEEP_BACKUPS) {
        if needed.contains(&old.path) {
            continue;
        }
        if let Err(e) = std::fs::remove_file(&old.path) {
            log::warn!("cannot delete old backup {}: {e}", old.path.display());
        }
    }
}

/// The newest full backup of `database`, if any: the next backup is written as the pages that
/// differ from it.
fn newest_full(database: &Path) -> Option<PathBuf> {
    list_backups(database).into_iter().find_map(|b| {
        let header = backup_file::header(&b.path).ok()?;
        (header.kind == backup_file::BackupKind::Full).then_some(b.path)
    })
}

/// The SQLite file a backup holds: a plain copy is itself; a compressed one is rebuilt beside
/// it under a temporary name (removed when the returned path drops).
fn as_sqlite_file(backup: &Path) -> Result<Restorable> {
    // Only a plain file is read here (a named pipe would block the open); anything else is
    // left to the restore check, which refuses it.
    let is_file = std::fs::metadata(backup).is_ok_and(|m| m.is_file());
    let is_compressed = is_file
        && (backup
            .extension()
            .is_some_and(|e| e == backup_file::EXTENSION)
            || backup_file::header(backup).is_ok());
    if !is_compressed {
        return Ok(Restorable::Plain(backup.to_path_buf()));
    }
    let refused = |reason: String| StoreError::NotRestorable {
        path: backup.to_path_buf(),
        reason,
    };
    let folder = backup.parent().unwrap_or(Path::new("."));
    let rebuilt = tempfile::Builder::new()
        .prefix(".restoring-")
        .tempfile_in(folder)
        .map_err(|e| refused(e.to_string()))?
        .into_temp_path();
    let _ = std::fs::remove_file(&rebuilt);
    backup_file::restore_into(backup, &rebuilt)
        .map_err(|e| refused(format!("the backup cannot be read ({e})")))?;
    Ok(Restorable::Rebuilt(rebuilt))
}

/// A backup as a SQLite file to restore from.
enum Restorable {
    Plain(PathBuf),
    Rebuilt(tempfile::TempPath),
}

impl Restorable {
    fn path(&self) -> &Path {
        match self {
            Restorable::Plain(path) => path,
            Restorable::Rebuilt(path) => path,
        }
    }
}

/// Writes the knowledge base the backup at `backup` holds as a SQLite file at `into` (which
/// must not exist): to open a backup without restoring it.
pub fn extract_backup(backup: &Path, into: &Path) -> Result<()> {
    let source = as_sqlite_file(backup)?;
    std::fs::copy(source.path(), into).map_err(|e| StoreError::NotRestorable {
        path: backup.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(())
}

impl Store {
    /// Takes a backup now.
    pub fn backup(&self) -> Result<BackupInfo> {
        take_backup(&self.conn, &self.path)
    }

    /// Takes a backup if the file holds records and the newest backup is older than a day (or
    /// there is none). Returns the new backup, if one was taken.
    ///
    /// A due backup is taken from a sound file only: SQLite's structural check runs first, and
    /// a damaged file is reported (`StoreError::Corrupt`) instead of being copied over the
    /// good backups that rotation would drop.
    pub fn backup_if_due(&self) -> Result<Option<BackupInfo>> {
        if self.read_only.is_some() {
            return Ok(None);
        }
        let newest = list_backups(&self.path)
            .first()
            .and_then(|b| std::fs::metadata(&b.path).ok())
            .and_then(|m| m.modified().ok());
        let due = match newest {
            None => true,
            Some(time) => SystemTime::now()
                .duration_since(time)
                .is_ok_and(|age| age > BACKUP_EVERY),
        };
        if !due {
            return Ok(None);
        }
        self.structure_check()?;
        if self.has_records()? {
            self.backup().map(Some)
        } else {
            Ok(None)
        }
    }

    /// SQLite's structural check of the whole file (it reads every page: seconds for a large
    /// file, so never on the way to the first results). `StoreError::Corrupt` says what is wrong.
    pub fn structure_check(&self) -> Result<()> {
        super::open::structure_check(&self.conn, &self.path)
    }

    /// Replaces the whole knowledge base with `backup`, after copying the current file aside
    /// (returned). The backup must be a Chancery file this program can read; an older one is
    /// brought to the current schema.
    pub fn restore_backup(&mut self, backup: &Path) -> Result<BackupInfo> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::OpenReadOnly {
                reason: reason.clone(),
            });
        }
        let same = backup
            .canonicalize()
            .ok()
            .zip(self.path.canonicalize().ok())
            .is_some_and(|(a, b)| a == b);
        if same {
            return Err(StoreError::NotRestorable {
                path: backup.to_path_buf(),
                reason: "that is the open knowledge base itself".into(),
            });
        }
        // Checked whole before anything is replaced: an empty or foreign file restored would
        // empty the knowledge base.
        let source = as_sqlite_file(backup)?;
        let checked = super::open::check_restorable(source.path()).map_err(|e| match e {
            // Named by the backup the user chose, not the file rebuilt from it.
            StoreError::NotRestorable { reason, .. } => StoreError::NotRestorable {
                path: backup.to_path_buf(),
                reason,
            },
            other => other,
        })?;
        let aside = self.backup()?;
        rusqlite::backup::Backup::new(&checked, &mut self.conn)
            .and_then(|copy| {
                copy.run_to_completion(256, Duration::ZERO, None::<fn(rusqlite::backup::Progress)>)
            })
            .map_err(|e| StoreError::NotRestorable {
                path: backup.to_path_buf(),
                reason: e.to_string(),
            })?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < super::schema::latest_version() {
            super::open::migrate(&self.conn, &self.path, version)?;
            self.rederive_after_migration(version)?;
        }
        Ok(aside)
    }

    /// A backup before an import, unless the file is empty or read-only (the import then
    /// fails on its own).
    pub(super) fn backup_before_import(&self) -> Result<()> {
        if self.read_only.is_none() && self.has_records()? {
            self.backup()?;
        }
        Ok(())
    }

    /// True if any record (live or in the Trash) is stored.
    pub(super) fn has_records(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM record)", [], |r| r.get(0))?)
    }
}
