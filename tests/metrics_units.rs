//! The measurement building blocks against published values and the properties the issue
//! asks for: colour conversions, redness, white balance, texture, the heat map.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow_core::geometry::Point;
use afterglow_core::metrics::{
    self, FrameCrop, FrameWindow, Plane, TextureParams, WhiteBalance, linear_to_srgb, redness_of,
    srgb_to_lab, srgb8_to_lab, srgb8_to_linear, texture_index_of_luminance, xyz_to_lab,
};
use afterglow_core::project::Rect;
use image::{Rgb, RgbImage};
use proptest::prelude::*;

fn assert_lab(got: metrics::Lab, want: [f64; 3], what: &str) {
    let d = [got.l - want[0], got.a - want[1], got.b - want[2]];
    assert!(
        d.iter().all(|v| v.abs() < 0.01),
        "{what}: got ({:.4}, {:.4}, {:.4}), published {want:?}",
        got.l,
        got.a,
        got.b
    );
}

/// B. Lindbloom's sRGB (D65) primaries in CIELAB, as tabulated on brucelindbloom.com and
/// used as test vectors by many colour libraries.
#[test]
fn srgb_primaries_match_published_cielab_values() {
    assert_lab(srgb8_to_lab([255, 255, 255]), [100.0, 0.0, 0.0], "white");
    assert_lab(srgb8_to_lab([0, 0, 0]), [0.0, 0.0, 0.0], "black");
    assert_lab(
        srgb8_to_lab([255, 0, 0]),
        [53.2408, 80.0925, 67.2032],
        "red",
    );
    assert_lab(
        srgb8_to_lab([0, 255, 0]),
        [87.7347, -86.1827, 83.1793],
        "green",
    );
    assert_lab(
        srgb8_to_lab([0, 0, 255]),
        [32.2970, 79.1875, -107.8602],
        "blue",
    );
}

/// The worked example of colour-science (colour.readthedocs.io, `XYZ_to_Lab`, D65):
/// XYZ (0.20654008, 0.12197225, 0.05136952) → Lab (41.5278752, 52.6385830, 26.9231792).
/// (Its `sRGB_to_XYZ` example is not used: colour-science derives the sRGB matrix from the
/// primaries with D65 at xy (0.3127, 0.3290), which differs from the tabulated matrix used
/// here in the fifth decimal, enough to move a saturated colour's a* by ~0.015.)
#[test]
fn xyz_to_lab_matches_the_colour_science_example() {
    assert_lab(
        xyz_to_lab([0.206_540_08, 0.121_972_25, 0.051_369_52]),
        [41.527_875_2, 52.638_583_0, 26.923_179_2],
        "XYZ → Lab",
    );
}

#[test]
fn lab_round_trips_through_srgb() {
    for rgb in [
        [0.8, 0.55, 0.45],
        [0.1, 0.2, 0.3],
        [0.5, 0.5, 0.5],
        [0.02, 0.01, 0.0],
    ] {
        let back = metrics::lab_to_srgb(srgb_to_lab(rgb));
        for (a, b) in rgb.iter().zip(back) {
            assert!((a - b).abs() < 1e-6, "{rgb:?} → {back:?}");
        }
    }
}

