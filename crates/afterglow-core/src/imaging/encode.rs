//! Writing images: re-encoded from pixels, so no metadata of the original can ride along.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use image::RgbImage;
use image::codecs::jpeg::JpegEncoder;

/// Encodes baseline JPEG (4:2:0) with the SIMD encoder, several times faster than `image`'s
/// own; previews are written at import, so this is on the import's critical path.
pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, EncodeError> {
    let (w, h) = img.dimensions();
    let (w16, h16) = match (u16::try_from(w), u16::try_from(h)) {
        (Ok(w), Ok(h)) => (w, h),
        // Beyond JPEG's 65 535-pixel limit: `image`'s encoder reports that properly.
        _ => {
            let mut out = Vec::new();
            JpegEncoder::new_with_quality(&mut out, quality).encode_image(img)?;
            return Ok(out);
        }
    };
    let mut out = Vec::with_capacity(img.len() / 8);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    // 4:2:0 chroma, as cameras write: half the work of the encoder's 4:4:4 default at q ≥ 90.
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder.encode(img.as_raw(), w16, h16, jpeg_encoder::ColorType::Rgb)?;
    Ok(out)
}

/// Why an image could not be encoded or written as JPEG.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// `image`'s encoder refused the image (it handles sides over JPEG's 65,535-pixel limit).
    #[error(transparent)]
    Image(#[from] image::ImageError),
    /// The SIMD encoder failed on an image within JPEG's size limit.
    #[error(transparent)]
    Jpeg(#[from] jpeg_encoder::EncodingError),
}

/// Encodes and writes a JPEG through a temporary file and a rename, so a reader never sees
/// half a file.
pub fn write_jpeg_atomic(path: &Path, img: &RgbImage, quality: u8) -> std::io::Result<()> {
    let bytes = encode_jpeg(img, quality).map_err(std::io::Error::other)?;
    write_atomic_unique(path, &bytes)
}

/// Writes `bytes` to a uniquely named temporary file beside `path`, then renames it into
/// place. Two threads writing the same path never share a temporary file.
pub fn write_atomic_unique(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_via_temp(path, bytes)
}

/// Writes a file the user asked for (a report, a sheet): like [`write_atomic_unique`], but a
/// folder that does not exist is an error rather than created, so a typo in a path does not
/// scatter folders about.
pub fn write_export(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    write_via_temp(path, bytes)
}

fn write_via_temp(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    // Whatever failed — a full disk mid-write most often — the temporary file goes, so a
    // failed write leaves nothing behind (the final name only ever appears by the rename).
    written.inspect_err(|_| {
        std::fs::remove_file(&tmp).ok();
    })
}
