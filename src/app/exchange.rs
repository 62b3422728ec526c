//! The exchange section of `App`: the export dialog's choice and its preview counts (counted
//! in the background, so the dialog opens at once on any file), export and import jobs, and
//! loading the example data.

use super::command::{Dialog, Refusal, Traits, first_broken};
use super::jobs::{self, Outcome};
use super::messages::Failure;
use super::{App, AppError};
use crate::exchange::export::ExportCounts;
use crate::exchange::mapping::preset::Mapping;
use crate::exchange::{Closure, EXAMPLE_BUNDLE, ExportSelection, Format, import_bundle};
use crate::store::ImportOptions;
use std::path::PathBuf;

/// An action moving records in or out of the file.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(ExchangeCommandKind))]
pub enum ExchangeCommand {
    ExportSelection,
    ExportEverything,
    /// Opens the export dialog for the open record, taking what refers to it along (its
    /// dossier) unless the user chooses otherwise.
    ExportOpened,
    Import,
    /// Counts, in the background, what the export dialog's choice would write.
    CountExport(Closure),
    StartExport {
        format: Format,
        closure: Closure,
        out: PathBuf,
        bom: bool,
        /// Replace a file at `out` that no export wrote (the user said so).
        replace: bool,
        /// The selection, the whole file, or one record.
        scope: ExportScope,
    },
    StartImport {
        path: PathBuf,
        options: ImportOptions,
    },
    /// Opens the export dialog with a format chosen (the selection, or everything when
    /// nothing is selected): the palette's "Export as STIX 2.1…".
    ExportAs(Format),
    /// Opens the wizard importing any CSV file by a column mapping.
    ImportMappedCsv,
    /// Reads the headers and first rows of a CSV file for the wizard.
    ReadCsvSample(PathBuf),
    /// Reads a mapping preset (TOML) into the wizard, checked against the file's headers.
    LoadMappingPreset(PathBuf),
    /// Saves the wizard's mapping as a preset.
    SaveMappingPreset {
        path: PathBuf,
        mapping: Box<Mapping>,
    },
    /// Previews (`dry_run`) or imports a CSV file by a mapping; rejected rows go to
    /// `rejected` (not in a preview).
    StartMappedImport {
        path: PathBuf,
        mapping: Box<Mapping>,
        dry_run: bool,
        rejected: Option<PathBuf>,
    },
    CancelJob,
    LoadExample,
}

impl ExchangeCommand {
    pub fn traits(&self) -> Traits {
        match self {
            ExchangeCommand::ExportSelection
            | ExchangeCommand::ExportEverything
            | ExchangeCommand::ExportOpened => Traits::USER.opening_dialog(),
            ExchangeCommand::Import | ExchangeCommand::ImportMappedCsv => {
                Traits::USER.writing().opening_dialog()
            }
            ExchangeCommand::ExportAs(_) => Traits::USER.opening_dialog(),
            ExchangeCommand::ReadCsvSample(_)
            | ExchangeCommand::LoadMappingPreset(_)
            | ExchangeCommand::SaveMappingPreset { .. } => Traits::VIEW,
            ExchangeCommand::StartMappedImport { .. } => Traits::VIEW.writing(),
            ExchangeCommand::LoadExample => Traits::USER.writing(),
            ExchangeCommand::CancelJob => Traits::USER,
            ExchangeCommand::StartImport { .. } => Traits::VIEW.writing(),
            ExchangeCommand::CountExport(_) | ExchangeCommand::StartExport { .. } => Traits::VIEW,
        }
    }
}

/// The background work of this section: the export or import running, how the last one
/// ended, and the export dialog's preview count.
#[derive(Default)]
pub(super) struct Jobs {
    /// The export or import running in the background, if any.
    pub(super) job: Option<jobs::Job>,
    /// How the last job ended (the import dialog shows a preview from it).
    pub(super) last_outcome: Option<Outcome>,
    /// What the export dialog's choice would write, counted in the background.
    pub(super) export_preview: Option<ExportPreview>,
    /// The CSV import wizard's file and presets.
    pub(super) csv: super::mapping::CsvWizard,
}

const JOB_RUNNING: &str = "An export or import is running";

/// What an export takes along until the user chooses otherwise.
pub const DEFAULT_CLOSURE: Closure = Closure::Provenance;

/// What an export writes: the selection, the whole file, or one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportScope {
    Selection,
    Everything,
    Record(uuid::Uuid),
}

impl ExportScope {
    /// What the export dialog takes along when it opens for this scope: a single record
    /// with everything about it (its dossier), else its provenance.
    pub fn default_closure(self) -> Closure {
        match self {
            ExportScope::Record(_) => Closure::Dossier,
            ExportScope::Selection | ExportScope::Everything => DEFAULT_CLOSURE,
        }
    }
}

/// What the export dialog's current choice would write: counted in the background.
pub struct ExportPreview {
    closure: Closure,
    scope: ExportScope,
    /// What was selected when counting started.
    selection: ExportSelection,
    counting: Option<jobs::Job>,
    counts: Option<Result<ExportCounts, Failure>>,
}