proptest! {
    /// Adding red to a patch raises both a* and the erythema index.
    #[test]
    fn redness_rises_as_red_is_added(
        base in prop::array::uniform3(20u8..200),
        steps in prop::collection::vec(1u8..12, 1..8),
    ) {
        let patch = |r: u8| vec![[r, base[1], base[2]]; 16];
        let mut r = base[0];
        let mut last = redness_of(&patch(r), &WhiteBalance::NONE).unwrap();
        for s in steps {
            r = r.saturating_add(s);
            let now = redness_of(&patch(r), &WhiteBalance::NONE).unwrap();
            prop_assert!(now.a_star > last.a_star, "{last:?} → {now:?} at R = {r}");
            prop_assert!(now.erythema_index > last.erythema_index);
            last = now;
        }
    }

    /// A grey patch photographed under a colour cast: after white balance from the patch,
    /// the patch is neutral (a* within ±1) and a skin patch is back near its true colour.
    #[test]
    fn white_balance_from_a_grey_patch_removes_a_cast(
        cast_r in 0.75f32..1.3,
        cast_b in 0.7f32..1.4,
        grey in 60u8..200,
    ) {
        let cast = [cast_r, 1.0, cast_b];
        let under_cast = |srgb: [u8; 3]| -> [u8; 3] {
            std::array::from_fn(|c| {
                let lin = f64::from(srgb8_to_linear(srgb[c]) * cast[c]);
                (linear_to_srgb(lin.min(1.0)) * 255.0).round() as u8
            })
        };
        let skin = [200u8, 150, 130];
        let mut img = RgbImage::from_pixel(40, 20, Rgb(under_cast(skin)));
        for y in 0..20 {
            for x in 0..20 {
                img.put_pixel(x, y, Rgb(under_cast([grey; 3])));
            }
        }
        let patch = Rect { min: Point::new(2.0, 2.0), max: Point::new(17.0, 17.0) };
        let grey_px = vec![img.get_pixel(5, 5).0; 4];
        let skin_px = vec![img.get_pixel(30, 10).0; 4];
        let wb = WhiteBalance::from_patch(&img, &patch).unwrap();
        let before = redness_of(&grey_px, &WhiteBalance::NONE).unwrap().a_star;
        let after = redness_of(&grey_px, &wb).unwrap().a_star;
        prop_assert!(after.abs() < 1.0, "grey a* {before} → {after}");
        let true_skin = redness_of(&[skin], &WhiteBalance::NONE).unwrap().a_star;
        let corrected = redness_of(&skin_px, &wb).unwrap().a_star;
        // The neutral patch is the requirement (within ±1 above). Skin gets a little more room:
        // a dark 8-bit patch (grey 63 under a 1.28× cast) quantises the gains by ~1 %, which
        // moves a saturated skin tone by up to ~1.1 a* (found by this property in CI).
        prop_assert!((corrected - true_skin).abs() < 1.5, "skin a* {corrected} vs {true_skin}");
    }
}

#[test]
fn a_visible_cast_is_large_before_correction() {
    // The test above would pass trivially if casts did not move a*: show one that does.
    let grey = [128u8; 3];
    let cast: [u8; 3] = std::array::from_fn(|c| {
        let lin = f64::from(srgb8_to_linear(grey[c]) * [1.3, 1.0, 0.75][c]);
        (linear_to_srgb(lin) * 255.0).round() as u8
    });
    assert!(redness_of(&[cast], &WhiteBalance::NONE).unwrap().a_star > 3.0);
}

