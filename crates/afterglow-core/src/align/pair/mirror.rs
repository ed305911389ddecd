//! Mirrored selfies: some front cameras save the picture mirrored and some do not, so one
//! course mixes both and the person's left cheek changes sides. Every photo is also aligned
//! flipped left to right, and the flipped result is kept when its correlation beats the
//! photo's as taken by `MIRROR_MARGIN`. The flip then lives in `reference_from_moving` (a
//! reflection, determinant below zero), so warping the photo by it shows it the right way
//! round and the regions, which live in the reference's frame, fall on the person's own left
//! and right.
//!
//! The flipped try aligns the flipped pixels with the whole pipeline, face mesh included: the
//! mesh read on the flipped image names the person's own eyes and cheeks (the mesh's "left
//! eye" is the person's left once the picture is the right way round), so pose, expression,
//! the cheeks' light and the eyes' miss are all judged as for a photo taken unmirrored. The
//! correlation fallback likewise runs its coarse step and ECC on the flipped pixels.

use image::RgbImage;

use super::{AlignError, PairAlignment, PreparedReference};
use crate::geometry::Affine2;

/// The flipped result must correlate this much better (0–1 scale) than the photo as taken to
/// be kept. A face is nearly symmetric, so the wrong way round can come close, and where the
/// correlation is low (a webcam's frames under light that moves with the person) it can even
/// win: on the real-face set (`tests/align_mirror.rs`, 75 pairs) the wrong way round beat the
/// right one by up to 0.077, while the right way won by a median 0.21 (0.4 and more on every
/// pair that correlates above 0.85). 0.12 keeps every unmirrored photo unmirrored with room to
/// spare and finds 53 of the 75 mirrored copies; the rest are left as taken, for Flip.
pub const MIRROR_MARGIN: f64 = 0.12;

/// Which way round to align a photo.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Facing {
    /// Try both; the mirrored result only when it clearly wins (`MIRROR_MARGIN`).
    #[default]
    Detect,
    /// As the file shows it.
    AsTaken,
    /// Flipped left to right (the user said it is mirrored against the reference).
    Mirrored,
}

impl PairAlignment {
    /// True when the photo is mirrored against the reference: `reference_from_moving`
    /// reflects, and warping by it shows the photo the right way round.
    pub fn is_mirrored(&self) -> bool {
        self.reference_from_moving.is_mirrored()
    }

    /// A result found on the photo flipped left to right, carried back to the photo's own
    /// pixels (`flipped_from_photo` is its own inverse).
    fn through_flip(mut self, width: u32) -> PairAlignment {
        let flipped_from_photo = Affine2::flip_horizontal(width);
        self.reference_from_moving = self.reference_from_moving * flipped_from_photo;
        self.moving_face = self.moving_face.map(|f| f.transformed(&flipped_from_photo));
        self
    }
}

impl PreparedReference {
    /// Aligns `moving` to the reference, trying it mirrored too (see `Facing::Detect`).
    ///
    /// The coarse estimate starts from the photos' framing (the same part of each frame);
    /// ECC refines its best hypotheses; then the detector confirms a face where the result
    /// puts it. Only when that fails — a low correlation, or no face there — does a second
    /// round start from the whole frame's coarse estimate and from the face looked for across
    /// the whole photo, keeping whichever result correlates best.
    pub fn align(&self, moving: &RgbImage) -> Result<PairAlignment, AlignError> {
        self.align_facing(moving, Facing::Detect)
    }

    /// Aligns `moving` the way round `facing` says.
    pub fn align_facing(
        &self,
        moving: &RgbImage,
        facing: Facing,
    ) -> Result<PairAlignment, AlignError> {
        match facing {
            Facing::AsTaken => self.align_as_given(moving, true),
            Facing::Mirrored => self.align_flipped(moving, true),
            Facing::Detect => {
                let as_taken = self.align_as_given(moving, true)?;
                // Scores are at most 1: above 1 − MIRROR_MARGIN the flipped try cannot win, so
                // it is not run (most photos of a course, at twice the speed).
                if as_taken.score >= 1.0 - MIRROR_MARGIN {
                    return Ok(as_taken);
                }
                // Without a mesh on the photo as taken, the flipped pixels will not give one
                // either (the mesh finds faces either way round): correlation only.
                let by_face = as_taken.pose.is_some();
                let mirrored = self.align_flipped(moving, by_face)?;
                Ok(pick(as_taken, mirrored))
            }
        }
    }

    fn align_flipped(
        &self,
        moving: &RgbImage,
        read_mesh: bool,
    ) -> Result<PairAlignment, AlignError> {
        let flipped = image::imageops::flip_horizontal(moving);
        Ok(self
            .align_as_given(&flipped, read_mesh)?
            .through_flip(moving.width()))
    }
}

/// The photo as taken, unless the mirrored result was found the same way (both by the face
/// mesh, or both by correlation: their scores are measured on different regions otherwise)
/// and correlates better by `MIRROR_MARGIN`.
fn pick(as_taken: PairAlignment, mirrored: PairAlignment) -> PairAlignment {
    let same_way = as_taken.pose.is_some() == mirrored.pose.is_some();
    if same_way && mirrored.score > as_taken.score + MIRROR_MARGIN {
        mirrored
    } else {
        as_taken
    }
}
