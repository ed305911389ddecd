//! One image prepared for alignment: luminance at a working size (read once from the photo)
//! and a 2× pyramid of it.
//!
//! ECC compares plain (gamma-encoded) luminance. Two tempting pre-filters were measured and
//! dropped: taking the log (gain and gamma become offset and scale) biased the scale by
//! 0.15 % on faces — blur mixes light linearly, so after a log dark features look wider in
//! the blurrier photo — and a band-pass built from the box pyramid biased the rotation,
//! because its low-pass is tied to each image's pixel grid. Lighting is handled instead by
//! ECC's photometric terms (`ecc.rs`).

use image::RgbImage;

use super::luma::{luma_shrink, reduce, shrink_transform};
use crate::geometry::Affine2;
use crate::imaging::GrayF32;

/// Levels stop when the short side would drop below this.
const MIN_LEVEL_SIDE: u32 = 8;

pub struct Level {
    /// Luminance, 0–1.
    pub luma: GrayF32,
    /// Maps working-plane coordinates to this level's.
    pub level_from_work: Affine2,
}

pub struct Pyramid {
    /// Size of the image the pyramid was made from.
    pub image_width: u32,
    pub image_height: u32,
    /// Maps the source image's pixel coordinates onto the working plane (level 0).
    pub work_from_image: Affine2,
    pub levels: Vec<Level>,
}

impl Pyramid {
    /// Reads `img` once, shrinking it by `factor` (≥ 1) to luminance, and builds the pyramid.
    pub fn new(img: &RgbImage, factor: f64) -> Self {
        Self::from_luma(luma_shrink(img, factor), factor, img.dimensions())
    }

    /// Builds the pyramid from luminance already shrunk by `factor` from an image of
    /// `image_size`.
    pub fn from_luma(luma: GrayF32, factor: f64, image_size: (u32, u32)) -> Self {
        let work_from_image = shrink_transform(factor);
        let mut levels = vec![Level {
            luma,
            level_from_work: Affine2::IDENTITY,
        }];
        while let Some(last) = levels.last() {
            let (w, h) = last.luma.dimensions();
            if (w / 2).min(h / 2) < MIN_LEVEL_SIDE {
                break;
            }
            // Pixel i of the reduced level sits at 2i + 0.5 of the finer one.
            let level_from_work =
                Affine2::translation(-0.25, -0.25) * Affine2::scale(0.5) * last.level_from_work;
            let luma = reduce(&last.luma);
            levels.push(Level {
                luma,
                level_from_work,
            });
        }
        Self {
            image_width: image_size.0,
            image_height: image_size.1,
            work_from_image,
            levels,
        }
    }

    pub fn work_size(&self) -> (u32, u32) {
        self.levels[0].luma.dimensions()
    }
}

/// The shrink factor that brings a `w`×`h` image to about `target_area` pixels, or a little
/// more (never up). From 2 on it is a whole number, rounded down: whole blocks read a
/// 12-megapixel photo several times faster than fractional ones, and the moving image need
/// not match the reference's scale exactly, only not fall below it.
pub fn factor_for_area(w: u32, h: u32, target_area: f64) -> f64 {
    whole_from_two((w as f64 * h as f64 / target_area).sqrt(), f64::floor)
}

/// The shrink factor that fits a `w`×`h` image within `side` pixels (never up); from 2 on a
/// whole number, rounded up.
pub fn factor_for_side(w: u32, h: u32, side: u32) -> f64 {
    whole_from_two(f64::from(w.max(h)) / f64::from(side), f64::ceil)
}

fn whole_from_two(factor: f64, round: fn(f64) -> f64) -> f64 {
    if factor >= 2.0 {
        round(factor)
    } else {
        factor.max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point;

    #[test]
    fn levels_map_pixel_centres() {
        let img = RgbImage::from_pixel(64, 48, image::Rgb([100, 100, 100]));
        let p = Pyramid::new(&img, 1.0);
        assert!(p.levels.len() >= 3);
        // Level 1 pixel 0 covers level 0 pixels 0 and 1: its centre is at 0.5.
        let c = p.levels[1]
            .level_from_work
            .inverse()
            .unwrap()
            .apply(Point::new(0.0, 0.0));
        assert!((c.x - 0.5).abs() < 1e-12 && (c.y - 0.5).abs() < 1e-12);
        assert_eq!(p.levels[1].luma.dimensions(), (32, 24));
    }
}
