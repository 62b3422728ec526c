//! Editing a record: a form per kind that stands still and is driven from the keyboard.
//!
//! - Each caption sits on its own line with the field's message beside it (what is wrong, or
//!   what a date means: "late July → 2025-07-21/2025-07-31"), so no message ever pushes the
//!   fields below it down; every width comes from the pane, so the form never widens it.
//! - A new form puts the cursor in its first field; every row added (alias, participant,
//!   citation) takes the focus; Enter in a row's last field adds the next row; a choice made in
//!   a picker from the keyboard moves on to the next field; drop-downs choose by type-ahead
//!   and the arrow keys; Ctrl+Enter saves; Escape cancels (asking when something was typed).
//! - Pickers for every reference (`picker.rs`), with creation on the spot.

use super::picker::{Picker, Pickers, mouse_button};
use crate::app::FormCommand;
use crate::app::draft::{
    AliasDraft, Chosen, CitationDraft, Draft, Fields, ParticipantDraft, Problem,
};
use crate::app::{App, Command};
use crate::model::language::{language, languages};
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
    take_focus_and_move_on(ui);
    take_focus_for_this_frame(ui);
    // Before any field is drawn: the field that had the keyboard gets it back before the
    // form notes where the focus is.
    keep_focus_after_question(ui, app);
    let problems = draft.problems();
    // A form that just opened puts the cursor in its first field.
    let serial_id = egui::Id::unique("editor-serial");
    if ui.data(|d| d.get_temp::<u64>(serial_id)) != Some(app.draft_serial()) {
        ui.data_mut(|d| {
            d.insert_temp(serial_id, app.draft_serial());
            d.insert_temp(egui::Id::unique(FOCUS_FIRST), true);
        });
    }
    let mut form = Form {
        app,
        pickers,
        problems: &problems,
        out: &mut actions,
        unconfirmed: Vec::new(),
        speak: app.form_has_changes() || !original.unconfirmed.is_empty(),
    };
    // Save and Cancel stay in view at the pane's foot, whatever the form's length.
    egui::Panel::bottom("editor-buttons")
        .show_separator_line(true)
        .show(ui, |ui| form.buttons(ui));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // Room on the right for the scroll bar, which floats over the content.
            let margin = egui::Margin {
                right: 14,
                ..Default::default()
            };
            egui::Frame::new().inner_margin(margin).show(ui, |ui| {
                let verb = if draft.is_new() { "New" } else { "Edit" };
                ui.heading(format!("{verb} {}", draft.kind().label().to_lowercase()));
                if app.editing_proposal() {
                    ui.label(
                        egui::RichText::new(
                            "A proposal of the capture: Save takes it back to the review, \
                             where it is saved with the others",
                        )
                        .color(ui.visuals().warn_fg_color),
                    );
                }
                if let Some(at) = app.restored_at() {
                    ui.label(
                    egui::RichText::new(format!(
                        "Restored: typed before Chancery last closed (kept at {}), not saved yet",
                        crate::app::local_time(at)
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
                }
                ui.add_space(4.0);
                form.kind_fields(ui, &mut draft);
                form.plain_fields(ui, &mut draft);
                form.caption(ui, "Notes", Note::None);
                text_area(ui, &mut draft.notes, "Notes");
                gap(ui);
                form.caption(ui, "Topics", Note::None);
                form.topics(ui, &mut draft.topics);
                gap(ui);
                if draft.kind() != RecordKind::Source {
                    let note = form.problem("citations");
                    form.caption_strong(ui, "Sources cited", note);
                    let date = draft.date_text().to_string();
                    form.citations(ui, &mut draft.citations, &date);
                }
                // Room under the last button, so that it never ends against the Save bar.
                ui.add_space(24.0);
                if app.dialog().is_none() {
                    keep_focus_in_view(ui);
                }
            });
        });
    draft.unconfirmed = std::mem::take(&mut form.unconfirmed);
    // Escape leaves the form (a picker's suggestions took it first if they were open).
    if app.dialog().is_none()
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        actions.push(Command::Form(FormCommand::CancelDraft));
    }
    if draft != *original {
        out.push(Command::Form(FormCommand::UpdateDraft(Box::new(draft))));
    }
    out.extend(actions);
}

const FOCUS_FIRST: &str = "editor-focus-first-field";

/// True once after a new form opens: the first text field takes the keyboard focus.
fn take_focus_request(ui: &mut egui::Ui) -> bool {
    let id = egui::Id::unique(FOCUS_FIRST);
    ui.data_mut(|d| d.remove_temp::<bool>(id)).unwrap_or(false)
}

