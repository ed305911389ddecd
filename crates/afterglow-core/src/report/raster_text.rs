//! Text on exported pictures (comparison sheet, timelapse captions), rasterised with ab_glyph
//! from the embedded report font.

use ab_glyph::{Font, ScaleFont, point};
use image::{Rgb, RgbImage};

use super::canvas::Weight;
use super::fonts::Fonts;

/// How raster text looks: weight, em size in pixels, colour.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    pub weight: Weight,
    pub px: f32,
    pub color: [u8; 3],
}

/// Draws `text` with its baseline's left end at (x, y), blending the style's colour over the
/// image by glyph coverage.
pub fn draw_text(img: &mut RgbImage, fonts: &Fonts, style: TextStyle, x: f32, y: f32, text: &str) {
    let TextStyle { weight, px, color } = style;
    let font = fonts.font(weight);
    let scale = fonts.em_scale(weight, px);
    let scaled = font.as_scaled(scale);
    let mut caret = x;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            caret += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(caret, y));
        caret += scaled.h_advance(id);
        previous = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        let (w, h) = img.dimensions();
        outlined.draw(|gx, gy, coverage| {
            let px_x = bounds.min.x as i64 + i64::from(gx);
            let px_y = bounds.min.y as i64 + i64::from(gy);
            if px_x < 0 || px_y < 0 || px_x >= i64::from(w) || px_y >= i64::from(h) {
                return;
            }
            let p = img.get_pixel_mut(px_x as u32, px_y as u32);
            let a = coverage.clamp(0.0, 1.0);
            for (channel, &ink) in p.0.iter_mut().zip(&color) {
                *channel = (f32::from(*channel) * (1.0 - a) + f32::from(ink) * a).round() as u8;
            }
        });
    }
}

/// Fills a rectangle (clipped to the image).
pub fn fill_rect(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, color: [u8; 3]) {
    let (iw, ih) = img.dimensions();
    for yy in y.min(ih)..(y + h).min(ih) {
        for xx in x.min(iw)..(x + w).min(iw) {
            img.put_pixel(xx, yy, Rgb(color));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_leaves_ink_where_it_is_drawn_and_nowhere_else() {
        let fonts = Fonts::load().unwrap();
        let mut img = RgbImage::from_pixel(120, 40, Rgb([255, 255, 255]));
        let style = TextStyle {
            weight: Weight::Bold,
            px: 20.0,
            color: [0, 0, 0],
        };
        draw_text(&mut img, &fonts, style, 4.0, 28.0, "Day 7");
        let dark = |x0: u32, x1: u32| {
            img.enumerate_pixels()
                .filter(|(x, _, p)| (x0..x1).contains(x) && p.0[0] < 128)
                .count()
        };
        assert!(dark(0, 60) > 40, "the words are drawn");
        assert_eq!(dark(80, 120), 0, "nothing beyond the text");
    }
}
