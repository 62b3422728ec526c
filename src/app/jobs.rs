//! Long work off the UI thread: exporting a selection, counting what an export would hold
//! (the export dialog's preview), importing (or previewing) a bundle or CSV folder, and
//! reading a search's dates for the timeline. Each job opens its own connection to the file, reports what it is doing,
//! and can be cancelled: cancelling interrupts its connection, so an import rolls back whole
//! and an export never writes its file (files are written to a temporary name, then renamed).

use super::messages::{AppError, Failure, failure};
use crate::exchange::export::{
    ExportCounts, ExportError, export_counts, export_replacing as export_selection,
};
use crate::exchange::{Closure, ExportSelection, Format, ImportError, import_path_with_progress};
use crate::model::SearchSpec;
use crate::store::{ImportOptions, ImportReport, Interrupter, Store};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

/// How a job ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Exported {
        path: PathBuf,
        counts: ExportCounts,
    },
    /// What an export would hold, by kind (nothing was written).
    Counted(ExportCounts),
    /// The dated records of a search, for the timeline.
    Timeline(Box<crate::query::TimelineData>),
    Imported(ImportReport),
    /// A CSV file imported (or previewed) by a column mapping.
    MappedImported(Box<crate::exchange::mapping::MappedReport>),
    /// The likely duplicates found by a scan.
    Duplicates(Box<crate::query::DuplicateQueue>),
    Failed(Failure),
    Cancelled,
}

/// What a job is doing: words, and how far along it is (0 to 1) when that is known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobStatus {
    pub text: String,
    pub fraction: Option<f32>,
}

/// A running job.
pub struct Job {
    pub title: String,
    status: Arc<Mutex<JobStatus>>,
    cancel: Arc<AtomicBool>,
    interrupter: Arc<Mutex<Option<Interrupter>>>,
    done: Receiver<Outcome>,
}

impl Job {
    /// What the job is doing now.
    pub fn status(&self) -> JobStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Stops the job; it ends as `Cancelled`, having written nothing.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
        if let Ok(guard) = self.interrupter.lock()
            && let Some(i) = guard.as_ref()
        {
            i.interrupt();
        }
    }

    /// The outcome, once the job has ended.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.done.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Outcome::Failed(failure(AppError::Vanished))),
        }
    }
}

impl Drop for Job {
    /// A job nobody waits for any more (a dialog closed, a count superseded) stops, rather
    /// than keep a thread and a connection busy.
    fn drop(&mut self) {
        self.cancel();
    }
}

/// A job's work: it reports with `say` (words, and a fraction when known) and checks
/// `cancelled` between steps.
type Work =
    Box<dyn FnOnce(&mut Store, &dyn Fn(&str, Option<f32>), &dyn Fn() -> bool) -> Outcome + Send>;

fn spawn(title: &str, db: PathBuf, wake: Arc<dyn Fn() + Send + Sync>, work: Work) -> Job {
    let status = Arc::new(Mutex::new(JobStatus {
        text: "starting…".into(),
        fraction: None,
    }));
    let cancel = Arc::new(AtomicBool::new(false));
    let interrupter = Arc::new(Mutex::new(None));
    let (tx, rx) = channel();
    let (s, c, i) = (
        Arc::clone(&status),
        Arc::clone(&cancel),
        Arc::clone(&interrupter),
    );
    let spawned = std::thread::Builder::new()
        .name("chancery-job".into())
        .spawn(move || {
            let outcome = match Store::open(&db) {
                Ok(mut store) => {
                    if let Ok(mut slot) = i.lock() {
                        *slot = Some(store.interrupter());
                    }
                    let say = |text: &str, fraction: Option<f32>| {
                        if let Ok(mut st) = s.lock() {
                            *st = JobStatus {
                                text: text.to_string(),
                                fraction,
                            };
                        }
                        wake();
                    };
                    let cancelled = || c.load(Ordering::SeqCst);
                    let outcome = work(&mut store, &say, &cancelled);
                    if cancelled() {
                        Outcome::Cancelled
                    } else {
                        outcome
                    }
                }
                Err(e) => Outcome::Failed(failure(e)),
            };
            let _ = tx.send(outcome);
            wake();
        });
    if let Err(e) = spawned {
        let (tx, rx2) = channel();
        let _ = tx.send(Outcome::Failed(failure(AppError::NoThread(e))));
        return Job {
            title: title.into(),
            status,
            cancel,
            interrupter,
            done: rx2,
        };
    }
    Job {
        title: title.into(),
        status,
        cancel,
        interrupter,
        done: rx,
    }
}

