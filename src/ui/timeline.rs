//! The timeline: the current search's dated records on a horizontal time axis, one lane per
//! kind. A day is a point, a month or an interval a bar over what it can mean; approximate
//! and uncertain ends are soft, open ends fade out; a legend says so. Ranges too dense to
//! draw record by record show counts per period. The wheel zooms (decades to days) around the
//! pointer, a horizontal scroll or a right-button drag pans, the keyboard does both (+ − ← →,
//! Home to fit); hovering shows a record, a click opens it, and dragging over a range selects
//! what it covers (ready to export), after which its dates can become the date filter.
//! Every record drawn is an accessible widget named "Kind: title, date".

use super::canvas::Canvas;
use super::colours::kind_colour;
use super::picker::{Picker, Pickers};
use crate::app::{App, Command};
use crate::app::{ListCommand, RecordCommand, SelectionCommand, ViewCommand};
use crate::model::record::truncate as truncated;
use crate::model::timeline::{Day, LaneKey, Span, date_of, ticks};
use crate::model::{Filters, RecordKind};
use crate::query::{TimelineData, TimelineItem};
use egui::{Color32, Rect, Sense, Stroke, pos2, vec2};
use std::sync::Arc;

/// Lanes draw record by record up to this many visible records; beyond, counts per period.
const DENSE: usize = 1_000;
/// Height of one row of bars within a lane.
const ROW: f32 = 18.0;
/// Most rows a lane stacks overlapping records into (the rest share the last).
const MAX_ROWS: usize = 6;
/// Room for the lanes' names: at least this, more for actors' names (up to `GUTTER_MAX`).
const GUTTER: f32 = 92.0;
const GUTTER_MAX: f32 = 170.0;
/// Characters of an actor's name shown beside its lane.
const LANE_NAME: usize = 22;
const AXIS: f32 = 26.0;
/// Width of a soft edge, in points.
const SOFT: f32 = 12.0;

/// The view's own state, kept in egui's memory: the visible range and a drag in progress.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ViewRange {
    from: Day,
    to: Day,
    /// The data this range was fitted to (its address), to fit again when new data comes.
    fitted_to: usize,
}

/// The range a finished drag covered, offered as a date filter.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Dragged {
    from: Day,
    to: Day,
}

const SHOWN_DATA: &str = "timeline-shown-data";

/// Forgets the dates kept in view (another file was opened).
pub fn forget(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<Arc<TimelineData>>(egui::Id::unique(SHOWN_DATA)));
}

pub fn show(ui: &mut egui::Ui, app: &App, pickers: &mut Pickers, out: &mut Vec<Command>) {
    // While new dates are read, the last ones stay in view (and the lane chooser with its
    // focus: it vanished for a frame and the next name typed into it was lost).
    let shown_id = egui::Id::unique(SHOWN_DATA);
    let data = match app.timeline().data() {
        None => match ui.data(|d| d.get_temp::<Arc<TimelineData>>(shown_id)) {
            Some(data) => data,
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading dates…");
                });
                return;
            }
        },
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {e}"));
            return;
        }
        Some(Ok(data)) => {
            ui.data_mut(|d| d.insert_temp(shown_id, Arc::clone(data)));
            Arc::clone(data)
        }
    };
    let range_id = egui::Id::unique("timeline-range");
    let fitted_to = Arc::as_ptr(&data) as usize;
    let mut range = ui
        .data(|d| d.get_temp::<ViewRange>(range_id))
        .filter(|r| r.fitted_to == fitted_to)
        .unwrap_or_else(|| fit(&data, fitted_to));
    header(ui, app, &data, &mut range, out);
    lane_choice(ui, app, pickers, out);
    if data.items.is_empty() {
        ui.add_space(20.0);
        ui.label("No dated records match. Meetings, statements and links with dates show here.");
        ui.data_mut(|d| d.insert_temp(range_id, range));
        return;
    }
    plot(ui, app, &data, &mut range, out);
    ui.data_mut(|d| d.insert_temp(range_id, range));
}