/// What a caption says beside its name.
enum Note {
    None,
    Problem(String),
    Meaning(String),
    Warning(String),
}

/// Everything the fields of one form share while it is drawn.
struct Form<'a> {
    app: &'a App,
    pickers: &'a mut Pickers,
    problems: &'a [Problem],
    out: &'a mut Vec<Command>,
    /// Names typed into pickers but not chosen, this frame.
    unconfirmed: Vec<String>,
    /// Whether messages show: not before the user has typed anything.
    speak: bool,
}

fn text_area(ui: &mut egui::Ui, value: &mut String, name: &str) -> egui::Response {
    let response = ui
        .add(
            egui::TextEdit::multiline(value)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .accessible_name(name);
    super::text::rtl_preview(ui, value);
    response
}

fn line(ui: &mut egui::Ui, value: &mut String, name: &str) -> egui::Response {
    let response = ui
        .add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
        .accessible_name(name);
    super::text::rtl_preview(ui, value);
    response
}

/// Space between one field and the next caption.
fn gap(ui: &mut egui::Ui) {
    ui.add_space(4.0);
}

/// Whether Enter was pressed in `field` (a single-line field gives the focus up on Enter).
fn entered(ui: &egui::Ui, field: &egui::Response) -> bool {
    field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// Puts the cursor in the field with `id` once it is drawn (a row just added).
fn focus_soon(ui: &egui::Ui, id: egui::Id) {
    ui.memory_mut(|m| m.request_focus(id));
}

const FOCUS_NEXT_FRAME: &str = "editor-focus-next-frame";

/// Puts the cursor in the field with `id` from the next frame on: the Enter that moved on is
/// not yet read by every field this frame, and a field below would take it as its own.
fn focus_next_frame(ui: &egui::Ui, id: egui::Id) {
    ui.data_mut(|d| d.insert_temp(egui::Id::unique(FOCUS_NEXT_FRAME), id));
    ui.ctx().request_repaint();
}

/// Carries out `focus_next_frame`, before any field is drawn.
fn take_focus_for_this_frame(ui: &egui::Ui) {
    let key = egui::Id::unique(FOCUS_NEXT_FRAME);
    if let Some(id) = ui.data(|d| d.get_temp::<egui::Id>(key)) {
        ui.data_mut(|d| d.remove::<egui::Id>(key));
        ui.memory_mut(|m| m.request_focus(id));
    }
}

impl Form<'_> {
    /// The problem the form has with `field`, as a caption's note.
    fn problem(&self, field: &str) -> Note {
        if !self.speak {
            return Note::None;
        }
        let messages: Vec<&str> = self
            .problems
            .iter()
            .filter(|p| p.field == field)
            .map(|p| p.message.as_str())
            .collect();
        if messages.is_empty() {
            Note::None
        } else {
            Note::Problem(messages.join("; "))
        }
    }

    /// A field's caption with its note beside it, on one line of fixed height: a note that
    /// comes or goes moves nothing. A long note is cut; the whole shows on hover.
    fn caption(&self, ui: &mut egui::Ui, name: &str, note: Note) {
        self.caption_text(ui, egui::RichText::new(name).weak().small(), note);
    }

    fn caption_strong(&self, ui: &mut egui::Ui, name: &str, note: Note) {
        self.caption_text(ui, egui::RichText::new(name).strong(), note);
    }

    fn caption_text(&self, ui: &mut egui::Ui, name: egui::RichText, note: Note) {
        let height = ui.text_style_height(&egui::TextStyle::Body);
        ui.allocate_ui_with_layout(
            egui::vec2(ui.available_width(), height),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_height(height);
                ui.label(name);
                let (text, colour) = match note {
                    Note::None => return,
                    Note::Problem(text) => (format!("⚠ {text}"), ui.visuals().error_fg_color),
                    Note::Meaning(text) => (text, ui.visuals().hyperlink_color),
                    Note::Warning(text) => (format!("⚠ {text}"), ui.visuals().warn_fg_color),
                };
                // A whole pixel short of the edge: a note cut at the edge once widened the
                // form by a fraction, and every field below with it.
                let room = (ui.available_width() - 1.0).max(0.0);
                ui.allocate_ui_with_layout(
                    egui::vec2(room, height),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_max_width(room);
                        ui.add(
                            egui::Label::new(egui::RichText::new(&text).small().color(colour))
                                .truncate(),
                        );
                    },
                );
            },
        );
    }

    /// A text field with its caption; returns the field.
    fn text_row(
        &self,
        ui: &mut egui::Ui,
        name: &str,
        field: &str,
        value: &mut String,
    ) -> egui::Response {
        self.caption(ui, name, self.problem(field));
        let response = line(ui, value, name);
        if take_focus_request(ui) {
            response.request_focus();
        }
        gap(ui);
        response
    }

    /// The field naming the record: beside its caption, a warning when another record of the
    /// kind already goes by that name (folded, aliases included), before a duplicate is saved.
    fn name_row(
        &mut self,
        ui: &mut egui::Ui,
        kind: RecordKind,
        own: Option<uuid::Uuid>,
        caption: &str,
        value: &mut String,
    ) {
        let field = caption.to_lowercase();
        let note = match self.problem(&field) {
            Note::None => match self.pickers.same_name(self.app, kind, own, value) {
                Some(other) => Note::Warning(format!(
                    "{other} goes by this name already: pick it where you need it rather than \
                     making another"
                )),
                None => Note::None,
            },
            problem => problem,
        };
        self.caption(ui, caption, note);
        let response = line(ui, value, caption);
        if take_focus_request(ui) {
            response.request_focus();
        }
        gap(ui);
    }

    /// A date field: its caption says what the text means, or why it cannot be read.
    /// Returns whether Enter was pressed in it.
    fn date_row(&self, ui: &mut egui::Ui, draft: &Draft, name: &str, value: &mut String) -> bool {
        // Words ("late July") read against today until a source is cited: say so, so that
        // nobody "corrects" the year the source's date would have given.
        let against_today = draft.kind() != RecordKind::Source
            && draft.citations.iter().all(|c| c.source.is_none());
        let note = match draft.date_meaning(value) {
            Some(Ok(meaning)) if against_today && meaning.contains('→') => Note::Meaning(
                format!("{meaning} (from today; cite the source to read it from its date)"),
            ),
            Some(Ok(meaning)) => Note::Meaning(meaning),
            Some(Err(reason)) => Note::Problem(reason),
            None => Note::None,
        };
        self.caption(ui, name, note);
        let field = ui
            .add(
                egui::TextEdit::singleline(value)
                    .id(date_id(name))
                    .desired_width(f32::INFINITY),
            )
            .accessible_name(name)
            .on_hover_text(
                "YYYY, YYYY-MM, YYYY-MM-DD, 2025-07~ (about), A/B (between), or words: \
                 Tuesday, yesterday, last month, late July, earlier this year",
            );
        gap(ui);
        entered(ui, &field)
    }

    /// A drop-down with its caption.
    fn choice<T: Copy + PartialEq + std::fmt::Display>(
        &self,
        ui: &mut egui::Ui,
        id: &str,
        name: &str,
        value: &mut T,
        all: &[T],
    ) {
        self.caption(ui, name, Note::None);
        drop_down(ui, id, name, value, all, |v| v.to_string());
        gap(ui);
    }

    /// A reference chosen with a picker, with its caption.
    fn picker_row(
        &mut self,
        ui: &mut egui::Ui,
        picker: Picker<'_>,
        name: &str,
        field: &str,
        value: &mut Option<Chosen>,
    ) {
        self.caption(ui, name, self.problem(field));
        self.pick(ui, picker, value);
        gap(ui);
    }

    /// Shows a picker, noting text typed into it but not chosen.
    fn pick(
        &mut self,
        ui: &mut egui::Ui,
        picker: Picker<'_>,
        value: &mut Option<Chosen>,
    ) -> super::picker::Picked {
        let label = picker.label().to_string();
        let picked = picker.show(ui, self.app, self.pickers, value, self.out);
        if let Some(text) = &picked.unconfirmed {
            self.unconfirmed.push(format!("{label}: “{text}”"));
        }
        picked
    }

    /// Save and Cancel, with why Save cannot act beside them on the same line (cut to the
    /// room there is, whole on hover): a message appearing moves neither button.
    fn buttons(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            for (command, text) in [
                (FormCommand::SaveDraft, "Save"),
                (FormCommand::CancelDraft, "Cancel"),
            ] {
                super::commands::button(ui, self.app, command.into(), Some(text), self.out);
            }
            if !self.problems.is_empty() && self.speak {
                // What to fix, by name (each field's message is beside its caption); the
                // whole reasons on hover.
                let text = format!(
                    "Cannot save yet: {}",
                    crate::app::draft::fields_named(self.problems)
                );
                ui.add(
                    egui::Label::new(egui::RichText::new(&text).color(ui.visuals().error_fg_color))
                        .truncate(),
                )
                .on_hover_text(crate::app::draft::describe(self.problems));
            }
        });
    }

    /// The kind's plain fields, as `model::fields` describes them.
    fn plain_fields(&mut self, ui: &mut egui::Ui, draft: &mut Draft) {
        for field in crate::model::plain_fields(draft.kind()) {
            let Some(value) = draft.plain.get_mut(field.key) else {
                continue;
            };
            self.caption(ui, field.label, self.problem(field.key));
            let input = match field.lines {
                crate::model::Lines::One => egui::TextEdit::singleline(value),
                crate::model::Lines::Many => egui::TextEdit::multiline(value).desired_rows(2),
            };
            ui.add(input.hint_text(field.hint).desired_width(f32::INFINITY))
                .accessible_name(field.label);
            super::text::rtl_preview(ui, value);
            gap(ui);
        }
    }

    fn kind_fields(&mut self, ui: &mut egui::Ui, draft: &mut Draft) {
        let anchor_view = draft.clone();
        let kind_of_record = draft.kind();
        let own = draft.original.as_ref().map(|r| r.uuid());
        match &mut draft.fields {
            Fields::Actor {
                name,
                kind,
                description,
                aliases,
            } => {
                self.name_row(ui, kind_of_record, own, "Name", name);
                self.choice(ui, "actor-kind", "Actor kind", kind, ActorKind::ALL);
                self.caption(ui, "Description", Note::None);
                text_area(ui, description, "Description");
                gap(ui);
                self.caption(ui, "Aliases", Note::None);
                alias_rows(ui, aliases);
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
                // Enter moves on to the next field that needs typing: from the title to the
                // date (the kind follows the title's words), from the date to the place.
                let title_field = self.text_row(ui, "Title", "title", title);
                if entered(ui, &title_field) {
                    focus_next_frame(ui, date_id("Date"));
                }
                self.choice(ui, "meeting-kind", "Meeting kind", kind, MeetingKind::ALL);
                let place_id = egui::Id::unique(("picker", "Place"));
                for (name, value) in [("Date", date), ("End date", end_date)] {
                    if self.date_row(ui, &anchor_view, name, value) {
                        focus_next_frame(ui, place_id);
                    }
                }
                let places = [RecordKind::Place];
                let picker = Picker::new(place_id, "Place", &places).creates(RecordKind::Place);
                self.picker_row(ui, picker, "Place", "place", place);
                self.caption(ui, "Summary", Note::None);
                text_area(ui, summary, "Summary");
                gap(ui);
                self.caption(ui, "Participants", Note::None);
                self.participant_rows(ui, participants);
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
                self.caption(ui, "Text", self.problem("text"));
                let response = text_area(ui, text, "Text");
                if take_focus_request(ui) {
                    response.request_focus();
                }
                gap(ui);
                self.choice(
                    ui,
                    "statement-kind",
                    "Statement kind",
                    kind,
                    StatementKind::ALL,
                );
                let actors = [RecordKind::Actor];
                let picker =
                    Picker::new(egui::Id::unique(("picker", "Speaker")), "Speaker", &actors)
                        .creates(RecordKind::Actor);
                self.picker_row(ui, picker, "Speaker", "speaker", speaker);
                let meetings = [RecordKind::Meeting];
                let picker = Picker::new(
                    egui::Id::unique(("picker", "Meeting")),
                    "Meeting",
                    &meetings,
                );
                self.picker_row(ui, picker, "Meeting", "meeting", meeting);
                self.date_row(ui, &anchor_view, "Date", date);
                self.caption(ui, "Hedge", self.problem("hedge"));
                ui.add(
                    egui::TextEdit::singleline(hedge)
                        .hint_text("reportedly, according to officials, is said to…")
                        .desired_width(f32::INFINITY),
                )
                .accessible_name("Hedge")
                .on_hover_text(
                    "The words the source used to distance itself from the claim: \
                     \"reportedly\", \"according to officials\", \"is understood to\". \
                     Leave empty when the source states it as fact.",
                );
                gap(ui);
                self.caption(ui, "Language", self.problem("lang"));
                language_choice(ui, lang);
                gap(ui);
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
                self.name_row(ui, kind_of_record, own, "Title", title);
                self.choice(ui, "source-kind", "Source kind", kind, SourceKind::ALL);
                self.text_row(ui, "Outlet", "outlet", outlet);
                self.text_row(ui, "Author", "author", author);
                self.text_row(ui, "URL", "url", url);
                self.date_row(ui, &anchor_view, "Published", published);
                self.date_row(ui, &anchor_view, "Accessed", accessed);
                self.caption(ui, "Reliability", Note::None);
                let mut grades: Vec<Option<Reliability>> = vec![None];
                grades.extend(Reliability::ALL.iter().copied().map(Some));
                drop_down(
                    ui,
                    "reliability",
                    "Reliability",
                    reliability,
                    &grades,
                    |g| g.map_or("not graded".into(), |g| g.label().to_string()),
                );
                gap(ui);
            }
            Fields::Place {
                name,
                parent,
                lat,
                lon,
            } => {
                self.name_row(ui, kind_of_record, own, "Name", name);
                let places = [RecordKind::Place];
                let picker = Picker::new(egui::Id::unique(("picker", "Inside")), "Inside", &places)
                    .creates(RecordKind::Place);
                self.picker_row(ui, picker, "Inside", "parent", parent);
                self.text_row(ui, "Latitude", "latitude", lat);
                self.text_row(ui, "Longitude", "longitude", lon);
            }
            Fields::Topic { name } => {
                self.name_row(ui, kind_of_record, own, "Name", name);
            }
            Fields::Link {
                from,
                relation,
                to,
                date_from,
                date_to,
            } => {
                let picker = Picker::new(egui::Id::unique(("picker", "From")), "From", &[]);
                self.picker_row(ui, picker, "From", "from", from);
                self.text_row(ui, "Relation", "relation", relation);
                let picker = Picker::new(egui::Id::unique(("picker", "To")), "To", &[]);
                self.picker_row(ui, picker, "To", "to", to);
                self.date_row(ui, &anchor_view, "From date", date_from);
                self.date_row(ui, &anchor_view, "To date", date_to);
            }
        }
    }

    fn participant_rows(&mut self, ui: &mut egui::Ui, participants: &mut Vec<ParticipantDraft>) {
        let mut remove = None;
        let mut add_next = false;
        let actors = [RecordKind::Actor];
        // An actor chosen last frame: the keyboard goes to their side if the form could not
        // fill it in, else to their title at the time.
        let pending = egui::Id::unique("participant-chosen");
        if let Some(i) = ui.data(|d| d.get_temp::<usize>(pending)) {
            ui.data_mut(|d| d.remove::<usize>(pending));
            if let Some(p) = participants.get(i) {
                let next = if p.represents.is_none() {
                    represents_id(i)
                } else {
                    participant_title_id(i)
                };
                focus_soon(ui, next);
            }
        }
        for (i, p) in participants.iter_mut().enumerate() {
            let n = i + 1;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(format!("{n}."));
                    let picker_width = ui.available_width() - 64.0;
                    ui.scope(|ui| {
                        ui.set_max_width(picker_width.max(60.0));
                        let label = format!("Participant {n}");
                        let picker = Picker::new(participant_id(i), &label, &actors)
                            .creates(RecordKind::Actor);
                        let picked = self.pick(ui, picker, &mut p.actor);
                        if picked.changed && p.actor.is_some() {
                            self.pickers.cancel_advance(participant_id(i));
                            ui.data_mut(|d| d.insert_temp(pending, i));
                            ui.ctx().request_repaint();
                        }
                    });
                    if mouse_button(ui, "Remove", &format!("Remove participant {n}")).clicked() {
                        remove = Some(i);
                    }
                });
                role_toggles(ui, n, &mut p.roles);
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new("represents").weak());
                    let label = format!("Represents {n}");
                    let picker = Picker::new(represents_id(i), &label, &actors)
                        .creates(RecordKind::Actor)
                        .actor_kind(ActorKind::State);
                    self.pick(ui, picker, &mut p.represents);
                });
                let title = ui
                    .add(
                        egui::TextEdit::singleline(&mut p.title_at_time)
                            .id(participant_title_id(i))
                            .hint_text("title at the time (Enter: next participant)")
                            .desired_width(f32::INFINITY),
                    )
                    .accessible_name(format!("Title at the time {n}"));
                if entered(ui, &title) {
                    add_next = true;
                }
            });
        }
        if let Some(i) = remove {
            participants.remove(i);
        }
        if ui
            .small_button("Add participant")
            .on_hover_text("Add a participant (or Enter in the last participant's title)")
            .clicked()
            || add_next
        {
            // Members of a delegation follow each other: the next takes the last one's
            // side as a suggestion (✖ clears it).
            let represents = participants.last().and_then(|p| p.represents.clone());
            participants.push(ParticipantDraft {
                actor: None,
                roles: Vec::new(),
                title_at_time: String::new(),
                represents,
            });
            focus_soon(ui, participant_id(participants.len() - 1));
        }
    }

    fn topics(&mut self, ui: &mut egui::Ui, topics: &mut Vec<Chosen>) {
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
        let id = egui::Id::unique("topic-picker");
        let kinds = [RecordKind::Topic];
        let picker = Picker::new(id, "Add topic", &kinds).creates(RecordKind::Topic);
        let picked = self.pick(ui, picker, &mut added);
        if picked.changed {
            // The field stays, empty, with the cursor in it for the next topic.
            focus_soon(ui, id);
        }
        if let Some(t) = added
            && !topics.iter().any(|x| x.uuid == t.uuid)
        {
            topics.push(t);
        }
    }

    /// The citations editor.
    /// The citations editor; `date` is the form's date, which a source created here is
    /// offered as its publication date.
    fn citations(&mut self, ui: &mut egui::Ui, citations: &mut Vec<CitationDraft>, date: &str) {
        let mut remove = None;
        let mut add_next = false;
        let sources = [RecordKind::Source];
        for (i, c) in citations.iter_mut().enumerate() {
            let n = i + 1;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(format!("{n}."));
                    let grade = c.source.as_ref().and_then(|s| self.app.draft_grade(s.uuid));
                    let picker_width =
                        ui.available_width() - if grade.is_some() { 92.0 } else { 64.0 };
                    ui.scope(|ui| {
                        ui.set_max_width(picker_width.max(60.0));
                        let label = format!("Source {n}");
                        let picker = Picker::new(citation_id(i), &label, &sources)
                            .creates(RecordKind::Source)
                            .new_source_date(date);
                        self.pick(ui, picker, &mut c.source);
                    });
                    if let Some(grade) = grade {
                        ui.label(egui::RichText::new(format!("[{}]", grade.letter())).strong())
                            .on_hover_text(grade.label());
                    }
                    if mouse_button(ui, "Remove", &format!("Remove source {n}")).clicked() {
                        remove = Some(i);
                    }
                });
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new("via").weak());
                    let label = format!("Via {n}");
                    let picker = Picker::new(egui::Id::unique(("cite-via", i)), &label, &sources)
                        .creates(RecordKind::Source);
                    self.pick(ui, picker, &mut c.via);
                });
                ui.horizontal(|ui| {
                    let icon = ui.spacing().icon_width + ui.spacing().button_padding.x * 2.0;
                    let half = (ui.available_width() - ui.spacing().item_spacing.x) / 2.0 - icon;
                    ui.add(
                        egui::TextEdit::singleline(&mut c.locator)
                            .hint_text("para. 4, p. 2, 12:30")
                            .desired_width(half),
                    )
                    .accessible_name(format!("Locator {n}"));
                    let mut values: Vec<Option<u8>> = vec![None];
                    values.extend((1..=6u8).map(Some));
                    drop_down_width(
                        ui,
                        ("credibility", i),
                        &format!("Credibility {n}"),
                        &mut c.credibility,
                        &values,
                        |v| match v {
                            None => "credibility not judged".into(),
                            Some(v) => Credibility::new(*v)
                                .map(|c| c.label().to_string())
                                .unwrap_or_default(),
                        },
                        half,
                    );
                });
                let excerpt = ui
                    .add(
                        egui::TextEdit::singleline(&mut c.excerpt)
                            .hint_text("excerpt (Enter: next source)")
                            .desired_width(f32::INFINITY),
                    )
                    .accessible_name(format!("Excerpt {n}"));
                if entered(ui, &excerpt) {
                    add_next = true;
                }
            });
        }
        if let Some(i) = remove {
            citations.remove(i);
        }
        if ui
            .small_button("Cite a source")
            .on_hover_text("Add a citation (or Enter in the last citation's excerpt)")
            .clicked()
            || add_next
        {
            citations.push(CitationDraft {
                source: None,
                locator: String::new(),
                excerpt: String::new(),
                credibility: None,
                via: None,
            });
            focus_soon(ui, citation_id(citations.len() - 1));
        }
    }
}

