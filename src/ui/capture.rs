//! The capture dialog: paste a report, say what it is (title, outlet, URL, publication date —
//! a dateline in its first lines is used when none is typed), read it, and review what
//! Chancery found: the text with numbered paragraphs and its marks (names the file knows,
//! new names, dates with the value they would store, speech, the report's own source), the
//! new names (each created as a kind, or taken for a record of the file with a picker), and
//! the proposed records (each kept or dropped; clicking one highlights the words it came
//! from). Save writes the kept ones in one step. The rules run in `exchange::capture`, the
//! same code as `chancery capture`.

use super::picker::{Picker, Pickers};
use crate::app::capture::{CaptureInput, CaptureSession, Proposed};
use crate::app::draft::Chosen;
use crate::app::{App, Command};
use crate::app::{CaptureCommand, WindowCommand};
use crate::model::Record;
use crate::model::capture::drafts::Capture;
use crate::model::capture::names::Guess;
use crate::model::capture::review::{DraftKey, Mark, NameChoice};

pub fn window(
    ui: &mut egui::Ui,
    app: &App,
    input: &mut CaptureInput,
    pickers: &mut Pickers,
    out: &mut Vec<Command>,
) {
    let mut open = true;
    let size = ui.ctx().content_rect().size();
    super::dialog_window("Capture from text", ui.ctx(), 40.0)
        .default_size([(size.x - 80.0).min(1100.0), (size.y - 120.0).max(300.0)])
        .max_height(size.y - 60.0)
        .resizable(true)
        .open(&mut open)
        .show(ui.ctx(), |ui| {
            ui.columns(2, |columns| {
                report_column(&mut columns[0], app, input, out);
                proposals_column(&mut columns[1], app, pickers, out);
            });
        });
    // Escape (outside a text field) closes it too; the review is kept for reopening.
    if !open || (!ui.ctx().text_edit_focused() && ui.input(|i| i.key_pressed(egui::Key::Escape))) {
        out.push(Command::Window(WindowCommand::CloseDialog));
    }
}

/// Whether the report column shows the marked text (after reading) or the text to edit.
fn showing_marks(ui: &egui::Ui) -> bool {
    ui.data(|d| d.get_temp::<bool>(egui::Id::unique("capture-marks")))
        .unwrap_or(false)
}

fn show_marks(ui: &egui::Ui, on: bool) {
    ui.data_mut(|d| d.insert_temp(egui::Id::unique("capture-marks"), on));
}

fn report_column(ui: &mut egui::Ui, app: &App, input: &mut CaptureInput, out: &mut Vec<Command>) {
    let session = app.capture();
    if let Some(session) = session
        && let Some(capture) = &session.capture
        && session.input.text == input.text
        && showing_marks(ui)
    {
        marked_report(ui, session, capture, out);
        if ui
            .button("Edit the text")
            .on_hover_text("Change the report or what it is, then read it again")
            .clicked()
        {
            show_marks(ui, false);
        }
        return;
    }
    ui.label(
        egui::RichText::new("The report (one paragraph a line)")
            .weak()
            .small(),
    );
    // The report scrolls inside its box, so the fields below stay in the window at 800×600.
    let room = (ui.ctx().content_rect().height() - 330.0).max(120.0);
    let text = egui::ScrollArea::vertical()
        .id_salt("capture-report")
        .max_height(room)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut input.text)
                    .hint_text("Paste the article here…")
                    .desired_rows(14)
                    .desired_width(f32::INFINITY),
            )
        })
        .inner;
    let text = text.accessible_name("Report text");
    // The dialog opens ready for the paste: the first frame it shows, the cursor goes there.
    let shown = egui::Id::unique("capture-shown-frame");
    let frame = ui.ctx().cumulative_frame_nr();
    let last = ui.data(|d| d.get_temp::<u64>(shown));
    ui.data_mut(|d| d.insert_temp(shown, frame));
    if last.is_none_or(|last| last + 1 < frame) {
        text.request_focus();
    }
    egui::Grid::new("capture-source")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (name, value, hint) in [
                ("Title", &mut input.title, "the first line if left empty"),
                ("Outlet", &mut input.outlet, "The National, Reuters…"),
                ("URL", &mut input.url, "https://…"),
                (
                    "Published",
                    &mut input.published,
                    "2025-09-10 (empty: the dateline's day, else today)",
                ),
            ] {
                ui.label(egui::RichText::new(name).weak());
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(f32::INFINITY),
                )
                .accessible_name(name);
                ui.end_row();
            }
        });
    let read = Command::Capture(CaptureCommand::ReadCapture(Box::new(input.clone())));
    let allowed = app.can(&read);
    let button = ui
        .add_enabled(allowed.is_ok(), egui::Button::new("Read the text"))
        .on_hover_text(super::commands::submit_tooltip(
            ui.ctx(),
            "Find the names, dates and quotes, and draft the records",
        ));
    let chord = ui.input_mut(|i| i.consume_shortcut(&super::commands::SUBMIT));
    if allowed.is_ok() && (button.clicked() || chord) {
        out.push(read);
        show_marks(ui, true);
    }
    if let Err(reason) = allowed {
        ui.label(egui::RichText::new(reason.as_str()).weak());
    }
}

