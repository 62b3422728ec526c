//! The duplicate review in the main area: the pair shown as two records side by side, field
//! by field, with what refers to each and why they may be one, and the three answers. It is
//! keyboard-first: S, N and U answer (same, not the same, not sure), the arrow keys move
//! between pairs. It reads the app and returns commands.

use super::text::visual;
use crate::app::{App, Command, DuplicateCommand, PairSide, RecordCommand};
use crate::model::RecordKind;
use crate::model::judgement::Verdict;
use crate::model::merge_fields::{FieldValue, single_fields};
use crate::model::{Record, RecordKind as Kind};
use egui::{Key, RichText};

/// Draws the review.
pub fn show(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    take_keyboard_when_shown(ui.ctx());
    let queue = app.duplicate_queue();
    ui.horizontal(|ui| {
        ui.heading("Duplicates");
        match queue {
            Some(q) => {
                ui.label(
                    RichText::new(format!(
                        "{} to review · {} kept aside",
                        q.pending.len(),
                        q.aside.len()
                    ))
                    .weak(),
                );
            }
            None => {
                ui.spinner();
            }
        }
        if app.scanning_duplicates() && queue.is_some() {
            ui.spinner().on_hover_text("Looking for duplicates again");
        }
    });
    ui.add_space(4.0);
    let Some((at, shown)) = app.pair_shown() else {
        ui.add_space(20.0);
        let text = if queue.is_none() {
            "Looking for records that may be one…"
        } else {
            "No likely duplicates. Pairs show here when two actors, places, topics or \
             sources may be one — the same name in another script or spelling, an alias \
             of one that is the name of the other."
        };
        ui.label(RichText::new(text).weak());
        return;
    };
    let total = queue.map_or(0, |q| q.all().count());
    let pending = queue.map_or(0, |q| q.pending.len());
    keys(ui, app, at, total, shown, out);
    let pair = &shown.pair;
    ui.horizontal_wrapped(|ui| {
        let place = if at < pending {
            format!("Pair {} of {pending}", at + 1)
        } else {
            format!("Kept aside: {} of {}", at - pending + 1, total - pending)
        };
        ui.strong(place);
        ui.label(
            RichText::new(format!(
                "{} · {} likely",
                pair.kind.label(),
                percent(pair.score)
            ))
            .weak(),
        );
    });
    for reason in &pair.reasons {
        ui.label(visual(&format!("• {reason}")));
    }
    if let Some(noted) = &pair.noted {
        ui.label(
            RichText::new(format!(
                "Noted as “not sure” by {} on {}",
                noted.author,
                noted.at.strftime("%Y-%m-%d")
            ))
            .weak(),
        );
    }
    ui.add_space(8.0);
    answers(ui, app, at, total, shown, out);
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("duplicate-pair")
        .auto_shrink([false, false])
        .show(ui, |ui| side_by_side(ui, &shown.sides, out));
}

/// The review answers by single keys: when it comes into view (from the sidebar, a shortcut
/// typed in the search box, the palette), no text field keeps the keyboard.
fn take_keyboard_when_shown(ctx: &egui::Context) {
    let id = egui::Id::unique("duplicates-shown-frame");
    let frame = ctx.cumulative_frame_nr();
    let last: Option<u64> = ctx.data(|d| d.get_temp(id));
    if last.is_none_or(|l| l + 1 < frame) {
        ctx.memory_mut(|m| m.stop_text_input());
    }
    ctx.data_mut(|d| d.insert_temp(id, frame));
}

/// "92 %".
fn percent(score: f32) -> String {
    format!("{:.0} %", (score * 100.0).clamp(0.0, 100.0))
}