fn participant_id(i: usize) -> egui::Id {
    egui::Id::unique(("participant", i))
}

fn represents_id(i: usize) -> egui::Id {
    egui::Id::unique(("represents", i))
}

fn participant_title_id(i: usize) -> egui::Id {
    egui::Id::unique(("participant-title", i))
}

fn date_id(name: &str) -> egui::Id {
    egui::Id::unique(("date-field", name))
}

fn citation_id(i: usize) -> egui::Id {
    egui::Id::unique(("cite-source", i))
}

fn alias_id(i: usize) -> egui::Id {
    egui::Id::unique(("alias", i))
}

/// Scrolls the form to the field that has the keyboard when the focus has moved (Tab, a row
/// added below the fold, Enter moving on), so the user never types into a field out of view.
fn keep_focus_in_view(ui: &mut egui::Ui) {
    let seen = egui::Id::unique("editor-focus-seen");
    let focused = ui.memory(|m| m.focused());
    if let Some(id) = focused
        && ui.data(|d| d.get_temp::<egui::Id>(seen)) != Some(id)
    {
        if let Some(response) = ui.ctx().read_response(id) {
            // With room around it: a row added at the foot once stood half under the Save bar.
            ui.scroll_to_rect(response.rect.expand2(egui::vec2(0.0, 36.0)), None);
        }
        ui.data_mut(|d| d.insert_temp(seen, id));
    }
}

