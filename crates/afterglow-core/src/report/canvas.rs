//! A page as a list of drawing operations, in points from the top-left corner. Layout code
//! produces these without knowing about PDF; `pdf_render` turns them into PDF content. Keeping
//! the two apart makes layout testable and the PDF writer small.

use std::sync::Arc;

/// Page sizes in PostScript points (1/72 in).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

impl PageSize {
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

#[derive(Clone, Debug)]
pub enum Op {
    /// Text with its baseline's left end at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        opacity: f32,
    },
    /// An open polyline.
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        width: f32,
        dashed: bool,
    },
    /// A filled circle (chart markers).
    Dot { x: f32, y: f32, r: f32, color: Rgb },
    /// A JPEG placed in the box (x, y, w, h).
    Jpeg {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        data: Arc<Vec<u8>>,
    },
}

/// One page's operations.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub ops: Vec<Op>,
}

impl Page {
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

    pub fn line(&mut self, points: Vec<(f32, f32)>, color: Rgb, width: f32) {
        self.ops.push(Op::Line {
            points,
            color,
            width,
            dashed: false,
        });
    }

    pub fn dashed_line(&mut self, points: Vec<(f32, f32)>, color: Rgb, width: f32) {
        self.ops.push(Op::Line {
            points,
            color,
            width,
            dashed: true,
        });
    }

    pub fn dot(&mut self, x: f32, y: f32, r: f32, color: Rgb) {
        self.ops.push(Op::Dot { x, y, r, color });
    }

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
