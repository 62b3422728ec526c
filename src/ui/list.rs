//! The record list: a virtualised table (only visible rows are laid out) of the current
//! search's results, with columns fitting the kind shown, sortable date and title columns,
//! multi-select (click, Shift+click, Ctrl+click), "select all matching", and paging: the next
//! page is fetched in the background when the end of the loaded rows comes into view.

use super::text::{short_date, visual};
use crate::app::selection::ClickMods;
use crate::app::{App, Command};
use crate::app::{FormCommand, ListCommand, SelectionCommand};
use crate::model::{Record, RecordKind, SortOrder};
use crate::query::Certainty;
use egui_extras::{Column, TableBuilder};

const ROW_HEIGHT: f32 = 22.0;
/// Rows with a snippet under the title (while searching).
const SNIPPET_ROW_HEIGHT: f32 = 38.0;

pub fn show(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let kind = match app.spec().filters.kinds.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    header(ui, app, out);
    if let Some(error) = app.results().error.clone() {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {error}"));
    }
    for note in app.results().notes.clone() {
        ui.label(egui::RichText::new(note).weak());
    }
    // An error says why nothing is listed; "no records match" would say it twice.
    if app.results().hits.is_empty() && !app.results().loading && app.results().error.is_none() {
        ui.add_space(20.0);
        let scoped = match app.spec().filters.kinds.as_slice() {
            [one] if !app.spec().filters.trash => Some(*one),
            _ => None,
        };
        match scoped {
            _ if app.spec().text.is_empty() && app.spec().filters.is_empty() => {
                ui.label("Nothing here yet.");
            }
            Some(kind) if !app.spec().text.trim().is_empty() => {
                // Typed while a kind was chosen: the words may be in records of other kinds.
                ui.label(format!(
                    "No {} match.",
                    super::sidebar::plural(kind).to_lowercase()
                ));
                let widen = Command::List(ListCommand::ShowKind(None));
                if ui
                    .button("Search all records")
                    .on_hover_text(super::commands::tooltip(ui.ctx(), &widen))
                    .clicked()
                {
                    out.push(widen);
                }
            }
            _ => {
                ui.label("No records match.");
            }
        }
        if app.spec().exact && !app.spec().text.trim().is_empty() {
            ui.label(
                egui::RichText::new(
                    "Exact spelling is on: spelling variants (al-Shaibani for Al Shibani) are not searched.",
                )
                .weak(),
            );
        }
        return;
    }

    let extra: &[&str] = kind.map(Record::list_headers).unwrap_or(&[]);
    let dated = !matches!(
        kind,
        Some(RecordKind::Actor | RecordKind::Place | RecordKind::Topic)
    );
    let searching = !app.spec().text.trim().is_empty();
    let row_height = if searching {
        SNIPPET_ROW_HEIGHT
    } else {
        ROW_HEIGHT
    };
    let mut clicked: Option<(usize, ClickMods)> = None;
    let mut last_drawn = 0;
    let mut sort_request: Option<SortOrder> = None;
    let order = app.spec().order;

    // Column widths are shares of the room there is: widths kept from a wider window (the
    // table remembers them per id) once left the title 25 px at 800×600, so the id carries
    // the room, in steps of 100 px.
    let room = ui.available_width();
    let date_width = if room < 560.0 { 92.0 } else { 118.0 };
    let fixed = if dated { date_width } else { 0.0 } + if kind.is_none() { 84.0 } else { 0.0 };
    let extra_width = ((room - fixed) * 0.22).clamp(70.0, 160.0);
    let mut table = TableBuilder::new(ui)
        .id_salt(("records", extra.len(), (room / 100.0) as i64))
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    if dated {
        table = table.column(Column::initial(date_width).at_least(70.0).clip(true));
    }
    if kind.is_none() {
        table = table.column(Column::exact(84.0));
    }
    table = table.column(Column::remainder().at_least(120.0).clip(true));
    for _ in extra {
        table = table.column(Column::initial(extra_width).at_least(40.0).clip(true));
    }
    table
        .header(24.0, |mut header| {
            if dated {
                header.col(|ui| {
                    let label = match order {
                        SortOrder::Newest => "Date ▼",
                        SortOrder::Oldest => "Date ▲",
                        _ => "Date",
                    };
                    if ui.button(label).on_hover_text("Sort by date").clicked() {
                        sort_request = Some(if order == SortOrder::Newest {
                            SortOrder::Oldest
                        } else {
                            SortOrder::Newest
                        });
                    }
                });
            }
            if kind.is_none() {
                header.col(|ui| {
                    ui.strong("Kind");
                });
            }
            header.col(|ui| {
                let label = if order == SortOrder::Title {
                    "Title ▲"
                } else {
                    "Title"
                };
                if ui.button(label).on_hover_text("Sort by title").clicked() {
                    sort_request = Some(SortOrder::Title);
                }
                if order != SortOrder::Relevance
                    && !app.spec().text.is_empty()
                    && ui.small_button("Best match").clicked()
                {
                    sort_request = Some(SortOrder::Relevance);
                }
            });
            for h in extra {
                header.col(|ui| {
                    ui.strong(*h);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, app.results().hits.len(), |mut row| {
                let index = row.index();
                last_drawn = last_drawn.max(index);
                let Some(hit) = app.results().hits.get(index) else {
                    return;
                };
                row.set_selected(app.selection().contains(&hit.uuid));
                let opened = app.opened().is_some_and(|o| o.record.uuid() == hit.uuid);
                if dated {
                    row.col(|ui| {
                        let date = hit.date.as_deref().map(short_date).unwrap_or_default();
                        let text = match hit.certainty {
                            Some(Certainty::Possible) => format!("{date} ?"),
                            _ => date,
                        };
                        let label = ui.add(egui::Label::new(text).selectable(false));
                        if hit.certainty == Some(Certainty::Possible) {
                            label.on_hover_text("Only possibly inside the date range");
                        } else if let Some(full) = &hit.date {
                            label.on_hover_text(full.as_str());
                        }
                    });
                }
                if kind.is_none() {
                    // Grouped results show the kind once, at the top of its group.
                    let first_of_group = index == 0
                        || app
                            .results()
                            .hits
                            .get(index - 1)
                            .is_none_or(|prev| prev.kind != hit.kind);
                    row.col(|ui| {
                        let text = if searching && first_of_group {
                            egui::RichText::new(super::sidebar::plural(hit.kind)).strong()
                        } else if searching {
                            egui::RichText::new("")
                        } else {
                            egui::RichText::new(hit.kind.label()).weak()
                        };
                        ui.add(egui::Label::new(text).selectable(false));
                    });
                }
                row.col(|ui| {
                    if opened {
                        open_mark(ui);
                    }
                    let title = egui::Label::new(plain_cell(ui, &hit.title))
                        .truncate()
                        .selectable(false);
                    if hit.snippet.is_some() || hit.reason.is_some() {
                        ui.vertical(|ui| {
                            let response = ui.add(title);
                            if let Some(reason) = &hit.reason {
                                response.on_hover_text(format!("Matched: {}", visual(reason)));
                            }
                            let job = snippet_job(ui, hit.reason.as_deref(), hit.snippet.as_ref());
                            ui.add(egui::Label::new(job).truncate().selectable(false));
                        });
                    } else {
                        ui.add(title);
                    }
                });
                for i in 0..extra.len() {
                    row.col(|ui| {
                        let value = hit.columns.get(i).cloned().unwrap_or_default();
                        ui.add(
                            egui::Label::new(plain_cell(ui, &value))
                                .truncate()
                                .selectable(false),
                        );
                    });
                }
                let response = row.response();
                if response.clicked() {
                    let mods = response.ctx.input(|i| i.modifiers);
                    clicked = Some((
                        index,
                        ClickMods {
                            shift: mods.shift,
                            toggle: mods.command,
                        },
                    ));
                }
            });
        });

    if let Some(order) = sort_request {
        out.push(Command::List(ListCommand::SetOrder(order)));
    }
    if let Some((index, mods)) = clicked {
        out.push(Command::Selection(SelectionCommand::ClickRow {
            index,
            mods,
        }));
    }
    if last_drawn + 20 >= app.results().hits.len()
        && app.can(&Command::List(ListCommand::LoadMore)).is_ok()
    {
        out.push(Command::List(ListCommand::LoadMore));
    }
}

/// A cell's text cut to the cell and put in drawing order (right-to-left names cut at their
/// end, not their start).
fn plain_cell(ui: &egui::Ui, text: &str) -> egui::text::LayoutJob {
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    super::text::fitted_job(ui, &[(text.to_string(), format)], ui.available_width())
}

/// The line under a hit's title: why it matched, then a snippet with its matching words
/// marked; cut to the cell and put in drawing order together, so that a match in Arabic keeps
/// its place among its words.
fn snippet_job(
    ui: &egui::Ui,
    reason: Option<&str>,
    snippet: Option<&crate::query::Snippet>,
) -> egui::text::LayoutJob {
    let plain = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().weak_text_color(),
        ..Default::default()
    };
    let mut pieces: Vec<(String, egui::TextFormat)> = Vec::new();
    if let Some(reason) = reason {
        let gap = if snippet.is_some() { " — " } else { "" };
        pieces.push((
            format!("{reason}{gap}"),
            egui::TextFormat {
                italics: true,
                ..plain.clone()
            },
        ));
    }
    for (text, is_match) in snippet.map(|s| s.0.as_slice()).unwrap_or_default() {
        let mut format = plain.clone();
        if *is_match {
            format.color = ui.visuals().strong_text_color();
            format.background = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
        }
        pieces.push((text.clone(), format));
    }
    super::text::fitted_job(ui, &pieces, ui.available_width())
}

fn header(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let heading = if app.spec().filters.trash {
            "Trash".to_string()
        } else {
            match app.spec().filters.kinds.as_slice() {
                [k] => super::sidebar::plural(*k).to_string(),
                _ => "All records".to_string(),
            }
        };
        ui.heading(heading);
        let total = app.results().total;
        let loaded = app.results().hits.len();
        let shown = app.results().total_text();
        let count = if app.results().loading && loaded == 0 {
            "searching…".to_string()
        } else if app.results().counting {
            format!("{loaded} loaded, counting…")
        } else if (loaded as u64) < total || app.results().total_capped {
            format!("{shown} results ({loaded} loaded)")
        } else if total == 1 {
            "1 result".to_string()
        } else {
            format!("{shown} results")
        };
        ui.label(egui::RichText::new(count).weak());
        let selected = app.selection().count();
        if selected > 0 {
            ui.separator();
            ui.label(format!("{selected} selected"));
            super::commands::add(
                ui,
                app,
                egui::Button::new("Clear").small(),
                Command::Selection(SelectionCommand::ClearSelection),
                out,
            );
        } else if let Some(cleared) = app.selection().cleared() {
            ui.separator();
            super::commands::add(
                ui,
                app,
                egui::Button::new(format!("Bring back the selection ({})", cleared.count()))
                    .small(),
                Command::Selection(SelectionCommand::RestoreSelection),
                out,
            );
        }
        if total > 0 && !app.selection().is_all_matching() {
            super::commands::add(
                ui,
                app,
                egui::Button::new("Select all matching").small(),
                Command::Selection(SelectionCommand::SelectAllMatching),
                out,
            );
        }
        if let [kind] = app.spec().filters.kinds.as_slice()
            && !app.spec().filters.trash
            && *kind != RecordKind::Link
        {
            super::commands::add(
                ui,
                app,
                egui::Button::new(format!("New {}", kind.label().to_lowercase())).small(),
                Command::Form(FormCommand::NewRecord(*kind)),
                out,
            );
        }
    });
}

/// Marks the row of the open record (a bar at the title's left edge): opening a record no
/// longer selects it, so the open one needs a mark of its own.
fn open_mark(ui: &mut egui::Ui) {
    let rect = ui.max_rect();
    let bar = egui::Rect::from_min_size(
        egui::pos2(rect.left(), rect.top() + 2.0),
        egui::vec2(4.0, (rect.height() - 4.0).max(2.0)),
    );
    ui.painter()
        .rect_filled(bar, 1.0, ui.visuals().selection.stroke.color);
    // The title starts after the mark.
    ui.add_space(6.0);
}
