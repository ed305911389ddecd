//! Which colour correction each photo gets, most trusted first: its own neutral patch; else
//! its surroundings matched to the reference's (`surroundings`, `surround_balance`) followed
//! by the reference's own patch when it has one, so every photo lands on the same colours;
//! else nothing, with the reason. Measurements and the redness-change map both ask here.

use image::RgbImage;

use super::measure::{Calibration, SurroundCalibration};
use super::surround_balance::SurroundError;
use super::surroundings::{FaceOutline, Surroundings};
use super::white_balance::WhiteBalance;
use crate::align::find_landmarks_within;
use crate::face::FaceLandmarks;
use crate::geometry::{Affine2, resample_from};
use crate::project::{Photo, PhotoId};

/// Marked eyes further than this share of the eye distance from the mesh's eyes: the mesh
/// read another face (or none), so the marks outline the face instead.
const MARKS_OVERRIDE_MESH: f64 = 0.15;

/// Bump when the normalisation changes its results (it is part of the metrics cache key).
pub const NORMALISATION_VERSION: u32 = 1;

/// What the normalisation of every photo depends on besides the photo itself: the
/// reference's content, patch and eye marks, and whether the surroundings are used. Part of
/// the metrics cache key.
pub fn normalisation_key(reference: &Photo, use_surroundings: bool) -> String {
    let parts = (
        NORMALISATION_VERSION,
        &reference.hash,
        (reference.width, reference.height),
        reference.white_patch.as_ref(),
        reference.eyes,
        use_surroundings,
    );
    let json = serde_json::to_vec(&parts).unwrap_or_default();
    blake3::hash(&json).to_hex()[..32].to_owned()
}

/// The white balance from `photo`'s neutral patch, read from its `preview`: `None` without a
/// patch, the reason when it is refused.
pub fn patch_balance(photo: &Photo, preview: &RgbImage) -> Option<Result<WhiteBalance, String>> {
    let patch = photo.white_patch.as_ref()?;
    let preview_from_photo =
        resample_from(preview.width(), preview.height(), photo.width, photo.height);
    Some(
        WhiteBalance::from_photo_patch(preview, &preview_from_photo, patch)
            .map_err(|e| e.to_string()),
    )
}

/// The reference's face mesh (read in its `preview`) and the map from the preview to the
/// reference's pixels; `None` when no face is found or the mesh disagrees with the eye marks.
fn reference_mesh(reference: &Photo, preview: &RgbImage) -> Option<(FaceLandmarks, Affine2)> {
    let reference_from_preview = resample_from(
        reference.width,
        reference.height,
        preview.width(),
        preview.height(),
    );
    let mesh = find_landmarks_within(preview).ok().filter(|lm| {
        reference.eyes.is_none_or(|marks| {
            let iod = lm.inter_ocular() * reference_from_preview.mean_scale();
            let eyes = lm.eye_centres().map(|p| reference_from_preview.apply(p));
            let off = |m| eyes.iter().map(|e| e.distance(m)).fold(f64::MAX, f64::min);
            marks.iter().all(|&m| off(m) <= MARKS_OVERRIDE_MESH * iod)
        })
    })?;
    Some((mesh, reference_from_preview))
}

/// The distance between the eyes marked on `reference`, in its pixels.
fn marked_eye_distance(reference: &Photo) -> Option<f64> {
    reference.eyes.map(|[a, b]| a.distance(b))
}

/// The face outline from a mesh found by [`reference_mesh`], else from the eye marks.
fn face_outline(reference: &Photo, mesh: Option<&(FaceLandmarks, Affine2)>) -> Option<FaceOutline> {
    mesh.and_then(|(lm, reference_from_preview)| {
        FaceOutline::from_mesh(&lm.points, reference_from_preview)
    })
    .or_else(|| reference.eyes.map(FaceOutline::from_eyes))
}

/// The face to leave out of the reference's surroundings: its face mesh's outline, else the
/// face its eye marks imply.
pub fn reference_face(reference: &Photo, preview: &RgbImage) -> Option<FaceOutline> {
    face_outline(reference, reference_mesh(reference, preview).as_ref())
}