fn proposals_column(ui: &mut egui::Ui, app: &App, pickers: &mut Pickers, out: &mut Vec<Command>) {
    let Some(session) = app.capture() else {
        return;
    };
    if let Some(error) = &session.error {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {error}"));
        return;
    }
    let Some(capture) = &session.capture else {
        ui.label(egui::RichText::new("Read the text to see what Chancery finds in it.").weak());
        return;
    };
    let (known, new, dates, speech) = session.found();
    let in_drafts = session
        .proposed
        .iter()
        .filter(|p| matches!(p.key, DraftKey::NewName(_)))
        .count()
        + session
            .choices
            .iter()
            .filter(|(_, c)| matches!(c, NameChoice::Same(_)))
            .count();
    ui.label(format!(
        "Found {known} known {}, {new} new ({in_drafts} of them in the drafts below), {dates} {} and {speech} {} of speech{}.",
        if known == 1 { "name" } else { "names" },
        if dates == 1 { "date" } else { "dates" },
        if speech == 1 { "passage" } else { "passages" },
        match &session.published {
            // A wire dateline gives no year: the one that makes its day recent is assumed.
            Some(p) if session.input.published.trim().is_empty() && capture.dateline.as_ref().is_some_and(|d| d.day.is_some()) => format!(
                "; dates read against {}, the dateline's day (its year assumed: type the publication date if it is older)",
                p.edtf()
            ),
            Some(p) => format!("; dates read against {}", p.edtf()),
            None => format!(
                "; dates read against today ({}): give the publication date if it is older",
                crate::app::today()
            ),
        }
    ));
    // A new report's proposals start at the top, not where the last one was scrolled to.
    let report = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        session.input.text.hash(&mut h);
        h.finish()
    };
    egui::ScrollArea::vertical()
        .id_salt(("capture-proposals", report))
        .max_height(ui.available_height() - 40.0)
        .show(ui, |ui| {
            new_names(ui, app, session, capture, pickers, out);
            already_there(ui, app, session, out);
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Records to save (click one to see its words):").weak());
            for p in &session.proposed {
                if matches!(p.key, DraftKey::NewName(_)) {
                    continue;
                }
                ui.horizontal(|ui| {
                    let mut keep = p.keep;
                    let name = summary(session, p);
                    let toggle = Command::Capture(CaptureCommand::ToggleProposed(p.key));
                    let allowed = app.can(&toggle);
                    let mut response =
                        ui.add_enabled(allowed.is_ok(), egui::Checkbox::without_text(&mut keep));
                    if let Err(reason) = allowed {
                        response = response.on_disabled_hover_text(reason.as_str());
                    }
                    let response = response.accessible_name(format!("Keep {name}"));
                    if response.changed() {
                        out.push(toggle);
                    }
                    edit_button(ui, app, p.key, &name, out);
                    focus_label(ui, session, p.key, &name, out);
                });
                if session.focus == Some(p.key) {
                    point_at_file(ui, app, p.key, pickers, out);
                }
            }
        });
    let kept = session.proposed.iter().filter(|p| p.keep).count();
    let save = Command::Capture(CaptureCommand::SaveCapture);
    let allowed = app.can(&save);
    if ui
        .add_enabled(
            allowed.is_ok(),
            egui::Button::new(format!("Save {}", crate::app::capture::records_word(kept))),
        )
        .on_hover_text("In one step: Undo takes them all back")
        .clicked()
    {
        out.push(save);
    }
}

