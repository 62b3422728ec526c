//! The form section's state: the record being edited (`Draft`), the form as it opened (so
//! changes can be told), when it was restored from the file, the action held back while the
//! user is asked about unsaved changes, what the form's pickers created on the spot, and the
//! grades of the sources it cites. Its fields are private: the rest of the app changes the
//! form through these methods, so its parts always change together.

use super::command::Command;
use super::draft::Draft;
use crate::model::Reliability;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Default)]
pub(super) struct Form {
    draft: Option<Draft>,
    /// The form as it opened: it holds changes while it differs from this.
    start: Option<Draft>,
    /// When the form was restored from the file, the time it was kept.
    restored_at: Option<jiff::Timestamp>,
    /// The action held back while the user is asked about a form with changes.
    pending: Option<Command>,
    /// Records created on the spot from the form's pickers (uuid, what it is): Discard
    /// moves them to the Trash with the form.
    created: Vec<(Uuid, String)>,
    /// Counts forms opened, so a view can tell a new form from the same one.
    serial: u64,
    /// Grades of the sources the form cites, read when its citations change.
    grades: HashMap<Uuid, Reliability>,
}

impl Form {
    pub(super) fn draft(&self) -> Option<&Draft> {
        self.draft.as_ref()
    }

    pub(super) fn draft_mut(&mut self) -> Option<&mut Draft> {
        self.draft.as_mut()
    }

    pub(super) fn is_open(&self) -> bool {
        self.draft.is_some()
    }

    pub(super) fn serial(&self) -> u64 {
        self.serial
    }

    pub(super) fn restored_at(&self) -> Option<jiff::Timestamp> {
        self.restored_at
    }

    /// Whether the form holds anything typed since it opened.
    pub(super) fn has_changes(&self) -> bool {
        match (&self.draft, &self.start) {
            (Some(draft), Some(start)) => !draft.same_contents(start),
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// A new form, starting as `start` (its contents come with the next `set`).
    pub(super) fn open(&mut self, start: Draft, restored_at: Option<jiff::Timestamp>) {
        self.serial += 1;
        self.start = Some(start);
        self.restored_at = restored_at;
        self.draft = None;
    }

    /// The form's contents, as typed.
    pub(super) fn set(&mut self, draft: Draft) {
        self.draft = Some(draft);
    }

    /// Takes what the form holds now as where it started (what it filled in by itself is no
    /// change of the user's); true if that differed.
    pub(super) fn settle_start(&mut self) -> bool {
        if self.start.as_ref() == self.draft.as_ref() {
            return false;
        }
        self.start = self.draft.clone();
        true
    }

    /// Closes the form, forgetting everything it held.
    pub(super) fn close(&mut self) {
        self.created.clear();
        self.draft = None;
        self.start = None;
        self.restored_at = None;
        self.grades.clear();
    }

    pub(super) fn hold(&mut self, command: Command) {
        self.pending = Some(command);
    }

    pub(super) fn take_held(&mut self) -> Option<Command> {
        self.pending.take()
    }

    pub(super) fn forget_held(&mut self) {
        self.pending = None;
    }

    pub(super) fn note_created(&mut self, uuid: Uuid, what: String) {
        self.created.push((uuid, what));
    }

    pub(super) fn created(&self) -> impl Iterator<Item = &str> {
        self.created.iter().map(|(_, what)| what.as_str())
    }

    pub(super) fn take_created(&mut self) -> Vec<(Uuid, String)> {
        std::mem::take(&mut self.created)
    }

    pub(super) fn grade(&self, source: Uuid) -> Option<Reliability> {
        self.grades.get(&source).copied()
    }

    pub(super) fn set_grades(&mut self, grades: HashMap<Uuid, Reliability>) {
        self.grades = grades;
    }
}