/// After the "save the changes?" question is answered with Keep editing, the field that had
/// the keyboard has it again.
fn keep_focus_after_question(ui: &mut egui::Ui, app: &App) {
    let asked = egui::Id::unique("editor-was-asked");
    let seen = egui::Id::unique("editor-focus-seen");
    if app.dialog() == Some(crate::app::Dialog::Unsaved) {
        // Two frames: in the first after the question, egui still counts its modal layer
        // as on top and lets no field below keep the keyboard.
        ui.data_mut(|d| d.insert_temp(asked, 2u8));
        return;
    }
    let Some(left) = ui.data(|d| d.get_temp::<u8>(asked)) else {
        return;
    };
    if left <= 1 {
        ui.data_mut(|d| d.remove::<u8>(asked));
    } else {
        ui.data_mut(|d| d.insert_temp(asked, left - 1));
        ui.ctx().request_repaint();
    }
    if let Some(id) = ui.data(|d| d.get_temp::<egui::Id>(seen)) {
        ui.memory_mut(|m| m.request_focus(id));
    }
}

/// A participant's roles: one toggle per role, any number on.
fn role_toggles(ui: &mut egui::Ui, n: usize, roles: &mut Vec<Role>) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for role in Role::ALL {
            let on = roles.contains(role);
            // Framed whether on or not: a role that is off still reads as a button.
            let response = ui
                .add(
                    egui::Button::new(role.label())
                        .small()
                        .selected(on)
                        .frame(true),
                )
                .accessible_name(format!("Role {n}: {}", role.label()))
                .on_hover_text("Toggle this role (a participant may have several)");
            if response.clicked() {
                if on {
                    roles.retain(|r| r != role);
                } else {
                    roles.push(*role);
                    roles.sort();
                }
            }
        }
    });
}

