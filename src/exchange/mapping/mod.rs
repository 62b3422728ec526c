//! Importing any CSV file by a column mapping (the wizard's, or a preset file's): the rows are
//! read as a stream; each good row's records go to a bundle written beside (so memory holds
//! names, not rows), each bad row's problems are kept by row and column and the row itself
//! goes to a CSV of rejected rows with its reasons; then the bundle is imported as one
//! transaction, or previewed (a dry run) with the same import every bundle takes. Nothing is
//! written to the knowledge base before the user has seen the preview, and a preview never
//! looks fine while writing nothing: it says how many rows would be imported.

pub mod fields;
pub mod preset;
pub mod rows;

use super::bundle_write::BundleWriter;
use super::import::{ImportError, ImportStep, Progress, import_path_with_progress};
use crate::model::{Record, RecordKind};
use crate::store::{ImportOptions, ImportReport, Store};
use preset::Mapping;
use rows::{CellProblem, RowReader};
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The header of the column a rejected-rows file adds, by which Chancery knows the file as
/// its own (and may write it again).
pub const REASON_HEADER: &str = "Chancery: why not imported";

/// A problem of one row, by its line in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowProblem {
    /// The row's number as a spreadsheet shows it (the headers are row 1).
    pub row: u64,
    pub column: String,
    pub value: String,
    pub message: String,
}

/// What a mapped import did or, previewed, would do.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct MappedReport {
    /// Data rows read.
    pub rows: u64,
    /// Rows whose records are (or would be) imported.
    pub good_rows: u64,
    /// Rows whose routing value the mapping skips: left out on purpose.
    pub skipped_rows: u64,
    pub rejected_rows: u64,
    /// The first problems found (at most `PROBLEMS_KEPT`), and how many in all.
    pub problems: Vec<RowProblem>,
    pub problem_count: u64,
    /// The import of the good rows' records; `None` when no row was good.
    pub import: Option<ImportReport>,
    /// Where the rejected rows were written, if any were.
    pub rejected_file: Option<PathBuf>,
}

/// Problems kept for showing; the rest are counted (and all are in the rejected rows' file).
pub const PROBLEMS_KEPT: usize = 500;

impl MappedReport {
    /// "1,204 rows: 1,198 imported, 6 rejected" and what the import did.
    pub fn summary(&self) -> String {
        let grouped = crate::model::record::grouped;
        let dry = self.import.as_ref().is_some_and(|r| r.dry_run);
        let verb = if dry { "would be imported" } else { "imported" };
        let skipped = if self.skipped_rows > 0 {
            format!(", {} skipped", grouped(self.skipped_rows))
        } else {
            String::new()
        };
        let mut text = format!(
            "{} rows: {} {verb}{skipped}, {} rejected",
            grouped(self.rows),
            grouped(self.good_rows),
            grouped(self.rejected_rows)
        );
        if let Some(import) = &self.import {
            text.push_str(&format!("; {}", import.summary()));
        }
        if let Some(file) = &self.rejected_file {
            text.push_str(&format!(
                "; rejected rows with their reasons: {}",
                file.display()
            ));
        }
        text
    }
}

/// The headers and first `rows` rows of a CSV file, for the wizard.
pub fn sample(path: &Path, rows: usize) -> Result<(Vec<String>, Vec<Vec<String>>), ImportError> {
    let mut reader = open(path)?;
    let headers = headers_of(&mut reader, path)?;
    let mut sample = Vec::new();
    for row in reader.records().take(rows) {
        let row = row.map_err(|e| unreadable(path, e.to_string()))?;
        sample.push(row.iter().map(str::to_string).collect());
    }
    Ok((headers, sample))
}

fn unreadable(path: &Path, reason: String) -> ImportError {
    ImportError::Read {
        path: path.display().to_string(),
        reason,
    }
}

fn open(path: &Path) -> Result<csv::Reader<std::fs::File>, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable(path, "it is not a regular file".into()));
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(path, e.to_string()))?;
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(file))
}

fn headers_of(
    reader: &mut csv::Reader<std::fs::File>,
    path: &Path,
) -> Result<Vec<String>, ImportError> {
    let headers = reader
        .headers()
        .map_err(|e| unreadable(path, e.to_string()))?;
    let headers: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{FEFF}')
            } else {
                h
            };
            h.trim().to_string()
        })
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(unreadable(
            path,
            "its first line holds no column names".into(),
        ));
    }
    Ok(headers)
}

/// Refuses to write the rejected rows over a file Chancery did not write for that.
fn check_rejected_target(path: &Path) -> Result<(), ImportError> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut first = String::new();
    let _ = std::io::BufReader::new(file).read_line(&mut first);
    if first
        .trim_end()
        .trim_end_matches('"')
        .ends_with(REASON_HEADER)
    {
        return Ok(());
    }
    Err(ImportError::Read {
        path: path.display().to_string(),
        reason: "it exists and is not a file of rejected rows Chancery wrote; choose another \
                 name for the rejected rows"
            .into(),
    })
}

