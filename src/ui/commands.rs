//! Each command's label, shortcut and tooltip, in one table. Menus, buttons, tooltips, the
//! command palette and keyboard handling all read it, so a shortcut is spelled in one place.
//! Chords are matched most specific first: Ctrl+Shift+S is a chord of its own, never taken by
//! Ctrl+S. While a text field has the keyboard, the chords that edit text there (undo, redo)
//! are left to the field.

use crate::app::timeline::MainView;
use crate::app::{App, Command};
use crate::model::RecordKind;
use egui::{Key, KeyboardShortcut, Modifiers};
use std::sync::LazyLock;

/// One command as the user sees it.
pub struct Entry {
    pub command: Command,
    pub label: &'static str,
    /// The first is shown beside the label; all of them run the command.
    pub shortcuts: &'static [KeyboardShortcut],
    pub tooltip: &'static str,
    /// Left to a text field that has the keyboard (Ctrl+Z there undoes typing).
    pub yields_to_text: bool,
}

const fn chord(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const ALT: Modifiers = Modifiers::ALT;

fn entry(
    command: Command,
    label: &'static str,
    shortcuts: &'static [KeyboardShortcut],
    tooltip: &'static str,
) -> Entry {
    Entry {
        command,
        label,
        shortcuts,
        tooltip,
        yields_to_text: false,
    }
}

fn new_record(
    kind: RecordKind,
    label: &'static str,
    shortcuts: &'static [KeyboardShortcut],
) -> Entry {
    entry(
        Command::NewRecord(kind),
        label,
        shortcuts,
        "Open an empty form for a new record",
    )
}

fn show_kind(kind: Option<RecordKind>, label: &'static str) -> Entry {
    entry(
        Command::ShowKind(kind),
        label,
        &[],
        "List these records (the search and other filters stay)",
    )
}

static TABLE: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    use Command::*;
    let mut table = vec![
        new_record(
            RecordKind::Actor,
            "New actor",
            const { &[chord(CMD_SHIFT, Key::A)] },
        ),
        new_record(
            RecordKind::Meeting,
            "New meeting",
            const { &[chord(CMD_SHIFT, Key::M)] },
        ),
        new_record(
            RecordKind::Statement,
            "New statement",
            const { &[chord(CMD_SHIFT, Key::S)] },
        ),
        new_record(
            RecordKind::Source,
            "New source",
            const { &[chord(CMD_SHIFT, Key::O)] },
        ),
        new_record(RecordKind::Place, "New place", &[]),
        new_record(RecordKind::Topic, "New topic", &[]),
        new_record(RecordKind::Link, "New link", &[]),
        entry(
            EditOpened,
            "Edit record",
            const { &[chord(CMD, Key::E)] },
            "Edit the open record",
        ),
        entry(
            SaveDraft,
            "Save record",
            const { &[chord(CMD, Key::S), chord(CMD, Key::Enter)] },
            "Save the form",
        ),
        entry(
            CancelDraft,
            "Cancel editing",
            &[],
            "Close the form (Escape); asks first if something was typed",
        ),
        entry(
            DeleteOpened,
            "Move record to Trash",
            &[],
            "Move the open record to the Trash (restorable)",
        ),
        entry(
            RestoreOpened,
            "Restore record",
            &[],
            "Bring the open record back from the Trash",
        ),
        entry(
            EmptyTrash,
            "Empty Trash…",
            &[],
            "Remove the records in the Trash for good",
        ),
        Entry {
            yields_to_text: true,
            ..entry(
                Undo,
                "Undo",
                const { &[chord(CMD, Key::Z)] },
                "Undo the last change to the file",
            )
        },
        Entry {
            yields_to_text: true,
            ..entry(
                Redo,
                "Redo",
                const { &[chord(CMD_SHIFT, Key::Z)] },
                "Redo the change last undone",
            )
        },
        entry(
            Back,
            "Back",
            const { &[chord(ALT, Key::ArrowLeft)] },
            "The record opened before",
        ),
        entry(
            Forward,
            "Forward",
            const { &[chord(ALT, Key::ArrowRight)] },
            "The record opened after",
        ),
        entry(
            FocusSearch,
            "Search",
            const { &[chord(CMD, Key::K), chord(CMD, Key::F)] },
            "Put the cursor in the search box",
        ),
        entry(
            ToggleFilters,
            "Show or hide filters",
            &[],
            "Dates, actors, place, topic, source, reliability, statement kinds",
        ),
        show_kind(None, "Show all records"),
        show_kind(Some(RecordKind::Actor), "Show actors"),
        show_kind(Some(RecordKind::Meeting), "Show meetings"),
        show_kind(Some(RecordKind::Statement), "Show statements"),
        show_kind(Some(RecordKind::Source), "Show sources"),
        show_kind(Some(RecordKind::Place), "Show places"),
        show_kind(Some(RecordKind::Topic), "Show topics"),
        show_kind(Some(RecordKind::Link), "Show links"),
        entry(
            ShowTrash,
            "Show the Trash",
            &[],
            "List deleted records (the search and filters stay)",
        ),
        entry(
            ShowView(MainView::Timeline),
            "Show timeline",
            const { &[chord(CMD_SHIFT, Key::T)] },
            "The current search's dated records on a time axis",
        ),
        entry(
            ShowView(MainView::Network),
            "Show network",
            const { &[chord(CMD_SHIFT, Key::N)] },
            "The open record's references as a graph",
        ),
        entry(
            ShowView(MainView::List),
            "Show list",
            const { &[chord(CMD_SHIFT, Key::L)] },
            "The current search's records as a list",
        ),
        entry(
            SavePictureAs,
            "Save picture…",
            &[],
            "Save the timeline or the network as shown, as PNG or SVG",
        ),
        entry(
            AskSearchName,
            "Save search…",
            &[],
            "Keep the current search and filters in the sidebar",
        ),
        entry(
            SelectAllMatching,
            "Select all matching",
            const { &[chord(CMD_SHIFT, Key::E)] },
            "Select every record the search finds, loaded or not",
        ),
        entry(
            AddOpenedToSelection,
            "Add record to selection",
            &[],
            "Gather the open record for export, while you browse on",
        ),
        entry(ClearSelection, "Clear selection", &[], "Select nothing"),
        entry(
            ExportSelection,
            "Export selection…",
            &[],
            "Write the selected records with what they need",
        ),
        entry(
            ExportEverything,
            "Export everything…",
            &[],
            "Write the whole knowledge base",
        ),
        entry(
            Import,
            "Import…",
            &[],
            "Read a bundle or CSV files, with a preview first",
        ),
        entry(
            CancelJob,
            "Cancel export or import",
            &[],
            "Stop the running job; nothing is written",
        ),
        entry(
            LoadExample,
            "Load example data",
            &[],
            "The facts of one report on Russian–Syrian meetings",
        ),
        entry(
            ShowBackups,
            "Backups…",
            &[],
            "See the file's backups and restore one",
        ),
        entry(
            BackUpNow,
            "Back up now",
            &[],
            "Copy the knowledge base into its backups folder (the newest 7 are kept)",
        ),
        entry(
            ToggleTheme,
            "Switch light or dark theme",
            &[],
            "Light or dark colours",
        ),
        entry(
            OpenPalette,
            "Command palette…",
            const { &[chord(CMD_SHIFT, Key::P)] },
            "Find and run any command by name",
        ),
        entry(
            OpenCapture,
            "Capture from text…",
            const { &[chord(CMD_SHIFT, Key::V)] },
            "Paste a report: Chancery finds the names, dates and quotes in it and drafts records to review",
        ),
        entry(
            Quit,
            "Quit",
            const { &[chord(CMD, Key::Q)] },
            "Close Chancery (asks first if a form holds changes)",
        ),
    ];
    table.shrink_to_fit();
    table
});

