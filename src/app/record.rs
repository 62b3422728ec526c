//! The record section of `App`: the record open in the detail pane (read as the store's
//! `RecordView`), Back and Forward, adding it to the selection, the Trash, and undo/redo
//! through the file's change log.

use super::App;
use super::command::{Dialog, FORM_OPEN, Refusal, Traits, first_broken};
use uuid::Uuid;

/// An action on the open record, the Trash or the file's history.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(RecordCommandKind))]
pub enum RecordCommand {
    /// Moves the open record to the Trash.
    DeleteOpened,
    /// Brings the open record back from the Trash.
    RestoreOpened,
    /// Asks to empty the Trash (a confirmation follows).
    EmptyTrash,
    /// Empties the Trash for good (the confirmation's answer).
    ConfirmEmptyTrash,
    Undo,
    Redo,
    OpenRecord(Uuid),
    /// Loads the next page of the open record's references with this relation.
    ShowMoreBacklinks(String),
    Back,
    Forward,
}

impl RecordCommand {
    pub fn traits(&self) -> Traits {
        match self {
            RecordCommand::DeleteOpened
            | RecordCommand::RestoreOpened
            | RecordCommand::Undo
            | RecordCommand::Redo => Traits::USER.writing(),
            RecordCommand::EmptyTrash => Traits::USER.writing().opening_dialog(),
            RecordCommand::ConfirmEmptyTrash => Traits::VIEW.writing(),
            RecordCommand::Back | RecordCommand::Forward => Traits::USER.leaving_form(),
            RecordCommand::OpenRecord(_) => Traits::VIEW.leaving_form(),
            RecordCommand::ShowMoreBacklinks(_) => Traits::VIEW,
        }
    }
}

impl App {
    pub(super) fn can_record(&self, command: &RecordCommand) -> Result<(), Refusal> {
        let editing = self.form.is_open();
        let opened = self.opened.as_ref();
        match command {
            RecordCommand::OpenRecord(_) | RecordCommand::ShowMoreBacklinks(_) => Ok(()),
            RecordCommand::DeleteOpened => match opened {
                None => Err("Open a record first".into()),
                Some(o) if o.is_deleted() => Err("The record is in the Trash already".into()),
                Some(_) if editing => Err(FORM_OPEN.into()),
                Some(_) => Ok(()),
            },
            RecordCommand::RestoreOpened => match opened {
                Some(o) if o.is_deleted() => Ok(()),
                _ => Err("The open record is not in the Trash".into()),
            },
            RecordCommand::EmptyTrash | RecordCommand::ConfirmEmptyTrash => {
                first_broken(&[(self.facts.counts.trash == 0, "The Trash is empty")])
            }
            RecordCommand::Undo => first_broken(&[
                (editing, FORM_OPEN),
                (self.facts.undo_label.is_none(), "Nothing to undo"),
            ]),
            RecordCommand::Redo => first_broken(&[
                (editing, FORM_OPEN),
                (self.facts.redo_label.is_none(), "Nothing to redo"),
            ]),
            RecordCommand::Back => {
                first_broken(&[(!self.navigation.can_go_back(), "Nothing to go back to")])
            }
            RecordCommand::Forward => first_broken(&[(
                !self.navigation.can_go_forward(),
                "Nothing to go forward to",
            )]),
        }
    }

    pub(super) fn apply_record(&mut self, command: RecordCommand) {
        match command {
            RecordCommand::DeleteOpened => self.delete_opened(),
            RecordCommand::RestoreOpened => self.restore_opened(),
            RecordCommand::EmptyTrash => self.dialogs.show(Dialog::ConfirmEmptyTrash),
            RecordCommand::ConfirmEmptyTrash => {
                self.dialogs.close();
                self.empty_trash();
            }
            RecordCommand::Undo => self.undo_or_redo(true),
            RecordCommand::Redo => self.undo_or_redo(false),
            RecordCommand::OpenRecord(uuid) => self.open_record(uuid),
            RecordCommand::ShowMoreBacklinks(relation) => self.more_backlinks(&relation),
            RecordCommand::Back => self.back(),
            RecordCommand::Forward => self.forward(),
        }
    }

