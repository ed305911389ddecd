//! Pigmentation beside redness: a melanin index from the skin's colour, separated from
//! haemoglobin and from the light.
//!
//! Skin's colour is mostly what its two chromophores absorb: melanin (brown) and haemoglobin
//! (red). In optical density, `OD = −log10(reflected linear light)`, their absorptions add,
//! so a region's mean colour is, per camera channel,
//!
//! `OD = melanin · MELANIN_OD + haemoglobin · HAEMOGLOBIN_OD + shading · (1, 1, 1)`
//!
//! where `shading` takes up the exposure and the light's strength (a brighter photo lowers
//! every channel's density alike). Three channels, three unknowns: the region's mean colour
//! gives all three (Tsumura et al. 2003 separate the same two chromophores by independent
//! component analysis in this space; here their directions are fixed from physics instead, so
//! one region is enough).
//!
//! - `MELANIN_OD`: melanin's absorption falls with wavelength as λ^−3.46 (Jacques 1998); at
//!   effective camera wavelengths of 610, 545 and 465 nm that is 1 : 1.48 : 2.56.
//! - `HAEMOGLOBIN_OD`: haemoglobin absorbs green most (its 540–580 nm bands), blue less (the
//!   blood lies deeper than blue light reaches), red hardly at all: 0.10 : 0.76 : 0.64, the
//!   direction of published skin-colour analyses.
//!
//! The melanin index is `100 · melanin`. A change of 5 is about the smallest a person sees on
//! light skin (ΔE*ab ≈ 1.9 at linear RGB 0.45, 0.32, 0.25; `tests` below): the just-visible
//! threshold, as 2.5 a* is for redness. A change of haemoglobin alone leaves it unchanged, and
//! so does exposure; a change of melanin alone moves a* by under 0.2 (checked below), so
//! browning and redness are read apart.

/// Melanin's optical-density direction in linear camera RGB (unit length).
pub const MELANIN_OD: [f64; 3] = [0.320_355, 0.474_125, 0.820_109];

/// Haemoglobin's optical-density direction in linear camera RGB (unit length).
pub const HAEMOGLOBIN_OD: [f64; 3] = [0.100_140, 0.761_066, 0.640_898];

/// The smallest change of the melanin index that counts as visible (see the module notes).
pub const JUST_VISIBLE_MELANIN: f64 = 5.0;

/// How much of each chromophore a colour holds, in optical-density units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chromophores {
    /// Melanin.
    pub melanin: f64,
    /// Haemoglobin.
    pub haemoglobin: f64,
    /// The light: exposure and shading, alike in every channel.
    pub shading: f64,
}

/// The chromophores of a mean linear RGB colour; `None` when a channel holds no light.
pub fn chromophores(linear: [f64; 3]) -> Option<Chromophores> {
    if linear.iter().any(|&c| c <= 1e-6 || !c.is_finite()) {
        return None;
    }
    let od = linear.map(|c| -c.log10());
    let columns = [MELANIN_OD, HAEMOGLOBIN_OD, [1.0; 3]];
    let det = det3(columns);
    // Cramer's rule: the three directions are far from dependent (det ≈ −0.25).
    let solve = |i: usize| {
        let mut m = columns;
        m[i] = od;
        det3(m) / det
    };
    Some(Chromophores {
        melanin: solve(0),
        haemoglobin: solve(1),
        shading: solve(2),
    })
}

/// The melanin index, `100 · melanin`, of a mean linear RGB colour.
pub fn melanin_index(linear: [f64; 3]) -> Option<f64> {
    chromophores(linear).map(|c| 100.0 * c.melanin)
}

/// Determinant of the 3×3 matrix whose columns are `c`.
fn det3(c: [[f64; 3]; 3]) -> f64 {
    let [a, b, d] = c;
    a[0] * (b[1] * d[2] - b[2] * d[1]) - b[0] * (a[1] * d[2] - a[2] * d[1])
        + d[0] * (a[1] * b[2] - a[2] * b[1])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::metrics::colour::{a_star_of_linear, linear_rgb_to_xyz, xyz_to_lab};

    const SKIN: [f64; 3] = [0.45, 0.32, 0.25];

    /// `linear` with `amount` of `direction` added in optical density.
    fn absorb(linear: [f64; 3], direction: [f64; 3], amount: f64) -> [f64; 3] {
        std::array::from_fn(|i| linear[i] * 10f64.powf(-amount * direction[i]))
    }

    #[test]
    fn the_directions_are_unit_vectors() {
        for d in [MELANIN_OD, HAEMOGLOBIN_OD] {
            let n = d.iter().map(|v| v * v).sum::<f64>().sqrt();
            assert!((n - 1.0).abs() < 1e-5, "{n}");
        }
    }

    #[test]
    fn a_colour_without_light_has_no_chromophores() {
        assert_eq!(chromophores([0.0, 0.3, 0.2]), None);
        assert_eq!(melanin_index([0.4, f64::NAN, 0.2]), None);
    }

    #[test]
    fn melanin_barely_moves_a_star_and_haemoglobin_moves_it_a_lot() {
        let a = |l: [f64; 3]| f64::from(a_star_of_linear(l.map(|v| v as f32)));
        let browner = absorb(SKIN, MELANIN_OD, 0.1);
        let redder = absorb(SKIN, HAEMOGLOBIN_OD, 0.1);
        assert!(
            (a(browner) - a(SKIN)).abs() < 0.2,
            "{}",
            a(browner) - a(SKIN)
        );
        assert!(a(redder) - a(SKIN) > 4.0, "{}", a(redder) - a(SKIN));
    }

    #[test]
    fn the_just_visible_change_is_about_a_just_noticeable_colour_difference() {
        let lab = |l: [f64; 3]| {
            let c = xyz_to_lab(linear_rgb_to_xyz(l));
            [c.l, c.a, c.b]
        };
        let (before, after) = (
            lab(SKIN),
            lab(absorb(SKIN, MELANIN_OD, JUST_VISIBLE_MELANIN / 100.0)),
        );
        let de = before
            .iter()
            .zip(&after)
            .map(|(x, y)| (x - y).powi(2))
            .sum::<f64>()
            .sqrt();
        // ΔE*ab ≈ 2.3 is the usual just-noticeable difference.
        assert!((1.5..2.5).contains(&de), "{de}");
        assert!(after[0] < before[0], "darker");
    }

    proptest! {
        #[test]
        fn each_chromophore_and_the_light_are_read_apart(
            melanin in -0.3f64..0.5,
            haemoglobin in -0.2f64..0.3,
            exposure in 0.3f64..1.5,
        ) {
            let skin = absorb(absorb(SKIN, MELANIN_OD, melanin), HAEMOGLOBIN_OD, haemoglobin)
                .map(|v| v * exposure);
            let base = chromophores(SKIN).unwrap();
            let c = chromophores(skin).unwrap();
            prop_assert!((c.melanin - base.melanin - melanin).abs() < 1e-9);
            prop_assert!((c.haemoglobin - base.haemoglobin - haemoglobin).abs() < 1e-9);
            prop_assert!((c.shading - base.shading + exposure.log10()).abs() < 1e-9);
        }
    }
}
