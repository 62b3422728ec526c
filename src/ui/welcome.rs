//! The first screen of an empty knowledge base: the example data, an import, another file,
//! joining a team, or a first record.

use super::commands;
use crate::app::{App, Command};
use crate::app::{ExchangeCommand, FormCommand, TeamCommand, WindowCommand};
use crate::model::RecordKind;

pub fn show(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    ui.add_space(48.0);
    ui.vertical_centered(|ui| {
        ui.heading("Welcome to Chancery");
        ui.add_space(8.0);
        ui.label("Keep who met whom, who said what, and which source said so — in one file on this machine.");
        ui.add_space(4.0);
        ui.label(egui::RichText::new(app.path().display().to_string()).weak());
        ui.add_space(20.0);
        commands::button(ui, app, Command::Exchange(ExchangeCommand::LoadExample), None, out);
        ui.add_space(8.0);
        // Notes kept elsewhere: a bundle or CSV to import, or another knowledge base.
        ui.horizontal(|ui| {
            let width = 3.0 * 180.0 + 2.0 * ui.spacing().item_spacing.x;
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            for (command, text) in [
                (Command::Exchange(ExchangeCommand::Import), "Import a bundle…"),
                (
                    Command::Window(WindowCommand::AskFile { create: false }),
                    "Open another file…",
                ),
                // A new member's first step: the Team window's Join.
                (Command::Team(TeamCommand::ShowTeam), "Join a team…"),
            ] {
                let button = egui::Button::new(text).min_size(egui::vec2(180.0, 24.0));
                commands::add(ui, app, button, command, out);
            }
        });
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            let width = 3.0 * 120.0 + 2.0 * ui.spacing().item_spacing.x;
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            for kind in [RecordKind::Actor, RecordKind::Meeting, RecordKind::Statement] {
                let text = format!("New {}", kind.label().to_lowercase());
                let button = egui::Button::new(text).min_size(egui::vec2(120.0, 24.0));
                commands::add(ui, app, button, FormCommand::NewRecord(kind).into(), out);
            }
        });
    });
}
