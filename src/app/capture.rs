//! The capture section of `App`: the report pasted into the capture dialog, what the rules
//! drafted from it, which proposed records the user keeps, and saving the kept ones in one
//! step. The rules and the records are `exchange::capture`'s, shared with the command line.

use super::messages::AppError;
use super::{App, today};
use crate::exchange::capture::{SourceInfo, capture_records, capture_text, dateline};
use crate::model::{PartialDate, Record};

/// What the user gives: the report and what they say of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaptureInput {
    pub text: String,
    pub title: String,
    pub outlet: String,
    pub url: String,
    /// The publication date as typed; empty: the dateline found in the text, else today.
    pub published: String,
}

/// One record the capture proposes, and whether it will be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub record: Record,
    pub keep: bool,
}

/// What the capture dialog shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaptureSession {
    pub input: CaptureInput,
    /// The publication date the drafts were read against, and where it came from.
    pub published: Option<PartialDate>,
    pub proposed: Vec<Proposed>,
    /// The counts of what was found: known names, new names, dates, passages of speech.
    pub found: (usize, usize, usize, usize),
    /// Why the text could not be read, if it could not.
    pub error: Option<String>,
}

impl App {
    pub fn capture(&self) -> Option<&CaptureSession> {
        self.capture.as_ref()
    }

    pub(super) fn open_capture(&mut self) {
        self.capture = Some(CaptureSession::default());
        self.dialog = Some(super::Dialog::Capture);
    }

    /// Reads the report: runs the rules and proposes the records, every one kept.
    pub(super) fn read_capture(&mut self, input: CaptureInput) {
        let typed = input.published.trim();
        let published = if typed.is_empty() {
            Ok(dateline(&input.text))
        } else {
            crate::model::relative::resolve(typed, today())
                .map(Some)
                .map_err(|e| e.to_string())
        };
        let mut session = CaptureSession {
            input,
            ..CaptureSession::default()
        };
        match published {
            Err(e) => session.error = Some(format!("Published: {e}")),
            Ok(published) => {
                let anchor = published
                    .as_ref()
                    .and_then(|p| p.latest())
                    .unwrap_or_else(today);
                match capture_text(&self.store, &session.input.text, anchor) {
                    Ok(capture) => {
                        let info = SourceInfo {
                            title: session.input.title.clone(),
                            outlet: session.input.outlet.clone(),
                            url: session.input.url.clone(),
                            published: published.clone(),
                        };
                        let label = |u| self.store.label(u);
                        session.found = (
                            capture.known.len(),
                            capture.new_names.len(),
                            capture.dates.len(),
                            capture.speech.len(),
                        );
                        session.proposed = capture_records(&capture, &info, &label)
                            .into_iter()
                            .map(|record| Proposed { record, keep: true })
                            .collect();
                        session.published = published;
                    }
                    Err(e) => session.error = Some(e.to_string()),
                }
            }
        }
        self.capture = Some(session);
    }

    /// Keeps or drops proposed record `index` (the source, which everything cites, stays).
    pub(super) fn toggle_proposed(&mut self, index: usize) {
        if let Some(p) = self
            .capture
            .as_mut()
            .and_then(|c| c.proposed.get_mut(index))
            .filter(|p| !matches!(p.record, Record::Source(_)) || index > 0)
        {
            p.keep = !p.keep;
        }
    }

    /// Saves the kept records in one transaction (one undo step); references to dropped
    /// ones are taken out of the kept ones first.
    pub(super) fn save_capture(&mut self) {
        let Some(session) = &self.capture else {
            return;
        };
        let dropped: Vec<uuid::Uuid> = session
            .proposed
            .iter()
            .filter(|p| !p.keep)
            .map(|p| p.record.uuid())
            .collect();
        let records: Vec<Record> = session
            .proposed
            .iter()
            .filter(|p| p.keep)
            .map(|p| {
                let mut record = p.record.clone();
                for uuid in &dropped {
                    record.detach(*uuid);
                }
                record
            })
            .collect();
        let n = records.len();
        match self.store.insert_all(records) {
            Ok(saved) => {
                self.capture = None;
                self.dialog = None;
                self.after_change();
                if let Some(source) = saved.first() {
                    self.open_record(source.uuid());
                }
                self.messages.info(format!(
                    "Captured: {n} records saved (Undo takes them all back)"
                ));
            }
            Err(e) => self.messages.error(AppError::from(e)),
        }
    }
}
