//! A page as a list of drawing operations, in points from the top-left corner. Layout code
//! produces these without knowing about PDF; `pdf_render` turns them into PDF content. Keeping
//! the two apart makes layout testable and the PDF writer small.

use std::sync::Arc;

/// Page sizes in PostScript points (1/72 in).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl PageSize {
    /// Width and height in points.
    pub fn points(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (595.28, 841.89),
            PageSize::Letter => (612.0, 792.0),
        }
    }
}

impl std::str::FromStr for PageSize {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(PageSize::A4),
            "letter" => Ok(PageSize::Letter),
            other => Err(format!("unknown page size {other:?}; use a4 or letter")),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

pub type Rgb = [u8; 3];

pub const INK: Rgb = [33, 33, 38];
pub const MUTED: Rgb = [110, 110, 120];
pub const RULE: Rgb = [210, 210, 215];
pub const ACCENT: Rgb = [196, 84, 70];
pub const WASH: Rgb = [246, 242, 240];

/// One drawing operation; coordinates in points from the page's top-left corner.
#[derive(Clone, Debug)]
pub enum Op {
    /// Text with its baseline's left end at (x, y).
    Text {
        /// Left end of the baseline.
        x: f32,
        /// The baseline's height.
        y: f32,
        /// Font size in points.
        size: f32,
        /// Regular or bold.
        weight: Weight,
        /// Text colour.
        color: Rgb,
        /// The text, one line.
        text: String,
    },
    /// A rectangle, filled, stroked or both.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour, if filled.
        fill: Option<Rgb>,
        /// Stroke colour and line width, if stroked.
        stroke: Option<(Rgb, f32)>,
        /// Opacity of the fill, 0–1.
        opacity: f32,
    },
    /// An open polyline.
    Line {
        /// The points joined, in order.
        points: Vec<(f32, f32)>,
        /// Line colour.
        color: Rgb,
        /// Line width in points.
        width: f32,
        /// Drawn dashed (planned or projected values).
        dashed: bool,
    },
    /// A filled circle (chart markers).
    Dot {
        /// Centre, horizontal.
        x: f32,
        /// Centre, vertical.
        y: f32,
        /// Radius in points.
        r: f32,
        /// Fill colour.
        color: Rgb,
    },
    /// A JPEG placed in the box (x, y, w, h).
    Jpeg {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The JPEG file's bytes, shared so a photo used twice is stored once.
        data: Arc<Vec<u8>>,
    },
}

/// One page's operations.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// The operations in drawing order.
    pub ops: Vec<Op>,
}

impl Page {
    /// Text with its baseline's left end at (`x`, `y`).
    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, color: Rgb, text: &str) {
        if !text.is_empty() {
            self.ops.push(Op::Text {
                x,
                y,
                size,
                weight,
                color,
                text: text.to_owned(),
            });
        }
    }

    /// A filled rectangle.
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.ops.push(Op::Rect {
            x,
            y,
            w,
            h,
            fill: Some(color),
            stroke: None,
            opacity: 1.0,
        });
    }

    /// A rectangle filled at `opacity` (0–1), for washes behind text.
    pub fn wash_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb, opacity: f32) {
        self.ops.push(Op::Rect {
            x,
            y,
            w,
            h,
            fill: Some(color),
            stroke: None,
            opacity,
        });
    }

    /// An outlined rectangle with lines `width` points wide.
    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb, width: f32) {
        self.ops.push(Op::Rect {
            x,
            y,
            w,
            h,
            fill: None,
            stroke: Some((color, width)),
            opacity: 1.0,
        });
    }

    /// A solid polyline.
    pub fn line(&mut self, points: Vec<(f32, f32)>, color: Rgb, width: f32) {
        self.ops.push(Op::Line {
            points,
            color,
            width,
            dashed: false,
        });
    }

    /// A dashed polyline.
    pub fn dashed_line(&mut self, points: Vec<(f32, f32)>, color: Rgb, width: f32) {
        self.ops.push(Op::Line {
            points,
            color,
            width,
            dashed: true,
        });
    }

    /// A filled circle of radius `r` centred on (`x`, `y`).
    pub fn dot(&mut self, x: f32, y: f32, r: f32, color: Rgb) {
        self.ops.push(Op::Dot { x, y, r, color });
    }

    /// A JPEG drawn into the box (`x`, `y`, `w`, `h`).
    pub fn jpeg(&mut self, x: f32, y: f32, w: f32, h: f32, data: Arc<Vec<u8>>) {
        self.ops.push(Op::Jpeg { x, y, w, h, data });
    }

    /// All the text on the page, in drawing order (for tests).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for op in &self.ops {
            if let Op::Text { text, .. } = op {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}
