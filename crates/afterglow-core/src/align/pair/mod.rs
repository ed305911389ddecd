//! Aligning one image to another: the coarse estimate, coarse-to-fine ECC on the luminance
//! pyramids, the face check, and the quality verdict.

use image::RgbImage;

use super::by_face::{
    LIGHT_SIDE_CHANGE, MAX_POLISH_EYE_SHIFT, MAX_REFINE_EYE_SHIFT, MAX_ROLL_DEGREES, eye_shift,
    face_box_of, face_verdict, find_landmarks_within, similarity_from_meshes, stable_points_inside,
    stable_skin_region,
};
use super::coarse::{ReferenceCrop, square_crop};
use super::ecc::{Region, Template};
use super::face::{FaceBox, detect_face_luma};
use super::lighting::cheek_light_balance;
use super::luma::luma_shrink;
use super::pyramid::{Pyramid, factor_for_area, factor_for_side};
use super::quality::{Concern, Evidence, MIN_SCORE, assess};
use crate::face::{FaceLandmarks, HeadPose};
use crate::geometry::{Affine2, Point};

mod mirror;
mod refine;

pub use mirror::{Facing, MIRROR_MARGIN};

/// The reference is worked on at most this many pixels on its long side, and every moving
/// image at about the same area (never less; whole-block shrink factors from 2 on): enough for
/// sub-pixel accuracy on a face, small enough that a pair aligns in tens of milliseconds.
pub const WORK_SIDE: u32 = 1024;

/// The coarsest ECC level keeps the face (or, without one, the image's short side) at least
/// this many pixels across.
const TOP_FACE_PIXELS: f64 = 24.0;
const TOP_IMAGE_PIXELS: f64 = 48.0;

/// The ECC region around a face box: an ellipse this many box widths and heights across,
/// forehead to chin and cheek to cheek. Hair, ears and background are left out: they move on
/// their own between photos.
const MASK_WIDTH: f64 = 1.15;
const MASK_HEIGHT: f64 = 1.45;
/// The ellipse sits this share of the box height below the box centre (the box runs from the
/// brows; the chin is below it).
const MASK_DROP: f64 = 0.05;

/// Without a face, ECC uses the whole image but this share of its size at each edge.
const BORDER: f64 = 0.04;

/// The coarse crop around a face is this many face sizes across; without a face, it is the
/// image's central square.
const FACE_CROP: f64 = 2.2;

/// How many coarse hypotheses go on to ECC.
const COARSE_CANDIDATES: usize = 4;

/// The face check looks at a crop this many face sizes across, resampled to `CHECK_SIDE`
/// pixels: the face is then about 48 px, just above the detector's window.
const CHECK_CROP: f64 = 2.0;
const CHECK_SIDE: u32 = 96;

/// ECC stops when a step moves the template by less than this many pixels of its level.
const TOLERANCE: f64 = 0.005;

const MIN_SIDE: u32 = 16;

/// Why an image cannot be aligned at all (as opposed to aligned but not comparable).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AlignError {
    /// Either side is under 16 pixels: too small for the pyramid and the face search.
    #[error("the image is too small to align ({width}×{height} pixels)")]
    TooSmall {
        /// The image's width in pixels.
        width: u32,
        /// The image's height in pixels.
        height: u32,
    },
}

/// The reference image prepared once (pyramid, face, ECC templates, coarse spectra) and
/// reused for every photo aligned to it.
pub struct PreparedReference {
    pyramid: Pyramid,
    /// The face in working-plane coordinates.
    face: Option<FaceBox>,
    templates: Vec<Option<Template>>,
    /// The coarse estimate's crop: around the face, or the central square without one.
    crop: ReferenceCrop,
    /// With a face, also the central square, for photos where the face crop finds nothing
    /// (a large turn or shift moves the face far from where the framing puts it).
    wide_crop: Option<ReferenceCrop>,
    top_level: usize,
    /// The reference's face mesh in its own pixels; with one, photos whose mesh is found too
    /// are aligned by the face (`by_face.rs`).
    landmarks: Option<FaceLandmarks>,
    /// ECC templates of the stable skin (eyes, nose, lower forehead), finest level first, for
    /// refining a landmark alignment; `None` above the levels where the skin is large enough.
    stable_templates: Vec<Option<Template>>,
}