/// A draft's words in the list: a click highlights where it came from in the text (a second
/// click, nothing).
fn focus_label(
    ui: &mut egui::Ui,
    session: &CaptureSession,
    key: DraftKey,
    text: &str,
    out: &mut Vec<Command>,
) {
    let focused = session.focus == Some(key);
    // A dropped proposal reads as struck out.
    let dropped = session.proposed.iter().any(|p| p.key == key && !p.keep);
    let text = if dropped {
        egui::RichText::new(text).strikethrough().weak()
    } else {
        egui::RichText::new(text)
    };
    let response = ui.add(egui::Button::selectable(focused, text).wrap());
    if response.clicked() {
        out.push(Command::Capture(CaptureCommand::FocusDraft(
            (!focused).then_some(key),
        )));
    }
}

/// Opens a proposal in the editor form.
fn edit_button(ui: &mut egui::Ui, app: &App, key: DraftKey, name: &str, out: &mut Vec<Command>) {
    let edit = Command::Capture(CaptureCommand::EditProposed(key));
    let allowed = app.can(&edit);
    let response = ui
        .add_enabled(allowed.is_ok(), egui::Button::new("✏").small())
        .on_hover_text("Edit in the form (it comes back here to be saved with the others)")
        .accessible_name(format!("Edit {name}"));
    if let Err(reason) = allowed {
        response.on_disabled_hover_text(reason.as_str());
    } else if response.clicked() {
        out.push(edit);
    }
}

/// The kinds a new name can be created as.
const GUESSES: [(Guess, &str); 5] = [
    (Guess::Person, "person"),
    (Guess::State, "state"),
    (Guess::Organisation, "organisation"),
    (Guess::Place, "place"),
    (Guess::Other, "other actor"),
];

fn guess_label(guess: Guess) -> &'static str {
    GUESSES
        .iter()
        .find(|(g, _)| *g == guess)
        .map_or("other actor", |(_, l)| l)
}

/// The names the file does not know that the drafts use: each is created as the kind shown
/// (chosen from a list), or taken for a record the file has (chosen with a picker).
fn new_names(
    ui: &mut egui::Ui,
    app: &App,
    session: &CaptureSession,
    capture: &Capture,
    pickers: &mut Pickers,
    out: &mut Vec<Command>,
) {
    let shown: Vec<usize> = (0..capture.new_names.len())
        .filter(|i| {
            matches!(
                session.choice(*i),
                Some(NameChoice::Same(_) | NameChoice::Drafted(_))
            ) || session
                .proposed
                .iter()
                .any(|p| p.key == DraftKey::NewName(*i))
        })
        .collect();
    if shown.is_empty() {
        return;
    }
    ui.label(
        egui::RichText::new("New names: create each as a kind, or say which record it is").weak(),
    );
    let shown_names = shown.clone();
    for i in shown {
        let name = &capture.new_names[i];
        let proposal = session
            .proposed
            .iter()
            .find(|p| p.key == DraftKey::NewName(i));
        let taken = match session.choice(i) {
            Some(NameChoice::Same(uuid)) => Some(session.label(uuid)),
            Some(NameChoice::Drafted(j)) => capture
                .new_names
                .get(j)
                .map(|n| format!("“{}” (new)", n.name)),
            _ => None,
        };
        if let Some(taken) = taken {
            ui.horizontal_wrapped(|ui| {
                focus_label(ui, session, DraftKey::NewName(i), &name.name, out);
                ui.label(format!("is {taken}"));
                if ui
                    .small_button("✖")
                    .on_hover_text("Not this record: create the name as new")
                    .clicked()
                {
                    out.push(Command::Capture(CaptureCommand::ChooseName(
                        i,
                        NameChoice::New(name.guess),
                    )));
                }
            });
            continue;
        }
        let row = ui.horizontal(|ui| {
            if let Some(p) = proposal {
                let mut keep = p.keep;
                if ui
                    .add(egui::Checkbox::without_text(&mut keep))
                    .accessible_name(format!("Keep {}", name.name))
                    .changed()
                {
                    out.push(Command::Capture(CaptureCommand::ToggleProposed(p.key)));
                }
            }
            edit_button(ui, app, DraftKey::NewName(i), &name.name, out);
            focus_label(ui, session, DraftKey::NewName(i), &name.name, out);
        });
        // A name chosen by a click in the text is brought into view, with its choices.
        let key = egui::Id::unique("capture-list-scrolled-to");
        if session.focus == Some(DraftKey::NewName(i))
            && ui.data(|d| d.get_temp::<Option<DraftKey>>(key)).flatten() != session.focus
        {
            row.response.scroll_to_me(Some(egui::Align::Center));
            ui.data_mut(|d| d.insert_temp(key, session.focus));
        }
        ui.horizontal(|ui| {
            ui.add_space(24.0);
            let guess = match session.choice(i) {
                Some(NameChoice::New(g)) => g,
                _ => name.guess,
            };
            ui.label(egui::RichText::new("new").weak());
            let place = guess == Guess::Place;
            let others: Vec<(usize, &str)> = shown_names
                .iter()
                .copied()
                .filter(|&j| j != i && (capture.new_names[j].guess == Guess::Place) == place)
                .filter(|&j| {
                    session
                        .choice(j)
                        .is_none_or(|c| matches!(c, NameChoice::New(_)))
                })
                .map(|j| (j, capture.new_names[j].name.as_str()))
                .collect();
            egui::ComboBox::from_id_salt(("capture-kind", i))
                .selected_text(guess_label(guess))
                .width(110.0)
                .show_ui(ui, |ui| {
                    for (g, label) in GUESSES {
                        if ui.selectable_label(g == guess, label).clicked() && g != guess {
                            out.push(Command::Capture(CaptureCommand::ChooseName(
                                i,
                                NameChoice::New(g),
                            )));
                        }
                    }
                    // Another spelling in the same report of a name drafted once already.
                    for (j, other) in others.iter() {
                        if ui
                            .selectable_label(false, format!("same as “{other}”"))
                            .clicked()
                        {
                            out.push(Command::Capture(CaptureCommand::ChooseName(
                                i,
                                NameChoice::Drafted(*j),
                            )));
                        }
                    }
                })
                .response
                .accessible_name(format!("Kind of {}", name.name));
            ui.label(egui::RichText::new("or").weak());
            let kinds: &[crate::model::RecordKind] = if guess == Guess::Place {
                &[crate::model::RecordKind::Place]
            } else {
                &[crate::model::RecordKind::Actor]
            };
            let label = format!("Same as {}", name.name);
            let mut choice: Option<Chosen> = None;
            Picker::new(egui::Id::unique(("capture-same", i)), &label, kinds)
                .width(ui.available_width().max(120.0))
                .show(ui, app, pickers, &mut choice, out);
            if let Some(chosen) = choice {
                out.push(Command::Capture(CaptureCommand::ChooseName(
                    i,
                    NameChoice::Same(chosen.uuid),
                )));
            }
        });
        ui.add_space(2.0);
    }
}

