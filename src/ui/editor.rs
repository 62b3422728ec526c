//! Editing a record: a form per kind with validation as you type (the problem is shown under
//! its field and Save stays disabled), live meaning of date fields ("2025-07: July 2025",
//! "Tuesday → 2025-09-09"), pickers for every reference, and editors for aliases,
//! participants, topics and citations (with the cited source's grade beside it).

use super::picker::{Pickers, pick};
use crate::app::draft::{
    AliasDraft, Chosen, CitationDraft, Draft, Fields, ParticipantDraft, Problem,
};
use crate::app::{App, Command};
use crate::model::{
    ActorKind, AliasKind, Credibility, MeetingKind, RecordKind, Reliability, Role, SourceKind,
    StatementKind,
};

/// Draws the form over a copy of the app's draft. What the user typed comes back as one
/// `UpdateDraft` command, before the buttons' commands, so Save saves what was typed.
pub fn show(ui: &mut egui::Ui, app: &App, pickers: &mut Pickers, out: &mut Vec<Command>) {
    let Some(original) = app.draft() else {
        return;
    };
    let mut draft = original.clone();
    let mut actions: Vec<Command> = Vec::new();
    let problems = draft.problems();
    // A form that just opened puts the cursor in its first field.
    let serial_id = egui::Id::unique("editor-serial");
    if ui.data(|d| d.get_temp::<u64>(serial_id)) != Some(app.draft_serial()) {
        ui.data_mut(|d| {
            d.insert_temp(serial_id, app.draft_serial());
            d.insert_temp(egui::Id::unique(FOCUS_FIRST), true);
        });
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let verb = if draft.is_new() { "New" } else { "Edit" };
            ui.heading(format!("{verb} {}", draft.kind().label().to_lowercase()));
            ui.add_space(4.0);
            // A stacked form: each caption above its field, messages under it, all wrapping
            // inside the pane.
            let out = &mut actions;
            kind_fields(ui, app, pickers, &mut draft, &problems, out);
            field_label(ui, "Notes");
            text_area(ui, &mut draft.notes, "Notes");
            gap(ui);
            field_label(ui, "Topics");
            topics(ui, app, pickers, &mut draft.topics, out);
            gap(ui);
            ui.add_space(6.0);
            if draft.kind() != RecordKind::Source {
                citations(ui, app, pickers, &mut draft.citations, out);
                show_problem(ui, &problems, "citations");
            }
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                let ok = problems.is_empty();
                let button = ui
                    .add_enabled(ok, egui::Button::new("Save"))
                    .on_hover_text(super::commands::tooltip(ui.ctx(), &Command::SaveDraft));
                if !ok {
                    button.on_disabled_hover_text("Fix the fields marked in red first");
                } else if button.clicked() {
                    out.push(Command::SaveDraft);
                }
                if ui.button("Cancel").clicked() {
                    out.push(Command::CancelDraft);
                }
            });
            if !problems.is_empty() {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!(
                        "Cannot save yet: {}",
                        problems
                            .iter()
                            .map(|p| p.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                );
            }
        });
    if draft != *original {
        out.push(Command::UpdateDraft(Box::new(draft)));
    }
    out.extend(actions);
}

const FOCUS_FIRST: &str = "editor-focus-first-field";

/// True once after a new form opens: the first text field takes the keyboard focus.
fn take_focus_request(ui: &mut egui::Ui) -> bool {
    let id = egui::Id::unique(FOCUS_FIRST);
    ui.data_mut(|d| d.remove_temp::<bool>(id)).unwrap_or(false)
}

fn field_label(ui: &mut egui::Ui, name: &str) {
    ui.label(egui::RichText::new(name).weak().small());
}

fn show_problem(ui: &mut egui::Ui, problems: &[Problem], field: &str) {
    for p in problems.iter().filter(|p| p.field == field) {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {}", p.message));
    }
}

fn line(ui: &mut egui::Ui, value: &mut String, name: &str) -> egui::Response {
    ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
        .accessible_name(name)
}

