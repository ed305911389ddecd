//! One photo's a* (after its white balance), averaged over small blocks of its preview and
//! smoothed there, ready to be sampled anywhere in the reference frame: what makes the
//! redness-change map quick at any size.
//!
//! The map is smoothed anyway (photo noise and pores are not redness changes), so its a* need
//! not be computed for every frame pixel: a Gaussian of σ frame pixels passes almost nothing
//! finer than a block of about σ preview pixels. Each photo's a* is therefore computed once
//! per preview pixel (8-bit tables, no cube root per pixel), averaged over blocks, smoothed
//! with what is left of σ, and then only interpolated for each frame pixel.
//! `heatmap::redness_change` is the per-frame-pixel definition this is checked against.

use image::RgbImage;
use rayon::prelude::*;

use super::colour::{D65_WHITE, EPSILON, KAPPA, XYZ_FROM_LINEAR_SRGB, srgb8_to_linear};
use super::measure::CLIPPED_LEVEL;
use super::texture::{Plane, gaussian_blur};
use super::white_balance::WhiteBalance;
use crate::geometry::{Affine2, Point};

/// Entries of the table that stands in for CIELAB's cube root.
const LAB_F_ENTRIES: usize = 4096;

/// a* from 8-bit sRGB under one white balance, from tables: linear light per 8-bit value
/// with the balance's gain applied, and CIELAB's f interpolated instead of a cube root.
/// Within 0.02 of `a_star_of_linear` (tested).
pub struct AStarLookup {
    /// Linear R, G and B (gain applied) for each 8-bit value.
    linear: [[f32; 256]; 3],
    /// CIELAB's f on `LAB_F_ENTRIES + 1` evenly spaced points of [0, `f_max`].
    f: Vec<f32>,
    /// Table index per unit of X/Xn or Y.
    f_scale: f32,
}

impl AStarLookup {
    /// The tables for pixels corrected by `white_balance`.
    pub fn new(white_balance: &WhiteBalance) -> Self {
        let linear = [0, 1, 2]
            .map(|c| std::array::from_fn(|v| srgb8_to_linear(v as u8) * white_balance.gains[c]));
        // The largest X/Xn or Y a colour can reach, so every lookup stays inside the table.
        let m = &XYZ_FROM_LINEAR_SRGB;
        let top = |row: usize, white: f64| -> f64 {
            (0..3)
                .map(|c| (m[row][c] * f64::from(white_balance.gains[c])).max(0.0))
                .sum::<f64>()
                / white
        };
        let f_max = top(0, D65_WHITE[0]).max(top(1, 1.0)).max(1e-3) * 1.001;
        let f_scale = (LAB_F_ENTRIES as f64 / f_max) as f32;
        let f = (0..=LAB_F_ENTRIES + 1)
            .map(|i| {
                let t = i as f64 / f64::from(f_scale);
                (if t > EPSILON {
                    t.cbrt()
                } else {
                    (KAPPA * t + 16.0) / 116.0
                }) as f32
            })
            .collect();
        Self { linear, f, f_scale }
    }

    #[inline]
    fn lab_f(&self, t: f32) -> f32 {
        let at = (t.max(0.0) * self.f_scale).min(LAB_F_ENTRIES as f32);
        let i = at as usize;
        let frac = at - i as f32;
        self.f[i] + frac * (self.f[i + 1] - self.f[i])
    }

    /// Linear light of the sRGB pixel `p` after the white balance.
    #[inline]
    pub fn linear(&self, p: [u8; 3]) -> [f32; 3] {
        [0, 1, 2].map(|c| self.linear[c][usize::from(p[c])])
    }

    /// a* of a colour in (balanced) linear light.
    #[inline]
    pub fn a_star_of_linear(&self, rgb: [f32; 3]) -> f32 {
        let m = &XYZ_FROM_LINEAR_SRGB;
        let row = |r: usize| {
            (m[r][0] as f32) * rgb[0] + (m[r][1] as f32) * rgb[1] + (m[r][2] as f32) * rgb[2]
        };
        let x = row(0) / D65_WHITE[0] as f32;
        500.0 * (self.lab_f(x) - self.lab_f(row(1)))
    }

