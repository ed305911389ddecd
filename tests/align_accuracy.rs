//! Alignment accuracy on known warps: the portrait and a non-face scene, each warped by random
//! similarities (rotation ±12°, scale 0.8–1.25, shift up to 10 %, another resolution) and
//! spoilt (gain, gamma, colour cast, light gradient, a red blotch on the face, noise, JPEG).
//! The recovered transform must be within 0.25 px RMS over the image. The figures are printed
//! (`cargo test --release --test align_accuracy -- --nocapture`).
//!
//! With `AFTERGLOW_ALIGN_DUMP=<dir>` the cases are written there as PNGs with a `cases.json`
//! of the truths, for comparing with other aligners.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod align_support;

use afterglow_core::align::{PreparedReference, align_images};
use afterglow_core::geometry::{Affine2, Point};
use align_support::*;

use image::RgbImage;

/// The bar.
const MAX_RMS: f64 = 0.25;
/// Cases per image (`AFTERGLOW_ALIGN_CASES` asks for more, for a longer look).
fn cases() -> usize {
    std::env::var("AFTERGLOW_ALIGN_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

struct Outcome {
    name: String,
    truth: Affine2,
    rms: f64,
    score: f64,
    comparable: bool,
    concerns: Vec<String>,
}

fn dump(dir: &str, reference: &RgbImage, ref_name: &str, cases: &[Case]) {
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir).unwrap();
    reference.save(dir.join(format!("{ref_name}.png"))).unwrap();
    let entries: Vec<_> = cases
        .iter()
        .map(|c| {
            let file = format!("{}.png", c.name);
            c.moving.save(dir.join(&file)).unwrap();
            serde_json::json!({"reference": format!("{ref_name}.png"), "moving": file, "reference_from_moving": c.reference_from_moving})
        })
        .collect();
    let path = dir.join(format!("{ref_name}-cases.json"));
    std::fs::write(path, serde_json::to_string_pretty(&entries).unwrap()).unwrap();
}

fn run(reference: &RgbImage, cases: &[Case], label: &str) -> Vec<Outcome> {
    let prepared = PreparedReference::new(reference).unwrap();
    let out: Vec<Outcome> = cases
        .iter()
        .map(|c| {
            let r = prepared.align(&c.moving).unwrap();
            Outcome {
                name: c.name.clone(),
                truth: c.reference_from_moving,
                rms: rms_error(
                    &r.reference_from_moving,
                    &c.reference_from_moving,
                    c.moving.dimensions(),
                    reference.dimensions(),
                ),
                score: r.score,
                comparable: r.comparable,
                concerns: r.concerns.iter().map(ToString::to_string).collect(),
            }
        })
        .collect();
    println!("{label}: {} cases", out.len());
    println!("  case            angle°  scale   rms px  score  comparable");
    for o in &out {
        let t = o.truth.inverse().unwrap();
        println!(
            "  {:<14} {:>6.2} {:>6.3} {:>8.4} {:>6.3}  {} {}",
            o.name,
            t.rotation().to_degrees(),
            t.mean_scale(),
            o.rms,
            o.score,
            o.comparable,
            o.concerns.join("; ")
        );
    }
    let mut rms: Vec<f64> = out.iter().map(|o| o.rms).collect();
    rms.sort_by(f64::total_cmp);
    println!(
        "  rms: median {:.4} px, worst {:.4} px, mean {:.4} px",
        rms[rms.len() / 2],
        rms[rms.len() - 1],
        rms.iter().sum::<f64>() / rms.len() as f64
    );
    out
}

fn portrait_cases() -> Vec<Case> {
    portrait_cases_within(7, cases(), (12.0, 1.25, 0.1))
}

/// `count` warped portraits with poses up to (degrees, scale, shift).
fn portrait_cases_within(
    seed: u64,
    count: usize,
    (degrees, scale, shift): (f64, f64, f64),
) -> Vec<Case> {
    let src = portrait();
    let mut rng = Rng::new(seed);
    let colour = image_colour(&src);
    (0..count)
        .map(|i| {
            let (moving_from_reference, w, h) =
                pose_within(&mut rng, src.width(), src.height(), degrees, scale, shift);
            let pixels = render(w, h, 3, &moving_from_reference.inverse().unwrap(), &colour);
            // The blotch sits on the left cheek, 20 px across in the reference.
            let cheek = moving_from_reference.apply(Point::new(200.0, 140.0));
            let spoil = Spoil::random(
                &mut rng,
                Some((cheek, 14.0 * moving_from_reference.mean_scale())),
            );
            Case {
                name: format!("portrait-{i:02}"),
                moving: spoil.apply(w, h, &pixels, &mut rng),
                reference_from_moving: moving_from_reference.inverse().unwrap(),
            }
        })
        .collect()
}

fn scene_cases(scene: &Scene, ref_w: u32, ref_h: u32) -> Vec<Case> {
    scene_cases_within(scene, ref_w, ref_h, 11, cases(), (12.0, 1.25, 0.1))
}

fn scene_cases_within(
    scene: &Scene,
    ref_w: u32,
    ref_h: u32,
    seed: u64,
    count: usize,
    (degrees, scale, shift): (f64, f64, f64),
) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| {
            let (moving_from_reference, w, h) =
                pose_within(&mut rng, ref_w, ref_h, degrees, scale, shift);
            let pixels = render(
                w,
                h,
                2,
                &moving_from_reference.inverse().unwrap(),
                |x, y| scene.colour(x, y),
            );
            let blotch = Point::new(
                rng.range(0.3, 0.7) * w as f64,
                rng.range(0.3, 0.7) * h as f64,
            );
            let spoil = Spoil::random(&mut rng, Some((blotch, 25.0)));
            Case {
                name: format!("scene-{i:02}"),
                moving: spoil.apply(w, h, &pixels, &mut rng),
                reference_from_moving: moving_from_reference.inverse().unwrap(),
            }
        })
        .collect()
}

