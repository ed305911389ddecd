//! Expression from the mesh's geometry: how far the mouth is open, how wide it is drawn, how
//! open each eye is. All are ratios (to the eye distance or the eye's width), so they compare
//! across photos of any size; a smile is judged against the reference's own mouth.

use super::{FaceLandmarks, MeshPoint};

/// Shape measures of one face, unitless.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expression {
    /// Gap between the lips' inner edges, in eye distances (about 0 when the mouth is closed).
    pub mouth_open: f64,
    /// Distance between the mouth corners, in eye distances.
    pub mouth_width: f64,
    /// Lid gap over corner distance of the person's right and left eye (about 0.3 open, under
    /// 0.12 closed).
    pub eye_openness: [f64; 2],
}

/// A way a photo's expression differs from its reference's that changes skin shape or hides
/// skin, so some regions cannot be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpressionConcern {
    /// The mouth is open (and was not in the reference): chin and cheeks are stretched.
    MouthOpen,
    /// The mouth is drawn wider than in the reference: cheeks bunch up, as in a smile.
    Smiling,
    /// One or both eyes are closed (and were not in the reference).
    EyesClosed,
}

impl std::fmt::Display for ExpressionConcern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::MouthOpen => "mouth open: chin and cheek shape differ",
            Self::Smiling => "smiling: cheek shape differs",
            Self::EyesClosed => "eyes closed",
        })
    }
}

/// Mouth open wider than this (eye distances) counts as open. A smile showing the teeth reads
/// about 0.17 (the sample portrait); speaking or laughing reads 0.3 and more.
const MOUTH_OPEN: f64 = 0.25;
/// A mouth this much wider than the reference's counts as a smile.
const SMILE_RATIO: f64 = 1.12;
/// An eye this much less open than the reference's counts as closed.
const CLOSED_RATIO: f64 = 0.45;
/// An eye less open than this counts as closed whatever the reference.
const CLOSED: f64 = 0.1;

/// The expression measures of one mesh.
pub fn expression(lm: &FaceLandmarks) -> Expression {
    let iod = lm.inter_ocular().max(1e-9);
    let d = |a: MeshPoint, b: MeshPoint| lm.point(a).distance(lm.point(b));
    let openness = |upper, lower, outer, inner| d(upper, lower) / d(outer, inner).max(1e-9);
    Expression {
        mouth_open: d(MeshPoint::LIP_UPPER_INNER, MeshPoint::LIP_LOWER_INNER) / iod,
        mouth_width: d(MeshPoint::MOUTH_RIGHT, MeshPoint::MOUTH_LEFT) / iod,
        eye_openness: [
            openness(
                MeshPoint::RIGHT_EYE_UPPER,
                MeshPoint::RIGHT_EYE_LOWER,
                MeshPoint::RIGHT_EYE_OUTER,
                MeshPoint::RIGHT_EYE_INNER,
            ),
            openness(
                MeshPoint::LEFT_EYE_UPPER,
                MeshPoint::LEFT_EYE_LOWER,
                MeshPoint::LEFT_EYE_OUTER,
                MeshPoint::LEFT_EYE_INNER,
            ),
        ],
    }
}

/// How `photo`'s expression differs from `reference`'s, in the order a person would fix them.
pub fn expression_concerns(reference: &Expression, photo: &Expression) -> Vec<ExpressionConcern> {
    let mut out = Vec::new();
    if photo.mouth_open > MOUTH_OPEN && photo.mouth_open > reference.mouth_open + 0.1 {
        out.push(ExpressionConcern::MouthOpen);
    }
    if photo.mouth_width > reference.mouth_width * SMILE_RATIO {
        out.push(ExpressionConcern::Smiling);
    }
    let closed = photo
        .eye_openness
        .iter()
        .zip(reference.eye_openness)
        .any(|(&p, r)| p < CLOSED || p < r * CLOSED_RATIO);
    if closed {
        out.push(ExpressionConcern::EyesClosed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neutral() -> Expression {
        Expression {
            mouth_open: 0.02,
            mouth_width: 1.2,
            eye_openness: [0.3, 0.32],
        }
    }

    #[test]
    fn the_same_face_has_no_concern() {
        assert!(expression_concerns(&neutral(), &neutral()).is_empty());
    }

    #[test]
    fn an_open_mouth_a_wide_mouth_and_shut_eyes_are_named() {
        let photo = Expression {
            mouth_open: 0.3,
            mouth_width: 1.45,
            eye_openness: [0.05, 0.3],
        };
        assert_eq!(
            expression_concerns(&neutral(), &photo),
            vec![
                ExpressionConcern::MouthOpen,
                ExpressionConcern::Smiling,
                ExpressionConcern::EyesClosed
            ]
        );
    }

    #[test]
    fn a_reference_with_an_open_mouth_does_not_flag_the_same_open_mouth() {
        let open = Expression {
            mouth_open: 0.25,
            ..neutral()
        };
        assert!(expression_concerns(&open, &open).is_empty());
    }
}
