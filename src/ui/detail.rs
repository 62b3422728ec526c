//! The detail pane for the open record: its fields in words, its citations with the
//! attribution chain and grades, what it refers to and its backlinks as clickable chips, and
//! the actions Edit, Add to selection, Delete (to the Trash) and Restore, returned as commands.

use super::text::visual;
use crate::app::{App, Command, Opened};
use crate::app::{ExchangeCommand, FormCommand, RecordCommand, SelectionCommand};
use crate::model::{PartialDate, Record};
use uuid::Uuid;

pub fn show(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let Some(opened) = app.opened() else {
        ui.add_space(20.0);
        ui.label(egui::RichText::new("Select a record to see it here.").weak());
        return;
    };
    let mut open: Option<Uuid> = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(egui::RichText::new(opened.record.kind().label()).weak());
            ui.heading(visual(&opened.title));
            ui.horizontal_wrapped(|ui| {
                if opened.is_deleted() {
                    ui.colored_label(ui.visuals().warn_fg_color, "In the Trash");
                    button(
                        ui,
                        app,
                        Command::Record(RecordCommand::RestoreOpened),
                        "Restore",
                        out,
                    )
                    .accessible_name("Restore this record");
                } else {
                    button(ui, app, Command::Form(FormCommand::EditOpened), "Edit", out)
                        .accessible_name("Edit this record");
                    if app.selection().contains(&opened.record.uuid()) {
                        ui.label(egui::RichText::new("✔ selected").weak());
                    } else {
                        button(
                            ui,
                            app,
                            Command::Selection(SelectionCommand::AddOpenedToSelection),
                            "Add to selection",
                            out,
                        );
                    }
                    button(
                        ui,
                        app,
                        Command::Exchange(ExchangeCommand::ExportOpened),
                        "Export…",
                        out,
                    )
                    .accessible_name("Export this record");
                    if app.team_status().is_some() {
                        button(
                            ui,
                            app,
                            Command::Team(crate::app::TeamCommand::ShowHistory),
                            "History…",
                            out,
                        )
                        .accessible_name("History of this record");
                    }
                    button(
                        ui,
                        app,
                        Command::Record(RecordCommand::DeleteOpened),
                        "Delete",
                        out,
                    )
                    .accessible_name("Delete this record");
                }
            });
            ui.separator();
            fields(ui, opened, &mut open);
            super::merged::show(ui, app, opened, out);
            citations(ui, opened, &mut open);
            references(ui, opened, &mut open, out);
            ui.add_space(8.0);
            ui.label(
                egui::RichText::new(format!("uuid {}", opened.record.uuid()))
                    .small()
                    .weak(),
            );
        });
    if let Some(uuid) = open {
        out.push(Command::Record(RecordCommand::OpenRecord(uuid)));
    }
}

fn button(
    ui: &mut egui::Ui,
    app: &App,
    command: Command,
    text: &str,
    out: &mut Vec<Command>,
) -> egui::Response {
    super::commands::button(ui, app, command, Some(text), out)
}

fn row(ui: &mut egui::Ui, name: &str, value: &str) {
    if value.trim().is_empty() {
        return;
    }
    if crate::model::bidi::has_rtl(value) && value.chars().count() > 40 {
        // A long text in Arabic: its lines are put in reading order one by one.
        ui.label(egui::RichText::new(format!("{name}:")).weak());
        super::text::paragraph(ui, value, |t| egui::RichText::new(t));
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(format!("{name}:")).weak());
        ui.label(visual(value));
    });
}

fn date_row(ui: &mut egui::Ui, name: &str, date: &Option<PartialDate>) {
    if let Some(d) = date {
        row(ui, name, &d.spelled());
    }
}

