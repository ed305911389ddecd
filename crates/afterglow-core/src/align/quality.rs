//! When an alignment should not be trusted for a comparison.

use serde::{Deserialize, Serialize};

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

/// Why a photo is flagged "not comparable".
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Concern {
    /// The correlation after alignment is low.
    /// The ECC correlation after alignment (0–1).
    LowCorrelation {
        /// The correlation, 0–1.
        score: f64,
    },
    /// The face is much larger or smaller than in the reference.
    /// The photo's face size over the reference's.
    ScaleFarOff {
        /// The photo's face size over the reference's.
        ratio: f64,
    },
    /// A good part of the reference's face falls outside the photo.
    /// The share of the reference's face region that lands inside the photo (0–1).
    OutOfFrame {
        /// The share inside, 0–1.
        inside: f64,
    },
    /// A face was found in the reference but not in the photo.
    NoFaceInPhoto,
    /// A face was found in the photo but not in the reference.
    NoFaceInReference,
    /// The frame cuts the face: an eye or the nose lies outside the photo.
    FaceCut,
    /// The result would be turned further from upright than an automatic alignment may turn
    /// (degrees, positive clockwise on screen).
    TurnedTooFar {
        /// The result's turn in degrees.
        degrees: f64,
    },
    /// The head is turned or nodded against the reference's pose (degrees, the person's terms:
    /// yaw positive to their left, pitch positive chin up).
    HeadTurned {
        /// Turn about the vertical axis, degrees.
        yaw: f64,
        /// Nod about the horizontal axis, degrees.
        pitch: f64,
    },
    /// The mouth is open (and was not in the reference): chin and cheeks are stretched.
    MouthOpen,
    /// The mouth is drawn wider than in the reference, as in a smile: the cheeks bunch up.
    Smiling,
    /// An eye is closed that was open in the reference.
    EyesClosed,
    /// After alignment the eyes land this far from the reference's (a share of the eye
    /// distance): the skin does not sit in the same place.
    EyesOff {
        /// The larger eye's miss over the reference's eye distance.
        share: f64,
    },
}

/// The head's turn in words a person acts on ("turned 14° to your left").
fn turn_words(yaw: f64, pitch: f64) -> String {
    let mut parts = Vec::new();
    if yaw.abs() >= 1.0 {
        let side = if yaw > 0.0 { "left" } else { "right" };
        parts.push(format!("turned {:.0}° to your {side}", yaw.abs()));
    }
    if pitch.abs() >= 1.0 {
        let way = if pitch > 0.0 { "up" } else { "down" };
        parts.push(format!("chin {:.0}° {way}", pitch.abs()));
    }
    if parts.is_empty() {
        parts.push("head turned".to_owned());
    }
    format!("{} compared with your reference", parts.join(", "))
}

impl std::fmt::Display for Concern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Concern::LowCorrelation { score } => {
                write!(f, "low correlation after alignment ({score:.2})")
            }
            Concern::ScaleFarOff { ratio } => {
                write!(f, "the face is {ratio:.2}× its size in the reference")
            }
            Concern::OutOfFrame { inside } => {
                write!(
                    f,
                    "only {:.0} % of the face is inside the photo",
                    inside * 100.0
                )
            }
            Concern::NoFaceInPhoto => f.write_str("no face found in the photo"),
            Concern::NoFaceInReference => f.write_str("no face found in the reference"),
            Concern::FaceCut => f.write_str("the face is cut by the frame"),
            Concern::TurnedTooFar { degrees } => write!(
                f,
                "the match would turn the photo {:.0}° from upright; mark the eyes to align it",
                degrees.abs()
            ),
            Concern::HeadTurned { yaw, pitch } => f.write_str(&turn_words(*yaw, *pitch)),
            Concern::MouthOpen => f.write_str("mouth open: chin and cheek shape differ"),
            Concern::Smiling => f.write_str("smiling: cheek shape differs"),
            Concern::EyesClosed => f.write_str("eyes closed"),
            Concern::EyesOff { share } => write!(
                f,
                "the eyes do not line up (off by {:.0} % of the eye distance)",
                share * 100.0
            ),
        }
    }
}

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
