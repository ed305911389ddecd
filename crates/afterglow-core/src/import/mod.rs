//! Importing photos: walk the inputs, refuse what is not a usable photo (saying why), copy
//! originals byte for byte into `photos/` under their content hash, date them, and write a
//! thumbnail and a preview into `cache/`.

mod decode;
mod decode_file;
mod derivatives;
mod file_name_date;
mod format;
mod jpeg_structure;
mod metadata;

pub use decode::{DecodeError, DecodeLimits, Decoded, decode};
pub use decode_file::{DecodedFile, decode_file};
pub use derivatives::{
    PREVIEW_SIDE, THUMB_SIDE, load_preview, load_thumbnail, read_original, write_derivatives,
};
pub use file_name_date::parse as date_from_file_name;
pub use format::{PhotoFormat, Sniffed, looks_like_photo, sniff};
pub use jpeg_structure::{JpegStructure, JpegStructureError, walk as walk_jpeg};
pub use metadata::{PhotoMetadata, parse_exif_datetime, parse_offset, read as read_metadata};

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::{DateTime, Local, NaiveDateTime};
use rayon::prelude::*;

use crate::imaging::write_atomic_unique;
use crate::project::{Annotation, DateSource, Photo, PhotoId, Project};
use crate::store::{MAX_FILE_BYTES, ProjectPaths};

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
    #[error("not a photo: the content is not JPEG, PNG, WebP or TIFF, whatever the name says")]
    NotAnImage,
    /// The pixels could not be decoded.
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// Copying the original or writing its previews into the project failed.
    #[error("cannot store the photo in the project: {0}")]
    Store(std::io::Error),
    /// A folder given to import could not be listed.
    #[error("cannot walk the folder: {0}")]
    Walk(String),
    /// The user cancelled the import before this file.
    #[error("cancelled")]
    Cancelled,
}

/// What happened to one input file.
#[derive(Debug)]
pub enum Outcome {
    /// Stored in the project (the photo as added).
    Imported(Box<Photo>),
    /// The same bytes are already in the project, as this photo.
    Duplicate(PhotoId),
    /// Not imported, and why.
    Rejected(ImportError),
}

/// One input file and what happened to it.
#[derive(Debug)]
pub struct FileReport {
    /// The file as given (after expanding folders).
    pub path: PathBuf,
    /// What happened to it.
    pub outcome: Outcome,
}

impl FileReport {
    /// The one line the command line prints for this file.
    pub fn line(&self) -> String {
        let path = self.path.display();
        match &self.outcome {
            Outcome::Imported(p) => format!(
                "imported: {path} (taken {}, date from {})",
                p.taken_at.format("%Y-%m-%d %H:%M"),
                p.taken_at_source.label()
            ),
            Outcome::Duplicate(id) => {
                format!("duplicate: {path} (already in the project as {id})")
            }
            Outcome::Rejected(e) => format!("rejected: {path}: {e}"),
        }
    }
}

/// Progress of a long import, for a bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Files finished so far.
    pub done: usize,
    /// Files in the whole import.
    pub total: usize,
}

