//! The in-process face mesh on the public-domain portrait (`assets/portrait.png`): the eyes
//! land where they are, the points follow the face when it is turned, scaled, moved, shrunk to
//! a small part of the frame or cropped tight, and images without a face say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow_core::face::{FaceError, MeshPoint, detect_faces, find_landmarks};
use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::imaging::warp_rgb;
use image::{Rgb, RgbImage};

fn portrait() -> RgbImage {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/portrait.png");
    image::open(path).expect("assets/portrait.png").into_rgb8()
}

/// The portrait's eye centres, marked by hand (the sample generator's `SOURCE_EYES`, ±1 px).
const EYES: [Point; 2] = [Point::new(206.0, 101.0), Point::new(246.0, 103.0)];

fn iod() -> f64 {
    EYES[0].distance(EYES[1])
}

#[test]
fn the_eyes_land_on_the_marked_eyes() {
    let lm = find_landmarks(&portrait()).expect("a face");
    assert_eq!(lm.points.len(), 468);
    assert_eq!(lm.faces_found, 1);
    assert!(lm.presence > 0.9, "presence {}", lm.presence);
    let found = lm.eye_centres();
    for (f, t) in found.iter().zip(EYES) {
        let err = f.distance(t) / iod();
        eprintln!("eye {f:?} vs marked {t:?}: {:.1} % IOD", err * 100.0);
        // The mesh's eye centre is the middle of the corners, the mark the pupil: a few % apart.
        assert!(
            err < 0.08,
            "eye {f:?} is {:.1} % IOD from {t:?}",
            err * 100.0
        );
    }
    // The nose tip sits below the eyes, between them.
    let nose = lm.point(MeshPoint::NOSE_TIP);
    assert!(
        nose.x > EYES[0].x && nose.x < EYES[1].x && nose.y > EYES[0].y + 10.0,
        "{nose:?}"
    );
}

/// Warps the portrait by `moved_from_portrait` into a `w`×`h` canvas.
fn moved(img: &RgbImage, moved_from_portrait: Affine2, w: u32, h: u32) -> RgbImage {
    let portrait_from_moved = moved_from_portrait.inverse().expect("invertible");
    warp_rgb(img, &portrait_from_moved, w, h, Rgb([90, 90, 90]))
}

/// The largest distance, in % of the eye distance, between the mesh of the moved portrait
/// brought back through the inverse and the mesh of the portrait itself, over the stable points.
fn stable_error(moved_from_portrait: Affine2, w: u32, h: u32) -> Result<f64, FaceError> {
    let img = portrait();
    let base = find_landmarks(&img)?;
    let lm = find_landmarks(&moved(&img, moved_from_portrait, w, h))?;
    let portrait_from_moved = moved_from_portrait.inverse().expect("invertible");
    let worst = afterglow_core::face::STABLE_POINTS
        .iter()
        .map(|&p| {
            portrait_from_moved
                .apply(lm.point(p))
                .distance(base.point(p))
        })
        .fold(0.0, f64::max);
    let percent = worst / base.inter_ocular() * 100.0;
    eprintln!("stable points after {moved_from_portrait:?}: worst {percent:.2} % IOD");
    Ok(percent)
}

#[test]
fn rolled_heads_up_to_45_degrees_keep_their_points() {
    for degrees in [-45.0f64, -30.0, 20.0, 45.0] {
        let t = Affine2::similarity_about(
            Point::new(256.0, 256.0),
            1.0,
            degrees.to_radians(),
            0.0,
            0.0,
        );
        let err = stable_error(t, 512, 512).unwrap_or_else(|e| panic!("{degrees}°: {e}"));
        assert!(err < 5.0, "{degrees}°: stable points {err:.1} % IOD off");
    }
}

#[test]
fn a_face_a_tenth_of_the_frame_wide_is_found() {
    // The portrait's face is ~95 px wide; in a 1000-px frame it is a tenth of the width.
    let t = Affine2::translation(300.0, 250.0);
    let err = stable_error(t, 1000, 1000).expect("small face found");
    assert!(err < 5.0, "small face: stable points {err:.1} % IOD off");
}

#[test]
fn a_tight_crop_of_the_face_is_read() {
    // Forehead to chin, cheek to cheek: the face fills the frame.
    let t = Affine2::scale(4.0) * Affine2::translation(-168.0, -60.0);
    let err = stable_error(t, 480, 560).expect("tight crop read");
    assert!(err < 5.0, "tight crop: stable points {err:.1} % IOD off");
}

#[test]
fn an_image_without_a_face_says_so() {
    let noise = RgbImage::from_fn(400, 300, |x, y| {
        let v = ((x * 7919 + y * 104_729) % 251) as u8;
        Rgb([v, v / 2, 255 - v])
    });
    assert!(matches!(find_landmarks(&noise), Err(FaceError::NoFace)));
    let flat = RgbImage::from_pixel(300, 300, Rgb([200, 170, 150]));
    assert!(detect_faces(&flat).expect("runs").is_empty());
    let tiny = RgbImage::new(20, 20);
    assert!(matches!(
        find_landmarks(&tiny),
        Err(FaceError::TooSmall { .. })
    ));
}

#[test]
fn a_turned_copy_reads_as_rolled_and_not_turned_or_nodded() {
    let img = portrait();
    let base = find_landmarks(&img).expect("a face");
    for degrees in [-30.0f64, 15.0, 40.0] {
        // Clockwise on screen for positive angles (y points down).
        let t = Affine2::similarity_about(
            Point::new(256.0, 256.0),
            0.9,
            degrees.to_radians(),
            0.0,
            0.0,
        );
        let lm = find_landmarks(&moved(&img, t, 512, 512)).expect("a face");
        let pose = afterglow_core::face::relative_pose(&base, &lm);
        eprintln!("turned {degrees}°: {pose:?}");
        assert!((pose.roll - degrees).abs() < 3.0, "{degrees}°: {pose:?}");
        assert!(
            pose.yaw.abs() < 5.0 && pose.pitch.abs() < 5.0,
            "{degrees}°: {pose:?}"
        );
    }
}

#[test]
fn the_portrait_reads_as_a_smile_with_eyes_open() {
    use afterglow_core::face::{expression, expression_concerns};
    let e = expression(&find_landmarks(&portrait()).expect("a face"));
    // She smiles with the teeth showing: lips parted, but far from a speaking or laughing mouth.
    assert!(e.mouth_open > 0.08 && e.mouth_open < 0.25, "{e:?}");
    assert!(expression_concerns(&e, &e).is_empty());
    assert!(e.eye_openness.iter().all(|&o| o > 0.15), "{e:?}");
    assert!(e.mouth_width > 0.8 && e.mouth_width < 1.8, "{e:?}");
}
