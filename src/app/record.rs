//! The record section of `App`: the record open in the detail pane (read as the store's
//! `RecordView`), Back and Forward, adding it to the selection, the Trash, and undo/redo
//! through the file's change log.

use super::App;

impl App {
    /// Opens a record in the detail pane (and remembers it for Back).
    pub(super) fn open_record(&mut self, uuid: uuid::Uuid) {
        if self.load_opened(uuid) {
            self.navigation.visit(uuid);
            self.draft = None;
        }
    }

    pub(super) fn back(&mut self) {
        if let Some(uuid) = self.navigation.back() {
            self.load_opened(uuid);
            self.draft = None;
        }
    }

    pub(super) fn forward(&mut self) {
        if let Some(uuid) = self.navigation.forward() {
            self.load_opened(uuid);
            self.draft = None;
        }
    }

    /// Reads the record into the detail pane; false if it is not there (or cannot be read).
    pub(super) fn load_opened(&mut self, uuid: uuid::Uuid) -> bool {
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
