//! The public face detector on the test portrait: the box holds both eyes and is reported in
//! the pixel coordinates of the image it was given, at any resolution.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod align_support;

use afterglow_core::align::{FaceBox, detect_face};
use afterglow_core::geometry::Point;
use align_support::{PORTRAIT_EYES, portrait};

fn contains(b: &FaceBox, p: Point) -> bool {
    p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height
}

#[test]
fn the_portrait_s_face_holds_both_eyes_at_any_resolution() {
    let gray = image::DynamicImage::ImageRgb8(portrait()).into_luma8();
    let face = detect_face(&gray).expect("a face in the portrait");
    println!("512 px: {face:?}");
    assert!(
        PORTRAIT_EYES.iter().all(|&e| contains(&face, e)),
        "{face:?}"
    );
    // The portrait's face is about 110×140 px; the detector's box runs brow to mouth.
    assert!((70.0..150.0).contains(&face.width), "{face:?}");

    // Three times larger: the box in the larger image's pixels, about three times larger.
    let big = image::imageops::resize(&gray, 1536, 1536, image::imageops::FilterType::Triangle);
    let big_face = detect_face(&big).expect("a face at 1536 px");
    println!("1536 px: {big_face:?}");
    let eyes3 = PORTRAIT_EYES.map(|e| Point::new(3.0 * e.x + 1.0, 3.0 * e.y + 1.0));
    assert!(
        eyes3.iter().all(|&e| contains(&big_face, e)),
        "{big_face:?}"
    );
    let ratio = big_face.width / face.width;
    assert!((2.6..3.4).contains(&ratio), "ratio {ratio}");
    let shift = big_face.centre().distance(Point::new(
        3.0 * face.centre().x + 1.0,
        3.0 * face.centre().y + 1.0,
    ));
    assert!(shift < 0.1 * big_face.width, "centres {shift:.1} px apart");
}

#[test]
fn no_face_in_a_scene_without_one() {
    let scene = align_support::Scene::new(3, 480.0, 360.0);
    let pixels = align_support::render(
        480,
        360,
        1,
        &afterglow_core::geometry::Affine2::IDENTITY,
        |x, y| scene.colour(x, y),
    );
    let img =
        align_support::Spoil::none().apply(480, 360, &pixels, &mut align_support::Rng::new(1));
    let gray = image::DynamicImage::ImageRgb8(img).into_luma8();
    assert_eq!(detect_face(&gray), None);
}
