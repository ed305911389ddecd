//! Real change or within noise: every value compared with the baseline gets an uncertainty
//! from what is known about the pair, and a change is called real only when it exceeds both
//! the just-visible threshold and that uncertainty.
//!
//! The uncertainty is a 95 % half-width (2 σ) of the difference between a photo's value and
//! the baseline's. Each side contributes the scatter its colour correction leaves (from the
//! test–retest figures of `tests/colour_normalisation.rs`: repeated photos of unchanged skin
//! matched through their surroundings stay within about 1.3 a* of each other, a neutral patch
//! within about 0.9, while an uncorrected white balance moves a* by up to ±4), growing with
//! the surroundings fit's own residual; clipped pixels add theirs; an alignment's expected
//! miss adds what it would do to the region's colour there (much across a flush's border,
//! nothing on even skin), and a doubted alignment doubles the photo's share; texture adds
//! a sharpness difference; a baseline of several photos adds their own spread.

use serde::Serialize;

use super::measure::Calibration;

/// The change of mean a* a person can just see (the chromameter convention for erythema).
pub const JUST_VISIBLE_A_STAR: f64 = 2.5;

/// The change of the texture index, in percent of the baseline, that counts: about 2.5 ×
/// the 4 % test–retest variation the texture index is held to, as 2.5 a* is for redness.
pub const JUST_VISIBLE_TEXTURE_PERCENT: f64 = 10.0;

/// One photo's own scatter (1 σ) in a*, from how its colours were corrected.
pub fn a_star_sigma(calibration: &Calibration) -> f64 {
    match calibration {
        // The reference is what the others are matched to; only its sensor noise and
        // the region's placement remain.
        Calibration::Reference => 0.25,
        Calibration::Calibrated => 0.45,
        // The fit's residual (0.8–3.5 % on the sample photos) says how well the light on
        // the surroundings agreed; the face may still be lit a little differently.
        Calibration::Surroundings(s) => 0.4 + 0.12 * f64::from(s.residual) * 100.0,
        Calibration::NoPatch | Calibration::PatchRefused(_) | Calibration::Uncalibrated(_) => 2.0,
    }
}

/// One photo's own scatter (1 σ) of the texture index, in percent: exposure and colour do
/// not change it, sharpness and noise do.
pub const TEXTURE_SIGMA_PERCENT: f64 = 2.0;

/// The texture index's scatter (1 σ, percent) per unit of `|ln(sharpness / baseline's)|`:
/// a photo blurrier than the baseline reads its texture low by about twice this much.
/// Measured through the whole pipeline (preview, warp into the reference's frame) on the
/// sample's session-1 day-7 photo blurred by 0.8, 1.2 and 1.8 px (`tests/noise_verdicts.rs`):
/// the texture index fell by 3.5–4.8, 7.9–11.7 and 17.5–25.8 % while ln sharpness fell by
/// 0.07–0.08, 0.19–0.22 and 0.27–0.32 — 40 to 96 % per unit, so 2 σ at 45 % per unit
/// covers all but the chin's worst, which the photo's own scatter covers.
pub const SHARPNESS_TEXTURE_SIGMA_PERCENT: f64 = 45.0;

/// The texture scatter (1 σ, percent) a sharpness difference between a photo and the
/// baseline adds; 0 when either sharpness is unknown.
pub fn sharpness_texture_sigma(photo: Option<f64>, baseline: Option<f64>) -> f64 {
    match (photo, baseline) {
        (Some(p), Some(b)) if p > 0.0 && b > 0.0 => {
            SHARPNESS_TEXTURE_SIGMA_PERCENT * (p / b).ln().abs()
        }
        _ => 0.0,
    }
}

/// An aligned photo's expected miss against the reference, 1 σ per axis as a share of the
/// reference's eye distance. On the 40 real-face tuning pairs (`tests/align_real_faces.rs`,
/// README "Alignment") the eyes land a median 2.4 % of the eye distance off, and a 2-D miss
/// of σ per axis has a median of 1.18 σ: so about 2 %. Part of that 2.4 % is the truth's
/// own error (two landmark models disagree by about 3 % on an eye corner), so this errs
/// wide. Each region turns it into a* by its own colour slope (`measure_region`).
pub const ALIGNMENT_MISS_SIGMA_IOD: f64 = 0.02;

/// How much a doubted alignment (light or pose too different) widens a photo's scatter.
const NOT_COMPARABLE_FACTOR: f64 = 2.0;

/// The scatter (1 σ, a*) a region gains per unit share of clipped pixels: a clipped pixel's
/// red (skin's brightest channel) reads low by an unknown amount, pulling a* down. Measured:
/// regions up to 35 % clipped read within 1.3 a* of what they should (the sample's right
/// cheeks, 21–27 % clipped, against the generator's redness; the light skin of
/// `tests/skin_tones.rs`, up to 35 %), so 2 σ at 35 % is 1.4; a cheek 48 % clipped read 1.2
/// low and one 65 % clipped about 3 low, which is why regions past `MAX_CLIPPED_SHARE`
/// (40 %) are not read at all.
pub const CLIPPED_A_STAR_SIGMA: f64 = 2.0;

