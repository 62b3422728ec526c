//! The sidebar: record kinds with counts, Trash, topics, saved searches, and the selection.

use crate::app::App;
use crate::model::{Filters, RecordKind};

/// Draws the sidebar; returns true when the user asks to export the selection.
pub fn show(
    ui: &mut egui::Ui,
    app: &mut App,
    save_name: &mut Option<String>,
    confirm_empty_trash: &mut bool,
) -> bool {
    let mut export = false;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(4.0);
        ui.strong("Records");
        let filters = app.spec.filters.clone();
        let current_kind = if filters.trash {
            None
        } else {
            filters.kinds.first().copied()
        };
        let all_selected = !filters.trash && filters.kinds.is_empty();
        if ui
            .selectable_label(
                all_selected,
                format!("All records  ({})", app.counts.live()),
            )
            .clicked()
        {
            app.show_kind(None);
        }
        for kind in RecordKind::ALL {
            let label = format!("{}  ({})", plural(*kind), app.counts.of(*kind));
            if ui
                .selectable_label(
                    current_kind == Some(*kind) && filters.kinds.len() == 1,
                    label,
                )
                .clicked()
            {
                app.show_kind(Some(*kind));
            }
        }
        if ui
            .selectable_label(filters.trash, format!("Trash  ({})", app.counts.trash))
            .clicked()
        {
            app.show_trash();
        }
        if filters.trash && app.counts.trash > 0 && ui.button("Empty Trash…").clicked() {
            *confirm_empty_trash = true;
        }

        ui.add_space(10.0);
        ui.strong("Saved searches");
        let mut apply = None;
        let mut delete = None;
        for saved in &app.saved {
            let response = ui.selectable_label(false, format!("🔎 {}", saved.name));
            if response.clicked() {
                apply = Some(saved.name.clone());
            }
            response.context_menu(|ui| {
                if ui.button("Delete saved search").clicked() {
                    delete = Some(saved.name.clone());
                    ui.close();
                }
            });
        }
        if let Some(name) = apply {
            app.apply_saved(&name);
        }
        if let Some(name) = delete {
            app.delete_saved(&name);
        }
        match save_name {
            None => {
                if ui.button("Save search…").clicked() {
                    *save_name = Some(String::new());
                }
            }
            Some(name) => {
                let response = ui
                    .add(
                        egui::TextEdit::singleline(name)
                            .hint_text("Name")
                            .desired_width(150.0),
                    )
                    .accessible_name("Saved search name");
                response.request_focus();
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let ok = !name.trim().is_empty();
                let (mut save, mut cancel) = (enter && ok, false);
                ui.horizontal(|ui| {
                    save |= ui.add_enabled(ok, egui::Button::new("Save")).clicked();
                    cancel = ui.button("Cancel").clicked();
                });
                if save {
                    let n = name.clone();
                    app.save_search(&n);
                    *save_name = None;
                } else if cancel {
                    *save_name = None;
                }
            }
        }

        if !app.topics.is_empty() {
            ui.add_space(10.0);
            ui.strong("Topics");
            let active = app.spec.filters.topics.clone();
            let topics = app.topics.clone();
            for (uuid, name) in topics {
                let on = active.iter().any(|t| t == &uuid.to_string() || t == &name);
                if ui.selectable_label(on, format!("# {name}")).clicked() {
                    let mut f: Filters = app.spec.filters.clone();
                    if on {
                        f.topics.retain(|t| t != &uuid.to_string() && t != &name);
                    } else {
                        f.topics = vec![uuid.to_string()];
                    }
                    app.set_filters(f);
                }
            }
        }

        ui.add_space(10.0);
        if !app.selection.is_empty() {
            ui.strong("Selection");
            ui.label(format!("{} selected", app.selection.count()));
            for (kind, n) in app.selection.counts_by_kind() {
                ui.label(
                    egui::RichText::new(format!("  {n} {}", plural(kind).to_lowercase())).weak(),
                );
            }
            let mut remove_record = None;
            egui::CollapsingHeader::new("Review")
                .id_salt("selection-review")
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(220.0)
                        .show(ui, |ui| {
                            for (uuid, (kind, title)) in app.selection.picked() {
                                ui.horizontal(|ui| {
                                    if ui
                                        .small_button("✖")
                                        .accessible_name(format!(
                                            "Remove {title} from the selection"
                                        ))
                                        .clicked()
                                    {
                                        remove_record = Some(*uuid);
                                    }
                                    ui.add(
                                        egui::Label::new(format!("{}: {title}", kind.label()))
                                            .truncate(),
                                    );
                                });
                            }
                        });
                });
            if let Some(uuid) = remove_record {
                app.selection.remove(&uuid);
            }
            let mut remove_search = None;
            for (i, (spec, total)) in app.selection.searches().iter().enumerate() {
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
                        remove_search = Some(i);
                    }
                });
            }
            if let Some(i) = remove_search {
                app.selection.remove_search(i);
            }
            ui.horizontal(|ui| {
                if ui
                    .button("Export…")
                    .accessible_name("Export selection")
                    .clicked()
                {
                    export = true;
                }
                if ui.button("Clear selection").clicked() {
                    app.selection.clear();
                }
            });
        }
    });
    export
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