/// The whole data in view, with a little room either side.
fn fit(data: &TimelineData, fitted_to: usize) -> ViewRange {
    let from = data
        .items
        .iter()
        .map(|i| i.span.start)
        .fold(f64::INFINITY, f64::min);
    let to = data
        .items
        .iter()
        .map(|i| i.span.end)
        .fold(f64::NEG_INFINITY, f64::max);
    let (from, to) = if from.is_finite() && to.is_finite() {
        (from, to)
    } else {
        let today = crate::model::timeline::day_number(crate::app::today());
        (today - 365.0, today)
    };
    let pad = ((to - from) * 0.04).max(3.0);
    ViewRange {
        from: from - pad,
        to: to + pad,
        fitted_to,
    }
}

fn header(
    ui: &mut egui::Ui,
    app: &App,
    data: &TimelineData,
    range: &mut ViewRange,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Timeline");
        let mut count = format!("{} dated records", data.items.len());
        if data.undated > 0 {
            count.push_str(&format!(" ({} without a date not shown)", data.undated));
        }
        if data.truncated {
            count.push_str(&format!(
                "; the first {} matches only",
                crate::query::TIMELINE_LIMIT
            ));
        }
        ui.label(egui::RichText::new(count).weak());
        if ui
            .button("Fit")
            .on_hover_text("Show every record (Home)")
            .clicked()
        {
            *range = fit(data, range.fitted_to);
        }
        super::commands::button(
            ui,
            app,
            Command::View(ViewCommand::SavePictureAs),
            None,
            out,
        );
        let selected = app.selection().count();
        if selected > 0 {
            ui.separator();
            ui.label(format!("{selected} selected"));
        }
        let dragged_id = egui::Id::unique("timeline-dragged");
        if let Some(dragged) = ui.data(|d| d.get_temp::<Dragged>(dragged_id)) {
            let (from, to) = (date_of(dragged.from), date_of(dragged.to - 1.0));
            if ui
                .button(format!("Filter to {from} – {to}"))
                .on_hover_text("Set the date filter to the range you dragged over")
                .clicked()
            {
                let filters = Filters {
                    from: Some(from.to_string()),
                    to: Some(to.to_string()),
                    ..app.spec().filters.clone()
                };
                out.push(Command::List(ListCommand::SetFilters(filters)));
                ui.data_mut(|d| d.remove::<Dragged>(dragged_id));
            }
        }
    });
    // Narrow windows keep the plot's height: the legend is a hover away.
    if ui.available_width() < 520.0 {
        ui.label(egui::RichText::new("Legend").weak().underline())
            .on_hover_ui(|ui| {
                ui.set_max_width(300.0);
                legend(ui);
            });
    } else {
        legend(ui);
    }
}

