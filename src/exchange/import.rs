//! Importing into a knowledge base, all or nothing: a bundle is read as a stream twice (the
//! first pass checks every record and keeps only uuids and open references, the second writes
//! as it reads), so that neither its size nor its records' size fills memory; CSV files are
//! read whole (each file is limited) and go through the same check and writer. Progress is
//! reported as it goes, and the caller can stop the import, which then writes nothing.

use super::bundle::BundleError;
use super::bundle_read::{Meter, Position, read_records};
use crate::model::Record;
use crate::model::record::grouped;
use crate::store::{ImportCheck, ImportOptions, ImportReport, ImportWriter, Store, StoreError};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// Why an import wrote nothing. The cause is part of the message and deliberately not a
/// `source`, so that a report of the whole error chain does not say it twice.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}; nothing was imported")]
    Bundle(BundleError),
    #[error("{0}; nothing was imported")]
    Store(StoreError),
    #[error("{0}; nothing was imported")]
    Csv(super::csv_files::CsvError),
    #[error("cannot read {path}: {reason}; nothing was imported")]
    Read { path: String, reason: String },
    #[error("{0}; nothing was imported")]
    Mapping(super::mapping::preset::MappingError),
    #[error("{path}: {error}; nothing was imported")]
    Foreign {
        path: String,
        error: super::foreign::ForeignError,
    },
    #[error("the import was stopped; nothing was imported")]
    Stopped,
}

impl From<BundleError> for ImportError {
    fn from(e: BundleError) -> Self {
        ImportError::Bundle(e)
    }
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

impl From<super::csv_files::CsvError> for ImportError {
    fn from(e: super::csv_files::CsvError) -> Self {
        ImportError::Csv(e)
    }
}

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStep {
    /// The first pass: bytes of the file read and checked, of its size.
    Checking { done: u64, total: u64 },
    /// The second pass: records classified and written, of how many.
    Writing { done: u64, total: u64 },
    /// The last step: records whose edges and index entries are written, of how many.
    Indexing { done: u64, total: u64 },
}

impl ImportStep {
    /// What is being done, in words: "Writing 1,200 of 42,000 records".
    pub fn text(&self) -> String {
        match *self {
            ImportStep::Checking { done, total } => format!(
                "Checking: {} of {} read",
                super::limits::size_text(done),
                super::limits::size_text(total)
            ),
            ImportStep::Writing { done, total } => {
                format!("Writing {} of {} records", grouped(done), grouped(total))
            }
            ImportStep::Indexing { done, total } => {
                format!("Indexing {} of {} records", grouped(done), grouped(total))
            }
        }
    }