/// The result of aligning a moving image to the reference.
#[derive(Clone, Debug, PartialEq)]
pub struct PairAlignment {
    /// Maps the moving image's pixel coordinates (as given) onto the reference's.
    pub reference_from_moving: Affine2,
    /// ECC correlation (0–1) of the face's (or image's) luminance after alignment.
    pub score: f64,
    /// False when the comparison should not be trusted; `concerns` says why.
    pub comparable: bool,
    /// Why `comparable` is false, most serious first (empty when comparable).
    pub concerns: Vec<Concern>,
    /// The faces found, in each image's own pixel coordinates.
    pub reference_face: Option<FaceBox>,
    /// The face found in the moving image, in its own pixel coordinates.
    pub moving_face: Option<FaceBox>,
    /// The head's pose relative to the reference's, when both face meshes were read.
    pub pose: Option<HeadPose>,
    /// How far the eyes land from the reference's after alignment, as a share of the eye
    /// distance, when both face meshes were read.
    pub eye_error: Option<f64>,
}

/// An ECC result in working-plane terms.
#[derive(Clone, Copy, Debug)]
struct Fit {
    /// `moving_work_from_reference_work`.
    moving_from_reference: Affine2,
    rho: f64,
    /// Share of the reference's ECC region that lands inside the moving image.
    overlap: f64,
}

fn check_size(img: &RgbImage) -> Result<(), AlignError> {
    let (width, height) = img.dimensions();
    if width.min(height) < MIN_SIDE {
        return Err(AlignError::TooSmall { width, height });
    }
    Ok(())
}

impl PreparedReference {
    /// Prepares `reference` once for aligning many photos to it; refuses images under 16 px.
    pub fn new(reference: &RgbImage) -> Result<Self, AlignError> {
        check_size(reference)?;
        let factor = factor_for_side(reference.width(), reference.height(), WORK_SIDE);
        let luma = luma_shrink(reference, factor);
        let face = detect_face_luma(&luma);
        let pyramid = Pyramid::from_luma(luma, factor, reference.dimensions());
        let landmarks = find_landmarks_within(reference).ok();
        Ok(Self::from_pyramid(pyramid, face, landmarks))
    }

