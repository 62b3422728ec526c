//! The network: the open record and the records around it as nodes styled by kind, the
//! references between them as lines labelled by relation (or, in co-attendance mode, actors
//! linked by the meetings they attended together, weighted by how often, within the date
//! filter). A force-directed layout settles a few steps per frame; dragging a node pins it,
//! a double-click expands it, a click shows it beside; dragging the background pans, the
//! wheel zooms, Fit brings everything into view. Every node is an accessible widget named
//! "Kind: title".

use super::canvas::Canvas;
use super::colours::kind_colour;
use crate::app::{App, Command};
use crate::app::{RecordCommand, ViewCommand};
use crate::model::network::{Graph, Layout, Node, date_bounds, link_within, node_within};
use crate::model::record::truncate as truncated;
use crate::model::timeline::{Day, Span, date_of};
use egui::{Pos2, Rect, Sense, Stroke, Vec2, vec2};
use std::sync::Arc;

/// From this many references on, they are drawn as one mesh (no anti-aliasing, a tenth of
/// the tessellation); fewer are drawn as smooth lines.
const MESH_LINKS_FROM: usize = 1_000;

/// The view's own state, kept in egui's memory.
#[derive(Clone)]
struct View {
    /// The graph generation and mode the layout belongs to.
    generation: u64,
    co_attendance: bool,
    shown: Arc<Graph>,
    layout: Layout,
    /// Screen offset of the layout's origin from the plot's centre, and points per unit.
    offset: Vec2,
    zoom: f32,
    /// Fit the view once the layout has settled (until the user pans or zooms).
    auto_fit: bool,
    /// Each shown node's dates as days, and how many links it has.
    spans: Vec<Option<Span>>,
    degrees: Vec<u32>,
    /// The time slider: only links within `[from, to)` are drawn (`None`: all time).
    period: Option<(Day, Day)>,
}

pub fn show(ui: &mut egui::Ui, app: &App, out: &mut Vec<Command>) {
    let network = app.network();
    let view_id = egui::Id::unique("network-view");
    let mode_id = egui::Id::unique("network-co-attendance");
    let mut co_attendance = ui.data(|d| d.get_temp::<bool>(mode_id)).unwrap_or(false);
    let mut fit_now = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Network");
        let graph = network.graph();
        let centre = network
            .centre()
            .and_then(|c| graph.position(&c))
            .map(|at| graph.nodes[at].title.clone());
        let text = match centre {
            Some(title) => format!(
                "{} records and {} references around {title}",
                graph.nodes.len(),
                graph.links.len()
            ),
            None => "Open a record to see the records around it.".to_string(),
        };
        ui.label(egui::RichText::new(text).weak());
        if ui
            .selectable_label(!co_attendance, "References")
            .on_hover_text("Every reference, labelled by its relation")
            .clicked()
        {
            co_attendance = false;
        }
        if ui
            .selectable_label(co_attendance, "Co-attendance")
            .on_hover_text(
                "Actors who attended the same meetings, by how often (within the date filter)",
            )
            .clicked()
        {
            co_attendance = true;
        }
        if ui
            .button("Fit")
            .on_hover_text("Bring every node into view")
            .clicked()
        {
            fit_now = true;
        }
        super::commands::button(
            ui,
            app,
            Command::View(ViewCommand::SavePictureAs),
            None,
            out,
        );
        // The record shown beside, if it is in the graph, can be expanded from here too.
        if let Some(opened) = app.opened()
            && graph.position(&opened.record.uuid()).is_some()
            && ui
                .button(format!("Expand {}", truncated(&opened.title, 40)))
                .on_hover_text("Add the records around it (or double-click its node)")
                .clicked()
        {
            out.push(Command::View(ViewCommand::ExpandNode(opened.record.uuid())));
        }
    });
    ui.label(
        egui::RichText::new(
            "Drag a node to pin it · double-click to expand · drag the background to move · wheel: zoom",
        )
        .small()
        .weak(),
    );
    ui.data_mut(|d| d.insert_temp(mode_id, co_attendance));

    let mut view = ui
        .data(|d| d.get_temp::<View>(view_id))
        .filter(|v| v.generation == network.generation() && v.co_attendance == co_attendance)
        .unwrap_or_else(|| {
            let previous = ui.data(|d| d.get_temp::<View>(view_id));
            fresh_view(
                app,
                network.graph(),
                network.generation(),
                co_attendance,
                previous,
            )
        });
    if fit_now {
        view.auto_fit = true;
    }
    period_slider(ui, &mut view);
    plot(ui, app, &mut view, out);
    ui.data_mut(|d| d.insert_temp(view_id, view));
}

