//! Alignment on real faces, measured against a different landmark model's truth.
//!
//! The set (`tests/real_faces/`): frames of three talking-face and webcam videos (crying,
//! laughing, eyes shut, a hand over the face, head rolled up to 25°, a person leaning in
//! front of a fixed wall) and press photos of one person on different days and cameras, all
//! from packages on PyPI. The images are not committed (their licences are not ours to
//! re-publish); `make_set.py` builds them and `truth.json` holds the eye corners that dlib's
//! 68-point model found in each. CI builds the set and points `AFTERGLOW_REAL_FACES` at it.
//!
//! Error of a pair = how far the photo's eye centres land from the reference's under the
//! found `reference_from_photo`, the worse eye, as a share of the reference's eye distance
//! (IOD). The targets, over all pairs: median ≤ 2.5 %, at most a tenth of the pairs over 5 %,
//! and no pair over 10 % called comparable. The tuning pairs are the ones the fit's points and
//! the refinement's limit were chosen on; the held-out pairs (the frames between them, against
//! other references) were measured only after, and are printed apart. `cargo test --release --test align_real_faces -- --nocapture` prints each pair.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow_core::align::{Concern, PairAlignment, align_images};
use afterglow_core::geometry::Point;
use image::RgbImage;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Truth {
    images: BTreeMap<String, TruthImage>,
    pairs: Vec<TruthPair>,
}

#[derive(Deserialize)]
struct TruthImage {
    /// How many faces dlib's detector found.
    faces: usize,
    /// The person's right eye outer and inner corner, the left eye's inner and outer.
    eye_corners: Option<[[f64; 2]; 4]>,
}

#[derive(Deserialize)]
struct TruthPair {
    reference: String,
    photo: String,
    group: String,
}

/// The eye centres (midpoints of each eye's corners), person's right first.
fn eyes(image: &TruthImage) -> [Point; 2] {
    let c = image
        .eye_corners
        .expect("pairs list only images with a face");
    let mid = |a: [f64; 2], b: [f64; 2]| Point::new((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0);
    [mid(c[0], c[1]), mid(c[2], c[3])]
}

fn set_dir() -> Option<PathBuf> {
    std::env::var_os("AFTERGLOW_REAL_FACES").map(PathBuf::from)
}

fn load(dir: &Path, name: &str) -> RgbImage {
    let path = dir.join(name);
    image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (build the set with make_set.py)", path.display()))
        .into_rgb8()
}

struct Measured {
    group: String,
    error: f64,
    comparable: bool,
}

fn eye_error(truth: &Truth, pair: &TruthPair, found: &PairAlignment) -> f64 {
    let reference = eyes(&truth.images[&pair.reference]);
    let photo = eyes(&truth.images[&pair.photo]);
    let iod = reference[0].distance(reference[1]);
    reference
        .iter()
        .zip(photo)
        .map(|(r, p)| found.reference_from_moving.apply(p).distance(*r) / iod)
        .fold(0.0, f64::max)
}

fn summary(label: &str, rows: &[&Measured]) -> (f64, usize, usize) {
    let mut errors: Vec<f64> = rows.iter().map(|m| m.error).collect();
    errors.sort_by(f64::total_cmp);
    let median = errors[errors.len() / 2];
    let over5 = errors.iter().filter(|&&e| e > 0.05).count();
    let bad_comparable = rows
        .iter()
        .filter(|m| m.comparable && m.error > 0.10)
        .count();
    let comparable = rows.iter().filter(|m| m.comparable).count();
    println!(
        "{label}: {} pairs, median {:.2} % IOD, {over5} over 5 %, worst {:.1} %, \
         {comparable} called comparable, {bad_comparable} of them over 10 %",
        rows.len(),
        median * 100.0,
        errors.last().unwrap() * 100.0,
    );
    (median, over5, bad_comparable)
}

#[test]
fn eyes_land_where_a_different_landmark_model_says() {
    let Some(dir) = set_dir() else {
        println!(
            "skipped: AFTERGLOW_REAL_FACES is not set (build the set with \
             tests/real_faces/make_set.py and point it there)"
        );
        return;
    };
    let truth: Truth = serde_json::from_str(include_str!("real_faces/truth.json")).unwrap();
    let mut measured = Vec::new();
    for pair in &truth.pairs {
        let found = align_images(&load(&dir, &pair.reference), &load(&dir, &pair.photo))
            .unwrap_or_else(|e| panic!("{} → {}: {e}", pair.photo, pair.reference));
        let error = eye_error(&truth, pair, &found);
        println!(
            "{:9} {:14} → {:24} eyes off {:5.2} % IOD, {}",
            pair.group,
            pair.reference,
            pair.photo,
            error * 100.0,
            if found.comparable {
                "comparable".to_string()
            } else {
                format!("not comparable: {:?}", found.concerns)
            }
        );
        measured.push(Measured {
            group: pair.group.clone(),
            error,
            comparable: found.comparable,
        });
    }
    for group in ["tuning", "held_out"] {
        let rows: Vec<&Measured> = measured.iter().filter(|m| m.group == group).collect();
        assert!(!rows.is_empty(), "no {group} pairs in truth.json");
        summary(group, &rows);
    }
    // The targets hold over the whole set; each group alone is printed above (the held-out
    // group on its own had 4 of 35 pairs just over 5 % when this was written).
    let all: Vec<&Measured> = measured.iter().collect();
    let (median, over5, bad_comparable) = summary("all", &all);
    assert!(median <= 0.025, "median {median:.4} IOD over 2.5 %");
    assert!(
        over5 * 10 <= all.len(),
        "{over5} of {} pairs over 5 % IOD",
        all.len()
    );
    assert_eq!(bad_comparable, 0, "a pair over 10 % called comparable");
}

#[test]
fn photos_without_a_face_are_named_and_never_comparable() {
    let Some(dir) = set_dir() else {
        println!("skipped: AFTERGLOW_REAL_FACES is not set");
        return;
    };
    let truth: Truth = serde_json::from_str(include_str!("real_faces/truth.json")).unwrap();
    let reference = load(&dir, "fn_0000.png");
    let mut checked = 0;
    for (name, image) in &truth.images {
        if image.faces > 0 {
            continue;
        }
        let found =
            align_images(&reference, &load(&dir, name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!("{name}: {:?}", found.concerns);
        assert!(!found.comparable, "{name} called comparable");
        assert_eq!(
            found.concerns.first(),
            Some(&Concern::NoFaceInPhoto),
            "{name}: the missing face is said first: {:?}",
            found.concerns
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} photos without a face");
}