/// Exports `selection` with `closure` to `out` in `format`.
pub fn export(
    db: PathBuf,
    wake: Arc<dyn Fn() + Send + Sync>,
    selection: ExportSelection,
    closure: Closure,
    format: Format,
    out: PathBuf,
    (bom, replace): (bool, bool),
) -> Job {
    let replace = if replace {
        crate::exchange::Replace::AnyFile
    } else {
        crate::exchange::Replace::EarlierExports
    };
    spawn(
        "Exporting",
        db,
        wake,
        Box::new(move |store, say, cancelled| {
            say("gathering the selection…", None);
            let written = export_selection(
                store,
                &selection,
                closure,
                format,
                &out,
                (bom, replace),
                &mut |done, total| {
                    let fraction = done as f32 / total.max(1) as f32;
                    say(
                        &format!("writing {done} of {total} records…"),
                        Some(fraction),
                    );
                    !cancelled()
                },
            );
            match written {
                Ok(counts) => Outcome::Exported {
                    path: out.clone(),
                    counts,
                },
                Err(ExportError::Stopped) => Outcome::Cancelled,
                Err(e) => Outcome::Failed(failure(e)),
            }
        }),
    )
}

/// Imports (or with `options.dry_run`, previews) a bundle file or a CSV folder.
pub fn import(
    db: PathBuf,
    wake: Arc<dyn Fn() + Send + Sync>,
    path: PathBuf,
    options: ImportOptions,
) -> Job {
    let title = if options.dry_run {
        "Checking the import"
    } else {
        "Importing"
    };
    spawn(
        title,
        db,
        wake,
        Box::new(move |store, say, cancelled| {
            say("reading and checking…", None);
            let report = import_path_with_progress(store, &path, options, &mut |step| {
                say(&step.text(), Some(step.fraction()));
                !cancelled()
            });
            match report {
                Ok(report) => Outcome::Imported(report),
                Err(ImportError::Stopped) => Outcome::Cancelled,
                Err(e) => Outcome::Failed(failure(e)),
            }
        }),
    )
}

/// Imports (or previews) a CSV file by a column mapping.
pub fn import_mapped(
    db: PathBuf,
    wake: Arc<dyn Fn() + Send + Sync>,
    path: PathBuf,
    mapping: crate::exchange::mapping::preset::Mapping,
    options: ImportOptions,
    rejected: Option<PathBuf>,
) -> Job {
    let title = if options.dry_run {
        "Checking the rows"
    } else {
        "Importing the rows"
    };
    spawn(
        title,
        db,
        wake,
        Box::new(move |store, say, cancelled| {
            say("reading the rows…", None);
            let report = crate::exchange::mapping::import_mapped(
                store,
                &path,
                &mapping,
                options,
                rejected.as_deref(),
                &mut |step| {
                    say(&step.text(), Some(step.fraction()));
                    !cancelled()
                },
            );
            match report {
                Ok(report) => Outcome::MappedImported(Box::new(report)),
                Err(ImportError::Stopped) => Outcome::Cancelled,
                Err(e) => Outcome::Failed(failure(e)),
            }
        }),
    )
}

/// Counts by kind what exporting `selection` with `closure` would write, writing nothing.
pub fn count(
    db: PathBuf,
    wake: Arc<dyn Fn() + Send + Sync>,
    selection: ExportSelection,
    closure: Closure,
) -> Job {
    spawn(
        "Counting",
        db,
        wake,
        Box::new(move |store, say, _cancelled| {
            say("counting…", None);
            match export_counts(store, &selection, closure) {
                Ok(counts) => Outcome::Counted(counts),
                Err(e) => Outcome::Failed(failure(e)),
            }
        }),
    )
}

/// Reads the dated records `spec` selects, for the timeline (a lane per actor of
/// `lane_actors`, or per kind if none).
pub fn timeline(
    db: PathBuf,
    wake: Arc<dyn Fn() + Send + Sync>,
    spec: SearchSpec,
    lane_actors: Vec<uuid::Uuid>,
) -> Job {
    spawn(
        "Timeline",
        db,
        wake,
        Box::new(move |store, say, _cancelled| {
            say("reading dates…", None);
            match crate::query::timeline(store, &spec, &lane_actors) {
                Ok(data) => Outcome::Timeline(Box::new(data)),
                Err(e) => Outcome::Failed(failure(e)),
            }
        }),
    )
}

/// Scans the file for likely duplicates (every kind that can be merged).
pub fn duplicates(db: PathBuf, wake: Arc<dyn Fn() + Send + Sync>) -> Job {
    spawn(
        "Duplicates",
        db,
        wake,
        Box::new(move |store, say, _cancelled| {
            say("looking for duplicates…", None);
            match crate::query::duplicates(store, &[]) {
                Ok(queue) => Outcome::Duplicates(Box::new(queue)),
                Err(e) => Outcome::Failed(failure(e)),
            }
        }),
    )
}
