//! Colour conversions: sRGB ↔ linear RGB ↔ CIE XYZ ↔ CIELAB, all relative to D65.
//!
//! The matrix and white point are the usual sRGB ones (IEC 61966-2-1 primaries, D65 white
//! X = 0.95047, Z = 1.08883, as tabulated by B. Lindbloom), so sRGB white is L* = 100,
//! a* = b* = 0 and the primaries land on the published CIELAB values.

use std::sync::LazyLock;

/// D65 reference white (2° observer), Y = 1.
pub const D65_WHITE: [f64; 3] = [0.95047, 1.0, 1.08883];

/// Linear sRGB → XYZ (D65).
pub const XYZ_FROM_LINEAR_SRGB: [[f64; 3]; 3] = [
    [0.412_456_4, 0.357_576_1, 0.180_437_5],
    [0.212_672_9, 0.715_152_2, 0.072_175_0],
    [0.019_333_9, 0.119_192_0, 0.950_304_1],
];

/// XYZ (D65) → linear sRGB: the inverse of [`XYZ_FROM_LINEAR_SRGB`].
pub const LINEAR_SRGB_FROM_XYZ: [[f64; 3]; 3] = [
    [3.240_454_2, -1.537_138_5, -0.498_531_4],
    [-0.969_266_0, 1.876_010_8, 0.041_556_0],
    [0.055_643_4, -0.204_025_9, 1.057_225_2],
];

/// Relative luminance weights of linear sRGB (the Y row of the matrix).
pub const LUMINANCE: [f32; 3] = [0.212_672_9, 0.715_152_2, 0.072_175_0];

/// CIE constants, exact rational forms: ε = (6/29)³ and κ = (29/3)³.
pub(super) const EPSILON: f64 = 216.0 / 24389.0;
pub(super) const KAPPA: f64 = 24389.0 / 27.0;

/// A CIELAB colour (D65).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lab {
    /// Lightness L*, 0–100.
    pub l: f64,
    /// Green (−) to red (+) a*; the redness measure.
    pub a: f64,
    /// Blue (−) to yellow (+) b*.
    pub b: f64,
}

pub use crate::imaging::{linear_to_srgb, srgb_to_linear};

static LINEAR_LUT: LazyLock<[f32; 256]> =
    LazyLock::new(|| std::array::from_fn(|i| srgb_to_linear(i as f64 / 255.0) as f32));

/// An 8-bit sRGB value decoded to linear light (table look-up).
#[inline]
pub fn srgb8_to_linear(v: u8) -> f32 {
    LINEAR_LUT[usize::from(v)]
}

/// An 8-bit sRGB pixel decoded to linear RGB.
#[inline]
pub fn srgb8_pixel_to_linear(p: [u8; 3]) -> [f32; 3] {
    p.map(srgb8_to_linear)
}

fn mat_mul(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    std::array::from_fn(|r| m[r][0] * v[0] + m[r][1] * v[1] + m[r][2] * v[2])
}

/// Linear sRGB (D65) to CIE XYZ.
pub fn linear_rgb_to_xyz(rgb: [f64; 3]) -> [f64; 3] {
    mat_mul(&XYZ_FROM_LINEAR_SRGB, rgb)
}

/// CIE XYZ to linear sRGB (D65).
pub fn xyz_to_linear_rgb(xyz: [f64; 3]) -> [f64; 3] {
    mat_mul(&LINEAR_SRGB_FROM_XYZ, xyz)
}

#[inline]
fn lab_f(t: f64) -> f64 {
    if t > EPSILON {
        t.cbrt()
    } else {
        (KAPPA * t + 16.0) / 116.0
    }
}

fn lab_f_inverse(f: f64) -> f64 {
    let t = f * f * f;
    if t > EPSILON {
        t
    } else {
        (116.0 * f - 16.0) / KAPPA
    }
}