/// The reference's side of the colour correction, prepared once per run.
#[derive(Clone, Debug)]
pub struct ColourNormaliser {
    reference: PhotoId,
    /// The reference's own patch: `None` without one, the reason when refused.
    reference_patch: Option<Result<WhiteBalance, String>>,
    /// `None` when normalisation by the surroundings is turned off.
    surroundings: Option<Result<Surroundings, SurroundError>>,
    /// The distance between the reference's eyes in its own pixels (from its eye marks, else
    /// its face mesh): the unit of an alignment's miss. `None` when neither is known.
    eye_distance: Option<f64>,
}

impl ColourNormaliser {
    /// Prepares the correction from the reference photo's `preview` (its patch, and with
    /// `use_surroundings` its face and surroundings; the face mesh is read here).
    pub fn new(reference: &Photo, preview: &RgbImage, use_surroundings: bool) -> Self {
        let mesh = reference_mesh(reference, preview);
        let surroundings = use_surroundings.then(|| {
            let face = face_outline(reference, mesh.as_ref()).ok_or(SurroundError::NoFace)?;
            Surroundings::new(reference, preview, &face)
        });
        let eye_distance = marked_eye_distance(reference)
            .or_else(|| mesh.map(|(lm, t)| lm.inter_ocular() * t.mean_scale()));
        Self {
            eye_distance,
            ..Self::with_surroundings(reference, preview, surroundings)
        }
    }

    /// The distance between the reference's eyes in its own pixels, when known.
    pub fn eye_distance(&self) -> Option<f64> {
        self.eye_distance
    }

    /// As [`ColourNormaliser::new`] with the surroundings already prepared (or refused, or
    /// `None`: not used).
    pub fn with_surroundings(
        reference: &Photo,
        preview: &RgbImage,
        surroundings: Option<Result<Surroundings, SurroundError>>,
    ) -> Self {
        Self {
            reference: reference.id.clone(),
            reference_patch: patch_balance(reference, preview),
            surroundings,
            eye_distance: marked_eye_distance(reference),
        }
    }

    /// A normaliser that corrects nothing but patches (the reference's preview could not be
    /// read, so neither its patch nor its surroundings are known).
    pub fn patches_only(reference: &Photo, why: String) -> Self {
        Self {
            reference: reference.id.clone(),
            reference_patch: None,
            surroundings: Some(Err(SurroundError::ReferenceUnreadable(why))),
            eye_distance: marked_eye_distance(reference),
        }
    }

    /// The reference's surroundings, or why they cannot be used (`None`: turned off).
    pub fn surroundings(&self) -> Option<&Result<Surroundings, SurroundError>> {
        self.surroundings.as_ref()
    }

    /// The correction for `photo` (read from its `preview`, placed in the reference by
    /// `reference_from_photo`) and how it was made.
    pub fn balance(
        &self,
        photo: &Photo,
        preview: &RgbImage,
        reference_from_photo: &Affine2,
    ) -> (WhiteBalance, Calibration) {
        let own = patch_balance(photo, preview);
        if let Some(Ok(wb)) = own {
            return (wb, Calibration::Calibrated);
        }
        let refused = |why: String| match &own {
            Some(Err(patch)) => Calibration::PatchRefused(format!("{patch}; {why}")),
            _ => Calibration::Uncalibrated(why),
        };
        let surroundings = match &self.surroundings {
            None => {
                return match own {
                    Some(Err(why)) => (WhiteBalance::NONE, Calibration::PatchRefused(why)),
                    _ => (WhiteBalance::NONE, Calibration::NoPatch),
                };
            }
            Some(Err(e)) => return (WhiteBalance::NONE, refused(e.to_string())),
            Some(Ok(s)) => s,
        };
        if photo.id == self.reference {
            return (WhiteBalance::NONE, Calibration::Reference);
        }
        match surroundings.fit(photo, preview, reference_from_photo) {
            Err(e) => (WhiteBalance::NONE, refused(e.to_string())),
            Ok(fit) => {
                let reference_wb = match &self.reference_patch {
                    Some(Ok(wb)) => Some(*wb),
                    _ => None,
                };
                let then = reference_wb.unwrap_or(WhiteBalance::NONE);
                let gains = [0, 1, 2].map(|c| fit.gains[c] * then.gains[c]);
                (
                    WhiteBalance { gains },
                    Calibration::Surroundings(SurroundCalibration {
                        gains: fit.gains,
                        residual: fit.residual,
                        inlier_share: fit.inlier_share,
                        reference_patch: reference_wb.is_some(),
                    }),
                )
            }
        }
    }
}
