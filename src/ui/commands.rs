//! Each command's label, shortcut and tooltip, in one table. Menus, buttons, tooltips, the
//! command palette and keyboard handling all read it, so a shortcut is spelled in one place.
//! Chords are matched most specific first: Ctrl+Shift+S is a chord of its own, never taken by
//! Ctrl+S. While a text field has the keyboard, the chords that edit text there (undo, redo)
//! are left to the field.

use crate::app::timeline::MainView;
use crate::app::{
    App, BackupCommand, CaptureCommand, Command, DuplicateCommand, ExchangeCommand, FormCommand,
    ListCommand, RecordCommand, SelectionCommand, TeamCommand, ViewCommand, WindowCommand,
};
use crate::exchange::Format;
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

/// Runs what a modal dialog is for, from any of its fields (capture: read the pasted text).
/// A modal dialog has the keyboard to itself, so this chord can also save a form elsewhere.
pub const SUBMIT: KeyboardShortcut = chord(CMD, Key::Enter);

/// A dialog's own action with its tooltip, which names `SUBMIT` as this platform spells it.
pub fn submit_tooltip(ctx: &egui::Context, tooltip: &str) -> String {
    format!("{tooltip} ({})", ctx.format_shortcut(&SUBMIT))
}

fn entry(
    command: impl Into<Command>,
    label: &'static str,
    shortcuts: &'static [KeyboardShortcut],
    tooltip: &'static str,
) -> Entry {
    Entry {
        command: command.into(),
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
        Command::Form(FormCommand::NewRecord(kind)),
        label,
        shortcuts,
        "Open an empty form for a new record",
    )
}

fn show_kind(kind: Option<RecordKind>, label: &'static str) -> Entry {
    entry(
        Command::List(ListCommand::ShowKind(kind)),
        label,
        &[],
        "List these records (the search and other filters stay)",
    )
}

