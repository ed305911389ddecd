//! Measuring the sample project: 15 photos × 4 default regions (redness, erythema index and
//! texture each), with the previews already in `cache/` as after an import. Targets: under
//! 0.5 s without the metrics cache; a cached re-run nearly free; the colour normalisation
//! (each photo's surroundings matched to the reference's) at most 20 ms per photo.
//!
//!     cargo bench --bench metrics
//!
//! The photos are aligned with the generator's true transforms (`truth.json`), in a
//! temporary copy of `sample-data/demo.afterglow`.

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/demo.rs"]
mod demo;
use demo::aligned_demo;

use afterglow_core::metrics::{self, ColourNormaliser, MeasureOptions};
use afterglow_core::previews::load_preview;
use afterglow_core::project::Project;
use afterglow_core::store::ProjectPaths;

fn measure(
    paths: &ProjectPaths,
    project: &Project,
    use_cache: bool,
) -> metrics::ProjectMeasurements {
    measure_with(paths, project, use_cache, true)
}

fn measure_with(
    paths: &ProjectPaths,
    project: &Project,
    use_cache: bool,
    surroundings: bool,
) -> metrics::ProjectMeasurements {
    let options = MeasureOptions {
        use_cache,
        surroundings,
        ..MeasureOptions::default()
    };
    metrics::measure_project(paths, project, &options, &|_| {}, &AtomicBool::new(false))
        .expect("measure")
}

/// User + system CPU time of this process so far (Linux), in seconds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn bench_metrics(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (paths, project) = aligned_demo(dir.path());
    // The first run rebuilds the previews the demo ships without (import's job, not timed).
    let m = measure(&paths, &project, true);
    assert_eq!(m.computed, 15 * 4);
    // CPU time is what to compare on a machine shared with other work, where the wall clock
    // also measures the neighbours.
    let mut per_run = [0.0; 2];
    for (k, surroundings) in [true, false].into_iter().enumerate() {
        if let Some(start) = cpu_seconds() {
            let wall = std::time::Instant::now();
            for _ in 0..10 {
                measure_with(&paths, &project, false, surroundings);
            }
            if let Some(end) = cpu_seconds() {
                per_run[k] = (end - start) / 10.0;
                eprintln!(
                    "no cache, surroundings {}: {:.3} s CPU per run ({:.3} s wall) over 10 runs",
                    if surroundings { "on" } else { "off" },
                    per_run[k],
                    wall.elapsed().as_secs_f64() / 10.0
                );
            }
        }
    }
    eprintln!(
        "colour normalisation adds {:.1} ms CPU per photo (15 photos, the reference's face \
         mesh included)",
        1000.0 * (per_run[0] - per_run[1]) / 15.0
    );
    let mut group = c.benchmark_group("metrics");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("sample project, 15 photos × 4 regions, no cache", |b| {
        b.iter(|| {
            let m = measure(&paths, &project, false);
            assert_eq!(m.computed, 15 * 4);
        })
    });
    group.bench_function("sample project, cached re-run", |b| {
        b.iter(|| {
            let m = measure(&paths, &project, true);
            assert_eq!(m.from_cache, 15 * 4);
        })
    });
    group.finish();

    // The normalisation alone: preparing the reference once (its face mesh, the mask) and
    // matching one photo (previews already decoded).
    let reference = project.reference_photo().expect("reference").clone();
    let reference_preview = load_preview(&paths, &reference).expect("preview");
    let photo = project
        .photos
        .iter()
        .find(|p| p.id != reference.id)
        .expect("a photo")
        .clone();
    let preview = load_preview(&paths, &photo).expect("preview");
    let t = metrics::reference_from_photo(&project, &reference, &photo).expect("aligned");
    let normaliser = ColourNormaliser::new(&reference, &reference_preview, true);
    let mut group = c.benchmark_group("colour normalisation");
    group.sample_size(20);
    group.bench_function("match one photo's surroundings to the reference's", |b| {
        b.iter(|| {
            let (_, calibration) = normaliser.balance(&photo, &preview, &t);
            assert!(calibration.is_calibrated());
        })
    });
    group.bench_function(
        "prepare the reference (face mesh, mask), once per run",
        |b| b.iter(|| ColourNormaliser::new(&reference, &reference_preview, true)),
    );
    group.finish();

    // The redness-change map as the compare view makes it on a worker when a pair is chosen:
    // the reference prepared once (its preview read, its face and surroundings for the colour
    // correction; the app keeps it between pairs), then per pair both previews read, the photo
    // corrected, each photo's a* smoothed in its preview and sampled into the frame, and the
    // map coloured. At 1024 px (the app's size) and 2048 px (target < 50 ms).
    let mapper = metrics::RednessMapper::prepare(&paths, &project, &reference.id).expect("prepare");
    let mut group = c.benchmark_group("heat map");
    group.sample_size(20);
    for long_side in [1024u32, 2048] {
        group.bench_function(
            format!("a pair at {long_side} px, the reference prepared: read, correct, Δa*, colour"),
            |b| {
                b.iter(|| {
                    let change = mapper
                        .change(
                            &paths,
                            &project,
                            &reference.id,
                            &photo.id,
                            long_side,
                            metrics::DEFAULT_SMOOTHING * long_side as f32 / 2048.0,
                        )
                        .expect("heat map");
                    metrics::render_change(&change, 10.0)
                })
            },
        );
    }
    // Two photos neither of which is the reference (say day 0 and day 7): both previews are
    // read, side by side on two cores.
    let later = project
        .photos
        .iter()
        .rfind(|p| p.id != reference.id && p.id != photo.id)
        .expect("a third photo")
        .id
        .clone();
    group.bench_function("a pair at 2048 px, neither the reference", |b| {
        b.iter(|| {
            let change = mapper
                .change(
                    &paths,
                    &project,
                    &photo.id,
                    &later,
                    2048,
                    metrics::DEFAULT_SMOOTHING,
                )
                .expect("heat map");
            metrics::render_change(&change, 10.0)
        })
    });
    group.bench_function("preparing the reference, once per reference", |b| {
        b.iter(|| {
            metrics::RednessMapper::prepare(&paths, &project, &reference.id).expect("prepare")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_metrics);
criterion_main!(benches);
