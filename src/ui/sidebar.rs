//! The sidebar: record kinds with counts, Trash, topics, saved searches, and the selection.
//! It reads the app and returns the commands clicked.

use super::commands;
use super::text::visual;
use crate::app::timeline::MainView;
use crate::app::{App, Command, Dialog};
use crate::app::{
    ExchangeCommand, ListCommand, RecordCommand, SelectionCommand, ViewCommand, WindowCommand,
};
use crate::model::{Filters, RecordKind};

/// Draws the sidebar. `search_name` is the name being typed for a search to save.
pub fn show(ui: &mut egui::Ui, app: &App, search_name: &mut String, out: &mut Vec<Command>) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(4.0);
        kinds(ui, app, out);
        ui.add_space(10.0);
        saved_searches(ui, app, search_name, out);
        topics(ui, app, out);
        ui.add_space(10.0);
        selection(ui, app, out);
    });
}

fn kinds(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    ui.strong("Records");
    let filters = &app.spec().filters;
    let counts = app.counts();
    // While the duplicate review shows, no list is the one shown; a click on one shows it.
    let reviewing = app.main_view() == MainView::Duplicates;
    let list = |out: &mut Vec<Command>, command: ListCommand| {
        out.push(Command::List(command));
        if reviewing {
            out.push(Command::View(ViewCommand::ShowView(MainView::List)));
        }
    };
    let all_selected = !reviewing && !filters.trash && filters.kinds.is_empty();
    if ui
        .selectable_label(all_selected, format!("All records  ({})", counts.live()))
        .clicked()
    {
        list(out, ListCommand::ShowKind(None));
    }
    for kind in RecordKind::ALL {
        let label = format!("{}  ({})", plural(*kind), counts.of(*kind));
        let on = !reviewing && !filters.trash && filters.kinds.as_slice() == [*kind];
        if ui.selectable_label(on, label).clicked() {
            list(out, ListCommand::ShowKind(Some(*kind)));
        }
    }
    if ui
        .selectable_label(
            !reviewing && filters.trash,
            format!("Trash  ({})", counts.trash),
        )
        .clicked()
    {
        list(out, ListCommand::ShowTrash);
    }
    let duplicates = match app.duplicate_queue() {
        Some(queue) => format!("Duplicates  ({})", queue.pending.len()),
        None => "Duplicates  (…)".to_string(),
    };
    let review = Command::View(ViewCommand::ShowView(MainView::Duplicates));
    if ui
        .selectable_label(app.main_view() == MainView::Duplicates, duplicates)
        .on_hover_text(commands::tooltip(ui.ctx(), &review))
        .clicked()
    {
        out.push(review);
    }
    if !reviewing && filters.trash && counts.trash > 0 {
        commands::button(
            ui,
            app,
            Command::Record(RecordCommand::EmptyTrash),
            None,
            out,
        );
    }
}

fn saved_searches(ui: &mut egui::Ui, app: &App, name: &mut String, out: &mut Vec<Command>) {
    ui.strong("Saved searches");
    for saved in app.saved() {
        let response = ui
            .selectable_label(false, visual(&format!("🔎 {}", saved.name)))
            .on_hover_text(describe_search(&saved.spec));
        if response.clicked() {
            out.push(Command::List(ListCommand::ApplySaved(saved.name.clone())));
        }
        response.context_menu(|ui| {
            if ui.button("Delete saved search").clicked() {
                out.push(Command::List(ListCommand::DeleteSaved(saved.name.clone())));
                ui.close();
            }
        });
    }
    if app.dialog() != Some(Dialog::SearchName) {
        commands::button(
            ui,
            app,
            Command::List(ListCommand::AskSearchName),
            None,
            out,
        );
        return;
    }
    let response = ui
        .add(
            egui::TextEdit::singleline(name)
                .hint_text("Name")
                .desired_width(150.0),
        )
        .accessible_name("Saved search name");
    // Read Enter before asking for the focus again: asking erases that the field lost it.
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !enter {
        response.request_focus();
    }
    let save = Command::List(ListCommand::SaveSearch(name.trim().to_string()));
    let ok = app.can(&save).is_ok();
    ui.horizontal(|ui| {
        let clicked = ui.add_enabled(ok, egui::Button::new("Save")).clicked();
        if ok && (clicked || enter) {
            out.push(save);
        }
        if ui.button("Cancel").clicked() {
            out.push(Command::Window(WindowCommand::CloseDialog));
        }
    });
}

