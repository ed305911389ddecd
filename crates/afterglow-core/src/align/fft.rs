//! Phase correlation for the coarse estimate, on `rustfft`'s transforms (already built for the
//! face models' runtime, so it costs the project no new dependency). The coarse step transforms
//! a few 128×128 arrays per photo.

use std::sync::Arc;

use rustfft::{Fft, FftPlanner};

/// A complex number, as the transforms take them.
pub type Complex = rustfft::num_complex::Complex64;

/// Forward and inverse transforms for one length, made once and reused.
pub struct Plan {
    n: usize,
    forward: Arc<dyn Fft<f64>>,
    inverse: Arc<dyn Fft<f64>>,
}

impl Plan {
    /// The transforms of length `n` (any length; the coarse step uses powers of two).
    pub fn new(n: usize) -> Self {
        let mut planner = FftPlanner::new();
        Self {
            n,
            forward: planner.plan_fft_forward(n),
            inverse: planner.plan_fft_inverse(n),
        }
    }

    /// The transform's length.
    pub fn len(&self) -> usize {
        self.n
    }

    /// In-place transform of `buf` (length `n`); `inverse` also divides by `n`.
    pub fn run(&self, buf: &mut [Complex], inverse: bool) {
        debug_assert_eq!(buf.len(), self.n);
        if inverse {
            self.inverse.process(buf);
            let k = 1.0 / self.n as f64;
            for v in buf.iter_mut() {
                *v *= k;
            }
        } else {
            self.forward.process(buf);
        }
    }
}

/// In-place 2-D transform of a row-major array, `rows.len()` wide and `cols.len()` high.
pub fn fft2(buf: &mut [Complex], rows: &Plan, cols: &Plan, inverse: bool) {
    let (w, h) = (rows.len(), cols.len());
    for row in buf.chunks_exact_mut(w) {
        rows.run(row, inverse);
    }
    let mut col = vec![Complex::default(); h];
    for x in 0..w {
        for (y, c) in col.iter_mut().enumerate() {
            *c = buf[y * w + x];
        }
        cols.run(&mut col, inverse);
        for (y, c) in col.iter().enumerate() {
            buf[y * w + x] = *c;
        }
    }
}

/// The forward 2-D transform of a real array.
pub fn fft2_real(values: &[f64], rows: &Plan, cols: &Plan) -> Vec<Complex> {
    let mut buf: Vec<Complex> = values.iter().map(|&v| Complex::new(v, 0.0)).collect();
    fft2(&mut buf, rows, cols, false);
    buf
}

/// A peak of a phase-correlation surface: the shift `d` (sub-pixel) such that
/// `b(x) ≈ a(x − d)`, and its height (1 for identical, shifted arrays; near 0 for unrelated
/// ones).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Peak {
    pub dx: f64,
    pub dy: f64,
    pub height: f64,
}

/// The phase-correlation surface of two spectra (from `fft2_real`): the inverse transform of
/// the normalised cross-power spectrum, peaking where `b` is `a` shifted.
pub fn phase_correlation(fa: &[Complex], fb: &[Complex], rows: &Plan, cols: &Plan) -> Vec<f64> {
    let mut cross: Vec<Complex> = fa
        .iter()
        .zip(fb)
        .map(|(a, b)| {
            let c = a.conj() * *b;
            let n = c.norm();
            if n > 1e-12 {
                Complex::new(c.re / n, c.im / n)
            } else {
                Complex::default()
            }
        })
        .collect();
    fft2(&mut cross, rows, cols, true);
    cross.into_iter().map(|c| c.re).collect()
}

