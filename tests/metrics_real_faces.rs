//! Measurements on real frames of a real face (issue 13): twelve webcam frames of one man
//! talking and smiling, seconds apart (`sf_*.png` of the real-face set, 640×360; see
//! `tests/real_faces/README.md`). His skin did not change, so nothing may be called a change:
//! every region the app compares reads "within noise", the regions a smile spoils read "not
//! comparable" (no verdict), and the cheeks, about 40 px across here, are too coarse for a
//! texture value at all.
//!
//! The frames are dated as a course (four before a session, eight after) and run through the
//! real command line: `new`, `import`, `session add`, `align`, `metrics --csv`
//! (`metrics_support::course::run_photos_through_cli`).
//! CI builds the set and points `AFTERGLOW_REAL_FACES` at it; without it the test says so and
//! checks nothing. `cargo test --release --test metrics_real_faces -- --nocapture` prints
//! every row.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod metrics_support;

use std::path::PathBuf;

use afterglow_core::metrics::{NOT_COMPARABLE_VERDICT, TEXTURE_TOO_COARSE};
use metrics_support::course::run_photos_through_cli;

#[test]
fn unchanged_real_skin_is_never_called_a_change() {
    let Some(faces) = std::env::var_os("AFTERGLOW_REAL_FACES").map(PathBuf::from) else {
        println!("skipped: AFTERGLOW_REAL_FACES is not set");
        return;
    };
    let mut frames: Vec<PathBuf> = std::fs::read_dir(&faces)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("sf_"))
        })
        .collect();
    frames.sort();
    assert_eq!(frames.len(), 12, "the set's 12 single-face frames");

    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for (i, frame) in frames.iter().enumerate() {
        // Four on 1 March (the baseline), then two days of four after the 2 March session.
        let day = match i / 4 {
            0 => 1,
            k => 2 + k,
        };
        let name = format!("IMG_202603{day:02}_09{i:02}00.png");
        std::fs::copy(frame, inbox.join(name)).unwrap();
    }
    let rows = run_photos_through_cli(dir.path(), &inbox);

    let mut compared = 0;
    let mut not_comparable = 0;
    for row in &rows {
        println!(
            "{} {:<34} a* {:>6} ± {:<5} {:<15} melanin {:>6} ± {:<5} {:<15} texture {:<22} comparable {}",
            row["file"],
            row["region"],
            row["a_star_change"],
            row["uncertainty"],
            row["verdict"],
            row["melanin_change"],
            row["melanin_uncertainty"],
            row["pigment_verdict"],
            row["texture_verdict"],
            row["comparable"],
        );
        assert_eq!(
            row["status"], "measured",
            "{} {}",
            row["file"], row["region"]
        );
        // Webcam cheeks are far too small for pores and fine lines: no texture figure.
        assert!(
            row["texture"].is_empty(),
            "{} {}",
            row["file"],
            row["region"]
        );
        assert_eq!(row["texture_verdict"], TEXTURE_TOO_COARSE);
        if row["comparable"] == "true" {
            compared += 1;
            assert_eq!(row["verdict"], "within noise", "{row:?}");
            assert_eq!(row["pigment_verdict"], "within noise", "{row:?}");
        } else {
            not_comparable += 1;
            assert_eq!(row["verdict"], NOT_COMPARABLE_VERDICT, "{row:?}");
            assert_eq!(row["pigment_verdict"], NOT_COMPARABLE_VERDICT, "{row:?}");
        }
    }
    println!("{compared} region values compared, {not_comparable} not comparable");
    assert_eq!(
        rows.len(),
        12 * 4,
        "every frame in the four default regions"
    );
    // Most of them are compared: the smile spoils some frames' cheeks and chin, not all.
    assert!(compared >= 24, "{compared} compared");
}
