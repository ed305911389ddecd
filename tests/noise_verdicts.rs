//! Real change or within noise (issue 13, item 2): every change from the baseline carries an
//! uncertainty from what is known about the pair, and is called real only past both the
//! just-visible threshold (2.5 a*) and that uncertainty — in the series, the CSV, the
//! remarks and the redness-change map.
//!
//! `cargo test --release --test noise_verdicts -- --nocapture` prints the figures.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod metrics_support;

use afterglow_core::geometry::Affine2;
use afterglow_core::metrics::{self, JUST_VISIBLE_A_STAR, Verdict};
use afterglow_core::project::{Alignment, PhotoId};
use metrics_support::aligned_demo;

use metrics_support::measure_with as measure;

#[test]
fn the_demos_flushes_are_real_and_its_calm_days_within_noise() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), false);
    let m = measure(&paths, &project, true);
    let series = metrics::region_series(&m, None);
    let (mut real_flushes, mut calm, mut widest_calm) = (0, 0, 0.0f64);
    for s in &series {
        let cheek = s.name.contains("cheek");
        for p in &s.points {
            let redness = truth[&p.photo.0].redness;
            let verdict = p.verdict.redness.unwrap();
            let noise = p.uncertainty.a_star.unwrap();
            if redness == 0.0 {
                // Unchanged skin under another light: never called a change.
                assert_eq!(verdict, Verdict::WithinNoise, "{} {:?}", s.name, p.change);
                calm += 1;
                widest_calm = widest_calm.max(noise);
            } else if cheek && redness >= 0.5 {
                assert_eq!(verdict, Verdict::Higher, "{} {:?}", s.name, p.change);
                // Past its noise by a margin, though a flush's border makes the expected
                // alignment miss count there.
                assert!(
                    p.change.a_star.unwrap() > 1.5 * noise,
                    "{} ±{noise}",
                    s.name
                );
                real_flushes += 1;
            } else if !cheek {
                // The generator reddens the cheeks only.
                assert_eq!(verdict, Verdict::WithinNoise, "{} {:?}", s.name, p.change);
            }
        }
    }
    println!(
        "{real_flushes} flushed cheek values called redder, {calm} calm values within noise; \
         widest uncertainty of a calm value ±{widest_calm:.2} a*"
    );
    assert!(real_flushes >= 6 && calm >= 10);
    // Calm skin matched through its surroundings is compared with an uncertainty under the
    // just-visible threshold: the threshold, not the noise, decides. (A flushed cheek's may
    // pass it: its colour slopes at the flush's border, so an alignment miss would move it.)
    assert!(widest_calm < JUST_VISIBLE_A_STAR, "{widest_calm}");

    // The CSV carries both, for every measured row with a change.
    let rows = metrics::metric_rows(&m, &series);
    let csv = metrics::rows_to_csv(&rows);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (u, v) = (col("uncertainty"), col("verdict"));
    let (tu, tv) = (col("texture_uncertainty_percent"), col("texture_verdict"));
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert!(f[u].parse::<f64>().unwrap() > 0.0, "{line}");
        assert!(
            ["redder", "less red", "within noise"].contains(&f[v]),
            "{line}"
        );
        assert!(f[tu].parse::<f64>().unwrap() > 0.0, "{line}");
        assert!(
            ["rougher", "smoother", "within noise"].contains(&f[tv]),
            "{line}"
        );
    }
}

#[test]
fn uncorrected_colours_widen_the_noise_past_a_cast() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), false);
    // Without any correction the camera's white balance moves a* by up to ±4.4 on these
    // photos: the uncertainty must cover it, so no calm photo is called changed.
    let raw = measure(&paths, &project, false);
    let series = metrics::region_series(&raw, None);
    let mut largest_calm = 0.0f64;
    for s in &series {
        for p in &s.points {
            let noise = p.uncertainty.a_star.unwrap();
            assert!(noise > 3.5, "{}: ±{noise}", s.name);
            if truth[&p.photo.0].redness == 0.0 {
                largest_calm = largest_calm.max(p.change.a_star.unwrap().abs());
                assert_eq!(p.verdict.redness, Some(Verdict::WithinNoise), "{}", s.name);
            }
        }
    }
    println!("uncorrected: calm photos move a* by up to {largest_calm:.2}, all within noise");
    // And the remarks call no redness on a calm day.
    let remarks = metrics::remarks(&project.guide, &raw, &series);
    for r in &remarks {
        if r.kind == metrics::RemarkKind::RednessLingering
            || r.kind == metrics::RemarkKind::RednessExpected
        {
            let photo = r.photo.as_ref().unwrap();
            assert!(truth[&photo.0].redness > 0.0, "{}", r.text);
        }
    }
}