/// The three answers and the moves, as buttons that name their keys.
fn answers(
    ui: &mut egui::Ui,
    app: &App,
    at: usize,
    total: usize,
    shown: &crate::app::PairShown,
    out: &mut Vec<Command>,
) {
    let (a, b) = (shown.pair.a, shown.pair.b);
    ui.horizontal_wrapped(|ui| {
        for (verdict, key, tip) in [
            (
                Verdict::Same,
                "S",
                "One record: merge them (Undo, or Separate again on the record, parts them)",
            ),
            (
                Verdict::Different,
                "N",
                "Two records: never propose this pair again",
            ),
            (Verdict::Unsure, "U", "Keep the pair aside to decide later"),
        ] {
            let command = Command::Duplicates(DuplicateCommand::Answer { a, b, verdict });
            let button = egui::Button::new(format!("{}  ({key})", verdict.label()));
            let allowed = app.can(&command);
            let response = ui.add_enabled(allowed.is_ok(), button);
            let response = match allowed {
                Ok(()) => response.on_hover_text(tip),
                Err(reason) => response.on_disabled_hover_text(reason.as_str()),
            };
            if response.accessible_name(verdict.label()).clicked() {
                out.push(command);
            }
        }
        ui.separator();
        let previous = ui
            .add_enabled(at > 0, egui::Button::new("◀ Previous"))
            .on_hover_text("The pair before (← or ↑)")
            .accessible_name("Previous pair");
        if previous.clicked() {
            out.push(Command::Duplicates(DuplicateCommand::ShowPair(at - 1)));
        }
        let next = ui
            .add_enabled(at + 1 < total, egui::Button::new("Next ▶"))
            .on_hover_text("The pair after (→ or ↓)")
            .accessible_name("Next pair");
        if next.clicked() {
            out.push(Command::Duplicates(DuplicateCommand::ShowPair(at + 1)));
        }
    });
}

/// Answers and moves from the keyboard, while no text field has it and no dialog is open.
fn keys(
    ui: &mut egui::Ui,
    app: &App,
    at: usize,
    total: usize,
    shown: &crate::app::PairShown,
    out: &mut Vec<Command>,
) {
    if ui.ctx().text_edit_focused() || app.dialog().is_some() {
        return;
    }
    let (a, b) = (shown.pair.a, shown.pair.b);
    let pressed =
        |ui: &mut egui::Ui, key: Key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    for (key, verdict) in [
        (Key::S, Verdict::Same),
        (Key::N, Verdict::Different),
        (Key::U, Verdict::Unsure),
    ] {
        if pressed(ui, key) {
            out.push(Command::Duplicates(DuplicateCommand::Answer {
                a,
                b,
                verdict,
            }));
        }
    }
    if (pressed(ui, Key::ArrowRight) || pressed(ui, Key::ArrowDown)) && at + 1 < total {
        out.push(Command::Duplicates(DuplicateCommand::ShowPair(at + 1)));
    }
    if (pressed(ui, Key::ArrowLeft) || pressed(ui, Key::ArrowUp)) && at > 0 {
        out.push(Command::Duplicates(DuplicateCommand::ShowPair(at - 1)));
    }
}

