//! Colour normalisation from the surroundings: the per-channel gains (linear light) that map
//! a photo's background, hair and clothing onto the reference's, fitted robustly.
//!
//! The photos are aligned, so the same surroundings sit on the same pixels of the reference
//! frame in every photo. Per usable pixel the log-ratio `ln(reference / photo)` of each
//! channel is the gain that pixel asks for. Clipped and dark pixels are left out; the
//! chromatic part (red and blue against green, blind to a light gradient, which scales all
//! three alike) is located by its median and then by the mean of the pixels within a few
//! robust spreads of it, three times; the level (green) by the median of those inliers whose
//! level is not far off. Pixels that moved (a turned head's hair, a new object) fall outside
//! and are ignored. When too few pixels agree, or those that agree scatter too much, the
//! surroundings changed (another room, mixed light, a new background) and no correction is
//! made: the caller says "uncalibrated: surroundings differ" instead of correcting wrongly.

use image::RgbImage;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::colour::{LUMINANCE, srgb8_pixel_to_linear};

/// An 8-bit channel at or above this in either photo is taken as clipped.
const CLIPPED: u8 = 250;

/// Below this linear luminance (about sRGB 40) a pixel's colour is mostly noise.
const MIN_LUMINANCE: f32 = 0.02;
/// Below this linear value a channel's ratio explodes (about sRGB 12).
const MIN_CHANNEL: f32 = 0.004;
/// Fewer usable pixels than this and the fit is refused (2–4 % of the working frame, whose
/// long side is 256–511 pixels).
pub const MIN_SURROUND_PIXELS: usize = 1500;
/// A pixel whose chromatic log-ratio is within this many robust spreads of the centre is an
/// inlier…
const INLIER_SPREADS: f32 = 3.0;
/// …but never within less than this (pure noise-free pictures have no spread) or more than
/// this (the surroundings would have to have changed a lot to be that scattered).
const INLIER_RADIUS: (f32, f32) = (0.03, 0.12);
/// A pixel whose level (green log-ratio) is further than this from the inliers' median moved
/// or is lit differently (a shadow, a lamp switched on): left out of the level.
const LEVEL_RADIUS: f32 = 0.35;
/// At least this share of the usable pixels must agree for the fit to be trusted.
pub const MIN_INLIER_SHARE: f32 = 0.5;
/// The inliers' chromatic RMS may be at most this (log units, ≈ relative), else they scatter
/// too much to agree on one correction.
pub const MAX_RESIDUAL: f32 = 0.06;

/// How a photo's surroundings were matched to the reference's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurroundFit {
    /// Gains for red, green and blue (linear light) that bring the photo to the reference.
    pub gains: [f32; 3],
    /// RMS of the inliers' chromatic log-ratios about the fit (≈ relative colour error).
    pub residual: f32,
    /// Share of the usable surroundings pixels that agree with the fit (0–1).
    pub inlier_share: f32,
    /// Usable surroundings pixels (not clipped, not dark, inside both photos).
    pub pixels: usize,
}

/// Why the surroundings cannot normalise a photo; it is then measured uncalibrated.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum SurroundError {
    /// Too little of the reference's surroundings is usable (a reference that is mostly
    /// face, or a photo that covers little of it, or surroundings all dark or clipped).
    #[error(
        "uncalibrated: too few surroundings pixels to match colours by ({found} usable, \
         {needed} needed; the reference shows mostly face, or its background is dark or \
         clipped)"
    )]
    TooFewPixels {
        /// Usable pixels found.
        found: usize,
        /// Pixels needed.
        needed: usize,
    },
    /// The surroundings do not agree on one correction: another room, light or background.
    #[error(
        "uncalibrated: surroundings differ from the reference's ({share:.0} % of them agree, \
         residual {residual:.1} %): another room, mixed light or a new background"
    )]
    SurroundingsDiffer {
        /// Share of usable pixels that agree, in percent.
        share: f32,
        /// RMS chromatic residual of those that agree, in percent.
        residual: f32,
    },
    /// No face was found in the reference to leave out of its surroundings.
    #[error(
        "uncalibrated: no face found in the reference photo to leave out of its \
         surroundings (mark the eyes on it)"
    )]
    NoFace,
    /// The reference photo's preview could not be read (the reason follows).
    #[error("uncalibrated: the reference photo cannot be read: {0}")]
    ReferenceUnreadable(String),
}

