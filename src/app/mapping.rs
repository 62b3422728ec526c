//! The CSV import wizard's side of `App`: the chosen file's headers and first rows (to map
//! columns and see values), mapping presets read (checked against those headers) and saved
//! (never over a file that is not a preset), and the mapped import or preview as a job.

use super::App;
use super::jobs;
use super::messages::{AppError, Failure, failure};
use crate::exchange::mapping::preset::Mapping;
use crate::store::ImportOptions;
use std::path::PathBuf;

/// Rows read for the wizard: enough to see each column's values and to route by them.
const SAMPLE_ROWS: usize = 200;

/// The headers and first rows of the file the wizard maps.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvSample {
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl CsvSample {
    /// The distinct values of a column in the sample, in their order (for routing rows).
    pub fn values_of(&self, column: &str) -> Vec<String> {
        let Some(at) = crate::exchange::mapping::preset::column_index(&self.headers, column) else {
            return Vec::new();
        };
        let mut values: Vec<String> = Vec::new();
        for row in &self.rows {
            let value = row.get(at).map(|v| v.trim()).unwrap_or("");
            if !value.is_empty() && !values.iter().any(|v| v == value) {
                values.push(value.to_string());
            }
        }
        values
    }
}

/// What the wizard has read.
#[derive(Default)]
pub struct CsvWizard {
    sample: Option<Result<CsvSample, Failure>>,
    /// The last preset read, numbered so that the wizard takes each one once.
    preset: Option<(u64, Result<Mapping, Failure>)>,
    read: u64,
}

impl App {
    /// The file the wizard maps, once read (or why it could not be).
    pub fn csv_sample(&self) -> Option<&Result<CsvSample, Failure>> {
        self.jobs.csv.sample.as_ref()
    }

    /// The last preset read, with its number.
    pub fn mapping_preset(&self) -> Option<(u64, &Result<Mapping, Failure>)> {
        self.jobs.csv.preset.as_ref().map(|(n, p)| (*n, p))
    }

    pub(super) fn read_csv_sample(&mut self, path: PathBuf) {
        self.jobs.last_outcome = None;
        let read = crate::exchange::mapping::sample(&path, SAMPLE_ROWS)
            .map(|(headers, rows)| CsvSample {
                path: path.clone(),
                headers,
                rows,
            })
            .map_err(failure);
        self.jobs.csv.sample = Some(read);
    }

    pub(super) fn load_mapping_preset(&mut self, path: PathBuf) {
        let read = Mapping::read(&path)
            .and_then(|mapping| {
                // A preset is checked against the file's headers before it is used.
                match self.csv_sample() {
                    Some(Ok(sample)) => mapping.check(&sample.headers).map(|()| mapping),
                    _ => Ok(mapping),
                }
            })
            .map_err(|e| failure(AppError::Mapping(e.to_string())));
        if let Err(e) = &read {
            self.messages.error(AppError::Background(e.clone()));
        }
        self.jobs.csv.read += 1;
        self.jobs.csv.preset = Some((self.jobs.csv.read, read));
    }

    pub(super) fn save_mapping_preset(&mut self, path: PathBuf, mapping: &Mapping) {
        match mapping.save(&path) {
            Ok(()) => self
                .messages
                .info(format!("Mapping saved as {}", path.display())),
            Err(e) => self.messages.error(AppError::Mapping(e.to_string())),
        }
    }

    pub(super) fn start_mapped_import(
        &mut self,
        path: PathBuf,
        mapping: Mapping,
        dry_run: bool,
        rejected: Option<PathBuf>,
    ) {
        self.jobs.last_outcome = None;
        let options = ImportOptions {
            dry_run,
            ..ImportOptions::default()
        };
        self.jobs.job = Some(jobs::import_mapped(
            self.path().to_path_buf(),
            std::sync::Arc::clone(&self.wake),
            path,
            mapping,
            options,
            rejected,
        ));
    }
}
