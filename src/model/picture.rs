//! A picture as a list of simple marks — lines, circles, rectangles, horizontal shades and
//! text — in points from its top-left corner. The timeline and the network record what they
//! draw into one, so that what is saved as SVG or PNG is the picture on the screen. Plain data:
//! drawing it on a screen or writing it to a file is done elsewhere.

/// A colour, not premultiplied: red, green, blue, alpha.
pub type Rgba = [u8; 4];

/// A point: x to the right, y downwards.
pub type Point = [f32; 2];

/// A rectangle by its top-left and bottom-right corners.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub min: Point,
    pub max: Point,
}

impl Area {
    pub fn width(&self) -> f32 {
        self.max[0] - self.min[0]
    }

    pub fn height(&self) -> f32 {
        self.max[1] - self.min[1]
    }
}

/// How text stands to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    Middle,
    End,
}

/// Where text stands vertically to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    Top,
    Middle,
    Bottom,
}

/// One thing drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Line {
        from: Point,
        to: Point,
        width: f32,
        colour: Rgba,
    },
    Circle {
        centre: Point,
        radius: f32,
        fill: Option<Rgba>,
        /// Width and colour of the outline.
        stroke: Option<(f32, Rgba)>,
    },
    Rect {
        area: Area,
        corner: f32,
        fill: Option<Rgba>,
        stroke: Option<(f32, Rgba)>,
    },
    /// A rectangle shading from `left` at its left edge to `right` at its right edge.
    Shade { area: Area, left: Rgba, right: Rgba },
    Text {
        at: Point,
        text: String,
        size: f32,
        colour: Rgba,
        align: Align,
        baseline: Baseline,
    },
}

/// A mark with what it stands for (a record's name, shown as a tooltip where the format has
/// one) and the area it is clipped to.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub mark: Mark,
    pub clip: Option<Area>,
    pub title: Option<String>,
    /// A mark of the window's state (the selection, the open record): left out of a picture
    /// made to be published.
    pub selection: bool,
    /// A record's mark whose name is not written beside it: a published picture numbers it
    /// and names it in a key.
    pub keyed: bool,
}

impl Element {
    /// A plain mark, standing for nothing.
    pub fn new(mark: Mark) -> Element {
        Element {
            mark,
            clip: None,
            title: None,
            selection: false,
            keyed: false,
        }
    }
}

/// A whole picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub width: f32,
    pub height: f32,
    pub background: Rgba,
    pub elements: Vec<Element>,
}

impl Picture {
    pub fn new(width: f32, height: f32, background: Rgba) -> Picture {
        Picture {
            width,
            height,
            background,
            elements: Vec::new(),
        }
    }

    /// The titles of the marks that stand for something, in drawing order.
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        self.elements.iter().filter_map(|e| e.title.as_deref())
    }
}
