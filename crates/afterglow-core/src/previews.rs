//! Thumbnails (≤ 256 px) and previews (≤ 2048 px on the long side) in `cache/`: made at
//! import, rebuilt from the original when missing. Everything that displays or measures a
//! photo reads the upright preview; the original is only read to rebuild it.

use image::RgbImage;

use crate::imaging::{
    area_resize, encode_jpeg, fit_within, write_atomic_unique, write_jpeg_atomic,
};
use crate::photo_file::{ImportError, decode_file};
use crate::project::Photo;
use crate::store::ProjectPaths;

/// Long side of a thumbnail in `cache/` (the library's grid).
pub const THUMB_SIDE: u32 = 256;
/// Long side of a preview in `cache/`: what alignment, metrics, the report and the app read.
pub const PREVIEW_SIDE: u32 = 2048;

/// Writes the preview and thumbnail for `photo` from its upright pixels (at any scale at
/// least as large as the preview). Returns the preview's JPEG bytes as stored.
pub fn write_derivatives(
    paths: &ProjectPaths,
    photo: &Photo,
    upright: &RgbImage,
) -> std::io::Result<Vec<u8>> {
    let preview = to_preview(upright);
    let bytes = encode_jpeg(&preview, PREVIEW_QUALITY).map_err(std::io::Error::other)?;
    let (tw, th) = fit_within(preview.width(), preview.height(), THUMB_SIDE);
    let thumb = area_resize(&preview, tw, th);
    write_atomic_unique(&paths.preview(photo), &bytes)?;
    write_jpeg_atomic(&paths.thumbnail(photo), &thumb, THUMB_QUALITY)?;
    Ok(bytes)
}

const PREVIEW_QUALITY: u8 = 90;
const THUMB_QUALITY: u8 = 85;

fn decode_stored(jpeg: &[u8]) -> std::io::Result<RgbImage> {
    image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .map(|i| i.into_rgb8())
        .map_err(std::io::Error::other)
}

fn to_preview(upright: &RgbImage) -> RgbImage {
    let (w, h) = fit_within(upright.width(), upright.height(), PREVIEW_SIDE);
    area_resize(upright, w, h)
}

/// Reads the photo's original bytes.
pub fn read_original(paths: &ProjectPaths, photo: &Photo) -> Result<Vec<u8>, ImportError> {
    std::fs::read(paths.original(photo)).map_err(ImportError::Read)
}

/// The upright preview, from the cache or rebuilt from the original (and cached again).
pub fn load_preview(paths: &ProjectPaths, photo: &Photo) -> Result<RgbImage, ImportError> {
    if let Ok(img) = image::open(paths.preview(photo)) {
        return Ok(img.into_rgb8());
    }
    let upright = decode_original(paths, photo)?;
    // Return the preview as stored (through its JPEG round trip), so what a caller sees is the
    // same whether the cache was there or not. A cache that cannot be written (read-only
    // medium) is not an error: the same bytes are made in memory.
    let bytes = match write_derivatives(paths, photo, &upright) {
        Ok(bytes) => bytes,
        Err(_) => encode_jpeg(&to_preview(&upright), PREVIEW_QUALITY)
            .map_err(|e| ImportError::Store(std::io::Error::other(e)))?,
    };
    decode_stored(&bytes).map_err(ImportError::Store)
}

/// The thumbnail, from the cache or rebuilt.
pub fn load_thumbnail(paths: &ProjectPaths, photo: &Photo) -> Result<RgbImage, ImportError> {
    if let Ok(img) = image::open(paths.thumbnail(photo)) {
        return Ok(img.into_rgb8());
    }
    let preview = load_preview(paths, photo)?;
    let (tw, th) = fit_within(preview.width(), preview.height(), THUMB_SIDE);
    Ok(area_resize(&preview, tw, th))
}

fn decode_original(paths: &ProjectPaths, photo: &Photo) -> Result<RgbImage, ImportError> {
    let bytes = read_original(paths, photo)?;
    let d = decode_file(
        &bytes,
        &paths.original(photo),
        Some(photo.orientation),
        Some(PREVIEW_SIDE),
    )?;
    Ok(d.decoded.image)
}
