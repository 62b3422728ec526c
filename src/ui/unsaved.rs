//! The question asked when leaving a form that holds changes: save, discard, or keep
//! editing. Escape or a click outside keeps editing; nothing typed is lost by accident.

use crate::app::FormCommand;
use crate::app::{App, Command, UnsavedAnswer};

pub fn ask(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let what = app
        .draft()
        .map(|d| d.kind().label().to_lowercase())
        .unwrap_or_else(|| "record".into());
    let is_new = app.draft().is_some_and(|d| d.is_new());
    let problems = app.draft().map(|d| d.problems()).unwrap_or_default();
    let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        if is_new {
            ui.heading(format!("Save the new {what}?"));
        } else {
            ui.heading(format!("Save the changes to this {what}?"));
        }
        ui.label("The form holds what you typed and it is not saved yet.");
        let created: Vec<&str> = app.created_in_form().collect();
        if !created.is_empty() {
            ui.label(format!(
                "Discard also moves to the Trash what the form created: {}.",
                created.join(", ")
            ));
        }
        if !problems.is_empty() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "It cannot be saved as it is: {}",
                    crate::app::draft::describe(&problems)
                ),
            );
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let save = ui.add_enabled(problems.is_empty(), egui::Button::new("Save"));
            if save.clicked() {
                out.push(Command::Form(FormCommand::AnswerUnsaved(
                    UnsavedAnswer::Save,
                )));
            }
            if ui.button("Discard").clicked() {
                out.push(Command::Form(FormCommand::AnswerUnsaved(
                    UnsavedAnswer::Discard,
                )));
            }
            let keep = ui.button("Keep editing");
            if keep.clicked() {
                out.push(Command::Form(FormCommand::AnswerUnsaved(
                    UnsavedAnswer::KeepEditing,
                )));
            }
            // Enter keeps editing: saving what may be half done, or discarding it, takes a
            // deliberate choice.
            keep.request_focus_once(ui);
        });
    });
    if modal.should_close() {
        out.push(Command::Form(FormCommand::AnswerUnsaved(
            UnsavedAnswer::KeepEditing,
        )));
    }
}

/// Puts the keyboard on a button in the first frame the question shows, so Enter answers.
trait FocusOnce {
    fn request_focus_once(&self, ui: &egui::Ui);
}

impl FocusOnce for egui::Response {
    fn request_focus_once(&self, ui: &egui::Ui) {
        let id = egui::Id::unique("unsaved-shown-frame");
        let frame = ui.ctx().cumulative_frame_nr();
        let last = ui.data(|d| d.get_temp::<u64>(id));
        ui.data_mut(|d| d.insert_temp(id, frame));
        if last.is_none_or(|last| last + 1 < frame) {
            self.request_focus();
        }
    }
}
