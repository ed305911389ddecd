//! Measuring one region of one photo, from the photo's pixels in a window of the reference
//! frame: redness over the region's pixels, texture over the region with the window around
//! it as the filter's context.

use serde::{Deserialize, Serialize};

use super::colour::{a_star_of_linear, luminance, srgb8_pixel_to_linear};
use super::frame_source::FrameCrop;
use super::pigment::melanin_index;
use super::redness::RednessSum;
use super::texture::{Plane, TextureParams, log_luminance, texture_reading};
use super::white_balance::WhiteBalance;

/// Fewer pixels than this and a region's values are not reported (too little skin to mean
/// anything).
pub const MIN_PIXELS: usize = 50;

/// Less of the region than this inside the photo and its values are not reported: the part
/// that is inside is other skin than the baseline's whole region.
pub const MIN_COVERAGE: f64 = 0.5;

/// An 8-bit channel at or above this is taken as clipped: its true value is unknown.
pub const CLIPPED_LEVEL: u8 = 254;

/// More than this share of the region's pixels clipped in some channel and its colour is
/// not reported (overexposed, or a highlight across the skin).
pub const MAX_CLIPPED_SHARE: f64 = 0.4;

/// A pixel whose brightest channel is below this (8-bit) holds too little light to read a
/// colour from: quantisation and sensor noise swamp it.
pub const DARK_LEVEL: u8 = 24;

/// More than this share of the region's pixels dark and its values are not reported.
pub const MAX_DARK_SHARE: f64 = 0.5;

/// Why a region of a photo has no values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unmeasured {
    /// Fewer than [`MIN_PIXELS`] pixels of the region lie inside the photo.
    TooFewPixels,
    /// Less than [`MIN_COVERAGE`] of the region lies inside the photo.
    MostlyOutside,
    /// More than [`MAX_CLIPPED_SHARE`] of its pixels are clipped.
    Clipped,
    /// More than [`MAX_DARK_SHARE`] of its pixels are too dark to read.
    TooDark,
}

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

/// The smallest half-axis (in the photo's own pixels) a region needs for a texture value.
/// The texture index reads detail 1–4 px across (`TextureParams`); where a cheek is under
/// about 50 px across, as in 640×360 webcam frames (a face about 120 px wide), those pixels
/// hold the face's shape, shadows and expression rather than pores and fine lines: on 12
/// frames of one man seconds apart the cheeks' texture read 20–200 % apart, against at most
/// 3 % on the sample's faces (cheeks 90 px across and more).
pub const MIN_TEXTURE_DETAIL_PX: f64 = 24.0;

/// What was measured in one region of one photo.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionValues {
    /// Mean CIELAB a* (D65).
    pub a_star: Option<f64>,
    /// Erythema index, 100·log10(R/G) on linear RGB.
    pub erythema_index: Option<f64>,
    /// Band-pass roughness of luminance (see `texture`).
    pub texture: Option<f64>,
    /// How sharp the photo is in the region (`TextureReading::sharpness`): a difference
    /// from the baseline's widens the texture change's uncertainty.
    #[serde(default)]
    pub sharpness: Option<f64>,
    /// Melanin index, 100 × the region's melanin in optical density (see `pigment`).
    #[serde(default)]
    pub melanin_index: Option<f64>,
    /// Pixels of the region that lie inside the photo, which the values are averaged over.
    pub pixels: usize,
    /// Share of the region's pixels that lie inside the photo (0–1).
    pub coverage: f64,
    /// Share of the pixels inside the photo clipped in some channel (0–1): their true colour
    /// is unknown, so the values lean and the uncertainty grows with it.
    #[serde(default)]
    pub clipped: f64,
    /// Share of the pixels inside the photo too dark to read a colour from (0–1).
    #[serde(default)]
    pub dark: f64,
    /// The region's smaller half-axis in the photo's own pixels (as far as its preview
    /// holds them): how finely the photo resolves the region's skin. Below
    /// [`MIN_TEXTURE_DETAIL_PX`] there is no texture value.
    #[serde(default)]
    pub detail_px: f64,
    /// How far the mean a* would move (1 σ) if the photo sat off its alignment by the
    /// misregistration it was measured with (see [`measure_region`]): large where the region
    /// lies across a colour edge (a flush's border, the side of the nose), near 0 on even
    /// skin. 0 for the reference and where unknown.
    #[serde(default)]
    pub a_star_misregistration: f64,
    /// The same for the melanin index.
    #[serde(default)]
    pub melanin_misregistration: f64,
    /// Why there are no values, when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmeasured: Option<Unmeasured>,
}

