//! Alignment driven by the face mesh, the primary path whenever both photos show a face.
//!
//! The similarity comes from the four eye corners of the two meshes, so hair, shoulders and a
//! wall behind the person cannot pull it. ECC then refines it on a mask
//! of stable skin only (around the eyes and the nose, the lower forehead; never the mouth, jaw,
//! hair or background), and the refinement is kept only if it moves the eyes by less than
//! `MAX_REFINE_EYE_SHIFT` of the eye distance: ECC is sub-pixel where the skin is the same,
//! the landmarks are right where it is not. A last ECC pass on the whole face (forehead to
//! chin) settles turn and scale and is kept only if it moves the eyes by under 1 % of their
//! distance, so a changed mouth cannot pull it. The verdict then adds what the meshes know: head
//! pose relative to the reference, expression, and where the eyes really land.

use super::ecc::Region;
use super::face::FaceBox;
use super::quality::Concern;
use crate::face::{
    EYE_CORNERS, ExpressionConcern, FaceLandmarks, HeadPose, MeshPoint, STABLE_POINTS, expression,
    expression_concerns, relative_pose,
};
use crate::face::{FaceError, find_landmarks};
use crate::geometry::{Affine2, Point};
use crate::imaging::block_average;
use image::RgbImage;

/// A refinement that moves either eye by more than this share of the eye distance is refused:
/// it followed something other than the face's stable skin. On the real-face set the kept
/// refinements improved same-day frames by about 1 % of the eye distance, while those that
/// moved the eyes 3–4 % were mostly wrong (a turned head, another day's light).
pub const MAX_REFINE_EYE_SHIFT: f64 = 0.03;

/// The final polish on the whole face may move the eyes by at most this share of the eye
/// distance: enough to settle turn and scale, too little for a changed mouth to pull it off.
pub const MAX_POLISH_EYE_SHIFT: f64 = 0.01;

/// Eyes landing further off than this share of the eye distance after alignment: the skin
/// does not sit in the same place, so the pair is not comparable (the limit is 10 %;
/// half of it leaves room for the landmarks' own error).
pub const MAX_EYE_ERROR: f64 = 0.05;

/// The cheeks' light balance (ln left / right, linear light) differing from the reference's by
/// more than this is named as advice ("lit more from your left"): one cheek about 35 % brighter
/// against the other than in the reference. On the real-face set a smile alone moved the
/// balance by up to 0.27 (the cheek points ride up onto the cheekbones) and a turn of the head
/// by up to 0.5, so the advice is given only when neither is flagged.
pub const LIGHT_SIDE_CHANGE: f64 = 0.3;

/// A head turned (yaw) or nodded (pitch) more than this many degrees from the reference's pose
/// shows the skin at another angle: light and texture differ, cheeks foreshorten.
pub const MAX_TURN_DEGREES: f64 = 12.0;

/// No automatic result may be turned further than this from upright (degrees): a larger turn
/// is a wrong match far more often than a head held sideways.
pub const MAX_ROLL_DEGREES: f64 = 45.0;

/// The mesh is read from a copy of the image within this many pixels on its long side: the
/// same detail as the ECC working plane (`pair::WORK_SIDE`), and a 12-MP photo is averaged
/// once instead of at every read of the mesh.
pub const LANDMARK_SIDE: u32 = 1024;

/// The face mesh of `image`, read at most `LANDMARK_SIDE` pixels across and returned in the
/// image's own pixels.
pub fn find_landmarks_within(image: &RgbImage) -> Result<FaceLandmarks, FaceError> {
    let (w, h) = image.dimensions();
    if w.max(h) <= LANDMARK_SIDE {
        return find_landmarks(image);
    }
    let factor = w.max(h).div_ceil(LANDMARK_SIDE);
    let small = block_average(image, factor);
    let mut lm = find_landmarks(&small)?;
    // Block (i, j) covers pixels factor·i … factor·i + factor − 1: its centre is at
    // factor·i + (factor − 1) / 2 in the image.
    let f = f64::from(factor);
    let offset = (f - 1.0) / 2.0;
    for p in &mut lm.points {
        *p = Point::new(p.x * f + offset, p.y * f + offset);
    }
    for z in &mut lm.depth {
        *z *= f;
    }
    Ok(lm)
}

