//! White balance from a neutral patch (grey card, white paper) the user marked in a photo.
//!
//! A von Kries correction in linear RGB: each channel is scaled so the patch comes out grey
//! with its own luminance. Exposure is left alone on purpose: we cannot know whether the
//! patch was a grey card or white paper, so only its colour is trusted.

use image::RgbImage;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::colour::{LUMINANCE, srgb8_pixel_to_linear};
use crate::geometry::{Affine2, Point};
use crate::project::Rect;

/// Why a patch cannot calibrate a photo; the photo is then measured uncalibrated.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum WhiteBalanceError {
    /// The patch covers no pixel of the photo.
    #[error("the neutral patch covers no pixel of the photo")]
    Empty,
    /// The patch is too dark to judge its colour.
    #[error("the neutral patch is too dark to judge its colour")]
    TooDark,
    /// The patch is overexposed.
    #[error("the neutral patch is overexposed (clipped), so its colour cannot be trusted")]
    Clipped,
    /// The patch lacks one colour almost entirely (its name follows).
    #[error("the neutral patch has almost no {0} light; it does not look neutral")]
    NotNeutral(&'static str),
}

/// Per-channel gains applied to linear RGB.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhiteBalance {
    /// Gains for red, green and blue.
    pub gains: [f32; 3],
}

impl Default for WhiteBalance {
    fn default() -> Self {
        Self::NONE
    }
}

/// Below this luminance a patch's colour is mostly noise.
const MIN_PATCH_LUMINANCE: f64 = 0.01;
/// More than this share of clipped pixels and the patch's colour is unknown.
const MAX_CLIPPED_SHARE: f64 = 0.05;

impl WhiteBalance {
    /// No correction.
    pub const NONE: WhiteBalance = WhiteBalance {
        gains: [1.0, 1.0, 1.0],
    };

    /// The gains that turn `neutral` (the patch's mean linear RGB) into a grey of the same
    /// luminance.
    pub fn from_neutral(neutral: [f64; 3]) -> Result<Self, WhiteBalanceError> {
        let y: f64 = (0..3).map(|c| f64::from(LUMINANCE[c]) * neutral[c]).sum();
        if y.is_nan() || y < MIN_PATCH_LUMINANCE {
            return Err(WhiteBalanceError::TooDark);
        }
        for (c, name) in ["red", "green", "blue"].into_iter().enumerate() {
            // A channel at a twentieth of the luminance would need a 20× gain: not a neutral.
            if neutral[c] < y / 20.0 {
                return Err(WhiteBalanceError::NotNeutral(name));
            }
        }
        Ok(Self {
            gains: neutral.map(|v| (y / v) as f32),
        })
    }

    /// White balance from the pixels of `image` whose centres lie inside `patch` (given in
    /// the image's own pixel coordinates).
    pub fn from_patch(image: &RgbImage, patch: &Rect) -> Result<Self, WhiteBalanceError> {
        let (w, h) = image.dimensions();
        let x0 = patch.min.x.min(patch.max.x).ceil().max(0.0);
        let y0 = patch.min.y.min(patch.max.y).ceil().max(0.0);
        let x1 = patch.min.x.max(patch.max.x).floor().min(f64::from(w) - 1.0);
        let y1 = patch.min.y.max(patch.max.y).floor().min(f64::from(h) - 1.0);
        if !(x0 <= x1 && y0 <= y1) {
            return Err(WhiteBalanceError::Empty);
        }
        let mut sum = [0f64; 3];
        let (mut n, mut clipped) = (0usize, 0usize);
        for y in y0 as u32..=y1 as u32 {
            for x in x0 as u32..=x1 as u32 {
                let p = image.get_pixel(x, y).0;
                if p.contains(&255) {
                    clipped += 1;
                }
                let lin = srgb8_pixel_to_linear(p);
                for c in 0..3 {
                    sum[c] += f64::from(lin[c]);
                }
                n += 1;
            }
        }
        if clipped as f64 > MAX_CLIPPED_SHARE * n as f64 {
            return Err(WhiteBalanceError::Clipped);
        }
        Self::from_neutral(sum.map(|s| s / n as f64))
    }

    /// White balance from a patch given in photo coordinates, read from the photo's preview
    /// (`preview_from_photo` maps between them).
    pub fn from_photo_patch(
        preview: &RgbImage,
        preview_from_photo: &Affine2,
        patch: &Rect,
    ) -> Result<Self, WhiteBalanceError> {
        // The preview is a pure scale of the photo, so the rectangle stays a rectangle.
        let a = preview_from_photo.apply(patch.min);
        let b = preview_from_photo.apply(patch.max);
        let rect = Rect {
            min: Point::new(a.x.min(b.x), a.y.min(b.y)),
            max: Point::new(a.x.max(b.x), a.y.max(b.y)),
        };
        Self::from_patch(preview, &rect)
    }

    /// The pixel with the gains applied.
    #[inline]
    pub fn apply(&self, linear: [f32; 3]) -> [f32; 3] {
        [
            linear[0] * self.gains[0],
            linear[1] * self.gains[1],
            linear[2] * self.gains[2],
        ]
    }

    /// True when every gain is 1 (nothing to correct).
    pub fn is_identity(&self) -> bool {
        self.gains == [1.0; 3]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn grey_patch_needs_no_correction() {
        let img = RgbImage::from_pixel(8, 8, Rgb([128, 128, 128]));
        let r = Rect {
            min: Point::new(1.0, 1.0),
            max: Point::new(6.0, 6.0),
        };
        let wb = WhiteBalance::from_patch(&img, &r).unwrap();
        for g in wb.gains {
            assert!((g - 1.0).abs() < 1e-5, "{wb:?}");
        }
    }

    #[test]
    fn bad_patches_are_refused_with_a_reason() {
        let r = Rect {
            min: Point::new(0.0, 0.0),
            max: Point::new(3.0, 3.0),
        };
        let dark = RgbImage::from_pixel(4, 4, Rgb([5, 5, 5]));
        assert_eq!(
            WhiteBalance::from_patch(&dark, &r),
            Err(WhiteBalanceError::TooDark)
        );
        let white = RgbImage::from_pixel(4, 4, Rgb([255, 255, 255]));
        assert_eq!(
            WhiteBalance::from_patch(&white, &r),
            Err(WhiteBalanceError::Clipped)
        );
        let red = RgbImage::from_pixel(4, 4, Rgb([250, 0, 0]));
        assert_eq!(
            WhiteBalance::from_patch(&red, &r),
            Err(WhiteBalanceError::NotNeutral("green"))
        );
        let outside = Rect {
            min: Point::new(10.0, 10.0),
            max: Point::new(12.0, 12.0),
        };
        assert_eq!(
            WhiteBalance::from_patch(&dark, &outside),
            Err(WhiteBalanceError::Empty)
        );
    }
}
