//! The Backups window: the file's backups, newest first, each with its time, size and a
//! Restore button; "Back up now"; and the status line's "backed up …" label.

use super::commands;
use crate::app::{App, Command};
use crate::app::{BackupCommand, WindowCommand};

/// The Backups window (File → Backups…).
pub fn window(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
    let mut open = true;
    super::dialog_window("Backups", ui.ctx(), 80.0)
        .resizable(false)
        .open(&mut open)
        .show(ui.ctx(), |ui| {
            ui.label(format!(
                "Copies of this knowledge base in {}",
                crate::store::backups_folder(app.path()).display()
            ));
            ui.label(
                "One is taken each day the file is opened and before every import; the newest 7 are kept.",
            );
            ui.label("Restoring first backs up the file as it is now, so a restore can be undone.");
            ui.add_space(6.0);
            if app.backups().is_empty() {
                ui.label(egui::RichText::new("No backups yet.").italics());
            }
            egui::Grid::new("backups-grid")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    for backup in app.backups() {
                        ui.label(format!("{} UTC", backup.taken));
                        ui.label(crate::exchange::size_text(backup.bytes));
                        let restore = Command::Backup(BackupCommand::RestoreBackup(backup.path.clone()));
                        let button = ui.add_enabled(
                            app.can(&restore).is_ok(),
                            egui::Button::new("Restore"),
                        );
                        let button = match app.can(&restore) {
                            Ok(()) => button.on_hover_text(format!(
                                "Replace the knowledge base with this copy ({})",
                                backup.path.display()
                            )),
                            Err(reason) => button.on_disabled_hover_text(reason.as_str()),
                        };
                        if button.clicked() {
                            out.push(restore);
                        }
                        ui.end_row();
                    }
                });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                commands::button(ui, app, Command::Backup(BackupCommand::BackUpNow), None, out);
                if ui.button("Close").clicked() {
                    out.push(Command::Window(WindowCommand::CloseDialog));
                }
            });
        });
    if !open {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

/// "backed up 2026-11-26 10:15 UTC" (or "no backup yet") for the status line.
pub fn newest_label(ui: &mut egui::Ui, app: &App) {
    let text = match app.backups().first() {
        Some(b) => format!("backed up {} UTC", &b.taken[..b.taken.len().min(16)]),
        None => "no backup yet".into(),
    };
    let response = ui.label(text);
    response.on_hover_text("File → Backups… lists them and restores one");
}
