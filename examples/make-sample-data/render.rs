//! Renders one simulated phone selfie from the portrait: a handheld similarity, treatment
//! redness on both cheeks and skin texture attached to the face, then the camera's white
//! balance, exposure, a light gradient, sensor noise.

use afterglow_core::geometry::{Affine2, Point};
use image::{Rgb, RgbImage};

use super::rng::Rng;

/// The canonical frame: the baseline framing of the face, 1200×1600.
pub const CANON_W: u32 = 1200;
pub const CANON_H: u32 = 1600;

/// Where the canonical frame sits in the 512×512 portrait: a 216×288 crop at (118, 8).
pub fn source_from_canonical() -> Affine2 {
    let s = 216.0 / CANON_W as f64;
    // Pixel-centre convention: the crop's edges map onto the frame's edges.
    Affine2::translation(118.0 - 0.5 + 0.5 * s, 8.0 - 0.5 + 0.5 * s) * Affine2::scale(s)
}

/// Eye centres in the portrait (estimated by eye from the picture, within ~1 px).
pub const SOURCE_EYES: [Point; 2] = [Point::new(206.0, 101.0), Point::new(246.0, 103.0)];

/// Cheek centres and spread in the canonical frame (viewer's left, viewer's right).
pub const CHEEKS: [(f64, f64); 2] = [(440.0, 700.0), (760.0, 700.0)];
const CHEEK_SIGMA: (f64, f64) = (75.0, 90.0);
/// Skin area for the texture, canonical frame.
const SKIN_CENTRE: (f64, f64) = (600.0, 640.0);
const SKIN_RADII: (f64, f64) = (260.0, 340.0);

/// How one photo differs from the baseline framing and light.
pub struct Variation {
    /// Canonical frame → photo (upright pixels).
    pub photo_from_canonical: Affine2,
    pub width: u32,
    pub height: u32,
    /// 0–1: simulated post-treatment redness on both cheeks.
    pub redness: f64,
    /// Relative amplitude of fine skin texture (1 at baseline).
    pub texture: f64,
    /// Optical density at the centre of a pigmented patch on the person's left cheek
    /// ([`PIGMENT_PATCH_OD`] per unit), as post-inflammatory hyperpigmentation leaves it.
    pub pigment: f64,
    pub exposure: f64,
    pub wb: [f64; 3],
    /// Light falls off across the face: factor 1 ± strength/2 along `direction`.
    pub gradient_strength: f64,
    pub gradient_direction: f64,
    pub noise_sigma: f64,
}

impl Variation {
    pub fn random(rng: &mut Rng, width: u32, height: u32, redness: f64, texture: f64) -> Self {
        let angle = rng.range(-6.0, 6.0).to_radians();
        let scale = rng.range(0.9, 1.1) * width as f64 / CANON_W as f64;
        let shift = (
            rng.range(-0.05, 0.05) * width as f64,
            rng.range(-0.05, 0.05) * height as f64,
        );
        let centre = Point::new((CANON_W - 1) as f64 / 2.0, (CANON_H - 1) as f64 / 2.0);
        let to_photo_centre = Affine2::translation(
            (width - 1) as f64 / 2.0 - centre.x + shift.0,
            (height - 1) as f64 / 2.0 - centre.y + shift.1,
        );
        let photo_from_canonical =
            to_photo_centre * Affine2::similarity_about(centre, scale, angle, 0.0, 0.0);
        Self {
            photo_from_canonical,
            width,
            height,
            redness,
            texture,
            pigment: 0.0,
            exposure: rng.range(0.8, 1.2),
            wb: [rng.range(0.92, 1.08), 1.0, rng.range(0.88, 1.12)],
            gradient_strength: rng.range(0.05, 0.25),
            gradient_direction: rng.range(0.0, std::f64::consts::TAU),
            noise_sigma: 2.0,
        }
    }
}

fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn linear_to_srgb(v: f64) -> f64 {
    let v = v.clamp(0.0, 1.0);
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// The portrait in linear light, for interpolation.
pub struct Source {
    w: u32,
    h: u32,
    linear: Vec<[f32; 3]>,
}

impl Source {
    pub fn new(img: &RgbImage) -> Self {
        let lut: Vec<f32> = (0..256)
            .map(|v| srgb_to_linear(v as f64 / 255.0) as f32)
            .collect();
        Self {
            w: img.width(),
            h: img.height(),
            linear: img.pixels().map(|p| p.0.map(|c| lut[c as usize])).collect(),
        }
    }

    fn at(&self, x: i64, y: i64) -> [f32; 3] {
        let x = x.clamp(0, self.w as i64 - 1) as usize;
        let y = y.clamp(0, self.h as i64 - 1) as usize;
        self.linear[y * self.w as usize + x]
    }

    /// Bilinear, clamped at the edges.
    fn sample(&self, p: Point) -> [f64; 3] {
        let (x0, y0) = (p.x.floor(), p.y.floor());
        let (fx, fy) = (p.x - x0, p.y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let mut out = [0.0; 3];
        for (dx, dy, w) in [
            (0, 0, (1.0 - fx) * (1.0 - fy)),
            (1, 0, fx * (1.0 - fy)),
            (0, 1, (1.0 - fx) * fy),
            (1, 1, fx * fy),
        ] {
            let v = self.at(x0 + dx, y0 + dy);
            for c in 0..3 {
                out[c] += w * v[c] as f64;
            }
        }
        out
    }
}

/// Fine skin texture attached to the face: band-limited noise of unit spread over the
/// canonical frame (pores and fine lines at 3–8 px), the same in every photo.
pub struct Texture {
    field: Vec<f32>,
}

impl Texture {
    pub fn new(seed: u64) -> Self {
        let (w, h) = (CANON_W as usize, CANON_H as usize);
        let mut rng = Rng::new(seed);
        let mut f: Vec<f32> = (0..w * h).map(|_| rng.normal() as f32).collect();
        for _ in 0..2 {
            f = box_blur(&f, w, h, 2);
        }
        let mean = f.iter().map(|&v| v as f64).sum::<f64>() / f.len() as f64;
        let var = f.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / f.len() as f64;
        let sd = var.sqrt().max(1e-9);
        Self {
            field: f.iter().map(|&v| ((v as f64 - mean) / sd) as f32).collect(),
        }
    }

    fn at(&self, p: Point) -> f64 {
        let x = (p.x.round() as i64).clamp(0, CANON_W as i64 - 1) as usize;
        let y = (p.y.round() as i64).clamp(0, CANON_H as i64 - 1) as usize;
        self.field[y * CANON_W as usize + x] as f64
    }
}

fn box_blur(src: &[f32], w: usize, h: usize, r: usize) -> Vec<f32> {
    let n = (2 * r + 1) as f32;
    let mut tmp = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut s = 0.0;
            for k in x.saturating_sub(r)..(x + r + 1).min(w) {
                s += src[y * w + k];
            }
            tmp[y * w + x] = s / n;
        }
    }
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut s = 0.0;
            for k in y.saturating_sub(r)..(y + r + 1).min(h) {
                s += tmp[k * w + x];
            }
            out[y * w + x] = s / n;
        }
    }
    out
}

