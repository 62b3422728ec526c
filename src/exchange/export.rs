//! Exporting a selection: gather the records (with the chosen closure), read their names once,
//! and write one of the formats. The target is checked first (never the knowledge base, a link
//! or a device); files are written atomically (temporary file, then rename), folders whole.
//! The whole knowledge base as a bundle is streamed from the file a record at a time; other
//! exports hold their selection in memory.

use super::bundle::{bundle_order, exported, section_kinds};
use super::bundle_write::BundleWriter;
use super::closure::{Closure, close_over};
use super::csv_files::{tables, write_folder, write_zip};
use super::files::{write_atomically, write_streaming};
use super::names::Names;
use super::select::{ExportSelection, select_records};
use super::target::{EXPORT_MARK, Replace, TargetKind, check_target_replacing};
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
    /// A STIX 2.1 bundle (OpenCTI, MISP).
    Stix,
    /// FollowTheMoney entities, one JSON object a line (OCCRP Aleph, OpenSanctions).
    Ftm,
}

impl Format {
    /// Every format, in the order the export dialog lists them.
    pub const ALL: [Format; 6] = [
        Format::Bundle,
        Format::Csv,
        Format::Markdown,
        Format::Graphml,
        Format::Stix,
        Format::Ftm,
    ];

    /// Whether the format writes records as their canonical records (it carries no
    /// judgements): all but the bundle.
    fn canonical(self) -> bool {
        self != Format::Bundle
    }

