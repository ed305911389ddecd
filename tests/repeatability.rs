//! Repeatability (issue 13, item 3): how much the measurements of skin that did not change
//! vary from photo to photo, without neutral patches — the test–retest variation that sets
//! the smallest change worth believing. What counts as unchanged skin, and how the repeats
//! are made: `metrics_support/repeats.rs`.
//!
//! Targets: regional a* standard deviation ≤ 0.9 (two photos of unchanged skin then differ by
//! more than 2.5 — 1.96·√2·σ — less than one time in twenty) and texture coefficient of
//! variation ≤ 4 %.
//!
//! `cargo test --release --test repeatability -- --nocapture` prints the figures;
//! `cargo bench --bench repeatability` prints them too, with the time the measuring takes.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod metrics_support;

use afterglow_core::metrics::{JUST_VISIBLE_A_STAR, JUST_VISIBLE_MELANIN};
use metrics_support::repeats::{demo_with_repeats, pooled_cv, pooled_sd, spreads, table};

const REPEATS: u32 = 8;
const MAX_A_STAR_SD: f64 = 0.9;
const MAX_TEXTURE_CV: f64 = 0.04;

#[test]
fn regional_redness_and_texture_repeat_within_the_targets_without_neutral_patches() {
    let dir = tempfile::tempdir().unwrap();
    let set = demo_with_repeats(dir.path(), REPEATS);
    let m = metrics_support::measure_with(&set.paths, &set.project, true);
    let spreads = spreads(&set, &m);
    print!("{}", table(&spreads));
    assert_eq!(spreads.len(), 4, "the four default regions");
    for s in &spreads {
        // The baseline, the five redness-free photos and every repeat: none lost on the way
        // (not aligned, not comparable, not measured).
        assert_eq!(s.photos, 6 + REPEATS as usize, "{}", s.region);
        assert!(
            s.a_star_sd <= MAX_A_STAR_SD,
            "{}: a* sd {:.2}",
            s.region,
            s.a_star_sd
        );
        assert!(
            s.texture_cv <= MAX_TEXTURE_CV,
            "{}: texture cv {:.3}",
            s.region,
            s.texture_cv
        );
        assert!(s.smallest_trustworthy_change() <= JUST_VISIBLE_A_STAR);
        // Pigmentation is held the same way: unchanged skin stays well inside the melanin
        // index's just-visible change.
        assert!(
            1.96 * std::f64::consts::SQRT_2 * s.melanin_sd <= JUST_VISIBLE_MELANIN,
            "{}: melanin sd {:.2}",
            s.region,
            s.melanin_sd
        );
    }
}

#[test]
fn pooled_spread_is_measured_about_each_group_s_own_mean() {
    // Two groups at different levels with the same scatter: the levels do not count.
    let sd = pooled_sd(&[vec![1.0, 3.0], vec![11.0, 13.0]]);
    assert!((sd - 2f64.sqrt()).abs() < 1e-12, "{sd}");
    let cv = pooled_cv(&[vec![9.0, 11.0], vec![90.0, 110.0]]);
    assert!((cv - 0.1 * 2f64.sqrt()).abs() < 1e-12, "{cv}");
    // A group of one says nothing about the spread.
    assert_eq!(pooled_sd(&[vec![1.0, 3.0], vec![100.0]]), 2f64.sqrt());
}
