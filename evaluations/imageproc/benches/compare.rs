//! Afterglow's hand-written image pieces against imageproc's, on the same inputs: time (criterion)
//! and agreement (printed once before the timings). Run with
//! `cargo bench --manifest-path evaluations/imageproc/Cargo.toml`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use image::{ImageBuffer, Luma, Rgb, RgbImage};

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::imaging::warp_rgb;
use afterglow_core::metrics::{Plane, gaussian_blur};
use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp};

fn portrait() -> RgbImage {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/portrait.png");
    let img = image::open(path).unwrap().into_rgb8();
    // About a preview's size: 2048 px on the long side.
    image::imageops::resize(&img, 1536, 2048, image::imageops::FilterType::Triangle)
}

/// A turn of 7°, a scale of 1.08 and a shift, as an alignment gives.
fn dst_from_src() -> Affine2 {
    Affine2::similarity_about(Point::new(768.0, 1024.0), 1.08, 0.12, 31.0, -17.0)
}

fn projection(dst_from_src: &Affine2) -> Projection {
    let m = dst_from_src.m;
    Projection::from_matrix([
        m[0][0] as f32,
        m[0][1] as f32,
        m[0][2] as f32,
        m[1][0] as f32,
        m[1][1] as f32,
        m[1][2] as f32,
        0.0,
        0.0,
        1.0,
    ])
    .unwrap()
}

fn plane(w: usize, h: usize) -> Plane {
    let mut state = 0x9e37_79b9_u64;
    let data = (0..w * h)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32
        })
        .collect();
    Plane {
        width: w,
        height: h,
        data,
    }
}

fn as_image(p: &Plane) -> ImageBuffer<Luma<f32>, Vec<f32>> {
    ImageBuffer::from_raw(p.width as u32, p.height as u32, p.data.clone()).unwrap()
}

/// Largest and mean absolute difference over the pixels both sides filled.
fn rgb_agreement(a: &RgbImage, b: &RgbImage) -> (u8, f64) {
    let (mut worst, mut sum, mut n) = (0u8, 0u64, 0u64);
    for (pa, pb) in a.pixels().zip(b.pixels()) {
        if pa.0 == [0, 0, 0] || pb.0 == [0, 0, 0] {
            continue;
        }
        for (x, y) in pa.0.iter().zip(pb.0) {
            let d = x.abs_diff(y);
            worst = worst.max(d);
            sum += u64::from(d);
            n += 1;
        }
    }
    (worst, sum as f64 / n.max(1) as f64)
}

fn report_agreement() {
    let src = portrait();
    let t = dst_from_src();
    let ours = warp_rgb(&src, &t.inverse().unwrap(), 1536, 2048, Rgb([0, 0, 0]));
    let theirs = warp(
        &src,
        projection(&t),
        Interpolation::Bilinear,
        Border::Constant(Rgb([0, 0, 0])),
    );
    let (worst, mean) = rgb_agreement(&ours, &theirs);
    eprintln!("warp, bilinear, 1536×2048: max |Δ| {worst}, mean |Δ| {mean:.3} (8-bit levels)");
    for sigma in [1.0f32, 4.0] {
        let p = plane(512, 512);
        let ours = gaussian_blur(&p, sigma);
        let theirs = imageproc::filter::gaussian_blur_f32(&as_image(&p), sigma);
        // Interior only: the two treat the border differently (ours renormalises, theirs
        // clamps), which is a choice, not an error.
        let margin = (4.0 * sigma).ceil() as usize;
        let mut worst = 0.0f32;
        for y in margin..512 - margin {
            for x in margin..512 - margin {
                let d = (ours.data[y * 512 + x] - theirs.get_pixel(x as u32, y as u32).0[0]).abs();
                worst = worst.max(d);
            }
        }
        eprintln!("gaussian blur σ={sigma}, 512×512 interior: max |Δ| {worst:.2e} (values 0–1)");
    }
}

fn benches(c: &mut Criterion) {
    report_agreement();
    let src = portrait();
    let t = dst_from_src();
    let inv = t.inverse().unwrap();
    let proj = projection(&t);
    let mut g = c.benchmark_group("warp bilinear 1536x2048 rgb");
    g.sample_size(20);
    g.bench_function("afterglow warp_rgb", |b| {
        b.iter(|| warp_rgb(&src, &inv, 1536, 2048, Rgb([0, 0, 0])))
    });
    g.bench_function("imageproc warp", |b| {
        b.iter(|| {
            warp(
                &src,
                proj,
                Interpolation::Bilinear,
                Border::Constant(Rgb([0, 0, 0])),
            )
        })
    });
    g.finish();
    for sigma in [1.0f32, 4.0] {
        let p = plane(1024, 1024);
        let img = as_image(&p);
        let mut g = c.benchmark_group(format!("gaussian blur sigma {sigma} 1024x1024"));
        g.sample_size(20);
        g.bench_function("afterglow gaussian_blur", |b| {
            b.iter(|| gaussian_blur(&p, sigma))
        });
        g.bench_function("imageproc gaussian_blur_f32", |b| {
            b.iter(|| imageproc::filter::gaussian_blur_f32(&img, sigma))
        });
        g.finish();
    }
}

criterion_group!(compare, benches);
criterion_main!(compare);
