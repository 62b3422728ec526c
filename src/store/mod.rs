//! The one local SQLite file: opening it safely (integrity, migration with a backup first,
//! refusing files from a newer version), and every read and write of records, references,
//! the full-text index, the change log and saved searches.

mod error;
mod history;
mod import;
mod open;
mod read;
mod saved;
mod schema;
mod undo;
mod view;
mod write;

pub use error::{Result, StoreError};
pub use history::ChangeEntry;
pub use import::{Conflict, ImportOptions, ImportReport, OnConflict, Verdict, classify};
pub use open::default_path;
pub use read::{BacklinkGroup, CheckReport, Counts, EdgeView, RecordRef};
pub use saved::{SavedSearch, find_saved};
pub use schema::migrations;
pub use undo::UndoStep;
pub use view::RecordView;

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

/// An open knowledge-base file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the file at `path`, creating it (and its folder) if missing.
    pub fn open(path: &Path) -> Result<Store> {
        let (conn, found_version) = open::open_connection(path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        if found_version > 0 && found_version < schema::REBUILD_AFTER {
            store.rebuild_derived()?;
        }
        Ok(store)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
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
