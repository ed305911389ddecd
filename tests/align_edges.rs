//! Odd inputs never panic: they align as well as they can and say so.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow_core::align::{AlignError, align_images};
use image::{Rgb, RgbImage};

fn texture(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let v = ((x * 37 + y * 11) % 97 + (x * y) % 31) as u8;
        Rgb([v, v.wrapping_mul(3), 200 - v / 2])
    })
}

#[test]
fn too_small_is_an_error_naming_the_size() {
    let err = align_images(&texture(100, 100), &texture(12, 40)).unwrap_err();
    assert_eq!(
        err,
        AlignError::TooSmall {
            width: 12,
            height: 40
        }
    );
    assert!(err.to_string().contains("12×40"));
}

#[test]
fn flat_images_are_not_comparable() {
    let flat = RgbImage::from_pixel(120, 90, Rgb([128, 128, 128]));
    let r = align_images(&flat, &flat).unwrap();
    assert!(r.reference_from_moving.is_finite());
    assert!(!r.comparable, "{r:?}");
}

#[test]
fn odd_sizes_and_shapes_align_without_panicking() {
    for (rw, rh, mw, mh) in [
        (16, 16, 16, 16),
        (17, 300, 300, 17),
        (640, 20, 33, 47),
        (1500, 40, 90, 2000),
        (64, 64, 3000, 2000),
    ] {
        let r = align_images(&texture(rw, rh), &texture(mw, mh)).unwrap();
        assert!(
            r.reference_from_moving.is_finite(),
            "{rw}×{rh} ← {mw}×{mh}: {r:?}"
        );
        assert!((0.0..=1.0).contains(&r.score));
    }
}

/// A 12-MP photo whose face is 1.3× the reference's relative to the frame: a normal
/// difference in distance, not flagged, whatever the resolutions.
#[test]
fn relative_face_size_ignores_resolution() {
    use afterglow_core::geometry::{Affine2, Point};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/portrait.png");
    let portrait = image::open(path).unwrap().into_rgb8();
    let render = |w: u32, h: u32, frame_from_portrait: Affine2| {
        let inv = frame_from_portrait.inverse().unwrap();
        RgbImage::from_fn(w, h, |x, y| {
            let p = inv.apply(Point::new(f64::from(x), f64::from(y)));
            afterglow_core::imaging::sample_rgb(&portrait, p.x, p.y)
                .map_or(Rgb([140, 140, 132]), |v| Rgb(v.map(|c| c.round() as u8)))
        })
    };
    let c = Point::new(255.5, 255.5);
    let place = |w: f64, h: f64, s: f64| {
        Affine2::translation((w - 1.0) / 2.0 - c.x, (h - 1.0) / 2.0 - c.y)
            * Affine2::similarity_about(c, s, 0.05, 0.0, 0.0)
    };
    let reference = render(2048, 1536, place(2048.0, 1536.0, 2.5));
    // 4032 px wide is 1.97× the reference's width; the face 1.3× larger relative to it.
    let moving = render(4032, 3024, place(4032.0, 3024.0, 2.5 * 1.97 * 1.3));
    let r = align_images(&reference, &moving).unwrap();
    assert!(r.comparable, "{:?}", r.concerns);
    assert!(r.score > 0.9, "{r:?}");
}
