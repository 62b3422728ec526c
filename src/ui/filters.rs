//! The filter panel (date range, actors, place, topic, source, minimum reliability, statement
//! kinds) and the active filters shown as removable chips under the search box. Filters refer
//! to records by uuid, chosen with pickers; chips show their names. The filters live in the app
//! only: the panel and the chips show them and return a `SetFilters` command when changed.

use super::picker::{Picker, Pickers};
use super::text::visual;
use crate::app::ListCommand;
use crate::app::draft::Chosen;
use crate::app::{App, Command};
use crate::model::{Filters, PartialDate, RecordKind, Reliability, StatementKind};

pub fn panel(ui: &mut egui::Ui, app: &App, pickers: &mut Pickers, out: &mut Vec<Command>) {
    let mut f: Filters = app.spec().filters.clone();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label("From");
            date_box(ui, "From date", &mut f.from);
            ui.label("to");
            date_box(ui, "To date", &mut f.to);
            ui.separator();
            ui.label("Minimum reliability");
            egui::ComboBox::from_id_salt("min-reliability")
                .selected_text(f.min_reliability.map_or("any", |g| g.letter()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut f.min_reliability, None, "any");
                    for g in Reliability::ALL {
                        ui.selectable_value(&mut f.min_reliability, Some(*g), g.label());
                    }
                })
                .response
                .accessible_name("Minimum reliability");
            ui.separator();
            for k in StatementKind::ALL {
                let mut on = f.statement_kinds.contains(k);
                if ui.checkbox(&mut on, k.label()).changed() {
                    if on {
                        f.statement_kinds.push(*k);
                    } else {
                        f.statement_kinds.retain(|x| x != k);
                    }
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let mut add = |ui: &mut egui::Ui, label: &str, kind: RecordKind| -> Option<Chosen> {
                let mut chosen = None;
                ui.label(label);
                let name = format!("Filter {}", label.to_lowercase());
                Picker::new(egui::Id::unique(("filter", label)), &name, &[kind])
                    .width(220.0)
                    .show(ui, app, pickers, &mut chosen, out);
                chosen
            };
            if let Some(c) = add(ui, "Actor", RecordKind::Actor) {
                f.actors.push(c.uuid.to_string());
            }
            if let Some(c) = add(ui, "Place", RecordKind::Place) {
                f.place = Some(c.uuid.to_string());
            }
            if let Some(c) = add(ui, "Topic", RecordKind::Topic) {
                f.topics.push(c.uuid.to_string());
            }
            if let Some(c) = add(ui, "Source", RecordKind::Source) {
                f.source = Some(c.uuid.to_string());
            }
        });
    });
    if f != app.spec().filters {
        out.push(Command::List(ListCommand::SetFilters(f)));
    }
}

/// A date filter box: applied as soon as it reads as a date (or is emptied). While it has the
/// keyboard it keeps what is typed (a date half typed is not a filter yet); otherwise it shows
/// the filter.
fn date_box(ui: &mut egui::Ui, name: &str, value: &mut Option<String>) {
    let typed_id = egui::Id::unique(("filter-date-typed", name));
    let typed: Option<String> = ui.data(|d| d.get_temp(typed_id));
    let mut text = typed.unwrap_or_else(|| value.clone().unwrap_or_default());
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("YYYY-MM")
                .desired_width(90.0),
        )
        .accessible_name(name);
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(typed_id, text.clone()));
    } else {
        ui.data_mut(|d| d.remove::<String>(typed_id));
    }
    let trimmed = text.trim();
    match PartialDate::parse(trimmed) {
        _ if trimmed.is_empty() => {
            if response.changed() {
                *value = None;
            }
        }
        Ok(_) => {
            if response.changed() {
                *value = Some(trimmed.to_string());
            }
        }
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, "⚠")
                .on_hover_text(e.reason);
        }
    }
}

/// The active filters as chips; ✖ removes one.
pub fn chips(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let f = &app.spec().filters;
    let mut next = f.clone();
    let mut changed = false;
    // The row is always there (it says what is searched), so a chip appearing moves nothing
    // below it; only a second line of chips would.
    ui.horizontal_wrapped(|ui| {
        ui.set_min_height(ui.spacing().interact_size.y);
        let chip = |ui: &mut egui::Ui, text: String| -> bool {
            ui.add(
                egui::Button::new(format!("{text}  ✖"))
                    .small()
                    .corner_radius(8.0),
            )
            .on_hover_text("Remove this filter")
            .clicked()
        };
        ui.label(egui::RichText::new("Searching").weak());
        if f.trash {
            ui.label(egui::RichText::new("the Trash").weak());
        } else if let [kind] = f.kinds.as_slice() {
            // The sidebar's kind narrows the search: shown, and one click widens it.
            let widen = Command::List(ListCommand::ShowKind(None));
            if ui
                .add(
                    egui::Button::new(format!("{} only  ✖", super::sidebar::plural(*kind)))
                        .small()
                        .corner_radius(8.0),
                )
                .on_hover_text(super::commands::tooltip(ui.ctx(), &widen))
                .accessible_name(format!(
                    "Search all records, not only {}",
                    super::sidebar::plural(*kind).to_lowercase()
                ))
                .clicked()
            {
                out.push(widen);
            }
        } else if f.kinds.is_empty() {
            ui.label(egui::RichText::new("all records").weak());
        } else {
            for k in &f.kinds {
                if chip(ui, format!("kind: {}", k.label())) {
                    next.kinds.retain(|x| x != k);
                    changed = true;
                }
            }
        }
        if f.narrows() {
            ui.label(egui::RichText::new("· filters:").weak());
        }
        if let Some(from) = &f.from
            && chip(ui, format!("from {from}"))
        {
            next.from = None;
            changed = true;
        }
        if let Some(to) = &f.to
            && chip(ui, format!("to {to}"))
        {
            next.to = None;
            changed = true;
        }
        for a in &f.actors {
            let label = app.filter_label(a);
            if chip(ui, visual(&format!("actor: {label}"))) {
                next.actors.retain(|x| x != a);
                changed = true;
            }
        }
        if let Some(p) = &f.place {
            let label = app.filter_label(p);
            if chip(ui, visual(&format!("place: {label}"))) {
                next.place = None;
                changed = true;
            }
        }
        for t in &f.topics {
            let label = app.filter_label(t);
            if chip(ui, visual(&format!("topic: {label}"))) {
                next.topics.retain(|x| x != t);
                changed = true;
            }
        }
        if let Some(s) = &f.source {
            let label = app.filter_label(s);
            if chip(ui, visual(&format!("source: {label}"))) {
                next.source = None;
                changed = true;
            }
        }
        if let Some(g) = f.min_reliability
            && chip(ui, format!("reliability {} or better", g.letter()))
        {
            next.min_reliability = None;
            changed = true;
        }
        for k in &f.statement_kinds {
            if chip(ui, format!("{}s", k.label().to_lowercase())) {
                next.statement_kinds.retain(|x| x != k);
                changed = true;
            }
        }
    });
    if changed {
        out.push(Command::List(ListCommand::SetFilters(next)));
    }
}