/// What a saved search holds, for its tooltip.
fn describe_search(spec: &crate::model::SearchSpec) -> String {
    let mut parts = Vec::new();
    if !spec.text.trim().is_empty() {
        parts.push(format!("“{}”", spec.text.trim()));
    }
    let f = &spec.filters;
    if let [kind] = f.kinds.as_slice() {
        parts.push(plural(*kind).to_lowercase());
    }
    if f.trash {
        parts.push("in the Trash".into());
    }
    if f.narrows() {
        parts.push("with filters".into());
    }
    format!("Search: {}", parts.join(", "))
}

fn topics(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    if app.topics().is_empty() {
        return;
    }
    ui.add_space(10.0);
    ui.strong("Topics");
    let filters = &app.spec().filters;
    for (uuid, name) in app.topics() {
        let id = uuid.to_string();
        let on = filters.topics.iter().any(|t| *t == id || t == name);
        if ui
            .selectable_label(on, visual(&format!("# {name}")))
            .clicked()
        {
            let mut f: Filters = filters.clone();
            if on {
                f.topics.retain(|t| *t != id && t != name);
            } else {
                f.topics = vec![id];
            }
            out.push(Command::List(ListCommand::SetFilters(f)));
        }
    }
}

fn selection(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let selection = app.selection();
    if selection.is_empty() {
        return;
    }
    ui.strong("Selection");
    ui.label(format!("{} selected", selection.count()));
    for (kind, n) in selection.counts_by_kind() {
        ui.label(egui::RichText::new(format!("  {n} {}", plural(kind).to_lowercase())).weak());
    }
    egui::CollapsingHeader::new("Review")
        .id_salt("selection-review")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for (uuid, (kind, title)) in selection.picked() {
                        ui.horizontal(|ui| {
                            if ui
                                .small_button("✖")
                                .accessible_name(format!("Remove {title} from the selection"))
                                .clicked()
                            {
                                out.push(Command::Selection(SelectionCommand::Deselect(*uuid)));
                            }
                            ui.add(
                                egui::Label::new(visual(&format!("{}: {title}", kind.label())))
                                    .truncate(),
                            );
                        });
                    }
                });
        });
    for (i, (spec, total)) in selection.searches().iter().enumerate() {
        let what = if spec.text.is_empty() {
            "all in a view".to_string()
        } else {
            format!("“{}”", spec.text)
        };
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(format!("  {total} matching {what}")).weak());
            if ui
                .small_button("✖")
                .accessible_name("Remove this search from the selection")
                .clicked()
            {
                out.push(Command::Selection(SelectionCommand::RemoveSelectedSearch(
                    i,
                )));
            }
        });
    }
    ui.horizontal(|ui| {
        commands::button(
            ui,
            app,
            Command::Exchange(ExchangeCommand::ExportSelection),
            Some("Export…"),
            out,
        )
        .accessible_name("Export selection");
        commands::button(
            ui,
            app,
            Command::Selection(SelectionCommand::ClearSelection),
            None,
            out,
        );
    });
}

pub fn plural(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Actor => "Actors",
        RecordKind::Meeting => "Meetings",
        RecordKind::Statement => "Statements",
        RecordKind::Source => "Sources",
        RecordKind::Place => "Places",
        RecordKind::Topic => "Topics",
        RecordKind::Link => "Links",
    }
}
