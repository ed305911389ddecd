//! The sRGB transfer curve, shared by alignment (light balance) and metrics (colour).

/// sRGB transfer function, decoding: an encoded value in 0–1 → linear light.
pub fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// sRGB transfer function, encoding: linear light → an encoded value in 0–1.
pub fn linear_to_srgb(v: f64) -> f64 {
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_the_knee() {
        assert_eq!(srgb_to_linear(0.0), 0.0);
        assert!((srgb_to_linear(1.0) - 1.0).abs() < 1e-12);
        // Both branches meet at the knee.
        let k = 0.040_45;
        assert!((k / 12.92 - ((k + 0.055) / 1.055_f64).powf(2.4)).abs() < 1e-6);
        assert!((srgb_to_linear(0.5) - 0.214_041).abs() < 1e-6);
    }
}
