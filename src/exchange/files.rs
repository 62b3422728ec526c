//! Writing output files so that a failure or a cancel never leaves a half-written file: the
//! bytes go to a temporary file beside the target, which is renamed over it when complete.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_streaming(path, std::convert::identity, |out| out.write_all(bytes))
}

/// Writes to `path` atomically what `write` writes to the (buffered) output it is given;
/// `io_error` turns a failure of the file itself into the caller's error.
pub fn write_streaming<E>(
    path: &Path,
    io_error: impl Fn(std::io::Error) -> E,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<(), E>,
) -> Result<(), E> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file = tempfile::NamedTempFile::new_in(dir).map_err(&io_error)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    write(&mut out)?;
    let file = out.into_inner().map_err(|e| io_error(e.into_error()))?;
    finish_atomically(file, path).map_err(io_error)
}

/// Syncs the written temporary file, makes it an ordinary file and renames it into place.
fn finish_atomically(file: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    file.as_file().sync_all()?;
    // Temporary files are private (0600); an exported file is an ordinary one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist(path).map_err(|e| e.error)?;
    crate::store::sync_parent_folder(path)
}

/// Writes `files` as the whole content of `folder`, all or nothing: they go into a new folder
/// beside it, which is renamed into place when complete; an old folder (already checked to
/// hold only files of an earlier export) is moved aside first and deleted after.
pub fn write_folder_whole(folder: &Path, files: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    let parent = match folder.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fresh = tempfile::Builder::new()
        .prefix(&format!(".{name}.partial-"))
        .tempdir_in(parent)?;
    for (file, bytes) in files {
        let path = fresh.path().join(file);
        let mut out = std::fs::File::create(&path)?;
        out.write_all(bytes)?;
        out.sync_all()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Temporary folders are private (0700); an exported folder is an ordinary one.
        std::fs::set_permissions(fresh.path(), std::fs::Permissions::from_mode(0o755))?;
    }
    let fresh = fresh.keep();
    let old = if folder.exists() {
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)?
            .keep();
        // rename() onto an existing empty folder replaces it on Unix.
        std::fs::remove_dir(&aside)?;
        if let Err(e) = std::fs::rename(folder, &aside) {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(e);
        }
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&fresh, folder) {
        // Put the old folder back; nothing was lost.
        if let Some(old) = &old {
            let _ = std::fs::rename(old, folder);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e);
    }
    // The new folder's files were synced as they were written; its name is synced here.
    crate::store::sync_parent_folder(folder)?;
    if let Some(old) = old {
        remove_export_folder(&old);
    }
    Ok(())
}

/// Deletes a moved-aside export folder: only the files an export writes, then the folder.
fn remove_export_folder(folder: &Path) {
    for file in super::target::CSV_FILES {
        let _ = std::fs::remove_file(folder.join(file));
    }
    if let Err(e) = std::fs::remove_dir(folder) {
        log::warn!("cannot remove the old export {}: {e}", folder.display());
    }
}
