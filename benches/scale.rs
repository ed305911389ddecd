//! Scale: a generated library of 2,000 photos (see `support/large_project.rs`). Measures, at
//! 250, 500, 1,000 and 2,000 photos, loading `project.json` (`store::load`) and building the
//! `list --json` document, to show both stay linear in the number of photos; and `check`
//! (hashing every original) at 2,000.
//!
//!     cargo bench --bench scale

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

#[path = "support/large_project.rs"]
mod large_project;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use afterglow_core::project::Project;
use afterglow_core::store;

const SIZES: [usize; 4] = [250, 500, 1000, 2000];

/// A project folder holding only a `project.json` with the first `n` photos of `full`
/// (loading and listing never open the photos themselves).
fn subset(dir: &Path, full: &Project, n: usize) -> PathBuf {
    let root = dir.join(format!("n{n}.afterglow"));
    std::fs::create_dir_all(&root).expect("subset folder");
    let mut p = full.clone();
    p.photos.truncate(n);
    store::save(&root, &p).expect("subset save");
    root
}

fn bench_scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let full_root = dir.path().join("large.afterglow");
    let started = std::time::Instant::now();
    let full = large_project::make_large_project(&full_root, 2000).expect("generate");
    eprintln!(
        "generated 2,000 photos in {:.1} s; project.json is {} kB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(full_root.join("project.json"))
            .expect("project.json")
            .len()
            / 1024
    );
    let roots: Vec<(usize, PathBuf)> = SIZES
        .iter()
        .map(|&n| (n, subset(dir.path(), &full, n)))
        .collect();

    let mut g = c.benchmark_group("store_load");
    g.measurement_time(Duration::from_secs(4));
    for (n, root) in &roots {
        g.bench_with_input(BenchmarkId::from_parameter(n), root, |b, root| {
            b.iter(|| store::load(root).expect("load"))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("list_json");
    g.measurement_time(Duration::from_secs(4));
    for (n, root) in &roots {
        let project = store::load(root).expect("load");
        g.bench_with_input(BenchmarkId::from_parameter(n), &project, |b, p| {
            b.iter(|| serde_json::to_string(&afterglow::cli::list_json(p)).expect("json"))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("2000", |b| {
        b.iter(|| store::check::check(&full_root).expect("check"))
    });
    g.finish();
}

criterion_group!(benches, bench_scale);
criterion_main!(benches);
