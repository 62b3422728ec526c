//! Which knowledge base the window works in: the dialog that asks for a file to open or to
//! create (a typed path, or the system's file dialog; and, to open, the files opened lately),
//! and File → Open recent. The switch itself is the app's (`WindowCommand::OpenFile`): it
//! asks about an unsaved form first, and a file that cannot be opened changes nothing.

use super::commands;
use super::exchange::{escape_closes, path_row};
use crate::app::{App, Command, WindowCommand};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

/// What the file dialog holds while open.
pub struct FileForm {
    pub create: bool,
    path: String,
    picker: Option<Receiver<Option<PathBuf>>>,
}

impl FileForm {
    pub fn new(create: bool, app: &App) -> FileForm {
        // A new file is offered beside the open one, under a name not taken.
        let path = if create {
            let dir = app.path().parent().map(PathBuf::from).unwrap_or_default();
            let free = (1..100)
                .map(|n| match n {
                    1 => dir.join("new-knowledge-base.db"),
                    n => dir.join(format!("new-knowledge-base-{n}.db")),
                })
                .find(|p| !p.exists())
                .unwrap_or_default();
            free.display().to_string()
        } else {
            String::new()
        };
        FileForm {
            create,
            path,
            picker: None,
        }
    }
}

pub fn window(ui: &mut egui::Ui, app: &App, form: &mut FileForm, out: &mut Vec<Command>) {
    escape_closes(ui, out);
    let title = if form.create {
        "New knowledge base"
    } else {
        "Open knowledge base"
    };
    let mut open = true;
    super::dialog_window(title, ui.ctx(), 80.0)
        .resizable(false)
        .open(&mut open)
        .show(ui.ctx(), |ui| {
            ui.label(if form.create {
                "A new, empty file. The one open now stays as it is."
            } else {
                "A knowledge base file (.db). The one open now stays as it is."
            });
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            path_row(
                ui,
                "Knowledge base path",
                &mut form.path,
                &mut form.picker,
                form.create,
                false,
            );
            let command = Command::Window(WindowCommand::OpenFile {
                path: PathBuf::from(form.path.trim()),
                create: form.create,
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let text = if form.create { "Create" } else { "Open" };
                let response =
                    commands::add(ui, app, egui::Button::new(text), command.clone(), out);
                if enter && !response.clicked() && app.can(&command).is_ok() {
                    out.push(command.clone());
                }
                if ui.button("Cancel").clicked() {
                    out.push(Command::Window(WindowCommand::CloseDialog));
                }
            });
            if let Err(reason) = app.can(&command)
                && !form.path.trim().is_empty()
            {
                ui.colored_label(ui.visuals().warn_fg_color, reason.as_str());
            }
            if !form.create && !app.recent_files().is_empty() {
                ui.add_space(8.0);
                ui.label(egui::RichText::new("Opened lately").strong());
                recent_list(ui, app, out);
            }
        });
    if !open {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

/// The files opened lately, each a button that opens it (the open one is left out).
pub fn recent_list(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let mut any = false;
    for path in app.recent_files() {
        let command = Command::Window(WindowCommand::OpenFile {
            path: path.clone(),
            create: false,
        });
        if app.can(&command).is_err() {
            continue;
        }
        any = true;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let response = ui
            .add(egui::Button::new(&name))
            .on_hover_text(path.display().to_string())
            .accessible_name(format!("Open {}", path.display()));
        if response.clicked() {
            ui.close();
            out.push(command);
        }
    }
    if !any {
        ui.label(egui::RichText::new("No other file opened lately").weak());
    }
}