/// The lanes: one per kind, or one per actor chosen (chips with ✖, a picker to add one).
fn lane_choice(ui: &mut egui::Ui, app: &App, pickers: &mut Pickers, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Lanes:");
        let actors = app.lane_actors();
        let names: Vec<(uuid::Uuid, String)> = match app.timeline().data() {
            Some(Ok(data)) => data
                .lanes
                .iter()
                .filter_map(|l| match &l.key {
                    LaneKey::Actor { uuid, name } => Some((*uuid, name.clone())),
                    LaneKey::Kind(_) => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if actors.is_empty() {
            ui.label(egui::RichText::new("one per kind").weak());
        } else {
            if ui
                .button("By kind")
                .on_hover_text("One lane per kind of record again")
                .clicked()
            {
                out.push(Command::View(ViewCommand::SetTimelineLanes(Vec::new())));
            }
            for actor in actors {
                let name = names
                    .iter()
                    .find(|(u, _)| u == actor)
                    .map_or("…", |(_, n)| n.as_str());
                if ui
                    .button(format!("{} ✖", truncated(name, 28)))
                    .on_hover_text("Remove this actor's lane")
                    .clicked()
                {
                    let rest = actors.iter().copied().filter(|a| a != actor).collect();
                    out.push(Command::View(ViewCommand::SetTimelineLanes(rest)));
                }
            }
        }
        let mut chosen = None;
        let picker_id = egui::Id::unique("timeline-lane-actor");
        Picker::new(picker_id, "Add a lane for an actor", &[RecordKind::Actor])
            .width(220.0)
            .show(ui, app, pickers, &mut chosen, out);
        if let Some(c) = chosen {
            let mut next = actors.to_vec();
            next.push(c.uuid);
            out.push(Command::View(ViewCommand::SetTimelineLanes(next)));
            // The field stays, empty, with the cursor in it for the next actor's name.
            ui.memory_mut(|m| m.request_focus(picker_id));
        }
    });
}

/// What the marks mean.
fn legend(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        let weak = ui.visuals().weak_text_color();
        let colour = ui.visuals().text_color();
        // Each entry (its mark and its words) wraps as one: a mark once ended a line and its
        // words began the next.
        let sample = |ui: &mut egui::Ui, span: Span, text: &str| {
            entry(ui, 44.0, text, |ui| {
                let (rect, _) = ui.allocate_exact_size(vec2(44.0, 14.0), Sense::hover());
                let mark = Rect::from_min_max(
                    pos2(rect.left() + 4.0, rect.center().y - 5.0),
                    pos2(rect.right() - 4.0, rect.center().y + 5.0),
                );
                let mut canvas = Canvas::new(ui.painter().clone(), rect, Color32::TRANSPARENT);
                if span.point {
                    canvas.circle_filled(rect.center(), 5.0, colour);
                } else {
                    paint_bar(&mut canvas, mark, &span, colour);
                }
                ui.label(egui::RichText::new(text).color(weak));
            });
        };
        let base = Span {
            start: 0.0,
            end: 1.0,
            point: false,
            soft_start: false,
            soft_end: false,
            open_start: false,
            open_end: false,
        };
        sample(
            ui,
            Span {
                point: true,
                ..base
            },
            "a day",
        );
        sample(ui, base, "a month, a year or an interval");
        sample(
            ui,
            Span {
                soft_start: true,
                soft_end: true,
                ..base
            },
            "approximate (~) or uncertain (?)",
        );
        sample(
            ui,
            Span {
                open_end: true,
                ..base
            },
            "open end (../ or /..)",
        );
        // The colours: one per kind of record.
        for kind in [
            RecordKind::Meeting,
            RecordKind::Statement,
            RecordKind::Link,
            RecordKind::Source,
        ] {
            // The dot and its word wrap as one.
            let word = super::sidebar::plural(kind).to_lowercase();
            entry(ui, 12.0, &word, |ui| {
                let (rect, _) = ui.allocate_exact_size(vec2(12.0, 14.0), Sense::hover());
                ui.painter().circle_filled(
                    rect.center(),
                    5.0,
                    kind_colour(kind, ui.visuals().dark_mode),
                );
                ui.label(egui::RichText::new(&word).color(weak));
            });
        }
        let help = "Wheel: zoom · drag: select · right-drag: move";
        entry(ui, 0.0, help, |ui| {
            ui.label(egui::RichText::new(help).small().color(weak));
        });
    });
}

/// One legend entry — a mark `mark_width` wide and its words — in exactly the room it needs,
/// so that a wrapping row moves it to the next line whole.
fn entry(ui: &mut egui::Ui, mark_width: f32, words: &str, add: impl FnOnce(&mut egui::Ui)) {
    let galley = egui::WidgetText::from(words).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    let width = mark_width + ui.spacing().item_spacing.x + galley.size().x + 2.0;
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        add,
    );
}

