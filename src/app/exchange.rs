//! The exchange section of `App`: the export dialog's choice and its preview counts (counted
//! in the background, so the dialog opens at once on any file), export and import jobs, and
//! loading the example data.

use super::command::Dialog;
use super::jobs::{self, Outcome};
use super::{App, AppError};
use crate::exchange::export::ExportCounts;
use crate::exchange::{Closure, EXAMPLE_BUNDLE, ExportSelection, Format, import_bundle};
use crate::store::ImportOptions;
use std::path::PathBuf;

/// What an export takes along until the user chooses otherwise.
pub const DEFAULT_CLOSURE: Closure = Closure::Provenance;

/// What the export dialog's current choice would write: counted in the background.
pub struct ExportPreview {
    closure: Closure,
    everything: bool,
    /// What was selected when counting started.
    selection: ExportSelection,
    counting: Option<jobs::Job>,
    counts: Option<Result<ExportCounts, String>>,
}

impl ExportPreview {
    /// The counts by kind once known; `None` while counting.
    pub fn counts(&self) -> Option<&Result<ExportCounts, String>> {
        self.counts.as_ref()
    }

    pub fn counting(&self) -> bool {
        self.counting.is_some()
    }
}

impl App {
    /// The selection as the exchange layer takes it.
    fn export_selection(&self, everything: bool) -> ExportSelection {
        if everything {
            return ExportSelection::everything();
        }
        ExportSelection {
            records: self.selection.picked().map(|(u, _)| *u).collect(),
            searches: self
                .selection
                .searches()
                .iter()
                .map(|(s, _)| s.clone())
                .collect(),
            everything: false,
        }
    }

    /// True if the open export dialog is for the whole file.
    fn exporting_everything(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Export { everything: true }))
    }

    /// The preview for exporting with `closure`, if one was asked for the current selection.
    pub fn export_preview(&self, closure: Closure) -> Option<&ExportPreview> {
        self.export_preview.as_ref().filter(|p| {
            p.closure == closure
                && p.everything == self.exporting_everything()
                && (p.everything || p.selection == self.export_selection(false))
        })
    }

    /// Opens the export dialog and starts counting what the default choice would write.
    pub(super) fn open_export(&mut self, everything: bool) {
        self.last_outcome = None;
        self.export_preview = None;
        self.dialog = Some(Dialog::Export { everything });
        self.count_export(DEFAULT_CLOSURE);
    }

    /// Starts counting what the export dialog's choice would write; a count still running
    /// for an earlier choice is stopped.
    pub(super) fn count_export(&mut self, closure: Closure) {
        // An earlier count still running stops as its job is dropped.
        self.export_preview = None;
        let everything = self.exporting_everything();
        let selection = self.export_selection(everything);
        let job = jobs::count(
            self.path().to_path_buf(),
            std::sync::Arc::clone(&self.wake),
            selection.clone(),
            closure,
        );
        self.export_preview = Some(ExportPreview {
            closure,
            everything,
            selection,
            counting: Some(job),
            counts: None,
        });
    }

    /// Takes in a finished count; returns true if one ended.
    pub(super) fn poll_count(&mut self) -> bool {
        let Some(preview) = &mut self.export_preview else {
            return false;
        };
        let Some(outcome) = preview.counting.as_ref().and_then(jobs::Job::outcome) else {
            return false;
        };
        preview.counting = None;
        preview.counts = Some(match outcome {
            Outcome::Counted(counts) => Ok(counts),
            Outcome::Failed(e) => Err(e),
            _ => Err("counting stopped".into()),
        });
        true
    }

    /// Starts exporting the selection (or everything) in the background.
    pub(super) fn start_export(
        &mut self,
        format: Format,
        closure: Closure,
        out: PathBuf,
        bom: bool,
        everything: bool,
    ) {
        let selection = self.export_selection(everything);
        self.last_outcome = None;
        self.job = Some(jobs::export(
            self.path().to_path_buf(),
            std::sync::Arc::clone(&self.wake),
            selection,
            closure,
            format,
            out,
            bom,
        ));
    }

    /// Starts importing (or previewing, with `options.dry_run`) a bundle or CSV folder.
    pub(super) fn start_import(&mut self, path: PathBuf, options: ImportOptions) {
        self.last_outcome = None;
        self.job = Some(jobs::import(
            self.path().to_path_buf(),
            std::sync::Arc::clone(&self.wake),
            path,
            options,
        ));
    }

    /// Takes in a finished job; returns true if one ended.
    pub(super) fn poll_job(&mut self) -> bool {
        let Some(outcome) = self.job.as_ref().and_then(jobs::Job::outcome) else {
            return false;
        };
        self.job = None;
        match &outcome {
            Outcome::Exported { path, counts } => {
                let n: usize = counts.values().sum();
                self.messages
                    .info(format!("Exported {n} records to {}", path.display()));
            }
            Outcome::Imported(report) if !report.dry_run => {
                self.messages
                    .info(format!("Imported: {}", report.summary()));
                self.after_change();
            }
            Outcome::Imported(_) | Outcome::Counted(_) | Outcome::Timeline(_) => {}
            Outcome::Failed(e) => self.messages.error(AppError::Job(e.clone())),
            Outcome::Cancelled => self.messages.info("Cancelled; nothing was written"),
        }
        self.last_outcome = Some(outcome);
        true
    }

    /// Waits (up to `timeout`) for the running job and preview count: for tests and tools.
    pub fn wait_for_job(&mut self, timeout: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while self.busy() && std::time::Instant::now() < until {
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        self.job.is_none()
    }

    /// Loads the example data (merging by uuid, so loading twice adds nothing).
    pub(super) fn load_example(&mut self) {
        match import_bundle(&mut self.store, EXAMPLE_BUNDLE) {
            Ok(report) => {
                self.messages
                    .info(format!("Example data: {}", report.summary()));
                self.after_change();
            }
            Err(e) => self.messages.error(e),
        }
    }
}