fn scene_reference(scene: &Scene, w: u32, h: u32) -> RgbImage {
    let pixels = render(w, h, 2, &Affine2::IDENTITY, |x, y| scene.colour(x, y));
    Spoil::none().apply(w, h, &pixels, &mut Rng::new(1))
}

#[test]
fn portrait_warps_are_recovered_within_a_quarter_pixel() {
    let reference = portrait();
    let cases = portrait_cases();
    if let Ok(dir) = std::env::var("AFTERGLOW_ALIGN_DUMP") {
        dump(&dir, &reference, "portrait", &cases);
    }
    let out = run(&reference, &cases, "portrait (512×512 reference)");
    for o in &out {
        assert!(o.rms < MAX_RMS, "{}: {:.3} px RMS", o.name, o.rms);
        assert!(
            o.comparable,
            "{}: flagged not comparable (score {:.3})",
            o.name, o.score
        );
    }
}

#[test]
fn scene_warps_are_recovered_within_a_quarter_pixel() {
    let scene = Scene::new(3, 640.0, 480.0);
    let reference = scene_reference(&scene, 640, 480);
    let cases = scene_cases(&scene, 640, 480);
    if let Ok(dir) = std::env::var("AFTERGLOW_ALIGN_DUMP") {
        dump(&dir, &reference, "scene", &cases);
    }
    let out = run(&reference, &cases, "scene (640×480 reference, no face)");
    for o in &out {
        assert!(o.rms < MAX_RMS, "{}: {:.3} px RMS", o.name, o.rms);
    }
}

#[test]
fn unrelated_images_are_not_comparable() {
    let scene = Scene::new(3, 512.0, 512.0);
    let other = scene_reference(&scene, 512, 512);
    let r = align_images(&portrait(), &other).unwrap();
    println!(
        "portrait vs scene: score {:.3}, concerns {:?}",
        r.score, r.concerns
    );
    assert!(!r.comparable);
}

/// Beyond the range — turned up to ±40°, scaled 0.6–1.6×, shifted up to a quarter of
/// the frame — the coarse estimate still finds every pair and ECC still lands sub-pixel.
#[test]
fn large_turns_scales_and_shifts_are_still_found() {
    let large = (40.0, 1.6, 0.25);
    let reference = portrait();
    let out = run(
        &reference,
        &portrait_cases_within(23, 8, large),
        "portrait, large warps",
    );
    let scene = Scene::new(5, 640.0, 480.0);
    let scene_ref = scene_reference(&scene, 640, 480);
    let out2 = run(
        &scene_ref,
        &scene_cases_within(&scene, 640, 480, 29, 8, large),
        "scene, large warps",
    );
    for o in out.iter().chain(&out2) {
        assert!(o.rms < 0.5, "{}: {:.3} px RMS", o.name, o.rms);
    }
}
