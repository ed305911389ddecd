//! Decoding under limits, once per file, at the smallest scale that still serves the preview.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};

use super::decode_heif::decode_heif;
use super::format::PhotoFormat;
use super::jpeg_structure::{self, JpegStructureError};
use crate::imaging::{apply_orientation, oriented_size};

/// Pixels and bytes a photo may need: a 120-megapixel photo decodes, a decompression bomb
/// does not.
#[derive(Clone, Copy, Debug)]
pub struct DecodeLimits {
    /// Most pixels (width × height) a photo may claim.
    pub max_pixels: u64,
    /// Most bytes the decoder may allocate.
    pub max_alloc: u64,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        Self {
            max_pixels: 120_000_000,
            max_alloc: 1 << 30,
        }
    }
}

/// Why a photo's pixels could not be decoded.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    /// The file ends before the image data does.
    #[error("the file is cut short (truncated): it ends before the image does")]
    Truncated,
    /// The decoder found damaged data; its own words follow.
    #[error("the image is damaged: {0}")]
    Corrupt(String),
    #[error(
        "the image claims {width}×{height} pixels ({} MP), more than the {} MP limit; \
         this looks like a damaged file or a decompression bomb",
        megapixels(*width, *height), limit / 1_000_000
    )]
    /// The header claims more pixels than `DecodeLimits::max_pixels`.
    TooLarge {
        /// Width the header claims.
        width: u32,
        /// Height the header claims.
        height: u32,
        /// The pixel limit it exceeds.
        limit: u64,
    },
    /// The system lacks what decodes this format (libheif or its codec plugin); the text
    /// says what to install.
    #[error("{0}")]
    NoDecoder(String),
}

/// What a HEIF decode failed for when the file itself may be fine (libheif missing, too old,
/// or without the codec's decoder); `From<HeifError>` sorts libheif's errors.
impl From<afterglow_heif::HeifError> for DecodeError {
    fn from(e: afterglow_heif::HeifError) -> Self {
        use afterglow_heif::HeifError as H;
        match e {
            H::TooLarge { width, height, .. } => DecodeError::TooLarge {
                width,
                height,
                limit: DecodeLimits::default().max_pixels,
            },
            H::Damaged(why) if why.to_ascii_lowercase().contains("end of file") => {
                DecodeError::Truncated
            }
            H::Damaged(why) => DecodeError::Corrupt(why),
            missing @ (H::NotInstalled(_) | H::TooOld(_) | H::NoDecoder(_)) => {
                DecodeError::NoDecoder(missing.to_string())
            }
        }
    }
}

fn megapixels(w: u32, h: u32) -> u64 {
    u64::from(w) * u64::from(h) / 1_000_000
}

/// A decoded photo, turned upright.
pub struct Decoded {
    /// Upright pixels, possibly reduced by the JPEG decoder's DCT scaling.
    pub image: RgbImage,
    /// The photo's full upright size.
    pub width: u32,
    /// The photo's full upright height.
    pub height: u32,
    /// The EXIF block, when the format keeps it apart from what the container reader finds
    /// (HEIF: an item of its own, read by libheif).
    pub exif: Option<Vec<u8>>,
}

/// Decodes `bytes` and turns the result by EXIF `orientation`. With `want_long_side`, JPEGs
/// are decoded at a reduced DCT scale (1/2, 1/4, 1/8) as long as the result keeps at least
/// 90 % of that many pixels on its long side; other formats decode at full size.
pub fn decode(
    bytes: &[u8],
    format: PhotoFormat,
    orientation: u8,
    want_long_side: Option<u32>,
    limits: DecodeLimits,
) -> Result<Decoded, DecodeError> {
    let mut exif = None;
    let (image, w, h) = match format {
        PhotoFormat::Jpeg => decode_jpeg(bytes, want_long_side, limits)?,
        PhotoFormat::Heic | PhotoFormat::Avif => {
            let heif = decode_heif(bytes, limits)?;
            exif = heif.exif;
            let (w, h) = heif.image.dimensions();
            (heif.image, w, h)
        }
        PhotoFormat::Png | PhotoFormat::WebP | PhotoFormat::Tiff => {
            decode_generic(bytes, format, limits)?
        }
    };
    let (width, height) = oriented_size(w, h, orientation);
    Ok(Decoded {
        image: apply_orientation(image, orientation),
        width,
        height,
        exif,
    })
}

