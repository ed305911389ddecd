//! A darker skin tone made from the portrait (issue 13, item 5): the skin's light is
//! attenuated in optical-density space, as more melanin attenuates it, so the same face and
//! the same simulated redness can be measured on a light and a dark skin.
//!
//! Melanin absorbs more the shorter the wavelength; `DARK_SKIN` are per-channel linear
//! transmittances that take the portrait's light skin (linear RGB about 0.45, 0.32, 0.25) to
//! about 0.12, 0.07, 0.045 — a deep brown, Fitzpatrick V–VI — i.e. optical densities of
//! +0.57, +0.66, +0.74. Only the skin is changed: the face and the neck (two soft ellipses
//! in the portrait's pixels), gated by skin chromaticity so the eyes' whites, the teeth and
//! the background stay as they were.

use afterglow_core::metrics::{linear_to_srgb, srgb8_to_linear};
use image::{Rgb, RgbImage};

/// Per-channel linear transmittance of the added melanin: a deep brown skin.
pub const DARK_SKIN: [f64; 3] = [0.27, 0.22, 0.18];

/// `portrait` (the 512×512 public-domain portrait of `assets/`) with its skin darkened by
/// `transmittance` (applied fully where the mask is 1, as a power of it in between).
pub fn darker_skin(portrait: &RgbImage, transmittance: [f64; 3]) -> RgbImage {
    RgbImage::from_fn(portrait.width(), portrait.height(), |x, y| {
        let p = portrait.get_pixel(x, y).0;
        let w = skin_weight(x as f64, y as f64, p);
        if w <= 0.0 {
            return Rgb(p);
        }
        attenuate(p, transmittance.map(|t| t.powf(w)))
    })
}

/// 0–1: how much of the pixel at (x, y) of colour `p` is skin.
pub fn skin_weight(x: f64, y: f64, p: [u8; 3]) -> f64 {
    let place = soft_ellipse(x, y, (226.0, 125.0), (52.0, 66.0)).max(soft_ellipse(
        x,
        y,
        (226.0, 180.0),
        (30.0, 22.0),
    ));
    if place <= 0.0 {
        return 0.0;
    }
    place * skin_gate(p)
}

/// 0–1: how skin-like the colour `p` is. Skin is warm and fairly saturated; the eyes' whites,
/// the teeth and grey walls are not.
fn skin_gate(p: [u8; 3]) -> f64 {
    let [r, g, b] = p.map(f64::from);
    let max = r.max(g).max(b);
    let saturation = (max - r.min(g).min(b)) / (max + 1e-6);
    let warm = r / (r + g + b + 1e-6);
    ((saturation - 0.06) / 0.08).clamp(0.0, 1.0) * ((warm - 0.33) / 0.03).clamp(0.0, 1.0)
}

/// 1 inside the ellipse, falling to 0 over the outer tenth of its radius and a little beyond.
fn soft_ellipse(x: f64, y: f64, centre: (f64, f64), radii: (f64, f64)) -> f64 {
    let r = (((x - centre.0) / radii.0).powi(2) + ((y - centre.1) / radii.1).powi(2)).sqrt();
    ((1.1 - r) / 0.2).clamp(0.0, 1.0)
}

/// A pigmented patch's optical-density direction: melanin's absorption as λ^−3 at 600, 540
/// and 460 nm (1 : 1.37 : 2.23) — a plausible melanin spectrum, deliberately not the one the
/// measurement assumes (λ^−3.46 at 610, 545 and 465 nm), so the test does not grade its own
/// model.
pub const PATCH_OD: [f64; 3] = [0.358, 0.491, 0.794];

/// Where the patch sits in the portrait: on the person's left cheek (the right of the
/// picture), about the size of the default cheek region.
const PATCH_CENTRE: (f64, f64) = (255.0, 136.0);
const PATCH_RADII: (f64, f64) = (20.0, 24.0);

/// `portrait` with a pigmented patch of `amount` (optical density along [`PATCH_OD`]) on the
/// person's left cheek, as post-inflammatory hyperpigmentation would leave it.
pub fn with_pigment_patch(portrait: &RgbImage, amount: f64) -> RgbImage {
    RgbImage::from_fn(portrait.width(), portrait.height(), |x, y| {
        let p = portrait.get_pixel(x, y).0;
        let w = soft_ellipse(x as f64, y as f64, PATCH_CENTRE, PATCH_RADII) * skin_gate(p);
        if w <= 0.0 {
            return Rgb(p);
        }
        attenuate(p, PATCH_OD.map(|od| 10f64.powf(-amount * w * od)))
    })
}

/// The sRGB pixel `p` with each channel's light multiplied by `transmittance` (linear light).
fn attenuate(p: [u8; 3], transmittance: [f64; 3]) -> Rgb<u8> {
    Rgb(std::array::from_fn(|c| {
        let lin = f64::from(srgb8_to_linear(p[c])) * transmittance[c];
        (linear_to_srgb(lin) * 255.0).round().clamp(0.0, 255.0) as u8
    }))
}