/// A clickable record reference; long labels are shortened, in full on hover.
fn chip(ui: &mut egui::Ui, label: &str, uuid: Uuid, open: &mut Option<Uuid>) {
    let short = crate::model::record::truncate(label, 48);
    let hover = if short == label {
        "Open".to_string()
    } else {
        format!("{label}\n(click to open)")
    };
    if ui
        .add(egui::Button::new(visual(&short)).small().corner_radius(8.0))
        .accessible_name(label)
        .on_hover_text(hover)
        .clicked()
    {
        *open = Some(uuid);
    }
}

fn fields(ui: &mut egui::Ui, opened: &Opened, open: &mut Option<Uuid>) {
    let label = |u: Uuid| opened.label(u);
    match &opened.record {
        Record::Actor(a) => {
            row(ui, "Kind", a.kind.label());
            row(ui, "Description", &a.description);
            if !a.aliases.is_empty() {
                ui.label(egui::RichText::new("Also known as:").weak());
                for alias in &a.aliases {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(visual(&alias.name));
                        let lang = if alias.lang.is_empty() {
                            String::new()
                        } else {
                            format!(", {}", alias.lang)
                        };
                        ui.label(
                            egui::RichText::new(format!(
                                "({}{lang})",
                                alias.kind.label().to_lowercase()
                            ))
                            .weak(),
                        );
                    });
                }
            }
        }
        Record::Meeting(m) => {
            row(ui, "Kind", m.kind.label());
            date_row(ui, "Date", &m.date);
            date_row(ui, "Until", &m.end_date);
            if let Some(place) = m.place {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new("Place:").weak());
                    chip(ui, &label(place), place, open);
                });
            }
            row(ui, "Summary", &m.summary);
            if !m.participants.is_empty() {
                ui.label(egui::RichText::new("Participants:").weak());
                // One wrapping line per participant: a narrow pane wraps it, never cuts it.
                for p in &m.participants {
                    ui.horizontal_wrapped(|ui| {
                        chip(ui, &label(p.actor), p.actor, open);
                        let role = if p.title_at_time.is_empty() {
                            p.roles_label()
                        } else {
                            format!("{} — {}", p.roles_label(), p.title_at_time)
                        };
                        ui.label(visual(&role));
                        if let Some(rep) = p.represents {
                            ui.label(egui::RichText::new("for").weak());
                            chip(ui, &label(rep), rep, open);
                        }
                    });
                }
            }
        }
        Record::Statement(s) => {
            super::text::paragraph(ui, &format!("“{}”", s.text), |t| {
                egui::RichText::new(t).size(15.0)
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(s.kind.label()).strong());
                if !s.hedge.is_empty() {
                    ui.label(egui::RichText::new(visual(&format!("({})", s.hedge))).italics());
                }
                if let Some(speaker) = s.speaker {
                    ui.label(egui::RichText::new("by").weak());
                    chip(ui, &label(speaker), speaker, open);
                }
            });
            if let Some(meeting) = s.meeting {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new("At:").weak());
                    chip(ui, &label(meeting), meeting, open);
                });
            }
            date_row(ui, "Date", &s.date);
            row(
                ui,
                "Language",
                &crate::model::language::language_name(&s.lang),
            );
        }
        Record::Source(s) => {
            row(ui, "Kind", s.kind.label());
            row(ui, "Outlet", &s.outlet);
            row(ui, "Author", &s.author);
            row(ui, "URL", &s.url);
            date_row(ui, "Published", &s.published);
            date_row(ui, "Accessed", &s.accessed);
            if let Some(g) = s.reliability {
                row(ui, "Reliability", g.label());
            }
            if !s.text.is_empty() {
                // The captured text, numbered as citations' locators count ("para. 4").
                let paragraphs: Vec<&str> =
                    s.text.lines().filter(|l| !l.trim().is_empty()).collect();
                egui::CollapsingHeader::new(format!("Full text ({} paragraphs)", paragraphs.len()))
                    .id_salt("source-full-text")
                    .default_open(true)
                    .show(ui, |ui| {
                        for (i, p) in paragraphs.iter().enumerate() {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(
                                    egui::RichText::new(format!("{}", i + 1)).weak().monospace(),
                                );
                                ui.label(visual(p));
                            });
                        }
                    });
            }
        }
        Record::Place(p) => {
            if let Some(parent) = p.parent {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new("Inside:").weak());
                    chip(ui, &label(parent), parent, open);
                });
            }
            if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
                row(ui, "Coordinates", &format!("{lat:.4}, {lon:.4}"));
            }
        }
        Record::Topic(_) => {}
        Record::Link(l) => {
            ui.horizontal_wrapped(|ui| {
                chip(ui, &label(l.from), l.from, open);
                ui.label(egui::RichText::new(visual(&l.relation)).strong());
                chip(ui, &label(l.to), l.to, open);
            });
            date_row(ui, "From", &l.date_from);
            date_row(ui, "To", &l.date_to);
        }
    }
    let meta = opened.record.meta();
    for (field, value) in meta.plain.described(opened.record.kind()) {
        if field.lines == crate::model::Lines::Many && value.contains('\n') {
            // Paragraphs under their label, each line starting at the same edge.
            ui.label(egui::RichText::new(format!("{}:", field.label)).weak());
            super::text::paragraph(ui, value, |t| egui::RichText::new(t));
        } else {
            row(ui, field.label, value);
        }
    }
    if !meta.topics.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Topics:").weak());
            for t in &meta.topics {
                chip(ui, &format!("# {}", label(*t)), *t, open);
            }
        });
    }
    row(ui, "Notes", &meta.notes);
}