fn alias_rows(ui: &mut egui::Ui, aliases: &mut Vec<AliasDraft>) {
    let mut remove = None;
    let mut add_next = false;
    for (i, alias) in aliases.iter_mut().enumerate() {
        let n = i + 1;
        ui.horizontal(|ui| {
            let spacing = ui.spacing().item_spacing.x;
            let icon = ui.spacing().icon_width + ui.spacing().button_padding.x * 2.0;
            let rest = 110.0 + icon + 44.0 + 24.0 + 3.0 * spacing;
            let name = ui
                .add(
                    egui::TextEdit::singleline(&mut alias.name)
                        .id(alias_id(i))
                        .desired_width((ui.available_width() - rest).max(80.0)),
                )
                .accessible_name(format!("Alias {n}"));
            drop_down_width(
                ui,
                ("alias-kind", i),
                &format!("Alias {n} kind"),
                &mut alias.kind,
                AliasKind::ALL,
                |k| k.label().to_string(),
                110.0,
            );
            let lang = ui
                .add(
                    egui::TextEdit::singleline(&mut alias.lang)
                        .hint_text("lang")
                        .desired_width(44.0),
                )
                .accessible_name(format!("Alias {n} language"));
            if entered(ui, &name) || entered(ui, &lang) {
                add_next = true;
            }
            if mouse_button(ui, "✖", &format!("Remove alias {n}")).clicked() {
                remove = Some(i);
            }
        });
        super::text::rtl_preview(ui, &alias.name);
    }
    if let Some(i) = remove {
        aliases.remove(i);
    }
    if ui
        .small_button("Add alias")
        .on_hover_text("Add a name in another spelling or script (or Enter in the last alias)")
        .clicked()
        || add_next
    {
        aliases.push(AliasDraft {
            name: String::new(),
            kind: AliasKind::Transliteration,
            lang: String::new(),
        });
        focus_soon(ui, alias_id(aliases.len() - 1));
    }
}