/// The similarity `reference_from_photo` through the four eye corners of the two meshes (both
/// in their own image's pixels). `None` when the points are degenerate.
///
/// Only the eye corners: they lie in one plane across the face, where a 2-D similarity holds.
/// The nose stands out of that plane, so a nod or a turn moves it against the eyes, and a fit
/// that includes it pulls the eyes off. On the real-face set (`tests/real_faces/`) the eyes
/// landed a median 7.3 % of their distance off with the nose in the fit and 2.4 % without
/// (after the refinement below; 3.0 % before it).
pub fn similarity_from_meshes(reference: &FaceLandmarks, photo: &FaceLandmarks) -> Option<Affine2> {
    let from: Vec<Point> = EYE_CORNERS.iter().map(|&p| photo.point(p)).collect();
    let to: Vec<Point> = EYE_CORNERS.iter().map(|&p| reference.point(p)).collect();
    let t = Affine2::similarity_least_squares(&from, &to)?;
    (t.is_finite() && t.mean_scale() > 1e-9).then_some(t)
}

/// Whether every stable landmark lies inside a `width`×`height` image. The mesh guesses the
/// points of a face cut by the frame, and a similarity through guessed eyes can be off by a
/// tenth of the eye distance; such photos are aligned by correlation instead.
pub fn stable_points_inside(landmarks: &FaceLandmarks, (width, height): (u32, u32)) -> bool {
    let (w, h) = (f64::from(width), f64::from(height));
    STABLE_POINTS.iter().all(|&p| {
        let q = landmarks.point(p);
        (0.0..=w - 1.0).contains(&q.x) && (0.0..=h - 1.0).contains(&q.y)
    })
}

/// How far the photo's eyes land from the reference's under `reference_from_photo`, as a share
/// of the reference's eye distance (the larger of the two eyes).
pub fn eye_error(
    reference: &FaceLandmarks,
    photo: &FaceLandmarks,
    reference_from_photo: &Affine2,
) -> f64 {
    let iod = reference.inter_ocular().max(1e-9);
    reference
        .eye_centres()
        .iter()
        .zip(photo.eye_centres())
        .map(|(r, p)| reference_from_photo.apply(p).distance(*r) / iod)
        .fold(0.0, f64::max)
}

/// How far two transforms put the photo's eyes apart, as a share of the reference's eye
/// distance: the size of a refinement, judged where it matters.
pub fn eye_shift(
    reference: &FaceLandmarks,
    photo: &FaceLandmarks,
    a: &Affine2,
    b: &Affine2,
) -> f64 {
    let iod = reference.inter_ocular().max(1e-9);
    photo
        .eye_centres()
        .iter()
        .map(|p| a.apply(*p).distance(b.apply(*p)) / iod)
        .fold(0.0, f64::max)
}

/// The stable skin the refinement looks at, in the frame `frame_from_image` maps the
/// reference into: an ellipse from the top of the forehead to the base of the nose and from
/// cheekbone to cheekbone. Its lower edge passes above the mouth, so the mouth, the jaw and the
/// chin are left out, and its sides stay inside the face's outline, so hair, ears and the
/// background are too.
pub fn stable_skin_region(reference: &FaceLandmarks, frame_from_image: &Affine2) -> Region {
    let top = reference.point(MeshPoint::FOREHEAD_TOP);
    let base = reference.point(MeshPoint::NOSE_BASE);
    let (right, left) = (
        reference.point(MeshPoint::FACE_RIGHT),
        reference.point(MeshPoint::FACE_LEFT),
    );
    let centre = Point::new((top.x + base.x) / 2.0, (top.y + base.y) / 2.0);
    let scale = frame_from_image.mean_scale();
    Region::Ellipse {
        centre: frame_from_image.apply(centre),
        rx: 0.42 * right.distance(left) * scale,
        ry: 0.5 * top.distance(base) * scale,
    }
}

