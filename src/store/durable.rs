//! What makes a file written by renaming durable: after a rename into a folder, the folder
//! itself is synced, so that a power cut cannot leave the old name (or none) in place of a
//! file the user was told is saved. SQLite syncs its own database and WAL (`synchronous =
//! FULL`, set when a file is opened); this covers the files Chancery renames into place:
//! exports, backups and the file a restore replaced.

use std::path::Path;

/// Syncs the folder holding `path` (the folder `path` was renamed into). On systems where a
/// folder cannot be opened for syncing (Windows), renames are durable through the file system
/// journal and nothing is done.
pub fn sync_parent_folder(path: &Path) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    sync_folder(folder)
}

/// Syncs the folder `folder` itself (its entries: names added, removed or renamed).
pub fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}
