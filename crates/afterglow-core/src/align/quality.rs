//! When an alignment should not be trusted for a comparison.

pub use crate::project::Concern;

/// Below this ECC correlation (luminance of the face), the two photos differ
/// too much — light, pose, expression, or a wrong match — for their skin to be compared
/// pixel by pixel.
pub const MIN_SCORE: f64 = 0.5;

/// A face more than this factor larger or smaller than in the reference (relative to the
/// frame) was taken from a very different distance: perspective and detail differ.
pub const MAX_SCALE_RATIO: f64 = 1.6;

/// Less than this share of the reference's face region (forehead to chin) inside the photo:
/// a good part of the face is out of frame.
pub const MIN_OVERLAP: f64 = 0.75;

/// What an alignment found, for judging it.
#[derive(Clone, Copy, Debug)]
pub struct Evidence {
    /// Final correlation.
    pub score: f64,
    /// The face's size in the photo relative to the photo's frame (√area), over the same in
    /// the reference.
    pub scale: f64,
    /// Share of the reference's ECC region (its face, when it has one) inside the photo.
    pub overlap: f64,
    pub face_in_reference: bool,
    pub face_in_photo: bool,
}

/// The concerns an alignment raises; none means comparable.
pub fn assess(e: &Evidence) -> Vec<Concern> {
    let mut out = Vec::new();
    // NaN counts as failing every check.
    if e.score.is_nan() || e.score < MIN_SCORE {
        out.push(Concern::LowCorrelation { score: e.score });
    }
    if !(1.0 / MAX_SCALE_RATIO..=MAX_SCALE_RATIO).contains(&e.scale) {
        out.push(Concern::ScaleFarOff { ratio: e.scale });
    }
    // Without a face the region is the whole image, and a shifted view of a scene is still
    // comparable where it overlaps.
    if e.face_in_reference && (e.overlap.is_nan() || e.overlap < MIN_OVERLAP) {
        out.push(Concern::OutOfFrame { inside: e.overlap });
    }
    match (e.face_in_reference, e.face_in_photo) {
        (true, false) => out.push(Concern::NoFaceInPhoto),
        (false, true) => out.push(Concern::NoFaceInReference),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(score: f64, scale: f64, overlap: f64, faces: (bool, bool)) -> Evidence {
        Evidence {
            score,
            scale,
            overlap,
            face_in_reference: faces.0,
            face_in_photo: faces.1,
        }
    }

    #[test]
    fn a_good_alignment_has_no_concerns() {
        assert!(assess(&evidence(0.9, 1.1, 1.0, (true, true))).is_empty());
        assert!(assess(&evidence(0.9, 1.1, 0.95, (false, false))).is_empty());
    }

    #[test]
    fn each_concern_is_raised() {
        let ok = (true, true);
        assert_eq!(
            assess(&evidence(0.2, 1.0, 1.0, ok)),
            vec![Concern::LowCorrelation { score: 0.2 }]
        );
        assert_eq!(
            assess(&evidence(0.9, 2.0, 1.0, ok)),
            vec![Concern::ScaleFarOff { ratio: 2.0 }]
        );
        assert_eq!(
            assess(&evidence(0.9, 1.0, 0.5, ok)),
            vec![Concern::OutOfFrame { inside: 0.5 }]
        );
        assert_eq!(
            assess(&evidence(0.9, 1.0, 1.0, (true, false))),
            vec![Concern::NoFaceInPhoto]
        );
        assert_eq!(
            assess(&evidence(f64::NAN, 1.0, 1.0, (false, true))).len(),
            2
        );
    }
}
