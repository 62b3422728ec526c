//! A picture made ready to publish: what the window drew, cut to the drawing with an even
//! margin, under a title, the span it covers and a legend (entries wrap whole), with the
//! window's own marks (the selection) left out and the records whose names are not written
//! beside them numbered and named in a key below. Geometry only: text widths are estimated
//! from the number of characters, generously.

use super::picture::{Align, Area, Baseline, Element, Mark, Picture, Point, Rgba};
use std::collections::HashMap;

/// What a published picture says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    pub title: String,
    /// The span and what is shown: "21 July – 20 November 2025 · 12 records".
    pub subtitle: String,
    /// Colour and meaning of each kind of mark.
    pub legend: Vec<(Rgba, String)>,
    /// The colours of text: the title's and the rest's.
    pub ink: Rgba,
    pub weak: Rgba,
}

const MARGIN: f32 = 16.0;
const TITLE_SIZE: f32 = 18.0;
const TEXT_SIZE: f32 = 12.0;
const KEY_SIZE: f32 = 11.0;
const NUMBER_SIZE: f32 = 9.0;
/// Records named in the key at most; the rest are counted.
const KEY_MAX: usize = 60;

/// The width text of `size` points takes, estimated (wide enough for most scripts).
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.58
}

/// Where a mark reaches.
fn bounds(mark: &Mark) -> Area {
    let grow = |min: Point, max: Point, by: f32| Area {
        min: [min[0] - by, min[1] - by],
        max: [max[0] + by, max[1] + by],
    };
    match mark {
        Mark::Line {
            from, to, width, ..
        } => grow(
            [from[0].min(to[0]), from[1].min(to[1])],
            [from[0].max(to[0]), from[1].max(to[1])],
            width / 2.0,
        ),
        Mark::Circle {
            centre,
            radius,
            stroke,
            ..
        } => grow(
            *centre,
            *centre,
            radius + stroke.map_or(0.0, |(w, _)| w / 2.0),
        ),
        Mark::Rect { area, stroke, .. } => {
            grow(area.min, area.max, stroke.map_or(0.0, |(w, _)| w / 2.0))
        }
        Mark::Shade { area, .. } => *area,
        Mark::Text {
            at,
            text,
            size,
            align,
            baseline,
            ..
        } => {
            let width = text_width(text, *size);
            let height = size * 1.25;
            let left = match align {
                Align::Start => at[0],
                Align::Middle => at[0] - width / 2.0,
                Align::End => at[0] - width,
            };
            let top = match baseline {
                Baseline::Top => at[1],
                Baseline::Middle => at[1] - height / 2.0,
                Baseline::Bottom => at[1] - height,
            };
            Area {
                min: [left, top],
                max: [left + width, top + height],
            }
        }
    }
}

fn intersect(a: Area, b: Area) -> Option<Area> {
    let min = [a.min[0].max(b.min[0]), a.min[1].max(b.min[1])];
    let max = [a.max[0].min(b.max[0]), a.max[1].min(b.max[1])];
    (min[0] < max[0] && min[1] < max[1]).then_some(Area { min, max })
}

fn union(a: Area, b: Area) -> Area {
    Area {
        min: [a.min[0].min(b.min[0]), a.min[1].min(b.min[1])],
        max: [a.max[0].max(b.max[0]), a.max[1].max(b.max[1])],
    }
}

fn shift_point(p: Point, by: Point) -> Point {
    [p[0] + by[0], p[1] + by[1]]
}

fn shift_area(a: Area, by: Point) -> Area {
    Area {
        min: shift_point(a.min, by),
        max: shift_point(a.max, by),
    }
}

fn shift(mark: &mut Mark, by: Point) {
    match mark {
        Mark::Line { from, to, .. } => {
            *from = shift_point(*from, by);
            *to = shift_point(*to, by);
        }
        Mark::Circle { centre, .. } => *centre = shift_point(*centre, by),
        Mark::Rect { area, .. } | Mark::Shade { area, .. } => *area = shift_area(*area, by),
        Mark::Text { at, .. } => *at = shift_point(*at, by),
    }
}

