//! The coarse estimate: Fourier–Mellin phase correlation (Reddy & Chatterji, 1996). The
//! magnitude of a crop's spectrum ignores shifts; resampled on a log-polar grid, a rotation
//! and a scale of the crop become a shift, which phase correlation finds. A second phase
//! correlation, after undoing rotation and scale, finds the shift. Large rotations, scales and
//! shifts are found in one go, without a starting guess.

use super::fft::{Complex, Peak, Plan, fft2_real, peaks, phase_correlation};
use super::pyramid::Pyramid;
use crate::geometry::{Affine2, Point};
use crate::imaging::GrayF32;

/// Crops are resampled to N×N pixels.
const N: usize = 128;
/// Angles over [0, π) (the magnitude spectrum of a real image is point-symmetric).
const N_THETA: usize = N;
/// Log-radius samples from radius 1 to `RHO_MAX`.
const N_RHO: usize = N;
const RHO_MAX: f64 = (N / 2 - 2) as f64;
/// How many log-polar peaks become rotation/scale hypotheses (each tried the right way up and
/// upside down).
const LOG_POLAR_PEAKS: usize = 2;

/// A crop of the reference, transformed once and reused for every photo.
pub struct ReferenceCrop {
    work_from_crop: Affine2,
    spectrum: Vec<Complex>,
    log_polar: Vec<Complex>,
    /// N = N_THETA = N_RHO: one plan serves every transform.
    plan: Plan,
    tables: Tables,
}

/// Window, emphasis filter and log-polar sampling grid, computed once.
struct Tables {
    /// 1-D Hann window over N samples.
    window: Vec<f64>,
    /// High-pass emphasis per (shifted) frequency, row-major N×N with zero frequency at the
    /// centre: H = (1 − X)(2 − X), X = cos(πu)·cos(πv), u, v ∈ [−½, ½].
    emphasis: Vec<f64>,
    /// For every log-polar sample: the four neighbours' indices in the shifted magnitude array
    /// and their bilinear weights (the radial taper folded in).
    samples: Vec<([usize; 4], [f64; 4])>,
}

impl Tables {
    fn new() -> Self {
        use std::f64::consts::PI;
        let hann = |i: usize, n: usize| 0.5 - 0.5 * (2.0 * PI * (i as f64 + 0.5) / n as f64).cos();
        let window = (0..N).map(|i| hann(i, N)).collect();
        let half = (N / 2) as f64;
        let mut emphasis = vec![0f64; N * N];
        for y in 0..N {
            for x in 0..N {
                let u = (x as f64 - half) / N as f64;
                let v = (y as f64 - half) / N as f64;
                let c = (PI * u).cos() * (PI * v).cos();
                emphasis[y * N + x] = (1.0 - c) * (2.0 - c);
            }
        }
        let rho_step = RHO_MAX.ln() / N_RHO as f64;
        let mut samples = Vec::with_capacity(N_THETA * N_RHO);
        for i in 0..N_THETA {
            let (s, c) = (PI * i as f64 / N_THETA as f64).sin_cos();
            for j in 0..N_RHO {
                let r = (j as f64 * rho_step).exp();
                let (x, y) = (half + r * c, half + r * s);
                let (x0, y0) = (x.floor() as usize, y.floor() as usize);
                let (fx, fy) = (x - x0 as f64, y - y0 as f64);
                let at = |xx: usize, yy: usize| yy.min(N - 1) * N + xx.min(N - 1);
                let t = hann(j, N_RHO);
                samples.push((
                    [
                        at(x0, y0),
                        at(x0 + 1, y0),
                        at(x0, y0 + 1),
                        at(x0 + 1, y0 + 1),
                    ],
                    [
                        t * (1.0 - fx) * (1.0 - fy),
                        t * fx * (1.0 - fy),
                        t * (1.0 - fx) * fy,
                        t * fx * fy,
                    ],
                ));
            }
        }
        Self {
            window,
            emphasis,
            samples,
        }
    }

    /// Multiplies by a 2-D Hann window, so the crop's edges do not ring in the spectrum.
    fn windowed(&self, crop: &[f64]) -> Vec<f64> {
        crop.iter()
            .enumerate()
            .map(|(i, v)| v * self.window[i % N] * self.window[i / N])
            .collect()
    }