/// The `count` highest separated peaks of a correlation surface (wrap-around shifts are mapped
/// to −w/2…w/2), each refined to sub-pixel by a parabola through its neighbours.
pub fn peaks(surface: &[f64], w: usize, h: usize, count: usize) -> Vec<Peak> {
    let at = |x: isize, y: isize| {
        let xx = x.rem_euclid(w as isize) as usize;
        let yy = y.rem_euclid(h as isize) as usize;
        surface[yy * w + xx]
    };
    // Local maxima over the 3×3 neighbourhood (with wrap-around), best first; for one peak,
    // simply the highest value.
    let mut maxima: Vec<(f64, isize, isize)> = Vec::new();
    if count == 1 {
        if let Some((i, &v)) = surface.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) {
            maxima.push((v, (i % w) as isize, (i / w) as isize));
        }
    } else {
        for y in 0..h as isize {
            for x in 0..w as isize {
                let v = at(x, y);
                let is_max = (-1..=1)
                    .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
                    .filter(|&d| d != (0, 0))
                    .all(|(dx, dy)| at(x + dx, y + dy) < v);
                if is_max {
                    maxima.push((v, x, y));
                }
            }
        }
        maxima.sort_by(|a, b| b.0.total_cmp(&a.0));
    }
    maxima
        .into_iter()
        .take(count)
        .map(|(v, x, y)| {
            let sub = |m: f64, c: f64, p: f64| {
                let d = m - 2.0 * c + p;
                if d.abs() > 1e-12 {
                    (0.5 * (m - p) / d).clamp(-0.5, 0.5)
                } else {
                    0.0
                }
            };
            let fx = sub(at(x - 1, y), v, at(x + 1, y));
            let fy = sub(at(x, y - 1), v, at(x, y + 1));
            let wrap = |p: isize, n: usize| {
                if p > n as isize / 2 {
                    p - n as isize
                } else {
                    p
                }
            };
            Peak {
                dx: wrap(x, w) as f64 + fx,
                dy: wrap(y, h) as f64 + fy,
                height: v,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// A textured, periodic `w`×`h` array, circularly shifted by (`sx`, `sy`).
    fn textured(w: usize, h: usize, sx: isize, sy: isize) -> Vec<f64> {
        let f = |x: isize, y: isize| {
            let (x, y) = (
                x.rem_euclid(w as isize) as f64,
                y.rem_euclid(h as isize) as f64,
            );
            ((x * 0.9).sin() + (y * 1.7 + x * 0.3).cos() * 0.5 + (x * y * 0.05).sin()).powi(3)
        };
        (0..h as isize)
            .flat_map(|y| (0..w as isize).map(move |x| f(x - sx, y - sy)))
            .collect()
    }

    #[test]
    fn fft_matches_the_definition() {
        let x: Vec<Complex> = (0..8)
            .map(|i| Complex::new((i as f64 * 0.7).sin(), (i as f64).cos() * 0.3))
            .collect();
        let plan = Plan::new(8);
        let mut y = x.clone();
        plan.run(&mut y, false);
        for (k, yk) in y.iter().enumerate() {
            let mut s = Complex::default();
            for (n, xn) in x.iter().enumerate() {
                let a = -2.0 * PI * (k * n) as f64 / 8.0;
                s = Complex::new(
                    s.re + xn.re * a.cos() - xn.im * a.sin(),
                    s.im + xn.re * a.sin() + xn.im * a.cos(),
                );
            }
            assert!((s.re - yk.re).abs() < 1e-9 && (s.im - yk.im).abs() < 1e-9);
        }
        plan.run(&mut y, true);
        for (a, b) in x.iter().zip(&y) {
            assert!((a.re - b.re).abs() < 1e-12 && (a.im - b.im).abs() < 1e-12);
        }
    }

    #[test]
    fn phase_correlation_finds_a_shift() {
        let (w, h) = (32, 16);
        let a = textured(w, h, 0, 0);
        // b(x) = a(x − (5, −3)).
        let b = textured(w, h, 5, -3);
        let (pw, ph) = (Plan::new(w), Plan::new(h));
        let s = phase_correlation(&fft2_real(&a, &pw, &ph), &fft2_real(&b, &pw, &ph), &pw, &ph);
        let p = peaks(&s, w, h, 1)[0];
        assert!(
            (p.dx - 5.0).abs() < 1e-6 && (p.dy + 3.0).abs() < 1e-6,
            "{p:?}"
        );
        assert!((p.height - 1.0).abs() < 1e-6);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// The inverse transform undoes the forward one, for any input of any power-of-two size.
        #[test]
        fn inverse_after_forward_is_the_identity(
            log_n in 0u32..8,
            seed in proptest::prelude::any::<u64>(),
        ) {
            let n = 1usize << log_n;
            let mut state = seed | 1;
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
            };
            let x: Vec<Complex> = (0..n).map(|_| Complex::new(next(), next())).collect();
            let plan = Plan::new(n);
            let mut y = x.clone();
            plan.run(&mut y, false);
            plan.run(&mut y, true);
            for (a, b) in x.iter().zip(&y) {
                proptest::prop_assert!((a.re - b.re).abs() < 1e-9 && (a.im - b.im).abs() < 1e-9);
            }
        }

        /// Phase correlation finds any circular shift of a textured array exactly, with a peak
        /// of height 1.
        #[test]
        fn phase_correlation_recovers_any_circular_shift(sx in 0isize..32, sy in 0isize..16) {
            let (w, h) = (32usize, 16usize);
            let a = textured(w, h, 0, 0);
            let b = textured(w, h, sx, sy);
            let (pw, ph) = (Plan::new(w), Plan::new(h));
            let s = phase_correlation(&fft2_real(&a, &pw, &ph), &fft2_real(&b, &pw, &ph), &pw, &ph);
            let p = peaks(&s, w, h, 1)[0];
            // Shifts are reported in (−size/2, size/2].
            let wrap = |d: f64, n: f64| (d.rem_euclid(n) + n) % n;
            proptest::prop_assert!(
                (wrap(p.dx, w as f64) - sx as f64).abs() < 1e-6
                    && (wrap(p.dy, h as f64) - sy as f64).abs() < 1e-6,
                "{p:?} for ({sx}, {sy})"
            );
            proptest::prop_assert!((p.height - 1.0).abs() < 1e-6);
        }
    }
}
