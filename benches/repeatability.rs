//! Repeatability (issue 13, item 3): prints the test–retest spread of every default region on
//! unchanged skin — the sample's redness-free photos plus eight repeats of its baseline with a
//! new pose, white balance and exposure, aligned by the app (`tests/metrics_support/
//! repeats.rs`) — and times measuring that set of 23 photos without the metrics cache.
//! `tests/repeatability.rs` holds the same figures to their targets (a* sd ≤ 0.9, texture
//! CV ≤ 4 %).
//!
//!     cargo bench --bench repeatability

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/metrics_support/mod.rs"]
mod metrics_support;

use afterglow_core::metrics::{self, MeasureOptions};
use metrics_support::repeats::{demo_with_repeats, spreads, table};

fn bench_repeatability(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let set = demo_with_repeats(dir.path(), 8);
    let m = metrics_support::measure_with(&set.paths, &set.project, true);
    println!("test–retest on unchanged skin, no neutral patches:");
    print!("{}", table(&spreads(&set, &m)));

    let options = MeasureOptions {
        use_cache: false,
        ..MeasureOptions::default()
    };
    let mut group = c.benchmark_group("repeatability");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("measure 23 photos × 4 regions, no metrics cache", |b| {
        b.iter(|| {
            metrics::measure_project(
                &set.paths,
                &set.project,
                &options,
                &|_| {},
                &std::sync::atomic::AtomicBool::new(false),
            )
            .expect("measure")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_repeatability);
criterion_main!(benches);
