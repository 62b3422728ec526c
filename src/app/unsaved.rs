//! Nothing typed is lost. A form remembers how it started, so the app can tell when it holds
//! changes; while it does, every way of leaving it (another form, another record, Cancel,
//! Escape, closing the window) asks first: save, discard, or keep editing. As it is typed
//! the form is kept in the file (`Store::keep_draft`), and a form found there when the file
//! opens — after a crash, a kill or a power cut — is put back in the editor.

use super::command::{Command, Dialog};
use super::draft::{Draft, KeptForm};
use super::editing::FormCommand;
use super::window::WindowCommand;
use super::{App, today};
use crate::model::Record;

/// The user's answer when leaving a form with changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// Save the form, then go on (if it cannot be saved, the form stays).
    Save,
    /// Throw the changes away, then go on.
    Discard,
    /// Stay in the form; the action that asked is dropped.
    KeepEditing,
}

impl App {
    /// Whether the open form holds anything the user typed since it opened.
    pub fn form_has_changes(&self) -> bool {
        self.form.has_changes()
    }

    /// When the open form was restored from the file, the time it was last kept.
    pub fn restored_at(&self) -> Option<jiff::Timestamp> {
        self.form.restored_at()
    }

    /// What the open form's pickers created on the spot, as "Kremlin (place)".
    pub fn created_in_form(&self) -> impl Iterator<Item = &str> {
        self.form.created()
    }

    /// Whether the window may close now without losing anything typed.
    pub fn may_close_window(&self) -> bool {
        self.quit || !self.form_has_changes()
    }

    /// Set once the user has answered for a form and the window should close.
    pub fn wants_to_close(&self) -> bool {
        self.quit
    }

    /// Runs before every command: one that leaves a form with changes is held back and the
    /// user asked; one that leaves an unchanged form closes it first. Returns the command if
    /// it should run now.
    pub(super) fn guard_form(&mut self, command: Command) -> Option<Command> {
        if !self.form.is_open() || !command.traits().leaves_form {
            return Some(command);
        }
        if self.form_has_changes() {
            self.form.hold(command);
            self.dialogs.show(Dialog::Unsaved);
            return None;
        }
        self.close_form();
        match command {
            Command::Form(FormCommand::CancelDraft) => None,
            other => Some(other),
        }
    }

    /// Takes the user's answer, then runs what was held back.
    pub(super) fn answer_unsaved(&mut self, answer: UnsavedAnswer) {
        self.dialogs.close_if(Dialog::Unsaved);
        let pending = self.form.take_held();
        match answer {
            UnsavedAnswer::KeepEditing => return,
            UnsavedAnswer::Save => {
                self.save_draft();
                if self.form.is_open() {
                    // Not saved: the form stays, with the reason shown.
                    return;
                }
            }
            UnsavedAnswer::Discard => {
                self.trash_created_in_form();
                self.close_form();
            }
        }
        match pending {
            None | Some(Command::Form(FormCommand::CancelDraft)) => {}
            Some(Command::Window(WindowCommand::Quit)) => self.quit = true,
            Some(command) => {
                let _ = self.apply(command);
            }
        }
    }

    /// Opens `draft` as the form, remembering how it started.
    pub(super) fn start_form(&mut self, draft: Draft) {
        self.form.open(draft.clone(), None);
        self.update_draft(draft);
        // What the form filled in by itself (a meeting's date and sources) is where it
        // starts, not a change of the user's.
        if self.form.settle_start()
            && self.store.read_only().is_none()
            && let Err(e) = self.store.drop_draft()
        {
            log::warn!("could not forget the kept form: {e}");
        }
    }

    /// Moves what the form's pickers created to the Trash (restorable), saying so.
    fn trash_created_in_form(&mut self) {
        let created = self.form.take_created();
        let mut moved = Vec::new();
        for (uuid, what) in created {
            match self.store.delete(uuid) {
                Ok(()) => moved.push(what),
                Err(e) => log::warn!("could not move {what} to the Trash: {e}"),
            }
        }
        if !moved.is_empty() {
            self.after_change();
            self.messages.info(format!(
                "Moved to the Trash what the form had created: {}",
                moved.join(", ")
            ));
        }
    }

    /// Closes the form without saving and forgets the copy kept in the file.
    pub(super) fn close_form(&mut self) {
        self.form.close();
        if let Err(e) = self.store.drop_draft() {
            log::warn!("could not forget the kept form: {e}");
        }
        self.back_to_capture();
    }

    /// Keeps the form in the file while it holds changes (and forgets it when it does not).
    pub(super) fn keep_form(&mut self) {
        // A proposal of a capture is not in the file: a form kept for it could not be put back.
        if self.store.read_only().is_some() || self.editing_proposal() {
            return;
        }
        let kept = match self.form.draft() {
            Some(draft) if self.form_has_changes() => {
                serde_json::to_string(&draft.to_kept()).map_err(|e| e.to_string())
            }
            _ => return,
        };
        let result = match kept {
            Ok(json) => self.store.keep_draft(&json).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            log::warn!("could not keep the form in the file: {e}");
        }
    }

    /// Puts back the form kept in the file, if one is (the session that typed it ended
    /// without saving or discarding it).
    pub(super) fn restore_kept_form(&mut self) {
        if self.store.read_only().is_some() {
            return;
        }
        let kept = match self.store.kept_draft() {
            Ok(Some(kept)) => kept,
            Ok(None) => return,
            Err(e) => {
                log::warn!("could not read the kept form: {e}");
                return;
            }
        };
        let form: KeptForm = match serde_json::from_str(&kept.data) {
            Ok(form) => form,
            Err(e) => {
                log::warn!("the kept form cannot be read, and is dropped: {e}");
                let _ = self.store.drop_draft();
                return;
            }
        };
        let original: Option<Record> = form
            .editing
            .and_then(|uuid| self.store.get(uuid).ok().flatten());
        let start = match &original {
            Some(record) => {
                let label = |u| self.store.label(u);
                Draft::edit(record, &label, today())
            }
            None => Draft::new(form.fields_kind(), today()),
        };
        let draft = Draft::from_kept(form, original, today());
        self.form.open(start, Some(kept.saved_at));
        self.update_draft(draft);
        self.messages.info(format!(
            "The form you were typing was not saved; it is back in the editor (kept at {})",
            local_time(kept.saved_at)
        ));
    }
}

/// A moment as the user's clock shows it: "26 Nov 14:02".
pub fn local_time(t: jiff::Timestamp) -> String {
    t.to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%-d %b %H:%M")
        .to_string()
}