impl ExportPreview {
    /// The counts by kind once known; `None` while counting.
    pub fn counts(&self) -> Option<&Result<ExportCounts, Failure>> {
        self.counts.as_ref()
    }

    pub fn counting(&self) -> bool {
        self.counting.is_some()
    }
}

impl App {
    pub(super) fn can_exchange(&self, command: &ExchangeCommand) -> Result<(), Refusal> {
        let running = (self.jobs.job.is_some(), JOB_RUNNING);
        match command {
            ExchangeCommand::ExportEverything
            | ExchangeCommand::Import
            | ExchangeCommand::ImportMappedCsv
            | ExchangeCommand::ExportAs(_)
            | ExchangeCommand::LoadExample
            | ExchangeCommand::CountExport(_) => Ok(()),
            ExchangeCommand::ReadCsvSample(path) | ExchangeCommand::LoadMappingPreset(path) => {
                first_broken(&[(path.as_os_str().is_empty(), "Give a path to read from")])
            }
            ExchangeCommand::SaveMappingPreset { path, mapping } => first_broken(&[
                (
                    path.as_os_str().is_empty(),
                    "Give a path to save the preset to",
                ),
                (
                    mapping.kinds().is_empty(),
                    "Choose what each row makes first",
                ),
            ]),
            ExchangeCommand::StartMappedImport { path, mapping, .. } => first_broken(&[
                running,
                (path.as_os_str().is_empty(), "Give a path to read from"),
                (
                    mapping.kinds().is_empty(),
                    "Choose what each row makes first",
                ),
                (
                    mapping.fields.values().all(|f| f.is_empty()),
                    "Map at least one column to a field",
                ),
            ]),
            ExchangeCommand::ExportSelection => {
                first_broken(&[(self.selection.is_empty(), "Nothing is selected")])
            }
            ExchangeCommand::ExportOpened => {
                first_broken(&[(self.opened.is_none(), "Open a record first")])
            }
            ExchangeCommand::StartExport { out, scope, .. } => first_broken(&[
                running,
                (
                    *scope == ExportScope::Selection && self.selection.is_empty(),
                    "Nothing is selected",
                ),
                (out.as_os_str().is_empty(), "Give a path to write to"),
            ]),
            ExchangeCommand::StartImport { path, .. } => first_broken(&[
                running,
                (path.as_os_str().is_empty(), "Give a path to read from"),
            ]),
            ExchangeCommand::CancelJob => {
                first_broken(&[(self.jobs.job.is_none(), "No export or import is running")])
            }
        }
    }

    pub(super) fn apply_exchange(&mut self, command: ExchangeCommand) {
        match command {
            ExchangeCommand::ExportSelection => self.open_export(ExportScope::Selection),
            ExchangeCommand::ExportEverything => self.open_export(ExportScope::Everything),
            ExchangeCommand::ExportOpened => {
                if let Some(opened) = &self.opened {
                    self.open_export(ExportScope::Record(opened.record.uuid()));
                }
            }
            ExchangeCommand::Import => {
                self.jobs.last_outcome = None;
                self.dialogs.show(Dialog::Import);
            }
            ExchangeCommand::CountExport(closure) => self.count_export(closure),
            ExchangeCommand::StartExport {
                format,
                closure,
                out,
                bom,
                replace,
                scope,
            } => self.start_export(format, closure, out, (bom, replace), scope),
            ExchangeCommand::StartImport { path, options } => self.start_import(path, options),
            ExchangeCommand::ExportAs(format) => {
                let scope = if self.selection.is_empty() {
                    ExportScope::Everything
                } else {
                    ExportScope::Selection
                };
                self.open_export_as(scope, Some(format));
            }
            ExchangeCommand::ImportMappedCsv => {
                self.jobs.last_outcome = None;
                self.dialogs.show(Dialog::CsvImport);
            }
            ExchangeCommand::ReadCsvSample(path) => self.read_csv_sample(path),
            ExchangeCommand::LoadMappingPreset(path) => self.load_mapping_preset(path),
            ExchangeCommand::SaveMappingPreset { path, mapping } => {
                self.save_mapping_preset(path, &mapping)
            }
            ExchangeCommand::StartMappedImport {
                path,
                mapping,
                dry_run,
                rejected,
            } => self.start_mapped_import(path, *mapping, dry_run, rejected),
            ExchangeCommand::CancelJob => {
                if let Some(job) = &self.jobs.job {
                    job.cancel();
                }
            }
            ExchangeCommand::LoadExample => self.load_example(),
        }
    }

    /// What `scope` stands for, as the exchange layer takes it.
    fn export_selection(&self, scope: ExportScope) -> ExportSelection {
        match scope {
            ExportScope::Everything => ExportSelection::everything(),
            ExportScope::Record(uuid) => ExportSelection {
                records: vec![uuid],
                searches: Vec::new(),
                everything: false,
            },
            ExportScope::Selection => ExportSelection {
                records: self.selection.picked().map(|(u, _)| *u).collect(),
                searches: self
                    .selection
                    .searches()
                    .iter()
                    .map(|(s, _)| s.clone())
                    .collect(),
                everything: false,
            },
        }
    }

