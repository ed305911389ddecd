//! Pigmentation beside redness (issue 13, item 4): a melanin index per region, separated from
//! redness, with its own verdict and remark.
//!
//! A course rendered by the sample generator, on a light and on a dark skin: three baseline
//! photos, a session, the flush of the session day (generator redness 1.0 and 0.6, no
//! pigment), then a pigmented patch on the person's left cheek two and four weeks later
//! (optical density 0.15 fading to 0.08, along a melanin spectrum deliberately unlike the one
//! the measurement assumes: `metrics_support/skin_tone.rs`), with the redness gone. Every
//! photo in its own pose, white balance and exposure; through the real command line.
//!
//! Checked: the patch is seen (left cheek "darker") and its redness is not (a* within
//! noise); the flush is seen as redness and never as darker skin; the right cheek, the
//! forehead and the chin read no pigment change.
//!
//! `cargo test --release --test pigmentation -- --nocapture` prints the figures.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod metrics_support;

use image::RgbImage;
use metrics_support::course::{Row, Shot, number, run_course};
use metrics_support::skin_tone::{DARK_SKIN, darker_skin, with_pigment_patch};

/// (file name, generator redness, pigment patch optical density), in date order.
const COURSE: [(&str, f64, f64); 7] = [
    ("IMG_20260301_090000.jpg", 0.0, 0.0),
    ("IMG_20260301_090500.jpg", 0.0, 0.0),
    ("IMG_20260301_091000.jpg", 0.0, 0.0),
    ("IMG_20260302_110000.jpg", 1.0, 0.0),
    ("IMG_20260303_090000.jpg", 0.6, 0.0),
    ("IMG_20260316_090000.jpg", 0.0, 0.15),
    ("IMG_20260330_090000.jpg", 0.0, 0.08),
];

fn shot(file: &str) -> (f64, f64) {
    let (_, r, p) = COURSE.iter().find(|(n, _, _)| *n == file).unwrap();
    (*r, *p)
}

fn rows_for(dir: &std::path::Path, skin: &RgbImage) -> Vec<Row> {
    let patched: Vec<RgbImage> = COURSE
        .iter()
        .map(|&(_, _, pigment)| with_pigment_patch(skin, pigment))
        .collect();
    let shots: Vec<Shot> = COURSE
        .iter()
        .zip(&patched)
        .map(|(&(name, redness, _), portrait)| Shot {
            name,
            portrait,
            redness,
        })
        .collect();
    run_course(dir, &shots, 4242)
}

/// Checks one tone; returns the patched cheek's melanin-index change at the strongest patch.
fn check(tone: &str, rows: &[Row]) -> f64 {
    let mut strongest = f64::NAN;
    for row in rows.iter().filter(|r| !r["session"].is_empty()) {
        let (file, region) = (&row["file"], &row["region"]);
        let (redness, pigment) = shot(file);
        assert_eq!(row["status"], "measured", "{tone}: {file} {region}");
        let (dm, pv) = (
            number(row, "melanin_change"),
            row["pigment_verdict"].as_str(),
        );
        let (da, rv) = (number(row, "a_star_change"), row["verdict"].as_str());
        println!(
            "{tone:<5} {file} {region:<34} redness {redness:.1} pigment {pigment:.2}: \
             Δmelanin {dm:+6.2} ± {:<5} {pv:<12} Δa* {da:+6.2} {rv}",
            row["melanin_uncertainty"]
        );
        let patched_cheek = region.starts_with("Left cheek");
        if pigment == 0.0 {
            // A flush (or nothing) is never read as darker skin.
            assert_ne!(pv, "darker", "{tone}: {file} {region}: Δmelanin {dm}");
        }
        if pigment > 0.0 {
            // The patch is not read as redness, anywhere.
            assert_eq!(rv, "within noise", "{tone}: {file} {region}: Δa* {da}");
            if patched_cheek && pigment >= 0.15 {
                assert_eq!(pv, "darker", "{tone}: {file} {region}: Δmelanin {dm}");
                strongest = dm;
            } else if !patched_cheek {
                assert_eq!(pv, "within noise", "{tone}: {file} {region}: Δmelanin {dm}");
            }
        } else if redness >= 0.6 && region.contains("cheek") {
            assert_eq!(rv, "redder", "{tone}: {file} {region}");
        }
    }
    strongest
}

/// The remark for the darker cheek names it and says whom to tell.
fn check_remark(dir: &std::path::Path) {
    let project = dir.join("course.afterglow");
    let out = common::afterglow()
        .args(["metrics", project.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let remark = text
        .lines()
        .find(|l| l.contains("darker than baseline"))
        .unwrap_or_else(|| panic!("no pigmentation remark in:\n{text}"));
    assert!(remark.contains("left cheek"), "{remark}");
    assert!(remark.contains("practitioner"), "{remark}");
}

#[test]
fn a_pigmented_patch_is_seen_apart_from_redness_on_light_and_dark_skin() {
    let portrait = image::open(common::repo().join("assets/portrait.png"))
        .unwrap()
        .into_rgb8();
    let dir = tempfile::tempdir().unwrap();
    let light_dir = dir.path().join("light");
    let light = check("light", &rows_for(&light_dir, &portrait));
    check_remark(&light_dir);
    let dark_dir = dir.path().join("dark");
    let dark = check(
        "dark",
        &rows_for(&dark_dir, &darker_skin(&portrait, DARK_SKIN)),
    );
    check_remark(&dark_dir);
    println!(
        "the patch reads Δmelanin {light:+.1} on the light skin and {dark:+.1} on the dark one"
    );
}
