//! The window section of `App`: the dialog that is open (one at a time), the colour theme,
//! whether the user has answered for everything and the window may close, and the messages.
//! The open dialog is private to `Dialogs`: it is opened and closed through its methods.

use super::App;
use super::command::{Dialog, Refusal, Theme, Traits};

/// A window-wide action.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(WindowCommandKind))]
pub enum WindowCommand {
    /// Closes the window (asking first if a form holds changes).
    Quit,
    ToggleTheme,
    SetTheme(Theme),
    OpenPalette,
    CloseDialog,
    DismissMessage(u64),
}

impl WindowCommand {
    pub fn traits(&self) -> Traits {
        match self {
            WindowCommand::Quit => Traits::USER.leaving_form(),
            WindowCommand::ToggleTheme => Traits::USER,
            WindowCommand::OpenPalette => Traits::USER.opening_dialog(),
            WindowCommand::SetTheme(_)
            | WindowCommand::CloseDialog
            | WindowCommand::DismissMessage(_) => Traits::VIEW,
        }
    }
}

/// The dialog that is open, if any.
#[derive(Default)]
pub(super) struct Dialogs {
    open: Option<Dialog>,
}

impl Dialogs {
    pub(super) fn open(&self) -> Option<Dialog> {
        self.open
    }

    pub(super) fn show(&mut self, dialog: Dialog) {
        self.open = Some(dialog);
    }

    pub(super) fn close(&mut self) {
        self.open = None;
    }

    /// Closes `dialog` if it is the one open (another stays).
    pub(super) fn close_if(&mut self, dialog: Dialog) {
        if self.open == Some(dialog) {
            self.open = None;
        }
    }
}

impl App {
    pub(super) fn can_window(&self, command: &WindowCommand) -> Result<(), Refusal> {
        match command {
            WindowCommand::Quit
            | WindowCommand::ToggleTheme
            | WindowCommand::SetTheme(_)
            | WindowCommand::OpenPalette
            | WindowCommand::CloseDialog
            | WindowCommand::DismissMessage(_) => Ok(()),
        }
    }

    pub(super) fn apply_window(&mut self, command: WindowCommand) {
        match command {
            WindowCommand::Quit => self.quit = true,
            WindowCommand::ToggleTheme => {
                self.theme = match self.theme {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                }
            }
            WindowCommand::SetTheme(theme) => self.theme = theme,
            WindowCommand::OpenPalette => self.dialogs.show(Dialog::Palette),
            WindowCommand::CloseDialog => {
                self.dialogs.close();
                self.form.forget_held();
                // A capture's review is kept: reopening the dialog brings it back.
                self.jobs.export_preview = None;
            }
            WindowCommand::DismissMessage(id) => self.messages.dismiss(id),
        }
    }
}