/// Every command a user can run by name, in menu order.
pub fn table() -> &'static [Entry] {
    &TABLE
}

/// The table's entry for `command`, if it has one (commands carrying data do not).
pub fn entry_of(command: &Command) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.command == *command)
}

/// The command's label, or a fallback for commands that are not in the table.
pub fn label(command: &Command) -> &'static str {
    entry_of(command).map_or("", |e| e.label)
}

/// What every command is called: its label in the table, or for a command that carries data
/// (issued by views, never run by name) the name below.
pub fn name(command: &Command) -> &'static str {
    entry_of(command)
        .map(|e| e.label)
        .or_else(|| data_command_name(command))
        .unwrap_or("")
}

/// Names of the commands that carry data; `None` for the commands named in the table. The
/// match is exhaustive, so a new command cannot be added without deciding which it is (a test
/// checks that every `None` is in the table).
fn data_command_name(command: &Command) -> Option<&'static str> {
    use Command::*;
    match command {
        UpdateDraft(_) => Some("Change the form"),
        CreateNamed { .. } => Some("Create a record from a picker"),
        CreatePlacePath { .. } => Some("Create a place inside places"),
        AnswerUnsaved(_) => Some("Answer for the form's changes"),
        ReadCapture(_) => Some("Read the pasted report"),
        ToggleProposed(_) => Some("Keep or drop a proposed record"),
        ChooseName(..) => Some("Say what a new name is"),
        FocusDraft(_) => Some("Show where a draft comes from"),
        EditProposed(_) => Some("Edit a proposed record"),
        PointDraft(..) => Some("Say a draft is a record of the file"),
        SaveCapture => Some("Save the captured records"),
        ConfirmEmptyTrash => Some("Empty Trash"),
        OpenRecord(_) => Some("Open record"),
        ShowMoreBacklinks(_) => Some("Show more references"),
        SetSearchText(_) => Some("Search for text"),
        SetFilters(_) => Some("Set filters"),
        SetOrder(_) => Some("Sort the list"),
        SetExactSpelling(_) => Some("Exact spelling or spelling variants"),
        LoadMore => Some("Load more results"),
        SaveSearch(_) => Some("Save search"),
        ApplySaved(_) => Some("Apply saved search"),
        DeleteSaved(_) => Some("Delete saved search"),
        ClickRow { .. } => Some("Select a row"),
        SelectRecords(_) => Some("Select the records in a range"),
        ExpandNode(_) => Some("Expand a node of the network"),
        SavePicture { .. } => Some("Save the picture"),
        SetTimelineLanes(_) => Some("Choose the timeline's lanes"),
        Deselect(_) => Some("Remove from selection"),
        RemoveSelectedSearch(_) => Some("Remove a search from the selection"),
        CountExport(_) => Some("Count what an export holds"),
        StartExport { .. } => Some("Export"),
        StartImport { .. } => Some("Import"),
        SetTheme(_) => Some("Set the theme"),
        CloseDialog => Some("Close the dialog"),
        DismissMessage(_) => Some("Dismiss the message"),
        RestoreBackup(_) => Some("Restore a backup"),
        NewRecord(_) | EditOpened | SaveDraft | CancelDraft | DeleteOpened | RestoreOpened
        | EmptyTrash | Undo | Redo | Back | Forward | FocusSearch | ShowKind(_) | ShowTrash
        | ShowView(_) | ToggleFilters | AskSearchName | SelectAllMatching
        | AddOpenedToSelection | ClearSelection | ExportSelection | ExportEverything | Import
        | CancelJob | LoadExample | ShowBackups | BackUpNow | ToggleTheme | OpenPalette | Quit
        | OpenCapture | SavePictureAs => None,
    }
}