/// The same for the texture index, in percent: clipping flattens the fine detail. A model
/// (a fully clipped region would lose its detail), not yet measured.
pub const CLIPPED_TEXTURE_SIGMA_PERCENT: f64 = 20.0;

/// A photo's melanin-index scatter (1 σ) per unit of its a* scatter: both come from the
/// same colour-correction errors. On the repeated photos of unchanged skin
/// (`tests/repeatability.rs`) the melanin index scatters by 0.12–0.28 (sd) where the a*
/// model above allows 0.5–0.8: the same margin as a* itself keeps.
pub const MELANIN_PER_A_STAR: f64 = 1.0;

/// The uncertainty of one side of a comparison (a photo, or the baseline's mean), 1 σ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Sigma {
    /// a* units.
    pub a_star: f64,
    /// Percent of the texture index.
    pub texture_percent: f64,
    /// Melanin-index units.
    pub melanin: f64,
}

impl Sigma {
    /// A single photo's scatter.
    pub fn of_photo(calibration: &Calibration, comparable: bool) -> Sigma {
        let k = if comparable {
            1.0
        } else {
            NOT_COMPARABLE_FACTOR
        };
        Sigma {
            a_star: k * a_star_sigma(calibration),
            texture_percent: k * TEXTURE_SIGMA_PERCENT,
            melanin: k * MELANIN_PER_A_STAR * a_star_sigma(calibration),
        }
    }

    /// This scatter with the texture's widened by `sharpness` (1 σ, percent; see
    /// [`sharpness_texture_sigma`]).
    pub fn with_sharpness(self, sharpness: f64) -> Sigma {
        Sigma {
            texture_percent: self.texture_percent.hypot(sharpness),
            ..self
        }
    }

    /// This scatter widened by what an alignment's expected miss does to the region's
    /// colour (1 σ, a* and melanin index; `RegionValues::a_star_misregistration`).
    pub fn with_misregistration(self, a_star: f64, melanin: f64) -> Sigma {
        Sigma {
            a_star: self.a_star.hypot(a_star),
            melanin: self.melanin.hypot(melanin),
            ..self
        }
    }

    /// This scatter widened for a region with `clipped` (0–1) of its pixels clipped.
    pub fn with_clipped(self, clipped: f64) -> Sigma {
        Sigma {
            a_star: self.a_star.hypot(CLIPPED_A_STAR_SIGMA * clipped),
            texture_percent: (self.texture_percent).hypot(CLIPPED_TEXTURE_SIGMA_PERCENT * clipped),
            melanin: (self.melanin).hypot(MELANIN_PER_A_STAR * CLIPPED_A_STAR_SIGMA * clipped),
        }
    }

    /// The scatter of the mean of several photos: their own scatters averaged in quadrature,
    /// and, when there are several, the spread they actually show (whichever is larger).
    pub fn of_mean(photos: &[Sigma], a_star: &[f64], texture: &[f64], melanin: &[f64]) -> Sigma {
        let n = photos.len().max(1) as f64;
        let own =
            |f: fn(&Sigma) -> f64| (photos.iter().map(|s| f(s).powi(2)).sum::<f64>()).sqrt() / n;
        let spread = |v: &[f64]| -> f64 {
            if v.len() < 2 {
                return 0.0;
            }
            let m = v.iter().sum::<f64>() / v.len() as f64;
            let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
            // The mean's standard error.
            (var / v.len() as f64).sqrt()
        };
        let texture_mean = texture.iter().sum::<f64>() / texture.len().max(1) as f64;
        let texture_spread = if texture_mean > 0.0 {
            100.0 * spread(texture) / texture_mean
        } else {
            0.0
        };
        Sigma {
            a_star: own(|s| s.a_star).max(spread(a_star)),
            texture_percent: own(|s| s.texture_percent).max(texture_spread),
            melanin: own(|s| s.melanin).max(spread(melanin)),
        }
    }
}

/// The 95 % half-width of a difference between two sides.
pub fn half_width(a: f64, b: f64) -> f64 {
    2.0 * a.hypot(b)
}

/// Whether a change is real, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Above both the just-visible threshold and the pair's noise.
    Higher,
    /// Below the baseline by more than both.
    Lower,
    /// Smaller than the threshold or the noise: not a change anyone should act on.
    WithinNoise,
}

impl Verdict {
    /// The verdict on a change `delta` with uncertainty `noise` (95 % half-width) against a
    /// just-visible `threshold`.
    pub fn of(delta: f64, noise: f64, threshold: f64) -> Verdict {
        if delta.abs() < threshold.max(noise) {
            Verdict::WithinNoise
        } else if delta > 0.0 {
            Verdict::Higher
        } else {
            Verdict::Lower
        }
    }

