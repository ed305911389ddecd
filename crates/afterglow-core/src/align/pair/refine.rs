//! The refinement half of pair alignment: ECC from the coarse step's candidates, level by
//! level down the pyramid, and the face check that confirms a fit. A child of `pair`, so it
//! works on the prepared reference's fields directly.

use super::{CHECK_CROP, CHECK_SIDE, COARSE_CANDIDATES, Fit, PreparedReference, TOLERANCE};
use crate::align::coarse::{ReferenceCrop, estimate};
use crate::align::ecc::Template;
use crate::align::face::{FaceBox, detect_small};
use crate::align::pyramid::Pyramid;
use crate::geometry::{Affine2, Point};
use crate::imaging::{GrayF32, sample_f32};

impl PreparedReference {
    /// Starting points for ECC: the coarse estimate's best hypotheses for the reference's
    /// `crop` against the part of the photo `guess` says matches it, and the guess itself.
    pub(super) fn candidates(
        &self,
        crop: &ReferenceCrop,
        mov: &Pyramid,
        guess: Affine2,
    ) -> Vec<Affine2> {
        let moving_crop = guess * crop.work_from_crop();
        let mut out: Vec<Affine2> = estimate(crop, mov, moving_crop)
            .into_iter()
            .take(COARSE_CANDIDATES)
            .map(|h| h.moving_from_reference)
            .collect();
        out.push(guess);
        out
    }

    /// Coarse to fine: every candidate at the top level, the best two one level down, then the
    /// best one to the finest level.
    pub(super) fn refine(&self, mov: &Pyramid, candidates: &[Affine2]) -> Fit {
        let top = self.top_level;
        let mut ranked: Vec<Fit> = candidates
            .iter()
            .map(|c| self.refine_level(&self.templates, mov, top, *c, 40))
            .collect();
        let mut level = top;
        while level > 0 {
            ranked.sort_by(|a, b| b.rho.total_cmp(&a.rho));
            ranked.truncate(if level == top { 2 } else { 1 });
            level -= 1;
            let iterations = if level == 0 { 15 } else { 25 };
            ranked = ranked
                .iter()
                .map(|f| {
                    self.refine_level(
                        &self.templates,
                        mov,
                        level,
                        f.moving_from_reference,
                        iterations,
                    )
                })
                .collect();
        }
        ranked
            .into_iter()
            .max_by(|a, b| a.rho.total_cmp(&b.rho))
            .unwrap_or(Fit {
                moving_from_reference: candidates.first().copied().unwrap_or(Affine2::IDENTITY),
                rho: 0.0,
                overlap: 0.0,
            })
    }

    /// ECC on `templates` from one start, from their coarsest level to the finest.
    pub(super) fn refine_from(
        &self,
        templates: &[Option<Template>],
        mov: &Pyramid,
        start: Affine2,
    ) -> Fit {
        let top = templates.iter().rposition(Option::is_some).unwrap_or(0);
        let mut fit = self.refine_level(templates, mov, top, start, 25);
        for level in (0..top).rev() {
            fit = self.refine_level(templates, mov, level, fit.moving_from_reference, 15);
        }
        fit
    }

    /// The correlation and overlap of `moving_from_reference` on the finest of `templates`,
    /// without moving it.
    pub(super) fn fit_at(&self, templates: &[Option<Template>], mov: &Pyramid, at: Affine2) -> Fit {
        let Some(Some(tpl)) = templates.first() else {
            return Fit {
                moving_from_reference: at,
                rho: 0.0,
                overlap: 0.0,
            };
        };
        let (j, _, work_from_tpl) = self.moving_level(mov, 0, &at);
        let ml = &mov.levels[j];
        let (rho, overlap) = tpl.correlation(&ml.luma, &(ml.level_from_work * at * work_from_tpl));
        Fit {
            moving_from_reference: at,
            rho,
            overlap,
        }
    }

    /// ECC at one reference level from `start`; when ECC cannot proceed, the start as it is.
    pub(super) fn refine_level(
        &self,
        templates: &[Option<Template>],
        mov: &Pyramid,
        level: usize,
        start: Affine2,
        iterations: usize,
    ) -> Fit {
        let Some(Some(tpl)) = templates.get(level) else {
            return Fit {
                moving_from_reference: start,
                rho: 0.0,
                overlap: 0.0,
            };
        };
        let (j, tpl_from_work, work_from_tpl) = self.moving_level(mov, level, &start);
        let ml = &mov.levels[j];
        let a = ml.level_from_work * start * work_from_tpl;
        let refined = tpl.refine(&ml.luma, a, iterations, TOLERANCE);
        match (refined, ml.level_from_work.inverse()) {
            (Some(r), Some(work_from_ml)) if r.rho.is_finite() => Fit {
                moving_from_reference: work_from_ml * r.image_from_template * tpl_from_work,
                rho: r.rho,
                overlap: r.overlap,
            },
            _ => {
                let (rho, overlap) = tpl.correlation(&ml.luma, &a);
                Fit {
                    moving_from_reference: start,
                    rho,
                    overlap,
                }
            }
        }
    }

    /// The moving level whose pixels best match the reference level's once mapped, and the
    /// reference level's transforms.
    pub(super) fn moving_level(
        &self,
        mov: &Pyramid,
        level: usize,
        moving_from_reference: &Affine2,
    ) -> (usize, Affine2, Affine2) {
        let tpl_from_work = self.pyramid.levels[level].level_from_work;
        let work_from_tpl = tpl_from_work.inverse().unwrap_or(Affine2::IDENTITY);
        // Size of a reference-level pixel in moving working pixels.
        let spacing = moving_from_reference.mean_scale() * work_from_tpl.mean_scale();
        let j = (spacing.max(1e-9).log2() + 0.25).floor().max(0.0) as usize;
        (j.min(mov.levels.len() - 1), tpl_from_work, work_from_tpl)
    }

    /// The face in the moving photo where `fit` puts the reference's, if the detector agrees
    /// (in the moving working plane). The crop is turned with the fit, so a tilted head is
    /// shown upright to the frontal detector.
    pub(super) fn face_at(&self, mov: &Pyramid, fit: &Fit) -> Option<FaceBox> {
        let face = self.face?;
        let c = face.centre();
        let side = CHECK_CROP * face.size();
        let half = (f64::from(CHECK_SIDE) - 1.0) / 2.0;
        // reference working ← crop pixels, then into the moving plane.
        let ref_from_crop = Affine2::translation(c.x, c.y)
            * Affine2::scale(side / f64::from(CHECK_SIDE))
            * Affine2::translation(-half, -half);
        let moving_from_crop = fit.moving_from_reference * ref_from_crop;
        let spacing = moving_from_crop.mean_scale();
        let j = ((spacing.max(1e-9).log2()).floor().max(0.0) as usize).min(mov.levels.len() - 1);
        let level = &mov.levels[j];
        let level_from_crop = level.level_from_work * moving_from_crop;
        let crop = GrayF32::from_fn(CHECK_SIDE, CHECK_SIDE, |x, y| {
            let p = level_from_crop.apply(Point::new(f64::from(x), f64::from(y)));
            image::Luma([sample_f32(&level.luma, p.x, p.y).unwrap_or(0.5)])
        });
        let found = detect_small(&crop, 40)?;
        // The detector must find the face where it should be and at about its size.
        let expected = f64::from(CHECK_SIDE) / CHECK_CROP;
        let centre_off = found.centre().distance(Point::new(half, half));
        let ratio = found.size() / expected;
        (centre_off < 0.3 * expected && (0.7..=1.45).contains(&ratio))
            .then(|| found.transformed(&moving_from_crop))
    }
}