static TABLE: LazyLock<Vec<Entry>> = LazyLock::new(|| {
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
            FormCommand::EditOpened,
            "Edit record",
            const { &[chord(CMD, Key::E)] },
            "Edit the open record",
        ),
        entry(
            FormCommand::SaveDraft,
            "Save record",
            const { &[chord(CMD, Key::S), chord(CMD, Key::Enter)] },
            "Save the form",
        ),
        entry(
            FormCommand::CancelDraft,
            "Cancel editing",
            &[],
            "Close the form (Escape); asks first if something was typed",
        ),
        entry(
            RecordCommand::DeleteOpened,
            "Move record to Trash",
            &[],
            "Move the open record to the Trash (restorable)",
        ),
        entry(
            RecordCommand::RestoreOpened,
            "Restore record",
            &[],
            "Bring the open record back from the Trash",
        ),
        entry(
            RecordCommand::EmptyTrash,
            "Empty Trash…",
            &[],
            "Remove the records in the Trash for good",
        ),
        Entry {
            yields_to_text: true,
            ..entry(
                RecordCommand::Undo,
                "Undo",
                const { &[chord(CMD, Key::Z)] },
                "Undo the last change to the file",
            )
        },
        Entry {
            yields_to_text: true,
            ..entry(
                RecordCommand::Redo,
                "Redo",
                const { &[chord(CMD_SHIFT, Key::Z)] },
                "Redo the change last undone",
            )
        },
        entry(
            RecordCommand::Back,
            "Back",
            const { &[chord(ALT, Key::ArrowLeft)] },
            "The record opened before",
        ),
        entry(
            RecordCommand::Forward,
            "Forward",
            const { &[chord(ALT, Key::ArrowRight)] },
            "The record opened after",
        ),
        entry(
            ListCommand::FocusSearch,
            "Search",
            const { &[chord(CMD, Key::K), chord(CMD, Key::F)] },
            "Put the cursor in the search box",
        ),
        entry(
            ListCommand::ToggleFilters,
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
            ListCommand::ShowTrash,
            "Show the Trash",
            &[],
            "List deleted records (the search and filters stay)",
        ),
        entry(
            ViewCommand::ShowView(MainView::Timeline),
            "Show timeline",
            const { &[chord(CMD_SHIFT, Key::T)] },
            "The current search's dated records on a time axis",
        ),
        entry(
            ViewCommand::ShowView(MainView::Network),
            "Show network",
            const { &[chord(CMD_SHIFT, Key::N)] },
            "The open record's references as a graph",
        ),
        entry(
            ViewCommand::ShowView(MainView::Duplicates),
            "Review duplicates",
            const { &[chord(CMD_SHIFT, Key::D)] },
            "Pairs of records that may be one, side by side: same, not the same, or not sure",
        ),
        entry(
            DuplicateCommand::Rescan,
            "Look for duplicates again",
            &[],
            "Scan the file for records that may be one",
        ),
        entry(
            ViewCommand::ShowView(MainView::List),
            "Show list",
            const { &[chord(CMD_SHIFT, Key::L)] },
            "The current search's records as a list",
        ),
        entry(
            ViewCommand::SavePictureAs,
            "Save picture…",
            &[],
            "Save the timeline or the network as shown, as PNG or SVG",
        ),
        entry(
            ListCommand::AskSearchName,
            "Save search…",
            &[],
            "Keep the current search and filters in the sidebar",
        ),
        entry(
            SelectionCommand::SelectAllMatching,
            "Select all matching",
            const { &[chord(CMD_SHIFT, Key::E)] },
            "Select every record the search finds, loaded or not",
        ),
        entry(
            SelectionCommand::AddOpenedToSelection,
            "Add record to selection",
            &[],
            "Gather the open record for export, while you browse on",
        ),
        entry(
            SelectionCommand::ClearSelection,
            "Clear selection",
            &[],
            "Select nothing (Bring back the selection undoes it)",
        ),
        entry(
            SelectionCommand::RestoreSelection,
            "Bring back the selection",
            &[],
            "Select again what was selected before Clear selection",
        ),
        entry(
            ExchangeCommand::ExportSelection,
            "Export selection…",
            &[],
            "Write the selected records with what they need",
        ),
        entry(
            ExchangeCommand::ExportEverything,
            "Export everything…",
            &[],
            "Write the whole knowledge base",
        ),
        entry(
            ExchangeCommand::ExportOpened,
            "Export this record…",
            &[],
            "Write the open record with what refers to it: a meeting with its statements, a \
             person with their statements and meetings, a source with what cites it",
        ),
        entry(
            WindowCommand::AskFile { create: true },
            "New knowledge base…",
            &[],
            "Start an empty knowledge base in a new file, and work in it",
        ),
        entry(
            WindowCommand::AskFile { create: false },
            "Open knowledge base…",
            const { &[chord(CMD, Key::O)] },
            "Work in another knowledge base file",
        ),
        entry(
            ExchangeCommand::Import,
            "Import…",
            &[],
            "Read a bundle, Chancery CSV files, a STIX 2.1 bundle or FollowTheMoney entities, \
             with a preview first",
        ),
        entry(
            ExchangeCommand::ImportMappedCsv,
            "Import CSV with a column mapping…",
            &[],
            "Read any spreadsheet's rows as records: map its columns to fields, preview the \
             problems by row and column, import the good rows",
        ),
        entry(
            ExchangeCommand::ExportAs(Format::Stix),
            "Export as STIX 2.1…",
            &[],
            "Write the selection (or everything) as a STIX 2.1 bundle for OpenCTI or MISP",
        ),
        entry(
            ExchangeCommand::ExportAs(Format::Ftm),
            "Export as FollowTheMoney…",
            &[],
            "Write the selection (or everything) as FollowTheMoney entities for Aleph or \
             OpenSanctions tools",
        ),
        entry(
            ExchangeCommand::CancelJob,
            "Cancel export or import",
            &[],
            "Stop the running job; nothing is written",
        ),
        entry(
            ExchangeCommand::LoadExample,
            "Load example data",
            &[],
            "The facts of one report on Russian–Syrian meetings",
        ),
        entry(
            BackupCommand::ShowBackups,
            "Backups…",
            &[],
            "See the file's backups and restore one",
        ),
        entry(
            BackupCommand::BackUpNow,
            "Back up now",
            &[],
            "Copy the knowledge base into its backups folder (the newest 7 are kept)",
        ),
        entry(
            TeamCommand::ShowTeam,
            "Team…",
            &[],
            "Share this knowledge base with a team, join one, see the team's status and conflicts",
        ),
        entry(
            TeamCommand::SyncNow,
            "Sync with the team now",
            &[],
            "Send the changes made here and take the team's",
        ),
        entry(
            TeamCommand::ShowHistory,
            "History…",
            &[],
            "Every version of the open record on the team's server: who changed what, when",
        ),
        entry(
            WindowCommand::ToggleTheme,
            "Switch light or dark theme",
            &[],
            "Light or dark colours",
        ),
        entry(
            WindowCommand::OpenPalette,
            "Command palette…",
            const { &[chord(CMD_SHIFT, Key::P)] },
            "Find and run any command by name",
        ),
        entry(
            CaptureCommand::OpenCapture,
            "Capture from text…",
            const { &[chord(CMD_SHIFT, Key::V)] },
            "Paste a report: Chancery finds the names, dates and quotes in it and drafts records to review",
        ),
        entry(
            WindowCommand::Quit,
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
    match command {
        Command::Form(FormCommand::UpdateDraft(_)) => Some("Change the form"),
        Command::Window(WindowCommand::OpenFile { .. }) => Some("Open a knowledge base"),
        Command::Form(FormCommand::CreateNamed { .. }) => Some("Create a record from a picker"),
        Command::Form(FormCommand::CreatePlacePath { .. }) => Some("Create a place inside places"),
        Command::Form(FormCommand::AnswerUnsaved(_)) => Some("Answer for the form's changes"),
        Command::Capture(CaptureCommand::ReadCapture(_)) => Some("Read the pasted report"),
        Command::Capture(CaptureCommand::ToggleProposed(_)) => {
            Some("Keep or drop a proposed record")
        }
        Command::Capture(CaptureCommand::ChooseName(..)) => Some("Say what a new name is"),
        Command::Capture(CaptureCommand::FocusDraft(_)) => Some("Show where a draft comes from"),
        Command::Capture(CaptureCommand::EditProposed(_)) => Some("Edit a proposed record"),
        Command::Capture(CaptureCommand::PointDraft(..)) => {
            Some("Say a draft is a record of the file")
        }
        Command::Capture(CaptureCommand::SaveCapture) => Some("Save the captured records"),
        Command::Record(RecordCommand::ConfirmEmptyTrash) => Some("Empty Trash"),
        Command::Record(RecordCommand::OpenRecord(_)) => Some("Open record"),
        Command::Record(RecordCommand::ShowMoreBacklinks(_)) => Some("Show more references"),
        Command::List(ListCommand::SetSearchText(_)) => Some("Search for text"),
        Command::List(ListCommand::SetFilters(_)) => Some("Set filters"),
        Command::List(ListCommand::SetOrder(_)) => Some("Sort the list"),
        Command::List(ListCommand::SetExactSpelling(_)) => {
            Some("Exact spelling or spelling variants")
        }
        Command::List(ListCommand::LoadMore) => Some("Load more results"),
        Command::List(ListCommand::SaveSearch(_)) => Some("Save search"),
        Command::List(ListCommand::ApplySaved(_)) => Some("Apply saved search"),
        Command::List(ListCommand::DeleteSaved(_)) => Some("Delete saved search"),
        Command::Selection(SelectionCommand::ClickRow { .. }) => Some("Select a row"),
        Command::Selection(SelectionCommand::SelectRecords(_)) => {
            Some("Select the records in a range")
        }
        Command::View(ViewCommand::ExpandNode(_)) => Some("Expand a node of the network"),
        Command::View(ViewCommand::SavePicture { .. }) => Some("Save the picture"),
        Command::View(ViewCommand::SetTimelineLanes(_)) => Some("Choose the timeline's lanes"),
        Command::Selection(SelectionCommand::Deselect(_)) => Some("Remove from selection"),
        Command::Selection(SelectionCommand::RemoveSelectedSearch(_)) => {
            Some("Remove a search from the selection")
        }
        Command::Exchange(ExchangeCommand::CountExport(_)) => Some("Count what an export holds"),
        Command::Exchange(ExchangeCommand::StartExport { .. }) => Some("Export"),
        Command::Exchange(ExchangeCommand::StartImport { .. }) => Some("Import"),
        Command::Exchange(ExchangeCommand::ExportAs(Format::Stix | Format::Ftm)) => None,
        Command::Exchange(ExchangeCommand::ExportAs(_)) => Some("Export in a format"),
        Command::Exchange(ExchangeCommand::ReadCsvSample(_)) => Some("Read the CSV file"),
        Command::Exchange(ExchangeCommand::LoadMappingPreset(_)) => Some("Load a mapping preset"),
        Command::Exchange(ExchangeCommand::SaveMappingPreset { .. }) => {
            Some("Save the mapping as a preset")
        }
        Command::Exchange(ExchangeCommand::StartMappedImport { .. }) => Some("Import the rows"),
        Command::Window(WindowCommand::SetTheme(_)) => Some("Set the theme"),
        Command::Window(WindowCommand::CloseDialog) => Some("Close the dialog"),
        Command::Window(WindowCommand::DismissMessage(_)) => Some("Dismiss the message"),
        Command::Backup(BackupCommand::RestoreBackup(_)) => Some("Restore a backup"),
        Command::Team(TeamCommand::Share { .. }) => Some("Share with a team"),
        Command::Team(TeamCommand::Join { .. }) => Some("Join a team"),
        Command::Team(TeamCommand::Resolve { .. }) => Some("Resolve a conflict"),
        Command::Team(TeamCommand::RestoreVersion { .. }) => Some("Restore a version"),
        Command::Duplicates(DuplicateCommand::Answer { .. }) => Some("Answer for a pair"),
        Command::Duplicates(DuplicateCommand::ShowPair(_)) => Some("Show a pair"),
        Command::Duplicates(DuplicateCommand::Separate(_)) => Some("Separate again"),
        Command::Duplicates(DuplicateCommand::TakeField { .. }) => {
            Some("Take a merged record's value")
        }
        Command::Form(FormCommand::NewRecord(_))
        | Command::Form(FormCommand::EditOpened)
        | Command::Form(FormCommand::SaveDraft)
        | Command::Form(FormCommand::CancelDraft)
        | Command::Record(RecordCommand::DeleteOpened)
        | Command::Record(RecordCommand::RestoreOpened)
        | Command::Record(RecordCommand::EmptyTrash)
        | Command::Record(RecordCommand::Undo)
        | Command::Record(RecordCommand::Redo)
        | Command::Record(RecordCommand::Back)
        | Command::Record(RecordCommand::Forward)
        | Command::List(ListCommand::FocusSearch)
        | Command::List(ListCommand::ShowKind(_))
        | Command::List(ListCommand::ShowTrash)
        | Command::View(ViewCommand::ShowView(_))
        | Command::List(ListCommand::ToggleFilters)
        | Command::List(ListCommand::AskSearchName)
        | Command::Selection(SelectionCommand::SelectAllMatching)
        | Command::Selection(SelectionCommand::AddOpenedToSelection)
        | Command::Selection(SelectionCommand::ClearSelection)
        | Command::Selection(SelectionCommand::RestoreSelection)
        | Command::Exchange(ExchangeCommand::ExportSelection)
        | Command::Exchange(ExchangeCommand::ExportEverything)
        | Command::Exchange(ExchangeCommand::ExportOpened)
        | Command::Exchange(ExchangeCommand::Import)
        | Command::Exchange(ExchangeCommand::ImportMappedCsv)
        | Command::Exchange(ExchangeCommand::CancelJob)
        | Command::Exchange(ExchangeCommand::LoadExample)
        | Command::Backup(BackupCommand::ShowBackups)
        | Command::Backup(BackupCommand::BackUpNow)
        | Command::Team(TeamCommand::ShowTeam)
        | Command::Team(TeamCommand::SyncNow)
        | Command::Team(TeamCommand::ShowHistory)
        | Command::Duplicates(DuplicateCommand::Rescan)
        | Command::Window(WindowCommand::ToggleTheme)
        | Command::Window(WindowCommand::OpenPalette)
        | Command::Window(WindowCommand::AskFile { .. })
        | Command::Window(WindowCommand::Quit)
        | Command::Capture(CaptureCommand::OpenCapture)
        | Command::View(ViewCommand::SavePictureAs) => None,
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
    add(ui, app, button, command, out);
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
    add(ui, app, button, command, out)
}

/// Adds `button` (any text, size or style) for `command`: enabled when the command can run
/// now, with the table's tooltip, or disabled with the reason; a click issues the command.
pub fn add(
    ui: &mut egui::Ui,
    app: &App,
    button: egui::Button<'_>,
    command: Command,
    out: &mut Vec<Command>,
) -> egui::Response {
    let allowed = app.can(&command);
    let response = ui.add_enabled(allowed.is_ok(), button);
    let response = match allowed {
        // A command with no words in the table (a view's plumbing) shows no empty box.
        Ok(()) => match tooltip(ui.ctx(), &command) {
            text if text.is_empty() => response,
            text => response.on_hover_text(text),
        },
        Err(reason) => response.on_disabled_hover_text(reason.as_str()),
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
        assert_eq!(
            statement,
            Some(&Command::Form(FormCommand::NewRecord(
                RecordKind::Statement
            )))
        );
        let save = entry_for_chord(CMD, Key::S).map(|e| &e.command);
        assert_eq!(save, Some(&Command::Form(FormCommand::SaveDraft)));
        let select = entry_for_chord(CMD_SHIFT, Key::E).map(|e| &e.command);
        assert_eq!(
            select,
            Some(&Command::Selection(SelectionCommand::SelectAllMatching))
        );
        let redo = entry_for_chord(CMD_SHIFT, Key::Z).map(|e| &e.command);
        assert_eq!(redo, Some(&Command::Record(RecordCommand::Redo)));
        assert!(entry_for_chord(Modifiers::NONE, Key::S).is_none());
    }

    /// The table names exactly the commands a user runs by name; every other command has a
    /// name of its own (whether each command is the user's is answered by its section, and
    /// `tests/commands.rs` checks the other way round over every command).
    #[test]
    fn the_table_holds_the_users_commands_and_names_each_once() {
        for e in table() {
            assert_eq!(
                e.command.traits().origin,
                crate::app::Origin::User,
                "{:?} is in the table but issued by a view",
                e.command
            );
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