impl RegionValues {
    /// No values, for `why`.
    pub fn none(why: Unmeasured) -> RegionValues {
        RegionValues {
            a_star: None,
            erythema_index: None,
            texture: None,
            sharpness: None,
            melanin_index: None,
            pixels: 0,
            coverage: 0.0,
            clipped: 0.0,
            dark: 0.0,
            detail_px: 0.0,
            a_star_misregistration: 0.0,
            melanin_misregistration: 0.0,
            unmeasured: Some(why),
        }
    }

    /// Why the region has colour values but no texture value, when so.
    pub fn texture_missing_reason(&self) -> Option<String> {
        (self.a_star.is_some()
            && self.texture.is_none()
            && self.detail_px > 0.0
            && self.detail_px < MIN_TEXTURE_DETAIL_PX)
            .then(|| {
                format!(
                    "too coarse for texture: the region is {:.0} px across in the photo, {:.0} \
                     needed",
                    2.0 * self.detail_px,
                    2.0 * MIN_TEXTURE_DETAIL_PX
                )
            })
    }

    /// Why there are no values, in words ("overexposed: 40 % of the region clipped").
    pub fn unmeasured_reason(&self) -> Option<String> {
        Some(match self.unmeasured? {
            Unmeasured::TooFewPixels => format!(
                "too little of the region in the photo ({} pixels)",
                self.pixels
            ),
            Unmeasured::MostlyOutside => format!(
                "the region is mostly outside the photo ({:.0} % inside)",
                self.coverage * 100.0
            ),
            Unmeasured::Clipped => format!(
                "overexposed: {:.0} % of the region is clipped",
                self.clipped * 100.0
            ),
            Unmeasured::TooDark => format!(
                "too dark to measure: {:.0} % of the region is nearly black",
                self.dark * 100.0
            ),
        })
    }
}

