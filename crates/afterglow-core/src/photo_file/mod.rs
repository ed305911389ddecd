//! A photo file, read and decoded the one way Afterglow does it — by import, by previews
//! rebuilt from an original, and by `afterglow align REF MOV`: refused before reading when it
//! is a folder, empty or too large; sniffed by content; its metadata read; decoded under size
//! and memory limits; turned upright.

mod decode;
mod decode_file;
mod decode_heif;
mod file_name_date;
mod format;
mod jpeg_structure;
mod metadata;

pub use decode::{DecodeError, DecodeLimits, Decoded, decode};
pub use decode_file::{DecodedFile, decode_file};
pub use file_name_date::parse as date_from_file_name;
pub use file_name_date::{FileNameDate, parse_dated as dated_from_file_name};
pub use format::{PhotoFormat, Sniffed, looks_like_photo, sniff};
pub use jpeg_structure::{JpegStructure, JpegStructureError, walk as walk_jpeg};
pub use metadata::{
    PhotoMetadata, parse_exif_datetime, parse_offset, read as read_metadata, read_exif_block,
};

use std::path::Path;

use crate::store::MAX_FILE_BYTES;

/// The version of the system's libheif that reads HEIC and AVIF photos ("1.15.1"), or why
/// there is none (with what to install).
pub fn heif_support() -> Result<String, String> {
    afterglow_heif::library_version().map_err(|e| e.to_string())
}

/// Why a file was not imported. The message is for the user, after the file's name.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Read(std::io::Error),
    /// The file holds no bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// The file is larger than `MAX_FILE_BYTES` (its size in bytes).
    #[error("the file is {0} bytes; photos over 512 MiB are not imported")]
    FileTooLarge(u64),
    /// A picture format Afterglow does not read yet.
    #[error("{format}: {advice}")]
    Unsupported {
        /// The format's name.
        format: &'static str,
        /// What to do instead.
        advice: &'static str,
    },
    /// The content is no picture format at all.
    #[error(
        "not a photo: the content is not JPEG, PNG, WebP, TIFF, HEIC or AVIF, whatever the name says"
    )]
    NotAnImage,
    /// The pixels could not be decoded.
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// Copying the original or writing its previews into the project failed.
    #[error("cannot store the photo in the project: {0}")]
    Store(std::io::Error),
    /// Not copied in: the disk holding the project has too little room left for it (and for
    /// saving the project); `needed` is about how many more bytes it takes.
    #[error("the disk is full: it needs about {} MB more", needed.div_ceil(1_000_000))]
    DiskFull {
        /// Bytes still missing.
        needed: u64,
    },
    /// A folder given to import could not be listed.
    #[error("cannot walk the folder: {0}")]
    Walk(String),
    /// The user cancelled the import before this file.
    #[error("cancelled")]
    Cancelled,
}

/// Refuses folders, empty files and files over [`MAX_FILE_BYTES`] before anything is read.
pub(crate) fn check_size(path: &Path) -> Result<(), ImportError> {
    let meta = std::fs::metadata(path).map_err(ImportError::Read)?;
    if meta.is_dir() {
        return Err(ImportError::Read(std::io::Error::other("it is a folder")));
    }
    if meta.len() == 0 {
        return Err(ImportError::Empty);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ImportError::FileTooLarge(meta.len()));
    }
    Ok(())
}

/// The bytes of a photo file, under the size limits.
pub fn read_photo_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    check_size(path)?;
    let bytes = std::fs::read(path).map_err(ImportError::Read)?;
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(bytes)
}