/// The first shortcut of `command`, spelled for this platform ("Ctrl+S").
pub fn shortcut_text(ctx: &egui::Context, command: &Command) -> Option<String> {
    entry_of(command)
        .and_then(|e| e.shortcuts.first())
        .map(|s| ctx.format_shortcut(s))
}

/// A tooltip: what the command does, and its shortcut.
pub fn tooltip(ctx: &egui::Context, command: &Command) -> String {
    let Some(e) = entry_of(command) else {
        return String::new();
    };
    match shortcut_text(ctx, command) {
        Some(s) => format!("{} ({s})", e.tooltip),
        None => e.tooltip.to_string(),
    }
}

fn specificity(m: Modifiers) -> usize {
    [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
        .iter()
        .filter(|x| **x)
        .count()
}

/// Every chord with its entry, most specific first.
static CHORDS: LazyLock<Vec<(KeyboardShortcut, &'static Entry)>> = LazyLock::new(|| {
    let mut chords: Vec<_> = TABLE
        .iter()
        .flat_map(|e| e.shortcuts.iter().map(move |s| (*s, e)))
        .collect();
    chords.sort_by_key(|(s, _)| std::cmp::Reverse(specificity(s.modifiers)));
    chords
});

/// The entry a key pressed with `modifiers` runs: the most specific chord that matches.
pub fn entry_for_chord(modifiers: Modifiers, key: Key) -> Option<&'static Entry> {
    CHORDS
        .iter()
        .find(|(s, _)| s.logical_key == key && modifiers.matches_logically(s.modifiers))
        .map(|(_, e)| *e)
}

/// The commands the keys pressed this frame ask for. Call before drawing the views, so the
/// chords are consumed before a widget sees them.
pub fn keyboard(ui: &mut egui::Ui) -> Vec<Command> {
    let text_has_keyboard = ui.ctx().text_edit_focused();
    let pressed: Vec<(Modifiers, Key)> = ui.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => Some((*modifiers, *key)),
                _ => None,
            })
            .collect()
    });
    let mut out = Vec::new();
    for (modifiers, key) in pressed {
        let Some(entry) = entry_for_chord(modifiers, key) else {
            continue;
        };
        if entry.yields_to_text && text_has_keyboard {
            continue;
        }
        let chord = KeyboardShortcut::new(modifiers, key);
        if ui.input_mut(|i| i.consume_shortcut(&chord)) {
            out.push(entry.command.clone());
        }
    }
    out
}

