//! A photo file decoded the one way Afterglow decodes photos — import, previews rebuilt from an
//! original, and `afterglow align REF MOV` all come through here: sniff the content (the
//! extension only breaks ties), read the metadata, decode under the size and memory limits,
//! and turn the pixels upright.

use std::path::Path;

use super::ImportError;
use super::decode::{DecodeLimits, Decoded, decode};
use super::format::{PhotoFormat, Sniffed, sniff};
use super::metadata::{PhotoMetadata, read as read_metadata};

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
    let meta = read_metadata(bytes);
    let decoded = decode(
        bytes,
        format,
        orientation.unwrap_or(meta.orientation),
        want_long_side,
        DecodeLimits::default(),
    )?;
    Ok(DecodedFile {
        format,
        meta,
        decoded,
    })
}
