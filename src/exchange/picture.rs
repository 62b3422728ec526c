//! Saving a picture (the timeline or the network as drawn) as SVG or PNG. The SVG is written
//! from the picture's marks (clipped by geometry, so that every renderer draws them alike),
//! each record's mark carrying its name as a `<title>`; the PNG is
//! that SVG rendered by resvg at twice the size, with the fonts the window uses, so both files
//! show the same picture. A file is written whole or not at all, and only onto a new name or
//! an earlier picture: never over any other file.

use super::graphml::escape;
use crate::model::picture::{Align, Area, Baseline, Mark, Picture, Rgba};
use std::fmt::Write as _;
use std::path::Path;

/// The file formats a picture can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureFormat {
    Svg,
    Png,
}

impl PictureFormat {
    /// The format a file name asks for by its extension.
    pub fn from_path(path: &Path) -> Option<PictureFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(PictureFormat::Svg),
            "png" => Some(PictureFormat::Png),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            PictureFormat::Svg => "svg",
            PictureFormat::Png => "png",
        }
    }
}

/// Why a picture was not saved. Each reads as one line.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("no file name given")]
    NoName,
    #[error("{0} ends neither in .png nor in .svg; name the file with the format you want")]
    UnknownFormat(String),
    #[error("{0} exists and is not a picture; choose another name")]
    NotAPicture(String),
    #[error("{0} is a folder; choose a file name")]
    Folder(String),
    #[error("the folder of {0} does not exist")]
    NoFolder(String),
    #[error("the picture is too large to render ({0} × {1} points)")]
    TooLarge(u32, u32),
    #[error("cannot render the picture: {0}")]
    Render(String),
    #[error("cannot write {0}: {1}")]
    Io(String, std::io::Error),
}

/// Scale of the PNG against the picture's points: sharp on high-density screens and in print.
pub const PNG_SCALE: f32 = 2.0;

/// Writes `picture` to `path` in the format its extension names.
pub fn save_picture(picture: &Picture, path: &Path) -> Result<PictureFormat, PictureError> {
    let shown = path.display().to_string();
    if path.as_os_str().is_empty() {
        return Err(PictureError::NoName);
    }
    let format =
        PictureFormat::from_path(path).ok_or(PictureError::UnknownFormat(shown.clone()))?;
    check_picture_target(path)?;
    let svg = to_svg(picture);
    let bytes = match format {
        PictureFormat::Svg => svg.into_bytes(),
        PictureFormat::Png => to_png(&svg, picture)?,
    };
    super::write_atomically(path, &bytes).map_err(|e| PictureError::Io(shown, e))?;
    Ok(format)
}

/// Refuses a path that holds anything but an earlier picture (or that cannot be written).
fn check_picture_target(path: &Path) -> Result<(), PictureError> {
    let shown = path.display().to_string();
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.is_dir()
    {
        return Err(PictureError::NoFolder(shown));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(PictureError::Io(shown, e)),
    };
    if meta.is_dir() {
        return Err(PictureError::Folder(shown));
    }
    if !meta.is_file() {
        return Err(PictureError::NotAPicture(shown));
    }
    let mut head = [0u8; 512];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| PictureError::Io(shown.clone(), e))?;
    if is_picture(&head[..read]) || meta.len() == 0 {
        Ok(())
    } else {
        Err(PictureError::NotAPicture(shown))
    }
}

/// True for the start of a PNG or an SVG file.
fn is_picture(head: &[u8]) -> bool {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if head.starts_with(PNG) {
        return true;
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml") || text.starts_with("<svg") || text.starts_with("<!--"))
        && text.contains("<svg")
}

/// The fonts text is set in: those the window uses, then whatever the viewer has.
const FONT_FAMILY: &str = "'DejaVu Sans', 'Noto Sans Arabic', sans-serif";

/// The picture as an SVG document.
pub fn to_svg(picture: &Picture) -> String {
    let mut svg = String::with_capacity(256 + picture.elements.len() * 120);
    let (w, h) = (picture.width.max(1.0), picture.height.max(1.0));
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}">"#,
        w = num(w),
        h = num(h),
    );
    let _ = writeln!(
        svg,
        r#"<rect x="0" y="0" width="{}" height="{}"{}/>"#,
        num(w),
        num(h),
        paint("fill", picture.background)
    );
    let mut shades = 0usize;
    for element in &picture.elements {
        // Clipped by geometry, not `clipPath`: simple renderers (ImageMagick's) drop clipped
        // groups whole.
        let Some(mark) = element
            .clip
            .map_or(Some(element.mark.clone()), |c| clipped(&element.mark, c))
        else {
            continue;
        };
        write_element(&mut svg, &mark, element.title.as_deref(), &mut shades);
    }
    svg.push_str("</svg>\n");
    svg
}