/// Under a focused drafted meeting or statement: a picker to say it is a record the file has
/// (a meeting another report told of, a statement quoted before).
fn point_at_file(
    ui: &mut egui::Ui,
    app: &App,
    key: DraftKey,
    pickers: &mut Pickers,
    out: &mut Vec<Command>,
) {
    let (kind, label) = match key {
        DraftKey::Meeting(_) => (
            crate::model::RecordKind::Meeting,
            "Same as a meeting in the file",
        ),
        DraftKey::Statement(_) => (
            crate::model::RecordKind::Statement,
            "Same as a statement in the file",
        ),
        _ => return,
    };
    ui.horizontal(|ui| {
        ui.add_space(24.0);
        let mut choice: Option<Chosen> = None;
        Picker::new(egui::Id::unique(("capture-point", key)), label, &[kind])
            .width(ui.available_width().max(120.0))
            .show(ui, app, pickers, &mut choice, out);
        if let Some(chosen) = choice {
            out.push(Command::Capture(CaptureCommand::PointDraft(
                key,
                Some(chosen.uuid),
            )));
        }
    });
}

/// The drafted meetings and statements the file already has: not proposed again, and what
/// refers to them refers to the record there.
fn already_there(ui: &mut egui::Ui, app: &App, session: &CaptureSession, out: &mut Vec<Command>) {
    let existing = &session.existing;
    if existing.source.is_none() && existing.meetings.is_empty() && existing.statements.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Already in the file (not proposed again):").weak());
    let mut rows: Vec<(DraftKey, uuid::Uuid)> = existing
        .source
        .map(|u| (DraftKey::Source, u))
        .into_iter()
        .chain(
            existing
                .meetings
                .iter()
                .map(|(i, u)| (DraftKey::Meeting(*i), *u)),
        )
        .chain(
            existing
                .statements
                .iter()
                .map(|(i, u)| (DraftKey::Statement(*i), *u)),
        )
        .collect();
    rows.sort_by_key(|(key, _)| match key {
        DraftKey::Source => (0, 0),
        DraftKey::Meeting(i) => (1, *i),
        DraftKey::Statement(i) => (2, *i),
        _ => (3, 0),
    });
    for (key, uuid) in rows {
        ui.horizontal_wrapped(|ui| {
            focus_label(ui, session, key, &format!("✔ {}", session.label(uuid)), out);
            if app.pointed(key)
                && ui
                    .small_button("✖")
                    .on_hover_text("Not this record: propose the draft again")
                    .clicked()
            {
                out.push(Command::Capture(CaptureCommand::PointDraft(key, None)));
            }
        });
    }
}