fn text_area(ui: &mut egui::Ui, value: &mut String, name: &str) {
    ui.add(
        egui::TextEdit::multiline(value)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .accessible_name(name);
}

/// Space between one field and the next caption.
fn gap(ui: &mut egui::Ui) {
    ui.add_space(6.0);
}

/// A message under a field.
fn note_row(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    add(ui);
}

fn problem_rows(ui: &mut egui::Ui, problems: &[Problem], field: &str) {
    for p in problems.iter().filter(|p| p.field == field) {
        note_row(ui, |ui| {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {}", p.message));
        });
    }
}

/// A text field, with its problem in the row under it. `focus` puts the cursor in it.
fn text_row(ui: &mut egui::Ui, name: &str, field: &str, value: &mut String, problems: &[Problem]) {
    field_label(ui, name);
    let response = line(ui, value, name);
    if take_focus_request(ui) {
        response.request_focus();
    }
    gap(ui);
    problem_rows(ui, problems, field);
}

/// A date field, with its live meaning or the reason it cannot be read in the row under it.
fn date_row(ui: &mut egui::Ui, draft_anchor: &Draft, name: &str, field: &str, value: &mut String) {
    field_label(ui, name);
    line(ui, value, name).on_hover_text(
        "YYYY, YYYY-MM, YYYY-MM-DD, 2025-07~ (about), A/B (between), or words: \
         Tuesday, yesterday, last month, late July, earlier this year",
    );
    gap(ui);
    match draft_anchor.date_meaning(value) {
        Some(Ok(meaning)) => note_row(ui, |ui| {
            ui.label(egui::RichText::new(meaning).color(ui.visuals().hyperlink_color));
        }),
        Some(Err(reason)) => note_row(ui, |ui| {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {field}: {reason}"));
        }),
        None => {}
    }
}

fn choice<T: Copy + PartialEq + std::fmt::Display>(
    ui: &mut egui::Ui,
    id: &str,
    name: &str,
    value: &mut T,
    all: &[T],
) {
    field_label(ui, name);
    egui::ComboBox::from_id_salt(id)
        .selected_text(value.to_string())
        .show_ui(ui, |ui| {
            for v in all {
                ui.selectable_value(value, *v, v.to_string());
            }
        })
        .response
        .accessible_name(name);
    gap(ui);
}

#[allow(clippy::too_many_arguments)]
fn picker_row(
    ui: &mut egui::Ui,
    app: &App,
    pickers: &mut Pickers,
    name: &str,
    kinds: &[RecordKind],
    create: Option<RecordKind>,
    value: &mut Option<Chosen>,
    problems: &[Problem],
    field: &str,
    out: &mut Vec<Command>,
) {
    field_label(ui, name);
    ui.vertical(|ui| {
        pick(
            ui,
            app,
            pickers,
            egui::Id::unique(("picker", name)),
            name,
            kinds,
            create,
            value,
            out,
        );
        show_problem(ui, problems, field);
    });
    gap(ui);
}

fn kind_fields(
    ui: &mut egui::Ui,
    app: &App,
    pickers: &mut Pickers,
    draft: &mut Draft,
    problems: &[Problem],
    out: &mut Vec<Command>,
) {
    let anchor_view = draft.clone();
    match &mut draft.fields {
        Fields::Actor {
            name,
            kind,
            description,
            aliases,
        } => {
            text_row(ui, "Name", "name", name, problems);
            choice(ui, "actor-kind", "Actor kind", kind, ActorKind::ALL);
            field_label(ui, "Description");
            text_area(ui, description, "Description");
            gap(ui);
            field_label(ui, "Aliases");
            ui.vertical(|ui| alias_rows(ui, aliases));
            gap(ui);
        }
        Fields::Meeting {
            title,
            kind,
            date,
            end_date,
            place,
            summary,
            participants,
        } => {
            text_row(ui, "Title", "title", title, problems);
            choice(ui, "meeting-kind", "Meeting kind", kind, MeetingKind::ALL);
            date_row(ui, &anchor_view, "Date", "date", date);
            date_row(ui, &anchor_view, "End date", "end date", end_date);
            picker_row(
                ui,
                app,
                pickers,
                "Place",
                &[RecordKind::Place],
                Some(RecordKind::Place),
                place,
                problems,
                "place",
                out,
            );
            field_label(ui, "Summary");
            text_area(ui, summary, "Summary");
            gap(ui);
            field_label(ui, "Participants");
            ui.vertical(|ui| participant_rows(ui, app, pickers, participants, out));
            gap(ui);
        }
        Fields::Statement {
            text,
            kind,
            speaker,
            meeting,
            date,
            lang,
            hedge,
        } => {
            field_label(ui, "Text");
            let response = ui
                .add(
                    egui::TextEdit::multiline(text)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .accessible_name("Text");
            if take_focus_request(ui) {
                response.request_focus();
            }
            gap(ui);
            problem_rows(ui, problems, "text");
            choice(
                ui,
                "statement-kind",
                "Statement kind",
                kind,
                StatementKind::ALL,
            );
            picker_row(
                ui,
                app,
                pickers,
                "Speaker",
                &[RecordKind::Actor],
                Some(RecordKind::Actor),
                speaker,
                problems,
                "speaker",
                out,
            );
            picker_row(
                ui,
                app,
                pickers,
                "Meeting",
                &[RecordKind::Meeting],
                None,
                meeting,
                problems,
                "meeting",
                out,
            );
            date_row(ui, &anchor_view, "Date", "date", date);
            text_row(ui, "Hedge", "hedge", hedge, problems);
            text_row(ui, "Language", "lang", lang, problems);
        }
        Fields::Source {
            title,
            kind,
            outlet,
            url,
            author,
            published,
            accessed,
            reliability,
        } => {
            text_row(ui, "Title", "title", title, problems);
            choice(ui, "source-kind", "Source kind", kind, SourceKind::ALL);
            text_row(ui, "Outlet", "outlet", outlet, problems);
            text_row(ui, "Author", "author", author, problems);
            text_row(ui, "URL", "url", url, problems);
            date_row(ui, &anchor_view, "Published", "published", published);
            date_row(ui, &anchor_view, "Accessed", "accessed", accessed);
            field_label(ui, "Reliability");
            egui::ComboBox::from_id_salt("reliability")
                .selected_text(reliability.map_or("not graded", |g| g.label()))
                .width(240.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(reliability, None, "not graded");
                    for g in Reliability::ALL {
                        ui.selectable_value(reliability, Some(*g), g.label());
                    }
                })
                .response
                .accessible_name("Reliability");
            gap(ui);
        }
        Fields::Place {
            name,
            parent,
            lat,
            lon,
        } => {
            text_row(ui, "Name", "name", name, problems);
            picker_row(
                ui,
                app,
                pickers,
                "Inside",
                &[RecordKind::Place],
                Some(RecordKind::Place),
                parent,
                problems,
                "parent",
                out,
            );
            text_row(ui, "Latitude", "latitude", lat, problems);
            text_row(ui, "Longitude", "longitude", lon, problems);
        }
        Fields::Topic { name } => text_row(ui, "Name", "name", name, problems),
        Fields::Link {
            from,
            relation,
            to,
            date_from,
            date_to,
        } => {
            picker_row(
                ui,
                app,
                pickers,
                "From",
                &[],
                None,
                from,
                problems,
                "from",
                out,
            );
            text_row(ui, "Relation", "relation", relation, problems);
            picker_row(ui, app, pickers, "To", &[], None, to, problems, "to", out);
            date_row(ui, &anchor_view, "From date", "from date", date_from);
            date_row(ui, &anchor_view, "To date", "to date", date_to);
        }
    }
}

fn alias_rows(ui: &mut egui::Ui, aliases: &mut Vec<AliasDraft>) {
    let mut remove = None;
    for (i, alias) in aliases.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut alias.name).desired_width(160.0))
                .accessible_name(format!("Alias {}", i + 1));
            egui::ComboBox::from_id_salt(("alias-kind", i))
                .selected_text(alias.kind.label())
                .width(110.0)
                .show_ui(ui, |ui| {
                    for k in AliasKind::ALL {
                        ui.selectable_value(&mut alias.kind, *k, k.label());
                    }
                });
            ui.add(
                egui::TextEdit::singleline(&mut alias.lang)
                    .hint_text("lang")
                    .desired_width(36.0),
            )
            .accessible_name(format!("Alias {} language", i + 1));
            if ui
                .small_button("✖")
                .accessible_name(format!("Remove alias {}", i + 1))
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        aliases.remove(i);
    }
    if ui.small_button("Add alias").clicked() {
        aliases.push(AliasDraft {
            name: String::new(),
            kind: AliasKind::Transliteration,
            lang: String::new(),
        });
    }
}