fn check_pixels(width: u32, height: u32, limits: DecodeLimits) -> Result<(), DecodeError> {
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(DecodeError::TooLarge {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    Ok(())
}

fn decode_jpeg(
    bytes: &[u8],
    want_long_side: Option<u32>,
    limits: DecodeLimits,
) -> Result<(RgbImage, u32, u32), DecodeError> {
    let structure = jpeg_structure::walk(bytes).map_err(|e| match e {
        JpegStructureError::Truncated => DecodeError::Truncated,
        JpegStructureError::NotJpeg => DecodeError::Corrupt("not a JPEG".into()),
        JpegStructureError::Malformed(why) => DecodeError::Corrupt(why.into()),
    })?;
    let (w, h) = (structure.width, structure.height);
    check_pixels(w, h, limits)?;
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size(usize::try_from(limits.max_alloc).unwrap_or(usize::MAX));
    let corrupt = |e: jpeg_decoder::Error| DecodeError::Corrupt(e.to_string());
    decoder.read_info().map_err(corrupt)?;
    if let Some(target) = want_long_side {
        let long = w.max(h) as f64;
        let factor = (0.9 * target as f64 / long).min(1.0);
        let rw = ((w as f64 * factor).ceil() as u16).max(1);
        let rh = ((h as f64 * factor).ceil() as u16).max(1);
        decoder.scale(rw, rh).map_err(corrupt)?;
    }
    let pixels = decoder.decode().map_err(corrupt)?;
    let info = decoder
        .info()
        .ok_or_else(|| DecodeError::Corrupt("no frame information".into()))?;
    let (ow, oh) = (u32::from(info.width), u32::from(info.height));
    let n = ow as usize * oh as usize;
    let rgb: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&v| [v, v, v]).collect(),
        jpeg_decoder::PixelFormat::L16 => pixels
            .chunks_exact(2)
            .flat_map(|c| [c[0], c[0], c[0]])
            .collect(),
        jpeg_decoder::PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|c| {
                let k = 255 - u16::from(c[3]);
                let f = |v: u8| ((255 - u16::from(v)) * k / 255) as u8;
                [f(c[0]), f(c[1]), f(c[2])]
            })
            .collect(),
    };
    if rgb.len() != n * 3 {
        return Err(DecodeError::Corrupt(
            "decoded size does not match the header".into(),
        ));
    }
    let img = RgbImage::from_raw(ow, oh, rgb)
        .ok_or_else(|| DecodeError::Corrupt("decoded size does not match the header".into()))?;
    Ok((img, w, h))
}

fn decode_generic(
    bytes: &[u8],
    format: PhotoFormat,
    limits: DecodeLimits,
) -> Result<(RgbImage, u32, u32), DecodeError> {
    let corrupt = |e: image::ImageError| match e {
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            DecodeError::Truncated
        }
        image::ImageError::Limits(l) => DecodeError::Corrupt(format!("over the memory limit: {l}")),
        other => {
            let text = other.to_string();
            if text.to_ascii_lowercase().contains("eof") || text.contains("end of file") {
                DecodeError::Truncated
            } else {
                DecodeError::Corrupt(text)
            }
        }
    };
    let image_format = format
        .image_format()
        .ok_or_else(|| DecodeError::Corrupt("no decoder for this format".into()))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut image_limits = image::Limits::default();
    image_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(image_limits.clone());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (w, h) = decoder.dimensions();
    check_pixels(w, h, limits)?;
    decoder.set_limits(image_limits).map_err(corrupt)?;
    let img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    Ok((img.into_rgb8(), w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 0]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn png_decodes_and_turns() {
        let d = decode(
            &png(4, 2),
            PhotoFormat::Png,
            6,
            None,
            DecodeLimits::default(),
        )
        .unwrap();
        assert_eq!((d.width, d.height), (2, 4));
        assert_eq!(d.image.dimensions(), (2, 4));
    }

    #[test]
    fn limits_refuse_big_pictures_before_decoding() {
        let limits = DecodeLimits {
            max_pixels: 10,
            max_alloc: 1 << 20,
        };
        let err = decode(&png(4, 4), PhotoFormat::Png, 1, None, limits)
            .err()
            .unwrap();
        assert!(matches!(
            err,
            DecodeError::TooLarge {
                width: 4,
                height: 4,
                ..
            }
        ));
    }

    #[test]
    fn jpeg_decodes_at_reduced_scale() {
        let img = RgbImage::from_fn(400, 300, |x, y| {
            image::Rgb([(x / 2) as u8, (y / 2) as u8, 9])
        });
        let bytes = crate::imaging::encode_jpeg(&img, 90).unwrap();
        let d = decode(
            &bytes,
            PhotoFormat::Jpeg,
            1,
            Some(100),
            DecodeLimits::default(),
        )
        .unwrap();
        assert_eq!((d.width, d.height), (400, 300));
        assert_eq!(d.image.dimensions(), (100, 75));
    }
}