/// `mark` cut to `clip`; `None` if nothing of it is inside. A circle or text partly inside
/// is kept whole.
fn clipped(mark: &Mark, clip: Area) -> Option<Mark> {
    let inside = |p: [f32; 2], margin: f32| {
        p[0] >= clip.min[0] - margin
            && p[0] <= clip.max[0] + margin
            && p[1] >= clip.min[1] - margin
            && p[1] <= clip.max[1] + margin
    };
    let cut = |area: &Area| {
        let min = [area.min[0].max(clip.min[0]), area.min[1].max(clip.min[1])];
        let max = [area.max[0].min(clip.max[0]), area.max[1].min(clip.max[1])];
        (min[0] < max[0] && min[1] < max[1]).then_some(Area { min, max })
    };
    match mark {
        Mark::Rect {
            area,
            corner,
            fill,
            stroke,
        } => Some(Mark::Rect {
            area: cut(area)?,
            corner: *corner,
            fill: *fill,
            stroke: *stroke,
        }),
        Mark::Shade { area, left, right } => {
            let kept = cut(area)?;
            let at = |x: f32| {
                let t = ((x - area.min[0]) / area.width().max(f32::EPSILON)).clamp(0.0, 1.0);
                let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
                [
                    mix(left[0], right[0]),
                    mix(left[1], right[1]),
                    mix(left[2], right[2]),
                    mix(left[3], right[3]),
                ]
            };
            Some(Mark::Shade {
                area: kept,
                left: at(kept.min[0]),
                right: at(kept.max[0]),
            })
        }
        Mark::Line {
            from,
            to,
            width,
            colour,
        } => {
            let (a, b) = clip_segment(*from, *to, clip)?;
            Some(Mark::Line {
                from: a,
                to: b,
                width: *width,
                colour: *colour,
            })
        }
        Mark::Circle { centre, radius, .. } => inside(*centre, *radius).then(|| mark.clone()),
        Mark::Text { at, .. } => inside(*at, 0.0).then(|| mark.clone()),
    }
}

/// The part of the segment from `a` to `b` inside `clip` (Liang–Barsky).
fn clip_segment(a: [f32; 2], b: [f32; 2], clip: Area) -> Option<([f32; 2], [f32; 2])> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d[0], a[0] - clip.min[0]),
        (d[0], clip.max[0] - a[0]),
        (-d[1], a[1] - clip.min[1]),
        (d[1], clip.max[1] - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then(|| {
        (
            [a[0] + t0 * d[0], a[1] + t0 * d[1]],
            [a[0] + t1 * d[0], a[1] + t1 * d[1]],
        )
    })
}

