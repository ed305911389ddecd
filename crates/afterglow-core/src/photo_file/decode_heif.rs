//! HEIC/HEIF/AVIF: libheif (loaded at run time by `afterglow-heif`) decodes the primary image
//! with its rotation and mirroring applied; here its colours become 8-bit sRGB.

use afterglow_heif::{ColourDescription, Limits, Nclx, Samples};
use image::RgbImage;

use super::decode::{DecodeError, DecodeLimits};
use crate::imaging::{ColourSpace, Transfer, to_srgb8};

/// A decoded HEIF primary image, upright and in sRGB, with its EXIF block.
pub(super) struct HeifDecoded {
    pub image: RgbImage,
    pub exif: Option<Vec<u8>>,
}

/// Decodes the HEIF-family file `bytes` under `limits`.
pub(super) fn decode_heif(bytes: &[u8], limits: DecodeLimits) -> Result<HeifDecoded, DecodeError> {
    let picture = afterglow_heif::decode(
        bytes,
        Limits {
            max_pixels: limits.max_pixels,
            max_bytes: limits.max_alloc,
        },
    )?;
    let space = colour_space(&picture.colour);
    let rgb = match &picture.samples {
        Samples::Eight(v) => to_srgb8(v, 255, &space),
        Samples::Deep { values, bits } => to_srgb8(values, (1u32 << bits) - 1, &space),
    };
    let image = RgbImage::from_raw(picture.width, picture.height, rgb)
        .ok_or_else(|| DecodeError::Corrupt("decoded size does not match the header".into()))?;
    Ok(HeifDecoded {
        image,
        exif: picture.exif,
    })
}

/// The colour space the file describes; sRGB when it says nothing Afterglow can use (a
/// LUT-based ICC profile is rare in photos and read as sRGB).
fn colour_space(colour: &ColourDescription) -> ColourSpace {
    match colour {
        ColourDescription::Unspecified => ColourSpace::srgb(),
        ColourDescription::Icc(icc) => ColourSpace::from_icc(icc).unwrap_or_else(ColourSpace::srgb),
        ColourDescription::Nclx(nclx) => nclx_space(nclx),
    }
}

/// ITU-T H.273 code points → a colour space. SDR transfers (BT.709, BT.601, sRGB and the
/// unspecified 2) are read with the sRGB curve, as viewers show them; primaries 1 (BT.709)
/// and 2 (unspecified) are sRGB's.
fn nclx_space(nclx: &Nclx) -> ColourSpace {
    let transfer = match nclx.transfer {
        8 => Transfer::Linear,
        16 => Transfer::Pq,
        18 => Transfer::Hlg,
        _ => Transfer::Srgb,
    };
    if matches!(nclx.primaries, 1 | 2) {
        return ColourSpace {
            transfer,
            ..ColourSpace::srgb()
        };
    }
    let c = nclx
        .chromaticities
        .map(|(x, y)| (f64::from(x), f64::from(y)));
    ColourSpace::from_chromaticities(c, transfer.clone()).unwrap_or(ColourSpace {
        transfer,
        ..ColourSpace::srgb()
    })
}