/// Imports (or, with `options.dry_run`, previews) `path` by `mapping`: the good rows in one
/// transaction, the bad ones to `rejected` (not in a preview) with their reasons.
pub fn import_mapped(
    store: &mut Store,
    path: &Path,
    mapping: &Mapping,
    options: ImportOptions,
    rejected: Option<&Path>,
    progress: Progress,
) -> Result<MappedReport, ImportError> {
    let mut reader = open(path)?;
    let headers = headers_of(&mut reader, path)?;
    mapping.check(&headers).map_err(ImportError::Mapping)?;
    if let Some(rejected) = rejected {
        check_rejected_target(rejected)?;
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let scratch_in = path.parent().filter(|p| !p.as_os_str().is_empty());
    let scratch = match scratch_in {
        Some(dir) => tempfile::tempdir_in(dir).or_else(|_| tempfile::tempdir()),
        None => tempfile::tempdir(),
    }
    .map_err(|e| unreadable(path, format!("no room for the import's scratch files: {e}")))?;
    let io = |e: std::io::Error| unreadable(path, e.to_string());

    // The rows, read once: records by kind to scratch files, rejected rows aside.
    let mut by_kind: Vec<(RecordKind, BufWriter<std::fs::File>)> = Vec::new();
    for (_, kind) in super::bundle::SECTIONS {
        let file = std::fs::File::create(scratch.path().join(kind.as_str())).map_err(io)?;
        by_kind.push((kind, BufWriter::new(file)));
    }
    let rejected_scratch = scratch.path().join("rejected.csv");
    let mut rejected_out: Option<csv::Writer<std::fs::File>> = None;
    let mut report = MappedReport::default();
    let mut rows = RowReader::new(store, mapping.clone(), headers.clone());
    let mut record = csv::StringRecord::new();
    let mut last_tick = std::time::Instant::now();
    while reader
        .read_record(&mut record)
        .map_err(|e| unreadable(path, e.to_string()))?
    {
        report.rows += 1;
        let line = report.rows + 1;
        match rows.read(line, &record) {
            Ok(made) if made.is_empty() => report.skipped_rows += 1,
            Ok(made) => {
                report.good_rows += 1;
                for made in made {
                    let text = made.to_json_text().map_err(|e| io(e.into()))?;
                    if let Some((_, out)) = by_kind.iter_mut().find(|(k, _)| *k == made.kind()) {
                        writeln!(out, "{text}").map_err(io)?;
                    }
                }
            }
            Err(problems) => {
                report.rejected_rows += 1;
                report.problem_count += problems.len() as u64;
                let reasons = reasons(&problems);
                for problem in problems {
                    if report.problems.len() < PROBLEMS_KEPT {
                        report.problems.push(RowProblem {
                            row: line,
                            column: problem.column,
                            value: problem.value,
                            message: problem.message,
                        });
                    }
                }
                if rejected.is_some() && !options.dry_run {
                    if rejected_out.is_none() {
                        let mut writer = csv::Writer::from_path(&rejected_scratch)
                            .map_err(|e| unreadable(path, e.to_string()))?;
                        let mut head = headers.clone();
                        head.push(REASON_HEADER.to_string());
                        writer
                            .write_record(&head)
                            .map_err(|e| unreadable(path, e.to_string()))?;
                        rejected_out = Some(writer);
                    }
                    if let Some(writer) = rejected_out.as_mut() {
                        let mut row: Vec<&str> = record.iter().collect();
                        row.resize(headers.len().max(row.len()), "");
                        row.push(&reasons);
                        writer
                            .write_record(&row)
                            .map_err(|e| unreadable(path, e.to_string()))?;
                    }
                }
            }
        }
        if last_tick.elapsed() >= std::time::Duration::from_millis(100) {
            last_tick = std::time::Instant::now();
            let done = reader.position().byte().min(size);
            if !progress(ImportStep::Checking { done, total: size }) {
                return Err(ImportError::Stopped);
            }
        }
    }
    drop(rows);
    for (_, out) in &mut by_kind {
        out.flush().map_err(io)?;
    }
    drop(by_kind);

    if report.good_rows > 0 {
        let bundle = scratch.path().join("rows.json");
        assemble(scratch.path(), &bundle).map_err(io)?;
        report.import = Some(import_path_with_progress(
            store, &bundle, options, progress,
        )?);
    }
    if let (Some(mut writer), Some(rejected)) = (rejected_out, rejected) {
        writer.flush().map_err(io)?;
        drop(writer);
        std::fs::copy(&rejected_scratch, rejected).map_err(|e| ImportError::Read {
            path: rejected.display().to_string(),
            reason: e.to_string(),
        })?;
        report.rejected_file = Some(rejected.to_path_buf());
    }
    Ok(report)
}

/// A row's problems as one cell: "Date: does not match the date pattern %d/%m/%Y; …".
fn reasons(problems: &[CellProblem]) -> String {
    problems
        .iter()
        .map(|p| {
            if p.column.is_empty() {
                p.message.clone()
            } else {
                format!("{}: {}", p.column, p.message)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The scratch files of records, by kind, as one bundle in section order.
fn assemble(scratch: &Path, bundle: &Path) -> std::io::Result<()> {
    let out = BufWriter::new(std::fs::File::create(bundle)?);
    let mut writer = BundleWriter::begin(out)?;
    for (_, kind) in super::bundle::SECTIONS {
        let file = std::fs::File::open(scratch.join(kind.as_str()))?;
        for line in std::io::BufReader::new(file).lines() {
            let record = Record::from_json_text(kind, &line?).map_err(std::io::Error::other)?;
            writer.record(&record)?;
        }
    }
    writer.end_with(&[], &Default::default())?;
    Ok(())
}