/// The report, paragraph by paragraph with its number, and what was recognised in it.
fn marked_report(
    ui: &mut egui::Ui,
    session: &CaptureSession,
    capture: &Capture,
    out: &mut Vec<Command>,
) {
    let style = MarkStyle::new(ui.visuals());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for (mark, name) in [
            (Mark::Known, "known name"),
            (Mark::New, "new name"),
            (Mark::Date(String::new()), "date"),
            (Mark::Speech, "speech"),
            (Mark::Source, "report’s source"),
        ] {
            let mut job = egui::text::LayoutJob::default();
            job.append(name, 0.0, style.format(ui, &[mark], false));
            ui.label(job);
        }
    });
    let focused: Vec<crate::model::capture::Span> = session
        .focus
        .map(|key| capture.spans_of(key))
        .unwrap_or_default();
    let room = (ui.available_height() - 40.0).max(120.0);
    let scroll_key = egui::Id::unique("capture-scrolled-to");
    let scrolled_to = ui
        .data(|d| d.get_temp::<Option<DraftKey>>(scroll_key))
        .flatten();
    egui::ScrollArea::vertical()
        .id_salt("capture-marked")
        .max_height(room)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (para, text) in capture.article.paragraphs.iter().enumerate() {
                let width = (ui.available_width() - 36.0).max(40.0);
                let mut pieces: Vec<(String, egui::TextFormat)> = Vec::new();
                // Where each drawn piece starts in the paragraph (for a click on a mark).
                let mut origins: Vec<(usize, usize)> = Vec::new();
                let mut drawn_chars = 0;
                for piece in capture.marked(para) {
                    let lit = focused
                        .iter()
                        .any(|s| s.para == para && s.start <= piece.start && piece.end <= s.end);
                    let words = text.get(piece.start..piece.end).unwrap_or("");
                    if !piece.marks.is_empty() {
                        origins.push((drawn_chars, piece.start));
                    }
                    drawn_chars += words.chars().count();
                    pieces.push((words.to_string(), style.format(ui, &piece.marks, lit)));
                    if let Some(value) = &piece.date_ends {
                        let value = format!(" [{value}]");
                        drawn_chars += value.chars().count();
                        pieces.push((value, style.value(ui)));
                    }
                }
                // A report in Arabic reads line by line from the right, marks kept.
                let (job, rtl) = super::text::paragraph_job(ui, &pieces, width);
                let response = ui
                    .horizontal(|ui| {
                        ui.add_sized(
                            [28.0, 14.0],
                            egui::Label::new(
                                egui::RichText::new(format!("{}", para + 1)).weak().small(),
                            ),
                        );
                        if rtl {
                            return super::text::show_paragraph(ui, job, rtl, width);
                        }
                        // Left to right, the words under a click are found in the laid-out
                        // text: a click on a mark selects its draft, to correct it.
                        let galley = ui.painter().layout_job(job);
                        let response =
                            ui.add(egui::Label::new(galley.clone()).sense(egui::Sense::click()));
                        if response.clicked()
                            && let Some(pos) = response.interact_pointer_pos()
                        {
                            let drawn: usize =
                                galley.cursor_from_pos(pos - response.rect.min).index.into();
                            let at = origins.iter().rev().find(|(chars, _)| *chars <= drawn).map(
                                |(chars, start)| {
                                    // Back from drawn characters to the paragraph's bytes.
                                    let into: usize = text[*start..]
                                        .chars()
                                        .take(drawn - chars)
                                        .map(char::len_utf8)
                                        .sum();
                                    start + into
                                },
                            );
                            if let Some(key) = at.and_then(|at| capture.draft_at(para, at)) {
                                out.push(Command::Capture(CaptureCommand::FocusDraft(Some(key))));
                            }
                        }
                        response
                    })
                    .inner;
                if focused.first().is_some_and(|s| s.para == para) && scrolled_to != session.focus {
                    response.scroll_to_me(Some(egui::Align::Center));
                    ui.data_mut(|d| d.insert_temp(scroll_key, session.focus));
                }
                ui.add_space(4.0);
            }
        });
    if session.focus.is_none() && scrolled_to.is_some() {
        ui.data_mut(|d| d.insert_temp::<Option<DraftKey>>(scroll_key, None));
    }
}