fn participant_rows(
    ui: &mut egui::Ui,
    app: &App,
    pickers: &mut Pickers,
    participants: &mut Vec<ParticipantDraft>,
    out: &mut Vec<Command>,
) {
    let mut remove = None;
    for (i, p) in participants.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let n = i + 1;
            ui.horizontal(|ui| {
                pick(
                    ui,
                    app,
                    pickers,
                    egui::Id::unique(("participant", i)),
                    &format!("Participant {n}"),
                    &[RecordKind::Actor],
                    Some(RecordKind::Actor),
                    &mut p.actor,
                    out,
                );
                if ui
                    .small_button("✖")
                    .accessible_name(format!("Remove participant {n}"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt(("role", i))
                    .selected_text(p.role.label())
                    .show_ui(ui, |ui| {
                        for r in Role::ALL {
                            ui.selectable_value(&mut p.role, *r, r.label());
                        }
                    })
                    .response
                    .accessible_name(format!("Role {n}"));
                ui.add(
                    egui::TextEdit::singleline(&mut p.title_at_time)
                        .hint_text("title at the time")
                        .desired_width(170.0),
                )
                .accessible_name(format!("Title at the time {n}"));
            });
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("represents").weak());
                pick(
                    ui,
                    app,
                    pickers,
                    egui::Id::unique(("represents", i)),
                    &format!("Represents {n}"),
                    &[RecordKind::Actor],
                    Some(RecordKind::Actor),
                    &mut p.represents,
                    out,
                );
            });
        });
    }
    if let Some(i) = remove {
        participants.remove(i);
    }
    if ui.small_button("Add participant").clicked() {
        participants.push(ParticipantDraft {
            actor: None,
            role: Role::Member,
            title_at_time: String::new(),
            represents: None,
        });
    }
}