/// A statement's language, chosen by name from the ISO 639-1 list; a code from elsewhere is
/// kept and shown as it is.
fn language_choice(ui: &mut egui::Ui, lang: &mut String) {
    let current = language(lang);
    let mut choice: Option<&'static str> = current.map(|l| l.code);
    let mut options: Vec<Option<&'static str>> = vec![None];
    options.extend(languages().iter().map(|l| Some(l.code)));
    let unknown = (!lang.trim().is_empty() && current.is_none()).then(|| lang.trim().to_string());
    let before = choice;
    drop_down(
        ui,
        "statement-language",
        "Language",
        &mut choice,
        &options,
        |c| match c {
            Some(code) => language(code).map_or(code.to_string(), |l| l.name.to_string()),
            None => match &unknown {
                Some(text) => format!("{text} (not in the list)"),
                None => "not given".into(),
            },
        },
    );
    if choice != before {
        *lang = choice.unwrap_or_default().to_string();
    }
}

const MOVE_ON: &str = "drop-down-move-on";

/// Asks that, next frame, the drop-down `id` take the keyboard and pass it on to the next
/// field (its popup, where the click landed, is gone by then).
fn move_on_next_frame(ui: &egui::Ui, id: egui::Id) {
    ui.data_mut(|d| d.insert_temp(egui::Id::unique(MOVE_ON), id));
    ui.ctx().request_repaint();
}