    /// How far along the whole import is, from 0 to 1 (checking, writing and indexing take
    /// about a fifth, two fifths and two fifths of the time).
    pub fn fraction(&self) -> f32 {
        let part = |done: u64, total: u64| {
            if total == 0 {
                1.0
            } else {
                (done as f64 / total as f64).min(1.0) as f32
            }
        };
        match *self {
            ImportStep::Checking { done, total } => 0.2 * part(done, total),
            ImportStep::Writing { done, total } => 0.2 + 0.4 * part(done, total),
            ImportStep::Indexing { done, total } => 0.6 + 0.4 * part(done, total),
        }
    }
}

/// Hears where an import stands, a few times a second at most; returning false stops it.
pub type Progress<'p> = &'p mut dyn FnMut(ImportStep) -> bool;

/// Passes steps on to a [`Progress`] no more than ten times a second (and always the last).
struct Ticker<'p, 'q> {
    progress: &'q mut Progress<'p>,
    last: Option<Instant>,
}

impl Ticker<'_, '_> {
    fn tick(&mut self, step: ImportStep, last_one: bool) -> Result<(), ImportError> {
        let due = self
            .last
            .is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
        if !(due || last_one) {
            return Ok(());
        }
        self.last = Some(Instant::now());
        if (self.progress)(step) {
            Ok(())
        } else {
            Err(ImportError::Stopped)
        }
    }
}

/// Validates `text` as a bundle and merges it into `store`, all or nothing; conflicts keep
/// this file's copy.
pub fn import_bundle(store: &mut Store, text: &str) -> Result<ImportReport, ImportError> {
    import_bundle_with(store, text, ImportOptions::default())
}

/// Validates `text` as a bundle and merges it into `store` as `options` say, all or nothing.
pub fn import_bundle_with(
    store: &mut Store,
    text: &str,
    options: ImportOptions,
) -> Result<ImportReport, ImportError> {
    let bytes = text.as_bytes();
    import_stream(
        store,
        &|| Ok(Box::new(bytes) as Box<dyn Read + Send + '_>),
        bytes.len() as u64,
        options,
        &mut |_| true,
    )
}

/// Imports a bundle file, or Chancery CSV files (a folder or a zip), as `options` say, all
/// or nothing.
pub fn import_path(
    store: &mut Store,
    path: &Path,
    options: ImportOptions,
) -> Result<ImportReport, ImportError> {
    import_path_with_progress(store, path, options, &mut |_| true)
}

/// `import_path`, telling `progress` where it stands; it stops, writing nothing, when
/// `progress` returns false.
pub fn import_path_with_progress(
    store: &mut Store,
    path: &Path,
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, ImportError> {
    let unreadable = |reason: String| ImportError::Read {
        path: path.display().to_string(),
        reason,
    };
    if std::fs::symlink_metadata(path).is_err() {
        return Err(unreadable("no such file or folder".into()));
    }
    if path.is_dir() {
        let records = super::csv_files::read_folder(path)?;
        return import_records(store, records, options, progress);
    }
    // A pipe or device is refused before anything reads it: looking for a zip's first bytes
    // in a FIFO waited for a writer that never came.
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(unreadable(
            "it is not a regular file (a pipe or device)".into(),
        ));
    }
    if super::csv_files::is_zip(path) {
        let records = super::csv_files::read_zip(path)?;
        return import_records(store, records, options, progress);
    }
    if let Some(converted) = read_foreign(path).map_err(|error| ImportError::Foreign {
        path: path.display().to_string(),
        error,
    })? {
        let not_imported = converted.not_imported;
        let mut report = import_records(store, converted.records, options, progress)?;
        report.not_imported = not_imported;
        return Ok(report);
    }
    let stamp = (meta.len(), meta.modified().ok());
    let open = || -> Result<Box<dyn Read + Send>, ImportError> {
        // The second pass must read what the first checked.
        let now = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
        if (now.len(), now.modified().ok()) != stamp {
            return Err(unreadable("it changed while it was being imported".into()));
        }
        let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
        Ok(Box::new(file))
    };
    import_stream(store, &open, meta.len(), options, progress)
}

/// A file in another tool's format (a STIX 2.1 bundle, FollowTheMoney entities) read into
/// records; `None` for anything else (our bundle).
fn read_foreign(
    path: &Path,
) -> Result<Option<super::foreign::Converted>, super::foreign::ForeignError> {
    let io = |e: std::io::Error| super::foreign::ForeignError::Shape(e.to_string());
    let mut start = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut start))
        .map_err(io)?;
    let start = String::from_utf8_lossy(&start);
    let first = start.lines().next().unwrap_or("");
    if super::stix::read::looks_like_stix(&start) {
        let text = std::fs::read_to_string(path).map_err(io)?;
        return super::stix::read::read(&text).map(Some);
    }
    if super::ftm::read::looks_like_ftm(first) {
        let file = std::fs::File::open(path).map_err(io)?;
        return super::ftm::read::read(std::io::BufReader::new(file)).map(Some);
    }
    Ok(None)
}