/// Soft elliptical blob, 1 at the centre.
fn gaussian(p: Point, centre: (f64, f64), sigma: (f64, f64)) -> f64 {
    let (dx, dy) = ((p.x - centre.0) / sigma.0, (p.y - centre.1) / sigma.1);
    (-0.5 * (dx * dx + dy * dy)).exp()
}

/// Soft-edged ellipse mask.
fn skin_mask(p: Point) -> f64 {
    let (dx, dy) = (
        (p.x - SKIN_CENTRE.0) / SKIN_RADII.0,
        (p.y - SKIN_CENTRE.1) / SKIN_RADII.1,
    );
    let r = (dx * dx + dy * dy).sqrt();
    ((1.1 - r) / 0.2).clamp(0.0, 1.0)
}

/// Redness added in linear light at full strength: red up a little, green and blue down.
pub const REDNESS_GAINS: [f64; 3] = [0.10, -0.28, -0.18];
/// A pigmented patch's optical density per unit `pigment`: melanin's absorption as λ^−3 at
/// 600, 540 and 460 nm (1 : 1.37 : 2.23) — a plausible melanin spectrum, deliberately not the
/// one the measurement assumes (λ^−3.46 at 610, 545 and 465 nm), so the sample does not grade
/// the app's own model.
pub const PIGMENT_PATCH_OD: [f64; 3] = [0.358, 0.491, 0.794];
/// The patch: on the person's left cheek (the picture's right), on the cheekbone a little
/// above and inside the flush's centre — where the default cheek region sits — canonical
/// frame.
pub const PIGMENT_PATCH_CENTRE: (f64, f64) = (740.0, 650.0);
const PIGMENT_PATCH_SIGMA: (f64, f64) = (70.0, 80.0);
/// Texture amplitude on linear luminance at amplitude 1.
pub const TEXTURE_DEPTH: f64 = 0.07;

pub fn render(source: &Source, texture: &Texture, v: &Variation, rng: &mut Rng) -> RgbImage {
    let canonical_from_photo = v
        .photo_from_canonical
        .inverse()
        .unwrap_or(Affine2::IDENTITY);
    let source_from_canonical = source_from_canonical();
    let (gs, gc) = v.gradient_direction.sin_cos();
    let diag = ((v.width as f64).powi(2) + (v.height as f64).powi(2)).sqrt();
    let mut out = RgbImage::new(v.width, v.height);
    for (y, row) in out.rows_mut().enumerate() {
        for (x, px) in row.enumerate() {
            let q = Point::new(x as f64, y as f64);
            let c = canonical_from_photo.apply(q);
            let mut rgb = source.sample(source_from_canonical.apply(c));
            if v.redness > 0.0 {
                let m = v.redness
                    * CHEEKS
                        .iter()
                        .map(|&ch| gaussian(c, ch, CHEEK_SIGMA))
                        .sum::<f64>()
                        .min(1.0);
                for k in 0..3 {
                    rgb[k] *= 1.0 + REDNESS_GAINS[k] * m;
                }
            }
            let skin = skin_mask(c);
            if v.pigment > 0.0 {
                let m = v.pigment * skin * gaussian(c, PIGMENT_PATCH_CENTRE, PIGMENT_PATCH_SIGMA);
                for k in 0..3 {
                    rgb[k] *= 10f64.powf(-m * PIGMENT_PATCH_OD[k]);
                }
            }
            if skin > 0.0 {
                let t = 1.0 + TEXTURE_DEPTH * v.texture * skin * texture.at(c);
                for ch in &mut rgb {
                    *ch *= t;
                }
            }
            let u = ((q.x - v.width as f64 / 2.0) * gc + (q.y - v.height as f64 / 2.0) * gs) / diag;
            let light = v.exposure * (1.0 + v.gradient_strength * u);
            let mut pixel = [0u8; 3];
            for k in 0..3 {
                let s =
                    linear_to_srgb(rgb[k] * light * v.wb[k]) * 255.0 + v.noise_sigma * rng.normal();
                pixel[k] = s.round().clamp(0.0, 255.0) as u8;
            }
            *px = Rgb(pixel);
        }
    }
    out
}
