//! The capture dialog: paste a report, say what it is (title, outlet, URL, publication date —
//! a dateline in its first lines is used when none is typed), read it, review what Chancery
//! drafted (each proposal kept or dropped with its tick box), and save the kept ones in one
//! step. The rules run in `exchange::capture`, the same code as `chancery capture`.

use crate::app::capture::{CaptureInput, Proposed};
use crate::app::{App, Command};
use crate::model::Record;

pub fn window(ui: &mut egui::Ui, app: &App, input: &mut CaptureInput, out: &mut Vec<Command>) {
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
                proposals_column(&mut columns[1], app, out);
            });
        });
    if !open {
        out.push(Command::CloseDialog);
    }
}

fn report_column(ui: &mut egui::Ui, app: &App, input: &mut CaptureInput, out: &mut Vec<Command>) {
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
                    "2025-09-10; empty: a date in the first lines, else today",
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
    let read = Command::ReadCapture(Box::new(input.clone()));
    let allowed = app.can(&read);
    let button = ui
        .add_enabled(allowed.is_ok(), egui::Button::new("Read the text"))
        .on_hover_text("Find the names, dates and quotes, and draft the records (Ctrl+Enter)");
    let chord = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
    if allowed.is_ok() && (button.clicked() || chord) {
        out.push(read);
    }
    if let Err(reason) = allowed {
        ui.label(egui::RichText::new(reason).weak());
    }
}

fn proposals_column(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let Some(session) = app.capture() else {
        return;
    };
    if let Some(error) = &session.error {
        ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {error}"));
        return;
    }
    if session.proposed.is_empty() {
        ui.label(egui::RichText::new("Read the text to see what Chancery finds in it.").weak());
        return;
    }
    let (known, new, dates, speech) = session.found;
    ui.label(format!(
        "Found {known} names the file knows, {new} new names, {dates} dates and {speech} passages of speech{}.",
        session
            .published
            .as_ref()
            .map(|p| format!("; dates read against {}", p.edtf()))
            .unwrap_or_default()
    ));
    ui.label(
        egui::RichText::new("Untick what should not be saved:")
            .weak()
            .small(),
    );
    egui::ScrollArea::vertical()
        .max_height(ui.available_height() - 40.0)
        .show(ui, |ui| {
            for (i, p) in session.proposed.iter().enumerate() {
                let mut keep = p.keep;
                let text = summary(app, p, &session.proposed);
                let response = ui
                    .add_enabled(i > 0, egui::Checkbox::new(&mut keep, text))
                    .on_disabled_hover_text("The report itself: everything else cites it");
                if response.changed() {
                    out.push(Command::ToggleProposed(i));
                }
            }
        });
    let kept = session.proposed.iter().filter(|p| p.keep).count();
    let save = Command::SaveCapture;
    let allowed = app.can(&save);
    if ui
        .add_enabled(
            allowed.is_ok(),
            egui::Button::new(format!("Save {kept} records")),
        )
        .on_hover_text("In one step: Undo takes them all back")
        .clicked()
    {
        out.push(save);
    }
}

/// One proposal in words: what it is, what it says, whom it names.
fn summary(app: &App, p: &Proposed, all: &[Proposed]) -> String {
    let name = |u: uuid::Uuid| {
        all.iter()
            .find(|x| x.record.uuid() == u)
            .map(|x| x.record.name().to_string())
            .unwrap_or_else(|| app.store().label(u))
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
