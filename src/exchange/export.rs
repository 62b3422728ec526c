//! Exporting a selection: gather the records (with the chosen closure), read their names once,
//! and write one of the formats. Files are written atomically (temporary file, then rename).

use super::bundle::Bundle;
use super::closure::{Closure, close_over};
use super::csv_files::{tables, write_folder, write_zip};
use super::files::write_atomically;
use super::names::Names;
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
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
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
    let names = Names::for_records(store, &records)?;
    let failed = |source: std::io::Error| ExportError::Write {
        path: out.display().to_string(),
        source,
    };
    match format {
        Format::Bundle => {
            let bundle = Bundle::for_export(records);
            write_atomically(out, bundle.to_json().as_bytes()).map_err(failed)
        }
        Format::Csv
            if out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip")) =>
        {
            write_zip(out, &tables(&records, &names), bom).map_err(failed)
        }
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
