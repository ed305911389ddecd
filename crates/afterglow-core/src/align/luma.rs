//! Luminance planes for alignment: one area-averaging pass from the decoded RGB photo down to
//! the working size (the only time the full-resolution pixels are read) and 2× pyramid
//! reductions.

use image::{GrayImage, Luma, RgbImage};

use crate::geometry::Affine2;
use crate::imaging::GrayF32;

/// Rec. 601 luma weights, scaled for 8-bit input. Alignment only needs a stable grey; ECC's
/// photometric terms make the exact weights unimportant.
const LUMA: [f32; 3] = [0.299 / 255.0, 0.587 / 255.0, 0.114 / 255.0];

/// The size of an image shrunk by `factor` (input pixels per output pixel, at least 1) in one
/// pass: whole output pixels only, so every one covers input on both axes. (`luma_shrink`'s
/// two passes may drop one more trailing row or column.)
pub fn shrunk_size(w: u32, h: u32, factor: f64) -> (u32, u32) {
    let f = factor.max(1.0);
    (
        ((w as f64 / f).floor() as u32).max(1),
        ((h as f64 / f).floor() as u32).max(1),
    )
}

/// Maps input pixel coordinates to those of the image shrunk by `factor`, honouring pixel
/// centres (`x_out = (x_in + 0.5)/factor − 0.5`). The same factor on both axes keeps it a
/// similarity: rounding each axis to whole pixels separately would stretch one axis by up to
/// a pixel's worth, which ECC's similarity model could not follow (0.1 % here is 0.4 px at
/// the corners of a 1024-px image).
pub fn shrink_transform(factor: f64) -> Affine2 {
    let s = 1.0 / factor.max(1.0);
    Affine2 {
        m: [[s, 0.0, 0.5 * s - 0.5], [0.0, s, 0.5 * s - 0.5]],
    }
}

/// Area-averaging taps along one axis: output `o` covers input `[o·f, (o + 1)·f)`, starting at
/// input `first[o]` with `stride` weights (trailing ones zero).
struct Taps {
    first: Vec<usize>,
    weights: Vec<f32>,
    stride: usize,
}

impl Taps {
    fn new(src: u32, dst: u32, factor: f64) -> Self {
        let f = factor.max(1.0);
        let stride = f.ceil() as usize + 1;
        let mut first = Vec::with_capacity(dst as usize);
        let mut weights = vec![0f32; dst as usize * stride];
        for o in 0..dst as usize {
            let start = o as f64 * f;
            let end = start + f;
            let i0 = (start.floor() as usize).min(src as usize - 1);
            first.push(i0);
            for (k, w) in weights[o * stride..(o + 1) * stride].iter_mut().enumerate() {
                let i = i0 + k;
                if i >= src as usize {
                    break;
                }
                let lo = (i as f64).max(start);
                let hi = ((i + 1) as f64).min(end);
                *w = ((hi - lo).max(0.0) / f) as f32;
            }
        }
        Self {
            first,
            weights,
            stride,
        }
    }

    /// Applies the taps to one row.
    fn apply(&self, src: &[f32], dst: &mut [f32]) {
        for ((d, &i0), w) in dst
            .iter_mut()
            .zip(&self.first)
            .zip(self.weights.chunks_exact(self.stride))
        {
            *d = w.iter().zip(&src[i0..]).map(|(a, b)| a * b).sum();
        }
    }

    /// For each input index, the outputs it feeds and with what weight, so that input rows can
    /// be streamed once.
    fn by_input(&self, src: u32) -> Vec<Vec<(usize, f32)>> {
        let mut out = vec![Vec::new(); src as usize];
        for (o, (&i0, w)) in self
            .first
            .iter()
            .zip(self.weights.chunks_exact(self.stride))
            .enumerate()
        {
            for (k, &wk) in w.iter().enumerate() {
                if wk > 0.0 && i0 + k < src as usize {
                    out[i0 + k].push((o, wk));
                }
            }
        }
        out
    }
}

