//! The team's views: the status bar's "Team: …" label (a click opens the Team window), the
//! banner of a copy whose role may only read, the Team window (the team's status and Sync
//! now; Share and Join with a typed address; each conflict with its fields side by side —
//! common version, theirs, mine — and Keep mine, Take theirs or Save merged), and a record's
//! History window (each version's time, author and changed fields, any restorable).

use super::commands;
use crate::app::{App, Command, ConflictChoice, HistoryShown, TeamCommand, WindowCommand};
use crate::model::three_way::{self, Changed};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The width of a value in a conflict's table (common version, theirs, mine).
const VALUE_WIDTH: f32 = 150.0;

/// The width of History's "What changed" column.
const CHANGE_WIDTH: f32 = 300.0;

/// What the Team window keeps between frames.
#[derive(Default)]
pub struct TeamForm {
    address: String,
    join_file: String,
    /// For each conflict, the fields changed on both sides that take theirs.
    theirs: BTreeMap<Uuid, BTreeSet<String>>,
}

/// "Team: up to date · 10:42" (and waiting changes, conflicts, offline) in the status bar;
/// false when the file is no team's copy (nothing is drawn).
pub fn status_label(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) -> bool {
    let Some(status) = app.team_status() else {
        return false;
    };
    let text = status.text();
    let colour = if status.offline_since.is_some() || status.conflicts > 0 {
        ui.visuals().warn_fg_color
    } else {
        ui.visuals().text_color()
    };
    let hover = match (&status.error, status.author.is_empty()) {
        (Some(error), _) => format!("{error}. Click for the team's window."),
        (None, false) => format!("Working as {}. Click for the team's window.", status.author),
        (None, true) => "Click for the team's window.".to_string(),
    };
    let response = ui
        .add(egui::Label::new(egui::RichText::new(text).color(colour)).sense(egui::Sense::click()))
        .on_hover_text(hover);
    if response.clicked() {
        out.push(Command::Team(TeamCommand::ShowTeam));
    }
    true
}

/// A strip under the menus saying why the file cannot be changed.
pub fn read_only_banner(ui: &mut egui::Ui, app: &App) {
    let Some(reason) = app.read_only() else {
        return;
    };
    egui::Frame::new()
        .fill(ui.visuals().warn_fg_color.gamma_multiply(0.18))
        .inner_margin(egui::Margin::symmetric(8, 4))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(format!(
                "Read-only: {reason}. You can search and export; changes cannot be saved."
            ));
        });
}

