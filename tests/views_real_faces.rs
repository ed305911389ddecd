//! The view (front, left 45°, right 45°) each real face is given, from its own mesh.
//!
//! The real-face set (`tests/real_faces/`, see `align_real_faces.rs`) holds frontal selfies
//! and press photos with heads turned up to about 15°, and four stills labelled with the
//! head's turn by the collection they come from (0°, 0°, 15°, 45°). Every face but the 45°
//! one must be called a front view, that one a side view, and each labelled turn must be
//! read within `LABEL_TOLERANCE`. The direction of each turn is checked against a different
//! model: in dlib's eye corners (`truth.json`) the eye nearer the camera looks wider, so when
//! one eye is clearly wider the facing yaw must turn the head that way. `cargo test --release --test
//! views_real_faces -- --nocapture` prints each face.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow_core::face::{facing_yaw, find_landmarks};
use afterglow_core::project::View;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Deserialize)]
struct Truth {
    images: BTreeMap<String, TruthImage>,
}

#[derive(Deserialize)]
struct TruthImage {
    /// The person's right eye outer and inner corner, the left eye's inner and outer.
    eye_corners: Option<[[f64; 2]; 4]>,
    /// The head's turn in degrees, as the still's collection labelled it (no direction).
    turn_degrees: Option<f64>,
}

/// How far (degrees) the facing yaw may be from a still's labelled turn.
const LABEL_TOLERANCE: f64 = 12.0;

/// One eye this much wider than the other (as a share of the wider) counts as a clear turn.
const CLEAR_ASYMMETRY: f64 = 0.12;

#[test]
fn real_faces_are_front_views_turned_the_way_dlib_sees() {
    let Some(dir) = std::env::var_os("AFTERGLOW_REAL_FACES").map(PathBuf::from) else {
        println!(
            "skipped: AFTERGLOW_REAL_FACES is not set (build the set with \
             tests/real_faces/make_set.py)"
        );
        return;
    };
    let truth: Truth = serde_json::from_str(include_str!("real_faces/truth.json")).unwrap();
    let (mut faces, mut clear, mut agree, mut labelled) = (0, 0, 0, 0);
    let mut wrong_view = Vec::new();
    for (name, image) in &truth.images {
        let Some(c) = image.eye_corners else { continue };
        let path = dir.join(name);
        let pixels = image::open(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .into_rgb8();
        let Ok(mesh) = find_landmarks(&pixels) else {
            continue;
        };
        faces += 1;
        let yaw = facing_yaw(&mesh);
        let width = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
        let (right, left) = (width(c[0], c[1]), width(c[2], c[3]));
        // The person's right eye wider: it is nearer, so the head turned to the person's left
        // (positive yaw).
        let asymmetry = (right - left) / right.max(left);
        let view = View::from_yaw(yaw);
        println!(
            "{name}: yaw {yaw:+.1}°, eye widths R {right:.1} L {left:.1} ({asymmetry:+.2}), {view}"
        );
        let side = image.turn_degrees.is_some_and(|t| t >= 45.0);
        let wanted = match (side, asymmetry > 0.0) {
            (false, _) => View::Front,
            (true, true) => View::Right45,
            (true, false) => View::Left45,
        };
        if view != wanted {
            wrong_view.push(format!("{name} ({yaw:+.1}°, {view}, not {wanted})"));
        }
        if let Some(turn) = image.turn_degrees {
            labelled += 1;
            assert!(
                (yaw.abs() - turn).abs() <= LABEL_TOLERANCE,
                "{name}: labelled {turn}°, read {yaw:+.1}°"
            );
        }
        if asymmetry.abs() >= CLEAR_ASYMMETRY {
            clear += 1;
            if asymmetry.signum() == yaw.signum() {
                agree += 1;
            }
        }
    }
    println!("{faces} faces; {clear} clearly turned, {agree} of them turned the same way");
    assert!(faces >= 70, "only {faces} faces found in the set");
    assert!(wrong_view.is_empty(), "views wrong: {wrong_view:?}");
    assert_eq!(labelled, 4, "the four labelled stills were not all found");
    assert!(
        clear >= 5,
        "too few clearly turned faces ({clear}) to check the direction"
    );
    assert_eq!(
        agree, clear,
        "the facing yaw turned the other way than dlib's eyes"
    );
}