    /// The spectrum's magnitude, high-pass emphasised, on a log-polar grid: rows are angles
    /// over [0, π), columns are log radii.
    fn log_polar(&self, spectrum: &[Complex]) -> Vec<f64> {
        let mut mag = vec![0f64; N * N];
        for y in 0..N {
            let sy = (y + N / 2) % N;
            for x in 0..N {
                let c = spectrum[sy * N + (x + N / 2) % N];
                mag[y * N + x] = (c.re * c.re + c.im * c.im).sqrt() * self.emphasis[y * N + x];
            }
        }
        self.samples
            .iter()
            .map(|(idx, w)| idx.iter().zip(w).map(|(&i, w)| mag[i] * w).sum())
            .collect()
    }
}

/// A coarse hypothesis: `moving_work_from_reference_work` and the height of its shift peak.
#[derive(Clone, Copy, Debug)]
pub struct Hypothesis {
    pub moving_from_reference: Affine2,
    pub peak: f64,
}

/// The N×N crop transform for a square of `side` working pixels centred on `centre`.
pub fn square_crop(centre: Point, side: f64) -> Affine2 {
    let s = side / N as f64;
    let half = (N as f64 - 1.0) / 2.0;
    Affine2::translation(centre.x, centre.y)
        * Affine2::scale(s)
        * Affine2::translation(-half, -half)
}

impl ReferenceCrop {
    /// Maps the crop's N×N pixels into the reference's working plane.
    pub fn work_from_crop(&self) -> Affine2 {
        self.work_from_crop
    }

    pub fn new(pyr: &Pyramid, work_from_crop: Affine2) -> Self {
        let plan = Plan::new(N);
        let tables = Tables::new();
        let crop = tables.windowed(&sample_crop(pyr, &work_from_crop));
        let spectrum = fft2_real(&crop, &plan, &plan);
        let log_polar = fft2_real(&tables.log_polar(&spectrum), &plan, &plan);
        Self {
            work_from_crop,
            spectrum,
            log_polar,
            plan,
            tables,
        }
    }
}

/// Rotation/scale/shift hypotheses for the moving image, whose crop is `moving_work_from_crop`
/// (covering about the same part of the scene as the reference crop), best first.
pub fn estimate(
    reference: &ReferenceCrop,
    moving: &Pyramid,
    moving_work_from_crop: Affine2,
) -> Vec<Hypothesis> {
    let (plan, tables) = (&reference.plan, &reference.tables);
    let crop = tables.windowed(&sample_crop(moving, &moving_work_from_crop));
    let spectrum = fft2_real(&crop, plan, plan);
    let lp = fft2_real(&tables.log_polar(&spectrum), plan, plan);
    let surface = phase_correlation(&reference.log_polar, &lp, plan, plan);
    let rho_step = RHO_MAX.ln() / N_RHO as f64;
    let centre = Point::new((N as f64 - 1.0) / 2.0, (N as f64 - 1.0) / 2.0);
    let crop_from_ref_work = reference
        .work_from_crop
        .inverse()
        .unwrap_or(Affine2::IDENTITY);
    let mut out = Vec::new();
    for Peak { dx, dy, .. } in peaks(&surface, N_RHO, N_THETA, LOG_POLAR_PEAKS) {
        // The moving spectrum is the reference's turned by θ and shrunk by s: a shift of +θ
        // in angle and −ln s in log radius.
        let scale = (-dx * rho_step).exp();
        let theta = dy * std::f64::consts::PI / N_THETA as f64;
        for angle in [theta, theta - std::f64::consts::PI.copysign(theta)] {
            // Undo rotation and scale, then find the remaining shift.
            let s0 = Affine2::similarity_about(centre, scale, angle, 0.0, 0.0);
            let turned = tables.windowed(&sample_crop(moving, &(moving_work_from_crop * s0)));
            let surface = phase_correlation(
                &reference.spectrum,
                &fft2_real(&turned, plan, plan),
                plan,
                plan,
            );
            let Some(p) = peaks(&surface, N, N, 1).first().copied() else {
                continue;
            };
            let crop_m_from_crop_r = s0 * Affine2::translation(p.dx, p.dy);
            out.push(Hypothesis {
                moving_from_reference: moving_work_from_crop
                    * crop_m_from_crop_r
                    * crop_from_ref_work,
                peak: p.height,
            });
        }
    }
    out.sort_by(|a, b| b.peak.total_cmp(&a.peak));
    out
}

