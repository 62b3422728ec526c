//! The one local SQLite file: opening it safely (integrity, migration with a backup first,
//! refusing files from a newer version), and every read and write of records, references,
//! the full-text index, the change log and saved searches.

mod backup;
pub mod backup_file;
mod draft;
mod durable;
mod error;
mod history;
mod holders;
mod import;
mod merge;
mod open;
mod read;
mod saved;
mod schema;
mod team;
mod undo;
mod view;
mod write;

pub use backup::{BackupInfo, KEEP_BACKUPS, backups_folder, extract_backup, list_backups};
pub use draft::KeptDraft;
pub use durable::{sync_folder, sync_parent_folder};
pub use error::{Result, StoreError};
pub use history::ChangeEntry;
#[cfg(feature = "test-support")]
pub use history::change_log_rows_read;
pub use import::{
    Conflict, DeriveProgress, ImportCheck, ImportOptions, ImportPlan, ImportReport, ImportWriter,
    OnConflict, Verdict, classify,
};
pub use merge::{Cluster, ClusterMember, can_merge};
pub use open::default_path;
pub use read::{BACKLINK_PAGE, BacklinkGroup, CheckReport, Counts, DatedRow, EdgeView, RecordRef};
pub use saved::{SavedSearch, find_saved};
#[cfg(feature = "test-support")]
pub use schema::migrations;
pub use team::{
    JUDGEMENT_KIND, OutboxEntry, Outgoing, PullReport, Pulled, Resolution, TeamConflict, TeamLink,
    server_doc,
};
pub use undo::{COUNTED_RECORDS, UndoStep};
pub use view::RecordView;
pub use write::{WriteStep, has_name_entry};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Stops whatever query its store is running (the query fails as interrupted); does nothing
/// when none runs.
pub struct Interrupter(rusqlite::InterruptHandle);

impl Interrupter {
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

/// How the reason starts when the file is read-only because the team role may only read.
const TEAM_ROLE_READS_ONLY: &str = "the team role";

/// An open knowledge-base file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Why the file is open for reading only, if it is.
    read_only: Option<String>,
}

impl Store {
    /// Opens the file at `path`, creating it (and its folder) if missing.
    pub fn open(path: &Path) -> Result<Store> {
        let opened = open::open_connection(path)?;
        let found_version = opened.found_version;
        let mut store = Store {
            conn: opened.conn,
            path: path.to_path_buf(),
            read_only: opened.read_only,
        };
        store.rederive_after_migration(found_version)?;
        if store.read_only.is_none()
            && let Some(link) = store.team_link()?
            && !link.can_write
        {
            store.read_only = Some(format!(
                "{TEAM_ROLE_READS_ONLY} {} may only read this knowledge base",
                link.author
            ));
        }
        Ok(store)
    }

    /// Opens a team's working copy for the sync that writes the server's changes into it,
    /// also when the user's role may only read.
    pub fn open_for_team_sync(path: &Path) -> Result<Store> {
        let mut store = Store::open(path)?;
        if store
            .read_only
            .as_deref()
            .is_some_and(|r| r.starts_with(TEAM_ROLE_READS_ONLY))
        {
            store.read_only = None;
        }
        Ok(store)
    }

    /// Re-derives what a migration from `found_version` left to be derived again.
    pub(crate) fn rederive_after_migration(&mut self, found_version: i64) -> Result<()> {
        if found_version > 0 && found_version < schema::REBUILD_AFTER {
            self.rebuild_derived()?;
            return Ok(());
        }
        if found_version > 0 && found_version < schema::REDERIVE_PERSIAN_BEFORE {
            self.rebuild_derived_matching(schema::PERSIAN_LETTERS_GLOB)?;
        }
        if found_version > 0 && found_version < schema::REINDEX_BEFORE {
            self.rebuild_search_index()?;
        } else if found_version > 0 && found_version < schema::REKEY_DIGITS_BEFORE {
            self.rederive_doubled_digits()?;
        }
        Ok(())
    }

    /// Runs what opening a file of schema `version` re-derives after its migration (for
    /// tests: a file of an older schema cannot be written by this version).
    #[cfg(feature = "test-support")]
    pub fn rederive_as_if_migrated_from(&mut self, version: i64) -> Result<()> {
        self.rederive_after_migration(version)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the file could only be opened for reading (`None` when it can be written).
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Starts a write: waits up to the busy timeout for another writer (`BEGIN IMMEDIATE`, so
    /// the wait happens here and not, failing at once, at the first write), and refuses at once
    /// when the file is open read-only.
    pub(crate) fn write_transaction(&mut self) -> Result<rusqlite::Transaction<'_>> {
        self.begin_write()
    }

    /// `write_transaction` for a writer that keeps reading the store while it writes (an
    /// import); SQLite refuses it at run time if a transaction is open already.
    pub(crate) fn begin_write(&self) -> Result<rusqlite::Transaction<'_>> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::OpenReadOnly {
                reason: reason.clone(),
            });
        }
        let path = self.path.clone();
        rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy)
                | Some(rusqlite::ErrorCode::DatabaseLocked) => StoreError::Locked {
                    holders: holders::describe(&path),
                    path,
                },
                _ => StoreError::from(e),
            })
    }

    /// A handle another thread can use to stop this store's running query.
    pub fn interrupter(&self) -> Interrupter {
        Interrupter(self.conn.get_interrupt_handle())
    }

    /// The connection, for the query layer's read-only SQL.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}
