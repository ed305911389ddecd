//! Pixels in the colour space a file describes (an ICC matrix/TRC profile, or ITU-T H.273 code
//! points with an HDR transfer) turned into 8-bit sRGB, the one space Afterglow measures in.
//!
//! iPhones write Display P3; HDR photos carry BT.2020 with a PQ or HLG transfer. Reading either
//! as sRGB would make skin look redder or duller than it is, so a photo's colours are converted
//! once, at decode. HDR is tone-mapped so that the reference white (203 cd/m², ITU-R BT.2408)
//! lands on sRGB white and brighter highlights roll off smoothly instead of clipping.

use super::srgb::{linear_to_srgb, srgb_to_linear};

/// How encoded values map to linear light.
#[derive(Clone, Debug, PartialEq)]
pub enum Transfer {
    /// The sRGB curve (also used for BT.709-coded SDR photos, as viewers show them).
    Srgb,
    /// A pure power law.
    Gamma(f64),
    /// An ICC parametric curve (type 4, the general one): `[g, a, b, c, d, e, f]`,
    /// `Y = (aX + b)^g + e` for `X ≥ d`, else `Y = cX + f`.
    Parametric([f64; 7]),
    /// An ICC sampled curve: values in 0–1 at evenly spaced inputs.
    Table(Vec<f64>),
    /// Linear light.
    Linear,
    /// SMPTE ST 2084 (PQ): absolute light, 1.0 here = 203 cd/m².
    Pq,
    /// ARIB STD-B67 (HLG): scene light, with the BT.2100 system gamma applied per pixel.
    Hlg,
}

impl Transfer {
    /// An encoded value in 0–1 → linear light (relative to the reference white for HDR).
    pub fn to_linear(&self, v: f64) -> f64 {
        let v = v.clamp(0.0, 1.0);
        match self {
            Transfer::Srgb => srgb_to_linear(v),
            Transfer::Gamma(g) => v.powf(*g),
            Transfer::Parametric([g, a, b, c, d, e, f]) => {
                if v >= *d {
                    (a * v + b).max(0.0).powf(*g) + e
                } else {
                    c * v + f
                }
            }
            Transfer::Table(t) => match t.len() {
                0 => v,
                1 => t[0],
                n => {
                    let x = v * (n - 1) as f64;
                    let i = (x.floor() as usize).min(n - 2);
                    t[i] + (t[i + 1] - t[i]) * (x - i as f64)
                }
            },
            Transfer::Linear => v,
            Transfer::Pq => pq_to_nits(v) / REFERENCE_WHITE_NITS,
            Transfer::Hlg => hlg_to_scene(v),
        }
    }

    fn is_hdr(&self) -> bool {
        matches!(self, Transfer::Pq | Transfer::Hlg)
    }
}

/// BT.2408's reference (diffuse) white for HDR, mapped to sRGB white.
const REFERENCE_WHITE_NITS: f64 = 203.0;
/// Where the highlight roll-off starts, in reference-white units.
const KNEE: f64 = 0.8;

fn pq_to_nits(e: f64) -> f64 {
    const M1: f64 = 2610.0 / 16384.0;
    const M2: f64 = 2523.0 / 4096.0 * 128.0;
    const C1: f64 = 3424.0 / 4096.0;
    const C2: f64 = 2413.0 / 4096.0 * 32.0;
    const C3: f64 = 2392.0 / 4096.0 * 32.0;
    let p = e.powf(1.0 / M2);
    10_000.0 * ((p - C1).max(0.0) / (C2 - C3 * p)).powf(1.0 / M1)
}

/// HLG's inverse OETF: signal → scene light 0–1.
fn hlg_to_scene(e: f64) -> f64 {
    const A: f64 = 0.178_832_77;
    const B: f64 = 0.284_668_92;
    const C: f64 = 0.559_910_73;
    if e <= 0.5 {
        e * e / 3.0
    } else {
        (((e - C) / A).exp() + B) / 12.0
    }
}

/// A colour space: its primaries (as the matrix to linear sRGB) and its transfer.
#[derive(Clone, Debug, PartialEq)]
pub struct ColourSpace {
    /// Linear source RGB → linear sRGB (D65).
    pub srgb_from_source: [[f64; 3]; 3],
    /// The source's transfer.
    pub transfer: Transfer,
}