/// Deterministic noise in −1..1.
fn noise(seed: u64) -> impl FnMut() -> f32 {
    let mut s = seed.wrapping_mul(6_364_136_223_846_793_005).max(1);
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

/// Skin-like luminance: a smooth shading ramp plus fine texture of `amplitude`.
fn skin_luminance(w: usize, h: usize, amplitude: f32, seed: u64) -> Plane {
    let mut n = noise(seed);
    let data = (0..w * h)
        .map(|i| {
            let (x, y) = ((i % w) as f32, (i / w) as f32);
            let shading = 0.25 + 0.1 * (x / w as f32) + 0.05 * (y / h as f32);
            shading * (1.0 + amplitude * n())
        })
        .collect();
    Plane::new(w, h, data)
}

fn texture(p: &Plane) -> f64 {
    texture_index_of_luminance(p, &TextureParams::default()).unwrap()
}

proptest! {
    #[test]
    fn texture_index_ignores_a_global_gain(gain in 0.2f32..4.0, seed in 1u64..1000) {
        let lum = skin_luminance(64, 64, 0.08, seed);
        let brighter = Plane::new(64, 64, lum.data.iter().map(|v| v * gain).collect());
        let (a, b) = (texture(&lum), texture(&brighter));
        prop_assert!((a - b).abs() < 1e-3 * a, "{a} vs {b} at gain {gain}");
    }
}

#[test]
fn texture_index_ignores_a_gain_on_8_bit_photos_too() {
    // Through sRGB encoding and 8-bit rounding, as a photo arrives.
    let lum = skin_luminance(96, 96, 0.08, 7);
    let to_u8 = |gain: f32| -> Plane {
        let data = lum
            .data
            .iter()
            .map(|&y| {
                let v = (linear_to_srgb(f64::from(y * gain)) * 255.0).round() as u8;
                srgb8_to_linear(v)
            })
            .collect();
        Plane::new(96, 96, data)
    };
    let (a, b) = (texture(&to_u8(1.0)), texture(&to_u8(1.6)));
    assert!((a - b).abs() < 0.02 * a, "{a} vs {b}");
}

#[test]
fn texture_index_rises_with_fine_texture_and_falls_with_blur() {
    let smooth = texture(&skin_luminance(96, 96, 0.03, 3));
    let rough = texture(&skin_luminance(96, 96, 0.09, 3));
    assert!(rough > 2.0 * smooth, "{smooth} → {rough}");
    let lum = skin_luminance(96, 96, 0.09, 3);
    let blurred = metrics::gaussian_blur(&lum, 1.5);
    // Blur with normalised edges, so the border does not darken.
    let ones = metrics::gaussian_blur(&Plane::filled(96, 96, 1.0), 1.5);
    let blurred = Plane::new(
        96,
        96,
        blurred
            .data
            .iter()
            .zip(&ones.data)
            .map(|(v, o)| v / o)
            .collect(),
    );
    let after = texture(&blurred);
    assert!(after < 0.5 * rough, "{rough} → {after} after blur");
}

#[test]
fn shading_alone_is_not_texture() {
    let flat_ramp = skin_luminance(96, 96, 0.0, 1);
    let t = texture(&flat_ramp);
    assert!(t < 0.05, "{t}");
}

fn crop(img: RgbImage, valid: Vec<bool>) -> FrameCrop {
    FrameCrop {
        window: FrameWindow {
            x0: 0,
            y0: 0,
            width: img.width(),
            height: img.height(),
        },
        image: img,
        valid,
    }
}

#[test]
fn heat_map_shows_where_redness_rose() {
    let skin = Rgb([200u8, 150, 130]);
    let before = RgbImage::from_pixel(60, 40, skin);
    let mut after = before.clone();
    for y in 10..30 {
        for x in 35..55 {
            after.put_pixel(x, y, Rgb([215, 130, 120]));
        }
    }
    let mut valid = vec![true; 60 * 40];
    // The after photo does not reach the left edge.
    for y in 0..40 {
        for x in 0..5 {
            valid[y * 60 + x] = false;
        }
    }
    let change = metrics::redness_change(
        &crop(before.clone(), vec![true; 60 * 40]),
        &WhiteBalance::NONE,
        &crop(after, valid),
        &WhiteBalance::NONE,
        1.0,
    );
    let expected = srgb8_to_lab([215, 130, 120]).a - srgb8_to_lab([200, 150, 130]).a;
    assert!((f64::from(change.at(45, 20)) - expected).abs() < 0.1);
    assert!(change.at(20, 20).abs() < 1e-3);
    assert!(change.at(2, 20).is_nan());
    let overlay = metrics::render_change(&change, metrics::DEFAULT_RANGE);
    assert_eq!(overlay.get_pixel(2, 20).0[3], 0);
    assert_eq!(overlay.get_pixel(20, 20).0[3], 0);
    let hot = overlay.get_pixel(45, 20).0;
    assert!(hot[3] > 100 && hot[0] > hot[2]);
}