#[test]
fn the_redness_map_leaves_a_calm_face_uncoloured() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), false);
    let by_slot = |session: u64, slot: &str| {
        (project.photos.iter())
            .find(|p| truth[&p.id.0].session == session && truth[&p.id.0].slot == slot)
            .unwrap()
            .id
            .clone()
    };
    let baseline = by_slot(0, "Before");
    for session in 1..=3 {
        let calm = by_slot(session, "Day 7");
        let change =
            metrics::load_redness_change(&paths, &project, &baseline, &calm, 512, 1.0).unwrap();
        assert!(
            change.noise >= JUST_VISIBLE_A_STAR as f32,
            "{}",
            change.noise
        );
        let overlay = metrics::render_change(&change, 10.0);
        let finite = change.delta.iter().filter(|d| d.is_finite()).count();
        let coloured = overlay.pixels().filter(|p| p.0[3] > 0).count();
        let share = coloured as f64 / finite as f64;
        println!(
            "session {session} day 7: {:.1} % of the map coloured (noise ±{:.2})",
            100.0 * share,
            change.noise
        );
        assert!(share < 0.05, "{share}");
    }
    // A flush is still painted.
    let flush = by_slot(1, "Right after");
    let change =
        metrics::load_redness_change(&paths, &project, &baseline, &flush, 512, 1.0).unwrap();
    let overlay = metrics::render_change(&change, 10.0);
    let reds = overlay
        .pixels()
        .filter(|p| p.0[3] > 0 && p.0[0] > p.0[2])
        .count();
    let finite = change.delta.iter().filter(|d| d.is_finite()).count();
    println!(
        "session 1 right after: {:.1} % painted red",
        100.0 * reds as f64 / finite as f64
    );
    assert!(reds as f64 / finite as f64 > 0.02);
}

#[test]
fn each_sessions_recovery_is_read_and_compared() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, truth) = aligned_demo(dir.path(), false);
    let m = measure(&paths, &project, true);
    let series = metrics::region_series(&m, None);
    let recoveries = metrics::session_recovery(&m, &series);
    assert_eq!(recoveries.len(), 3);
    let redness_on = |session: usize, day: i64| {
        let photo = (m.photos.iter())
            .find(|p| p.placement.session_number == Some(session) && p.placement.day == Some(day))
            .unwrap();
        truth[&photo.photo.0].redness
    };
    for r in &recoveries {
        let raised = r.last_raised_day.unwrap();
        let (settled, _) = r.settled.clone().unwrap();
        println!(
            "session {}: still raised on day {raised} (generator redness {:.2}), settled by day \
             {settled} (redness {:.2})",
            r.session,
            redness_on(r.session, raised),
            redness_on(r.session, settled)
        );
        assert!(settled > raised);
        // The generator's flush fades to 0 by day 7: raised means clearly flushed (its
        // redness gives Δa* ≈ 11 × redness, past 2.5 from 0.23), settled means at most faint.
        assert!(redness_on(r.session, raised) >= 0.2, "{r:?}");
        assert!(redness_on(r.session, settled) <= 0.2, "{r:?}");
    }
    let remarks = metrics::remarks(&project.guide, &m, &series);
    let summary = (remarks.iter())
        .find(|r| r.kind == metrics::RemarkKind::Recovery)
        .unwrap();
    println!("{}", summary.text);
    assert!(
        summary.text.starts_with("Recovery: Session "),
        "{}",
        summary.text
    );
}

