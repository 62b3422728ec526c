//! The form section of `App`: its commands, opening a form (new or for the open record),
//! taking in what the user typed, the day relative dates resolve against, and saving. Records
//! created on the spot from a picker are `naming.rs`'s; leaving a form with changes is
//! `unsaved.rs`'s; the form's state is `form.rs`'s. The form itself (`Draft`) knows nothing of
//! the store.

use super::command::{Dialog, FORM_OPEN, Refusal, Traits, first_broken};
use super::draft::{self, Draft};
use super::messages::AppError;
use super::unsaved::UnsavedAnswer;
use super::{App, today};
use crate::model::{ActorKind, Record, RecordKind, Reliability};
use jiff::civil::Date;
use std::collections::HashMap;
use uuid::Uuid;

/// An action on the form.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(FormCommandKind))]
pub enum FormCommand {
    /// Opens an empty form for a new record of this kind.
    NewRecord(RecordKind),
    /// Opens the open record in the form.
    EditOpened,
    /// Replaces the form's contents with what the user typed.
    UpdateDraft(Box<Draft>),
    SaveDraft,
    CancelDraft,
    /// Creates a record named `name` on the spot (from a picker) under the given uuid; an
    /// actor is of `actor_kind` (a person if none is given); a source takes `source`'s
    /// outlet, publication date and grade.
    CreateNamed {
        kind: RecordKind,
        name: String,
        uuid: Uuid,
        actor_kind: Option<ActorKind>,
        source: SourceFacts,
    },
    /// Creates the place a path names ("Kremlin, Moscow", innermost first) inside the places
    /// of the path, reusing those that exist; the innermost gets `uuid`.
    CreatePlacePath {
        parts: Vec<String>,
        uuid: Uuid,
    },
    /// The user's answer to "save the changes?" when leaving a form.
    AnswerUnsaved(UnsavedAnswer),
}

/// What a source created from a citation's picker is given besides its title, typed in the
/// same popup.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceFacts {
    pub outlet: String,
    /// A date as the form takes it ("2025-08-16", "16 August 2025").
    pub published: String,
    pub reliability: Option<Reliability>,
}

impl FormCommand {
    pub fn traits(&self) -> Traits {
        match self {
            FormCommand::NewRecord(_) => Traits::USER.writing().leaving_form(),
            FormCommand::CancelDraft => Traits::USER.leaving_form(),
            FormCommand::EditOpened | FormCommand::SaveDraft => Traits::USER.writing(),
            FormCommand::CreateNamed { .. } | FormCommand::CreatePlacePath { .. } => {
                Traits::VIEW.writing()
            }
            FormCommand::UpdateDraft(_) | FormCommand::AnswerUnsaved(_) => Traits::VIEW,
        }
    }
}

impl App {
    pub(super) fn can_form(
        &self,
        command: &FormCommand,
        dialog: Option<Dialog>,
    ) -> Result<(), Refusal> {
        let editing = self.form.is_open();
        match command {
            FormCommand::NewRecord(_) => Ok(()),
            FormCommand::EditOpened => match &self.opened {
                None => Err("Open a record first".into()),
                Some(o) if o.is_deleted() => {
                    Err("The record is in the Trash: restore it first".into())
                }
                Some(_) if editing => Err(FORM_OPEN.into()),
                Some(_) => Ok(()),
            },
            FormCommand::UpdateDraft(_) | FormCommand::CancelDraft => {
                first_broken(&[(!editing, "No form is open")])
            }
            FormCommand::SaveDraft => match self.form.draft() {
                None => Err("No form is open".into()),
                // The refusal names what to fix ("Fix Name first"): an empty form once said
                // "the fields marked in red" with none marked yet.
                Some(d) if !d.problems().is_empty() => {
                    Err(format!("Fix {} first", draft::fields_named(&d.problems())).into())
                }
                Some(_) => Ok(()),
            },
            FormCommand::CreateNamed { kind, .. } => first_broken(&[(
                *kind == RecordKind::Link,
                "A link cannot be created from its name",
            )]),
            FormCommand::CreatePlacePath { parts, .. } => {
                first_broken(&[(parts.len() < 2, "A place path names two places or more")])
            }
            FormCommand::AnswerUnsaved(_) => first_broken(&[(
                dialog != Some(Dialog::Unsaved),
                "Nothing is waiting for an answer",
            )]),
        }
    }

    pub(super) fn apply_form(&mut self, command: FormCommand) {
        match command {
            FormCommand::NewRecord(kind) => self.new_record(kind),
            FormCommand::EditOpened => self.edit_opened(),
            FormCommand::UpdateDraft(draft) => self.update_draft(*draft),
            FormCommand::SaveDraft => self.save_draft(),
            FormCommand::CancelDraft => self.close_form(),
            FormCommand::CreateNamed {
                kind,
                name,
                uuid,
                actor_kind,
                source,
            } => self.create_named(kind, &name, uuid, actor_kind, source),
            FormCommand::CreatePlacePath { parts, uuid } => self.create_place_path(&parts, uuid),
            FormCommand::AnswerUnsaved(answer) => self.answer_unsaved(answer),
        }
    }

    /// Starts a new record of `kind`.
    /// A new statement while a meeting, or one of its statements, is open is placed at that
    /// meeting (and so takes its date and sources).
    pub(super) fn new_record(&mut self, kind: RecordKind) {
        let mut draft = Draft::new(kind, today());
        if let draft::Fields::Statement { meeting, .. } = &mut draft.fields
            && let Some(at) = self.opened_meeting()
        {
            *meeting = Some(draft::Chosen {
                label: self.store.label(at),
                uuid: at,
            });
        }
        self.start_form(draft);
    }

    /// The meeting the open record is, or was said at.
    fn opened_meeting(&self) -> Option<Uuid> {
        let opened = self.opened.as_ref().filter(|o| !o.is_deleted())?;
        match &opened.record {
            Record::Meeting(m) => Some(m.meta.uuid),
            Record::Statement(s) => s.meeting,
            _ => None,
        }
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
        self.suggest(self.form.draft(), &mut draft);
        let published = |d: &Draft| match &d.fields {
            draft::Fields::Source { published, .. } => Some(published.clone()),
            _ => None,
        };
        if let Some(old) = self.form.draft()
            && old.citations == draft.citations
            && published(old) == published(&draft)
        {
            draft.anchor = old.anchor;
            self.form.set(draft);
            self.keep_form();
            return;
        }
        draft.anchor = self.anchor_for(&draft);
        let mut grades = HashMap::new();
        for c in &draft.citations {
            for source in c.source.iter().chain(&c.via) {
                if let Ok(Some(Record::Source(s))) = self.store.get(source.uuid)
                    && let Some(grade) = s.reliability
                {
                    grades.insert(source.uuid, grade);
                }
            }
        }
        self.form.set_grades(grades);
        self.form.set(draft);
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
        let Some(draft) = self.form.draft() else {
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
            let near = self.near_records(&record);
            self.store.insert_noting(
                record,
                &near,
                crate::model::judgement::JudgementOrigin::Editor,
            )
        } else {
            match &draft.original {
                Some(original) => self.store.update_from(original, record),
                None => self.store.update(record),
            }
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
        if self.form.draft().and_then(meeting_of) == Some(chosen) {
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