/// Area-shrinks a `src_w`×`src_h` plane whose rows `fill_row(y, row)` provides, reading each
/// row once.
fn shrink_rows(
    src_w: u32,
    src_h: u32,
    factor: f64,
    mut fill_row: impl FnMut(usize, &mut [f32]),
) -> GrayF32 {
    let (width, height) = shrunk_size(src_w, src_h, factor);
    let tx = Taps::new(src_w, width, factor);
    let ty = Taps::new(src_h, height, factor).by_input(src_h);
    let mut out = vec![0f32; width as usize * height as usize];
    let mut row = vec![0f32; src_w as usize];
    let mut hrow = vec![0f32; width as usize];
    for (y, feeds) in ty.iter().enumerate() {
        if feeds.is_empty() {
            continue;
        }
        fill_row(y, &mut row);
        tx.apply(&row, &mut hrow);
        for &(o, wo) in feeds {
            let dst = &mut out[o * width as usize..(o + 1) * width as usize];
            for (d, h) in dst.iter_mut().zip(&hrow) {
                *d += wo * h;
            }
        }
    }
    GrayF32::from_raw(width, height, out).unwrap_or_else(|| GrayF32::new(width, height))
}

/// Luminance (0–1) of whole `k`×`k` blocks: integer sums, so a 12-megapixel photo goes by in
/// a few milliseconds. Its mapping is `shrink_transform(k)`.
fn luma_box(img: &RgbImage, k: u32) -> GrayF32 {
    let (w, h) = img.dimensions();
    let (ow, oh) = ((w / k).max(1), (h / k).max(1));
    let (k, used) = (k as usize, (ow * k) as usize * 3);
    let raw = img.as_raw();
    let stride = w as usize * 3;
    // Column sums of k rows fit in u16 for k ≤ 257.
    let mut acc = vec![0u16; used];
    let mut out = Vec::with_capacity(ow as usize * oh as usize);
    let norm = 1.0 / (k * k) as f32;
    for oy in 0..oh as usize {
        acc.fill(0);
        for r in 0..k {
            let y = (oy * k + r).min(h as usize - 1);
            for (a, &v) in acc.iter_mut().zip(&raw[y * stride..y * stride + used]) {
                *a += u16::from(v);
            }
        }
        for block in acc.chunks_exact(3 * k) {
            let mut sum = [0u32; 3];
            for px in block.chunks_exact(3) {
                sum[0] += u32::from(px[0]);
                sum[1] += u32::from(px[1]);
                sum[2] += u32::from(px[2]);
            }
            out.push(
                norm * (LUMA[0] * sum[0] as f32
                    + LUMA[1] * sum[1] as f32
                    + LUMA[2] * sum[2] as f32),
            );
        }
    }
    GrayF32::from_raw(ow, oh, out).unwrap_or_else(|| GrayF32::new(ow, oh))
}

/// Shrinks `img` by `factor` (≥ 1) to luminance in 0–1 by area averaging, reading each source
/// pixel once: whole blocks first when the factor allows, then the fractional rest.
pub fn luma_shrink(img: &RgbImage, factor: f64) -> GrayF32 {
    let f = factor.max(1.0);
    let k = f.floor() as u32;
    if (2..=257).contains(&k) {
        // shrink(f) = shrink(f/k) ∘ shrink(k), exactly, for the pixel-centre mapping.
        let boxed = luma_box(img, k);
        let rest = f / f64::from(k);
        return if rest <= 1.0 + 1e-12 {
            boxed
        } else {
            gray_shrink(&boxed, rest)
        };
    }
    let (w, h) = img.dimensions();
    let raw = img.as_raw();
    shrink_rows(w, h, f, |y, row| {
        let src = &raw[y * w as usize * 3..(y + 1) * w as usize * 3];
        for (l, p) in row.iter_mut().zip(src.chunks_exact(3)) {
            *l = LUMA[0] * f32::from(p[0]) + LUMA[1] * f32::from(p[1]) + LUMA[2] * f32::from(p[2]);
        }
    })
}

/// Shrinks a float plane by `factor` (≥ 1) by area averaging.
pub fn gray_shrink(img: &GrayF32, factor: f64) -> GrayF32 {
    let (w, h) = img.dimensions();
    let raw = img.as_raw();
    shrink_rows(w, h, factor, |y, row| {
        row.copy_from_slice(&raw[y * w as usize..(y + 1) * w as usize]);
    })
}

