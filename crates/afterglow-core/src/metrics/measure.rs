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

/// How a photo's colours were corrected, most trusted first: its own neutral patch, then its
/// surroundings matched to the reference's (followed by the reference's patch when it has
/// one), then nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum Calibration {
    /// White-balanced from the photo's neutral patch.
    Calibrated,
    /// Matched to the reference's colours through the surroundings (background, hair,
    /// clothing), then white-balanced by the reference's patch when `reference_patch`.
    Surroundings(SurroundCalibration),
    /// The reference itself without a usable patch: the colours every other photo is matched
    /// to through the surroundings.
    Reference,
    /// No neutral patch marked (and normalisation by the surroundings turned off): the values
    /// are uncalibrated.
    NoPatch,
    /// A patch is marked but could not be used (the reason says why), nor could the
    /// surroundings: uncalibrated.
    PatchRefused(String),
    /// No patch, and the surroundings could not be used (the reason says why): uncalibrated.
    Uncalibrated(String),
}

/// How well a photo's surroundings matched the reference's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurroundCalibration {
    /// The surroundings' gains (linear red, green, blue), before the reference's patch.
    pub gains: [f32; 3],
    /// RMS chromatic residual of the agreeing pixels (≈ relative colour error, 0.01 = 1 %).
    pub residual: f32,
    /// Share of the usable surroundings pixels that agreed (0–1).
    pub inlier_share: f32,
    /// True when the reference's own neutral patch then white-balanced the result.
    #[serde(default)]
    pub reference_patch: bool,
}

impl Calibration {
    /// True when the colours were corrected (by a patch, or matched to the reference through
    /// the surroundings, or the photo is that reference): values comparable across photos.
    pub fn is_calibrated(&self) -> bool {
        matches!(
            self,
            Calibration::Calibrated | Calibration::Surroundings(_) | Calibration::Reference
        )
    }

    /// One word for tables and the CSV's `calibrated` column: `patch`, `surroundings`,
    /// `surroundings+reference patch`, `reference` or `no`.
    pub fn source(&self) -> &'static str {
        match self {
            Calibration::Calibrated => "patch",
            Calibration::Surroundings(s) if s.reference_patch => "surroundings+reference patch",
            Calibration::Surroundings(_) => "surroundings",
            Calibration::Reference => "reference",
            Calibration::NoPatch | Calibration::PatchRefused(_) | Calibration::Uncalibrated(_) => {
                "no"
            }
        }
    }

    /// The surroundings fit's residual in percent, when the surroundings were used.
    pub fn residual_percent(&self) -> Option<f64> {
        match self {
            Calibration::Surroundings(s) => Some(100.0 * f64::from(s.residual)),
            _ => None,
        }
    }

    /// A sentence on how the colours were corrected, for a tooltip or a report.
    pub fn describe(&self) -> String {
        match self {
            Calibration::Calibrated => "White-balanced from the photo's neutral patch".to_owned(),
            Calibration::Surroundings(s) => format!(
                "Colours matched to the reference photo's through the surroundings ({:.0} % \
                 of them agree, residual {:.1} %){}",
                100.0 * s.inlier_share,
                100.0 * s.residual,
                if s.reference_patch {
                    ", then white-balanced by the reference's neutral patch"
                } else {
                    ""
                }
            ),
            Calibration::Reference => "The reference photo: the others' colours are matched to \
                                       it through the surroundings"
                .to_owned(),
            Calibration::NoPatch => "No neutral patch marked in this photo".to_owned(),
            Calibration::PatchRefused(why) => {
                format!("The neutral patch could not be used: {why}")
            }
            Calibration::Uncalibrated(why) => why.clone(),
        }
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
