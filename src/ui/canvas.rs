//! A painter that also keeps what it paints: the timeline and the network draw through it, and
//! it records each mark into a `Picture` (in points from the drawing's top-left corner), which
//! "Save picture…" writes as SVG or PNG. The last picture each view drew is kept in egui's
//! memory for the dialog to take.

use crate::app::timeline::MainView;
use crate::model::picture::{Align, Area, Baseline, Element, Mark, Picture, Rgba};
use crate::model::picture_frame::Caption;
use egui::{Color32, Pos2, Rect, Stroke};
use std::sync::Arc;

/// The picture a view drew last, and which view drew it.
#[derive(Clone)]
pub struct ShownPicture {
    pub view: MainView,
    pub picture: Arc<Picture>,
    /// What the view says about the picture when it is saved to be published.
    pub caption: Arc<Caption>,
}

fn memory_id() -> egui::Id {
    egui::Id::unique("canvas-last-picture")
}

/// The picture the main view drew in the last frame, if it drew one.
pub fn last_picture(ctx: &egui::Context) -> Option<ShownPicture> {
    ctx.data(|d| d.get_temp::<ShownPicture>(memory_id()))
}

/// Paints on an egui painter and records the same marks.
pub struct Canvas {
    painter: egui::Painter,
    clipped: Option<(egui::Painter, Area)>,
    origin: Pos2,
    picture: Picture,
}

pub fn rgba(colour: Color32) -> Rgba {
    colour.to_srgba_unmultiplied()
}

impl Canvas {
    /// A canvas over `area`, whose background (recorded, not painted: the panel has it) is
    /// `background`.
    pub fn new(painter: egui::Painter, area: Rect, background: Color32) -> Canvas {
        Canvas {
            painter,
            clipped: None,
            origin: area.min,
            picture: Picture::new(area.width(), area.height(), rgba(background)),
        }
    }

    /// Room for about `marks` marks, so that a large drawing is not moved as it grows.
    pub fn reserve(&mut self, marks: usize) {
        self.picture.elements.reserve(marks);
    }

    /// Marks from now on are clipped to `rect` (`None`: to the whole canvas).
    pub fn clip_to(&mut self, rect: Option<Rect>) {
        self.clipped = rect.map(|r| (self.painter.with_clip_rect(r), self.area(r)));
    }

    /// The last picture drawn becomes what "Save picture…" saves, under `caption`.
    pub fn keep(self, ctx: &egui::Context, view: MainView, caption: Caption) {
        let shown = ShownPicture {
            view,
            picture: Arc::new(self.picture),
            caption: Arc::new(caption),
        };
        ctx.data_mut(|d| d.insert_temp(memory_id(), shown));
    }

    fn point(&self, p: Pos2) -> [f32; 2] {
        [p.x - self.origin.x, p.y - self.origin.y]
    }

    fn area(&self, r: Rect) -> Area {
        Area {
            min: self.point(r.min),
            max: self.point(r.max),
        }
    }

    fn painter(&self) -> &egui::Painter {
        self.clipped.as_ref().map_or(&self.painter, |(p, _)| p)
    }

    fn record(&mut self, mark: Mark) {
        let clip = self.clipped.as_ref().map(|(_, a)| *a);
        self.picture.elements.push(Element {
            clip,
            ..Element::new(mark)
        });
    }

    /// Names the mark just drawn (a record's "Kind: title, date").
    pub fn title_last(&mut self, title: String) {
        if let Some(last) = self.picture.elements.last_mut() {
            last.title = Some(title);
        }
    }

    /// The mark just drawn shows the window's state (a selection ring): a published picture
    /// leaves it out.
    pub fn selection_last(&mut self) {
        if let Some(last) = self.picture.elements.last_mut() {
            last.selection = true;
        }
    }

    /// The record's mark just drawn has no name beside it: a published picture numbers it
    /// and names it in a key.
    pub fn key_last(&mut self) {
        if let Some(last) = self.picture.elements.last_mut() {
            last.keyed = true;
        }
    }

    pub fn line(&mut self, a: Pos2, b: Pos2, stroke: Stroke) {
        self.painter().line_segment([a, b], stroke);
        self.record(Mark::Line {
            from: self.point(a),
            to: self.point(b),
            width: stroke.width,
            colour: rgba(stroke.color),
        });
    }