/// One lane's records laid out: each visible record with its row, or counts per period.
enum LaneMarks<'a> {
    Records(Vec<(&'a TimelineItem, usize)>, usize),
    Counts(Vec<u32>),
}

fn plot(
    ui: &mut egui::Ui,
    app: &App,
    data: &TimelineData,
    range: &mut ViewRange,
    out: &mut Vec<Command>,
) {
    let area = ui.available_rect_before_wrap();
    let plot = Rect::from_min_max(
        pos2(area.left() + gutter(data, area.width()), area.top()),
        pos2(area.right() - 8.0, area.bottom() - AXIS),
    );
    if plot.width() < 40.0 || plot.height() < 40.0 {
        return;
    }
    let background = ui.interact(
        plot,
        egui::Id::unique("timeline-plot"),
        Sense::click_and_drag(),
    );
    navigate(ui, &background, plot, range);
    let (from, to) = (range.from, range.to);
    let x_of = |day: Day| plot.left() + ((day - from) / (to - from)) as f32 * plot.width();
    let day_at = |x: f32| from + ((x - plot.left()) / plot.width()) as Day * (to - from);

    let visuals = ui.visuals().clone();
    let mut canvas = Canvas::new(ui.painter_at(area), area, visuals.panel_fill);

    // Lanes: the kinds present, in a fixed order; each frame's work is bounded by what is
    // in view (binary searches over the lane's index), not by the number of records.
    let mut lanes: Vec<(&LaneKey, LaneMarks)> = Vec::new();
    for lane in &data.lanes {
        let marks = if lane.count_between(from, to) > DENSE {
            let bins = (plot.width() / 4.0).max(1.0) as usize;
            LaneMarks::Counts(lane.counts(from, to, bins))
        } else {
            let visible: Vec<&TimelineItem> = lane
                .overlapping(from, to, |i| data.items[i].span)
                .map(|i| &data.items[i])
                .collect();
            let (placed, rows) = pack_rows(&visible, &x_of);
            LaneMarks::Records(placed, rows)
        };
        lanes.push((&lane.key, marks));
    }
    let wanted: f32 = lanes
        .iter()
        .map(|(_, m)| match m {
            LaneMarks::Records(_, rows) => *rows as f32 * ROW + 14.0,
            LaneMarks::Counts(_) => 60.0,
        })
        .sum();
    let scale = (plot.height() / wanted.max(1.0)).min(1.6);
    // The axis stands under the last lane, not at the foot of an empty pane: read closer to
    // the marks, and a saved picture holds no empty plot.
    let plot = Rect::from_min_max(
        plot.min,
        pos2(
            plot.right(),
            plot.bottom().min(plot.top() + wanted * scale + 12.0),
        ),
    );
    canvas.rect_filled(plot, 2.0, visuals.extreme_bg_color);
    axis(&mut canvas, &visuals, plot, from, to, &x_of);
    let mut top = plot.top() + 4.0;
    // Each hit with its lane: a record may stand in two actors' lanes.
    let mut hits: Vec<(Rect, &TimelineItem, usize)> = Vec::new();
    for (lane_index, (key, marks)) in lanes.iter().enumerate() {
        let height = match marks {
            LaneMarks::Records(_, rows) => *rows as f32 * ROW + 14.0,
            LaneMarks::Counts(_) => 60.0,
        } * scale;
        let lane = Rect::from_min_max(pos2(plot.left(), top), pos2(plot.right(), top + height));
        canvas.clip_to(None);
        let (name, lane_colour) = match key {
            LaneKey::Kind(kind) => (
                super::sidebar::plural(*kind).to_string(),
                kind_colour(*kind, visuals.dark_mode),
            ),
            LaneKey::Actor { name, .. } => (
                truncated(name, LANE_NAME),
                kind_colour(RecordKind::Actor, visuals.dark_mode),
            ),
        };
        canvas.text(
            pos2(area.left() + 4.0, lane.center().y),
            egui::Align2::LEFT_CENTER,
            name,
            13.0,
            visuals.text_color(),
        );
        canvas.line(
            pos2(plot.left(), lane.bottom()),
            pos2(plot.right(), lane.bottom()),
            Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        );
        // Marks stay inside the plot however far a span runs past the range in view.
        canvas.clip_to(Some(plot));
        match marks {
            LaneMarks::Counts(counts) => {
                let max = counts.iter().copied().max().unwrap_or(1).max(1) as f32;
                let width = plot.width() / counts.len().max(1) as f32;
                for (i, n) in counts.iter().enumerate() {
                    if *n == 0 {
                        continue;
                    }
                    let h = (lane.height() - 8.0) * (*n as f32 / max).max(0.06);
                    let x = plot.left() + i as f32 * width;
                    canvas.rect_filled(
                        Rect::from_min_max(
                            pos2(x, lane.bottom() - 4.0 - h),
                            pos2(x + width.max(1.0) - 0.5, lane.bottom() - 4.0),
                        ),
                        0.0,
                        lane_colour,
                    );
                }
            }
            LaneMarks::Records(placed, _) => {
                for (item, row) in placed {
                    let y = lane.top() + 7.0 * scale + (*row as f32 + 0.5) * ROW * scale;
                    let (x0, x1) = (x_of(item.span.start), x_of(item.span.end));
                    let rect = if item.span.point || x1 - x0 < 4.0 {
                        Rect::from_center_size(pos2((x0 + x1) / 2.0, y), vec2(11.0, 11.0))
                    } else {
                        Rect::from_min_max(pos2(x0, y - 6.0), pos2(x1, y + 6.0))
                    };
                    let colour = kind_colour(item.kind, visuals.dark_mode);
                    let selected = app.selection().contains(&item.uuid);
                    let opened = app.opened().is_some_and(|o| o.record.uuid() == item.uuid);
                    if item.span.point || rect.width() <= 11.0 {
                        canvas.circle_filled(rect.center(), 5.5, colour);
                    } else {
                        paint_bar(&mut canvas, rect, &item.span, colour);
                    }
                    canvas.title_last(item_name(item));
                    canvas.key_last();
                    if selected || opened {
                        let stroke = Stroke::new(2.0, visuals.selection.stroke.color);
                        canvas.rect_stroke(rect.expand(2.0), 3.0, stroke);
                        canvas.selection_last();
                    }
                    hits.push((rect.intersect(plot), item, lane_index));
                }
            }
        }
        top += height;
    }

    // Each record drawn is a widget: hover, click, and a name for assistive technology.
    for (rect, item, lane_index) in &hits {
        if rect.width() <= 0.0 {
            continue;
        }
        let response = ui
            .interact(
                *rect,
                egui::Id::unique(("timeline-item", item.uuid, *lane_index)),
                Sense::click(),
            )
            .on_hover_ui(|ui| {
                ui.strong(&item.title);
                match &item.wording {
                    Some(words) => ui.label(format!(
                        "{} · “{words}” ({})",
                        item.kind.label(),
                        item.date.edtf()
                    )),
                    None => ui.label(format!("{} · {}", item.kind.label(), item.date.edtf())),
                };
                ui.label(egui::RichText::new(item.date.describe()).weak());
            });
        let name = item_name(item);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
        if response.clicked() {
            out.push(Command::Record(RecordCommand::OpenRecord(item.uuid)));
        }
    }

    // Dragging over a range selects what it covers.
    let dragged_id = egui::Id::unique("timeline-dragged");
    let origin_id = egui::Id::unique("timeline-drag-origin");
    if background.drag_started_by(egui::PointerButton::Primary)
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
    {
        ui.data_mut(|d| d.insert_temp(origin_id, day_at(origin.x)));
    }
    let origin = ui.data(|d| d.get_temp::<Day>(origin_id));
    let now = ui.input(|i| i.pointer.latest_pos()).map(|p| day_at(p.x));
    if let (Some(origin), Some(now)) = (origin, now) {
        let (a, b) = (origin.min(now), origin.max(now));
        if background.dragged_by(egui::PointerButton::Primary) {
            canvas.clip_to(None);
            canvas.rect_filled(
                Rect::from_min_max(pos2(x_of(a), plot.top()), pos2(x_of(b), plot.bottom())),
                0.0,
                visuals.selection.bg_fill.gamma_multiply(0.35),
            );
        }
        if background.drag_stopped() {
            ui.data_mut(|d| d.remove::<Day>(origin_id));
            if b > a {
                let covered: Vec<(uuid::Uuid, RecordKind, String)> = data
                    .items
                    .iter()
                    .filter(|i| i.span.overlaps(a, b))
                    .map(|i| (i.uuid, i.kind, i.title.clone()))
                    .collect();
                out.push(Command::Selection(SelectionCommand::SelectRecords(covered)));
                ui.data_mut(|d| {
                    d.insert_temp(
                        dragged_id,
                        Dragged {
                            from: a.floor(),
                            to: b.ceil().max(a.floor() + 1.0),
                        },
                    )
                });
            }
        }
    }
    let caption = caption(app, data, from, to, &visuals);
    canvas.keep(ui.ctx(), crate::app::timeline::MainView::Timeline, caption);
    ui.advance_cursor_after_rect(area);
}

/// What a saved picture of the timeline says: what was searched, the span in view, how many
/// records it shows, and the colour of each lane.
fn caption(
    app: &App,
    data: &TimelineData,
    from: Day,
    to: Day,
    visuals: &egui::Visuals,
) -> crate::model::picture_frame::Caption {
    let searched = app.spec().text.trim();
    let title = if searched.is_empty() {
        "Timeline".to_string()
    } else {
        format!("Timeline — “{searched}”")
    };
    // The span of the records in view (not of the view, which has room either side).
    let in_view: Vec<&TimelineItem> = data
        .items
        .iter()
        .filter(|i| i.span.overlaps(from, to))
        .collect();
    let shown = in_view.len();
    let first = in_view
        .iter()
        .map(|i| i.span.start)
        .fold(f64::INFINITY, f64::min)
        .max(from);
    let last = in_view
        .iter()
        .map(|i| i.span.end)
        .fold(f64::NEG_INFINITY, f64::max)
        .min(to);
    let day = super::text::long_day;
    let span = if first.is_finite() && last.is_finite() {
        // Spans end the day after their last day.
        format!("{} – {} · ", day(first), day((last - 1.0).max(first)))
    } else {
        String::new()
    };
    let subtitle = format!(
        "{span}{shown} dated record{}",
        if shown == 1 { "" } else { "s" }
    );
    let mut legend: Vec<(crate::model::picture::Rgba, String)> = Vec::new();
    for lane in &data.lanes {
        let entry = match &lane.key {
            LaneKey::Kind(kind) => (
                super::canvas::rgba(kind_colour(*kind, visuals.dark_mode)),
                super::sidebar::plural(*kind).to_string(),
            ),
            LaneKey::Actor { name, .. } => (
                super::canvas::rgba(kind_colour(RecordKind::Actor, visuals.dark_mode)),
                name.clone(),
            ),
        };
        if !legend.contains(&entry) {
            legend.push(entry);
        }
    }
    crate::model::picture_frame::Caption {
        title,
        subtitle,
        legend,
        ink: super::canvas::rgba(visuals.text_color()),
        weak: super::canvas::rgba(visuals.weak_text_color()),
    }
}

/// What a record's mark is called, for assistive technology and in a saved picture.
fn item_name(item: &TimelineItem) -> String {
    format!(
        "{}: {}, {}",
        item.kind.label(),
        item.title,
        item.date.edtf()
    )
}

/// The room the lanes' names take: actors' names are longer than kinds'; a narrow window
/// keeps most of its width for the plot.
fn gutter(data: &TimelineData, width: f32) -> f32 {
    let longest = data
        .lanes
        .iter()
        .map(|l| match &l.key {
            LaneKey::Actor { name, .. } => name.chars().count().min(LANE_NAME),
            LaneKey::Kind(_) => 0,
        })
        .max()
        .unwrap_or(0);
    (longest as f32 * 7.0 + 10.0).clamp(GUTTER, GUTTER_MAX.min(width * 0.22).max(GUTTER))
}

/// Overlapping records on rows of their own: each goes on the first row free at its start.
fn pack_rows<'a>(
    visible: &[&'a TimelineItem],
    x_of: &dyn Fn(Day) -> f32,
) -> (Vec<(&'a TimelineItem, usize)>, usize) {
    let mut row_ends: Vec<f32> = Vec::new();
    let mut placed = Vec::with_capacity(visible.len());
    for item in visible {
        let x0 = x_of(item.span.start);
        let x1 = x_of(item.span.end).max(x0 + 11.0);
        let row = match row_ends.iter().position(|end| *end + 3.0 <= x0) {
            Some(row) => row,
            None if row_ends.len() < MAX_ROWS => {
                row_ends.push(f32::NEG_INFINITY);
                row_ends.len() - 1
            }
            None => MAX_ROWS - 1,
        };
        row_ends[row] = row_ends[row].max(x1);
        placed.push((*item, row));
    }
    (placed, row_ends.len().max(1))
}

/// Zoom, pan and fit from the wheel, a right-button drag and the keyboard.
fn navigate(ui: &egui::Ui, background: &egui::Response, plot: Rect, range: &mut ViewRange) {
    let width = range.to - range.from;
    let hovered = ui.rect_contains_pointer(plot);
    let (scroll, zoom, keys) = ui.input(|i| {
        (
            i.smooth_scroll_delta,
            i.zoom_delta(),
            (
                i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
                i.key_pressed(egui::Key::Minus),
                i.key_pressed(egui::Key::ArrowLeft),
                i.key_pressed(egui::Key::ArrowRight),
                i.key_pressed(egui::Key::Home),
            ),
        )
    });
    let pointer_day = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|_| hovered)
        .map(|p| range.from + ((p.x - plot.left()) / plot.width()) as Day * width)
        .unwrap_or((range.from + range.to) / 2.0);
    let mut factor: Day = 1.0;
    if hovered {
        factor *= (-(scroll.y as Day) / 400.0).exp();
        factor /= zoom as Day;
        let shift = -(scroll.x as Day) / plot.width() as Day * width;
        range.from += shift;
        range.to += shift;
    }
    let typing = ui.ctx().text_edit_focused();
    if !typing {
        let (zoom_in, zoom_out, left, right, home) = keys;
        if zoom_in {
            factor *= 0.8;
        }
        if zoom_out {
            factor *= 1.25;
        }
        if left || right {
            let shift = width * 0.15 * if left { -1.0 } else { 1.0 };
            range.from += shift;
            range.to += shift;
        }
        if home {
            range.fitted_to = usize::MAX; // fitted again below by the caller's next frame
        }
    }
    if background.dragged_by(egui::PointerButton::Secondary) {
        let shift = -(background.drag_delta().x as Day) / plot.width() as Day * width;
        range.from += shift;
        range.to += shift;
    }
    if factor != 1.0 {
        // From decades (a century in view) down to days (two days in view).
        let new_width = (width * factor).clamp(2.0, 36_525.0 * 2.0);
        let k = new_width / width;
        range.from = pointer_day - (pointer_day - range.from) * k;
        range.to = pointer_day + (range.to - pointer_day) * k;
    }
}

/// The time axis under the plot: ticks and labels that suit the zoom, year lines stronger.
fn axis(
    canvas: &mut Canvas,
    visuals: &egui::Visuals,
    plot: Rect,
    from: Day,
    to: Day,
    x_of: &dyn Fn(Day) -> f32,
) {
    let days_per_point = (to - from) / plot.width() as Day;
    let weak = visuals.widgets.noninteractive.bg_stroke.color;
    for tick in ticks(from, to, days_per_point * 80.0) {
        let x = x_of(tick.day);
        let label_room = plot.right() + 4.0 - x;
        let stroke = if tick.major {
            Stroke::new(1.0, visuals.weak_text_color())
        } else {
            Stroke::new(1.0, weak)
        };
        canvas.line(pos2(x, plot.top()), pos2(x, plot.bottom() + 4.0), stroke);
        // A label cut by the edge would read as another year ("20").
        if label_room < 7.5 * tick.label.chars().count() as f32 {
            continue;
        }
        canvas.text(
            pos2(x + 3.0, plot.bottom() + 5.0),
            egui::Align2::LEFT_TOP,
            tick.label,
            12.0,
            visuals.text_color(),
        );
    }
}

/// A bar over `rect`, its ends soft where the date is approximate or uncertain and fading
/// out where it is open.
fn paint_bar(canvas: &mut Canvas, rect: Rect, span: &Span, colour: Color32) {
    let clear = colour.gamma_multiply(0.0);
    let soft = SOFT.min(rect.width() / 3.0);
    let (left_in, right_in) = match (span.open_start, span.open_end) {
        // An open end fades over the whole bar.
        (true, _) => (rect.width(), 0.0),
        (_, true) => (0.0, rect.width()),
        _ => (
            if span.soft_start { soft } else { 0.0 },
            if span.soft_end { soft } else { 0.0 },
        ),
    };
    let solid = Rect::from_min_max(
        pos2(rect.left() + left_in, rect.top()),
        pos2(rect.right() - right_in, rect.bottom()),
    );
    if solid.width() > 0.0 {
        canvas.rect_filled(solid, 2.0, colour);
    }
    if left_in > 0.0 {
        canvas.shade(
            Rect::from_min_max(rect.min, pos2(rect.left() + left_in, rect.bottom())),
            clear,
            colour,
        );
    }
    if right_in > 0.0 {
        canvas.shade(
            Rect::from_min_max(pos2(rect.right() - right_in, rect.top()), rect.max),
            colour,
            clear,
        );
    }
}
