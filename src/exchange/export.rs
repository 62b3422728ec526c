//! Exporting a selection: gather the records (with the chosen closure), read their names once,
//! and write one of the formats. The target is checked first (never the knowledge base, a link
//! or a device); files are written atomically (temporary file, then rename), folders whole.

use super::bundle::Bundle;
use super::closure::{Closure, close_over};
use super::csv_files::{tables, write_folder, write_zip};
use super::files::write_atomically;
use super::names::Names;
use super::target::{TargetKind, check_target};
use super::{graphml, markdown};
use crate::model::{Record, RecordKind};
use crate::store::{Store, StoreError};
use std::collections::BTreeMap;
use std::path::Path;
use uuid::Uuid;

/// The formats a selection can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// chancery-bundle JSON, importable.
    Bundle,
    /// A folder of CSV files.
    Csv,
    /// A Markdown briefing.
    Markdown,
    /// GraphML for Gephi or yEd.
    Graphml,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "bundle" | "json" => Ok(Format::Bundle),
            "csv" => Ok(Format::Csv),
            "md" | "markdown" => Ok(Format::Markdown),
            "graphml" => Ok(Format::Graphml),
            other => Err(format!(
                "unknown format '{other}' (bundle, csv, md, graphml)"
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    #[error(transparent)]
    Target(#[from] super::target::TargetError),
    #[error("cannot write {path}: {}", describe_io(.error))]
    Write { path: String, error: std::io::Error },
}

/// An I/O error in words, without the temporary file names it may mention.
fn describe_io(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "the folder does not exist".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::StorageFull => "the disk is full; nothing was written".into(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => {
            let text = error.to_string();
            // tempfile adds "at path /x/.tmpAbc12" to its errors: not the user's file.
            match text.split_once(" at path ") {
                Some((head, _)) => head.to_string(),
                None => text,
            }
        }
    }
}

/// The records an export holds, by kind.
pub type ExportCounts = BTreeMap<RecordKind, usize>;

/// The records `selected` (or the whole knowledge base, Trash included, when `None`) with
/// what `closure` takes along.
pub fn gather(
    store: &Store,
    selected: Option<&[Uuid]>,
    closure: Closure,
) -> Result<Vec<Record>, StoreError> {
    match selected {
        None => store.all_records(true),
        Some(uuids) => close_over(store, uuids, closure),
    }
}

/// Counts records by kind, for the summary shown before and after writing.
pub fn counts(records: &[Record]) -> ExportCounts {
    let mut c = ExportCounts::new();
    for r in records {
        *c.entry(r.kind()).or_default() += 1;
    }
    c
}

/// Writes `records` to `out` in `format` (for CSV, `out` is a folder, or a `.zip` file).
pub fn write(
    store: &Store,
    records: Vec<Record>,
    format: Format,
    out: &Path,
    bom: bool,
) -> Result<(), ExportError> {
    let zip = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let kind = match format {
        Format::Csv if !zip => TargetKind::Folder,
        _ => TargetKind::File,
    };
    check_target(out, kind, store.path())?;
    let names = Names::for_records(store, &records)?;
    let failed = |error: std::io::Error| ExportError::Write {
        path: out.display().to_string(),
        error,
    };
    match format {
        Format::Bundle => {
            let bundle = Bundle::for_export(records);
            write_atomically(out, bundle.to_json().as_bytes()).map_err(failed)
        }
        Format::Csv if zip => write_zip(out, &tables(&records, &names), bom).map_err(failed),
        Format::Csv => write_folder(out, &tables(&records, &names), bom).map_err(failed),
        Format::Markdown => {
            let text = markdown::briefing(&records, &names, "Briefing");
            write_atomically(out, text.as_bytes()).map_err(failed)
        }
        Format::Graphml => {
            write_atomically(out, graphml::graphml(&records, &names).as_bytes()).map_err(failed)
        }
    }
}
