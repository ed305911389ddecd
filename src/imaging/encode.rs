//! Writing images: re-encoded from pixels, so no metadata of the original can ride along.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use image::RgbImage;
use image::codecs::jpeg::JpegEncoder;

pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::with_capacity(img.len() / 8);
    JpegEncoder::new_with_quality(&mut out, quality).encode_image(img)?;
    Ok(out)
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
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