/// The face box of a mesh: the extent of its points, in the same pixels.
pub fn face_box_of(landmarks: &FaceLandmarks) -> FaceBox {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &landmarks.points {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    FaceBox {
        x: x0 - 0.5,
        y: y0 - 0.5,
        width: x1 - x0 + 1.0,
        height: y1 - y0 + 1.0,
        // The mesh's presence (0–1) on the detector's scale, where found faces score above 2.
        score: 2.0 + 4.0 * f64::from(landmarks.presence),
    }
}

/// What the two meshes say about a pair once aligned: the concerns in the order a person
/// would act on them, the head pose and the eye error.
pub fn face_verdict(
    reference: &FaceLandmarks,
    photo: &FaceLandmarks,
    reference_from_photo: &Affine2,
) -> (Vec<Concern>, HeadPose, f64) {
    let mut out = Vec::new();
    let roll = reference_from_photo.turn().to_degrees();
    if roll.abs() > MAX_ROLL_DEGREES {
        out.push(Concern::TurnedTooFar { degrees: roll });
    }
    let pose = relative_pose(reference, photo);
    if pose.yaw.abs() > MAX_TURN_DEGREES || pose.pitch.abs() > MAX_TURN_DEGREES {
        out.push(Concern::HeadTurned {
            yaw: pose.yaw,
            pitch: pose.pitch,
        });
    }
    for c in expression_concerns(&expression(reference), &expression(photo)) {
        out.push(match c {
            ExpressionConcern::MouthOpen => Concern::MouthOpen,
            ExpressionConcern::Smiling => Concern::Smiling,
            ExpressionConcern::EyesClosed => Concern::EyesClosed,
        });
    }
    let error = eye_error(reference, photo, reference_from_photo);
    // NaN (a degenerate mesh) counts as off.
    if error.is_nan() || error > MAX_EYE_ERROR {
        out.push(Concern::EyesOff { share: error });
    }
    (out, pose, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face::{FaceDetection, LANDMARK_COUNT};

    /// A mesh whose points are a fixed pseudo-random scatter around a face-like layout, so a
    /// similarity of it is known exactly.
    fn mesh(t: &Affine2) -> FaceLandmarks {
        let mut points = Vec::with_capacity(LANDMARK_COUNT);
        let mut state = 12345u64;
        for _ in 0..LANDMARK_COUNT {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = 100.0 + ((state >> 33) % 200) as f64;
            let y = 100.0 + ((state >> 13) % 250) as f64;
            points.push(Point::new(x, y));
        }
        // Eyes level 80 px apart, the nose below them: the points the code reads by name.
        let named = [
            (MeshPoint::RIGHT_EYE_OUTER, 140.0, 180.0),
            (MeshPoint::RIGHT_EYE_INNER, 175.0, 180.0),
            (MeshPoint::RIGHT_EYE_UPPER, 158.0, 172.0),
            (MeshPoint::RIGHT_EYE_LOWER, 158.0, 188.0),
            (MeshPoint::LEFT_EYE_INNER, 225.0, 180.0),
            (MeshPoint::LEFT_EYE_OUTER, 260.0, 180.0),
            (MeshPoint::LEFT_EYE_UPPER, 242.0, 172.0),
            (MeshPoint::LEFT_EYE_LOWER, 242.0, 188.0),
            (MeshPoint::NOSE_TIP, 200.0, 240.0),
            (MeshPoint::NOSE_BASE, 200.0, 255.0),
            (MeshPoint::FOREHEAD_TOP, 200.0, 80.0),
            (MeshPoint::FACE_RIGHT, 105.0, 200.0),
            (MeshPoint::FACE_LEFT, 295.0, 200.0),
            (MeshPoint::MOUTH_RIGHT, 165.0, 290.0),
            (MeshPoint::MOUTH_LEFT, 235.0, 290.0),
            (MeshPoint::LIP_UPPER_INNER, 200.0, 288.0),
            (MeshPoint::LIP_LOWER_INNER, 200.0, 290.0),
        ];
        for (p, x, y) in named {
            points[p.0] = Point::new(x, y);
        }
        FaceLandmarks {
            points: points.iter().map(|p| t.apply(*p)).collect(),
            depth: vec![0.0; LANDMARK_COUNT],
            presence: 0.99,
            detection: FaceDetection {
                score: 0.9,
                centre: Point::new(200.0, 220.0),
                width: 160.0,
                height: 160.0,
                angle: 0.0,
                keypoints: [Point::default(); 6],
            },
            faces_found: 1,
        }
    }

    #[test]
    fn block_average_means_whole_blocks() {
        let img = RgbImage::from_fn(5, 4, |x, y| image::Rgb([(x * 10) as u8, (y * 10) as u8, 7]));
        let small = block_average(&img, 2);
        assert_eq!(small.dimensions(), (2, 2));
        // Block (1, 1): x 2–3, y 2–3 → means 25 and 25, rounded half up.
        assert_eq!(small.get_pixel(1, 1).0, [25, 25, 7]);
        assert_eq!(small.get_pixel(0, 0).0, [5, 5, 7]);
    }

    #[test]
    fn the_mesh_similarity_inverts_a_known_one() {
        let photo_from_reference =
            Affine2::similarity_about(Point::new(200.0, 200.0), 0.8, 0.3, 25.0, -10.0);
        let reference = mesh(&Affine2::IDENTITY);
        let photo = mesh(&photo_from_reference);
        let t = similarity_from_meshes(&reference, &photo).expect("a similarity");
        let back = t * photo_from_reference;
        assert!(back.max_abs_diff(&Affine2::IDENTITY) < 1e-9, "{back:?}");
        assert!(eye_error(&reference, &photo, &t) < 1e-9);
    }

    #[test]
    fn eyes_landing_off_are_named_and_a_turn_past_45_degrees_is_refused() {
        let reference = mesh(&Affine2::IDENTITY);
        // About 10 % of the eye distance (the eye centres are 84.5 px apart).
        let shifted = Affine2::translation(8.0, 0.0);
        let (concerns, _, error) = face_verdict(&reference, &reference, &shifted);
        assert!(
            (error - 8.0 / reference.inter_ocular()).abs() < 1e-9,
            "{error}"
        );
        assert!(
            matches!(concerns.as_slice(), [Concern::EyesOff { .. }]),
            "{concerns:?}"
        );
        let upside_down = Affine2::similarity_about(Point::new(200.0, 200.0), 1.0, 3.0, 0.0, 0.0);
        let (concerns, _, _) = face_verdict(&reference, &reference, &upside_down);
        assert!(
            concerns
                .iter()
                .any(|c| matches!(c, Concern::TurnedTooFar { .. }))
        );
    }

    #[test]
    fn the_stable_skin_stays_clear_of_the_mouth() {
        let reference = mesh(&Affine2::IDENTITY);
        let region = stable_skin_region(&reference, &Affine2::IDENTITY);
        let mouth = reference.point(MeshPoint::LIP_UPPER_INNER);
        assert!(!region.contains(mouth.x, mouth.y));
        let eyes_and_nose = [
            MeshPoint::RIGHT_EYE_OUTER,
            MeshPoint::RIGHT_EYE_INNER,
            MeshPoint::LEFT_EYE_INNER,
            MeshPoint::LEFT_EYE_OUTER,
            MeshPoint::NOSE_TIP,
        ];
        for p in eyes_and_nose {
            let q = reference.point(p);
            assert!(
                region.contains(q.x, q.y),
                "{p:?} at {q:?} outside {region:?}"
            );
        }
    }
}
