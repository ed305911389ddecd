//! Test pictures for alignment: the portrait and a procedural non-face scene, warped by known
//! similarities and spoilt the way real photos are (gain, gamma, colour cast, light gradient,
//! a red blotch, noise, JPEG).

#![allow(dead_code)]
// Test helpers panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow_core::geometry::{Affine2, Point};
use image::{Rgb, RgbImage};

/// A small deterministic generator (SplitMix64), so every run sees the same cases: the sample
/// generator's own.
#[path = "../../examples/make-sample-data/rng.rs"]
mod rng;
pub use rng::Rng;

pub fn portrait() -> RgbImage {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/portrait.png");
    image::open(path).expect("assets/portrait.png").into_rgb8()
}

/// The portrait's eye centres (from the assets' description, checked by eye).
pub const PORTRAIT_EYES: [Point; 2] = [Point::new(206.0, 101.0), Point::new(246.0, 103.0)];

/// A procedural scene with no face: coloured discs and bars over a multi-scale texture,
/// defined at every real coordinate so it can be rendered through any transform exactly.
pub struct Scene {
    discs: Vec<(f64, f64, f64, [f64; 3])>,
    bars: Vec<(f64, f64, f64, f64, f64, [f64; 3])>,
    waves: Vec<(f64, f64, f64, f64)>,
}

impl Scene {
    pub fn new(seed: u64, w: f64, h: f64) -> Self {
        let mut rng = Rng::new(seed);
        let colour = |rng: &mut Rng| {
            [
                rng.range(0.1, 0.9),
                rng.range(0.1, 0.9),
                rng.range(0.1, 0.9),
            ]
        };
        let discs = (0..40)
            .map(|_| {
                (
                    rng.range(0.0, w),
                    rng.range(0.0, h),
                    rng.range(4.0, 40.0),
                    colour(&mut rng),
                )
            })
            .collect();
        let bars = (0..14)
            .map(|_| {
                (
                    rng.range(0.0, w),
                    rng.range(0.0, h),
                    rng.range(20.0, 120.0),
                    rng.range(3.0, 12.0),
                    rng.range(0.0, std::f64::consts::PI),
                    colour(&mut rng),
                )
            })
            .collect();
        let waves = (0..4)
            .map(|_| {
                let a = rng.range(0.0, std::f64::consts::PI);
                let f = rng.range(0.03, 0.3);
                (
                    f * a.cos(),
                    f * a.sin(),
                    rng.range(0.0, 6.0),
                    rng.range(0.02, 0.06),
                )
            })
            .collect();
        Self { discs, bars, waves }
    }

    /// Linear colour (0–1) at a point; edges are softened over about a pixel so that the
    /// scene is band-limited enough to render without aliasing.
    pub fn colour(&self, x: f64, y: f64) -> [f64; 3] {
        let soft = |d: f64| (0.5 - d).clamp(0.0, 1.0);
        let mut c = [0.45, 0.42, 0.4];
        for &(fx, fy, ph, amp) in &self.waves {
            let v = amp * (fx * x + fy * y + ph).sin();
            for ch in &mut c {
                *ch += v;
            }
        }
        for &(cx, cy, r, col) in &self.discs {
            if (x - cx).abs() > r + 1.0 || (y - cy).abs() > r + 1.0 {
                continue;
            }
            let a = soft((x - cx).hypot(y - cy) - r);
            if a > 0.0 {
                for k in 0..3 {
                    c[k] = c[k] * (1.0 - a) + col[k] * a;
                }
            }
        }
        for &(cx, cy, len, thick, ang, col) in &self.bars {
            let reach = 0.5 * (len + thick) + 1.0;
            if (x - cx).abs() > reach || (y - cy).abs() > reach {
                continue;
            }
            let (s, co) = ang.sin_cos();
            let (dx, dy) = (x - cx, y - cy);
            let u = (dx * co + dy * s).abs() - len / 2.0;
            let v = (-dx * s + dy * co).abs() - thick / 2.0;
            let a = soft(u.max(v));
            if a > 0.0 {
                for k in 0..3 {
                    c[k] = c[k] * (1.0 - a) + col[k] * a;
                }
            }
        }
        c
    }
}

