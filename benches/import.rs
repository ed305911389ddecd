//! Importing eight 12-MP phone JPEGs (4032×3024, quality 92, with sensor-like noise, about
//! 3 MB each): hash, EXIF, one DCT-scaled decode, original copy, 2048-px preview and 256-px
//! thumbnail. Target: all eight in under 1 s wall on a 2-core machine.
//!
//!     cargo bench --bench import

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use image::{Rgb, RgbImage};

use afterglow_core::import::{self, Outcome};
use afterglow_core::store::{self, ProjectPaths};

/// A 4032×3024 picture with smooth structure and per-pixel noise, so it compresses like a
/// real phone photo (about 3 MB at quality 92).
fn phone_photo(seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let img = RgbImage::from_fn(4032, 3024, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state % 17) as i32 - 8;
        let base = |v: f32| v.sin() * 60.0 + 128.0;
        let r = base(x as f32 / 300.0 + seed as f32) as i32 + n;
        let g = base(y as f32 / 250.0) as i32 + n;
        let b = base((x + y) as f32 / 400.0) as i32 + n;
        Rgb([
            r.clamp(0, 255) as u8,
            g.clamp(0, 255) as u8,
            b.clamp(0, 255) as u8,
        ])
    });
    afterglow_core::imaging::encode_jpeg(&img, 92).expect("encode")
}

fn bench_import(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let mut total = 0;
    let files: Vec<PathBuf> = (0..8)
        .map(|i| {
            let bytes = phone_photo(i);
            total += bytes.len();
            let path = inbox.join(format!("IMG_2026030{}_101500.jpg", i + 1));
            std::fs::write(&path, bytes).expect("write");
            path
        })
        .collect();
    eprintln!("8 photos, {:.1} MB in all", total as f64 / 1e6);
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let mut n = 0;
    group.bench_function("8 × 12 MP JPEG", |b| {
        b.iter(|| {
            n += 1;
            let root = dir.path().join(format!("p{n}.afterglow"));
            let project = store::create(&root, "bench").expect("create");
            let reports = import::import_files(
                &ProjectPaths::new(&root),
                &project,
                &files,
                &|_| {},
                &AtomicBool::new(false),
            );
            assert!(
                reports
                    .iter()
                    .all(|r| matches!(r.outcome, Outcome::Imported(_)))
            );
            std::fs::remove_dir_all(&root).expect("clean up");
        })
    });
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