fn write_element(svg: &mut String, mark: &Mark, title: Option<&str>, shades: &mut usize) {
    let titled = title.is_some();
    if let Some(title) = title {
        let _ = write!(svg, "<g><title>{}</title>", escape(title));
    }
    match mark {
        Mark::Line {
            from,
            to,
            width,
            colour,
        } => {
            let _ = write!(
                svg,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}" stroke-linecap="round"{}/>"#,
                num(from[0]),
                num(from[1]),
                num(to[0]),
                num(to[1]),
                num(*width),
                paint("stroke", *colour)
            );
        }
        Mark::Circle {
            centre,
            radius,
            fill,
            stroke,
        } => {
            let _ = write!(
                svg,
                r#"<circle cx="{}" cy="{}" r="{}"{}{}/>"#,
                num(centre[0]),
                num(centre[1]),
                num(*radius),
                fill_of(*fill),
                stroke_of(*stroke)
            );
        }
        Mark::Rect {
            area,
            corner,
            fill,
            stroke,
        } => {
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}"{}{}/>"#,
                num(area.min[0]),
                num(area.min[1]),
                num(area.width().max(0.0)),
                num(area.height().max(0.0)),
                num(*corner),
                fill_of(*fill),
                stroke_of(*stroke)
            );
        }
        Mark::Shade { area, left, right } => {
            let id = *shades;
            *shades += 1;
            let _ = write!(
                svg,
                r#"<linearGradient id="shade{id}" x1="0" y1="0" x2="1" y2="0"><stop offset="0"{}/><stop offset="1"{}/></linearGradient>"#,
                paint("stop-color", *left),
                paint("stop-color", *right),
            );
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="url(#shade{id})"/>"#,
                num(area.min[0]),
                num(area.min[1]),
                num(area.width().max(0.0)),
                num(area.height().max(0.0)),
            );
        }
        Mark::Text {
            at,
            text,
            size,
            colour,
            align,
            baseline,
        } => {
            let anchor = match align {
                Align::Start => "start",
                Align::Middle => "middle",
                Align::End => "end",
            };
            // Baselines by the font's proportions, so every renderer places text alike.
            let y = match baseline {
                Baseline::Top => at[1] + size * 0.8,
                Baseline::Middle => at[1] + size * 0.35,
                Baseline::Bottom => at[1] - size * 0.2,
            };
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}"{}>{}</text>"#,
                num(at[0]),
                num(y),
                num(*size),
                paint("fill", *colour),
                escape(text)
            );
        }
    }
    if titled {
        svg.push_str("</g>");
    }
    svg.push('\n');
}

fn fill_of(fill: Option<Rgba>) -> String {
    match fill {
        Some(c) => paint("fill", c),
        None => r#" fill="none""#.to_string(),
    }
}

