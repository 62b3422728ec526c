//! The window section of `App`: the dialog that is open (one at a time), the colour theme,
//! whether the user has answered for everything and the window may close, and the messages.
//! The open dialog is private to `Dialogs`: it is opened and closed through its methods.

use super::command::{Dialog, Refusal, Theme, Traits};
use super::{App, AppError};
use std::path::{Path, PathBuf};

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
    /// Asks where the knowledge base to open (or, with `create`, to create) is.
    AskFile {
        create: bool,
    },
    /// Opens the knowledge base at `path` in the window instead of this one (asking first if
    /// a form holds changes); with `create`, a new one that must not exist yet.
    OpenFile {
        path: PathBuf,
        create: bool,
    },
}

impl WindowCommand {
    pub fn traits(&self) -> Traits {
        match self {
            WindowCommand::Quit => Traits::USER.leaving_form(),
            WindowCommand::ToggleTheme => Traits::USER,
            WindowCommand::OpenPalette | WindowCommand::AskFile { .. } => {
                Traits::USER.opening_dialog()
            }
            WindowCommand::OpenFile { .. } => Traits::VIEW.leaving_form(),
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
            | WindowCommand::DismissMessage(_)
            | WindowCommand::AskFile { .. } => Ok(()),
            WindowCommand::OpenFile { path, create } => {
                if path.as_os_str().is_empty() {
                    return Err("Give the file's path".into());
                }
                if *create && path.exists() {
                    return Err(
                        format!("{} exists already: open it instead", path.display()).into(),
                    );
                }
                if !*create && !path.is_file() {
                    return Err(format!("There is no knowledge base at {}", path.display()).into());
                }
                if self.same_file(path) {
                    return Err("That knowledge base is the one open".into());
                }
                Ok(())
            }
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
            WindowCommand::AskFile { create } => self.dialogs.show(Dialog::File { create }),
            WindowCommand::OpenFile { path, create } => self.open_other(&path, create),
        }
    }

    /// Whether `path` names the file open now.
    fn same_file(&self, path: &Path) -> bool {
        let canonical = |p: &Path| std::fs::canonicalize(p).ok();
        canonical(path).is_some_and(|p| Some(p) == canonical(self.path()))
    }

    /// Opens the knowledge base at `path` as the window's next app; the window swaps it in
    /// (`take_next`). A file that cannot be opened leaves this one as it is, with the reason.
    pub(super) fn open_other(&mut self, path: &Path, create: bool) {
        if create
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Err(source) = std::fs::create_dir_all(dir)
        {
            self.messages.error(AppError::NoFolder {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
        match App::open(path, std::sync::Arc::clone(&self.wake)) {
            Ok(mut next) => {
                self.dialogs.close();
                next.recent = super::recent::remember(path);
                next.theme = self.theme;
                let what = if create { "Created" } else { "Opened" };
                next.messages.info(format!("{what} {}", path.display()));
                self.next = Some(Box::new(next));
            }
            Err(e) => self.messages.error(e),
        }
    }

    /// The file the window is about to show instead of this one.
    pub fn next_file(&self) -> Option<&Path> {
        self.next.as_ref().map(|next| next.path())
    }

    /// The app for the file the user switched to, once: the window shows it from now on.
    pub fn take_next(&mut self) -> Option<App> {
        self.next.take().map(|next| *next)
    }

    /// The knowledge bases opened lately from the window, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.recent
    }

    /// Puts this file first among the recent ones (the window opened it).
    pub fn remember_as_recent(&mut self) {
        self.recent = super::recent::remember(self.path());
    }
}
