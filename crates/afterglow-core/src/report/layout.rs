//! Flowing content down pages: headings, paragraphs and tables that break onto a new page
//! when they do not fit, and a footer on every page.

use super::canvas::{INK, MUTED, Page, RULE, Rgb, WASH, Weight};
use super::fonts::Fonts;

pub const MARGIN: f32 = 48.0;
pub const BODY: f32 = 10.0;
pub const SMALL: f32 = 8.5;
const LEADING: f32 = 1.35;
/// Paragraphs of up to this many lines move to the next page whole rather than split.
const KEEP_TOGETHER_LINES: usize = 4;

pub struct Flow<'a> {
    pub fonts: &'a Fonts,
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    /// The y of the next line's top.
    pub y: f32,
}

impl<'a> Flow<'a> {
    pub fn new(fonts: &'a Fonts, (width, height): (f32, f32)) -> Self {
        Self {
            fonts,
            width,
            height,
            pages: vec![Page::default()],
            y: MARGIN,
        }
    }

    pub fn left(&self) -> f32 {
        MARGIN
    }

    pub fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    /// The bottom of the usable area (the footer sits below it).
    pub fn bottom(&self) -> f32 {
        self.height - MARGIN
    }

    pub fn page(&mut self) -> &mut Page {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.new_page();
        }
    }

    /// Starts a new page unless the current one is still empty.
    pub fn fresh_page(&mut self) {
        if !self.page().ops.is_empty() {
            self.new_page();
        }
    }

    pub fn space(&mut self, points: f32) {
        self.y += points;
    }

    pub fn title(&mut self, text: &str) {
        self.ensure(40.0);
        let (x, y) = (self.left(), self.y + 20.0);
        self.page().text(x, y, 20.0, Weight::Bold, INK, text);
        self.y += 32.0;
    }

    pub fn heading(&mut self, text: &str) {
        self.ensure(60.0);
        self.y += 6.0;
        let (x, y) = (self.left(), self.y + 13.0);
        self.page().text(x, y, 13.0, Weight::Bold, INK, text);
        self.y += 18.0;
        let (x0, x1, ly) = (self.left(), self.left() + self.content_width(), self.y);
        self.page().line(vec![(x0, ly), (x1, ly)], RULE, 0.6);
        self.y += 8.0;
    }

    pub fn subheading(&mut self, text: &str) {
        self.ensure(40.0);
        let (x, y) = (self.left(), self.y + 11.0);
        self.page().text(x, y, 10.5, Weight::Bold, INK, text);
        self.y += 16.0;
    }

    /// A wrapped paragraph at `left + indent`. One of up to [`KEEP_TOGETHER_LINES`] lines
    /// is not split across pages, so a remark never leaves its last line alone on a page.
    pub fn paragraph(&mut self, text: &str, size: f32, weight: Weight, color: Rgb, indent: f32) {
        let width = self.content_width() - indent;
        let lines = self.fonts.wrap(weight, size, text, width);
        let line_h = size * LEADING;
        if lines.len() <= KEEP_TOGETHER_LINES {
            self.ensure(line_h * lines.len() as f32);
        }
        for line in lines {
            self.ensure(line_h);
            let (x, y) = (self.left() + indent, self.y + size);
            self.page().text(x, y, size, weight, color, &line);
            self.y += line_h;
        }
    }

    pub fn body(&mut self, text: &str) {
        self.paragraph(text, BODY, Weight::Regular, INK, 0.0);
    }

    pub fn note(&mut self, text: &str) {
        self.paragraph(text, SMALL, Weight::Regular, MUTED, 0.0);
    }

    /// A table: a header row, then rows; `widths` are fractions of the content width. Long
    /// cells wrap; a row that does not fit moves to the next page with the header repeated.
    pub fn table(&mut self, header: &[&str], widths: &[f32], rows: &[Vec<String>]) {
        let total: f32 = widths.iter().sum();
        let cols: Vec<f32> = widths
            .iter()
            .map(|w| w / total * self.content_width())
            .collect();
        let pad = 3.0;
        let size = SMALL;
        let line_h = size * LEADING;
        let draw_header = |flow: &mut Flow| {
            flow.ensure(line_h * 3.0);
            let (x0, y0, w) = (flow.left(), flow.y, flow.content_width());
            flow.page().fill_rect(x0, y0, w, line_h + 2.0 * pad, WASH);
            let mut x = x0;
            for (h, cw) in header.iter().zip(&cols) {
                let text = flow.fonts.fit(Weight::Bold, size, h, cw - 2.0 * pad);
                flow.page()
                    .text(x + pad, y0 + pad + size, size, Weight::Bold, INK, &text);
                x += cw;
            }
            flow.y += line_h + 2.0 * pad;
        };
        draw_header(self);
        for row in rows {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(&cols)
                .map(|(cell, cw)| self.fonts.wrap(Weight::Regular, size, cell, cw - 2.0 * pad))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let row_h = lines as f32 * line_h + 2.0 * pad;
            if self.y + row_h > self.bottom() {
                self.new_page();
                draw_header(self);
            }
            let (x0, y0) = (self.left(), self.y);
            let mut x = x0;
            for (cell_lines, cw) in wrapped.iter().zip(&cols) {
                for (i, l) in cell_lines.iter().enumerate() {
                    let ty = y0 + pad + size + i as f32 * line_h;
                    self.page().text(x + pad, ty, size, Weight::Regular, INK, l);
                }
                x += cw;
            }
            let (x1, y1) = (x0 + self.content_width(), y0 + row_h);
            self.page().line(vec![(x0, y1), (x1, y1)], RULE, 0.4);
            self.y += row_h;
        }
        self.y += 6.0;
    }

    /// Writes "title · page n of m" at the foot of every page.
    pub fn add_footers(&mut self, left: &str) {
        let n = self.pages.len();
        let (w, h) = (self.width, self.height);
        for (i, page) in self.pages.iter_mut().enumerate() {
            let right = format!("page {} of {n}", i + 1);
            let rw = self.fonts.width(Weight::Regular, SMALL, &right);
            let y = h - MARGIN / 2.0;
            page.text(MARGIN, y, SMALL, Weight::Regular, MUTED, left);
            page.text(w - MARGIN - rw, y, SMALL, Weight::Regular, MUTED, &right);
        }
    }
}
