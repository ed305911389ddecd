//! Redness of an area of skin: mean CIELAB a* and the erythema index EI = 100·log10(R/G)
//! on linear RGB.
//!
//! a* is averaged pixel by pixel. EI is taken from the area's mean R and mean G rather than
//! averaged per pixel: a per-pixel log ratio explodes in dark, noisy pixels (G near 0),
//! while the ratio of means weighs every pixel by its light, as a skin meter does.

use serde::{Deserialize, Serialize};

use super::colour::{a_star_of_linear, srgb8_pixel_to_linear};
use super::pigment::melanin_index;
use super::white_balance::WhiteBalance;

/// Redness of one area.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Redness {
    /// Mean CIELAB a* (D65).
    pub a_star: f64,
    /// Erythema index, 100·log10(mean R / mean G) on linear RGB.
    pub erythema_index: f64,
    /// Pixels averaged.
    pub pixels: usize,
    /// Melanin index of the mean linear colour (`pigment`); `None` when a channel is empty.
    pub melanin_index: Option<f64>,
}

/// Erythema index of a linear R and G.
pub fn erythema_index(r: f64, g: f64) -> f64 {
    100.0 * (r.max(1e-6) / g.max(1e-6)).log10()
}

/// Running sums for [`Redness`], fed one linear (white-balanced) pixel at a time.
#[derive(Clone, Copy, Debug, Default)]
pub struct RednessSum {
    a_star: f64,
    red: f64,
    green: f64,
    blue: f64,
    pixels: usize,
}

impl RednessSum {
    /// Adds one pixel, in linear RGB.
    #[inline]
    pub fn add(&mut self, linear: [f32; 3]) {
        self.a_star += f64::from(a_star_of_linear(linear));
        self.red += f64::from(linear[0]);
        self.green += f64::from(linear[1]);
        self.blue += f64::from(linear[2]);
        self.pixels += 1;
    }

    /// `None` when no pixel was added.
    pub fn finish(&self) -> Option<Redness> {
        (self.pixels > 0).then(|| {
            let n = self.pixels as f64;
            Redness {
                a_star: self.a_star / n,
                erythema_index: erythema_index(self.red / n, self.green / n),
                pixels: self.pixels,
                melanin_index: melanin_index([self.red / n, self.green / n, self.blue / n]),
            }
        })
    }
}

/// Redness of a set of 8-bit sRGB pixels after white balance.
pub fn redness_of(pixels: &[[u8; 3]], white_balance: &WhiteBalance) -> Option<Redness> {
    let mut sum = RednessSum::default();
    for &p in pixels {
        sum.add(white_balance.apply(srgb8_pixel_to_linear(p)));
    }
    sum.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grey_has_no_redness() {
        let r = redness_of(&[[90, 90, 90]; 4], &WhiteBalance::NONE).unwrap();
        assert!(r.a_star.abs() < 0.01 && r.erythema_index.abs() < 1e-6);
        assert_eq!(r.pixels, 4);
        assert!(redness_of(&[], &WhiteBalance::NONE).is_none());
    }

    #[test]
    fn erythema_index_of_twice_as_much_red_is_100_log_2() {
        assert!((erythema_index(0.4, 0.2) - 100.0 * 2f64.log10()).abs() < 1e-9);
    }
}
