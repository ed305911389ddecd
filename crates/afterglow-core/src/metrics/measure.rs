//! Measuring one region of one photo, from the photo's pixels in a window of the reference
//! frame: redness over the region's pixels, texture over the region with the window around
//! it as the filter's context.

use serde::{Deserialize, Serialize};

use super::colour::{luminance, srgb8_pixel_to_linear};
use super::frame_source::FrameCrop;
use super::redness::RednessSum;
use super::texture::{Plane, TextureParams, log_luminance, texture_index};
use super::white_balance::WhiteBalance;

/// Fewer pixels than this and a region's values are not reported (too little skin to mean
/// anything).
pub const MIN_PIXELS: usize = 50;

/// Whether a photo's colours were corrected from a neutral patch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum Calibration {
    /// White-balanced from the photo's neutral patch.
    Calibrated,
    /// No neutral patch marked: the values are uncalibrated.
    NoPatch,
    /// A patch is marked but could not be used (the reason says why): uncalibrated.
    PatchRefused(String),
}

impl Calibration {
    /// True when a neutral patch calibrated the photo.
    pub fn is_calibrated(&self) -> bool {
        matches!(self, Calibration::Calibrated)
    }
}

/// What was measured in one region of one photo.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionValues {
    /// Mean CIELAB a* (D65).
    pub a_star: Option<f64>,
    /// Erythema index, 100·log10(R/G) on linear RGB.
    pub erythema_index: Option<f64>,
    /// Band-pass roughness of luminance (see `texture`).
    pub texture: Option<f64>,
    /// Pixels of the region that lie inside the photo, which the values are averaged over.
    pub pixels: usize,
    /// Share of the region's pixels that lie inside the photo (0–1).
    pub coverage: f64,
}

/// Measures the pixels of `crop` where `region` (same window, row by row) is true.
pub fn measure_region(
    crop: &FrameCrop,
    region: &[bool],
    white_balance: &WhiteBalance,
    texture: &TextureParams,
) -> RegionValues {
    let n = crop.window.len();
    debug_assert_eq!(region.len(), n);
    let mut redness = RednessSum::default();
    let mut log_lum = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    let mut in_region = 0usize;
    for (i, px) in crop.image.pixels().enumerate() {
        let valid = crop.valid[i];
        if valid {
            let lin = white_balance.apply(srgb8_pixel_to_linear(px.0));
            if region[i] {
                redness.add(lin);
            }
            log_lum.push(log_luminance(luminance(lin)));
            weights.push(1.0);
        } else {
            log_lum.push(0.0);
            weights.push(0.0);
        }
        in_region += usize::from(region[i]);
    }
    let pixels = redness.finish().map_or(0, |r| r.pixels);
    let coverage = if in_region == 0 {
        0.0
    } else {
        pixels as f64 / in_region as f64
    };
    if pixels < MIN_PIXELS {
        return RegionValues {
            a_star: None,
            erythema_index: None,
            texture: None,
            pixels,
            coverage,
        };
    }
    let (w, h) = (crop.window.width as usize, crop.window.height as usize);
    let texture = texture_index(
        &Plane::new(w, h, log_lum),
        &Plane::new(w, h, weights),
        region,
        texture,
    );
    let r = redness.finish();
    RegionValues {
        a_star: r.map(|r| r.a_star),
        erythema_index: r.map(|r| r.erythema_index),
        texture,
        pixels,
        coverage,
    }
}