/// A `GrayImage` (0–255) as luminance in 0–1.
pub fn gray_to_f32(img: &GrayImage) -> GrayF32 {
    let data = img.as_raw().iter().map(|&v| f32::from(v) / 255.0).collect();
    GrayF32::from_raw(img.width(), img.height(), data)
        .unwrap_or_else(|| GrayF32::new(img.width(), img.height()))
}

/// Luminance in 0–1 as an 8-bit grey image (for the face detector).
pub fn f32_to_gray(img: &GrayF32) -> GrayImage {
    let data = img
        .as_raw()
        .iter()
        .map(|&v| (v * 255.0).round().clamp(0.0, 255.0) as u8)
        .collect();
    GrayImage::from_raw(img.width(), img.height(), data)
        .unwrap_or_else(|| GrayImage::from_pixel(img.width(), img.height(), Luma([0])))
}

/// Halves a plane by averaging 2×2 blocks (an odd last row or column is dropped). Pixel `i`
/// of the result sits at `2i + 0.5` of the input.
pub fn reduce(img: &GrayF32) -> GrayF32 {
    let (w, h) = img.dimensions();
    let (ow, oh) = ((w / 2).max(1), (h / 2).max(1));
    let raw = img.as_raw();
    let w = w as usize;
    let mut out = Vec::with_capacity(ow as usize * oh as usize);
    for oy in 0..oh as usize {
        let y0 = (2 * oy).min(h as usize - 1);
        let y1 = (2 * oy + 1).min(h as usize - 1);
        let (r0, r1) = (&raw[y0 * w..(y0 + 1) * w], &raw[y1 * w..(y1 + 1) * w]);
        for ox in 0..ow as usize {
            let x0 = (2 * ox).min(w - 1);
            let x1 = (2 * ox + 1).min(w - 1);
            out.push(0.25 * (r0[x0] + r0[x1] + r1[x0] + r1[x1]));
        }
    }
    GrayF32::from_raw(ow, oh, out).unwrap_or_else(|| GrayF32::new(ow, oh))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn luma_of_white_is_one_and_flat_stays_flat() {
        let img = RgbImage::from_pixel(30, 20, Rgb([255, 255, 255]));
        let out = luma_shrink(&img, 30.0 / 7.0);
        assert!(out.width() >= 6 && out.height() >= 4);
        assert!(out.pixels().all(|p| (p.0[0] - 1.0).abs() < 1e-5));
    }

    #[test]
    fn luma_halving_averages_blocks() {
        // Left column black, right column white: the 1×1 result is their mean.
        let img = RgbImage::from_raw(2, 1, vec![0, 0, 0, 255, 255, 255]).unwrap();
        let out = luma_shrink(&img, 2.0);
        assert!((out.get_pixel(0, 0).0[0] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn shrinking_follows_the_pixel_centre_mapping() {
        // A horizontal ramp (value = 3·x at pixel centre x): every output pixel holds about the
        // ramp's value where `shrink_transform` says its centre comes from. Pixels are flat
        // steps, so a partly covered one is off by up to a fraction of a step, never on
        // average. Factor 1.7 takes the one-pass path, 2.5 and 3.9375 the two-pass one.
        let img = RgbImage::from_fn(83, 9, |x, _| Rgb([(3 * x) as u8; 3]));
        for factor in [1.0, 1.7, 2.5, 3.9375] {
            let out = luma_shrink(&img, factor);
            let input_from_output = shrink_transform(factor).inverse().unwrap();
            let errors: Vec<f64> = (0..out.width())
                .map(|x| {
                    let at = input_from_output
                        .apply(crate::geometry::Point::new(f64::from(x), 0.0))
                        .x;
                    f64::from(out.get_pixel(x, 1).0[0]) * 255.0 / 3.0 - at
                })
                .collect();
            let mean = errors.iter().sum::<f64>() / errors.len() as f64;
            let worst = errors.iter().fold(0f64, |m, e| m.max(e.abs()));
            assert!(
                worst < 0.3 && mean.abs() < 0.02,
                "factor {factor}: worst {worst}, mean {mean}"
            );
        }
    }

    #[test]
    fn reduce_averages_two_by_two() {
        let img = GrayF32::from_raw(2, 2, vec![0.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(reduce(&img).into_raw(), vec![1.5]);
    }
}