const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
const D65: (f64, f64) = (0.3127, 0.3290);
const SRGB_PRIMARIES: [(f64, f64); 4] = [(0.64, 0.33), (0.30, 0.60), (0.15, 0.06), D65];
/// sRGB's colorants adapted to D50 (Bradford), as every sRGB ICC profile carries them.
const SRGB_D50: [[f64; 3]; 3] = [
    [0.436_074_7, 0.385_064_9, 0.143_080_4],
    [0.222_504_5, 0.716_878_6, 0.060_616_9],
    [0.013_932_2, 0.097_104_5, 0.714_173_3],
];
/// BT.2020 luminance weights, for HLG's system gamma.
const BT2020_LUMA: [f64; 3] = [0.2627, 0.6780, 0.0593];

impl ColourSpace {
    /// sRGB itself: conversion leaves pixels as they are.
    pub fn srgb() -> Self {
        Self {
            srgb_from_source: IDENTITY,
            transfer: Transfer::Srgb,
        }
    }

    /// Whether converting would change nothing that 8 bits can show.
    pub fn is_srgb(&self) -> bool {
        let matrix_is_identity = self
            .srgb_from_source
            .iter()
            .flatten()
            .zip(IDENTITY.iter().flatten())
            .all(|(a, b)| (a - b).abs() < 0.002);
        matrix_is_identity && self.transfer == Transfer::Srgb
    }

    /// A space given by the chromaticities (x, y) of red, green, blue and white.
    pub fn from_chromaticities(primaries: [(f64, f64); 4], transfer: Transfer) -> Option<Self> {
        let xyz_from_source = xyz_from_rgb(primaries)?;
        let adapt = bradford(primaries[3], D65)?;
        let srgb_from_xyz = invert(&xyz_from_rgb(SRGB_PRIMARIES)?)?;
        Some(Self {
            srgb_from_source: mul(&srgb_from_xyz, &mul(&adapt, &xyz_from_source)),
            transfer,
        })
    }

    /// The space of an ICC profile, when it is an RGB matrix/TRC profile (as camera and
    /// display profiles are); `None` for anything else (LUT-based, grey, CMYK, damaged).
    pub fn from_icc(icc: &[u8]) -> Option<Self> {
        let be32 = |at: usize| -> Option<u32> {
            Some(u32::from_be_bytes(icc.get(at..at + 4)?.try_into().ok()?))
        };
        if icc.get(36..40)? != b"acsp" || icc.get(16..20)? != b"RGB " || icc.get(20..24)? != b"XYZ "
        {
            return None;
        }
        let count = be32(128)? as usize;
        let mut tags = Vec::new();
        for i in 0..count.min(100) {
            let at = 132 + 12 * i;
            let sig: [u8; 4] = icc.get(at..at + 4)?.try_into().ok()?;
            let (offset, size) = (be32(at + 4)? as usize, be32(at + 8)? as usize);
            tags.push((sig, icc.get(offset..offset.checked_add(size)?)?));
        }
        let tag = |sig: &[u8; 4]| tags.iter().find(|(s, _)| s == sig).map(|(_, d)| *d);
        let xyz = |sig: &[u8; 4]| -> Option<[f64; 3]> {
            let d = tag(sig)?;
            if d.get(0..4)? != b"XYZ " {
                return None;
            }
            Some([s15(d, 8)?, s15(d, 12)?, s15(d, 16)?])
        };
        let (r, g, b) = (xyz(b"rXYZ")?, xyz(b"gXYZ")?, xyz(b"bXYZ")?);
        let xyz_d50_from_source = [[r[0], g[0], b[0]], [r[1], g[1], b[1]], [r[2], g[2], b[2]]];
        let transfer = curve(tag(b"rTRC")?)?;
        // Profiles with one curve per channel that differ are rare in photos; they are read
        // with the red curve rather than refused.
        let srgb_from_source = mul(&invert(&SRGB_D50)?, &xyz_d50_from_source);
        let transfer = if is_srgb_curve(&transfer) {
            Transfer::Srgb
        } else {
            transfer
        };
        Some(Self {
            srgb_from_source,
            transfer,
        })
    }
}