/// A menu entry for `command`: its label and shortcut, disabled with the reason when it
/// cannot run now. `text` overrides the label (e.g. "Undo Edit actor").
pub fn menu_item(
    ui: &mut egui::Ui,
    app: &App,
    command: Command,
    text: Option<&str>,
    out: &mut Vec<Command>,
) {
    let mut button = egui::Button::new(text.unwrap_or(label(&command)));
    if let Some(s) = shortcut_text(ui.ctx(), &command) {
        button = button.shortcut_text(s);
    }
    run_if_clicked(ui, app, button, command, out);
}

/// A button for `command` showing `text` (the table's label when `None`), with the tooltip
/// from the table; disabled with the reason when the command cannot run now.
pub fn button(
    ui: &mut egui::Ui,
    app: &App,
    command: Command,
    text: Option<&str>,
    out: &mut Vec<Command>,
) -> egui::Response {
    let button = egui::Button::new(text.unwrap_or(label(&command)));
    run_if_clicked(ui, app, button, command, out)
}

fn run_if_clicked(
    ui: &mut egui::Ui,
    app: &App,
    button: egui::Button<'_>,
    command: Command,
    out: &mut Vec<Command>,
) -> egui::Response {
    let allowed = app.can(&command);
    let response = ui.add_enabled(allowed.is_ok(), button);
    let response = match allowed {
        Ok(()) => response.on_hover_text(tooltip(ui.ctx(), &command)),
        Err(reason) => response.on_disabled_hover_text(reason),
    };
    if response.clicked() {
        out.push(command);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_chord() {
        let chords: Vec<_> = CHORDS.iter().map(|(s, _)| *s).collect();
        for (i, a) in chords.iter().enumerate() {
            for b in &chords[i + 1..] {
                assert!(a != b, "{a:?} is given twice");
            }
        }
    }

    #[test]
    fn the_most_specific_chord_wins() {
        let statement = entry_for_chord(CMD_SHIFT, Key::S).map(|e| &e.command);
        assert_eq!(statement, Some(&Command::NewRecord(RecordKind::Statement)));
        let save = entry_for_chord(CMD, Key::S).map(|e| &e.command);
        assert_eq!(save, Some(&Command::SaveDraft));
        let select = entry_for_chord(CMD_SHIFT, Key::E).map(|e| &e.command);
        assert_eq!(select, Some(&Command::SelectAllMatching));
        let redo = entry_for_chord(CMD_SHIFT, Key::Z).map(|e| &e.command);
        assert_eq!(redo, Some(&Command::Redo));
        assert!(entry_for_chord(Modifiers::NONE, Key::S).is_none());
    }

    #[test]
    fn commands_named_by_the_table_are_in_it() {
        use Command::*;
        let mut named_by_table = vec![
            EditOpened,
            SaveDraft,
            CancelDraft,
            DeleteOpened,
            RestoreOpened,
            EmptyTrash,
            Undo,
            Redo,
            Back,
            Forward,
            FocusSearch,
            ShowKind(None),
            ShowTrash,
            ShowView(MainView::Timeline),
            ShowView(MainView::Network),
            ShowView(MainView::List),
            SavePictureAs,
            ToggleFilters,
            AskSearchName,
            SelectAllMatching,
            AddOpenedToSelection,
            ClearSelection,
            ExportSelection,
            ExportEverything,
            Import,
            CancelJob,
            LoadExample,
            ShowBackups,
            BackUpNow,
            ToggleTheme,
            OpenPalette,
        ];
        for kind in RecordKind::ALL {
            named_by_table.push(NewRecord(*kind));
            named_by_table.push(ShowKind(Some(*kind)));
        }
        for command in named_by_table {
            assert!(data_command_name(&command).is_none(), "{command:?}");
            assert!(
                entry_of(&command).is_some(),
                "{command:?} is not in the table"
            );
        }
        for e in table() {
            assert!(
                data_command_name(&e.command).is_none(),
                "{:?} is named twice",
                e.command
            );
        }
    }

    #[test]
    fn every_entry_has_a_label_and_a_tooltip() {
        for e in table() {
            assert!(!e.label.is_empty(), "{:?} has no label", e.command);
            assert!(!e.tooltip.is_empty(), "{:?} has no tooltip", e.command);
        }
    }
}
