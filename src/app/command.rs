//! Every user action, named once. `App::can` says whether an action is possible now and, if
//! not, why; `App::apply` does it (and refuses, with the same reason, what `can` refuses).
//! These are the only ways the views change the application: a view returns the commands it
//! wants and the window applies them after drawing. The rules for when an action is allowed
//! live here, in one place, whichever menu, button, shortcut or palette entry asked.

use super::App;
use super::draft::Draft;
use super::selection::ClickMods;
use super::unsaved::UnsavedAnswer;
use crate::exchange::{Closure, Format};
use crate::model::capture::review::{DraftKey, NameChoice};
use crate::model::{ActorKind, Filters, RecordKind, SortOrder};
use crate::store::ImportOptions;
use std::path::PathBuf;
use uuid::Uuid;

/// A user action.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    // ----- records -----
    /// Opens an empty form for a new record of this kind.
    NewRecord(RecordKind),
    /// Opens the open record in the form.
    EditOpened,
    /// Replaces the form's contents with what the user typed.
    UpdateDraft(Box<Draft>),
    SaveDraft,
    CancelDraft,
    /// Creates a record named `name` on the spot (from a picker) under the given uuid; an
    /// actor is of `actor_kind` (a person if none is given).
    CreateNamed {
        kind: RecordKind,
        name: String,
        uuid: Uuid,
        actor_kind: Option<ActorKind>,
    },
    /// Creates the place a path names ("Kremlin, Moscow", innermost first) inside the places
    /// of the path, reusing those that exist; the innermost gets `uuid`.
    CreatePlacePath {
        parts: Vec<String>,
        uuid: Uuid,
    },
    /// The user's answer to "save the changes?" when leaving a form.
    AnswerUnsaved(UnsavedAnswer),
    // ----- capture from pasted text -----
    /// Opens the capture dialog.
    OpenCapture,
    /// Reads the pasted report and proposes records.
    ReadCapture(Box<super::capture::CaptureInput>),
    /// Keeps or drops one proposed record.
    ToggleProposed(DraftKey),
    /// Says what a new name found in the report is (by its index among the new names).
    ChooseName(usize, NameChoice),
    /// Highlights in the report the words a draft came from (none: no highlight).
    FocusDraft(Option<DraftKey>),
    /// Edits a proposed record in the editor form (saved back into the proposal).
    EditProposed(DraftKey),
    /// Says a drafted meeting or statement is a record of the file (`None`: it is not).
    PointDraft(DraftKey, Option<Uuid>),
    /// Saves the kept proposals in one step.
    SaveCapture,
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
    // ----- going places -----
    OpenRecord(Uuid),
    /// Loads the next page of the open record's references with this relation.
    ShowMoreBacklinks(String),
    Back,
    Forward,
    // ----- the list -----
    FocusSearch,
    SetSearchText(String),
    SetFilters(Filters),
    SetOrder(SortOrder),
    /// Exact spellings only (`true`), or spelling variants too (the default).
    SetExactSpelling(bool),
    /// Shows one kind of record, or all kinds.
    ShowKind(Option<RecordKind>),
    /// Shows the list or the timeline of the current search, or the open record's network.
    ShowView(super::timeline::MainView),
    /// Adds the records around this one to the network shown.
    ExpandNode(Uuid),
    /// Gives the timeline a lane per actor of these (in this order), or per kind if empty.
    SetTimelineLanes(Vec<Uuid>),
    /// Asks where to save the timeline or the network as a picture.
    SavePictureAs,
    /// Writes the picture shown (`what`: "timeline", "network") to `path`, as SVG or PNG by
    /// its extension.
    SavePicture {
        what: &'static str,
        picture: std::sync::Arc<crate::model::picture::Picture>,
        path: PathBuf,
    },
    ShowTrash,
    ToggleFilters,
    /// Brings the next page of results.
    LoadMore,
    // ----- saved searches -----
    /// Asks for a name to save the current search under.
    AskSearchName,
    SaveSearch(String),
    ApplySaved(String),
    DeleteSaved(String),
    // ----- the selection -----
    ClickRow {
        index: usize,
        mods: ClickMods,
    },
    SelectAllMatching,
    /// Makes the selection exactly these records (what a drag over the timeline covered).
    SelectRecords(Vec<(Uuid, RecordKind, String)>),
    AddOpenedToSelection,
    Deselect(Uuid),
    RemoveSelectedSearch(usize),
    ClearSelection,
    // ----- export and import -----
    ExportSelection,
    ExportEverything,
    Import,
    /// Counts, in the background, what the export dialog's choice would write.
    CountExport(Closure),
    StartExport {
        format: Format,
        closure: Closure,
        out: PathBuf,
        bom: bool,
        /// The whole file, rather than the selection.
        everything: bool,
    },
    StartImport {
        path: PathBuf,
        options: ImportOptions,
    },
    CancelJob,
    LoadExample,
    // ----- backups -----
    /// Shows the file's backups, with restore.
    ShowBackups,
    BackUpNow,
    /// Replaces the knowledge base with this backup (the current file is backed up first).
    RestoreBackup(PathBuf),
    // ----- the window -----
    /// Closes the window (asking first if a form holds changes).
    Quit,
    ToggleTheme,
    SetTheme(Theme),
    OpenPalette,
    CloseDialog,
    DismissMessage(u64),
}

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// The dialog or inline prompt that is open, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    Export {
        everything: bool,
    },
    Import,
    ConfirmEmptyTrash,
    Palette,
    Backups,
    /// The sidebar asks for a saved search's name.
    SearchName,
    /// Leaving a form with changes: save, discard or keep editing?
    Unsaved,
    /// Capture from pasted text.
    Capture,
    /// Where to save the timeline or the network as a picture.
    Picture,
}