/// Carries out `move_on_next_frame` before the form is drawn: the focus given to the
/// drop-down and a move to the next field make egui hand the keyboard on as it is drawn.
fn take_focus_and_move_on(ui: &egui::Ui) {
    let key = egui::Id::unique(MOVE_ON);
    if let Some(id) = ui.data(|d| d.get_temp::<egui::Id>(key)) {
        ui.data_mut(|d| d.remove::<egui::Id>(key));
        ui.memory_mut(|m| {
            m.request_focus(id);
            m.move_focus(egui::FocusDirection::Next);
        });
    }
}

/// A drop-down as wide as the pane allows.
fn drop_down<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    name: &str,
    value: &mut T,
    all: &[T],
    text: impl Fn(&T) -> String,
) {
    let icon = ui.spacing().icon_width + ui.spacing().button_padding.x * 2.0;
    let width = (ui.available_width() - icon).clamp(80.0, 320.0);
    drop_down_width(ui, id, name, value, all, text, width);
}

/// A drop-down that chooses from the keyboard too: while it has the focus, Up and Down step
/// through the values and typing picks the next value starting with what was typed. Returns
/// the drop-down's id.
pub(super) fn drop_down_width<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    name: &str,
    value: &mut T,
    all: &[T],
    text: impl Fn(&T) -> String,
    width: f32,
) -> egui::Id {
    let before = value.clone();
    let response = egui::ComboBox::from_id_salt(id)
        .selected_text(text(value))
        .width(width)
        .height(320.0)
        .show_ui(ui, |ui| {
            for v in all {
                ui.selectable_value(value, v.clone(), text(v));
            }
        })
        .response
        .accessible_name(name);
    let button = response.id;
    if *value != before {
        // Picked in the list with the mouse: the keyboard goes on to the next field (it
        // was left with nothing, and Tab went to the menu bar).
        move_on_next_frame(ui, response.id);
    }
    if !response.has_focus() {
        return button;
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            response.id,
            egui::EventFilter {
                vertical_arrows: true,
                ..Default::default()
            },
        )
    });
    let at = all.iter().position(|v| v == value).unwrap_or(0);
    let (down, up, typed) = ui.input_mut(|i| {
        let down = i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown);
        let up = i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp);
        let typed: String = i
            .events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        (down, up, typed)
    });
    if down && at + 1 < all.len() {
        *value = all[at + 1].clone();
    } else if up && at > 0 {
        *value = all[at - 1].clone();
    } else if !typed.trim().is_empty() {
        // Letters typed within a second of each other make one prefix ("Rus" → Russian); a
        // single letter typed again steps to the next value starting with it.
        let memory = response.id.with("type-ahead");
        let now = ui.input(|i| i.time);
        let earlier = ui
            .data(|d| d.get_temp::<(String, f64)>(memory))
            .filter(|(_, at)| now - at < 1.0)
            .map(|(prefix, _)| prefix)
            .unwrap_or_default();
        let prefix = format!("{earlier}{}", typed.to_lowercase());
        ui.data_mut(|d| d.insert_temp(memory, (prefix.clone(), now)));
        let starts = |v: &T, p: &str| text(v).to_lowercase().starts_with(p);
        let single = prefix.chars().count() == 1 || prefix.chars().all(|c| prefix.starts_with(c));
        let next = if single {
            let letter: String = prefix.chars().take(1).collect();
            (1..=all.len())
                .map(|k| &all[(at + k) % all.len()])
                .find(|v| starts(v, &letter))
        } else {
            all.iter().find(|v| starts(v, &prefix))
        };
        if let Some(v) = next {
            *value = v.clone();
        }
    }
    button
}