fn topics(
    ui: &mut egui::Ui,
    app: &App,
    pickers: &mut Pickers,
    topics: &mut Vec<Chosen>,
    out: &mut Vec<Command>,
) {
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        for (i, t) in topics.iter().enumerate() {
            if ui
                .small_button(format!("# {} ✖", t.label))
                .on_hover_text("Remove topic")
                .clicked()
            {
                remove = Some(i);
            }
        }
    });
    if let Some(i) = remove {
        topics.remove(i);
    }
    let mut added = None;
    pick(
        ui,
        app,
        pickers,
        egui::Id::unique("topic-picker"),
        "Add topic",
        &[RecordKind::Topic],
        Some(RecordKind::Topic),
        &mut added,
        out,
    );
    if let Some(t) = added
        && !topics.iter().any(|x| x.uuid == t.uuid)
    {
        topics.push(t);
    }
}

/// The citations editor.
fn citations(
    ui: &mut egui::Ui,
    app: &App,
    pickers: &mut Pickers,
    citations: &mut Vec<CitationDraft>,
    out: &mut Vec<Command>,
) {
    ui.strong("Sources cited");
    let mut remove = None;
    for (i, c) in citations.iter_mut().enumerate() {
        let n = i + 1;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("{n}."));
                pick(
                    ui,
                    app,
                    pickers,
                    egui::Id::unique(("cite-source", i)),
                    &format!("Source {n}"),
                    &[RecordKind::Source],
                    Some(RecordKind::Source),
                    &mut c.source,
                    out,
                );
                if let Some(source) = &c.source
                    && let Some(grade) = app.draft_grade(source.uuid)
                {
                    ui.label(egui::RichText::new(format!("[{}]", grade.letter())).strong())
                        .on_hover_text(grade.label());
                }
                if ui
                    .small_button("✖")
                    .accessible_name(format!("Remove source {n}"))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut c.locator)
                        .hint_text("para. 4, p. 2, 12:30")
                        .desired_width(120.0),
                )
                .accessible_name(format!("Locator {n}"));
                egui::ComboBox::from_id_salt(("credibility", i))
                    .selected_text(c.credibility.map_or("credibility —".to_string(), |v| {
                        format!("credibility {v}")
                    }))
                    .width(130.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut c.credibility, None, "not judged");
                        for v in 1..=6u8 {
                            let label = Credibility::new(v).map(|c| c.label()).unwrap_or("");
                            ui.selectable_value(&mut c.credibility, Some(v), label);
                        }
                    })
                    .response
                    .accessible_name(format!("Credibility {n}"));
            });
            ui.add(
                egui::TextEdit::singleline(&mut c.excerpt)
                    .hint_text("excerpt")
                    .desired_width(f32::INFINITY),
            )
            .accessible_name(format!("Excerpt {n}"));
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("via").weak());
                pick(
                    ui,
                    app,
                    pickers,
                    egui::Id::unique(("cite-via", i)),
                    &format!("Via {n}"),
                    &[RecordKind::Source],
                    Some(RecordKind::Source),
                    &mut c.via,
                    out,
                );
            });
        });
    }
    if let Some(i) = remove {
        citations.remove(i);
    }
    if ui.small_button("Cite a source").clicked() {
        citations.push(CitationDraft {
            source: None,
            locator: String::new(),
            excerpt: String::new(),
            credibility: None,
            via: None,
        });
    }
}
