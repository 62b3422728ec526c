//! Every action on the application, by section. A `Command` names the section it belongs to
//! (`Form`, `List`, …); each section's file defines its own command enum, answers what is true of
//! each command (`traits`: writes, opens a dialog, leaves the form, who issues it) by a match the
//! compiler checks is complete, and has its own `can_*` and `apply_*`. This file routes, and
//! applies the rules common to all sections (a read-only file, one dialog at a time, a form
//! with changes). These are the only ways the views change the application: a view returns the
//! commands it wants and the window applies them after drawing.

use super::App;
use super::backups::BackupCommand;
use super::capture::CaptureCommand;
use super::duplicates::DuplicateCommand;
use super::editing::FormCommand;
use super::exchange::ExchangeCommand;
use super::list::ListCommand;
use super::record::RecordCommand;
use super::selection::SelectionCommand;
use super::team::TeamCommand;
use super::views::ViewCommand;
use super::window::WindowCommand;
use std::borrow::Cow;

/// `Command`, one variant per section, and `From` each section's enum (so
/// `app.apply(FormCommand::SaveDraft)` reads as it should): the sections are listed once.
macro_rules! sections {
    ($($(#[doc = $doc:literal])* $section:ident($command:ty)),* $(,)?) => {
        /// An action, by the section that owns it.
        #[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
        #[strum_discriminants(derive(strum::EnumIter), name(Section))]
        pub enum Command {
            $($(#[doc = $doc])* $section($command),)*
        }

        $(impl From<$command> for Command {
            fn from(command: $command) -> Command {
                Command::$section(command)
            }
        })*
    };
}

sections!(
    /// The form being edited: new, edit, type, save, cancel, records created from a picker.
    Form(FormCommand),
    /// The open record: trash, restore, undo, going back and forth.
    Record(RecordCommand),
    /// Capture from pasted text and its review.
    Capture(CaptureCommand),
    /// The search, filters, order, kinds and saved searches.
    List(ListCommand),
    /// What is selected for export.
    Selection(SelectionCommand),
    /// The list, the timeline or the network, and their pictures.
    View(ViewCommand),
    /// Export, import and the example data, run in the background.
    Exchange(ExchangeCommand),
    /// The file's backups.
    Backup(BackupCommand),
    /// The duplicate review: answers, separating, taking a merged record's value.
    Duplicates(DuplicateCommand),
    /// The team: sharing, joining, syncing, conflicts, a record's history on the server.
    Team(TeamCommand),
    /// The window: theme, palette, dialogs, messages, quitting.
    Window(WindowCommand),
);

/// Who issues a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The user, by name: it is in the command table (menus, palette, shortcuts, buttons).
    User,
    /// A view, as plumbing of a widget (typing into the form, a row click): never in the table.
    View,
}

/// What is true of a command whatever the state, answered by its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traits {
    /// Changes the file: refused while the file is open read-only.
    pub writes: bool,
    /// Opens a dialog: refused while another is open (what was typed into it would be lost).
    pub opens_dialog: bool,
    /// Takes the user out of the open form: asks first if the form holds changes.
    pub leaves_form: bool,
    pub origin: Origin,
}

impl Traits {
    /// Issued by the user, reads only, stays in its place.
    pub const USER: Traits = Traits {
        writes: false,
        opens_dialog: false,
        leaves_form: false,
        origin: Origin::User,
    };
    /// Plumbing of a view, reads only, stays in its place.
    pub const VIEW: Traits = Traits {
        origin: Origin::View,
        ..Traits::USER
    };

    pub const fn writing(self) -> Traits {
        Traits {
            writes: true,
            ..self
        }
    }

    pub const fn opening_dialog(self) -> Traits {
        Traits {
            opens_dialog: true,
            ..self
        }
    }

    pub const fn leaving_form(self) -> Traits {
        Traits {
            leaves_form: true,
            ..self
        }
    }
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
        scope: super::exchange::ExportScope,
        /// The format the dialog opens with (else the last one chosen).
        format: Option<crate::exchange::Format>,
    },
    Import,
    /// The wizard importing any CSV file by a column mapping.
    CsvImport,
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
    /// Which knowledge base to open, or (`create`) to create.
    File {
        create: bool,
    },
    /// The Team window: status, sharing, joining, conflicts.
    Team,
    /// The open record's versions on the team's server.
    History,
}

impl Dialog {
    /// Whether the dialog takes the keyboard from the window: its keys are its own, and the
    /// window's shortcuts wait until it closes.
    pub fn is_modal(self) -> bool {
        match self {
            Dialog::Palette | Dialog::ConfirmEmptyTrash | Dialog::Unsaved | Dialog::Capture => true,
            Dialog::Export { .. }
            | Dialog::Import
            | Dialog::CsvImport
            | Dialog::Backups
            | Dialog::SearchName
            | Dialog::Picture
            | Dialog::File { .. }
            | Dialog::Team
            | Dialog::History => false,
        }
    }
}

/// Why a command cannot run now, in words for a tooltip or a message. Most reasons are fixed
/// sentences; one built from the state (naming what is missing) is owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(Cow<'static, str>);

impl Refusal {
    pub const fn new(reason: &'static str) -> Refusal {
        Refusal(Cow::Borrowed(reason))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&'static str> for Refusal {
    fn from(reason: &'static str) -> Refusal {
        Refusal::new(reason)
    }
}

impl From<String> for Refusal {
    fn from(reason: String) -> Refusal {
        Refusal(Cow::Owned(reason))
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for Refusal {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

pub(super) const READ_ONLY: &str =
    "The file is open read-only: it can be searched and exported, not changed";
pub(super) const DIALOG_OPEN: &str = "Close the open dialog first";
pub(super) const FORM_OPEN: &str = "A form is open: save or cancel it first";

/// The reason of the first rule that is broken (`true`), in order; `Ok` if none is.
pub(super) fn first_broken(broken: &[(bool, &'static str)]) -> Result<(), Refusal> {
    match broken.iter().find(|(is_broken, _)| *is_broken) {
        Some((_, reason)) => Err(Refusal::new(reason)),
        None => Ok(()),
    }
}

impl Command {
    /// What is true of this command whatever the state.
    pub fn traits(&self) -> Traits {
        match self {
            Command::Form(c) => c.traits(),
            Command::Record(c) => c.traits(),
            Command::Capture(c) => c.traits(),
            Command::List(c) => c.traits(),
            Command::Selection(c) => c.traits(),
            Command::View(c) => c.traits(),
            Command::Exchange(c) => c.traits(),
            Command::Backup(c) => c.traits(),
            Command::Duplicates(c) => c.traits(),
            Command::Team(c) => c.traits(),
            Command::Window(c) => c.traits(),
        }
    }
}

impl App {
    /// Whether `command` can run now, and if not, why.
    pub fn can(&self, command: &Command) -> Result<(), Refusal> {
        self.can_with(command, self.dialogs.open())
    }

    /// Whether `command` could run once the command palette, which is asking, has closed:
    /// the palette closes itself before it runs what was chosen, so a command that opens a
    /// dialog (Backups…, Export…) is not refused for the palette's sake.
    pub fn can_from_palette(&self, command: &Command) -> Result<(), Refusal> {
        self.can_with(
            command,
            self.dialogs.open().filter(|d| *d != Dialog::Palette),
        )
    }

    fn can_with(&self, command: &Command, dialog: Option<Dialog>) -> Result<(), Refusal> {
        let traits = command.traits();
        if traits.opens_dialog && dialog.is_some() {
            return Err(DIALOG_OPEN.into());
        }
        if traits.writes && self.store.read_only().is_some() {
            return Err(READ_ONLY.into());
        }
        match command {
            Command::Form(c) => self.can_form(c, dialog),
            Command::Record(c) => self.can_record(c),
            Command::Capture(c) => self.can_capture(c, dialog),
            Command::List(c) => self.can_list(c),
            Command::Selection(c) => self.can_select(c),
            Command::View(c) => self.can_view(c, dialog),
            Command::Exchange(c) => self.can_exchange(c),
            Command::Backup(c) => self.can_backup(c),
            Command::Duplicates(c) => self.can_duplicates(c),
            Command::Team(c) => self.can_team(c),
            Command::Window(c) => self.can_window(c),
        }
    }

    /// Does `command` if `can` allows it (and changes nothing if not). Views issue only
    /// commands they saw allowed, so a refusal here is one an earlier command of the same
    /// frame caused (a new search before "load more"), and needs no word.
    pub fn apply(&mut self, command: impl Into<Command>) -> Result<(), Refusal> {
        let command = command.into();
        self.can(&command)?;
        let Some(command) = self.guard_form(command) else {
            return Ok(());
        };
        match command {
            Command::Form(c) => self.apply_form(c),
            Command::Record(c) => self.apply_record(c),
            Command::Capture(c) => self.apply_capture(c),
            Command::List(c) => self.apply_list(c),
            Command::Selection(c) => self.apply_select(c),
            Command::View(c) => self.apply_view(c),
            Command::Exchange(c) => self.apply_exchange(c),
            Command::Backup(c) => self.apply_backup(c),
            Command::Duplicates(c) => self.apply_duplicates(c),
            Command::Team(c) => self.apply_team(c),
            Command::Window(c) => self.apply_window(c),
        }
        Ok(())
    }

    /// Does `command` for a user who could not see whether it was possible (a shortcut):
    /// a refusal is said as a message.
    pub fn apply_or_explain(&mut self, command: impl Into<Command>) -> Result<(), Refusal> {
        let result = self.apply(command);
        if let Err(reason) = &result {
            self.messages.info(reason.to_string());
        }
        result
    }
}