/// A view for a new graph or mode; a graph that grew (a node expanded) keeps the placed nodes
/// where they were.
fn fresh_view(
    app: &App,
    graph: &Arc<Graph>,
    generation: u64,
    co_attendance: bool,
    previous: Option<View>,
) -> View {
    let shown = if co_attendance {
        let filters = &app.spec().filters;
        let (from, to) = (filters.from.clone(), filters.to.clone());
        Arc::new(graph.co_attendance(&|m: &Node| within(m, from.as_deref(), to.as_deref())))
    } else {
        Arc::clone(graph)
    };
    let grows = previous.as_ref().is_some_and(|p| {
        p.co_attendance == co_attendance
            && p.shown.nodes.len() <= shown.nodes.len()
            && p.shown
                .nodes
                .iter()
                .zip(&shown.nodes)
                .all(|(a, b)| a.uuid == b.uuid)
    });
    let spans = shown.spans();
    let degrees = shown.degrees();
    match previous.filter(|_| grows) {
        Some(mut p) => {
            let near = p.shown.nodes.len().checked_sub(1);
            p.layout.grow(shown.nodes.len(), near);
            p.shown = shown;
            p.generation = generation;
            p.auto_fit = true;
            p.spans = spans;
            p.degrees = degrees;
            p
        }
        None => View {
            generation,
            co_attendance,
            layout: Layout::new(shown.nodes.len()),
            shown,
            offset: Vec2::ZERO,
            zoom: 1.0,
            auto_fit: true,
            spans,
            degrees,
            period: None,
        },
    }
}

/// The time slider: two handles over the days the graph's dated records cover; links with a
/// dated end outside the period are hidden and such records dimmed.
fn period_slider(ui: &mut egui::Ui, view: &mut View) {
    let Some((first, end)) = date_bounds(&view.spans) else {
        return;
    };
    // The handles stand on days: the last is the last day covered (spans end the day after).
    let last = end - 1.0;
    if last - first < 1.0 {
        return;
    }
    let (mut from, mut to) = view.period.map_or((first, last), |(f, t)| (f, t - 1.0));
    from = from.clamp(first, last);
    to = to.clamp(first, last);
    let day_text = |day: f64, _: std::ops::RangeInclusive<usize>| date_of(day).to_string();
    ui.horizontal_wrapped(|ui| {
        ui.label("Period:");
        ui.add(
            egui::Slider::new(&mut from, first..=last)
                .step_by(1.0)
                .custom_formatter(day_text)
                .show_value(true),
        )
        .accessible_name("Period from");
        ui.label("to");
        ui.add(
            egui::Slider::new(&mut to, first..=last)
                .step_by(1.0)
                .custom_formatter(day_text)
                .show_value(true),
        )
        .accessible_name("Period to");
        if view.period.is_some()
            && ui
                .button("All time")
                .on_hover_text("Show the links of every date")
                .clicked()
        {
            from = first;
            to = last;
        }
    });
    if to < from {
        std::mem::swap(&mut from, &mut to);
    }
    view.period = if from <= first && to >= last {
        None
    } else {
        // The last day is shown whole.
        Some((from, to + 1.0))
    };
    if let Some((f, t)) = view.period {
        let kept = view
            .shown
            .links
            .iter()
            .filter(|l| link_within(&view.spans, l, f, t))
            .count();
        ui.label(
            egui::RichText::new(format!(
                "{kept} of {} references in the period",
                view.shown.links.len()
            ))
            .weak(),
        );
    }
}

/// Whether a meeting's date falls within the date filter (ISO dates compare as text; a
/// meeting without a date counts).
fn within(meeting: &Node, from: Option<&str>, to: Option<&str>) -> bool {
    let Some(date) = meeting.date.as_deref() else {
        return true;
    };
    let start = date.split('/').next().unwrap_or(date);
    let end = date.rsplit('/').next().unwrap_or(date);
    from.is_none_or(|f| end >= f || end == "..") && to.is_none_or(|t| start <= t || start == "..")
}