fn stroke_of(stroke: Option<(f32, Rgba)>) -> String {
    match stroke {
        Some((width, c)) => format!(r#" stroke-width="{}"{}"#, num(width), paint("stroke", c)),
        None => String::new(),
    }
}

/// ` attr="#rrggbb"` with its opacity where the colour is not opaque.
fn paint(attr: &str, [r, g, b, a]: Rgba) -> String {
    let mut out = format!(r##" {attr}="#{r:02x}{g:02x}{b:02x}""##);
    if a != 255 {
        let opacity = match attr {
            "stop-color" => "stop-opacity".to_string(),
            other => format!("{other}-opacity"),
        };
        let _ = write!(out, r#" {opacity}="{:.3}""#, a as f32 / 255.0);
    }
    out
}

/// A coordinate with at most two decimals.
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The largest PNG side, in pixels: a picture beyond it is refused rather than exhausting memory.
const MAX_PNG_SIDE: u32 = 16_384;

/// The SVG rendered as a PNG at `PNG_SCALE`, with the window's fonts.
fn to_png(svg: &str, picture: &Picture) -> Result<Vec<u8>, PictureError> {
    use resvg::{tiny_skia, usvg};
    let width = (picture.width.max(1.0) * PNG_SCALE).ceil() as u32;
    let height = (picture.height.max(1.0) * PNG_SCALE).ceil() as u32;
    if width > MAX_PNG_SIDE || height > MAX_PNG_SIDE {
        return Err(PictureError::TooLarge(
            picture.width as u32,
            picture.height as u32,
        ));
    }
    let mut options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        ..usvg::Options::default()
    };
    {
        let fonts = options.fontdb_mut();
        fonts.load_font_data(crate::assets::DEJAVU_SANS.to_vec());
        fonts.load_font_data(crate::assets::NOTO_SANS_ARABIC.to_vec());
        fonts.set_sans_serif_family("DejaVu Sans");
    }
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| PictureError::Render(e.to_string()))?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(PictureError::TooLarge(
        picture.width as u32,
        picture.height as u32,
    ))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PictureError::Render(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::picture::{Element, Picture};

    fn sample() -> Picture {
        let mut p = Picture::new(200.0, 100.0, [255, 255, 255, 255]);
        let clip = Area {
            min: [10.0, 10.0],
            max: [190.0, 90.0],
        };
        p.elements.push(Element {
            mark: Mark::Rect {
                area: Area {
                    min: [0.0, 40.0],
                    max: [400.0, 60.0],
                },
                corner: 2.0,
                fill: Some([36, 99, 178, 255]),
                stroke: None,
            },
            clip: Some(clip),
            title: Some("Meeting: Novak & \"Al Shibani\" <Damascus>".into()),
            ..Element::new(Mark::Line {
                from: [0.0; 2],
                to: [0.0; 2],
                width: 0.0,
                colour: [0; 4],
            })
        });
        p.elements.push(Element {
            mark: Mark::Shade {
                area: Area {
                    min: [10.0, 70.0],
                    max: [60.0, 80.0],
                },
                left: [0, 0, 0, 0],
                right: [200, 60, 60, 255],
            },
            clip: Some(clip),
            ..Element::new(Mark::Line {
                from: [0.0; 2],
                to: [0.0; 2],
                width: 0.0,
                colour: [0; 4],
            })
        });
        p.elements.push(Element {
            mark: Mark::Text {
                at: [5.0, 5.0],
                text: "2025 · الشيباني".into(),
                size: 12.0,
                colour: [20, 20, 20, 200],
                align: Align::Start,
                baseline: Baseline::Top,
            },
            ..Element::new(Mark::Line {
                from: [0.0; 2],
                to: [0.0; 2],
                width: 0.0,
                colour: [0; 4],
            })
        });
        p
    }

    #[test]
    fn svg_is_well_formed_and_names_its_records() {
        let svg = to_svg(&sample());
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(titles, ["Meeting: Novak & \"Al Shibani\" <Damascus>"]);
        assert_eq!(
            doc.descendants()
                .filter(|n| n.has_tag_name("clipPath"))
                .count(),
            0,
            "clipped by geometry"
        );
        // The bar, 0 to 400 wide, is cut to its clip (10 to 190).
        let bar = doc
            .descendants()
            .find(|n| n.has_tag_name("rect") && n.attribute("rx") == Some("2"))
            .expect("the bar");
        assert_eq!(
            (bar.attribute("x"), bar.attribute("width")),
            (Some("10"), Some("180"))
        );
        assert!(svg.contains("الشيباني"));
        assert!(svg.contains(r#"fill-opacity="0.784""#));
    }

    #[test]
    fn png_shows_the_marks_in_their_colours() {
        let svg = to_svg(&sample());
        let png = to_png(&svg, &sample()).expect("renders");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        assert_eq!(pixmap.width(), 400);
        assert_eq!(pixmap.height(), 200);
        // The bar, at twice the size: inside its clip it is blue; outside the clip, white.
        let at = |x: u32, y: u32| pixmap.pixel(x, y).map(|p| (p.red(), p.green(), p.blue()));
        assert_eq!(at(100, 100), Some((36, 99, 178)));
        assert_eq!(at(395, 100), Some((255, 255, 255)));
        // Some text was drawn (dark pixels near the top left).
        let dark = (0..200)
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|(x, y)| at(*x, *y).is_some_and(|(r, _, _)| r < 120))
            .count();
        assert!(dark > 20, "{dark} dark pixels of text");
    }

    #[test]
    fn only_a_new_name_or_an_earlier_picture_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let picture = sample();
        let svg = dir.path().join("timeline.svg");
        assert_eq!(save_picture(&picture, &svg).unwrap(), PictureFormat::Svg);
        // Saving again over the same picture is fine.
        save_picture(&picture, &svg).unwrap();
        let png = dir.path().join("timeline.PNG");
        assert_eq!(save_picture(&picture, &png).unwrap(), PictureFormat::Png);
        assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));

        let notes = dir.path().join("notes.svg");
        std::fs::write(&notes, "my notes, not a picture").unwrap();
        let err = save_picture(&picture, &notes).unwrap_err();
        assert!(matches!(err, PictureError::NotAPicture(_)), "{err}");
        assert_eq!(
            std::fs::read_to_string(&notes).unwrap(),
            "my notes, not a picture"
        );
        let err = save_picture(&picture, &dir.path().join("x.jpg")).unwrap_err();
        assert!(err.to_string().contains(".png"), "{err}");
        let err = save_picture(&picture, &dir.path().join("nowhere/x.png")).unwrap_err();
        assert!(matches!(err, PictureError::NoFolder(_)), "{err}");
        assert!(matches!(
            save_picture(&picture, dir.path()).unwrap_err(),
            PictureError::UnknownFormat(_) | PictureError::Folder(_)
        ));
    }
}
