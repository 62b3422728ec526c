//! Where an export may be written. An export goes to a new name, to a regular file that is not
//! a database, or (CSV) to a folder holding nothing but an earlier CSV export; never onto the
//! open knowledge base or any file that belongs to it (its `-wal`, `-shm` and `-journal`
//! files, its backups), and never onto a link, a pipe, a device or a socket.

use std::path::{Path, PathBuf};

/// What an export writes: one file, or a folder of CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    File,
    Folder,
}

/// Why an export will not write where it was asked to. Each reads as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error(
        "{0} is the open knowledge base or one of its files; exporting there would destroy it — choose another name"
    )]
    KnowledgeBase(PathBuf),
    #[error("{0} is a symbolic link; export to the file itself or to a new name")]
    Link(PathBuf),
    #[error("{0} is not a regular file (a pipe, device or socket); export to a file or a new name")]
    Special(PathBuf),
    #[error("{0} is a folder; choose a file name")]
    Folder(PathBuf),
    #[error("{0} is a file; a CSV export writes a folder (or name it .zip)")]
    NotAFolder(PathBuf),
    #[error(
        "{0} holds other files than a Chancery CSV export ({1}); choose an empty folder or a new name"
    )]
    ForeignFolder(PathBuf, String),
    #[error("{0} is a database; exporting would replace it — choose another name")]
    Database(PathBuf),
    #[error(
        "{0} exists and was not written by a Chancery export; choose a new name, or say to replace it (--force)"
    )]
    NotAnExport(PathBuf),
    #[error("the folder {0} does not exist")]
    NoFolder(PathBuf),
    #[error("no file name given")]
    NoName,
}

/// The files of a CSV export; a folder holding only these (or nothing) may be replaced.
pub const CSV_FILES: [&str; 11] = [
    "actors.csv",
    "aliases.csv",
    "meetings.csv",
    "participants.csv",
    "statements.csv",
    "sources.csv",
    "citations.csv",
    "places.csv",
    "topics.csv",
    "topic_tags.csv",
    "links.csv",
];

/// The names beside a database file that SQLite and Chancery keep for it.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Whether an export may replace an existing file that an export did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// Only a file an earlier export wrote (or an empty one): anything else is refused.
    #[default]
    EarlierExports,
    /// Any regular file that is not a database (`export --force`).
    AnyFile,
}

/// The first line of the Markdown and GraphML an export writes (a comment, unseen when the
/// file is shown), by which a later export knows a file it may replace.
pub const EXPORT_MARK: &str = "<!-- written by a Chancery export -->";

/// Refuses `out` unless an export of `kind` may be written there without destroying anything;
/// `database` is the open knowledge base. An existing file is replaced only if an export wrote
/// it, or with `Replace::AnyFile`.
pub fn check_target_replacing(
    out: &Path,
    kind: TargetKind,
    database: &Path,
    replace: Replace,
) -> Result<(), TargetError> {
    let Some(name) = out.file_name() else {
        return Err(TargetError::NoName);
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let parent = parent
        .canonicalize()
        .map_err(|_| TargetError::NoFolder(parent.clone()))?;
    let resolved = parent.join(name);
    if belongs_to_database(&resolved, database) || same_file(out, database) {
        return Err(TargetError::KnowledgeBase(out.to_path_buf()));
    }
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        return Ok(()); // A new name.
    };
    let file_type = meta.file_type();
    if file_type.is_symlink() {
        return Err(TargetError::Link(out.to_path_buf()));
    }
    match kind {
        TargetKind::File if file_type.is_dir() => Err(TargetError::Folder(out.to_path_buf())),
        TargetKind::File if !file_type.is_file() => Err(TargetError::Special(out.to_path_buf())),
        TargetKind::File if is_sqlite(out) => Err(TargetError::Database(out.to_path_buf())),
        TargetKind::File if replace == Replace::EarlierExports && !written_by_an_export(out) => {
            Err(TargetError::NotAnExport(out.to_path_buf()))
        }
        TargetKind::File => Ok(()),
        TargetKind::Folder if file_type.is_file() => {
            Err(TargetError::NotAFolder(out.to_path_buf()))
        }
        TargetKind::Folder if !file_type.is_dir() => Err(TargetError::Special(out.to_path_buf())),
        TargetKind::Folder => check_export_folder(out),
    }
}

