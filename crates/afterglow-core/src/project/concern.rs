//! Why an alignment is not comparable, kept with the alignment in the project so every view
//! (library, details, remarks, report) can say the true reason. Found by `align`'s verdict.

use serde::{Deserialize, Serialize};

/// Why a photo is flagged "not comparable".
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Concern {
    /// The correlation after alignment is low.
    LowCorrelation {
        /// The correlation, 0–1.
        score: f64,
    },
    /// The face is much larger or smaller than in the reference.
    ScaleFarOff {
        /// The photo's face size over the reference's.
        ratio: f64,
    },
    /// A good part of the reference's face falls outside the photo.
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
    /// Advice only: more than one face is in the photo; the largest, most central was used.
    OtherFaces {
        /// How many faces the detector found.
        count: usize,
    },
    /// Advice only: the light comes from another side than in the reference. Each value is
    /// ln(left cheek / right cheek) of the mean linear luminance, the person's own sides.
    LitFromSide {
        /// The photo's balance.
        photo: f64,
        /// The reference's balance.
        reference: f64,
    },
}

impl Concern {
    /// True for what is said as advice for next time but does not make a photo not
    /// comparable (another face beside the person's; light from another side, which the
    /// colour correction and the per-region values take as they are).
    pub fn is_advice_only(&self) -> bool {
        matches!(
            self,
            Concern::OtherFaces { .. } | Concern::LitFromSide { .. }
        )
    }
}

/// "your left cheek 40 % brighter than your right" for a cheek balance (ln left / right).
fn balance_words(balance: f64) -> String {
    let ratio = balance.abs().exp();
    if ratio < 1.05 {
        return "both cheeks equally lit".to_owned();
    }
    let (bright, dark) = if balance > 0.0 {
        ("left", "right")
    } else {
        ("right", "left")
    };
    format!(
        "your {bright} cheek {:.0} % brighter than your {dark}",
        (ratio - 1.0) * 100.0
    )
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
            Concern::OtherFaces { count } => write!(
                f,
                "{count} faces in the photo; the largest, most central one was used"
            ),
            Concern::LitFromSide { photo, reference } => write!(
                f,
                "light from another side: {}; in your reference, {}",
                balance_words(*photo),
                balance_words(*reference)
            ),
        }
    }
}