/// CIE XYZ to CIELAB, white point D65.
pub fn xyz_to_lab(xyz: [f64; 3]) -> Lab {
    let [fx, fy, fz] = std::array::from_fn(|i| lab_f(xyz[i] / D65_WHITE[i]));
    Lab {
        l: 116.0 * fy - 16.0,
        a: 500.0 * (fx - fy),
        b: 200.0 * (fy - fz),
    }
}

/// CIELAB to CIE XYZ, white point D65.
pub fn lab_to_xyz(lab: Lab) -> [f64; 3] {
    let fy = (lab.l + 16.0) / 116.0;
    let fx = fy + lab.a / 500.0;
    let fz = fy - lab.b / 200.0;
    let y = if lab.l > KAPPA * EPSILON {
        fy * fy * fy
    } else {
        lab.l / KAPPA
    };
    [
        lab_f_inverse(fx) * D65_WHITE[0],
        y * D65_WHITE[1],
        lab_f_inverse(fz) * D65_WHITE[2],
    ]
}

/// Encoded sRGB (each 0–1) → CIELAB.
pub fn srgb_to_lab(rgb: [f64; 3]) -> Lab {
    xyz_to_lab(linear_rgb_to_xyz(rgb.map(srgb_to_linear)))
}

/// 8-bit sRGB → CIELAB.
pub fn srgb8_to_lab(rgb: [u8; 3]) -> Lab {
    srgb_to_lab(rgb.map(|v| f64::from(v) / 255.0))
}

/// CIELAB → encoded sRGB (each 0–1, not clamped: out-of-gamut colours leave the range).
pub fn lab_to_srgb(lab: Lab) -> [f64; 3] {
    xyz_to_linear_rgb(lab_to_xyz(lab)).map(linear_to_srgb)
}

/// a* of a linear RGB colour, in f32 for per-pixel work (only X and Y are needed).
#[inline]
pub fn a_star_of_linear(rgb: [f32; 3]) -> f32 {
    let m = &XYZ_FROM_LINEAR_SRGB;
    let x =
        (m[0][0] * f64::from(rgb[0]) + m[0][1] * f64::from(rgb[1]) + m[0][2] * f64::from(rgb[2]))
            / D65_WHITE[0];
    let y = m[1][0] * f64::from(rgb[0]) + m[1][1] * f64::from(rgb[1]) + m[1][2] * f64::from(rgb[2]);
    (500.0 * (lab_f(x) - lab_f(y))) as f32
}

/// Relative luminance Y of a linear RGB colour.
#[inline]
pub fn luminance(rgb: [f32; 3]) -> f32 {
    LUMINANCE[0] * rgb[0] + LUMINANCE[1] * rgb[1] + LUMINANCE[2] * rgb[2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_function_round_trips_and_is_continuous() {
        for i in 0..=255 {
            let v = f64::from(i) / 255.0;
            assert!((linear_to_srgb(srgb_to_linear(v)) - v).abs() < 1e-12);
        }
        // Both pieces meet at the threshold (no visible step).
        let t = 0.040_45;
        assert!((t / 12.92 - ((t + 0.055) / 1.055f64).powf(2.4)).abs() < 1e-7);
    }

    #[test]
    fn matrices_are_inverse() {
        let v = [0.3, 0.6, 0.1];
        let back = xyz_to_linear_rgb(linear_rgb_to_xyz(v));
        for i in 0..3 {
            assert!((back[i] - v[i]).abs() < 1e-6, "{back:?}");
        }
    }

    #[test]
    fn fast_a_star_agrees_with_the_full_conversion() {
        for rgb in [
            [200u8, 120, 100],
            [10, 10, 10],
            [255, 0, 0],
            [0, 255, 0],
            [128, 128, 128],
        ] {
            let full = srgb8_to_lab(rgb).a;
            let fast = f64::from(a_star_of_linear(srgb8_pixel_to_linear(rgb)));
            assert!((full - fast).abs() < 1e-3, "{rgb:?}: {full} vs {fast}");
        }
    }
}
