//! Golden images: the redness-change colour scale and one timelapse frame, compared with the
//! files under `tests/golden/`. When a change to either is intended, regenerate them with
//! `AFTERGLOW_BLESS=1 cargo test --release --test golden` and look at the new files before
//! committing them.

// Test code panics on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use afterglow_core::metrics::{FrameWindow, RednessChange, render_change};
use afterglow_core::report::{TimelapseOptions, timelapse_frames};
use afterglow_core::store::OpenProject;
use image::RgbaImage;

fn golden(name: &str) -> PathBuf {
    common::repo().join("tests/golden").join(name)
}

/// Compares `got` with the golden file `name` (or writes it when blessing). Channels may differ
/// by `tolerance` (decoders and resamplers may round differently across versions); more than
/// that anywhere fails, naming the first pixel.
fn check(name: &str, got: &RgbaImage, tolerance: u8) {
    let path = golden(name);
    if std::env::var_os("AFTERGLOW_BLESS").is_some() {
        got.save(&path).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let want = image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with AFTERGLOW_BLESS=1)", path.display()))
        .into_rgba8();
    assert_eq!(want.dimensions(), got.dimensions(), "{name}: size");
    for (x, y, w) in want.enumerate_pixels() {
        let g = got.get_pixel(x, y);
        let worst =
            w.0.iter()
                .zip(g.0)
                .map(|(a, b)| a.abs_diff(b))
                .max()
                .unwrap();
        assert!(
            worst <= tolerance,
            "{name}: pixel ({x}, {y}) is {:?}, the golden image has {:?}",
            g.0,
            w.0
        );
    }
}

#[test]
fn the_redness_change_colour_scale_is_as_designed() {
    // A ramp from −6 to +6 a* across, with a band of "no pixel" (NaN) along the bottom.
    let (w, h) = (241u32, 24u32);
    let delta: Vec<f32> = (0..h)
        .flat_map(|y| {
            (0..w).map(move |x| {
                if y >= 20 {
                    f32::NAN
                } else {
                    -6.0 + 12.0 * x as f32 / (w - 1) as f32
                }
            })
        })
        .collect();
    let change = RednessChange {
        window: FrameWindow {
            x0: 0,
            y0: 0,
            width: w,
            height: h,
        },
        delta,
        noise: 0.0,
    };
    check("redness_scale.png", &render_change(&change, 5.0), 0);
}

#[test]
fn the_first_timelapse_frame_of_the_demo_is_as_designed() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let options = TimelapseOptions {
        max_side: 240,
        ..TimelapseOptions::default()
    };
    let frames = timelapse_frames(&open.paths, &open.project, &options, &|_| {}).unwrap();
    let first = image::DynamicImage::ImageRgb8(frames[0].clone()).into_rgba8();
    check("timelapse_first_frame.png", &first, 3);
}