    /// The redness verdict in words: "redder", "less red" or "within noise".
    pub fn redness_words(self) -> &'static str {
        match self {
            Verdict::Higher => "redder",
            Verdict::Lower => "less red",
            Verdict::WithinNoise => "within noise",
        }
    }

    /// The pigmentation verdict in words: "darker", "lighter" or "within noise".
    pub fn pigment_words(self) -> &'static str {
        match self {
            Verdict::Higher => "darker",
            Verdict::Lower => "lighter",
            Verdict::WithinNoise => "within noise",
        }
    }

    /// The texture verdict in words: "rougher", "smoother" or "within noise".
    pub fn texture_words(self) -> &'static str {
        match self {
            Verdict::Higher => "rougher",
            Verdict::Lower => "smoother",
            Verdict::WithinNoise => "within noise",
        }
    }

    /// True for a change called real.
    pub fn is_real(self) -> bool {
        self != Verdict::WithinNoise
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::measure::SurroundCalibration;

    #[test]
    fn a_change_is_real_only_past_both_the_threshold_and_the_noise() {
        assert_eq!(Verdict::of(2.4, 1.0, 2.5), Verdict::WithinNoise);
        assert_eq!(Verdict::of(2.6, 1.0, 2.5), Verdict::Higher);
        assert_eq!(Verdict::of(-2.6, 1.0, 2.5), Verdict::Lower);
        assert_eq!(Verdict::of(4.0, 5.7, 2.5), Verdict::WithinNoise);
        assert_eq!(Verdict::of(-6.0, 5.7, 2.5), Verdict::Lower);
    }

    #[test]
    fn uncalibrated_photos_are_far_noisier_than_corrected_ones() {
        let surround = Calibration::Surroundings(SurroundCalibration {
            gains: [1.0; 3],
            residual: 0.015,
            inlier_share: 0.9,
            reference_patch: false,
        });
        let pair = |c: &Calibration| {
            half_width(
                Sigma::of_photo(c, true).a_star,
                Sigma::of_photo(&Calibration::Reference, true).a_star,
            )
        };
        let corrected = pair(&surround);
        let uncorrected = pair(&Calibration::NoPatch);
        // Against the reference: a corrected photo's noise stays under the just-visible
        // threshold, an uncorrected one's (a white balance alone moves a* by ±4) does not.
        assert!(corrected < JUST_VISIBLE_A_STAR, "{corrected}");
        assert!(uncorrected > 3.5, "{uncorrected}");
        let doubted = Sigma::of_photo(&surround, false).a_star;
        assert!(doubted > Sigma::of_photo(&surround, true).a_star);
    }

    #[test]
    fn clipping_widens_the_scatter_in_quadrature() {
        let s = Sigma::of_photo(&Calibration::Reference, true);
        assert_eq!(s.with_clipped(0.0), s);
        let clipped = s.with_clipped(0.3);
        assert!(
            (clipped.a_star - 0.25f64.hypot(0.6)).abs() < 1e-12,
            "{clipped:?}"
        );
        assert!(clipped.texture_percent > s.texture_percent);
    }

    #[test]
    fn a_baseline_of_scattered_photos_is_as_noisy_as_they_scatter() {
        let s = Sigma::of_photo(&Calibration::Reference, true);
        let calm = Sigma::of_mean(&[s, s], &[10.0, 10.2], &[4.0, 4.0], &[30.0, 30.1]);
        let scattered = Sigma::of_mean(&[s, s], &[8.0, 12.0], &[4.0, 5.0], &[28.0, 32.0]);
        assert!(calm.a_star < 0.25, "{calm:?}");
        assert!((scattered.a_star - 2.0).abs() < 1e-9, "{scattered:?}");
        assert!(scattered.texture_percent > calm.texture_percent);
        assert!((scattered.melanin - 2.0).abs() < 1e-9, "{scattered:?}");
    }

    #[test]
    fn a_sharpness_difference_widens_texture_only_and_symmetrically() {
        assert_eq!(sharpness_texture_sigma(Some(0.3), Some(0.3)), 0.0);
        assert_eq!(sharpness_texture_sigma(None, Some(0.3)), 0.0);
        let blurrier = sharpness_texture_sigma(Some(0.2), Some(0.3));
        let sharper = sharpness_texture_sigma(Some(0.3), Some(0.2));
        assert!((blurrier - sharper).abs() < 1e-12);
        assert!((blurrier - SHARPNESS_TEXTURE_SIGMA_PERCENT * 1.5f64.ln()).abs() < 1e-12);
        let s = Sigma {
            a_star: 0.5,
            texture_percent: 2.0,
            melanin: 0.5,
        }
        .with_sharpness(3.0);
        assert_eq!((s.a_star, s.melanin), (0.5, 0.5));
        assert!((s.texture_percent - 13f64.sqrt()).abs() < 1e-12);
    }
}
