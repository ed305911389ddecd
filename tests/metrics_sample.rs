//! Measurements on the sample project against what the generator put there
//! (`sample-data/photos/truth.json`): simulated cheek redness strong on day 0, fading by day
//! 3, gone by day 7; skin texture smoother in later sessions.
//!
//! The photos are aligned here with the generator's true `reference_from_photo` transforms
//! and measured in regions placed from the true eye positions, in a temporary copy of the demo
//! project, so these tests judge the measurements alone (`align_sample` judges the automatic
//! alignment the demo ships with).

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod metrics_support;

use std::sync::atomic::AtomicBool;

use afterglow_core::metrics::{
    self, DefaultRegion, MeasureOptions, NOTICEABLE_A_STAR, ProjectMeasurements, RemarkKind,
    Verdict,
};
use afterglow_core::project::Project;
use afterglow_core::store::ProjectPaths;
use metrics_support::{Truth, aligned_demo};

fn measure(paths: &ProjectPaths, project: &Project) -> ProjectMeasurements {
    metrics::measure_project(
        paths,
        project,
        &MeasureOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

const CHEEKS: [DefaultRegion; 2] = [DefaultRegion::LeftCheek, DefaultRegion::RightCheek];

#[test]
fn calibrated_cheek_redness_rises_on_day_0_and_is_back_near_baseline_by_day_7() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), true);
    let m = measure(&paths, &project);
    assert!(
        m.placed_default_regions,
        "regions come from the reference's eyes"
    );
    assert!(
        m.photos.iter().all(|p| p.status.is_measured()),
        "{:?}",
        m.photos
    );
    assert!(
        m.photos.iter().all(|p| p.calibration.is_calibrated()),
        "{:?}",
        m.photos
    );
    let series = metrics::region_series(&m, None);
    println!(
        "{}",
        metrics::rows_to_table(&metrics::metric_rows(&m, &series))
    );

    for cheek in CHEEKS {
        let s = series.iter().find(|s| s.name == cheek.name()).unwrap();
        let baseline = s.baseline.as_ref().unwrap();
        assert_eq!(
            baseline.photos.len(),
            1,
            "one photo before the first session"
        );
        for p in &s.points {
            let t = &truth[&p.photo.0];
            let delta = p.change.a_star.unwrap();
            match (t.session, t.slot.as_str()) {
                (0, _) => {}
                // The simulated redness at full strength: far above baseline.
                (_, "Right after") => assert!(delta > 3.0 * NOTICEABLE_A_STAR, "{delta}"),
                (_, "Day 7" | "Before") => assert!(
                    delta.abs() < NOTICEABLE_A_STAR,
                    "{} {}: Δa* {delta}",
                    cheek.name(),
                    t.slot
                ),
                _ => {}
            }
        }
        // Every session: right after > day 1 > day 3 > day 7, as the simulated redness fades.
        for session in 1..=3 {
            let mut pts: Vec<(f64, f64, f64)> = s
                .points
                .iter()
                .filter(|p| truth[&p.photo.0].session == session)
                .filter(|p| truth[&p.photo.0].slot != "Before")
                .map(|p| {
                    let t = &truth[&p.photo.0];
                    (
                        t.redness,
                        p.values.a_star.unwrap(),
                        p.values.erythema_index.unwrap(),
                    )
                })
                .collect();
            pts.sort_by(|a, b| b.0.total_cmp(&a.0));
            assert_eq!(pts.len(), 4);
            for w in pts.windows(2) {
                assert!(w[0].1 > w[1].1, "a* not falling with redness: {pts:?}");
                assert!(w[0].2 > w[1].2, "EI not falling with redness: {pts:?}");
            }
        }
    }
    // The remarks follow: expected redness on day 0, back near baseline later.
    let remarks = metrics::remarks(&project.guide, &m, &series);
    for r in &remarks {
        println!("{}", r.text);
    }
    let kinds = |k: RemarkKind| remarks.iter().filter(|r| r.kind == k).count();
    assert!(kinds(RemarkKind::RednessExpected) >= 3);
    assert_eq!(kinds(RemarkKind::RednessSettled), 3);
    assert_eq!(kinds(RemarkKind::Uncalibrated), 0);
}

