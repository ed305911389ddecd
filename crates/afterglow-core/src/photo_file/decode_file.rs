//! A photo file decoded the one way Afterglow decodes photos — import, previews rebuilt from an
//! original, and `afterglow align REF MOV` all come through here: sniff the content (the
//! extension only breaks ties), read the metadata, decode under the size and memory limits,
//! and turn the pixels upright.

use std::path::Path;

use super::ImportError;
use super::decode::{DecodeLimits, Decoded, decode};
use super::format::{PhotoFormat, Sniffed, sniff};
use super::metadata::{PhotoMetadata, read as read_metadata, read_exif_block};

/// What [`decode_file`] found.
pub struct DecodedFile {
    /// The format the content is in.
    pub format: PhotoFormat,
    /// The file's metadata (dates, orientation).
    pub meta: PhotoMetadata,
    /// Upright pixels and the photo's full upright size.
    pub decoded: Decoded,
}

/// Decodes the photo file `bytes` (named `path`, for sniffing ties). `orientation` overrides
/// the file's EXIF orientation (a stored photo keeps the one it was imported with); with
/// `want_long_side`, JPEGs decode at a reduced DCT scale that keeps about that many pixels.
pub fn decode_file(
    bytes: &[u8],
    path: &Path,
    orientation: Option<u8>,
    want_long_side: Option<u32>,
) -> Result<DecodedFile, ImportError> {
    let format = match sniff(bytes, path) {
        Sniffed::Supported(f) => f,
        Sniffed::Unsupported { format, advice } => {
            return Err(ImportError::Unsupported { format, advice });
        }
        Sniffed::Unknown => return Err(ImportError::NotAnImage),
    };
    // A HEIF's `irot`/`imir` boxes are authoritative and libheif applies them; the EXIF
    // Orientation an iPhone also writes only repeats them, so applying it too would turn
    // the photo twice. HEIF photos are stored with orientation 1.
    let heif = matches!(format, PhotoFormat::Heic | PhotoFormat::Avif);
    let mut meta = if heif {
        PhotoMetadata::upright()
    } else {
        read_metadata(bytes)
    };
    let orientation = if heif {
        1
    } else {
        orientation.unwrap_or(meta.orientation)
    };
    let decoded = decode(
        bytes,
        format,
        orientation,
        want_long_side,
        DecodeLimits::default(),
    )?;
    if let Some(exif) = decoded.exif.as_deref().filter(|_| heif) {
        meta = PhotoMetadata {
            orientation: 1,
            ..read_exif_block(exif)
        };
    }
    Ok(DecodedFile {
        format,
        meta,
        decoded,
    })
}
