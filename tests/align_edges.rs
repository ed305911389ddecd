//! Odd inputs never panic: they align as well as they can and say so.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow::align::{AlignError, align_images};
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