/// Why a command cannot run now, in words for a tooltip or a message.
pub type Refusal = &'static str;

/// The reason of the first rule that is broken (`true`), in order; `Ok` if none is.
fn first_broken(broken: &[(bool, Refusal)]) -> Result<(), Refusal> {
    match broken.iter().find(|(is_broken, _)| *is_broken) {
        Some((_, reason)) => Err(reason),
        None => Ok(()),
    }
}

impl App {
    /// Whether `command` can run now, and if not, why.
    pub fn can(&self, command: &Command) -> Result<(), Refusal> {
        self.can_with(command, self.dialog)
    }

    /// Whether `command` could run once the command palette, which is asking, has closed:
    /// the palette closes itself before it runs what was chosen, so a command that opens a
    /// dialog (Backups…, Export…) is not refused for the palette's sake.
    pub fn can_from_palette(&self, command: &Command) -> Result<(), Refusal> {
        self.can_with(command, self.dialog.filter(|d| *d != Dialog::Palette))
    }

    fn can_with(&self, command: &Command, dialog: Option<Dialog>) -> Result<(), Refusal> {
        use Command::*;
        let editing = self.draft.is_some();
        let opened = self.opened.as_ref();
        // A dialog is not replaced by another: what was typed into it would be lost.
        let opens_dialog = matches!(
            command,
            EmptyTrash
                | AskSearchName
                | ExportSelection
                | ExportEverything
                | Import
                | OpenPalette
                | ShowBackups
                | OpenCapture
                | SavePictureAs
        );
        if opens_dialog && dialog.is_some() {
            return Err("Close the open dialog first");
        }
        // A file that cannot be written can be read, searched and exported, nothing else.
        let writes = matches!(
            command,
            NewRecord(_)
                | EditOpened
                | SaveDraft
                | CreateNamed { .. }
                | CreatePlacePath { .. }
                | OpenCapture
                | SaveCapture
                | DeleteOpened
                | RestoreOpened
                | EmptyTrash
                | ConfirmEmptyTrash
                | Undo
                | Redo
                | AskSearchName
                | SaveSearch(_)
                | DeleteSaved(_)
                | Import
                | StartImport { .. }
                | LoadExample
                | BackUpNow
                | RestoreBackup(_)
        );
        if writes && self.store.read_only().is_some() {
            return Err("The file is open read-only: it can be searched and exported, not changed");
        }
        match command {
            NewRecord(_)
            | FocusSearch
            | SetSearchText(_)
            | SetFilters(_)
            | SetOrder(_)
            | SetExactSpelling(_)
            | ShowKind(_)
            | ShowTrash
            | ToggleFilters
            | ExportEverything
            | Import
            | LoadExample
            | ToggleTheme
            | SetTheme(_)
            | OpenPalette
            | CloseDialog
            | DismissMessage(_)
            | ClickRow { .. }
            | SelectRecords(_)
            | ShowView(_)
            | ExpandNode(_)
            | SetTimelineLanes(_)
            | Deselect(_)
            | RemoveSelectedSearch(_)
            | OpenRecord(_)
            | ShowMoreBacklinks(_)
            | DeleteSaved(_)
            | ShowBackups
            | BackUpNow
            | CountExport(_)
            | Quit => Ok(()),
            RestoreBackup(path) => first_broken(&[
                (editing, "A form is open: save or cancel it first"),
                (self.job.is_some(), "An export or import is running"),
                (path.as_os_str().is_empty(), "Choose a backup"),
            ]),
            AskSearchName => first_broken(&[(
                self.search_is_empty(),
                "Type a search or set a filter first",
            )]),
            EditOpened => match opened {
                None => Err("Open a record first"),
                Some(o) if o.is_deleted() => Err("The record is in the Trash: restore it first"),
                Some(_) if editing => Err("A form is open: save or cancel it first"),
                Some(_) => Ok(()),
            },
            UpdateDraft(_) | CancelDraft => first_broken(&[(!editing, "No form is open")]),
            SaveDraft => match &self.draft {
                None => Err("No form is open"),
                Some(d) if !d.problems().is_empty() => Err("Fix the fields marked in red first"),
                Some(_) => Ok(()),
            },
            CreateNamed { kind, .. } => first_broken(&[(
                *kind == RecordKind::Link,
                "A link cannot be created from its name",
            )]),
            CreatePlacePath { parts, .. } => {
                first_broken(&[(parts.len() < 2, "A place path names two places or more")])
            }
            OpenCapture => first_broken(&[(
                self.editing_proposal(),
                "Save or close the form of the proposal first: the capture waits for it",
            )]),
            ReadCapture(input) => first_broken(&[
                (
                    dialog != Some(Dialog::Capture),
                    "Open File → Capture from text first",
                ),
                (input.text.trim().is_empty(), "Paste a report first"),
            ]),
            ToggleProposed(_) | FocusDraft(_) | PointDraft(..) => {
                first_broken(&[(self.capture.is_none(), "Nothing was read yet")])
            }
            EditProposed(key) => first_broken(&[
                (
                    self.capture
                        .as_ref()
                        .is_none_or(|c| !c.proposed.iter().any(|p| p.key == *key)),
                    "No such proposal",
                ),
                (self.draft.is_some(), "Save or close the open form first"),
            ]),
            ChooseName(index, _) => first_broken(&[(
                self.capture
                    .as_ref()
                    .and_then(|c| c.capture.as_ref())
                    .is_none_or(|c| *index >= c.new_names.len()),
                "No such name was found",
            )]),
            SaveCapture => first_broken(&[
                (
                    self.capture.as_ref().is_none_or(|c| c.capture.is_none()),
                    "Read the text first",
                ),
                (
                    self.capture.as_ref().is_some_and(|c| c.proposed.is_empty()),
                    "Everything drafted is in the file already",
                ),
                (
                    self.capture
                        .as_ref()
                        .is_some_and(|c| c.proposed.iter().all(|p| !p.keep)),
                    "Every proposal is dropped",
                ),
            ]),
            AnswerUnsaved(_) => first_broken(&[(
                dialog != Some(Dialog::Unsaved),
                "Nothing is waiting for an answer",
            )]),
            DeleteOpened => match opened {
                None => Err("Open a record first"),
                Some(o) if o.is_deleted() => Err("The record is in the Trash already"),
                Some(_) if editing => Err("A form is open: save or cancel it first"),
                Some(_) => Ok(()),
            },
            RestoreOpened => match opened {
                Some(o) if o.is_deleted() => Ok(()),
                _ => Err("The open record is not in the Trash"),
            },
            EmptyTrash | ConfirmEmptyTrash => {
                first_broken(&[(self.counts.trash == 0, "The Trash is empty")])
            }
            Undo => first_broken(&[
                (editing, "A form is open: save or cancel it first"),
                (self.undo_label.is_none(), "Nothing to undo"),
            ]),
            Redo => first_broken(&[
                (editing, "A form is open: save or cancel it first"),
                (self.redo_label.is_none(), "Nothing to redo"),
            ]),
            Back => first_broken(&[(!self.navigation.can_go_back(), "Nothing to go back to")]),
            Forward => first_broken(&[(
                !self.navigation.can_go_forward(),
                "Nothing to go forward to",
            )]),
            LoadMore => first_broken(&[
                (self.results.loading, "A search is running"),
                (!self.results.has_more(), "Every result is loaded"),
            ]),
            SaveSearch(name) => first_broken(&[
                (
                    self.search_is_empty(),
                    "Type a search or set a filter first",
                ),
                (name.trim().is_empty(), "Give the search a name"),
            ]),
            ApplySaved(name) => first_broken(&[(
                crate::store::find_saved(&self.saved, name).is_none(),
                "No saved search has that name",
            )]),
            SelectAllMatching => first_broken(&[
                (self.results.total == 0, "Nothing matches the search"),
                (
                    self.selection.is_all_matching(),
                    "Every matching record is selected",
                ),
            ]),
            AddOpenedToSelection => match opened {
                None => Err("Open a record first"),
                Some(o) if self.selection.contains(&o.record.uuid()) => {
                    Err("The record is selected already")
                }
                Some(_) => Ok(()),
            },
            ClearSelection | ExportSelection => {
                first_broken(&[(self.selection.is_empty(), "Nothing is selected")])
            }
            StartExport {
                out, everything, ..
            } => first_broken(&[
                (self.job.is_some(), "An export or import is running"),
                (
                    !everything && self.selection.is_empty(),
                    "Nothing is selected",
                ),
                (out.as_os_str().is_empty(), "Give a path to write to"),
            ]),
            StartImport { path, .. } => first_broken(&[
                (self.job.is_some(), "An export or import is running"),
                (path.as_os_str().is_empty(), "Give a path to read from"),
            ]),
            CancelJob => first_broken(&[(self.job.is_none(), "No export or import is running")]),
            SavePictureAs => first_broken(&[(
                self.main_view == super::timeline::MainView::List,
                "Show the timeline or the network first",
            )]),
            SavePicture { path, .. } => first_broken(&[
                (dialog != Some(Dialog::Picture), "Open Save picture… first"),
                (path.as_os_str().is_empty(), "Give a path to write to"),
            ]),
        }
    }