    /// Opens a record in the detail pane (and remembers it for Back).
    pub(super) fn open_record(&mut self, uuid: uuid::Uuid) {
        if self.load_opened(uuid) {
            self.navigation.visit(uuid);
            self.form.close();
        }
    }

    pub(super) fn back(&mut self) {
        if let Some(uuid) = self.navigation.back() {
            self.load_opened(uuid);
            self.form.close();
        }
    }

    pub(super) fn forward(&mut self) {
        if let Some(uuid) = self.navigation.forward() {
            self.load_opened(uuid);
            self.form.close();
        }
    }

    /// Reads the record into the detail pane; false if it is not there (or cannot be read).
    /// A record merged into another opens as that one, and says so.
    pub(super) fn load_opened(&mut self, uuid: uuid::Uuid) -> bool {
        let uuid = match self.store.canonical_of(uuid) {
            Ok(Some(canonical)) => {
                let name = |u| {
                    self.store
                        .get(u)
                        .ok()
                        .flatten()
                        .map(|r| r.name().to_string())
                        .unwrap_or_default()
                };
                let text = format!(
                    "“{}” was merged into “{}”: showing that record",
                    name(uuid),
                    name(canonical)
                );
                self.messages.info(text);
                canonical
            }
            Ok(None) => uuid,
            Err(e) => {
                self.messages.error(e);
                return false;
            }
        };
        match self.store.record_view(uuid) {
            Ok(Some(view)) => {
                self.opened = Some(view);
                true
            }
            Ok(None) => {
                self.opened = None;
                false
            }
            Err(e) => {
                self.messages.error(e);
                false
            }
        }
    }

    /// Appends the next page of the open record's references with `relation`.
    pub(super) fn more_backlinks(&mut self, relation: &str) {
        let Some(opened) = &self.opened else {
            return;
        };
        let uuid = opened.record.uuid();
        let Some(group) = opened.backlinks.iter().find(|g| g.relation == relation) else {
            return;
        };
        match self.store.backlinks_after(uuid, group) {
            Ok(more) => {
                if let Some(group) = self
                    .opened
                    .as_mut()
                    .and_then(|o| o.backlinks.iter_mut().find(|g| g.relation == relation))
                {
                    if more.is_empty() {
                        // What the count held twice is shown once: nothing more to load.
                        group.total = group.items.len();
                    }
                    group.items.extend(more);
                }
            }
            Err(e) => self.messages.error(e),
        }
    }

    pub(super) fn add_opened_to_selection(&mut self) {
        if let Some(o) = &self.opened {
            self.selection
                .add(o.record.uuid(), o.record.kind(), o.title.clone());
        }
    }

    /// Moves the open record to the Trash.
    pub(super) fn delete_opened(&mut self) {
        let Some(opened) = &self.opened else {
            return;
        };
        let uuid = opened.record.uuid();
        let title = opened.title.clone();
        match self.store.delete(uuid) {
            Ok(()) => {
                self.messages.info(format!("Moved '{title}' to the Trash"));
                self.after_change();
                self.load_opened(uuid);
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// Brings the open record back from the Trash.
    pub(super) fn restore_opened(&mut self) {
        let Some(uuid) = self.opened.as_ref().map(|o| o.record.uuid()) else {
            return;
        };
        match self.store.restore(uuid) {
            Ok(()) => {
                self.after_change();
                self.load_opened(uuid);
            }
            Err(e) => self.messages.error(e),
        }
    }

    pub(super) fn empty_trash(&mut self) {
        match self.store.empty_trash() {
            Ok(n) => {
                self.messages.info(format!("Removed {n} records for good"));
                self.after_change();
            }
            Err(e) => self.messages.error(e),
        }
    }

    pub(super) fn undo_or_redo(&mut self, undo: bool) {
        let result = if undo {
            self.store.undo()
        } else {
            self.store.redo()
        };
        match result {
            Ok(Some(step)) => {
                self.messages.info(format!(
                    "{} {}",
                    if undo { "Undid" } else { "Redid" },
                    step.label
                ));
                self.after_change();
                if let Some(uuid) = self.navigation.current().or(step.records.first().copied())
                    && !self.load_opened(uuid)
                {
                    self.opened = None;
                }
            }
            Ok(None) => {}
            Err(e) => self.messages.error(e),
        }
    }
}