fn plot(ui: &mut egui::Ui, app: &App, view: &mut View, out: &mut Vec<Command>) {
    let rect = ui.available_rect_before_wrap();
    if rect.width() < 40.0 || rect.height() < 40.0 {
        return;
    }
    let background = ui.interact(
        rect,
        egui::Id::unique("network-plot"),
        Sense::click_and_drag(),
    );
    // A few layout steps per frame while it moves, within a few milliseconds.
    let started = std::time::Instant::now();
    while !view.layout.settled() && started.elapsed() < std::time::Duration::from_millis(6) {
        view.layout.step(&view.shown.links);
    }
    if !view.layout.settled() {
        ui.ctx().request_repaint();
    }
    if view.auto_fit {
        fit(view, rect);
        if view.layout.settled() {
            view.auto_fit = false;
        }
    }
    // Pan and zoom.
    if background.dragged_by(egui::PointerButton::Primary)
        || background.dragged_by(egui::PointerButton::Secondary)
    {
        view.offset += background.drag_delta();
        view.auto_fit = false;
    }
    if ui.rect_contains_pointer(rect) {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (scroll / 400.0).exp() * pinch;
        if factor != 1.0 {
            let pointer = ui.input(|i| i.pointer.hover_pos()).unwrap_or(rect.center());
            let anchor = pointer - rect.center() - view.offset;
            let zoom = (view.zoom * factor).clamp(0.05, 8.0);
            view.offset -= anchor * (zoom / view.zoom - 1.0);
            view.zoom = zoom;
            view.auto_fit = false;
        }
    }
    let (offset, zoom) = (view.offset, view.zoom);
    let to_screen = |p: [f32; 2]| rect.center() + offset + vec2(p[0], p[1]) * zoom;
    let visuals = ui.visuals().clone();
    let mut canvas = Canvas::new(ui.painter_at(rect), rect, visuals.extreme_bg_color);
    canvas.reserve(view.shown.links.len() + view.shown.nodes.len() * 3 + 8);
    canvas.rect_filled(rect, 2.0, visuals.extreme_bg_color);

    let shown = Arc::clone(&view.shown);
    let period = view.period;
    // Links drawn (within the period), and per node whether any of its links is drawn.
    let mut drawn_links: Vec<&crate::model::network::Link> = Vec::with_capacity(shown.links.len());
    let mut linked = vec![false; shown.nodes.len()];
    for link in &shown.links {
        if let Some((f, t)) = period
            && !link_within(&view.spans, link, f, t)
        {
            continue;
        }
        for end in [link.from, link.to] {
            if let Some(l) = linked.get_mut(end) {
                *l = true;
            }
        }
        drawn_links.push(link);
    }
    // With a period set, a record outside it, or left without any link in it, is dimmed.
    let in_period = |i: usize| {
        period.is_none_or(|(f, t)| {
            node_within(&view.spans, i, f, t) && (linked[i] || view.degrees[i] == 0)
        })
    };
    let link_colour = visuals.weak_text_color().gamma_multiply(0.6);
    let segments: Vec<(Pos2, Pos2, f32)> = drawn_links
        .iter()
        .map(|link| {
            (
                to_screen(view.layout.positions[link.from]),
                to_screen(view.layout.positions[link.to]),
                (1.0 + (link.weight as f32).ln()).min(5.0),
            )
        })
        .collect();
    if segments.len() > MESH_LINKS_FROM {
        canvas.lines(&segments, link_colour);
    } else {
        for (a, b, width) in segments {
            canvas.line(a, b, Stroke::new(width, link_colour));
        }
    }
    let names = zoom > 0.5 || shown.nodes.len() <= 60;
    let centre = app.network().centre();
    let opened = app.opened().map(|o| o.record.uuid());
    let mut taken = Taken::default();
    let sides = if names {
        label_places(view, &shown, rect, centre, &to_screen, &mut taken)
    } else {
        vec![None; shown.nodes.len()]
    };
    // Relations between the same two records share one label ("participant · speaker"), and
    // a label that would cover a name or another label is left out.
    if zoom > 0.7 && drawn_links.len() <= 400 {
        let mut by_pair: std::collections::BTreeMap<(usize, usize), Vec<&str>> =
            std::collections::BTreeMap::new();
        for link in &drawn_links {
            let pair = (link.from.min(link.to), link.from.max(link.to));
            let relations = by_pair.entry(pair).or_default();
            if !relations.contains(&link.relation.as_str()) {
                relations.push(&link.relation);
            }
        }
        for ((a, b), relations) in by_pair {
            let (pa, pb) = (
                to_screen(view.layout.positions[a]),
                to_screen(view.layout.positions[b]),
            );
            let text = relations.join(" · ");
            let middle = pa + (pb - pa) * 0.5;
            let size = vec2(text.chars().count() as f32 * 5.4 + 4.0, 13.0);
            let label = Rect::from_center_size(middle, size);
            if rect.contains_rect(label) && taken.claim(label) {
                canvas.text(
                    middle,
                    egui::Align2::CENTER_CENTER,
                    text,
                    10.0,
                    visuals.weak_text_color(),
                );
            }
        }
    }
    for (i, node) in shown.nodes.iter().enumerate() {
        let at = to_screen(view.layout.positions[i]);
        let radius = if Some(node.uuid) == centre { 10.0 } else { 7.0 };
        let mut colour = kind_colour(node.kind, visuals.dark_mode);
        let mut text_colour = visuals.text_color();
        if !in_period(i) {
            colour = colour.gamma_multiply(0.25);
            text_colour = visuals.weak_text_color().gamma_multiply(0.6);
        }
        canvas.circle_filled(at, radius, colour);
        canvas.title_last(node_name(node));
        if sides[i].is_none() {
            // No room for its name beside it: a saved picture numbers it, names it below.
            canvas.key_last();
        }
        if view.layout.pinned[i] {
            canvas.circle_stroke(at, radius + 2.0, Stroke::new(1.5, visuals.text_color()));
            canvas.selection_last();
        }
        if Some(node.uuid) == opened || app.selection().contains(&node.uuid) {
            canvas.circle_stroke(
                at,
                radius + 4.0,
                Stroke::new(2.0, visuals.selection.stroke.color),
            );
            canvas.selection_last();
        }
        match sides[i] {
            Some(Side::Right) => canvas.text(
                at + vec2(name_gap(Some(node.uuid) == centre), 0.0),
                egui::Align2::LEFT_CENTER,
                truncated(&node.title, 40),
                12.0,
                text_colour,
            ),
            Some(Side::Left) => canvas.text(
                at - vec2(name_gap(Some(node.uuid) == centre), 0.0),
                egui::Align2::RIGHT_CENTER,
                truncated(&node.title, 40),
                12.0,
                text_colour,
            ),
            Some(Side::Above) => canvas.text(
                at - vec2(0.0, radius + 2.0),
                egui::Align2::CENTER_BOTTOM,
                truncated(&node.title, 40),
                12.0,
                text_colour,
            ),
            Some(Side::Below) => canvas.text(
                at + vec2(0.0, radius + 2.0),
                egui::Align2::CENTER_TOP,
                truncated(&node.title, 40),
                12.0,
                text_colour,
            ),
            None => {}
        }
        let hit = Rect::from_center_size(at, vec2(radius * 2.0 + 6.0, radius * 2.0 + 6.0));
        if !rect.intersects(hit) {
            continue;
        }
        let response = ui
            .interact(
                hit,
                egui::Id::unique(("network-node", node.uuid)),
                Sense::click_and_drag(),
            )
            .on_hover_ui(|ui| {
                ui.strong(&node.title);
                ui.label(node.kind.label());
                if let Some(date) = &node.date {
                    ui.label(egui::RichText::new(date).weak());
                }
                ui.label(
                    egui::RichText::new("Double-click: expand · drag: pin")
                        .small()
                        .weak(),
                );
            });
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, node_name(node)));
        if response.dragged() {
            let moved = response.drag_delta() / zoom;
            let p = view.layout.positions[i];
            view.layout.pin(i, [p[0] + moved.x, p[1] + moved.y]);
            view.auto_fit = false;
        }
        if response.double_clicked() {
            out.push(Command::View(ViewCommand::ExpandNode(node.uuid)));
        } else if response.clicked() {
            out.push(Command::Record(RecordCommand::OpenRecord(node.uuid)));
        }
    }
    let caption = caption(&shown, centre, drawn_links.len(), period, &visuals);
    canvas.keep(ui.ctx(), crate::app::timeline::MainView::Network, caption);
    ui.advance_cursor_after_rect(rect);
}

