//! What can go wrong with a knowledge-base file, in words a user can act on.

use crate::model::{RecordKind, ValidationError};
use std::path::PathBuf;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer Chancery (schema version {found}; this program knows up to {supported}); it was left untouched — update Chancery to open it"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path} is a SQLite file but not a Chancery knowledge base; it was left untouched")]
    NotChancery { path: PathBuf },
    #[error(
        "{wal} does not belong to {path} (it holds another database's changes); both were left untouched — move {wal} away and {path} opens as it was last saved"
    )]
    ForeignWal { path: PathBuf, wal: PathBuf },
    #[error("{path} is not a readable knowledge base ({reason}); it was left untouched")]
    Corrupt { path: PathBuf, reason: String },
    #[error("{path} cannot be written ({reason}); check the file's permissions or open a copy")]
    ReadOnly { path: PathBuf, reason: String },
    #[error(
        "{path} is busy: another writer kept it locked for 5 seconds ({holders}); try again when it is done"
    )]
    Locked { path: PathBuf, holders: String },
    #[error("the knowledge base is open read-only ({reason}); nothing was written")]
    OpenReadOnly { reason: String },
    #[error("{path} is a folder, not a knowledge base file")]
    IsFolder { path: PathBuf },
    #[error("cannot back up to {path}: {reason}")]
    Backup { path: PathBuf, reason: String },
    /// A file offered to `restore` that is not a whole Chancery knowledge base: nothing was
    /// replaced.
    #[error("cannot restore from {path}: {reason}; nothing was changed")]
    NotRestorable { path: PathBuf, reason: String },
    #[error("cannot create the folder for {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{kind} '{label}' is not valid: {error}")]
    Invalid {
        kind: RecordKind,
        label: String,
        error: ValidationError,
    },
    #[error("no record with uuid {0}")]
    NotFound(Uuid),
    #[error("a record with uuid {0} exists already")]
    Duplicate(Uuid),
    /// The caller stopped the work before it was committed; nothing was written.
    #[error("stopped before it was finished; nothing was written")]
    Stopped,
    /// An incoming record that cannot be imported: `at` is its place in the import (counted
    /// from 0 in the order the records were given), so that the caller can name it.
    #[error("{message}")]
    InImport {
        at: u64,
        uuid: Uuid,
        message: String,
    },
    #[error("{kind} '{label}' ({uuid}) refers to {missing}, {problem}")]
    Reference {
        kind: RecordKind,
        label: String,
        uuid: Uuid,
        missing: Uuid,
        problem: String,
    },
    #[error("{0} is not in the Trash; delete it first")]
    NotInTrash(Uuid),
    #[error("record {uuid} in the file cannot be read: {reason}")]
    BadRecord { uuid: String, reason: String },
    #[error("a saved search named '{0}' does not exist")]
    NoSavedSearch(String),
    #[error("{} records changed both here and in the import since they were last exchanged ({}); nothing was imported", .0.len(), .0.iter().take(5).map(|c| format!("{} '{}'", c.kind.label().to_lowercase(), c.ours)).collect::<Vec<_>>().join(", "))]
    Conflicts(Vec<super::import::Conflict>),
    /// A judgement on two records that cannot be made (the reason says why, naming them).
    #[error("{0}")]
    CannotJudge(String),
    #[error("the disk is full; nothing was written")]
    DiskFull,
    /// The file's side of a team refused (already a working copy, say).
    #[error("{0}")]
    Team(String),
    /// SQLite found the file damaged while reading or writing it (after it opened: a damaged
    /// page is only met when read).
    #[error(
        "the file is not a readable knowledge base (damaged: {0}); nothing was changed — `chancery backup --list` shows the backups to restore"
    )]
    Damaged(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::OpenReadOnly {
                reason: "the file cannot be written".into(),
            },
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                StoreError::Damaged(match &e {
                    rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
                    _ => e.to_string(),
                })
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