/// How each mark looks, in the light or the dark theme.
struct MarkStyle {
    known: egui::Color32,
    new: egui::Color32,
    date: egui::Color32,
    speech: egui::Color32,
    source: egui::Color32,
    lit: egui::Color32,
}

impl MarkStyle {
    fn new(visuals: &egui::Visuals) -> MarkStyle {
        if visuals.dark_mode {
            MarkStyle {
                known: egui::Color32::from_rgb(30, 70, 120),
                new: egui::Color32::from_rgb(110, 70, 20),
                date: egui::Color32::from_rgb(120, 200, 120),
                speech: egui::Color32::from_rgb(50, 50, 60),
                source: egui::Color32::from_rgb(190, 140, 230),
                lit: egui::Color32::from_rgb(140, 120, 20),
            }
        } else {
            MarkStyle {
                known: egui::Color32::from_rgb(205, 225, 250),
                new: egui::Color32::from_rgb(255, 222, 180),
                date: egui::Color32::from_rgb(20, 120, 40),
                speech: egui::Color32::from_rgb(238, 238, 242),
                source: egui::Color32::from_rgb(120, 60, 170),
                lit: egui::Color32::from_rgb(255, 236, 120),
            }
        }
    }

    fn format(&self, ui: &egui::Ui, marks: &[Mark], lit: bool) -> egui::TextFormat {
        let mut format = egui::TextFormat {
            font_id: egui::TextStyle::Body.resolve(ui.style()),
            color: ui.visuals().text_color(),
            ..Default::default()
        };
        for mark in marks {
            match mark {
                Mark::Speech => {
                    format.italics = true;
                    if format.background == egui::Color32::TRANSPARENT {
                        format.background = self.speech;
                    }
                }
                Mark::Known | Mark::Title => format.background = self.known,
                Mark::New => format.background = self.new,
                Mark::Date(_) => {
                    format.color = self.date;
                    format.underline = egui::Stroke::new(1.0, self.date);
                }
                Mark::Source => {
                    format.underline = egui::Stroke::new(1.5, self.source);
                }
            }
        }
        if marks
            .iter()
            .any(|m| matches!(m, Mark::Known | Mark::New | Mark::Title))
        {
            format.color = ui.visuals().strong_text_color();
        }
        if lit {
            format.background = self.lit;
            format.color = if ui.visuals().dark_mode {
                egui::Color32::WHITE
            } else {
                egui::Color32::BLACK
            };
        }
        format
    }

    fn value(&self, ui: &egui::Ui) -> egui::TextFormat {
        egui::TextFormat {
            font_id: egui::TextStyle::Small.resolve(ui.style()),
            color: self.date,
            ..Default::default()
        }
    }
}

/// One proposal in words: what it is, what it says, whom it names.
fn summary(session: &CaptureSession, p: &Proposed) -> String {
    let name = |u: uuid::Uuid| {
        session
            .proposed
            .iter()
            .find(|x| x.record.uuid() == u)
            .map(|x| x.record.name().to_string())
            .unwrap_or_else(|| session.label(u))
    };
    let date = |d: &Option<crate::model::PartialDate>| {
        d.as_ref()
            .map(|d| format!(" · {}", d.edtf()))
            .unwrap_or_default()
    };
    match &p.record {
        Record::Source(s) => format!("Source: {}{}", s.title, date(&s.published)),
        Record::Actor(a) => format!("New {}: {}", a.kind.label().to_lowercase(), a.name),
        Record::Place(x) => format!("New place: {}", x.name),
        Record::Meeting(m) => format!(
            "Meeting: {}{} · {}",
            m.title,
            date(&m.date),
            m.participants
                .iter()
                .map(|x| name(x.actor))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Record::Statement(s) => format!(
            "{} by {}{}: “{}”",
            s.kind.label(),
            s.speaker.map_or("?".to_string(), name),
            date(&s.date),
            crate::model::record::truncate(&s.text, 90)
        ),
        Record::Topic(t) => format!("Topic: {}", t.name),
        Record::Link(l) => format!("Link: {}", l.relation),
    }
}