/// The two records field by field: a row per field, a column per record.
fn side_by_side(ui: &mut egui::Ui, sides: &[PairSide; 2], out: &mut Vec<Command>) {
    const GAP: f32 = 12.0;
    // The field names take less of a narrow pane (800×600: about 380 px for all three).
    let label_width = (ui.available_width() * 0.2).clamp(72.0, 100.0);
    let width = ((ui.available_width() - label_width - 2.0 * GAP) / 2.0).max(110.0);
    // One cell: left-aligned at the top of its row, wrapping in its column's width.
    let cell = |ui: &mut egui::Ui, w: f32, add: &mut dyn FnMut(&mut egui::Ui)| {
        ui.allocate_ui_with_layout(
            egui::vec2(w, 0.0),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                ui.set_width(w);
                add(ui);
            },
        );
    };
    ui.spacing_mut().item_spacing.x = GAP;
    ui.horizontal_top(|ui| {
        cell(ui, label_width, &mut |_| {});
        for side in sides {
            let record = &side.view.record;
            cell(ui, width, &mut |ui| {
                ui.add(
                    egui::Label::new(RichText::new(visual(record.name())).strong().size(16.0))
                        .wrap(),
                );
                let open = ui
                    .link("Open")
                    .on_hover_text("Open this record in the detail pane")
                    .accessible_name(format!("Open {}", record.name()));
                if open.clicked() {
                    out.push(Command::Record(RecordCommand::OpenRecord(record.uuid())));
                }
            });
        }
    });
    for (field, values) in rows(sides) {
        ui.separator();
        let differ = values[0] != values[1] && !values[0].is_empty() && !values[1].is_empty();
        ui.horizontal_top(|ui| {
            cell(ui, label_width, &mut |ui| {
                ui.label(RichText::new(field).weak());
            });
            for value in &values {
                let text = if value.is_empty() {
                    "—"
                } else {
                    value.as_str()
                };
                let mut rich = RichText::new(visual(text));
                if differ {
                    rich = rich.strong();
                }
                cell(ui, width, &mut |ui| {
                    ui.add(egui::Label::new(rich.clone()).wrap());
                });
            }
        });
    }
}

/// The rows of the comparison: each field's value on either side.
fn rows(sides: &[PairSide; 2]) -> Vec<(&'static str, [String; 2])> {
    let both = |f: &dyn Fn(&PairSide) -> String| [f(&sides[0]), f(&sides[1])];
    let mut rows = vec![
        ("Also known as", both(&|s| other_names(&s.view.record, s))),
        ("Referred to by", both(&|s| references(&s.references))),
    ];
    let labels: Vec<&'static str> = single_fields(&sides[0].view.record)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    for label in labels {
        rows.push((
            label,
            both(&|s| {
                single_fields(&s.view.record)
                    .into_iter()
                    .find(|(f, _)| *f == label)
                    .and_then(|(_, v)| v)
                    .map(|v| match v {
                        FieldValue::Text(t) => t,
                        FieldValue::Reference(u) => s.view.label(u),
                    })
                    .unwrap_or_default()
            }),
        ));
    }
    rows.push((
        "Added",
        both(&|s| {
            s.view
                .record
                .meta()
                .created_at
                .strftime("%Y-%m-%d")
                .to_string()
        }),
    ));
    let notes = both(&|s| s.view.record.meta().notes.clone());
    if notes.iter().any(|n| !n.trim().is_empty()) {
        rows.push(("Notes", notes));
    }
    rows
}

/// A record's other names, and the names of records already merged into it.
fn other_names(record: &Record, side: &PairSide) -> String {
    let mut names: Vec<String> = record
        .names()
        .into_iter()
        .skip(1)
        .map(str::to_string)
        .collect();
    if let Some(cluster) = &side.view.cluster {
        for member in cluster.merged() {
            names.push(format!("{} (merged)", member.record.name()));
        }
    }
    names.join(" · ")
}

/// "12 statements, 4 meetings", or "nothing yet".
fn references(counts: &[(RecordKind, i64)]) -> String {
    if counts.is_empty() {
        return "nothing yet".into();
    }
    counts
        .iter()
        .map(|(kind, n)| {
            let noun = match (kind, *n == 1) {
                (Kind::Statement, true) => "statement",
                (Kind::Statement, false) => "statements",
                (Kind::Meeting, true) => "meeting",
                (Kind::Meeting, false) => "meetings",
                (Kind::Link, true) => "link",
                (Kind::Link, false) => "links",
                (Kind::Place, true) => "place",
                (Kind::Place, false) => "places",
                (Kind::Source, true) => "source",
                (Kind::Source, false) => "sources",
                (Kind::Actor, true) => "actor",
                (Kind::Actor, false) => "actors",
                (Kind::Topic, true) => "topic",
                (Kind::Topic, false) => "topics",
            };
            format!("{n} {noun}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}
