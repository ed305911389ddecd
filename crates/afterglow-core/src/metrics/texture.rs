//! A texture index: band-pass roughness of luminance.
//!
//! Log luminance is filtered by a difference of Gaussians (fine σ minus coarse σ), which
//! keeps pores, fine lines and bumps and drops both pixel noise finer than the fine σ and
//! shading broader than the coarse σ. The index is 100 × the standard deviation of that
//! band inside the region: roughly "percent of local contrast". Because the filter works on
//! log luminance and a Gaussian of a constant is the same constant, a global gain
//! (exposure) adds a constant that the difference removes: the index does not change.
//!
//! Pixels outside the photo are left out by normalised convolution (the filter of
//! value·weight divided by the filter of weight), so the photo's edge is not "texture".

use serde::{Deserialize, Serialize};

/// Scales of the band-pass filter, in reference-frame pixels. Every photo is measured in the
/// same frame, so the scales mean the same skin in every photo.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextureParams {
    /// The smaller Gaussian's sigma in pixels: finer detail (noise, JPEG blocks) is smoothed away.
    pub fine_sigma: f32,
    /// The larger Gaussian's sigma in pixels: broader shading (light, face shape) is removed.
    pub coarse_sigma: f32,
}

impl Default for TextureParams {
    fn default() -> Self {
        Self {
            fine_sigma: 1.0,
            coarse_sigma: 4.0,
        }
    }
}

impl TextureParams {
    /// How far beyond a region the filter reads, in pixels.
    pub fn margin(&self) -> u32 {
        kernel_radius(self.coarse_sigma) as u32
    }
}

/// Luminance floor before the log: darker pixels are noise, and the floor keeps ln finite.
pub const LUMINANCE_FLOOR: f32 = 1e-3;

/// ln of a linear luminance, floored.
#[inline]
pub fn log_luminance(y: f32) -> f32 {
    y.max(LUMINANCE_FLOOR).ln()
}

/// A single-channel float image as a plain row-major buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    /// Width in samples.
    pub width: usize,
    /// Height in samples.
    pub height: usize,
    /// The samples, row by row.
    pub data: Vec<f32>,
}

impl Plane {
    /// A plane of `data` (`width` × `height` samples, row by row).
    pub fn new(width: usize, height: usize, data: Vec<f32>) -> Self {
        debug_assert_eq!(data.len(), width * height);
        Self {
            width,
            height,
            data,
        }
    }

    /// A plane with every sample `v`.
    pub fn filled(width: usize, height: usize, v: f32) -> Self {
        Self::new(width, height, vec![v; width * height])
    }
}

fn kernel_radius(sigma: f32) -> usize {
    (3.0 * sigma.max(0.0)).ceil() as usize
}

fn gaussian_kernel(sigma: f32) -> Vec<f32> {
    let r = kernel_radius(sigma) as i32;
    if r == 0 {
        return vec![1.0];
    }
    let k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f32 = k.iter().sum();
    k.into_iter().map(|v| v / sum).collect()
}

/// Separable Gaussian blur with zeros beyond the edges (for normalised convolution, where
/// the weights are blurred the same way, zeros are exactly right). Kept rather than
/// `imageproc::filter::gaussian_blur_f32`: on 1024×1024 it takes 35.7 ms against imageproc's
/// 67.2 ms at σ = 4 (12.3 against 13.6 ms at σ = 1); imageproc cuts its kernel at 2σ (values
/// differ by up to 0.009 on a 0–1 scale) and replicates the edge, which the normalised
/// convolution must not (`cargo bench --manifest-path evaluations/imageproc/Cargo.toml`).
pub fn gaussian_blur(plane: &Plane, sigma: f32) -> Plane {
    let k = gaussian_kernel(sigma);
    let r = k.len() / 2;
    let (w, h) = (plane.width, plane.height);
    let mut tmp = vec![0f32; w * h];
    for y in 0..h {
        let row = &plane.data[y * w..(y + 1) * w];
        let out = &mut tmp[y * w..(y + 1) * w];
        for (x, o) in out.iter_mut().enumerate() {
            let lo = x.saturating_sub(r);
            let hi = (x + r).min(w - 1);
            let mut acc = 0.0;
            for (i, v) in row[lo..=hi].iter().enumerate() {
                acc += k[lo + i + r - x] * v;
            }
            *o = acc;
        }
    }
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        let lo = y.saturating_sub(r);
        let hi = (y + r).min(h - 1);
        let dst = &mut out[y * w..(y + 1) * w];
        for yy in lo..=hi {
            let kv = k[yy + r - y];
            let src = &tmp[yy * w..(yy + 1) * w];
            for (d, s) in dst.iter_mut().zip(src) {
                *d += kv * s;
            }
        }
    }
    Plane::new(w, h, out)
}