    /// a* of the sRGB pixel `p` after the white balance (the blocks use the mean of their
    /// pixels' linear light instead).
    #[cfg(test)]
    pub fn a_star(&self, p: [u8; 3]) -> f32 {
        self.a_star_of_linear(self.linear(p))
    }
}

/// A photo's smoothed a*, one sample per block of its preview; NaN where a block has no
/// unclipped pixel.
pub struct AStarField {
    plane: Plane,
    /// Field coordinates (sample centres at whole numbers) of each preview pixel centre.
    field_from_preview: Affine2,
}

/// How finely to compute a map smoothed by `sigma` preview pixels: the block side in preview
/// pixels, and the Gaussian σ (in blocks) that, with the block average and the final
/// interpolation, smooths by about `sigma` in all.
pub fn block_and_sigma(sigma: f32) -> (usize, f32) {
    let sigma = sigma.max(0.0);
    // A block average adds a variance of (b² − 1)/12 and bilinear interpolation about b²/6;
    // blocks are kept small enough that these stay within 60 % of σ².
    let block = ((2.4 * sigma * sigma + 1.0 / 3.0).sqrt().floor() as usize).clamp(1, 8);
    let b = block as f32;
    let left = sigma * sigma - (b * b - 1.0) / 12.0 - if block > 1 { b * b / 6.0 } else { 0.0 };
    (block, left.max(0.0).sqrt() / b)
}

impl AStarField {
    /// a* of `preview` corrected by `white_balance`, averaged over `block`×`block` pixels and
    /// smoothed by a Gaussian of `sigma` blocks (normalised: clipped pixels do not bleed in).
    pub fn new(preview: &RgbImage, white_balance: &WhiteBalance, block: usize, sigma: f32) -> Self {
        let lookup = AStarLookup::new(white_balance);
        let block = block.max(1);
        let (pw, ph) = (preview.width() as usize, preview.height() as usize);
        let (fw, fh) = (pw.div_ceil(block), ph.div_ceil(block));
        let raw = preview.as_raw();
        // a* of each block's mean colour in linear light (as a camera with larger pixels would
        // see it), over its unclipped pixels; one block row per task.
        let mut a_star = vec![0f32; fw * fh];
        let mut counts = vec![0f32; fw * fh];
        a_star
            .par_chunks_mut(fw.max(1))
            .zip(counts.par_chunks_mut(fw.max(1)))
            .enumerate()
            .for_each(|(by, (a_row, count_row))| {
                let mut sums = vec![[0f32; 3]; fw];
                for y in by * block..((by + 1) * block).min(ph) {
                    let row = &raw[y * pw * 3..(y + 1) * pw * 3];
                    for (x, p) in row.chunks_exact(3).enumerate() {
                        if p[0].max(p[1]).max(p[2]) >= CLIPPED_LEVEL {
                            continue;
                        }
                        let i = x / block;
                        let l = lookup.linear([p[0], p[1], p[2]]);
                        for c in 0..3 {
                            sums[i][c] += l[c];
                        }
                        count_row[i] += 1.0;
                    }
                }
                for ((a, sum), &n) in a_row.iter_mut().zip(&sums).zip(count_row.iter()) {
                    if n > 0.0 {
                        // Weighted by the unclipped pixels it holds, for the normalised blur.
                        *a = n * lookup.a_star_of_linear(sum.map(|v| v / n));
                    }
                }
            });
        let num = gaussian_blur(&Plane::new(fw, fh, a_star), sigma);
        let den = gaussian_blur(&Plane::new(fw, fh, counts.clone()), sigma);
        let data = (0..fw * fh)
            .map(|i| {
                if counts[i] > 0.0 {
                    num.data[i] / den.data[i].max(1e-6)
                } else {
                    f32::NAN
                }
            })
            .collect();
        // Block k's centre sits at preview coordinate k·block + (block − 1)/2.
        let b = block as f64;
        let field_from_preview =
            Affine2::scale(1.0 / b) * Affine2::translation(-(b - 1.0) / 2.0, -(b - 1.0) / 2.0);
        Self {
            plane: Plane::new(fw, fh, data),
            field_from_preview,
        }
    }