/// Records already in memory (read from CSV files), checked and written like a bundle's.
fn import_records(
    store: &mut Store,
    records: Vec<Record>,
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, ImportError> {
    let mut ticker = Ticker {
        progress: &mut { progress },
        last: None,
    };
    let total = records.len() as u64;
    let mut check = ImportCheck::new();
    for (at, record) in records.iter().enumerate() {
        check
            .add(at as u64, record)
            .map_err(|e| named(e, Some(record)))?;
    }
    let plan = check.finish(store).map_err(|e| match e {
        StoreError::InImport { at, .. } => named(e, records.get(at as usize)),
        other => other,
    })?;
    let mut writer = store.import_writer(plan, options)?;
    for (at, record) in records.into_iter().enumerate() {
        writer.add(record)?;
        let done = at as u64 + 1;
        ticker.tick(ImportStep::Writing { done, total }, done == total)?;
    }
    finish(writer, &mut ticker)
}

/// A problem of a record known only by its place in a CSV import, with its kind and name.
fn named(error: StoreError, record: Option<&Record>) -> StoreError {
    match (error, record) {
        (StoreError::InImport { at, uuid, message }, Some(record)) => StoreError::InImport {
            at,
            uuid,
            message: format!(
                "{} '{}' ({uuid}): {message}",
                record.kind().label(),
                record.name()
            ),
        },
        (other, _) => other,
    }
}

/// The two passes over a bundle that `open` gives from its start each time.
fn import_stream<'r>(
    store: &mut Store,
    open: &dyn Fn() -> Result<Box<dyn Read + Send + 'r>, ImportError>,
    size: u64,
    options: ImportOptions,
    progress: Progress,
) -> Result<ImportReport, ImportError> {
    let mut progress = progress;
    let mut ticker = Ticker {
        progress: &mut progress,
        last: None,
    };
    // Pass 1: check every record; remember where each section starts to name records later.
    let mut starts: Vec<(u64, &'static str)> = Vec::new();
    let mut check = ImportCheck::new();
    let meter = Meter::default();
    read_records(open()?, &meter, &mut |at: Position, record| {
        if at.index == 0 {
            starts.push((at.ordinal, at.section));
        }
        check
            .add(at.ordinal, &record)
            .map_err(|e| located(e, at.section, at.index))?;
        ticker.tick(
            ImportStep::Checking {
                done: meter.bytes_read(),
                total: size,
            },
            false,
        )
    })?;
    ticker.tick(
        ImportStep::Checking {
            done: size,
            total: size,
        },
        true,
    )?;
    let plan = check.finish(store).map_err(|e| match e {
        StoreError::InImport { at, .. } => {
            let (start, section) = starts
                .iter()
                .rev()
                .find(|(start, _)| *start <= at)
                .copied()
                .unwrap_or((0, ""));
            located(e, section, (at - start) as usize)
        }
        other => ImportError::Store(other),
    })?;

    // Pass 2: classify and write each record as it is read again. The reading (parsing the
    // JSON and building records) runs on a thread of its own, a bounded queue ahead of the
    // writing: on two cores a tenth of the import's time moves off the writer.
    let total = plan.len();
    let mut writer = store.import_writer(plan, options)?;
    let reader = open()?;
    let judgements = std::thread::scope(|scope| -> Result<_, ImportError> {
        // Records go over in batches: one hand-over per record cost a tenth of the import in
        // waking the other thread.
        let (batches, incoming) = std::sync::mpsc::sync_channel::<Vec<(Position, Record)>>(4);
        let reading = scope.spawn(move || {
            let meter = Meter::default();
            let mut batch = Vec::with_capacity(HANDED_OVER);
            let read = read_records(reader, &meter, &mut |at: Position, record| {
                batch.push((at, record));
                if batch.len() == HANDED_OVER {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(HANDED_OVER));
                    // The writer stopped (its error is the one to report): stop reading too.
                    batches.send(full).map_err(|_| ImportError::Stopped)?;
                }
                Ok(())
            });
            if !batch.is_empty() && read.is_ok() {
                batches.send(batch).map_err(|_| ImportError::Stopped)?;
            }
            read
        });
        let written = (|| -> Result<(), ImportError> {
            for batch in incoming.iter() {
                for (at, record) in batch {
                    writer
                        .add(record)
                        .map_err(|e| located(e, at.section, at.index))?;
                    let done = writer.seen();
                    ticker.tick(ImportStep::Writing { done, total }, done == total)?;
                }
            }
            Ok(())
        })();
        // Dropping the queue's end tells the reader to stop if the writer stopped first.
        drop(incoming);
        let read = reading.join().unwrap_or_else(|_| {
            Err(ImportError::Read {
                path: "the bundle".into(),
                reason: "its reader stopped unexpectedly".into(),
            })
        });
        written?;
        read
    })?;
    writer.add_judgements(judgements);
    finish(writer, &mut ticker)
}

/// Records read ahead of the writer are handed over this many at a time.
const HANDED_OVER: usize = 256;

/// The last step, reported as indexing; a stop says so rather than as a store error.
fn finish(writer: ImportWriter, ticker: &mut Ticker) -> Result<ImportReport, ImportError> {
    let report = writer.finish(&mut |done, total| {
        ticker
            .tick(ImportStep::Indexing { done, total }, done == total)
            .is_ok()
    });
    match report {
        Err(StoreError::Stopped) => Err(ImportError::Stopped),
        other => Ok(other?),
    }
}

/// A record's problem named by its section and index; other errors as they are.
fn located(error: StoreError, section: &'static str, index: usize) -> ImportError {
    match error {
        StoreError::InImport { uuid, message, .. } => ImportError::Bundle(BundleError::Record {
            section,
            index,
            uuid: format!(" ({uuid})"),
            message,
        }),
        other => ImportError::Store(other),
    }
}