    /// What the open export dialog writes (the selection if none is open).
    fn export_scope(&self) -> ExportScope {
        match self.dialogs.open() {
            Some(Dialog::Export { scope, .. }) => scope,
            _ => ExportScope::Selection,
        }
    }

    /// The preview for exporting with `closure`, if one was asked for what the dialog writes.
    pub fn export_preview(&self, closure: Closure) -> Option<&ExportPreview> {
        let scope = self.export_scope();
        self.jobs.export_preview.as_ref().filter(|p| {
            p.closure == closure
                && p.scope == scope
                && (scope != ExportScope::Selection
                    || p.selection == self.export_selection(ExportScope::Selection))
        })
    }

    /// Opens the export dialog and starts counting what the default choice would write.
    pub(super) fn open_export(&mut self, scope: ExportScope) {
        self.open_export_as(scope, None);
    }

    fn open_export_as(&mut self, scope: ExportScope, format: Option<Format>) {
        self.jobs.last_outcome = None;
        self.jobs.export_preview = None;
        self.dialogs.show(Dialog::Export { scope, format });
        self.count_export(scope.default_closure());
    }

    /// Starts counting what the export dialog's choice would write; a count still running
    /// for an earlier choice is stopped.
    pub(super) fn count_export(&mut self, closure: Closure) {
        // An earlier count still running stops as its job is dropped.
        self.jobs.export_preview = None;
        let scope = self.export_scope();
        let selection = self.export_selection(scope);
        let job = jobs::count(
            self.path().to_path_buf(),
            std::sync::Arc::clone(&self.wake),
            selection.clone(),
            closure,
        );
        self.jobs.export_preview = Some(ExportPreview {
            closure,
            scope,
            selection,
            counting: Some(job),
            counts: None,
        });
    }

    /// Takes in a finished count; returns true if one ended.
    pub(super) fn poll_count(&mut self) -> bool {
        let Some(preview) = &mut self.jobs.export_preview else {
            return false;
        };
        let Some(outcome) = preview.counting.as_ref().and_then(jobs::Job::outcome) else {
            return false;
        };
        preview.counting = None;
        preview.counts = Some(match outcome {
            Outcome::Counted(counts) => Ok(counts),
            Outcome::Failed(e) => Err(e),
            _ => Err(super::messages::failure(AppError::Stopped("counting"))),
        });
        true
    }

    /// Starts exporting the selection (or everything, or one record) in the background.
    pub(super) fn start_export(
        &mut self,
        format: Format,
        closure: Closure,
        out: PathBuf,
        (bom, replace): (bool, bool),
        scope: ExportScope,
    ) {
        let selection = self.export_selection(scope);
        self.jobs.last_outcome = None;
        self.jobs.job = Some(jobs::export(
            self.path().to_path_buf(),
            std::sync::Arc::clone(&self.wake),
            selection,
            closure,
            format,
            out,
            (bom, replace),
        ));
    }

    /// Starts importing (or previewing, with `options.dry_run`) a bundle or CSV folder.
    pub(super) fn start_import(&mut self, path: PathBuf, options: ImportOptions) {
        self.jobs.last_outcome = None;
        self.jobs.job = Some(jobs::import(
            self.path().to_path_buf(),
            std::sync::Arc::clone(&self.wake),
            path,
            options,
        ));
    }

    /// Takes in a finished job; returns true if one ended.
    pub(super) fn poll_job(&mut self) -> bool {
        let Some(outcome) = self.jobs.job.as_ref().and_then(jobs::Job::outcome) else {
            return false;
        };
        self.jobs.job = None;
        match &outcome {
            Outcome::Exported { path, counts } => {
                let n: usize = counts.values().sum();
                self.messages
                    .info(format!("Exported {n} records to {}", path.display()));
            }
            Outcome::MappedImported(report) => {
                let dry = report.import.as_ref().is_none_or(|r| r.dry_run);
                if !dry {
                    self.messages
                        .info(format!("Imported: {}", report.summary()));
                    self.after_change();
                }
            }
            Outcome::Imported(report) if !report.dry_run => {
                self.messages
                    .info(format!("Imported: {}", report.summary()));
                self.after_change();
            }
            Outcome::Imported(_)
            | Outcome::Counted(_)
            | Outcome::Timeline(_)
            | Outcome::Duplicates(_) => {}
            Outcome::Failed(e) => self.messages.error(AppError::Background(e.clone())),
            Outcome::Cancelled => self.messages.info("Cancelled; nothing was written"),
        }
        self.jobs.last_outcome = Some(outcome);
        true
    }

    /// Waits (up to `timeout`) for the running job and preview count: for tests and benches.
    #[cfg(feature = "test-support")]
    pub fn wait_for_job(&mut self, timeout: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + timeout;
        while self.busy() && std::time::Instant::now() < until {
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        self.jobs.job.is_none()
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
