//! The report's fonts (Noto Sans regular and bold, OFL; see assets/fonts/LICENSE.md): embedded
//! in the binary, measured with ab_glyph for layout, drawn by krilla in PDFs and rasterised
//! by ab_glyph on exported images.

use ab_glyph::{Font, FontRef, ScaleFont};

use super::ReportError;
use super::canvas::Weight;

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// Fonts parsed for measuring and rasterising.
pub struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl Fonts {
    pub fn load() -> Result<Self, ReportError> {
        let parse = |data: &'static [u8]| {
            FontRef::try_from_slice(data).map_err(|e| ReportError::Font(e.to_string()))
        };
        Ok(Self {
            regular: parse(REGULAR)?,
            bold: parse(BOLD)?,
        })
    }

    pub fn font(&self, weight: Weight) -> &FontRef<'static> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// ab_glyph scales fonts by their line height (ascent − descent); PDF and CSS sizes are
    /// em sizes. The scale that draws `size` as an em size:
    pub fn em_scale(&self, weight: Weight, size: f32) -> ab_glyph::PxScale {
        let font = self.font(weight);
        let em = font.units_per_em().unwrap_or(1000.0);
        ab_glyph::PxScale::from(size * font.height_unscaled() / em)
    }

    /// The advance width of `text` at em size `size` (points or pixels), kerning included.
    pub fn width(&self, weight: Weight, size: f32, text: &str) -> f32 {
        let font = self.font(weight).as_scaled(self.em_scale(weight, size));
        let mut width = 0.0;
        let mut previous = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                width += font.kern(p, id);
            }
            width += font.h_advance(id);
            previous = Some(id);
        }
        width
    }

    /// Breaks `text` into lines no wider than `max_width` (at spaces; a single word that does
    /// not fit is cut). Explicit newlines are kept.
    pub fn wrap(&self, weight: Weight, size: f32, text: &str, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(weight, size, &candidate) <= max_width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the line is cut into pieces that fit.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(weight, size, &piece) > max_width && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }

    /// Shortens `text` with an ellipsis so it fits `max_width`.
    pub fn fit(&self, weight: Weight, size: f32, text: &str, max_width: f32) -> String {
        if self.width(weight, size, text) <= max_width {
            return text.to_owned();
        }
        let mut out: String = text.to_owned();
        while !out.is_empty() && self.width(weight, size, &format!("{out}…")) > max_width {
            out.pop();
        }
        format!("{}…", out.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_respects_the_width() {
        let f = Fonts::load().unwrap();
        let text = "Gentle, fragrance- and alcohol-free cleanser; no exfoliators or scrubs; \
                    no retinol, AHA/BHA or vitamin C (24–48 h).";
        let lines = f.wrap(Weight::Regular, 10.0, text, 150.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(f.width(Weight::Regular, 10.0, l) <= 150.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        assert!(f.width(Weight::Bold, 10.0, "Day 7") > f.width(Weight::Regular, 10.0, "Day"));
    }

    #[test]
    fn fit_adds_an_ellipsis() {
        let f = Fonts::load().unwrap();
        let s = f.fit(
            Weight::Regular,
            10.0,
            "a very long original file name.jpg",
            60.0,
        );
        assert!(s.ends_with('…'));
        assert!(f.width(Weight::Regular, 10.0, &s) <= 60.0);
    }
}