/// Samples log luminance over an N×N crop (in the log a gain is an offset and a light gradient
/// an additive ramp, both tamed by the window), from the pyramid level whose pixels are
/// closest to (not smaller than) the crop's; outside the image takes the crop's mean.
fn sample_crop(pyr: &Pyramid, work_from_crop: &Affine2) -> Vec<f64> {
    let spacing = work_from_crop.mean_scale();
    let level = pyr
        .levels
        .iter()
        .rposition(|l| 1.0 / l.level_from_work.mean_scale() <= spacing * 1.05)
        .unwrap_or(0);
    let l = &pyr.levels[level];
    let t = l.level_from_work * *work_from_crop;
    let mut vals = vec![f64::NAN; N * N];
    for (i, v) in vals.iter_mut().enumerate() {
        let p = t.apply(Point::new((i % N) as f64, (i / N) as f64));
        if let Some(s) = sample(&l.luma, p.x, p.y) {
            *v = (f64::from(s) + 0.05).ln();
        }
    }
    let valid: Vec<f64> = vals.iter().copied().filter(|v| v.is_finite()).collect();
    let mean = if valid.is_empty() {
        0.0
    } else {
        valid.iter().sum::<f64>() / valid.len() as f64
    };
    vals.iter()
        .map(|&v| if v.is_finite() { v - mean } else { 0.0 })
        .collect()
}

fn sample(img: &GrayF32, x: f64, y: f64) -> Option<f32> {
    crate::imaging::sample_f32(img, x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    /// Soft discs of many sizes at scattered places (a golden-angle spiral).
    fn scene(x: f64, y: f64) -> u8 {
        let mut v = 0.5;
        for i in 0..60 {
            let f = i as f64;
            let (cx, cy) = (
                150.0 + 9.0 * f.sqrt() * (f * 2.4).cos() * 1.6,
                120.0 + 9.0 * f.sqrt() * (f * 2.4).sin() * 1.3,
            );
            let r = 4.0 + (f * 7.3).sin().abs() * 14.0;
            let d = (x - cx).hypot(y - cy) - r;
            v += if i % 2 == 0 { 0.12 } else { -0.12 } * (0.5 - d).clamp(0.0, 1.0);
        }
        (v * 255.0).clamp(0.0, 255.0) as u8
    }

    /// The coarse step's hypotheses for the scene seen through `truth`, best first.
    fn hypotheses_for(truth: &Affine2) -> Vec<Hypothesis> {
        let inv = truth.inverse().unwrap();
        let r = RgbImage::from_fn(300, 240, |x, y| {
            let v = scene(x as f64, y as f64);
            Rgb([v, v, v])
        });
        let m = RgbImage::from_fn(300, 240, |x, y| {
            let p = inv.apply(Point::new(x as f64, y as f64));
            let v = scene(p.x, p.y);
            Rgb([v, v, v])
        });
        let pr = Pyramid::new(&r, 1.0);
        let pm = Pyramid::new(&m, 1.0);
        let crop = square_crop(Point::new(150.0, 120.0), 200.0);
        estimate(&ReferenceCrop::new(&pr, crop), &pm, crop)
    }

    #[test]
    fn finds_a_large_rotation_scale_and_shift() {
        let truth = Affine2::similarity_about(Point::new(150.0, 120.0), 1.2, 0.5, 14.0, -9.0);
        let best = hypotheses_for(&truth)[0];
        let got = best.moving_from_reference;
        assert!(
            (got.rotation() - 0.5).abs() < 0.03,
            "angle {}",
            got.rotation()
        );
        assert!(
            (got.mean_scale() - 1.2).abs() < 0.03,
            "scale {}",
            got.mean_scale()
        );
        let err = got.rms_difference(&truth, 300.0, 240.0);
        assert!(err < 4.0, "rms {err}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

        /// Any similarity within what a selfie course brings (a turn of the head up to ±40°,
        /// a step closer or back, a shift) is found by the coarse step within ECC's reach.
        #[test]
        fn a_random_similarity_is_recovered_within_ecc_reach(
            scale in 0.8f64..1.25,
            angle in -0.7f64..0.7,
            dx in -15.0f64..15.0,
            dy in -15.0f64..15.0,
        ) {
            let truth = Affine2::similarity_about(Point::new(150.0, 120.0), scale, angle, dx, dy);
            let hypotheses = hypotheses_for(&truth);
            // The best few hypotheses are handed to ECC: one of them must be close.
            let best = hypotheses
                .iter()
                .take(4)
                .map(|h| h.moving_from_reference.rms_difference(&truth, 300.0, 240.0))
                .fold(f64::INFINITY, f64::min);
            proptest::prop_assert!(best < 6.0, "rms {best} px");
        }
    }
}