    /// Whether the format is written as a stream, one record at a time, however large.
    fn streamed(self) -> bool {
        matches!(self, Format::Bundle | Format::Stix | Format::Ftm)
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "bundle" | "json" => Ok(Format::Bundle),
            "csv" => Ok(Format::Csv),
            "md" | "markdown" => Ok(Format::Markdown),
            "graphml" => Ok(Format::Graphml),
            "stix" | "stix2" | "stix2.1" => Ok(Format::Stix),
            "ftm" | "followthemoney" => Ok(Format::Ftm),
            other => Err(format!(
                "unknown format '{other}' (bundle, csv, md, graphml, stix, ftm)"
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
    #[error("the export was stopped; nothing was written")]
    Stopped,
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

/// Hears how many records an export has written, of how many; returning false stops it,
/// leaving no file.
pub type ExportProgress<'p> = &'p mut dyn FnMut(u64, u64) -> bool;

/// What exporting `selection` with `closure` would write, by kind. The whole knowledge base
/// is counted from the file's counters, without reading a record.
pub fn export_counts(
    store: &Store,
    selection: &ExportSelection,
    closure: Closure,
) -> Result<ExportCounts, ExportError> {
    if selection.everything {
        return Ok(store.totals_by_kind()?);
    }
    Ok(counts(&select_records(store, selection, closure)?))
}

/// Writes what `selection` (with `closure`) stands for to `out` in `format`, telling
/// `progress` how far it is; returns what was written, by kind. The CLI's `export` and the
/// GUI's export job both come here.
pub fn export(
    store: &Store,
    selection: &ExportSelection,
    closure: Closure,
    format: Format,
    out: &Path,
    bom: bool,
    progress: ExportProgress,
) -> Result<ExportCounts, ExportError> {
    export_replacing(
        store,
        selection,
        closure,
        format,
        out,
        (bom, Replace::EarlierExports),
        progress,
    )
}

/// `export`, with `replace` saying which existing file may be replaced (`export --force`).
pub fn export_replacing(
    store: &Store,
    selection: &ExportSelection,
    closure: Closure,
    format: Format,
    out: &Path,
    (bom, replace): (bool, Replace),
    progress: ExportProgress,
) -> Result<ExportCounts, ExportError> {
    if selection.everything && format == Format::Bundle {
        return export_everything(store, out, replace, progress);
    }
    if format.streamed() && format != Format::Bundle {
        check_target_replacing(out, TargetKind::File, store.path(), replace)?;
        let records = match selection.everything {
            true => None,
            false => Some(super::canonical::canonical_records(
                store,
                select_records(store, selection, closure)?,
            )?),
        };
        return super::streamed::write_streamed(store, records, format, out, progress);
    }
    let records = select_records(store, selection, closure)?;
    // What is written: formats without judgements write canonical records only.
    let written = if format.canonical() {
        counts(&super::canonical::canonical_records(
            store,
            records.clone(),
        )?)
    } else {
        counts(&records)
    };
    write_replacing(store, records, format, out, bom, replace)?;
    let total = written.values().sum::<usize>() as u64;
    progress(total, total);
    Ok(written)
}

/// The whole knowledge base, Trash included, as a bundle streamed from the file.
fn export_everything(
    store: &Store,
    out: &Path,
    replace: Replace,
    progress: ExportProgress,
) -> Result<ExportCounts, ExportError> {
    check_target_replacing(out, TargetKind::File, store.path(), replace)?;
    let failed = |error: std::io::Error| ExportError::Write {
        path: out.display().to_string(),
        error,
    };
    let mut written = ExportCounts::new();
    let total = store.totals_by_kind()?.values().sum::<usize>() as u64;
    let mut done = 0u64;
    write_streaming(out, failed, |file| {
        let mut bundle = BundleWriter::begin(file).map_err(failed)?;
        store.for_each_record(&section_kinds(), &mut |record| {
            *written.entry(record.kind()).or_default() += 1;
            bundle.record(&exported(record)).map_err(failed)?;
            done += 1;
            if done.is_multiple_of(1_000) && !progress(done, total) {
                return Err(ExportError::Stopped);
            }
            Ok(())
        })?;
        let judgements = store.judgements(true)?;
        let canonical = store.canonical_map()?;
        bundle.end_with(&judgements, &canonical).map_err(failed)?;
        Ok(())
    })?;
    progress(done, done);
    Ok(written)
}

/// Writes `records` to `out` in `format` (for CSV, `out` is a folder, or a `.zip` file).
pub fn write(
    store: &Store,
    records: Vec<Record>,
    format: Format,
    out: &Path,
    bom: bool,
) -> Result<(), ExportError> {
    write_replacing(store, records, format, out, bom, Replace::EarlierExports)
}

/// `write`, with `replace` saying which existing file may be replaced.
fn write_replacing(
    store: &Store,
    records: Vec<Record>,
    format: Format,
    out: &Path,
    bom: bool,
    replace: Replace,
) -> Result<(), ExportError> {
    let zip = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let kind = match format {
        Format::Csv if !zip => TargetKind::Folder,
        _ => TargetKind::File,
    };
    check_target_replacing(out, kind, store.path(), replace)?;
    let failed = |error: std::io::Error| ExportError::Write {
        path: out.display().to_string(),
        error,
    };
    if format == Format::Bundle {
        return write_bundle(store, records, out, failed);
    }
    let records = super::canonical::canonical_records(store, records)?;
    if let Format::Stix | Format::Ftm = format {
        let streamed =
            super::streamed::write_streamed(store, Some(records), format, out, &mut |_, _| true);
        return streamed.map(|_| ());
    }
    // The table and text formats name what each record refers to.
    let names = Names::for_records(store, &records)?;
    match format {
        // Written above, each by its own writer.
        Format::Bundle | Format::Stix | Format::Ftm => Ok(()),
        Format::Csv if zip => write_zip(out, &tables(&records, &names), bom).map_err(failed),
        Format::Csv => write_folder(out, &tables(&records, &names), bom).map_err(failed),
        Format::Markdown => {
            // Marked, so that a later export knows it may replace this file.
            let text = format!(
                "{EXPORT_MARK}\n{}",
                markdown::briefing(&records, &names, "Briefing")
            );
            write_atomically(out, text.as_bytes()).map_err(failed)
        }
        Format::Graphml => {
            let text = graphml::graphml(&records, &names);
            // The mark goes after the XML declaration, which must come first.
            let text = match text.split_once('\n') {
                Some((declaration, rest)) => format!("{declaration}\n{EXPORT_MARK}\n{rest}"),
                None => text,
            };
            write_atomically(out, text.as_bytes()).map_err(failed)
        }
    }
}

/// Records as a bundle, in bundle order, streamed to the file, with the live judgements
/// between two of them and the canonical record of each merged one.
fn write_bundle(
    store: &Store,
    mut records: Vec<Record>,
    out: &Path,
    failed: impl Fn(std::io::Error) -> ExportError + Copy,
) -> Result<(), ExportError> {
    records.sort_by_key(bundle_order);
    let inside: std::collections::HashSet<Uuid> = records.iter().map(|r| r.uuid()).collect();
    let judgements: Vec<_> = store
        .judgements(false)?
        .into_iter()
        .filter(|j| inside.contains(&j.a) && inside.contains(&j.b))
        .collect();
    let canonical: BTreeMap<Uuid, Uuid> = store
        .canonical_map()?
        .into_iter()
        .filter(|(member, _)| inside.contains(member))
        .collect();
    write_streaming(out, failed, |file| {
        let mut bundle = BundleWriter::begin(file).map_err(failed)?;
        for record in records {
            bundle.record(&exported(record)).map_err(failed)?;
        }
        bundle.end_with(&judgements, &canonical).map_err(failed)?;
        Ok(())
    })
}