/// The Team window (File → Team → Team…).
pub fn window(ui: &mut egui::Ui, app: &App, form: &mut TeamForm, out: &mut Vec<Command>) {
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
    let mut open = true;
    super::dialog_window("Team", ui.ctx(), 60.0)
        .open(&mut open)
        .default_width(700.0)
        .max_height(ui.ctx().content_rect().height() - 100.0)
        .show(ui.ctx(), |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(task) = app.team_task() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(task);
                    });
                    if let Some((text, fraction)) = app.team_progress() {
                        ui.add(egui::ProgressBar::new(fraction).text(text));
                    }
                }
                match app.team_status() {
                    Some(status) => {
                        ui.label(status.text());
                        if let Some(address) = app.team_address() {
                            ui.label(format!("Server: {address}"));
                        }
                        if !status.author.is_empty() {
                            ui.label(format!(
                                "Working as {}{}",
                                status.author,
                                if status.can_write {
                                    ""
                                } else {
                                    " (may only read)"
                                }
                            ));
                        }
                        if let Some(error) = &status.error {
                            ui.colored_label(ui.visuals().warn_fg_color, error);
                        }
                        commands::button(
                            ui,
                            app,
                            Command::Team(TeamCommand::SyncNow),
                            Some("Sync now"),
                            out,
                        );
                        conflicts(ui, app, form, out);
                        rejected(ui, app);
                    }
                    None => share_and_join(ui, app, form, out),
                }
                ui.add_space(6.0);
                if ui.button("Close").clicked() {
                    out.push(Command::Window(WindowCommand::CloseDialog));
                }
            });
        });
    if !open {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

fn share_and_join(ui: &mut egui::Ui, app: &App, form: &mut TeamForm, out: &mut Vec<Command>) {
    ui.label("This knowledge base is not shared. A team shares one through a PostgreSQL database; each member keeps a copy here that works offline.");
    ui.label("The address is PostgreSQL's, e.g. postgresql://ana@db.example.org/desk. Passwords come from ~/.pgpass or PGPASSWORD and are never stored.");
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label("Server address");
        ui.add(
            egui::TextEdit::singleline(&mut form.address)
                .hint_text("postgresql://USER@HOST/DATABASE  or  host=… dbname=…")
                .desired_width(400.0),
        );
    });
    ui.add_space(4.0);
    ui.strong("Share this knowledge base");
    ui.label("Publishes every record into the empty database; others then join it.");
    let share = Command::Team(TeamCommand::Share {
        address: form.address.trim().to_string(),
    });
    commands::button(ui, app, share, Some("Share"), out);
    ui.add_space(6.0);
    ui.strong("Join a team");
    ui.horizontal(|ui| {
        ui.label("New file");
        ui.add(
            egui::TextEdit::singleline(&mut form.join_file)
                .hint_text("/home/ana/desk.db")
                .desired_width(300.0),
        );
    });
    let join = Command::Team(TeamCommand::Join {
        address: form.address.trim().to_string(),
        file: std::path::PathBuf::from(form.join_file.trim()),
    });
    let why_not = app.can(&join).err();
    commands::button(ui, app, join, Some("Join"), out);
    // Once something is typed, a refusal is said where it is seen, not only on hover.
    if let Some(reason) = why_not.filter(|_| !form.address.trim().is_empty()) {
        ui.colored_label(ui.visuals().warn_fg_color, reason.as_str());
    }
}

fn conflicts(ui: &mut egui::Ui, app: &App, form: &mut TeamForm, out: &mut Vec<Command>) {
    if app.team_conflicts().is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.heading("Conflicts");
    ui.label("Someone else changed these records since this copy last agreed with the team. Fields only one side changed are merged by themselves; for fields both changed, tick the ones to take from theirs.");
    for shown in app.team_conflicts() {
        let uuid = shown.conflict.uuid;
        ui.add_space(6.0);
        ui.strong(format!(
            "{} — theirs sent by {} at {}",
            shown.name,
            shown.conflict.theirs_author,
            local_time(&shown.conflict.theirs_at)
        ));
        let ticked = form.theirs.entry(uuid).or_default();
        egui::Grid::new(("conflict", uuid))
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for title in [
                    "Field",
                    "Common version",
                    "Theirs",
                    "Mine",
                    "Take theirs for",
                ] {
                    ui.strong(title);
                }
                ui.end_row();
                for row in &shown.rows {
                    ui.label(three_way::label(&row.key));
                    for value in [&row.base, &row.theirs, &row.mine] {
                        ui.allocate_ui(egui::vec2(VALUE_WIDTH, 0.0), |ui| {
                            ui.set_min_width(VALUE_WIDTH);
                            ui.add(egui::Label::new(three_way::shown(value.as_ref())).wrap());
                        });
                    }
                    match row.changed {
                        Changed::Both => {
                            let mut take = ticked.contains(&row.key);
                            ui.checkbox(&mut take, three_way::label(&row.key))
                                .on_hover_text("Take theirs for this field");
                            if take {
                                ticked.insert(row.key.clone());
                            } else {
                                ticked.remove(&row.key);
                            }
                        }
                        Changed::Theirs => {
                            ui.label("theirs");
                        }
                        Changed::Mine => {
                            ui.label("mine");
                        }
                    }
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let choices = [
                (
                    "Keep mine",
                    ConflictChoice::KeepMine,
                    "Send your version as the newest; theirs stays in History",
                ),
                (
                    "Take theirs",
                    ConflictChoice::TakeTheirs,
                    "Use their version here; Edit → Undo brings yours back",
                ),
                (
                    "Save merged",
                    ConflictChoice::Merge(ticked.clone()),
                    "Your version, with the ticked fields and the fields only they changed taken from theirs",
                ),
            ];
            for (label, choice, hover) in choices {
                let command = Command::Team(TeamCommand::Resolve { uuid, choice });
                commands::button(ui, app, command, Some(label), out).on_hover_text(hover);
            }
        });
    }
}