/// `gaussian_blur` of an all-ones plane, cheaply: with zeros beyond the edges it is the
/// product of the kernel's sums along x and along y.
fn blurred_ones(width: usize, height: usize, sigma: f32) -> Plane {
    let k = gaussian_kernel(sigma);
    let r = k.len() / 2;
    let sums = |n: usize| -> Vec<f32> {
        (0..n)
            .map(|i| {
                let lo = i.saturating_sub(r);
                let hi = (i + r).min(n - 1);
                (lo..=hi).map(|j| k[j + r - i]).sum()
            })
            .collect()
    };
    let (sx, sy) = (sums(width), sums(height));
    let data = sy
        .iter()
        .flat_map(|&y| sx.iter().map(move |&x| x * y))
        .collect();
    Plane::new(width, height, data)
}

/// Two bands of `values` (weights 0 or 1 in `weights`) by normalised convolution: the finest
/// detail (`values` less their fine blur) and the texture band (fine blur less coarse blur).
fn bands(values: &Plane, weights: &Plane, params: &TextureParams) -> (Plane, Plane) {
    let weighted = Plane::new(
        values.width,
        values.height,
        values
            .data
            .iter()
            .zip(&weights.data)
            .map(|(v, w)| v * w)
            .collect(),
    );
    let fine_num = gaussian_blur(&weighted, params.fine_sigma);
    let coarse_num = gaussian_blur(&weighted, params.coarse_sigma);
    // Where every weight is 1 the weight filters are 1 (up to the zero edge), so they are
    // computed only when something is missing.
    let all_valid = weights.data.iter().all(|&w| w == 1.0);
    let (fine_den, coarse_den) = if all_valid {
        (
            blurred_ones(values.width, values.height, params.fine_sigma),
            blurred_ones(values.width, values.height, params.coarse_sigma),
        )
    } else {
        (
            gaussian_blur(weights, params.fine_sigma),
            gaussian_blur(weights, params.coarse_sigma),
        )
    };
    let (finest, band): (Vec<f32>, Vec<f32>) = (0..values.data.len())
        .map(|i| {
            let f = fine_num.data[i] / fine_den.data[i].max(1e-6);
            let c = coarse_num.data[i] / coarse_den.data[i].max(1e-6);
            (values.data[i] - f, f - c)
        })
        .unzip();
    (
        Plane::new(values.width, values.height, finest),
        Plane::new(values.width, values.height, band),
    )
}

/// Standard deviation of `plane` where `region` is true and the weight is 1; `None` with
/// fewer than two such samples.
fn spread_in(plane: &Plane, weights: &Plane, region: &[bool]) -> Option<f64> {
    let (mut n, mut sum, mut sum2) = (0usize, 0f64, 0f64);
    for ((&v, &inside), &w) in plane.data.iter().zip(region).zip(&weights.data) {
        if inside && w > 0.5 {
            let v = f64::from(v);
            n += 1;
            sum += v;
            sum2 += v * v;
        }
    }
    if n < 2 {
        return None;
    }
    let mean = sum / n as f64;
    Some((sum2 / n as f64 - mean * mean).max(0.0).sqrt())
}

/// The texture index of a region and how sharp the photo is there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextureReading {
    /// 100 × the spread of the texture band (see [`texture_index`]).
    pub index: f64,
    /// The finest detail's spread over the texture band's: a blurred photo (focus, motion,
    /// a softer camera) lowers it at once, while smoother or rougher skin scales both bands
    /// alike and barely moves it (on the sample generator's skin a blur of 0.5 px lowers it
    /// by 27 %, a 30 % shallower texture raises it by 12 %). `None` when the band is flat.
    pub sharpness: Option<f64>,
}

/// The texture index and the sharpness of the pixels where `region` is true (and the weight
/// is 1), from a plane of log luminance. `None` with fewer than two such pixels.
pub fn texture_reading(
    log_lum: &Plane,
    weights: &Plane,
    region: &[bool],
    params: &TextureParams,
) -> Option<TextureReading> {
    let (finest, band) = bands(log_lum, weights, params);
    let band_spread = spread_in(&band, weights, region)?;
    let finest_spread = spread_in(&finest, weights, region)?;
    Some(TextureReading {
        index: 100.0 * band_spread,
        sharpness: (band_spread > 1e-9).then(|| finest_spread / band_spread),
    })
}