    fn from_pyramid(
        pyramid: Pyramid,
        face: Option<FaceBox>,
        landmarks: Option<FaceLandmarks>,
    ) -> Self {
        let (w, h) = pyramid.work_size();
        let (w, h) = (f64::from(w), f64::from(h));
        let region = match face {
            Some(f) => Region::Ellipse {
                centre: Point::new(f.centre().x, f.centre().y + MASK_DROP * f.height),
                rx: 0.5 * MASK_WIDTH * f.width,
                ry: 0.5 * MASK_HEIGHT * f.height,
            },
            None => Region::Rect {
                x0: BORDER * w,
                y0: BORDER * h,
                x1: (1.0 - BORDER) * w - 1.0,
                y1: (1.0 - BORDER) * h - 1.0,
            },
        };
        let extent = match face {
            Some(f) => f.size() / TOP_FACE_PIXELS,
            None => w.min(h) / TOP_IMAGE_PIXELS,
        };
        let top_wanted = extent.max(1.0).log2().floor() as usize;
        let templates: Vec<Option<Template>> = pyramid
            .levels
            .iter()
            .enumerate()
            .map(|(k, l)| {
                (k <= top_wanted)
                    .then(|| Template::new(&l.luma, &region.mapped(&l.level_from_work), 200))
                    .flatten()
            })
            .collect();
        let top_level = templates.iter().rposition(Option::is_some).unwrap_or(0);
        let crop = ReferenceCrop::new(&pyramid, reference_crop(face, w, h));
        let wide_crop = face.map(|_| ReferenceCrop::new(&pyramid, reference_crop(None, w, h)));
        let stable_templates = match &landmarks {
            Some(lm) => {
                let skin = stable_skin_region(lm, &pyramid.work_from_image);
                let (_, _, x1, _) = skin.bounds();
                let rx = x1 - skin.bounds().0;
                // The coarsest level keeps the skin at least 48 px across; two levels at most,
                // as the landmarks start within a few pixels.
                let top = (rx / 48.0).max(1.0).log2().floor().min(2.0) as usize;
                pyramid
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(k, l)| {
                        (k <= top)
                            .then(|| Template::new(&l.luma, &skin.mapped(&l.level_from_work), 200))
                            .flatten()
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        Self {
            pyramid,
            face,
            templates,
            crop,
            wide_crop,
            top_level,
            landmarks,
            stable_templates,
        }
    }

    /// The reference's face mesh, in its own pixels, when one was found.
    pub fn landmarks(&self) -> Option<&FaceLandmarks> {
        self.landmarks.as_ref()
    }

    /// The reference's face in its own pixel coordinates.
    pub fn face(&self) -> Option<FaceBox> {
        let image_from_work = self.pyramid.work_from_image.inverse()?;
        self.face.map(|f| f.transformed(&image_from_work))
    }

    /// The reference image's size.
    pub fn size(&self) -> (u32, u32) {
        (self.pyramid.image_width, self.pyramid.image_height)
    }

    /// Aligns `moving` to the reference as the file shows it (`mirror.rs` adds the mirrored
    /// try and documents the whole of `align`).
    ///
    /// `read_mesh` false skips the face mesh (the correlation way only): the mirrored try of a
    /// photo whose mesh was not found needs not search for it again.
    fn align_as_given(
        &self,
        moving: &RgbImage,
        read_mesh: bool,
    ) -> Result<PairAlignment, AlignError> {
        check_size(moving)?;
        let mov = self.moving_pyramid(moving);
        let mut face_cut = false;
        if let Some(reference) = &self.landmarks
            && read_mesh
            && let Ok(photo) = find_landmarks_within(moving)
        {
            face_cut = !stable_points_inside(&photo, moving.dimensions());
            if !face_cut && let Some(found) = self.align_by_face(&mov, reference, &photo) {
                return Ok(found);
            }
        }
        let mut found = self.align_by_correlation(&mov)?;
        if face_cut {
            // The mesh saw a face the frame cuts: say that, not that there is no face.
            found.concerns.retain(|c| *c != Concern::NoFaceInPhoto);
            found.concerns.push(Concern::FaceCut);
            found.comparable = false;
        }
        Ok(found)
    }

    /// Alignment by the two face meshes (see `by_face.rs`): the eye corners' similarity,
    /// refined by ECC on the stable skin unless that moves the eyes. `None` when the meshes
    /// give no usable similarity.
    fn align_by_face(
        &self,
        mov: &Pyramid,
        reference: &FaceLandmarks,
        photo: &FaceLandmarks,
    ) -> Option<PairAlignment> {
        let by_landmarks = similarity_from_meshes(reference, photo)?;
        let image_from_work = self.image_from_work();
        let moving_image_from_work = self.image_from_work_of(mov);
        let to_work = |reference_from_moving: &Affine2| {
            (self.pyramid.work_from_image * *reference_from_moving * moving_image_from_work)
                .inverse()
        };
        let start = to_work(&by_landmarks)?;
        let refined = self.refine_from(&self.stable_templates, mov, start);
        let refined_image = refined
            .moving_from_reference
            .inverse()
            .map(|reference_from_moving| {
                image_from_work * reference_from_moving * mov.work_from_image
            });
        let (stable, fit) = match refined_image {
            Some(t)
                if t.is_finite()
                    && refined.rho.is_finite()
                    && eye_shift(reference, photo, &t, &by_landmarks) <= MAX_REFINE_EYE_SHIFT =>
            {
                (t, refined)
            }
            // Refused: keep the landmarks' similarity, scored on the same skin.
            _ => (
                by_landmarks,
                self.fit_at(&self.stable_templates, mov, start),
            ),
        };
        let reference_from_moving = self.polish(mov, reference, photo, &stable, &fit);
        let (face_concerns, pose, eye_error) =
            face_verdict(reference, photo, &reference_from_moving);
        let mut concerns = assess(&Evidence {
            score: fit.rho.clamp(0.0, 1.0),
            scale: self.relative_face_scale(mov, &fit),
            overlap: fit.overlap,
            face_in_reference: true,
            face_in_photo: true,
        });
        concerns.extend(face_concerns);
        if photo.faces_found > 1 {
            concerns.push(Concern::OtherFaces {
                count: photo.faces_found,
            });
        }
        let balance = |p: &Pyramid, lm: &FaceLandmarks| {
            cheek_light_balance(&p.levels[0].luma, lm, &p.work_from_image)
        };
        // A turned head or a changed expression moves the cheeks' shading by itself.
        let pose_or_expression = concerns.iter().any(|c| {
            matches!(
                c,
                Concern::HeadTurned { .. }
                    | Concern::Smiling
                    | Concern::MouthOpen
                    | Concern::EyesClosed
            )
        });
        if !pose_or_expression
            && let (Some(r), Some(p)) = (balance(&self.pyramid, reference), balance(mov, photo))
            && (p - r).abs() > LIGHT_SIDE_CHANGE
        {
            concerns.push(Concern::LitFromSide {
                photo: p,
                reference: r,
            });
        }
        Some(PairAlignment {
            reference_from_moving,
            score: fit.rho.clamp(0.0, 1.0),
            comparable: concerns.iter().all(Concern::is_advice_only),
            concerns,
            reference_face: Some(face_box_of(reference)),
            moving_face: Some(face_box_of(photo)),
            pose: Some(pose),
            eye_error: Some(eye_error),
        })
    }

    /// The stable-skin result polished by ECC on the whole face (forehead to chin), which pins
    /// turn and scale down better than the eyes and nose alone: kept only when it moves the
    /// eyes by less than `MAX_POLISH_EYE_SHIFT`, so a changed mouth or jaw cannot pull it.
    fn polish(
        &self,
        mov: &Pyramid,
        reference: &FaceLandmarks,
        photo: &FaceLandmarks,
        stable: &Affine2,
        fit: &Fit,
    ) -> Affine2 {
        let polished = self.refine_level(&self.templates, mov, 0, fit.moving_from_reference, 15);
        let Some(polished_image) = polished
            .moving_from_reference
            .inverse()
            .map(|t| self.image_from_work() * t * mov.work_from_image)
        else {
            return *stable;
        };
        let keep = polished_image.is_finite()
            && polished.rho.is_finite()
            && eye_shift(reference, photo, &polished_image, stable) <= MAX_POLISH_EYE_SHIFT;
        if keep { polished_image } else { *stable }
    }

    /// The face's size relative to its frame in the photo over the same in the reference: the
    /// working planes' areas differ by the whole-number rounding of the shrink factor, which
    /// must not count.
    fn relative_face_scale(&self, mov: &Pyramid, fit: &Fit) -> f64 {
        let (rw, rh) = self.pyramid.work_size();
        let (mw, mh) = mov.work_size();
        let area_ratio = (f64::from(rw) * f64::from(rh)) / (f64::from(mw) * f64::from(mh));
        fit.moving_from_reference.mean_scale() * area_ratio.sqrt()
    }

    /// Alignment by correlation alone, for images without a face mesh on both sides.
    fn align_by_correlation(&self, mov: &Pyramid) -> Result<PairAlignment, AlignError> {
        let framing = self.framing_guess(mov);
        let mut fit = self.refine(mov, &self.candidates(&self.crop, mov, framing));
        let mut moving_face = self.face_at(mov, &fit);
        let face_missing = self.face.is_some() && moving_face.is_none();
        if face_missing || fit.rho < MIN_SCORE {
            let found = detect_face_luma(&mov.levels[0].luma);
            let mut candidates = Vec::new();
            if let Some(wide) = &self.wide_crop {
                candidates.extend(self.candidates(wide, mov, framing));
            }
            if let (Some(r), Some(m)) = (self.face, found) {
                let by_faces = Affine2::translation(m.centre().x, m.centre().y)
                    * Affine2::scale(m.size() / r.size())
                    * Affine2::translation(-r.centre().x, -r.centre().y);
                candidates.extend(self.candidates(&self.crop, mov, by_faces));
            }
            if !candidates.is_empty() {
                let retry = self.refine(mov, &candidates);
                if retry.rho > fit.rho {
                    fit = retry;
                    moving_face = self.face_at(mov, &fit);
                }
            }
            if moving_face.is_none() && self.face.is_none() {
                moving_face = found;
            }
        }
        let score = fit.rho.clamp(0.0, 1.0);
        let reference_from_moving = self.image_from_work()
            * fit
                .moving_from_reference
                .inverse()
                .unwrap_or(Affine2::IDENTITY)
            * mov.work_from_image;
        let mut concerns = assess(&Evidence {
            score,
            scale: self.relative_face_scale(mov, &fit),
            overlap: fit.overlap,
            face_in_reference: self.face.is_some(),
            face_in_photo: moving_face.is_some(),
        });
        let roll = reference_from_moving.turn().to_degrees();
        if roll.abs() > MAX_ROLL_DEGREES {
            concerns.push(Concern::TurnedTooFar { degrees: roll });
        }
        // A missing face explains the rest (a low correlation, a wild turn): say it first.
        concerns.sort_by_key(|c| !matches!(c, Concern::NoFaceInPhoto | Concern::NoFaceInReference));
        let image_from_work = mov.work_from_image.inverse().unwrap_or(Affine2::IDENTITY);
        Ok(PairAlignment {
            reference_from_moving,
            score,
            comparable: concerns.iter().all(Concern::is_advice_only),
            concerns,
            reference_face: self.face(),
            moving_face: moving_face.map(|f| f.transformed(&image_from_work)),
            pose: None,
            eye_error: None,
        })
    }

    /// The correlation (0–1) of `moving` mapped by a given `reference_from_moving` (a landmark
    /// or hand-made alignment), on the same terms as `align`'s score.
    pub fn score_of(
        &self,
        moving: &RgbImage,
        reference_from_moving: &Affine2,
    ) -> Result<f64, AlignError> {
        check_size(moving)?;
        let mov = self.moving_pyramid(moving);
        let Some(moving_from_reference) =
            (self.pyramid.work_from_image * *reference_from_moving * self.image_from_work_of(&mov))
                .inverse()
        else {
            return Ok(0.0);
        };
        let Some(Some(tpl)) = self.templates.first() else {
            return Ok(0.0);
        };
        let (j, _, work_from_tpl) = self.moving_level(&mov, 0, &moving_from_reference);
        let ml = &mov.levels[j];
        let (rho, _) = tpl.correlation(
            &ml.luma,
            &(ml.level_from_work * moving_from_reference * work_from_tpl),
        );
        Ok(rho.clamp(0.0, 1.0))
    }

    /// The moving image at the reference's working area, so that the two faces are about the
    /// same size in pixels when the photos are framed alike.
    fn moving_pyramid(&self, moving: &RgbImage) -> Pyramid {
        let (rw, rh) = self.pyramid.work_size();
        let factor = factor_for_area(
            moving.width(),
            moving.height(),
            f64::from(rw) * f64::from(rh),
        );
        Pyramid::new(moving, factor)
    }

    fn image_from_work(&self) -> Affine2 {
        self.pyramid
            .work_from_image
            .inverse()
            .unwrap_or(Affine2::IDENTITY)
    }

    fn image_from_work_of(&self, mov: &Pyramid) -> Affine2 {
        mov.work_from_image.inverse().unwrap_or(Affine2::IDENTITY)
    }

    /// The size-only guess: centre on centre, the working planes (of equal area) at the same
    /// scale.
    fn framing_guess(&self, mov: &Pyramid) -> Affine2 {
        let (rw, rh) = self.pyramid.work_size();
        let (mw, mh) = mov.work_size();
        Affine2::translation((f64::from(mw) - 1.0) / 2.0, (f64::from(mh) - 1.0) / 2.0)
            * Affine2::translation(-(f64::from(rw) - 1.0) / 2.0, -(f64::from(rh) - 1.0) / 2.0)
    }
}

/// The reference's coarse crop: around the face, or the central square.
fn reference_crop(face: Option<FaceBox>, w: f64, h: f64) -> Affine2 {
    match face {
        Some(f) => square_crop(f.centre(), FACE_CROP * f.size()),
        None => square_crop(Point::new((w - 1.0) / 2.0, (h - 1.0) / 2.0), w.min(h)),
    }
}

/// Aligns `moving` to `reference` (any sizes): `reference_from_moving` in the pixel
/// coordinates of the two images as given.
pub fn align_images(reference: &RgbImage, moving: &RgbImage) -> Result<PairAlignment, AlignError> {
    PreparedReference::new(reference)?.align(moving)
}