/// Fits the gains that map `photo`'s pixels onto `reference`'s, over the pixels where
/// `usable` is true (both images the same size, row by row: the surroundings inside both
/// photos).
pub fn fit_surround_balance(
    reference: &RgbImage,
    photo: &RgbImage,
    usable: &[bool],
) -> Result<SurroundFit, SurroundError> {
    debug_assert_eq!(reference.dimensions(), photo.dimensions());
    debug_assert_eq!(usable.len(), reference.len() / 3);
    let ratios = log_ratios(reference, photo, usable);
    fit_log_ratios(&ratios)
}

/// `ln(reference / photo)` per channel of every usable pixel that is neither clipped nor
/// dark in either image.
fn log_ratios(reference: &RgbImage, photo: &RgbImage, usable: &[bool]) -> Vec<[f32; 3]> {
    let level = |p: [f32; 3]| -> f32 { (0..3).map(|c| LUMINANCE[c] * p[c]).sum() };
    reference
        .pixels()
        .zip(photo.pixels())
        .zip(usable)
        .filter(|&((r, p), &u)| u && !r.0.iter().chain(&p.0).any(|&v| v >= CLIPPED))
        .filter_map(|((r, p), _)| {
            let (r, p) = (srgb8_pixel_to_linear(r.0), srgb8_pixel_to_linear(p.0));
            let dark = |q: [f32; 3]| level(q) < MIN_LUMINANCE || q.iter().any(|&v| v < MIN_CHANNEL);
            (!dark(r) && !dark(p)).then(|| [0, 1, 2].map(|c| (r[c] / p[c]).ln()))
        })
        .collect()
}

/// The median of `v` (reordered); NaN when empty.
fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return f32::NAN;
    }
    let k = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(k, f32::total_cmp);
    *m
}

