//! Alignment from landmarks the user marked: the two eye centres (and optionally a third
//! point, e.g. the middle of the mouth) in the photo and in the reference.

use crate::geometry::{Affine2, Point};
use crate::project::{AlignMethod, Alignment, Photo};

/// The similarity `reference_from_photo` that puts the photo's eye centres on the
/// reference's. `None` when the two eyes of either photo coincide.
pub fn from_eyes(photo_eyes: [Point; 2], reference_eyes: [Point; 2]) -> Option<Affine2> {
    Affine2::similarity_from_two_points(photo_eyes, reference_eyes)
}

/// The least-squares similarity `reference_from_photo` through two or more landmark pairs
/// (`photo[i]` ↦ `reference[i]`): the eyes, plus a third point when one is marked. `None`
/// when the lists differ in length, have fewer than two points, or the points coincide.
pub fn from_landmarks(photo: &[Point], reference: &[Point]) -> Option<Affine2> {
    let t = Affine2::similarity_least_squares(photo, reference)?;
    (t.is_finite() && t.mean_scale() > 1e-9).then_some(t)
}

/// The locked, landmark-made alignment of `photo` to `reference` from the eye centres stored
/// on both, scored `score` (see `PreparedReference::score_of`). `None` unless both have eyes.
pub fn eye_alignment(reference: &Photo, photo: &Photo, score: f64) -> Option<Alignment> {
    let t = if photo.id == reference.id {
        Affine2::IDENTITY
    } else {
        from_eyes(photo.eyes?, reference.eyes?)?
    };
    Some(Alignment {
        concerns: Vec::new(),
        reference_from_photo: t,
        method: AlignMethod::Landmarks,
        score,
        comparable: true,
        locked: true,
        reference: Some(reference.id.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever similarity relates two photos, the eyes recover it exactly.
        #[test]
        fn eyes_recover_any_similarity(
            s in 0.3f64..3.0, a in -0.8f64..0.8, tx in -500.0f64..500.0, ty in -500.0f64..500.0,
            lx in 100.0f64..900.0, ly in 100.0f64..900.0, d in 20.0f64..300.0, tilt in -0.5f64..0.5,
        ) {
            let truth = Affine2::similarity(s, a, tx, ty);
            let left = Point::new(lx, ly);
            let right = Point::new(lx + d * tilt.cos(), ly + d * tilt.sin());
            let photo = [left, right];
            let reference = [truth.apply(left), truth.apply(right)];
            let got = from_eyes(photo, reference).unwrap();
            prop_assert!(got.max_abs_diff(&truth) < 1e-6 * (1.0 + tx.abs() + ty.abs()));
        }

        /// A third landmark consistent with the eyes changes nothing.
        #[test]
        fn a_consistent_third_point_agrees(s in 0.3f64..3.0, a in -0.8f64..0.8, tx in -50.0f64..50.0) {
            let truth = Affine2::similarity(s, a, tx, 2.0 * tx);
            let photo = [Point::new(200.0, 300.0), Point::new(320.0, 310.0), Point::new(260.0, 450.0)];
            let reference: Vec<Point> = photo.iter().map(|&p| truth.apply(p)).collect();
            let got = from_landmarks(&photo, &reference).unwrap();
            prop_assert!(got.rms_difference(&truth, 1000.0, 1000.0) < 1e-6);
        }
    }

    #[test]
    fn coincident_eyes_give_nothing() {
        let p = Point::new(10.0, 10.0);
        assert!(from_eyes([p, p], [Point::new(0.0, 0.0), Point::new(5.0, 0.0)]).is_none());
        assert!(from_landmarks(&[p], &[p]).is_none());
    }
}