    /// Where to read this field for frame pixels, given where they fall in the preview.
    pub fn field_from_frame(&self, preview_from_frame: &Affine2) -> Affine2 {
        self.field_from_preview * *preview_from_frame
    }

    /// The field at (`u`, `v`) by bilinear interpolation; NaN outside it or beside a missing
    /// sample. Positions up to half a block beyond the outer samples read the edge.
    #[inline]
    fn sample(&self, u: f32, v: f32) -> f32 {
        let (w, h) = (self.plane.width, self.plane.height);
        let (max_u, max_v) = ((w - 1) as f32, (h - 1) as f32);
        // Written so that NaN coordinates fail too.
        if !(u >= -0.5 && v >= -0.5 && u <= max_u + 0.5 && v <= max_v + 0.5) {
            return f32::NAN;
        }
        let (u, v) = (u.clamp(0.0, max_u), v.clamp(0.0, max_v));
        let (x0, y0) = (u as usize, v as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (u - x0 as f32, v - y0 as f32);
        let d = &self.plane.data;
        let top = d[y0 * w + x0] * (1.0 - fx) + d[y0 * w + x1] * fx;
        let bottom = d[y1 * w + x0] * (1.0 - fx) + d[y1 * w + x1] * fx;
        top * (1.0 - fy) + bottom * fy
    }
}

/// `after − before` for each pixel of a `width`×`height` grid, the fields read through
/// `*_from_grid` (from `AStarField::field_from_frame`); NaN where either has no value.
///
/// Where the fields' samples lie several grid pixels apart, the difference is read on every
/// `step`-th pixel only and interpolated between: the fields are themselves interpolated
/// between their samples, so this changes the map by far less than its noise and saves most
/// of the work on a large map.
pub fn sample_difference(
    before: &AStarField,
    before_from_grid: &Affine2,
    after: &AStarField,
    after_from_grid: &Affine2,
    width: usize,
    height: usize,
) -> Vec<f32> {
    if width == 0 || height == 0 {
        return Vec::new();
    }
    // Grid pixels between neighbouring field samples, the finer field's.
    let spacing = |t: &Affine2| 1.0 / t.mean_scale().max(1e-9);
    let step = (spacing(before_from_grid)
        .min(spacing(after_from_grid))
        .floor() as usize)
        .clamp(1, 4);
    // Every step-th pixel and the last, then interpolated along columns and rows.
    let positions = |n: usize| -> Vec<usize> {
        let mut p: Vec<usize> = (0..n).step_by(step).collect();
        if p.last() != Some(&(n - 1)) {
            p.push(n - 1);
        }
        p
    };
    let (xs, ys) = (positions(width), positions(height));
    if step == 1 {
        return sample_at(before, before_from_grid, after, after_from_grid, &xs, &ys);
    }
    let coarse = sample_at(before, before_from_grid, after, after_from_grid, &xs, &ys);
    let cw = xs.len();
    // For each pixel along a line: the sample before it and how far it is towards the next.
    let between = |n: usize, at: &[usize]| -> Vec<(usize, f32)> {
        (0..n)
            .map(|v| {
                let i = (v / step).min(at.len().saturating_sub(2));
                let span = at.get(i + 1).map_or(1, |next| next - at[i]).max(1);
                (i, (v - at[i]) as f32 / span as f32)
            })
            .collect()
    };
    let (across, down) = (between(width, &xs), between(height, &ys));
    let mut out = vec![f32::NAN; width * height];
    out.par_chunks_mut(width)
        .zip(&down)
        .for_each(|(row, &(j, fy))| {
            let top = &coarse[j * cw..(j + 1) * cw];
            let bottom = coarse.get((j + 1) * cw..(j + 2) * cw).unwrap_or(top);
            let column: Vec<f32> = top
                .iter()
                .zip(bottom)
                .map(|(t, b)| t + (b - t) * fy)
                .collect();
            for (o, &(i, fx)) in row.iter_mut().zip(&across) {
                let next = column.get(i + 1).copied().unwrap_or(column[i]);
                *o = column[i] + (next - column[i]) * fx;
            }
        });
    out
}

/// `after − before` at grid pixels (`xs`[i], `ys`[j]), row by row.
fn sample_at(
    before: &AStarField,
    before_from_grid: &Affine2,
    after: &AStarField,
    after_from_grid: &Affine2,
    xs: &[usize],
    ys: &[usize],
) -> Vec<f32> {
    let mut out = vec![f32::NAN; xs.len() * ys.len()];
    out.par_chunks_mut(xs.len()).zip(ys).for_each(|(row, &y)| {
        let start = |t: &Affine2| t.apply(Point::new(0.0, y as f64));
        let (b0, a0) = (start(before_from_grid), start(after_from_grid));
        // Along a row, x pixels add x times the first column of each matrix.
        let (bx, by) = (before_from_grid.m[0][0], before_from_grid.m[1][0]);
        let (ax, ay) = (after_from_grid.m[0][0], after_from_grid.m[1][0]);
        for (o, &x) in row.iter_mut().zip(xs) {
            let x = x as f64;
            let b = before.sample((b0.x + bx * x) as f32, (b0.y + by * x) as f32);
            let a = after.sample((a0.x + ax * x) as f32, (a0.y + ay * x) as f32);
            *o = a - b;
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::colour::{a_star_of_linear, srgb8_pixel_to_linear};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_tables_give_the_a_star_of_the_formula(
            r in 0u8..=255, g in 0u8..=255, b in 0u8..=255,
            gr in 0.7f32..1.4, gg in 0.7f32..1.4, gb in 0.7f32..1.4,
        ) {
            let wb = WhiteBalance { gains: [gr, gg, gb] };
            let exact = a_star_of_linear(wb.apply(srgb8_pixel_to_linear([r, g, b])));
            let table = AStarLookup::new(&wb).a_star([r, g, b]);
            prop_assert!((exact - table).abs() < 0.02, "{exact} against {table}");
        }
    }

    #[test]
    fn blocks_stay_finer_than_the_smoothing() {
        assert_eq!(block_and_sigma(0.0), (1, 0.0));
        assert_eq!(block_and_sigma(0.5).0, 1);
        let (block, sigma) = block_and_sigma(1.56);
        assert_eq!(block, 2);
        assert!(sigma > 0.4 && sigma < 0.8, "{sigma}");
        let (block, sigma) = block_and_sigma(6.25);
        assert_eq!(block, 8);
        // What is left is at least half a block: the field stays smooth between samples.
        assert!(sigma > 0.5, "{sigma}");
    }

    #[test]
    fn a_flat_field_reads_the_same_everywhere_inside_and_nan_outside() {
        let preview = RgbImage::from_pixel(9, 7, image::Rgb([200, 140, 120]));
        let wb = WhiteBalance::default();
        let exact = a_star_of_linear(srgb8_pixel_to_linear([200, 140, 120]));
        let field = AStarField::new(&preview, &wb, 2, 0.7);
        let t = field.field_from_frame(&Affine2::IDENTITY);
        let twice = sample_difference(&field, &t, &field, &t, 9, 7);
        assert!(twice.iter().all(|d| d.abs() < 1e-4));
        for (x, y) in [(0.0, 0.0), (8.0, 6.0), (4.3, 2.7)] {
            let p = t.apply(Point::new(x, y));
            assert!((field.sample(p.x as f32, p.y as f32) - exact).abs() < 0.02);
        }
        let outside = t.apply(Point::new(11.0, 3.0));
        assert!(field.sample(outside.x as f32, outside.y as f32).is_nan());
    }

    #[test]
    fn a_clipped_block_is_missing_not_averaged_in() {
        let mut preview = RgbImage::from_pixel(8, 2, image::Rgb([200, 140, 120]));
        for y in 0..2 {
            for x in 6..8 {
                preview.put_pixel(x, y, image::Rgb([255, 255, 255]));
            }
        }
        let field = AStarField::new(&preview, &WhiteBalance::default(), 2, 0.0);
        assert!(field.plane.data[3].is_nan());
        assert!(field.plane.data[..3].iter().all(|v| v.is_finite()));
    }
}