/// Renders a `w`×`h` image whose pixel q shows `colour(source_from_image · q)`, averaged over
/// `ss`×`ss` sub-samples (a camera integrates over its pixels).
pub fn render(
    w: u32,
    h: u32,
    ss: u32,
    source_from_image: &Affine2,
    colour: impl Fn(f64, f64) -> [f64; 3],
) -> Vec<[f64; 3]> {
    let n = f64::from(ss);
    let offsets: Vec<f64> = (0..ss).map(|i| (f64::from(i) + 0.5) / n - 0.5).collect();
    let mut out = Vec::with_capacity(w as usize * h as usize);
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0.0; 3];
            for oy in &offsets {
                for ox in &offsets {
                    let p = source_from_image.apply(Point::new(x as f64 + ox, y as f64 + oy));
                    let c = colour(p.x, p.y);
                    for k in 0..3 {
                        acc[k] += c[k] / (n * n);
                    }
                }
            }
            out.push(acc);
        }
    }
    out
}

/// Bilinear colour of an image (0–1) at a real coordinate; outside it, a neutral grey wall.
pub fn image_colour(img: &RgbImage) -> impl Fn(f64, f64) -> [f64; 3] + '_ {
    move |x, y| match afterglow_core::imaging::sample_rgb(img, x, y) {
        Some(v) => v.map(|c| f64::from(c) / 255.0),
        None => [0.55, 0.55, 0.52],
    }
}

/// What happens to a photo between the scene and the file.
#[derive(Clone, Debug)]
pub struct Spoil {
    /// Per-channel gain (a colour cast) and overall exposure.
    pub gain: [f64; 3],
    pub gamma: f64,
    /// Multiplicative light gradient: 1 + strength·(unit direction · (q − centre)/size).
    pub gradient: (f64, f64, f64),
    /// A red blotch: centre and radius in the spoilt image's pixels, strength 0–1.
    pub blotch: Option<(Point, f64, f64)>,
    pub noise_sigma: f64,
    pub jpeg_quality: Option<u8>,
}

impl Spoil {
    pub fn none() -> Self {
        Self {
            gain: [1.0; 3],
            gamma: 1.0,
            gradient: (0.0, 0.0, 0.0),
            blotch: None,
            noise_sigma: 0.0,
            jpeg_quality: None,
        }
    }

    pub fn random(rng: &mut Rng, blotch_at: Option<(Point, f64)>) -> Self {
        let exposure = rng.range(0.7, 1.3);
        let angle = rng.range(0.0, 2.0 * std::f64::consts::PI);
        Self {
            gain: [
                exposure * rng.range(0.85, 1.15),
                exposure * rng.range(0.85, 1.15),
                exposure * rng.range(0.85, 1.15),
            ],
            gamma: rng.range(0.75, 1.3),
            gradient: (angle.cos(), angle.sin(), rng.range(0.2, 0.5)),
            blotch: blotch_at.map(|(p, r)| (p, r, rng.range(0.5, 1.0))),
            noise_sigma: rng.range(1.0, 4.0) / 255.0,
            jpeg_quality: Some(rng.range(60.0, 90.0) as u8),
        }
    }