#[test]
fn uncalibrated_day_0_redness_stands_out_from_the_light_s_colour() {
    // Without a neutral patch, and with the normalisation by the surroundings turned off
    // (`tests/colour_normalisation.rs` checks it), every photo keeps its camera's white
    // balance, which moves a* by a few units; the treatment redness on day 0 is still far
    // outside that spread.
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), false);
    let options = MeasureOptions {
        surroundings: false,
        ..MeasureOptions::default()
    };
    let m = metrics::measure_project(&paths, &project, &options, &|_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(m.photos.iter().all(|p| !p.calibration.is_calibrated()));
    let series = metrics::region_series(&m, None);
    for cheek in CHEEKS {
        let s = series.iter().find(|s| s.name == cheek.name()).unwrap();
        let deltas = |f: &dyn Fn(&Truth) -> bool| -> Vec<f64> {
            s.points
                .iter()
                .filter(|p| f(&truth[&p.photo.0]))
                .map(|p| p.change.a_star.unwrap())
                .collect()
        };
        let day0 = deltas(&|t| t.slot == "Right after");
        let calm = deltas(&|t| t.redness == 0.0);
        let lowest_day0 = day0.iter().copied().fold(f64::INFINITY, f64::min);
        let highest_calm = calm.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!("{}: day 0 {day0:?}, redness-free {calm:?}", cheek.name());
        assert!(lowest_day0 > highest_calm + 2.0 * NOTICEABLE_A_STAR);
    }
    let remarks = metrics::remarks(&project.guide, &m, &series);
    assert!(remarks.iter().any(|r| r.kind == RemarkKind::Uncalibrated));
}

#[test]
fn texture_is_lower_in_later_sessions_as_the_generator_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), false);
    let m = measure(&paths, &project);
    let series = metrics::region_series(&m, None);
    for cheek in CHEEKS {
        let s = series.iter().find(|s| s.name == cheek.name()).unwrap();
        // Mean texture index of the redness-free photos at each texture amplitude.
        let mean_at = |amplitude: f64| {
            let v: Vec<f64> = s
                .points
                .iter()
                .filter(|p| {
                    let t = &truth[&p.photo.0];
                    t.texture == amplitude && t.redness == 0.0
                })
                .map(|p| p.values.texture.unwrap())
                .collect();
            assert!(!v.is_empty());
            v.iter().sum::<f64>() / v.len() as f64
        };
        let (t1, t085, t07) = (mean_at(1.0), mean_at(0.85), mean_at(0.7));
        println!("{}: texture {t1:.3} {t085:.3} {t07:.3}", cheek.name());
        assert!(t1 > t085 && t085 > t07, "{t1} {t085} {t07}");
    }
}

#[test]
fn a_second_run_comes_from_the_cache_with_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, _) = aligned_demo(dir.path(), false);
    let first = measure(&paths, &project);
    assert_eq!(first.from_cache, 0);
    assert_eq!(first.computed, 15 * 4);
    let second = measure(&paths, &project);
    assert_eq!(second.computed, 0);
    assert_eq!(second.from_cache, 15 * 4);
    assert_eq!(first.photos, second.photos);
    // Deleting the cache is safe: the values are measured again, the same.
    std::fs::remove_dir_all(paths.cache_dir().join("metrics")).unwrap();
    let third = measure(&paths, &project);
    assert_eq!(third.computed, 15 * 4);
    assert_eq!(first.photos, third.photos);
}

#[test]
fn heat_map_is_hot_on_the_cheeks_on_day_0_and_calm_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), true);
    let find = |session: u64, slot: &str| {
        project
            .photos
            .iter()
            .find(|p| truth[&p.id.0].session == session && truth[&p.id.0].slot == slot)
            .unwrap()
            .id
            .clone()
    };
    let baseline = find(0, "Before");
    let day0 = find(1, "Right after");
    let (regions, _) = metrics::regions_to_measure(&project).unwrap();
    let reference = project.reference_photo().unwrap();
    // Full detail, and the quick 512-px map the compare view draws.
    for (long_side, smoothing) in [(afterglow_core::import::PREVIEW_SIDE, 2.0), (512, 1.0)] {
        let change =
            metrics::load_redness_change(&paths, &project, &baseline, &day0, long_side, smoothing)
                .unwrap();
        let frame = afterglow_core::reference_frame::ReferenceFrame::with_long_side(
            reference.width,
            reference.height,
            long_side,
        );
        assert_eq!(
            (change.window.width, change.window.height),
            (frame.width, frame.height)
        );
        let mean_in = |name: &str| {
            let r = regions.iter().find(|r| r.name == name).unwrap();
            let w = metrics::FrameWindow::around(&r.shape, &frame, 0).unwrap();
            let mask = metrics::shape_mask(&r.shape, &frame, &w);
            let mut v = Vec::new();
            for (i, inside) in mask.iter().enumerate() {
                let (x, y) = (w.x0 + i as u32 % w.width, w.y0 + i as u32 / w.width);
                let d = change.at(x, y);
                if *inside && d.is_finite() {
                    v.push(f64::from(d));
                }
            }
            v.iter().sum::<f64>() / v.len() as f64
        };
        for cheek in CHEEKS {
            let m = mean_in(cheek.name());
            assert!(m > 3.0 * NOTICEABLE_A_STAR, "{}: {m}", cheek.name());
        }
        let forehead = mean_in(DefaultRegion::Forehead.name());
        assert!(forehead.abs() < NOTICEABLE_A_STAR, "forehead {forehead}");
    }
}

