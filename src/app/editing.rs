//! The editing section of `App`: opening a form (new or for the open record), taking in what
//! the user typed, the day relative dates resolve against, saving, and records created on the
//! spot from a picker. The form itself (`Draft`) knows nothing of the store.

use super::draft::{self, Draft};
use super::messages::AppError;
use super::{App, today};
use crate::model::{Record, RecordKind};
use crate::query::{NameMatch, find_by_name};
use jiff::civil::Date;
use uuid::Uuid;

impl App {
    /// Starts a new record of `kind`.
    pub(super) fn new_record(&mut self, kind: RecordKind) {
        self.draft_serial += 1;
        self.draft = Some(Draft::new(kind, today()));
        self.draft_grades.clear();
    }

    /// Starts editing the open record.
    pub(super) fn edit_opened(&mut self) {
        let Some(opened) = &self.opened else {
            return;
        };
        let record = opened.record.clone();
        let label = |u: Uuid| self.store.label(u);
        let draft = Draft::edit(&record, &label, today());
        self.draft_serial += 1;
        self.update_draft(draft);
    }

    /// Takes in the form as the user changed it; the anchor of relative dates and the grades
    /// of cited sources follow the citations (re-read only when they, or a source's own
    /// publication date, changed).
    pub(super) fn update_draft(&mut self, mut draft: Draft) {
        let published = |d: &Draft| match &d.fields {
            draft::Fields::Source { published, .. } => Some(published.clone()),
            _ => None,
        };
        if let Some(old) = &self.draft
            && old.citations == draft.citations
            && published(old) == published(&draft)
        {
            draft.anchor = old.anchor;
            self.draft = Some(draft);
            return;
        }
        draft.anchor = self.anchor_for(&draft);
        self.draft_grades.clear();
        for c in &draft.citations {
            for source in c.source.iter().chain(&c.via) {
                if let Ok(Some(Record::Source(s))) = self.store.get(source.uuid)
                    && let Some(grade) = s.reliability
                {
                    self.draft_grades.insert(source.uuid, grade);
                }
            }
        }
        self.draft = Some(draft);
    }

    /// A source's own publication date, or the first cited source's, or today.
    fn anchor_for(&self, draft: &Draft) -> Date {
        if let draft::Fields::Source { published, .. } = &draft.fields
            && let Ok(d) = crate::model::PartialDate::parse(published)
            && let Some(day) = d.earliest()
        {
            return day;
        }
        draft
            .citations
            .iter()
            .filter_map(|c| c.source.as_ref())
            .find_map(|s| match self.store.get(s.uuid) {
                Ok(Some(Record::Source(src))) => src.published.and_then(|p| p.latest()),
                _ => None,
            })
            .unwrap_or_else(today)
    }

    /// Saves the form. On success the record opens; on failure the form stays with a
    /// message, and nothing is written.
    pub(super) fn save_draft(&mut self) {
        let Some(draft) = &self.draft else {
            return;
        };
        let record = match draft.to_record() {
            Ok(record) => record,
            Err(problems) => {
                self.messages.error(AppError::NotSaved(problems));
                return;
            }
        };
        let result = if draft.is_new() {
            self.store.insert(record)
        } else {
            self.store.update(record)
        };
        match result {
            Ok(saved) => {
                self.draft = None;
                self.after_change();
                self.open_record(saved.uuid());
            }
            Err(e) => self.messages.error(AppError::NotSaved(vec![draft::Problem {
                field: "file",
                message: e.to_string(),
            }])),
        }
    }

    /// Records whose names match what was typed into a picker.
    pub fn find(&self, kinds: &[RecordKind], text: &str) -> Result<Vec<NameMatch>, AppError> {
        Ok(find_by_name(&self.store, kinds, text, true, 8)?)
    }

    /// Creates a record of `kind` named `name` with `uuid`, for a picker that already shows
    /// it chosen. If it cannot be created, the form forgets the choice and a message says why.
    pub(super) fn create_named(&mut self, kind: RecordKind, name: &str, uuid: Uuid) {
        let mut draft = Draft::new(kind, today());
        draft.set_name(name);
        let created = match draft.to_record() {
            Ok(mut record) => {
                record.meta_mut().uuid = uuid;
                self.store.insert(record).map_err(AppError::from)
            }
            Err(problems) => Err(AppError::CannotCreate {
                what: format!("{} '{name}'", kind.label().to_lowercase()),
                reason: problems
                    .first()
                    .map(|p| p.message.clone())
                    .unwrap_or_default(),
            }),
        };
        match created {
            Ok(_) => self.after_change(),
            Err(e) => {
                if let Some(d) = &mut self.draft {
                    d.forget(uuid);
                }
                self.messages.error(e);
            }
        }
    }
}