/// The texture index of the pixels where `region` is true (and the weight is 1), from a
/// plane of log luminance: 100 × the spread of its band-pass (fine less coarse Gaussian).
/// `None` with fewer than two such pixels.
pub fn texture_index(
    log_lum: &Plane,
    weights: &Plane,
    region: &[bool],
    params: &TextureParams,
) -> Option<f64> {
    texture_reading(log_lum, weights, region, params).map(|r| r.index)
}

/// The texture index of a whole plane of linear luminance (all pixels valid, all in the
/// region); for tests and quick checks.
pub fn texture_index_of_luminance(lum: &Plane, params: &TextureParams) -> Option<f64> {
    let log = Plane::new(
        lum.width,
        lum.height,
        lum.data.iter().map(|&y| log_luminance(y)).collect(),
    );
    let ones = Plane::filled(lum.width, lum.height, 1.0);
    // Leave out a border as wide as the filter so the result is not about the edge.
    let m = params.margin() as usize;
    let region: Vec<bool> = (0..lum.data.len())
        .map(|i| {
            let (x, y) = (i % lum.width, i / lum.width);
            x >= m && y >= m && x + m < lum.width && y + m < lum.height
        })
        .collect();
    texture_index(&log, &ones, &region, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blur_keeps_a_constant_with_normalised_weights() {
        let p = Plane::filled(9, 7, 3.0);
        let ones = Plane::filled(9, 7, 1.0);
        let num = gaussian_blur(&p, 2.0);
        let den = gaussian_blur(&ones, 2.0);
        for (a, b) in num.data.iter().zip(&den.data) {
            assert!((a / b - 3.0).abs() < 1e-5);
        }
    }

    #[test]
    fn flat_luminance_has_no_texture() {
        let p = Plane::filled(40, 40, 0.3);
        let t = texture_index_of_luminance(&p, &TextureParams::default()).unwrap();
        assert!(t.abs() < 1e-4, "{t}");
    }

    #[test]
    fn missing_pixels_do_not_read_as_texture() {
        // Left half inside the photo (flat), right half outside (weight 0, value 0).
        let (w, h) = (40, 30);
        let log = Plane::new(
            w,
            h,
            (0..w * h)
                .map(|i| if i % w < 20 { -1.0 } else { 0.0 })
                .collect(),
        );
        let weights = Plane::new(
            w,
            h,
            (0..w * h)
                .map(|i| if i % w < 20 { 1.0 } else { 0.0 })
                .collect(),
        );
        let region = vec![true; w * h];
        let t = texture_index(&log, &weights, &region, &TextureParams::default()).unwrap();
        assert!(t < 1e-3, "{t}");
    }

    /// A field of pseudo-random detail in log luminance, `amplitude` times a fixed pattern.
    fn detail(w: usize, h: usize, amplitude: f32) -> Plane {
        let mut state = 0x2545_f491_u32;
        let data = (0..w * h)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                amplitude * ((state % 1000) as f32 / 1000.0 - 0.5)
            })
            .collect();
        Plane::new(w, h, data)
    }

    #[test]
    fn sharpness_falls_with_blur_and_ignores_the_detail_s_depth() {
        let (w, h) = (60, 50);
        let ones = Plane::filled(w, h, 1.0);
        let region = vec![true; w * h];
        let read = |p: &Plane| {
            texture_reading(p, &ones, &region, &TextureParams::default())
                .unwrap()
                .sharpness
                .unwrap()
        };
        let sharp = detail(w, h, 0.2);
        let shallower = detail(w, h, 0.14);
        let blurred = gaussian_blur(&sharp, 0.8);
        // Shallower skin texture scales both bands alike: the same sharpness.
        assert!((read(&sharp) - read(&shallower)).abs() < 1e-4);
        assert!(
            read(&blurred) < 0.7 * read(&sharp),
            "{} {}",
            read(&blurred),
            read(&sharp)
        );
        // And the texture index itself follows the depth.
        let index = |p: &Plane| texture_index(p, &ones, &region, &TextureParams::default());
        let ratio = index(&shallower).unwrap() / index(&sharp).unwrap();
        assert!((ratio - 0.7).abs() < 1e-3, "{ratio}");
    }
}
