//! Backups as the window offers them: the list of the file's backups (newest first, with the
//! time of the newest for the status line), a backup on request, restoring one (the current
//! file is backed up first, so a restore can itself be undone by restoring that copy), and the
//! daily backup taken in the background when the window opens.

use super::App;
use super::command::{FORM_OPEN, Refusal, Traits, first_broken};
use crate::store::{BackupInfo, Store, StoreError, list_backups};
use std::path::{Path, PathBuf};

/// An action on the file's backups.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(derive(strum::EnumIter), name(BackupCommandKind))]
pub enum BackupCommand {
    /// Shows the file's backups, with restore.
    ShowBackups,
    BackUpNow,
    /// Replaces the knowledge base with this backup (the current file is backed up first).
    RestoreBackup(PathBuf),
}

impl BackupCommand {
    pub fn traits(&self) -> Traits {
        match self {
            BackupCommand::ShowBackups => Traits::USER.opening_dialog(),
            BackupCommand::BackUpNow => Traits::USER.writing(),
            BackupCommand::RestoreBackup(_) => Traits::VIEW.writing(),
        }
    }
}

/// The backups section's state.
pub(super) struct Backups {
    /// The file's backups, newest first, as last read.
    pub(super) known: Vec<BackupInfo>,
    /// The background check of the opened file, until it answers.
    pub(super) file_check: Option<std::sync::mpsc::Receiver<String>>,
}

impl App {
    pub(super) fn can_backup(&self, command: &BackupCommand) -> Result<(), Refusal> {
        match command {
            BackupCommand::ShowBackups | BackupCommand::BackUpNow => Ok(()),
            BackupCommand::RestoreBackup(path) => first_broken(&[
                (self.form.is_open(), FORM_OPEN),
                (self.jobs.job.is_some(), "An export or import is running"),
                (path.as_os_str().is_empty(), "Choose a backup"),
            ]),
        }
    }

    pub(super) fn apply_backup(&mut self, command: BackupCommand) {
        match command {
            BackupCommand::ShowBackups => self.show_backups(),
            BackupCommand::BackUpNow => self.back_up_now(),
            BackupCommand::RestoreBackup(path) => self.restore_backup(path),
        }
    }

    /// The backups of the open file, newest first (as last read).
    pub fn backups(&self) -> &[BackupInfo] {
        &self.backups.known
    }

    /// Why the file is open for reading only, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.store.read_only()
    }

    pub(super) fn reread_backups(&mut self) {
        self.backups.known = list_backups(self.store.path());
    }

    pub(super) fn show_backups(&mut self) {
        self.reread_backups();
        self.dialogs.show(super::Dialog::Backups);
    }

    pub(super) fn back_up_now(&mut self) {
        match self.store.backup() {
            Ok(b) => self
                .messages
                .info(format!("Backed up to {}", b.path.display())),
            Err(e) => self.messages.error(e),
        }
        self.reread_backups();
    }

    pub(super) fn restore_backup(&mut self, backup: PathBuf) {
        match self.store.restore_backup(&backup) {
            Ok(aside) => {
                self.messages.info(format!(
                    "Restored the backup of {}; the file as it was is kept as the backup of {}",
                    taken_of(&backup, &self.backups.known),
                    aside.taken
                ));
                self.form.close();
                self.dialogs.close();
                self.after_change();
            }
            Err(e) => self.messages.error(e),
        }
        self.reread_backups();
    }
}

/// "2026-11-26 10:15:03" for a listed backup, else its file name.
fn taken_of(path: &Path, known: &[BackupInfo]) -> String {
    known
        .iter()
        .find(|b| b.path == path)
        .map(|b| b.taken.clone())
        .unwrap_or_else(|| path.display().to_string())
}

/// Checks the structure of `path` and then takes the daily backup, on a thread of its own
/// (with its own connection), so that opening the window never waits for a read of the whole
/// file. The answer is the damage found, if any; `wake` asks for a frame to show it.
pub(super) fn check_and_back_up_in_background(
    path: &Path,
    wake: super::Wake,
) -> Option<std::sync::mpsc::Receiver<String>> {
    let path = path.to_path_buf();
    let (send, receive) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("file check and daily backup".into())
        .spawn(move || {
            let store = match Store::open(&path) {
                Ok(store) => store,
                Err(e) => {
                    log::warn!("no file check of {}: {e}", path.display());
                    return;
                }
            };
            // A due backup checks the file first; otherwise the check runs on its own.
            let checked = match store.backup_if_due() {
                Ok(Some(b)) => {
                    log::info!("daily backup: {}", b.path.display());
                    Ok(())
                }
                Ok(None) => store.structure_check(),
                Err(e) => Err(e),
            };
            match checked {
                Ok(()) => {}
                Err(StoreError::Corrupt { reason, .. }) => {
                    let _ = send.send(reason);
                    wake();
                }
                Err(e) => log::warn!("file check or daily backup of {}: {e}", path.display()),
            }
        });
    match spawned {
        Ok(_) => Some(receive),
        Err(e) => {
            log::warn!("cannot start the file check: {e}");
            None
        }
    }
}