    /// True when the list shows everything of a view: nothing typed, no filter but the kind.
    fn search_is_empty(&self) -> bool {
        let f = &self.spec.filters;
        self.spec.text.trim().is_empty()
            && Filters {
                kinds: Vec::new(),
                trash: false,
                ..f.clone()
            }
            .is_empty()
    }

    /// Does `command` if `can` allows it (and changes nothing if not). Views issue only
    /// commands they saw allowed, so a refusal here is one an earlier command of the same
    /// frame caused (a new search before "load more"), and needs no word.
    pub fn apply(&mut self, command: Command) -> Result<(), Refusal> {
        self.can(&command)?;
        let Some(command) = self.guard_form(command) else {
            return Ok(());
        };
        use Command::*;
        match command {
            NewRecord(kind) => self.new_record(kind),
            EditOpened => self.edit_opened(),
            UpdateDraft(draft) => self.update_draft(*draft),
            SaveDraft => self.save_draft(),
            CancelDraft => self.close_form(),
            CreateNamed {
                kind,
                name,
                uuid,
                actor_kind,
            } => self.create_named(kind, &name, uuid, actor_kind),
            CreatePlacePath { parts, uuid } => self.create_place_path(&parts, uuid),
            AnswerUnsaved(answer) => self.answer_unsaved(answer),
            OpenCapture => self.open_capture(),
            ReadCapture(input) => self.read_capture(*input),
            ToggleProposed(key) => self.toggle_proposed(key),
            EditProposed(key) => self.edit_proposed(key),
            PointDraft(key, record) => self.point_draft(key, record),
            ChooseName(index, choice) => self.choose_name(index, choice),
            FocusDraft(key) => self.focus_draft(key),
            SaveCapture => self.save_capture(),
            Quit => self.quit(),
            DeleteOpened => self.delete_opened(),
            RestoreOpened => self.restore_opened(),
            EmptyTrash => self.dialog = Some(Dialog::ConfirmEmptyTrash),
            ConfirmEmptyTrash => {
                self.dialog = None;
                self.empty_trash();
            }
            Undo => self.undo_or_redo(true),
            Redo => self.undo_or_redo(false),
            OpenRecord(uuid) => self.open_record(uuid),
            ShowMoreBacklinks(relation) => self.more_backlinks(&relation),
            Back => self.back(),
            Forward => self.forward(),
            FocusSearch => self.search_focus_requests += 1,
            SetSearchText(text) => self.set_text(text),
            SetFilters(filters) => self.set_filters(filters),
            SetOrder(order) => self.set_order(order),
            SetExactSpelling(exact) => self.set_exact(exact),
            ShowKind(kind) => self.show_kind(kind),
            ShowTrash => self.show_trash(),
            ToggleFilters => self.filters_shown = !self.filters_shown,
            LoadMore => self.load_more(),
            AskSearchName => self.dialog = Some(Dialog::SearchName),
            SaveSearch(name) => self.save_search(&name),
            ApplySaved(name) => self.apply_saved(&name),
            DeleteSaved(name) => self.delete_saved(&name),
            ClickRow { index, mods } => self.click_row(index, mods),
            SelectAllMatching => self.select_all_matching(),
            SelectRecords(records) => self.select_records(records),
            ShowView(view) => self.show_view(view),
            ExpandNode(uuid) => self.expand_node(uuid),
            SetTimelineLanes(actors) => self.set_lanes(actors),
            SavePictureAs => self.dialog = Some(Dialog::Picture),
            SavePicture {
                what,
                picture,
                path,
            } => self.save_picture(what, &picture, &path),
            AddOpenedToSelection => self.add_opened_to_selection(),
            Deselect(uuid) => self.selection.remove(&uuid),
            RemoveSelectedSearch(index) => self.selection.remove_search(index),
            ClearSelection => self.selection.clear(),
            ExportSelection => self.open_export(false),
            ExportEverything => self.open_export(true),
            Import => {
                self.last_outcome = None;
                self.dialog = Some(Dialog::Import);
            }
            CountExport(closure) => self.count_export(closure),
            StartExport {
                format,
                closure,
                out,
                bom,
                everything,
            } => self.start_export(format, closure, out, bom, everything),
            StartImport { path, options } => self.start_import(path, options),
            CancelJob => {
                if let Some(job) = &self.job {
                    job.cancel();
                }
            }
            LoadExample => self.load_example(),
            ShowBackups => self.show_backups(),
            BackUpNow => self.back_up_now(),
            RestoreBackup(path) => self.restore_backup(path),
            ToggleTheme => {
                self.theme = match self.theme {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                }
            }
            SetTheme(theme) => self.theme = theme,
            OpenPalette => self.dialog = Some(Dialog::Palette),
            CloseDialog => {
                self.dialog = None;
                self.pending = None;
                // A capture's review is kept: reopening the dialog brings it back.
                self.export_preview = None;
            }
            DismissMessage(id) => self.messages.dismiss(id),
        }
        Ok(())
    }

    /// Does `command` for a user who could not see whether it was possible (a shortcut):
    /// a refusal is said as a message.
    pub fn apply_or_explain(&mut self, command: Command) -> Result<(), Refusal> {
        let result = self.apply(command);
        if let Err(reason) = result {
            self.messages.info(reason);
        }
        result
    }
}