/// True if `path` is the database, one of its companion files, or inside its backups.
fn belongs_to_database(path: &Path, database: &Path) -> bool {
    let Ok(database) = database.canonicalize() else {
        return false;
    };
    if path == database {
        return true;
    }
    let (Some(db_name), Some(name)) = (database.file_name(), path.file_name()) else {
        return false;
    };
    let (db_name, name) = (db_name.to_string_lossy(), name.to_string_lossy());
    let same_folder = path.parent() == database.parent();
    let companion = COMPANIONS.iter().any(|s| name == format!("{db_name}{s}"));
    let old_backup = name
        .strip_prefix(&*db_name)
        .and_then(|rest| rest.strip_prefix(".v"))
        .and_then(|rest| rest.strip_suffix(".backup"))
        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    let backups = crate::store::backups_folder(&database);
    (same_folder && (companion || old_backup)) || path.starts_with(backups)
}

/// True if both paths exist and are the same file (a hard link, or another route to it).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// True if an export wrote the file (a bundle's header, the export mark of Markdown and
/// GraphML, a zip of CSV export files), or if it is empty.
fn written_by_an_export(path: &Path) -> bool {
    let mut start = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 4096), &mut start));
    if read.is_err() {
        return false;
    }
    if start.is_empty() {
        return true;
    }
    let text = String::from_utf8_lossy(&start);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    // Where the writers put them: the bundle's format first, the mark on the first line of
    // Markdown and right after GraphML's XML declaration (a file that only quotes them is not
    // an export).
    let mut lines = text.lines().map(str::trim);
    let first = lines.next().unwrap_or("");
    let second = lines.next().unwrap_or("");
    let bundle = first == "{" && second.starts_with("\"format\": \"chancery-bundle\"");
    // STIX: our extension's definition comes among the first objects; FtM: our entity ids.
    let stix = first.starts_with("{\"type\": \"bundle\"")
        && text.contains(super::stix::CHANCERY_EXTENSION);
    let ftm = first.starts_with(&format!("{{\"id\":\"{}", super::ftm::ID_PREFIX));
    if stix || ftm {
        return true;
    }
    let marked = first == EXPORT_MARK || (first.starts_with("<?xml") && second == EXPORT_MARK);
    if bundle || marked {
        return true;
    }
    start.starts_with(b"PK\x03\x04") && zip_of_export_files(path)
}

/// True if the zip at `path` holds only the files of a CSV export.
fn zip_of_export_files(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(archive) = zip::ZipArchive::new(file) else {
        return false;
    };
    archive
        .file_names()
        .all(|n| n.is_ok_and(|n| CSV_FILES.contains(&n.as_ref())))
}

/// True if the file starts like an SQLite database.
fn is_sqlite(path: &Path) -> bool {
    let mut magic = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok()
        && &magic == b"SQLite format 3\0"
}

/// A folder may be replaced by a CSV export only if it holds nothing else.
fn check_export_folder(folder: &Path) -> Result<(), TargetError> {
    let entries = std::fs::read_dir(folder).map_err(|_| TargetError::NoFolder(folder.into()))?;
    let mut foreign = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if !regular || !CSV_FILES.contains(&name.as_str()) {
            foreign.push(name);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    let mut listed = foreign
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if foreign.len() > 3 {
        listed.push_str(&format!(" and {} more", foreign.len() - 3));
    }
    Err(TargetError::ForeignFolder(folder.to_path_buf(), listed))
}