fn citations(ui: &mut egui::Ui, opened: &Opened, open: &mut Option<Uuid>) {
    let cites = &opened.record.meta().citations;
    if cites.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong("Sources");
    for (i, c) in cites.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}.", i + 1));
            chip(ui, &opened.label(c.source), c.source, open);
            if let Some(g) = opened.grades.get(&c.source) {
                ui.label(egui::RichText::new(format!("[{}]", g.letter())).strong())
                    .on_hover_text(g.label());
            }
            if let Some(via) = c.via {
                ui.label(egui::RichText::new("via").weak());
                chip(ui, &opened.label(via), via, open);
                if let Some(g) = opened.grades.get(&via) {
                    ui.label(egui::RichText::new(format!("[{}]", g.letter())))
                        .on_hover_text(g.label());
                }
            }
            if !c.locator.is_empty() {
                ui.label(egui::RichText::new(visual(&c.locator)).weak());
            }
            if let Some(cred) = c.credibility {
                ui.label(format!("credibility {}", cred.value()))
                    .on_hover_text(cred.label());
            }
        });
        if !c.excerpt.is_empty() {
            ui.label(
                egui::RichText::new(visual(&format!("“{}”", c.excerpt)))
                    .italics()
                    .weak(),
            );
        }
    }
}

fn references(ui: &mut egui::Ui, opened: &Opened, open: &mut Option<Uuid>, out: &mut Vec<Command>) {
    let outgoing: Vec<_> = opened.links().collect();
    if !outgoing.is_empty() {
        ui.add_space(6.0);
        ui.strong("Links");
        for e in outgoing {
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(&e.relation).weak());
                chip(ui, &e.other.title, e.other.uuid, open);
            });
        }
    }
    if !opened.backlinks.is_empty() {
        ui.add_space(6.0);
        ui.strong("Referred to by");
        for group in &opened.backlinks {
            ui.label(egui::RichText::new(format!("{} ({})", group.relation, group.total)).weak());
            ui.horizontal_wrapped(|ui| {
                for e in &group.items {
                    chip(ui, &e.other.title, e.other.uuid, open);
                }
                if group.has_more() {
                    let left = group.total - group.items.len();
                    let next = left.min(crate::store::BACKLINK_PAGE);
                    if ui
                        .small_button(format!("Show {next} more (of {left})"))
                        .clicked()
                    {
                        out.push(Command::Record(RecordCommand::ShowMoreBacklinks(
                            group.relation.clone(),
                        )));
                    }
                }
            });
        }
    }
}