fn s15(d: &[u8], at: usize) -> Option<f64> {
    Some(f64::from(i32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?)) / 65536.0)
}

/// An ICC `curv` or `para` curve.
fn curve(d: &[u8]) -> Option<Transfer> {
    match d.get(0..4)? {
        b"curv" => {
            let n = u32::from_be_bytes(d.get(8..12)?.try_into().ok()?) as usize;
            let u16_at = |i: usize| -> Option<u16> {
                Some(u16::from_be_bytes(
                    d.get(12 + 2 * i..14 + 2 * i)?.try_into().ok()?,
                ))
            };
            match n {
                0 => Some(Transfer::Linear),
                1 => Some(Transfer::Gamma(f64::from(u16_at(0)?) / 256.0)),
                n if n <= 65_536 => Some(Transfer::Table(
                    (0..n)
                        .map(|i| u16_at(i).map(|v| f64::from(v) / 65_535.0))
                        .collect::<Option<Vec<_>>>()?,
                )),
                _ => None,
            }
        }
        b"para" => {
            let kind = u16::from_be_bytes(d.get(8..10)?.try_into().ok()?);
            let n = [1, 3, 4, 5, 7].get(usize::from(kind)).copied()?;
            let p: Vec<f64> = (0..n).map(|i| s15(d, 12 + 4 * i)).collect::<Option<_>>()?;
            // Every type as the general type 4: [g, a, b, c, d, e, f].
            Some(Transfer::Parametric(match kind {
                0 => [p[0], 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                // Y = (aX+b)^g for X ≥ -b/a, else 0.
                1 => [p[0], p[1], p[2], 0.0, -p[2] / p[1], 0.0, 0.0],
                // Y = (aX+b)^g + c for X ≥ -b/a, else c.
                2 => [p[0], p[1], p[2], 0.0, -p[2] / p[1], p[3], p[3]],
                3 => [p[0], p[1], p[2], p[3], p[4], 0.0, 0.0],
                _ => [p[0], p[1], p[2], p[3], p[4], p[5], p[6]],
            }))
        }
        _ => None,
    }
}

/// Whether a curve is the sRGB curve to within a fraction of an 8-bit step everywhere.
fn is_srgb_curve(t: &Transfer) -> bool {
    (0..=64).all(|i| {
        let v = f64::from(i) / 64.0;
        (t.to_linear(v) - srgb_to_linear(v)).abs() < 0.0005
    })
}

/// RGB → XYZ for primaries and white given as chromaticities (white at Y = 1).
fn xyz_from_rgb(p: [(f64, f64); 4]) -> Option<[[f64; 3]; 3]> {
    let column = |(x, y): (f64, f64)| [x / y, 1.0, (1.0 - x - y) / y];
    let (r, g, b, w) = (column(p[0]), column(p[1]), column(p[2]), column(p[3]));
    let m = [[r[0], g[0], b[0]], [r[1], g[1], b[1]], [r[2], g[2], b[2]]];
    let s = apply(&invert(&m)?, w);
    Some(std::array::from_fn(|i| {
        std::array::from_fn(|j| m[i][j] * s[j])
    }))
}

/// Bradford chromatic adaptation from white `from` to white `to`.
fn bradford(from: (f64, f64), to: (f64, f64)) -> Option<[[f64; 3]; 3]> {
    const B: [[f64; 3]; 3] = [
        [0.8951, 0.2664, -0.1614],
        [-0.7502, 1.7135, 0.0367],
        [0.0389, -0.0685, 1.0296],
    ];
    let xyz = |(x, y): (f64, f64)| [x / y, 1.0, (1.0 - x - y) / y];
    let (s, d) = (apply(&B, xyz(from)), apply(&B, xyz(to)));
    let scale = [
        [d[0] / s[0], 0.0, 0.0],
        [0.0, d[1] / s[1], 0.0],
        [0.0, 0.0, d[2] / s[2]],
    ];
    Some(mul(&invert(&B)?, &mul(&scale, &B)))
}

fn apply(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    std::array::from_fn(|i| m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2])
}