/// Changes from the team this copy could not take, with why (the server keeps them).
fn rejected(ui: &mut egui::Ui, app: &App) {
    let rejected = app.team_rejected();
    if rejected.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.heading("Changes not taken");
    ui.label("The team's server keeps these changes; this copy could not take them, for the reason given.");
    for (uuid, kind, reason) in rejected {
        ui.add(egui::Label::new(format!("{kind} {uuid}: {reason}")).wrap());
    }
}

/// A server time ("2026-12-05T10:42:03Z") as the local date and minute.
fn local_time(utc: &str) -> String {
    match utc.parse::<jiff::Timestamp>() {
        Ok(t) => t
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => utc.to_string(),
    }
}

/// What a version changed against the one before: each field with its new value
/// ("Description: …"), and for the tooltip each with its old and new values.
fn what_changed(before: Option<&serde_json::Value>, after: &serde_json::Value) -> (String, String) {
    let Some(before) = before else {
        return ("created".to_string(), String::new());
    };
    let keys = three_way::changed_keys(Some(before), after);
    if keys.is_empty() {
        return ("the same content again".to_string(), String::new());
    }
    let value = |doc: &serde_json::Value, key: &str| three_way::shown(doc.get(key));
    let shown: Vec<String> = keys
        .iter()
        .map(|key| {
            format!(
                "{}: {}",
                three_way::label(key),
                crate::model::record::truncate(&value(after, key), 60)
            )
        })
        .collect();
    let hover: Vec<String> = keys
        .iter()
        .map(|key| {
            format!(
                "{}: {} → {}",
                three_way::label(key),
                value(before, key),
                value(after, key)
            )
        })
        .collect();
    (shown.join("; "), hover.join("\n"))
}

/// The History window of the open record.
pub fn history(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
    let name = app
        .opened()
        .map(|o| o.record.name().to_string())
        .unwrap_or_default();
    let mut open = true;
    super::dialog_window("History", ui.ctx(), 60.0)
        .open(&mut open)
        .default_width(620.0)
        .max_height(ui.ctx().content_rect().height() - 100.0)
        .show(ui.ctx(), |ui| {
            ui.label(format!(
                "Every version of “{name}” on the team's server, oldest first."
            ));
            match app.team_history() {
                None => {}
                Some(HistoryShown::Reading(_)) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Reading the versions…");
                    });
                }
                Some(HistoryShown::Failed(_, error)) => {
                    ui.colored_label(ui.visuals().warn_fg_color, error);
                }
                Some(HistoryShown::Read(uuid, versions)) => {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        egui::Grid::new("history-grid")
                            .striped(true)
                            .num_columns(5)
                            .show(ui, |ui| {
                                for title in ["Version", "When", "Who", "What changed", ""] {
                                    ui.strong(title);
                                }
                                ui.end_row();
                                let mut before: Option<&serde_json::Value> = None;
                                let newest = versions.last().map(|v| v.version);
                                for v in versions {
                                    ui.label(v.version.to_string());
                                    ui.label(local_time(&v.at));
                                    ui.label(&v.author);
                                    let (what, hover) = what_changed(before, &v.doc);
                                    ui.allocate_ui(egui::vec2(CHANGE_WIDTH, 0.0), |ui| {
                                        ui.set_min_width(CHANGE_WIDTH);
                                        let shown = ui.add(egui::Label::new(what).wrap());
                                        if !hover.is_empty() {
                                            shown.on_hover_text(hover);
                                        }
                                    });
                                    if Some(v.version) == newest {
                                        ui.label("current");
                                    } else {
                                        let restore = Command::Team(TeamCommand::RestoreVersion {
                                            uuid: *uuid,
                                            version: v.version,
                                        });
                                        commands::button(ui, app, restore, Some("Restore"), out);
                                    }
                                    ui.end_row();
                                    before = Some(&v.doc);
                                }
                            });
                    });
                }
            }
            if ui.button("Close").clicked() {
                out.push(Command::Window(WindowCommand::CloseDialog));
            }
        });
    if !open {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}
