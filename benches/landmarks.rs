//! Face landmarks speed: the 468-point mesh of a face in a 2048×1536 preview (the size every
//! photo is read at), on one core. Target: at most 40 ms per photo.
//!
//!     cargo bench --bench landmarks
//!
//! The first call loads and optimises the two embedded models (~0.2 s, once per process);
//! criterion's warm-up absorbs it, so the figure is the steady per-photo cost.

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

use afterglow_core::face::{detect_faces, find_landmarks};
use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::imaging::warp_rgb;
use criterion::{Criterion, criterion_group, criterion_main};
use image::Rgb;

fn landmarks(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/portrait.png");
    let portrait = image::open(path).expect("assets/portrait.png").into_rgb8();
    let centre = Point::new(255.5, 255.5);
    // A selfie-sized face, slightly turned, in a 2048×1536 preview.
    let preview_from_portrait = Affine2::translation(1023.5 - centre.x, 767.5 - centre.y)
        * Affine2::similarity_about(centre, 3.2, 0.12, 0.0, 0.0);
    let portrait_from_preview = preview_from_portrait.inverse().expect("invertible");
    let preview = warp_rgb(
        &portrait,
        &portrait_from_preview,
        2048,
        1536,
        Rgb([140, 140, 132]),
    );
    find_landmarks(&preview).expect("a face in the bench image");
    let mut group = c.benchmark_group("landmarks");
    group.sample_size(30);
    group.bench_function("2048x1536 preview", |b| {
        b.iter(|| find_landmarks(&preview).expect("face"))
    });
    group.bench_function("2048x1536 detector only", |b| {
        b.iter(|| detect_faces(&preview).expect("runs"))
    });
    group.finish();
}

criterion_group!(benches, landmarks);
criterion_main!(benches);