fn text(at: Point, text: String, size: f32, colour: Rgba) -> Element {
    Element::new(Mark::Text {
        at,
        text,
        size,
        colour,
        align: Align::Start,
        baseline: Baseline::Top,
    })
}

/// `picture` framed for publishing under `caption`.
pub fn framed(picture: &Picture, caption: &Caption) -> Picture {
    let whole = Area {
        min: [0.0, 0.0],
        max: [picture.width, picture.height],
    };
    // The drawing: every mark but the window's own and a background covering everything.
    let drawing: Vec<&Element> = picture
        .elements
        .iter()
        .filter(|e| !e.selection)
        .filter(|e| {
            !matches!(&e.mark, Mark::Rect { area, fill: Some(_), .. }
                if area.width() >= whole.width() - 1.0 && area.height() >= whole.height() - 1.0)
        })
        .collect();
    let reach = drawing
        .iter()
        .filter_map(|e| {
            let b = bounds(&e.mark);
            let b = match e.clip {
                Some(clip) => intersect(b, clip)?,
                None => b,
            };
            intersect(b, whole)
        })
        .reduce(union)
        .unwrap_or(whole);
    // Numbers for the records named in the key, in drawing order, one per record.
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut key: Vec<&str> = Vec::new();
    for e in &drawing {
        if let (true, Some(title)) = (e.keyed, e.title.as_deref())
            && !numbers.contains_key(title)
        {
            key.push(title);
            numbers.insert(title, key.len());
        }
    }
    let mut numbered: Vec<Element> = Vec::new();
    let mut reach = reach;
    let mut done: HashMap<usize, ()> = HashMap::new();
    for e in &drawing {
        let Some(n) = e.title.as_deref().and_then(|t| numbers.get(t)).copied() else {
            continue;
        };
        if !e.keyed || n > KEY_MAX || done.insert(n, ()).is_some() {
            continue;
        }
        let b = bounds(&e.mark);
        let label = Element::new(Mark::Text {
            at: [b.max[0] + 2.0, (b.min[1] + b.max[1]) / 2.0],
            text: n.to_string(),
            size: NUMBER_SIZE,
            colour: caption.ink,
            align: Align::Start,
            baseline: Baseline::Middle,
        });
        reach = union(reach, bounds(&label.mark));
        numbered.push(label);
    }

    let key_lines: Vec<String> = key
        .iter()
        .enumerate()
        .take(KEY_MAX)
        .map(|(i, title)| format!("{}  {title}", i + 1))
        .collect();
    let words = key_lines
        .iter()
        .map(|l| text_width(l, KEY_SIZE))
        .chain([
            text_width(&caption.title, TITLE_SIZE),
            text_width(&caption.subtitle, TEXT_SIZE),
        ])
        .fold(0.0, f32::max)
        .min(900.0);
    let width = (reach.width() + 2.0 * MARGIN).max(words + 2.0 * MARGIN);
    let room = width - 2.0 * MARGIN;
    let mut out = Picture::new(width, 0.0, picture.background);
    // The heading: title, span, legend (an entry wraps whole).
    let mut y = MARGIN;
    out.elements.push(text(
        [MARGIN, y],
        caption.title.clone(),
        TITLE_SIZE,
        caption.ink,
    ));
    y += TITLE_SIZE * 1.4;
    if !caption.subtitle.is_empty() {
        out.elements.push(text(
            [MARGIN, y],
            caption.subtitle.clone(),
            TEXT_SIZE,
            caption.weak,
        ));
        y += TEXT_SIZE * 1.5;
    }
    let mut x = MARGIN;
    for (colour, meaning) in &caption.legend {
        let entry = 14.0 + text_width(meaning, TEXT_SIZE) + 14.0;
        if x > MARGIN && x + entry > MARGIN + room {
            x = MARGIN;
            y += TEXT_SIZE * 1.5;
        }
        out.elements.push(Element::new(Mark::Circle {
            centre: [x + 5.0, y + TEXT_SIZE * 0.6],
            radius: 5.0,
            fill: Some(*colour),
            stroke: None,
        }));
        out.elements.push(text(
            [x + 14.0, y],
            meaning.clone(),
            TEXT_SIZE,
            caption.weak,
        ));
        x += entry;
    }
    if !caption.legend.is_empty() {
        y += TEXT_SIZE * 1.5;
    }
    y += 8.0;
    // The drawing, moved under the heading.
    let by = [MARGIN - reach.min[0], y - reach.min[1]];
    for e in drawing.into_iter().cloned().chain(numbered) {
        let mut e = e;
        shift(&mut e.mark, by);
        e.clip = e.clip.map(|c| shift_area(c, by));
        out.elements.push(e);
    }
    y += reach.height() + 12.0;
    // The key.
    let fits = (room / (KEY_SIZE * 0.58)) as usize;
    for line in key_lines {
        let line = if line.chars().count() > fits {
            let cut: String = line.chars().take(fits.saturating_sub(1)).collect();
            format!("{cut}…")
        } else {
            line
        };
        out.elements
            .push(text([MARGIN, y], line, KEY_SIZE, caption.ink));
        y += KEY_SIZE * 1.45;
    }
    if key.len() > KEY_MAX {
        out.elements.push(text(
            [MARGIN, y],
            format!("… and {} more records", key.len() - KEY_MAX),
            KEY_SIZE,
            caption.weak,
        ));
        y += KEY_SIZE * 1.45;
    }
    // Whole points: a PNG rendered from a fractional size had a half-transparent last row.
    out.width = out.width.ceil();
    out.height = (y + MARGIN).ceil();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caption() -> Caption {
        Caption {
            title: "Timeline — “Lavrov”".into(),
            subtitle: "July – November 2025 · 2 records".into(),
            legend: vec![([36, 99, 178, 255], "Meetings".into())],
            ink: [0, 0, 0, 255],
            weak: [90, 90, 90, 255],
        }
    }

    #[test]
    fn a_framed_picture_is_cut_to_its_drawing_titled_keyed_and_without_the_selection() {
        let mut p = Picture::new(1000.0, 600.0, [255; 4]);
        // A background over everything, a bar named in the key, a selection ring.
        p.elements.push(Element::new(Mark::Rect {
            area: Area {
                min: [0.0, 0.0],
                max: [1000.0, 600.0],
            },
            corner: 0.0,
            fill: Some([250; 4]),
            stroke: None,
        }));
        let mut bar = Element::new(Mark::Rect {
            area: Area {
                min: [400.0, 300.0],
                max: [500.0, 310.0],
            },
            corner: 2.0,
            fill: Some([36, 99, 178, 255]),
            stroke: None,
        });
        bar.title = Some("Meeting: Al Shibani's visit to Moscow".into());
        bar.keyed = true;
        p.elements.push(bar);
        let mut ring = Element::new(Mark::Circle {
            centre: [450.0, 305.0],
            radius: 30.0,
            fill: None,
            stroke: Some((2.0, [0, 0, 255, 255])),
        });
        ring.selection = true;
        p.elements.push(ring);

        let out = framed(&p, &caption());
        assert!(out.width < 500.0, "cut to the drawing: {}", out.width);
        assert!(out.elements.iter().all(|e| !e.selection), "no selection");
        let texts: Vec<&str> = out
            .elements
            .iter()
            .filter_map(|e| match &e.mark {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"Timeline — “Lavrov”"));
        assert!(texts.contains(&"July – November 2025 · 2 records"));
        assert!(texts.contains(&"Meetings"), "the legend");
        assert!(texts.contains(&"1"), "the bar is numbered");
        assert!(
            texts.contains(&"1  Meeting: Al Shibani's visit to Moscow"),
            "{texts:?}"
        );
        // Every mark lies inside the picture.
        for e in &out.elements {
            let b = bounds(&e.mark);
            assert!(b.min[0] >= 0.0 && b.max[0] <= out.width + 0.5, "{e:?}");
            assert!(b.min[1] >= 0.0 && b.max[1] <= out.height + 0.5, "{e:?}");
        }
    }
}
