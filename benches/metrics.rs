//! Measuring the sample project: 15 photos × 4 default regions (redness, erythema index and
//! texture each), with the previews already in `cache/` as after an import. Targets: under
//! 0.5 s without the metrics cache; a cached re-run nearly free.
//!
//!     cargo bench --bench metrics
//!
//! The photos are aligned with the generator's true transforms (`truth.json`), in a
//! temporary copy of `sample-data/demo.afterglow`.

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use afterglow::geometry::{Affine2, Point};
use afterglow::metrics::{self, MeasureOptions};
use afterglow::project::{AlignMethod, Alignment, Project};
use afterglow::store::{self, ProjectPaths};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else if entry.file_name() != "project.lock" {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// The demo project, aligned with the true transforms, the reference's eyes marked.
fn aligned_demo(dir: &Path) -> (ProjectPaths, Project) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = dir.join("demo.afterglow");
    copy_dir(&repo.join("sample-data/demo.afterglow"), &root);
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo.join("sample-data/photos/truth.json")).expect("truth.json"),
    )
    .expect("truth");
    let mut project = store::load(&root).expect("load");
    let reference_name = truth["reference"].as_str().expect("reference");
    let reference = project
        .photos
        .iter()
        .find(|p| p.original_name == reference_name)
        .expect("reference photo")
        .id
        .clone();
    project.reference = Some(reference.clone());
    for t in truth["photos"].as_array().expect("photos") {
        let photo = project
            .photos
            .iter_mut()
            .find(|p| p.original_name == t["file"])
            .expect("photo");
        let m: Affine2 = serde_json::from_value(t["reference_from_photo"].clone()).expect("m");
        photo.alignment = Some(Alignment {
            reference_from_photo: m,
            method: AlignMethod::Manual,
            score: 1.0,
            comparable: true,
            locked: true,
            reference: Some(reference.clone()),
        });
        if photo.id == reference {
            let e: [[f64; 2]; 2] = serde_json::from_value(t["eyes"].clone()).expect("eyes");
            photo.eyes = Some(e.map(Point::from));
        }
    }
    store::save(&root, &project).expect("save");
    (ProjectPaths::new(root), project)
}

fn measure(
    paths: &ProjectPaths,
    project: &Project,
    use_cache: bool,
) -> metrics::ProjectMeasurements {
    let options = MeasureOptions {
        use_cache,
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
    if let Some(start) = cpu_seconds() {
        let wall = std::time::Instant::now();
        for _ in 0..10 {
            measure(&paths, &project, false);
        }
        if let Some(end) = cpu_seconds() {
            eprintln!(
                "no cache: {:.3} s CPU per run ({:.3} s wall) over 10 runs",
                (end - start) / 10.0,
                wall.elapsed().as_secs_f64() / 10.0
            );
        }
    }
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
}

criterion_group!(benches, bench_metrics);
criterion_main!(benches);