#[test]
fn a_photo_that_is_not_comparable_is_flagged_instead_of_read() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut project, truth) = aligned_demo(dir.path(), true);
    let day1 = project
        .photos
        .iter_mut()
        .find(|p| truth[&p.id.0].session == 1 && truth[&p.id.0].slot == "Day 1")
        .unwrap();
    day1.alignment.as_mut().unwrap().comparable = false;
    let id = day1.id.clone();
    let m = measure(&paths, &project);
    let charts = metrics::chart_data(&project, &m);
    let about_day1: Vec<_> = charts
        .remarks
        .iter()
        .filter(|r| r.photo.as_ref() == Some(&id))
        .collect();
    assert_eq!(about_day1.len(), 1, "{about_day1:?}");
    assert_eq!(about_day1[0].kind, RemarkKind::NotComparable);
    assert!(about_day1[0].text.contains("should not be trusted"));
    // Its values are still there, marked, for whoever wants to look.
    let point = charts.series[0]
        .points
        .iter()
        .find(|p| p.photo == id)
        .unwrap();
    assert!(!point.comparable);
    let baseline = project.reference_photo().unwrap().id.clone();
    assert_eq!(metrics::pair_caveats(&project, &baseline, &id).len(), 1);
}

#[test]
fn the_pigmented_patch_after_session_2_is_seen_where_it_is_and_nowhere_else() {
    // As a user measures: the demo's photos, no neutral patches, the colour normalised by the
    // surroundings.
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), false);
    let m = metrics_support::measure_with(&paths, &project, true);
    let series = metrics::region_series(&m, None);
    let patch = metrics_support::pigment_patch_centre();
    let mut seen = 0;
    for s in &series {
        let region = m.regions.iter().find(|r| r.id == s.region).unwrap();
        let under_patch = region.shape.contains(patch);
        for p in &s.points {
            let t = &truth[&p.photo.0];
            let (dm, pigment_verdict) = (p.change.melanin.unwrap(), p.verdict.pigment);
            let (da, redness_verdict) = (p.change.a_star.unwrap(), p.verdict.redness);
            println!(
                "{:<34} {:<12} pigment {:.2} redness {:.2}: Δmelanin {dm:+6.2} ± {:.2} {pigment_verdict:?}, Δa* {da:+5.2} {redness_verdict:?}",
                s.name,
                t.slot,
                t.pigment,
                t.redness,
                p.uncertainty.melanin.unwrap(),
            );
            if under_patch && t.pigment >= 0.09 {
                // Seen as darker skin wherever the generator put enough of it...
                assert_eq!(pigment_verdict, Some(Verdict::Higher), "{}", t.slot);
                seen += 1;
                // ...and not as redness where there was none.
                if t.redness == 0.0 {
                    assert_eq!(redness_verdict, Some(Verdict::WithinNoise), "{}", t.slot);
                }
            } else if !under_patch || t.pigment == 0.0 {
                // A flush, or nothing, is never read as darker skin.
                assert_ne!(
                    pigment_verdict,
                    Some(Verdict::Higher),
                    "{} {}",
                    s.name,
                    t.slot
                );
            }
        }
    }
    assert_eq!(seen, 6, "the six photos with the patch at 0.09 or more");
    let remarks = metrics::remarks(&project.guide, &m, &series);
    let darker: Vec<&str> = remarks
        .iter()
        .filter(|r| r.kind == RemarkKind::PigmentDarker)
        .map(|r| r.text.as_str())
        .collect();
    println!("{darker:#?}");
    // One remark for the weeks the patch lasted, not one per photo.
    assert_eq!(darker.len(), 1, "{darker:?}");
    assert!(
        darker[0].starts_with("From Session 2 · day 7 to session 3 · day 7 (6 photos)"),
        "{darker:?}"
    );
    assert!(
        darker
            .iter()
            .all(|t| t.to_lowercase().contains("left cheek")),
        "{darker:?}"
    );
}