fn mul(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    std::array::from_fn(|i| std::array::from_fn(|j| (0..3).map(|k| a[i][k] * b[k][j]).sum()))
}

fn invert(m: &[[f64; 3]; 3]) -> Option<[[f64; 3]; 3]> {
    let [[a, b, c], [d, e, f], [g, h, i]] = *m;
    let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if det.abs() < 1e-12 || !det.is_finite() {
        return None;
    }
    Some([
        [
            (e * i - f * h) / det,
            (c * h - b * i) / det,
            (b * f - c * e) / det,
        ],
        [
            (f * g - d * i) / det,
            (a * i - c * g) / det,
            (c * d - a * f) / det,
        ],
        [
            (d * h - e * g) / det,
            (b * g - a * h) / det,
            (a * e - b * d) / det,
        ],
    ])
}

/// Rolls highlights above [`KNEE`] off towards 1 (continuous slope), on the brightest channel
/// so hues keep their ratios.
fn tone_map(rgb: [f64; 3]) -> [f64; 3] {
    let peak = rgb[0].max(rgb[1]).max(rgb[2]);
    if peak <= KNEE {
        return rgb;
    }
    let mapped = KNEE + (1.0 - KNEE) * (1.0 - (-(peak - KNEE) / (1.0 - KNEE)).exp());
    rgb.map(|c| c * mapped / peak)
}

/// Steps of the linear → sRGB table: fine enough that the darkest step is a fifth of an
/// 8-bit code.
const ENCODE_STEPS: usize = 16_384;