/// Measures the pixels of `crop` where `region` (same window, row by row) is true.
/// `misregistration_px` is the alignment's expected miss (1 σ per axis, in the crop's
/// pixels; 0 for the reference): the region is read again shifted by it each way to learn
/// how much such a miss would move its colour values.
pub fn measure_region(
    crop: &FrameCrop,
    region: &[bool],
    white_balance: &WhiteBalance,
    texture: &TextureParams,
    misregistration_px: f64,
) -> RegionValues {
    let n = crop.window.len();
    debug_assert_eq!(region.len(), n);
    let mut redness = RednessSum::default();
    let mut log_lum = Vec::with_capacity(n);
    let mut weights = Vec::with_capacity(n);
    // Each pixel's corrected linear colour, `None` outside the photo: read again for the
    // shifted regions.
    let mut linear: Vec<Option<[f32; 3]>> = Vec::with_capacity(n);
    let mut in_region = 0usize;
    let (mut clipped, mut dark) = (0usize, 0usize);
    for (i, px) in crop.image.pixels().enumerate() {
        let lin = crop.valid[i].then(|| white_balance.apply(srgb8_pixel_to_linear(px.0)));
        linear.push(lin);
        if let Some(lin) = lin {
            if region[i] {
                redness.add(lin);
                // Judged on the photo's own pixels: a gain cannot bring back what the
                // sensor clipped or never caught.
                let brightest = px.0.iter().copied().max().unwrap_or(0);
                clipped += usize::from(brightest >= CLIPPED_LEVEL);
                dark += usize::from(brightest < DARK_LEVEL);
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
    let share = |n: usize| {
        if pixels == 0 {
            0.0
        } else {
            n as f64 / pixels as f64
        }
    };
    let no_values = |why| RegionValues {
        pixels,
        coverage: share_of(pixels, in_region),
        clipped: share(clipped),
        dark: share(dark),
        ..RegionValues::none(why)
    };
    if pixels < MIN_PIXELS {
        return no_values(Unmeasured::TooFewPixels);
    }
    if share_of(pixels, in_region) < MIN_COVERAGE {
        return no_values(Unmeasured::MostlyOutside);
    }
    if share(clipped) > MAX_CLIPPED_SHARE {
        return no_values(Unmeasured::Clipped);
    }
    if share(dark) > MAX_DARK_SHARE {
        return no_values(Unmeasured::TooDark);
    }
    let (w, h) = (crop.window.width as usize, crop.window.height as usize);
    let reading = texture_reading(
        &Plane::new(w, h, log_lum),
        &Plane::new(w, h, weights),
        region,
        texture,
    );
    let r = redness.finish();
    let (a_star_misregistration, melanin_misregistration) = r.map_or((0.0, 0.0), |r| {
        misregistration_sigma(&linear, region, w, h, misregistration_px, &r)
    });
    RegionValues {
        a_star: r.map(|r| r.a_star),
        erythema_index: r.map(|r| r.erythema_index),
        texture: reading.map(|t| t.index),
        sharpness: reading.and_then(|t| t.sharpness),
        melanin_index: r.and_then(|r| r.melanin_index),
        pixels,
        coverage: share_of(pixels, in_region),
        clipped: share(clipped),
        dark: share(dark),
        detail_px: 0.0,
        a_star_misregistration,
        melanin_misregistration,
        unmeasured: None,
    }
}

/// How far the region's mean a* and melanin index move (1 σ) when the photo sits off by a
/// random miss of `sigma_px` per axis: the region read shifted by ±`sigma_px` across and
/// down gives the colour's slope each way (central differences), and a miss of σ per axis
/// moves the mean by σ × |slope|. Zero without a miss, or where a shift leaves too little
/// of the region inside the photo to compare.
fn misregistration_sigma(
    linear: &[Option<[f32; 3]>],
    region: &[bool],
    width: usize,
    height: usize,
    sigma_px: f64,
    at_rest: &super::redness::Redness,
) -> (f64, f64) {
    if sigma_px.is_nan() || sigma_px <= 0.0 {
        return (0.0, 0.0);
    }
    // At least one whole pixel each way; the slope found is rescaled to the real miss.
    let step = sigma_px.round().max(1.0) as isize;
    // Each pixel's a*, worked out once on first use: the four shifted reads share most pixels.
    let mut a_of = vec![f32::NAN; linear.len()];
    let mut shifted = |dx: isize, dy: isize| -> Option<(f64, Option<f64>)> {
        let (mut a, mut rgb, mut count) = (0.0f64, [0.0f64; 3], 0usize);
        for (i, _) in region.iter().enumerate().filter(|(_, inside)| **inside) {
            let (x, y) = ((i % width) as isize + dx, (i / width) as isize + dy);
            if x < 0 || y < 0 || x >= width as isize || y >= height as isize {
                continue;
            }
            let j = y as usize * width + x as usize;
            let Some(lin) = linear[j] else { continue };
            if a_of[j].is_nan() {
                a_of[j] = a_star_of_linear(lin);
            }
            a += f64::from(a_of[j]);
            for (sum, c) in rgb.iter_mut().zip(lin) {
                *sum += f64::from(c);
            }
            count += 1;
        }
        // A shift that loses a good part of the region reads other skin's share, not a slope.
        if count == 0 || 10 * count < 9 * at_rest.pixels {
            return None;
        }
        let n = count as f64;
        Some((a / n, melanin_index(rgb.map(|c| c / n))))
    };
    let scale = sigma_px / step as f64;
    let mut a_var = 0.0;
    let mut m_var = 0.0;
    for (dx, dy) in [(step, 0), (0, step)] {
        let (Some(plus), Some(minus)) = (shifted(dx, dy), shifted(-dx, -dy)) else {
            return (0.0, 0.0);
        };
        a_var += (scale * (plus.0 - minus.0) / 2.0).powi(2);
        if let (Some(p), Some(m)) = (plus.1, minus.1) {
            m_var += (scale * (p - m) / 2.0).powi(2);
        }
    }
    (a_var.sqrt(), m_var.sqrt())
}

/// `part / whole`, 0 for an empty whole.
fn share_of(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use image::{Rgb, RgbImage};

    use super::*;
    use crate::metrics::window::FrameWindow;

    /// A 20×20 crop of skin-coloured pixels; `inside` says which came from inside the photo,
    /// `colour` gives each pixel's colour.
    fn crop(inside: impl Fn(u32, u32) -> bool, colour: impl Fn(u32, u32) -> [u8; 3]) -> FrameCrop {
        let window = FrameWindow {
            x0: 0,
            y0: 0,
            width: 20,
            height: 20,
        };
        FrameCrop {
            window,
            image: RgbImage::from_fn(20, 20, |x, y| Rgb(colour(x, y))),
            valid: (0..400).map(|i| inside(i % 20, i / 20)).collect(),
        }
    }

    fn measure(c: &FrameCrop) -> RegionValues {
        measure_region(
            c,
            &[true; 400],
            &WhiteBalance::NONE,
            &TextureParams::default(),
            0.0,
        )
    }

    const SKIN: [u8; 3] = [200, 150, 130];

    #[test]
    fn a_region_of_skin_is_measured_with_nothing_clipped_or_dark() {
        let v = measure(&crop(|_, _| true, |_, _| SKIN));
        assert!(v.a_star.is_some() && v.unmeasured.is_none(), "{v:?}");
        assert_eq!(
            (v.pixels, v.coverage, v.clipped, v.dark),
            (400, 1.0, 0.0, 0.0)
        );
    }

    #[test]
    fn a_region_mostly_outside_the_photo_is_refused_with_the_share_inside() {
        // 8 of 20 columns inside: 40 %, yet 160 pixels, enough to average.
        let v = measure(&crop(|x, _| x < 8, |_, _| SKIN));
        assert_eq!(v.unmeasured, Some(Unmeasured::MostlyOutside));
        assert_eq!(v.a_star, None);
        assert_eq!(
            v.unmeasured_reason().unwrap(),
            "the region is mostly outside the photo (40 % inside)"
        );
        // 12 of 20 inside: measured.
        assert!(measure(&crop(|x, _| x < 12, |_, _| SKIN)).a_star.is_some());
    }

    #[test]
    fn clipped_and_dark_regions_are_refused_past_their_shares_and_counted_below() {
        // A highlight across 9 of 20 rows (45 %): refused; across 6 (30 %): measured, counted.
        let highlight =
            |rows: u32| move |_: u32, y: u32| if y < rows { [255, 240, 230] } else { SKIN };
        let v = measure(&crop(|_, _| true, highlight(9)));
        assert_eq!(v.unmeasured, Some(Unmeasured::Clipped), "{v:?}");
        assert_eq!(
            v.unmeasured_reason().unwrap(),
            "overexposed: 45 % of the region is clipped"
        );
        let v = measure(&crop(|_, _| true, highlight(6)));
        assert!(v.a_star.is_some());
        assert!((v.clipped - 0.3).abs() < 1e-12, "{v:?}");
        // 253 is bright, not clipped.
        let v = measure(&crop(|_, _| true, |_, _| [253, 200, 180]));
        assert_eq!(v.clipped, 0.0);
        // Nearly black: refused.
        let v = measure(&crop(
            |_, _| true,
            |_, y| if y < 12 { [20, 12, 10] } else { SKIN },
        ));
        assert_eq!(v.unmeasured, Some(Unmeasured::TooDark), "{v:?}");
    }

    /// A square region `at` (top-left) of side 8 in the 20×20 window.
    fn square(at: (u32, u32)) -> Vec<bool> {
        (0..400u32)
            .map(|i| (at.0..at.0 + 8).contains(&(i % 20)) && (at.1..at.1 + 8).contains(&(i / 20)))
            .collect()
    }

    fn measure_at(c: &FrameCrop, at: (u32, u32), miss: f64) -> RegionValues {
        measure_region(
            c,
            &square(at),
            &WhiteBalance::NONE,
            &TextureParams::default(),
            miss,
        )
    }

    #[test]
    fn a_miss_moves_a_region_on_a_colour_slope_and_not_one_on_even_skin() {
        // Redder to the right: the region's a* rises with x.
        let slope = crop(|_, _| true, |x, _| [(150 + 4 * x) as u8, 120, 110]);
        let v = measure_at(&slope, (6, 6), 2.0);
        // A miss of 2 px (1 σ per axis) moves the mean by half the difference between the
        // region read 2 px right and 2 px left; along y the colour is even.
        let (right, left) = (
            measure_at(&slope, (8, 6), 0.0),
            measure_at(&slope, (4, 6), 0.0),
        );
        let expected = (right.a_star.unwrap() - left.a_star.unwrap()).abs() / 2.0;
        assert!(expected > 0.5, "{expected}");
        assert!(
            (v.a_star_misregistration - expected).abs() < 1e-9,
            "{} against {expected}",
            v.a_star_misregistration
        );
        assert!(v.melanin_misregistration > 0.0);
        // No miss (the reference): nothing.
        assert_eq!(measure_at(&slope, (6, 6), 0.0).a_star_misregistration, 0.0);
        // Even skin: nothing, whatever the miss.
        let even = crop(|_, _| true, |_, _| SKIN);
        let v = measure_at(&even, (6, 6), 2.0);
        assert!(v.a_star_misregistration < 1e-9, "{v:?}");
        assert!(v.melanin_misregistration < 1e-9, "{v:?}");
    }

    #[test]
    fn a_miss_that_would_carry_the_region_out_of_the_photo_adds_nothing_it_cannot_read() {
        // The region against the window's left edge: shifted left it loses a quarter.
        let slope = crop(|_, _| true, |x, _| [(150 + 4 * x) as u8, 120, 110]);
        let v = measure_at(&slope, (0, 6), 2.0);
        assert!(v.a_star.is_some());
        assert_eq!(v.a_star_misregistration, 0.0, "{v:?}");
    }
}
