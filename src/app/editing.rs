//! The editing section of `App`: opening a form (new or for the open record), taking in what
//! the user typed, the day relative dates resolve against, saving, and records created on the
//! spot from a picker. The form itself (`Draft`) knows nothing of the store.

use super::draft::{self, Draft};
use super::messages::AppError;
use super::{App, today};
use crate::model::{Record, RecordKind};
use jiff::civil::Date;
use uuid::Uuid;

impl App {
    /// Starts a new record of `kind`.
    /// A new statement while a meeting is open is placed at that meeting (and so takes its
    /// date and sources).
    pub(super) fn new_record(&mut self, kind: RecordKind) {
        let mut draft = Draft::new(kind, today());
        if let (draft::Fields::Statement { meeting, .. }, Some(opened)) =
            (&mut draft.fields, &self.opened)
            && let Record::Meeting(m) = &opened.record
            && !opened.is_deleted()
        {
            *meeting = Some(draft::Chosen {
                uuid: m.meta.uuid,
                label: m.title.clone(),
            });
        }
        self.start_form(draft);
    }

    /// Starts editing the open record.
    pub(super) fn edit_opened(&mut self) {
        let Some(opened) = &self.opened else {
            return;
        };
        let record = opened.record.clone();
        let label = |u: Uuid| self.store.label(u);
        let draft = Draft::edit(&record, &label, today());
        self.start_form(draft);
    }

    /// Takes in the form as the user changed it; the anchor of relative dates and the grades
    /// of cited sources follow the citations (re-read only when they, or a source's own
    /// publication date, changed).
    pub(super) fn update_draft(&mut self, mut draft: Draft) {
        self.default_from_meeting(&mut draft);
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
            self.keep_form();
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
        self.keep_form();
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
        if self.editing_proposal() {
            self.save_proposal(record);
            return;
        }
        let result = if draft.is_new() {
            self.store.insert(record)
        } else {
            self.store.update(record)
        };
        match result {
            Ok(saved) => {
                self.close_form();
                self.after_change();
                self.open_record(saved.uuid());
            }
            Err(e) => self.messages.error(AppError::NotSaved(vec![draft::Problem {
                field: "file",
                message: e.to_string(),
            }])),
        }
    }

    /// A statement placed at a meeting takes the meeting's date and the sources it cites,
    /// where the form has none yet.
    fn default_from_meeting(&self, draft: &mut Draft) {
        let meeting_of = |d: &Draft| match &d.fields {
            draft::Fields::Statement { meeting, .. } => meeting.as_ref().map(|m| m.uuid),
            _ => None,
        };
        let Some(chosen) = meeting_of(draft) else {
            return;
        };
        if self.draft.as_ref().and_then(meeting_of) == Some(chosen) {
            return;
        }
        let Ok(Some(Record::Meeting(meeting))) = self.store.get(chosen) else {
            return;
        };
        if let draft::Fields::Statement { date, .. } = &mut draft.fields
            && date.trim().is_empty()
            && let Some(d) = &meeting.date
        {
            *date = d.edtf();
        }
        if draft.citations.is_empty() {
            draft.citations = meeting
                .meta
                .citations
                .iter()
                .map(|c| draft::CitationDraft {
                    source: Some(draft::Chosen {
                        uuid: c.source,
                        label: self.store.label(c.source),
                    }),
                    locator: String::new(),
                    excerpt: String::new(),
                    credibility: None,
                    via: c.via.map(|v| draft::Chosen {
                        uuid: v,
                        label: self.store.label(v),
                    }),
                })
                .collect();
        }
    }
}