/// The demo, aligned, with a copy of its session-1 photo of `slot` added: its pixels
/// changed by `edit`, written as `encode` says (bytes and extension), imported `later`, and
/// given the original's alignment changed by `place`. Returns the measurements and the
/// original's and the copy's ids.
fn demo_with_a_copy(
    dir: &std::path::Path,
    slot: &str,
    later: chrono::Duration,
    edit: impl Fn(image::RgbImage) -> image::RgbImage,
    encode: impl Fn(&image::RgbImage) -> (Vec<u8>, &'static str),
    place: impl Fn(Alignment) -> Alignment,
) -> (metrics::ProjectMeasurements, PhotoId, PhotoId) {
    use afterglow_core::import::Outcome;
    let (paths, mut project, truth) = aligned_demo(dir, false);
    let original = project
        .photos
        .iter()
        .find(|p| truth[&p.id.0].session == 1 && truth[&p.id.0].slot == slot)
        .unwrap()
        .clone();
    // The sample's photos are upright as stored (no EXIF turn), so the copy lines up with
    // the original's alignment.
    let upright = image::open(paths.root.join(&original.file))
        .unwrap()
        .into_rgb8();
    let (bytes, ext) = encode(&edit(upright));
    let when = original.taken_at + later;
    let file = dir.join(format!("IMG_{}.{ext}", when.format("%Y%m%d_%H%M%S")));
    std::fs::write(&file, bytes).unwrap();
    let mut copy = match common::import_into(&paths.root, &[file])
        .pop()
        .unwrap()
        .outcome
    {
        Outcome::Imported(p) => *p,
        other => panic!("{other:?}"),
    };
    copy.alignment = original.alignment.clone().map(place);
    let copy_id = copy.id.clone();
    project
        .add_photos_keeping_reference(vec![copy])
        .apply(&mut project)
        .unwrap();
    afterglow_core::store::save(&paths.root, &project).unwrap();
    (measure(&paths, &project, true), original.id, copy_id)
}

/// A copy of the sample's session-1 day-7 photo (its skin as the baseline's) blurred by
/// `sigma` px and imported an hour later with the original's alignment; returns the
/// original's and the copy's points in every region.
fn blurred_day_7(
    dir: &std::path::Path,
    sigma: f32,
) -> Vec<(String, metrics::SeriesPoint, metrics::SeriesPoint)> {
    let (m, original, copy) = demo_with_a_copy(
        dir,
        "Day 7",
        chrono::Duration::hours(1),
        |upright| image::imageops::blur(&upright, sigma),
        |img| {
            (
                afterglow_core::imaging::encode_jpeg(img, 92).unwrap(),
                "jpg",
            )
        },
        |a| a,
    );
    metrics::region_series(&m, None)
        .into_iter()
        .map(|s| {
            let point = |id: &PhotoId| s.points.iter().find(|p| &p.photo == id).unwrap().clone();
            (s.name.clone(), point(&original), point(&copy))
        })
        .collect()
}

#[test]
fn a_blurred_photo_does_not_read_as_smoother_skin() {
    // The sample's photos are upright as stored (no EXIF turn on this one), so the blurred
    // copy lines up with the original's alignment.
    let dir = tempfile::tempdir().unwrap();
    let mut widest_fall = 0.0f64;
    for (region, original, copy) in blurred_day_7(dir.path(), 1.2) {
        let (d0, d1) = (
            original.change.texture_percent.unwrap(),
            copy.change.texture_percent.unwrap(),
        );
        let (u0, u1) = (
            original.uncertainty.texture_percent.unwrap(),
            copy.uncertainty.texture_percent.unwrap(),
        );
        println!(
            "{region:<34} original: texture {d0:+5.1} % ± {u0:4.1} {:?}; blurred 1.2 px: {d1:+5.1} % ± {u1:4.1} {:?}; sharpness {:.3} → {:.3}",
            original.verdict.texture,
            copy.verdict.texture,
            original.values.sharpness.unwrap(),
            copy.values.sharpness.unwrap(),
        );
        widest_fall = widest_fall.max(d0 - d1);
        // The blur is seen as a blurrier photo...
        assert!(
            copy.values.sharpness.unwrap() < 0.9 * original.values.sharpness.unwrap(),
            "{region}"
        );
        // ...its uncertainty widens to cover what the blur took from the texture...
        assert!(u1 > u0 + (d0 - d1).abs() / 2.0, "{region}: ± {u0} → ± {u1}");
        // ...so the skin is not called smoother (the original, as the baseline's, neither).
        assert_ne!(copy.verdict.texture, Some(Verdict::Lower), "{region}");
        assert_ne!(original.verdict.texture, Some(Verdict::Lower), "{region}");
    }
    // The blur did take texture away: without the sharpness term some region would have
    // read past the just-visible 10 %.
    assert!(
        widest_fall > metrics::JUST_VISIBLE_TEXTURE_PERCENT,
        "the blur took {widest_fall:.1} %"
    );
}

/// The sample's session-1 photo right after it (flushed cheeks) imported again as a PNG
/// (the same pixels) with its alignment moved by `miss` (reference pixels); returns each
/// region's name and the original's and the copy's values.
fn misaligned_right_after(
    dir: &std::path::Path,
    miss: (f64, f64),
) -> Vec<(String, metrics::RegionValues, metrics::RegionValues)> {
    let (m, original, copy) = demo_with_a_copy(
        dir,
        "Right after",
        chrono::Duration::minutes(5),
        |upright| upright,
        |img| {
            let mut png = std::io::Cursor::new(Vec::new());
            img.write_to(&mut png, image::ImageFormat::Png).unwrap();
            (png.into_inner(), "png")
        },
        |mut a| {
            a.reference_from_photo =
                Affine2::similarity(1.0, 0.0, miss.0, miss.1) * a.reference_from_photo;
            a
        },
    );
    let values = |id: &PhotoId| m.photo(id).unwrap().regions.clone();
    let (a, b) = (values(&original), values(&copy));
    m.regions
        .iter()
        .zip(a.iter().zip(&b))
        .map(|(r, (a, b))| (r.name.clone(), a.values, b.values))
        .collect()
}

#[test]
fn a_miss_of_the_expected_size_moves_each_region_about_as_its_uncertainty_says() {
    // The reference's eye distance, from its face mesh: the unit of the expected miss.
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, _) = aligned_demo(dir.path(), false);
    let reference = project.reference_photo().unwrap();
    let preview = afterglow_core::previews::load_preview(&paths, reference).unwrap();
    let mesh = afterglow_core::align::find_landmarks_within(&preview).unwrap();
    let eyes = mesh.inter_ocular() * f64::from(reference.width) / f64::from(preview.width());
    let sigma = metrics::ALIGNMENT_MISS_SIGMA_IOD * eyes;
    // Off by 1 σ each way (1.4 σ in all): a miss the alignment makes on real faces.
    let dir = tempfile::tempdir().unwrap();
    let mut largest = 0.0f64;
    for (region, original, copy) in misaligned_right_after(dir.path(), (sigma, sigma)) {
        let moved = (copy.a_star.unwrap() - original.a_star.unwrap()).abs();
        let said = original.a_star_misregistration;
        let melanin_moved = (copy.melanin_index.unwrap() - original.melanin_index.unwrap()).abs();
        let melanin_said = original.melanin_misregistration;
        println!(
            "{region:<34} a {sigma:.1} px miss each way moved a* {moved:.2} (expected 1 σ \
             {said:.2}), melanin {melanin_moved:.2} (expected {melanin_said:.2})"
        );
        assert!(
            melanin_moved <= 2.0 * melanin_said + 0.2,
            "{region}: melanin {melanin_moved} against {melanin_said}"
        );
        largest = largest.max(said);
        // Within 2 σ of the prediction (plus the resampling's own 0.2 a*)...
        assert!(
            moved <= 2.0 * said + 0.2,
            "{region}: {moved} against {said}"
        );
        // ...and the copy, on the same skin, predicts the same.
        assert!(
            (copy.a_star_misregistration - said).abs() <= 0.5 * said + 0.1,
            "{region}: {} against {said}",
            copy.a_star_misregistration
        );
    }
    // The flushed cheeks' borders make a miss count somewhere.
    assert!(largest > 0.3, "{largest}");
}