/// The robust fit over per-pixel log-ratios (see the module's note).
fn fit_log_ratios(ratios: &[[f32; 3]]) -> Result<SurroundFit, SurroundError> {
    let n = ratios.len();
    if n < MIN_SURROUND_PIXELS {
        return Err(SurroundError::TooFewPixels {
            found: n,
            needed: MIN_SURROUND_PIXELS,
        });
    }
    // Chromatic coordinates: red and blue against green.
    let chroma: Vec<[f32; 2]> = ratios.iter().map(|l| [l[0] - l[1], l[2] - l[1]]).collect();
    let mut scratch: Vec<f32> = chroma.iter().map(|c| c[0]).collect();
    let mut centre = [median(&mut scratch), 0.0];
    scratch.clear();
    scratch.extend(chroma.iter().map(|c| c[1]));
    centre[1] = median(&mut scratch);
    let distance = |c: &[f32; 2], centre: [f32; 2]| (c[0] - centre[0]).hypot(c[1] - centre[1]);
    let mut radius = INLIER_RADIUS.1;
    for _ in 0..3 {
        scratch.clear();
        scratch.extend(chroma.iter().map(|c| distance(c, centre)));
        // The median distance of a 2-D normal spread is 1.18 σ.
        let spread = median(&mut scratch) / 1.18;
        radius = (INLIER_SPREADS * spread).clamp(INLIER_RADIUS.0, INLIER_RADIUS.1);
        let (mut sum, mut count) = ([0f64; 2], 0usize);
        for c in chroma.iter().filter(|c| distance(c, centre) < radius) {
            sum[0] += f64::from(c[0]);
            sum[1] += f64::from(c[1]);
            count += 1;
        }
        if count == 0 {
            break;
        }
        centre = sum.map(|s| (s / count as f64) as f32);
    }
    let inlier = |i: usize| distance(&chroma[i], centre) < radius;
    scratch.clear();
    scratch.extend((0..n).filter(|&i| inlier(i)).map(|i| ratios[i][1]));
    let level = median(&mut scratch);
    let keep: Vec<usize> = (0..n)
        .filter(|&i| inlier(i) && (ratios[i][1] - level).abs() < LEVEL_RADIUS)
        .collect();
    let share = keep.len() as f32 / n as f32;
    let residual = if keep.is_empty() {
        f32::INFINITY
    } else {
        let ss: f64 = keep
            .iter()
            .map(|&i| f64::from(distance(&chroma[i], centre)).powi(2))
            .sum();
        (ss / keep.len() as f64).sqrt() as f32
    };
    if share < MIN_INLIER_SHARE || residual > MAX_RESIDUAL || !level.is_finite() {
        return Err(SurroundError::SurroundingsDiffer {
            share: 100.0 * share,
            residual: 100.0 * residual,
        });
    }
    scratch.clear();
    scratch.extend(keep.iter().map(|&i| ratios[i][1]));
    let level = median(&mut scratch);
    Ok(SurroundFit {
        gains: [level + centre[0], level, level + centre[1]].map(f32::exp),
        residual,
        inlier_share: share,
        pixels: n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::colour::{linear_to_srgb, srgb8_to_linear};
    use image::Rgb;
    use proptest::prelude::*;

    /// A varied "background": every pixel a different, mid-range colour.
    fn scene(w: u32, h: u32, seed: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let v = (x * 7 + y * 13 + seed) % 97;
            Rgb([
                60 + (v * 3 % 150) as u8,
                70 + ((v * 5 + y) % 120) as u8,
                50 + ((v * 11 + x) % 160) as u8,
            ])
        })
    }

    /// `img` with `gains` applied in linear light.
    fn cast(img: &RgbImage, gains: [f32; 3]) -> RgbImage {
        RgbImage::from_fn(img.width(), img.height(), |x, y| {
            let p = img.get_pixel(x, y).0;
            Rgb([0, 1, 2].map(|c| {
                let lin = f64::from(srgb8_to_linear(p[c]) * gains[c]);
                (linear_to_srgb(lin) * 255.0).round().clamp(0.0, 255.0) as u8
            }))
        })
    }

    #[test]
    fn the_same_pixels_need_no_correction() {
        let img = scene(64, 64, 1);
        let fit = fit_surround_balance(&img, &img, &vec![true; 64 * 64]).unwrap();
        assert_eq!(fit.gains, [1.0; 3]);
        assert_eq!(fit.residual, 0.0);
        assert_eq!(fit.inlier_share, 1.0);
    }

    #[test]
    fn clipped_and_dark_pixels_are_not_used() {
        // Reference grey 128; photo half clipped white, half near black: nothing usable.
        let reference = RgbImage::from_pixel(64, 64, Rgb([128, 128, 128]));
        let photo = RgbImage::from_fn(64, 64, |x, _| {
            if x < 32 {
                Rgb([255, 255, 255])
            } else {
                Rgb([5, 5, 5])
            }
        });
        let err = fit_surround_balance(&reference, &photo, &vec![true; 64 * 64]).unwrap_err();
        assert_eq!(
            err,
            SurroundError::TooFewPixels {
                found: 0,
                needed: MIN_SURROUND_PIXELS
            }
        );
    }

    #[test]
    fn a_small_mask_is_refused_with_a_reason() {
        let img = scene(64, 64, 2);
        let mut usable = vec![false; 64 * 64];
        usable[..100].iter_mut().for_each(|u| *u = true);
        let err = fit_surround_balance(&img, &img, &usable).unwrap_err();
        assert!(
            err.to_string().contains("too few surroundings pixels"),
            "{err}"
        );
    }

    #[test]
    fn moved_pixels_are_outvoted() {
        // A 12 % blue cast, and a quarter of the pixels replaced by something else.
        let reference = scene(80, 80, 3);
        let mut photo = cast(&reference, [1.0, 1.0, 1.12]);
        for y in 0..40 {
            for x in 0..40 {
                photo.put_pixel(x, y, Rgb([200, 60, 40]));
            }
        }
        let fit = fit_surround_balance(&reference, &photo, &vec![true; 80 * 80]).unwrap();
        assert!(
            (fit.gains[2] * 1.12 / fit.gains[1] - 1.0).abs() < 0.01,
            "{fit:?}"
        );
        assert!((fit.gains[0] / fit.gains[1] - 1.0).abs() < 0.01, "{fit:?}");
        assert!(fit.inlier_share > 0.7 && fit.inlier_share < 0.8, "{fit:?}");
    }

    #[test]
    fn a_new_background_is_refused() {
        let reference = scene(80, 80, 4);
        let photo = scene(80, 80, 51);
        let err = fit_surround_balance(&reference, &photo, &vec![true; 80 * 80]).unwrap_err();
        assert!(
            matches!(err, SurroundError::SurroundingsDiffer { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("surroundings differ"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        /// A known gain applied to the surroundings is recovered, and the recovered
        /// correction composed with the gain is the identity.
        #[test]
        fn a_known_gain_is_recovered(
            r in 0.85f32..1.15,
            g in 0.8f32..1.2,
            b in 0.85f32..1.15,
            seed in 0u32..1000,
        ) {
            let reference = scene(64, 64, seed);
            let photo = cast(&reference, [r, g, b]);
            let fit = fit_surround_balance(&reference, &photo, &vec![true; 64 * 64]).unwrap();
            for (c, applied) in [r, g, b].into_iter().enumerate() {
                let identity = fit.gains[c] * applied;
                prop_assert!((identity - 1.0).abs() < 0.01, "{:?} after {:?}", fit, [r, g, b]);
            }
        }
    }
}