/// Expands folders (recursively; hidden entries and non-photo names are skipped) and keeps
/// files named directly. A folder that cannot be walked becomes a rejected entry.
pub fn collect_inputs(inputs: &[PathBuf]) -> Vec<(PathBuf, Option<ImportError>)> {
    let mut out = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            out.push((input.clone(), None));
            continue;
        }
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() && looks_like_photo(e.path()) => {
                    out.push((e.into_path(), None));
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| input.clone());
                    let why = if e.loop_ancestor().is_some() {
                        "a link loops back to a folder above it; skipped".to_owned()
                    } else {
                        e.to_string()
                    };
                    out.push((path, Some(ImportError::Walk(why))));
                }
            }
        }
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Imports `inputs` into the project folder. Returns one report per file in input order; the
/// caller adds the imported photos to the project with `Command::AddPhotos`. Files are
/// processed in parallel; `progress` is called after each, and `cancel` stops early (files
/// not yet started are reported as cancelled).
pub fn import_files(
    paths: &ProjectPaths,
    project: &Project,
    inputs: &[PathBuf],
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Vec<FileReport> {
    let files = collect_inputs(inputs);
    let total = files.len();
    // Hash everything first (cheap) so duplicates are decided in input order, not by which
    // thread finishes first.
    let hashed: Vec<Result<blake3::Hash, ImportError>> = files
        .par_iter()
        .map(|(path, walk_error)| match walk_error {
            Some(_) => Err(ImportError::Walk(String::new())),
            None => hash_checked(path),
        })
        .collect();
    let mut known: HashSet<String> = project
        .photos
        .iter()
        .chain(&project.trash)
        .map(|p| p.id.0.clone())
        .collect();
    let mut plan = Vec::with_capacity(total);
    for ((path, walk_error), hash) in files.into_iter().zip(hashed) {
        let step = match (walk_error, hash) {
            (Some(e), _) => Step::Done(Outcome::Rejected(e)),
            (None, Err(e)) => Step::Done(Outcome::Rejected(e)),
            (None, Ok(hash)) => {
                let id = photo_id(&hash);
                if known.insert(id.0.clone()) {
                    Step::Import(hash)
                } else {
                    Step::Done(Outcome::Duplicate(id))
                }
            }
        };
        plan.push((path, step));
    }
    let done = AtomicUsize::new(0);
    plan.into_par_iter()
        .map(|(path, step)| {
            let outcome = match step {
                Step::Done(o) => o,
                Step::Import(_) if cancel.load(Ordering::Relaxed) => {
                    Outcome::Rejected(ImportError::Cancelled)
                }
                Step::Import(hash) => match import_one(paths, &path, &hash) {
                    Ok(photo) => Outcome::Imported(Box::new(photo)),
                    Err(e) => Outcome::Rejected(e),
                },
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Progress { done: n, total });
            FileReport { path, outcome }
        })
        .collect()
}

enum Step {
    Done(Outcome),
    Import(blake3::Hash),
}

/// A photo's id: the first 16 hex digits of its original's BLAKE3 hash.
pub fn photo_id(hash: &blake3::Hash) -> PhotoId {
    PhotoId(hash.to_hex()[..16].to_owned())
}

/// Refuses folders, empty files and files over [`MAX_FILE_BYTES`] before anything is read.
fn check_size(path: &Path) -> Result<(), ImportError> {
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

/// The file's hash (streamed), under the size limits.
fn hash_checked(path: &Path) -> Result<blake3::Hash, ImportError> {
    check_size(path)?;
    crate::store::hash_file(path).map_err(ImportError::Read)
}

/// Imports one file whose hash is known to be new.
fn import_one(
    paths: &ProjectPaths,
    path: &Path,
    hash: &blake3::Hash,
) -> Result<Photo, ImportError> {
    let bytes = read_photo_file(path)?;
    // The file may have changed since it was hashed; the id must match the bytes we store.
    let hash = if blake3::hash(&bytes) == *hash {
        *hash
    } else {
        blake3::hash(&bytes)
    };
    let DecodedFile {
        format,
        meta,
        decoded,
    } = decode_file(&bytes, path, None, Some(PREVIEW_SIDE))?;
    let id = photo_id(&hash);
    let file = format!("photos/{id}.{}", format.extension());
    let original_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (taken_at, taken_at_source) = capture_time(&meta, &original_name, path);
    let photo = Photo {
        id,
        file,
        original_name,
        hash: hash.to_hex().to_string(),
        byte_len: bytes.len() as u64,
        taken_at,
        taken_at_source,
        utc_offset_minutes: meta.utc_offset_minutes,
        width: decoded.width,
        height: decoded.height,
        orientation: meta.orientation,
        alignment: None,
        eyes: None,
        white_patch: None,
        annotation: Annotation::default(),
        excluded: false,
    };
    // The original goes in through a temporary name and a rename: an interrupted import
    // leaves no half-written photo under a real name.
    let dest = paths.root.join(&photo.file);
    if !dest.exists() {
        write_atomic_unique(&dest, &bytes).map_err(ImportError::Store)?;
    }
    write_derivatives(paths, &photo, &decoded.image).map_err(ImportError::Store)?;
    Ok(photo)
}

/// EXIF DateTimeOriginal, else a date in the file name, else the file's modification time.
fn capture_time(meta: &PhotoMetadata, name: &str, path: &Path) -> (NaiveDateTime, DateSource) {
    if let Some(t) = meta.taken_at {
        return (t, DateSource::Exif);
    }
    if let Some(t) = date_from_file_name(name) {
        return (t, DateSource::FileName);
    }
    let mtime = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(DateTime::<Local>::from)
        .unwrap_or_else(|_| Local::now());
    (mtime.naive_local(), DateSource::FileTime)
}