    pub fn apply(&self, w: u32, h: u32, pixels: &[[f64; 3]], rng: &mut Rng) -> RgbImage {
        let (cx, cy, size) = (w as f64 / 2.0, h as f64 / 2.0, w.max(h) as f64);
        let mut img = RgbImage::new(w, h);
        for (i, px) in img.pixels_mut().enumerate() {
            let (x, y) = ((i as u32 % w) as f64, (i as u32 / w) as f64);
            let mut c = pixels[i];
            let light = 1.0
                + self.gradient.2 * (self.gradient.0 * (x - cx) + self.gradient.1 * (y - cy))
                    / size;
            if let Some((p, r, s)) = self.blotch {
                let a = s * (-((x - p.x).powi(2) + (y - p.y).powi(2)) / (2.0 * r * r)).exp();
                c = [
                    c[0] * (1.0 + 0.15 * a),
                    c[1] * (1.0 - 0.35 * a),
                    c[2] * (1.0 - 0.3 * a),
                ];
            }
            let mut out = [0u8; 3];
            for k in 0..3 {
                let v = (self.gain[k] * light * c[k].max(0.0)).powf(self.gamma)
                    + self.noise_sigma * rng.normal();
                out[k] = (v * 255.0).round().clamp(0.0, 255.0) as u8;
            }
            *px = Rgb(out);
        }
        match self.jpeg_quality {
            Some(q) => {
                let bytes = afterglow_core::imaging::encode_jpeg(&img, q).expect("encode");
                image::load_from_memory(&bytes).expect("decode").into_rgb8()
            }
            None => img,
        }
    }
}

/// A warped test case: the moving image and the true `reference_from_moving`.
pub struct Case {
    pub name: String,
    pub moving: RgbImage,
    pub reference_from_moving: Affine2,
}

/// A random similarity in the range — rotation ±12°, scale 0.8–1.25, shift up to
/// 10 % of the size — onto a canvas of a different resolution. Returns
/// `moving_from_reference` and the canvas size.
pub fn random_pose(rng: &mut Rng, ref_w: u32, ref_h: u32) -> (Affine2, u32, u32) {
    pose_within(rng, ref_w, ref_h, 12.0, 1.25, 0.1)
}

/// A random similarity with rotation up to ±`degrees`, scale within 1/`scale`…`scale`, shift up
/// to `shift` of the size, onto a canvas of another resolution.
pub fn pose_within(
    rng: &mut Rng,
    ref_w: u32,
    ref_h: u32,
    degrees: f64,
    scale: f64,
    shift: f64,
) -> (Affine2, u32, u32) {
    let angle = rng.range(-degrees, degrees).to_radians();
    let scale = rng.range(-scale.ln(), scale.ln()).exp();
    // The canvas: 0.75–1.4 times the reference's resolution, sometimes another aspect.
    let res = rng.range(0.75, 1.4);
    let aspect: f64 = [1.0, 0.75, 1.333][(rng.unit() * 3.0) as usize % 3];
    let w = (ref_w as f64 * res * aspect.sqrt()).round() as u32;
    let h = (ref_h as f64 * res / aspect.sqrt()).round() as u32;
    let dx = rng.range(-shift, shift) * w as f64;
    let dy = rng.range(-shift, shift) * h as f64;
    let moving_from_reference =
        Affine2::translation((w as f64 - 1.0) / 2.0 + dx, (h as f64 - 1.0) / 2.0 + dy)
            * Affine2::similarity(scale * res, angle, 0.0, 0.0)
            * Affine2::translation(-(ref_w as f64 - 1.0) / 2.0, -(ref_h as f64 - 1.0) / 2.0);
    (moving_from_reference, w, h)
}

/// The worst of the two RMS errors over the images: the estimated `reference_from_moving`
/// against the truth over the moving image (in reference pixels), and its inverse over the
/// reference (in moving pixels).
pub fn rms_error(est: &Affine2, truth: &Affine2, moving: (u32, u32), reference: (u32, u32)) -> f64 {
    let a = est.rms_difference(truth, moving.0 as f64, moving.1 as f64);
    let b = est.inverse().expect("invertible").rms_difference(
        &truth.inverse().expect("invertible"),
        reference.0 as f64,
        reference.1 as f64,
    );
    a.max(b)
}