/// Interleaved RGB samples (`max_code` = the largest code, 255 for 8-bit, 1023 for 10-bit)
/// in `space` → interleaved 8-bit sRGB.
pub fn to_srgb8<T: Copy + Into<u32>>(samples: &[T], max_code: u32, space: &ColourSpace) -> Vec<u8> {
    let max = f64::from(max_code.max(1));
    if space.is_srgb() {
        return samples
            .iter()
            .map(|&v| {
                (f64::from(v.into()) * 255.0 / max)
                    .round()
                    .clamp(0.0, 255.0) as u8
            })
            .collect();
    }
    let decode: Vec<f64> = (0..=max_code)
        .map(|c| space.transfer.to_linear(f64::from(c) / max))
        .collect();
    let encode: Vec<u8> = (0..ENCODE_STEPS)
        .map(|i| (linear_to_srgb(i as f64 / (ENCODE_STEPS - 1) as f64) * 255.0).round() as u8)
        .collect();
    let code = |v: T| decode[(v.into() as usize).min(decode.len() - 1)];
    let hdr = space.transfer.is_hdr();
    let hlg = space.transfer == Transfer::Hlg;
    let mut out = Vec::with_capacity(samples.len());
    for px in samples.chunks_exact(3) {
        let mut lin = [code(px[0]), code(px[1]), code(px[2])];
        if hlg {
            // BT.2100's system gamma 1.2 (a 1000 cd/m² display), then reference white = 1.
            let ys = apply(&[BT2020_LUMA; 3], lin)[0];
            let gain = ys.max(1e-9).powf(0.2) * 1000.0 / REFERENCE_WHITE_NITS;
            lin = lin.map(|c| c * gain);
        }
        let mut rgb = apply(&space.srgb_from_source, lin).map(|c| c.max(0.0));
        if hdr {
            rgb = tone_map(rgb);
        }
        for c in rgb {
            let i = (c.clamp(0.0, 1.0) * (ENCODE_STEPS - 1) as f64).round() as usize;
            out.push(encode[i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srgb_primaries_give_the_identity() {
        let s = ColourSpace::from_chromaticities(SRGB_PRIMARIES, Transfer::Srgb).expect("space");
        assert!(s.is_srgb(), "{:?}", s.srgb_from_source);
        assert_eq!(to_srgb8(&[0u8, 128, 255], 255, &s), vec![0, 128, 255]);
    }

    #[test]
    fn display_p3_red_lies_outside_srgb_and_p3_white_is_white() {
        let p3 = ColourSpace::from_chromaticities(
            [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060), D65],
            Transfer::Srgb,
        )
        .expect("space");
        assert!(!p3.is_srgb());
        assert_eq!(to_srgb8(&[255u8, 255, 255], 255, &p3), vec![255, 255, 255]);
        // P3's pure red is more saturated than sRGB's: clipped to sRGB red, green at zero.
        assert_eq!(to_srgb8(&[255u8, 0, 0], 255, &p3), vec![255, 0, 0]);
        // A mid skin tone in P3 numbers is redder once shown in sRGB numbers.
        let skin = to_srgb8(&[200u8, 150, 130], 255, &p3);
        assert!(skin[0] > 200 && skin[1] < 150, "{skin:?}");
    }

    #[test]
    fn pq_reference_white_maps_to_srgb_white_and_highlights_roll_off() {
        let bt2020 = ColourSpace::from_chromaticities(
            [(0.708, 0.292), (0.170, 0.797), (0.131, 0.046), D65],
            Transfer::Pq,
        )
        .expect("space");
        // 203 cd/m² in PQ is code 0.5807 of full scale.
        let white = (0.580_7 * 1023.0_f64).round() as u16;
        let px = to_srgb8(&[white, white, white], 1023, &bt2020);
        assert!(px.iter().all(|&v| v >= 247), "{px:?}");
        // 1000 cd/m² (5× reference) is not clipped to exactly the same as 400 cd/m².
        assert_eq!(to_srgb8(&[0u16, 0, 0], 1023, &bt2020), vec![0, 0, 0]);
        let grey = |nits: f64| {
            let code = pq_code(nits);
            to_srgb8(&[code, code, code], 1023, &bt2020)[0]
        };
        assert!(grey(100.0) < grey(203.0));
        assert!(grey(20.0) < grey(100.0));
    }

    fn pq_code(nits: f64) -> u16 {
        let y = nits / 10_000.0;
        let (m1, m2) = (2610.0 / 16384.0, 2523.0 / 4096.0 * 128.0);
        let (c1, c2, c3) = (
            3424.0 / 4096.0,
            2413.0 / 4096.0 * 32.0,
            2392.0 / 4096.0 * 32.0,
        );
        let p = f64::powf(y, m1);
        (((c1 + c2 * p) / (1.0 + c3 * p)).powf(m2) * 1023.0).round() as u16
    }

    #[test]
    fn pq_round_trips_through_its_inverse() {
        for nits in [0.5, 10.0, 100.0, 203.0, 1000.0, 4000.0] {
            let e = f64::from(pq_code(nits)) / 1023.0;
            let back = pq_to_nits(e);
            assert!((back / nits - 1.0).abs() < 0.02, "{nits} → {back}");
        }
    }

    #[test]
    fn hlg_reference_white_is_near_srgb_white() {
        let s = ColourSpace::from_chromaticities(
            [(0.708, 0.292), (0.170, 0.797), (0.131, 0.046), D65],
            Transfer::Hlg,
        )
        .expect("space");
        let code = (0.75 * 1023.0_f64).round() as u16;
        let px = to_srgb8(&[code, code, code], 1023, &s);
        assert!(px.iter().all(|&v| v >= 240), "{px:?}");
    }

    #[test]
    fn parametric_type_3_srgb_curve_is_recognised() {
        let t = Transfer::Parametric([
            2.4,
            1.0 / 1.055,
            0.055 / 1.055,
            1.0 / 12.92,
            0.04045,
            0.0,
            0.0,
        ]);
        assert!(is_srgb_curve(&t));
        assert!(!is_srgb_curve(&Transfer::Gamma(1.8)));
    }

    #[test]
    fn damaged_icc_is_none_not_a_panic() {
        assert_eq!(ColourSpace::from_icc(&[]), None);
        assert_eq!(ColourSpace::from_icc(&[0u8; 200]), None);
        let mut icc = vec![0u8; 132];
        icc[16..20].copy_from_slice(b"RGB ");
        icc[20..24].copy_from_slice(b"XYZ ");
        icc[36..40].copy_from_slice(b"acsp");
        icc[128..132].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(ColourSpace::from_icc(&icc), None);
    }
}