/// What a saved picture of the network says: whose neighbourhood it is, how many records and
/// references it shows, and the colour of each kind of record in it.
fn caption(
    shown: &Graph,
    centre: Option<uuid::Uuid>,
    links: usize,
    period: Option<(crate::model::timeline::Day, crate::model::timeline::Day)>,
    visuals: &egui::Visuals,
) -> crate::model::picture_frame::Caption {
    let title = match centre.and_then(|c| shown.nodes.iter().find(|n| n.uuid == c)) {
        Some(node) => format!("Network around {}", node.title),
        None => "Network".to_string(),
    };
    let mut subtitle = format!("{} records · {links} references", shown.nodes.len());
    if let Some((from, to)) = period {
        let day = super::text::long_day;
        subtitle.push_str(&format!(" · period {} – {}", day(from), day(to)));
    }
    let mut legend: Vec<(crate::model::picture::Rgba, String)> = Vec::new();
    for kind in crate::model::RecordKind::ALL {
        if shown.nodes.iter().any(|n| n.kind == *kind) {
            legend.push((
                super::canvas::rgba(kind_colour(*kind, visuals.dark_mode)),
                super::sidebar::plural(*kind).to_string(),
            ));
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

/// What a node is called, for assistive technology and in a saved picture.
fn node_name(node: &Node) -> String {
    format!("{}: {}", node.kind.label(), node.title)
}

/// How far a name stands from its node's centre: clear of the disc (radius 10 for the centre,
/// 7 otherwise) and at least one grid cell beyond the disc's own cells.
fn name_gap(is_centre: bool) -> f32 {
    if is_centre { 15.0 } else { 12.0 }
}

/// Which side of its node a name stands on.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    Right,
    Left,
    Above,
    Below,
}

/// Screen cells (8 points square) covered by names and labels already placed.
#[derive(Default)]
struct Taken(std::collections::HashSet<(i32, i32)>);

impl Taken {
    const CELL: f32 = 8.0;

    fn cells(r: Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, x1) = (
            (r.left() / Self::CELL).floor() as i32,
            (r.right() / Self::CELL).ceil() as i32,
        );
        let (y0, y1) = (
            (r.top() / Self::CELL).floor() as i32,
            (r.bottom() / Self::CELL).ceil() as i32,
        );
        (x0..x1).flat_map(move |x| (y0..y1).map(move |y| (x, y)))
    }

    /// Takes the cells of `r` if none is taken; returns whether it did.
    fn claim(&mut self, r: Rect) -> bool {
        if Self::cells(r).any(|c| self.0.contains(&c)) {
            return false;
        }
        self.0.extend(Self::cells(r));
        true
    }
}

/// Where each node's name stands: the centre's first, then the most linked nodes', each on
/// its right or else its left, only where it covers no name already placed and stays inside
/// the view, so that a crowded graph stays readable at 800×600.
fn label_places(
    view: &View,
    shown: &Graph,
    rect: Rect,
    centre: Option<uuid::Uuid>,
    to_screen: &dyn Fn([f32; 2]) -> Pos2,
    taken: &mut Taken,
) -> Vec<Option<Side>> {
    let mut order: Vec<usize> = (0..shown.nodes.len()).collect();
    order.sort_by_key(|i| {
        (
            Some(shown.nodes[*i].uuid) != centre,
            std::cmp::Reverse(view.degrees.get(*i).copied().unwrap_or(0)),
            *i,
        )
    });
    // Every node's own disc is taken first: names do not cover nodes.
    for i in 0..shown.nodes.len() {
        let at = to_screen(view.layout.positions[i]);
        taken
            .0
            .extend(Taken::cells(Rect::from_center_size(at, vec2(8.0, 8.0))));
    }
    let mut sides = vec![None; shown.nodes.len()];
    for i in order {
        let at = to_screen(view.layout.positions[i]);
        let chars = shown.nodes[i].title.chars().count().min(40) as f32;
        let size = vec2(chars * 6.6 + 4.0, 16.0);
        let gap = name_gap(Some(shown.nodes[i].uuid) == centre);
        let right = Rect::from_min_size(at + vec2(gap, -8.0), size);
        let left = Rect::from_min_size(at + vec2(-gap - size.x, -8.0), size);
        // Above and below too: after Expand, a crowded graph once named few of its nodes.
        let above = Rect::from_min_size(at + vec2(-size.x / 2.0, -gap - 16.0), size);
        let below = Rect::from_min_size(at + vec2(-size.x / 2.0, gap), size);
        for (side, label) in [
            (Side::Right, right),
            (Side::Left, left),
            (Side::Above, above),
            (Side::Below, below),
        ] {
            if rect.contains_rect(label) && taken.claim(label) {
                sides[i] = Some(side);
                break;
            }
        }
        // The record the graph is about is always named.
        if sides[i].is_none() && Some(shown.nodes[i].uuid) == centre {
            let side = if rect.contains_rect(right) || !rect.contains_rect(left) {
                Side::Right
            } else {
                Side::Left
            };
            let label = if side == Side::Right { right } else { left };
            taken.0.extend(Taken::cells(label));
            sides[i] = Some(side);
        }
    }
    sides
}

/// Zoom and offset that show every node with a margin.
fn fit(view: &mut View, rect: Rect) {
    let (min, max) = view.layout.bounds();
    let size = vec2(max[0] - min[0], max[1] - min[1]) + vec2(160.0, 60.0);
    let zoom = (rect.width() / size.x)
        .min(rect.height() / size.y)
        .clamp(0.05, 2.0);
    let middle = Pos2::new((min[0] + max[0]) / 2.0 + 50.0, (min[1] + max[1]) / 2.0);
    view.zoom = zoom;
    view.offset = -(middle.to_vec2() * zoom);
}