#[test]
fn a_dim_or_bright_photo_of_unchanged_skin_reads_within_its_uncertainty() {
    // The baseline's skin rendered again (new pose, white balance, light gradient, noise)
    // at exposures from a dim bathroom to a bright window, aligned by the app.
    const EXPOSURES: [f64; 6] = [0.3, 0.45, 0.65, 1.35, 1.6, 1.9];
    let dir = tempfile::tempdir().unwrap();
    let set = metrics_support::repeats::demo_with_renders(dir.path(), 6, |k, v| {
        v.exposure = EXPOSURES[k as usize - 1];
    });
    let m = measure(&set.paths, &set.project, true);
    let mut measured = 0;
    for s in metrics::region_series(&m, None) {
        for (k, id) in set.repeats.iter().enumerate() {
            let Some(p) = s.points.iter().find(|p| &p.photo == id) else {
                // Only an overexposed region may go unread, and it says so.
                let values = m.photo(id).unwrap().regions.iter().find(|r| {
                    m.region(r.region)
                        .is_some_and(|region| region.name == s.name)
                });
                let why = values.and_then(|r| r.values.unmeasured_reason());
                println!("{:<34} ×{:.2}: {why:?}", s.name, EXPOSURES[k]);
                assert!(EXPOSURES[k] > 1.0, "{why:?}");
                assert!(why.unwrap().starts_with("overexposed"));
                continue;
            };
            measured += 1;
            let (d, u) = (p.change.a_star.unwrap(), p.uncertainty.a_star.unwrap());
            let (dm, um) = (p.change.melanin.unwrap(), p.uncertainty.melanin.unwrap());
            println!(
                "{:<34} ×{:.2}: a* {d:+5.2} ± {u:4.2}, melanin {dm:+5.2} ± {um:4.2}, clipped {:.0} %, dark {:.0} %, calibrated {}",
                s.name,
                EXPOSURES[k],
                100.0 * p.values.clipped,
                100.0 * p.values.dark,
                p.calibrated,
            );
            // A gain in linear light is undone by the colour correction; what it clips is
            // in the uncertainty; so unchanged skin reads unchanged.
            assert!(d.abs() < u && dm.abs() < um, "{} ×{}", s.name, EXPOSURES[k]);
            assert_eq!(p.verdict.redness, Some(Verdict::WithinNoise));
            assert_eq!(p.verdict.pigment, Some(Verdict::WithinNoise));
        }
    }
    assert!(measured >= 18, "{measured} values measured");
}
