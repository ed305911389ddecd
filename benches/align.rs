//! Alignment speed: a 4032×3024 phone photo to a 2048×1536 reference, from decoded images
//! (the target: under 100 ms per pair on one core), and a small pair (the 512-px portrait and
//! a 640×480 view of it) to compare with OpenCV's `findTransformECCMultiScale`.
//!
//!     cargo bench --bench align
//!
//! Alignment runs on one thread. Besides criterion's wall-clock figures, the CPU time per pair
//! is printed: on a machine shared with other work, the wall clock also measures the
//! neighbours.

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

use afterglow_core::align::{PreparedReference, align_images};
use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::imaging::sample_rgb;
use criterion::{Criterion, criterion_group, criterion_main};
use image::{Rgb, RgbImage};

/// The test portrait placed in a `w`×`h` frame through `frame_from_portrait`.
fn render(portrait: &RgbImage, w: u32, h: u32, frame_from_portrait: &Affine2) -> RgbImage {
    let portrait_from_frame = frame_from_portrait.inverse().expect("invertible");
    RgbImage::from_fn(w, h, |x, y| {
        let p = portrait_from_frame.apply(Point::new(f64::from(x), f64::from(y)));
        match sample_rgb(portrait, p.x, p.y) {
            Some(v) => Rgb(v.map(|c| c.round() as u8)),
            None => Rgb([140, 140, 132]),
        }
    })
}

fn pair() -> (RgbImage, RgbImage) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/portrait.png");
    let portrait = image::open(path).expect("assets/portrait.png").into_rgb8();
    let centre = Point::new(255.5, 255.5);
    // The face fills a phone frame as in a selfie; the second photo is turned, nearer and
    // shifted, at twice the resolution.
    let reference = render(
        &portrait,
        2048,
        1536,
        &(Affine2::translation(1023.5 - centre.x, 767.5 - centre.y)
            * Affine2::similarity_about(centre, 3.2, 0.0, 0.0, 0.0)),
    );
    let moving = render(
        &portrait,
        4032,
        3024,
        &(Affine2::translation(2015.5 - centre.x + 150.0, 1511.5 - centre.y - 90.0)
            * Affine2::similarity_about(centre, 6.9, 0.09, 0.0, 0.0)),
    );
    (reference, moving)
}

/// CPU time this thread has run so far (Linux), in seconds.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(stat.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

/// Prints the mean CPU and wall time of `runs` calls of `f`.
fn report_cpu(label: &str, runs: u32, mut f: impl FnMut()) {
    let Some(start) = thread_cpu_seconds() else {
        return;
    };
    let wall = std::time::Instant::now();
    for _ in 0..runs {
        f();
    }
    if let Some(end) = thread_cpu_seconds() {
        eprintln!(
            "{label}: {:.1} ms CPU per run ({:.1} ms wall) over {runs} runs",
            (end - start) * 1e3 / f64::from(runs),
            wall.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
        );
    }
}

/// The portrait and a 640×480 view of it, turned 7°, 1.1× nearer, shifted.
fn small_pair() -> (RgbImage, RgbImage) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/portrait.png");
    let portrait = image::open(path).expect("assets/portrait.png").into_rgb8();
    let centre = Point::new(255.5, 255.5);
    let moving = render(
        &portrait,
        640,
        480,
        &(Affine2::translation(319.5 - centre.x + 20.0, 239.5 - centre.y + 15.0)
            * Affine2::similarity_about(centre, 1.1, 0.12, 0.0, 0.0)),
    );
    (portrait, moving)
}

fn bench(c: &mut Criterion) {
    let (reference, moving) = pair();
    let (small_ref, small_moving) = small_pair();
    report_cpu("pair 4032x3024 to 2048x1536", 20, || {
        align_images(&reference, &moving).expect("aligns");
    });
    report_cpu("pair 640x480 to 512x512", 40, || {
        align_images(&small_ref, &small_moving).expect("aligns");
    });
    let mut group = c.benchmark_group("align");
    group.sample_size(20);
    group.bench_function("pair 4032x3024 to 2048x1536", |b| {
        b.iter(|| align_images(&reference, &moving).expect("aligns"))
    });
    let prepared = PreparedReference::new(&reference).expect("reference");
    group.bench_function("photo 4032x3024 to a prepared reference", |b| {
        b.iter(|| prepared.align(&moving).expect("aligns"))
    });
    group.bench_function("prepare a 2048x1536 reference", |b| {
        b.iter(|| PreparedReference::new(&reference).expect("reference"))
    });
    group.bench_function("pair 640x480 to 512x512", |b| {
        b.iter(|| align_images(&small_ref, &small_moving).expect("aligns"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