    /// Many straight lines of one colour as one mesh: thousands of them (a large network's
    /// references) cost a copy to tessellate, not a path each. Each is recorded as a line.
    pub fn lines(&mut self, segments: &[(Pos2, Pos2, f32)], colour: Color32) {
        let mut mesh = egui::Mesh::default();
        mesh.reserve_vertices(segments.len() * 4);
        mesh.reserve_triangles(segments.len() * 2);
        for (a, b, width) in segments {
            let along = *b - *a;
            let length = along.length();
            if length <= f32::EPSILON {
                continue;
            }
            // Half a point wider than asked: no feathering, so thin lines keep their weight.
            let across = egui::vec2(-along.y, along.x) / length * (width + 0.5) / 2.0;
            let first = mesh.vertices.len() as u32;
            for p in [*a + across, *a - across, *b - across, *b + across] {
                mesh.colored_vertex(p, colour);
            }
            mesh.add_triangle(first, first + 1, first + 2);
            mesh.add_triangle(first, first + 2, first + 3);
        }
        self.painter().add(egui::Shape::mesh(mesh));
        for (a, b, width) in segments {
            self.record(Mark::Line {
                from: self.point(*a),
                to: self.point(*b),
                width: *width,
                colour: rgba(colour),
            });
        }
    }

    pub fn circle_filled(&mut self, centre: Pos2, radius: f32, colour: Color32) {
        self.painter().circle_filled(centre, radius, colour);
        self.record(Mark::Circle {
            centre: self.point(centre),
            radius,
            fill: Some(rgba(colour)),
            stroke: None,
        });
    }

    pub fn circle_stroke(&mut self, centre: Pos2, radius: f32, stroke: Stroke) {
        self.painter().circle_stroke(centre, radius, stroke);
        self.record(Mark::Circle {
            centre: self.point(centre),
            radius,
            fill: None,
            stroke: Some((stroke.width, rgba(stroke.color))),
        });
    }

    pub fn rect_filled(&mut self, rect: Rect, corner: f32, colour: Color32) {
        self.painter().rect_filled(rect, corner, colour);
        self.record(Mark::Rect {
            area: self.area(rect),
            corner,
            fill: Some(rgba(colour)),
            stroke: None,
        });
    }

    /// An outline drawn outside `rect`.
    pub fn rect_stroke(&mut self, rect: Rect, corner: f32, stroke: Stroke) {
        self.painter()
            .rect_stroke(rect, corner, stroke, egui::StrokeKind::Outside);
        self.record(Mark::Rect {
            area: self.area(rect.expand(stroke.width / 2.0)),
            corner,
            fill: None,
            stroke: Some((stroke.width, rgba(stroke.color))),
        });
    }

    /// A rectangle shading from `left` to `right`.
    pub fn shade(&mut self, rect: Rect, left: Color32, right: Color32) {
        let mut mesh = egui::Mesh::default();
        for (pos, colour) in [
            (rect.left_top(), left),
            (rect.right_top(), right),
            (rect.right_bottom(), right),
            (rect.left_bottom(), left),
        ] {
            mesh.colored_vertex(pos, colour);
        }
        mesh.add_triangle(0, 1, 2);
        mesh.add_triangle(0, 2, 3);
        self.painter().add(egui::Shape::mesh(mesh));
        self.record(Mark::Shade {
            area: self.area(rect),
            left: rgba(left),
            right: rgba(right),
        });
    }

    /// Text of `size` points anchored at `at` as `align` says.
    pub fn text(
        &mut self,
        at: Pos2,
        align: egui::Align2,
        text: impl Into<String>,
        size: f32,
        colour: Color32,
    ) {
        let text = text.into();
        // The screen gets the text in drawing order; the picture keeps it as written (SVG
        // renderers apply the bidirectional algorithm themselves).
        self.painter().text(
            at,
            align,
            crate::model::bidi::visual(&text),
            egui::FontId::proportional(size),
            colour,
        );
        let horizontal = match align.x() {
            egui::Align::Min => Align::Start,
            egui::Align::Center => Align::Middle,
            egui::Align::Max => Align::End,
        };
        let baseline = match align.y() {
            egui::Align::Min => Baseline::Top,
            egui::Align::Center => Baseline::Middle,
            egui::Align::Max => Baseline::Bottom,
        };
        self.record(Mark::Text {
            at: self.point(at),
            text,
            size,
            colour: rgba(colour),
            align: horizontal,
            baseline,
        });
    }
}
