//! Importing photos: walk the inputs, refuse what is not a usable photo (saying why), copy
//! originals byte for byte into `photos/` under their content hash, date them, and write a
//! thumbnail and a preview into `cache/`. Reading and decoding a photo file is
//! `crate::photo_file`; the previews are `crate::previews`.

pub use crate::photo_file::{
    DecodeError, DecodeLimits, Decoded, DecodedFile, ImportError, JpegStructure,
    JpegStructureError, PhotoFormat, PhotoMetadata, Sniffed, date_from_file_name, decode,
    decode_file, looks_like_photo, parse_exif_datetime, parse_offset, read_exif_block,
    read_metadata, read_photo_file, sniff, walk_jpeg,
};
pub use crate::previews::{
    PREVIEW_SIDE, THUMB_SIDE, load_preview, load_thumbnail, read_original, write_derivatives,
};
pub use crate::progress::Progress;
pub use file_kinds::{SkipKind, skip_kind, skipped_summary};
pub use sidecar::{SidecarDate, sidecar_date};

mod file_kinds;
mod sidecar;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Local, NaiveDateTime};
use rayon::prelude::*;

use crate::imaging::write_atomic_unique;
use crate::photo_file::check_size;
use crate::project::{Annotation, DateSource, Photo, PhotoId, Project};
use crate::store::ProjectPaths;

/// What happened to one input file.
#[derive(Debug)]
pub enum Outcome {
    /// Stored in the project (the photo as added).
    Imported(Box<Photo>),
    /// The same bytes are already in the project, as this photo.
    Duplicate(PhotoId),
    /// Not imported, and why.
    Rejected(ImportError),
    /// A video or a sidecar that came with the photos: skipped without a word, counted.
    Skipped(SkipKind),
}

/// One input file and what happened to it.
#[derive(Debug)]
pub struct FileReport {
    /// The file as given (after expanding folders).
    pub path: PathBuf,
    /// What happened to it.
    pub outcome: Outcome,
    /// Something the user should know about an imported file (a sidecar that was ignored).
    pub note: Option<String>,
}

impl FileReport {
    /// The one line the command line prints for this file.
    pub fn line(&self) -> String {
        let path = self.path.display();
        let note = self
            .note
            .as_ref()
            .map(|n| format!("; {n}"))
            .unwrap_or_default();
        match &self.outcome {
            Outcome::Imported(p) => format!(
                "imported: {path} (taken {}, date from {}{note})",
                p.taken_iso(),
                p.taken_at_source.label()
            ),
            Outcome::Duplicate(id) => {
                format!("duplicate: {path} (already in the project as {id})")
            }
            Outcome::Rejected(e) => format!("rejected: {path}: {e}"),
            Outcome::Skipped(SkipKind::Video) => format!("skipped: {path} (a video)"),
            Outcome::Skipped(SkipKind::Sidecar) => format!("skipped: {path} (a sidecar file)"),
        }
    }
}

/// The summary of what an import skipped ("skipped 2 videos and 5 sidecar files"), if anything.
pub fn skipped_in(reports: &[FileReport]) -> Option<String> {
    let count = |kind: SkipKind| {
        reports
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Skipped(k) if k == kind))
            .count()
    };
    skipped_summary(count(SkipKind::Video), count(SkipKind::Sidecar))
}

/// One input after folders are expanded.
#[derive(Debug)]
pub enum Input {
    /// A file to import.
    Photo,
    /// A video or sidecar, skipped and counted.
    Skip(SkipKind),
    /// A folder entry that could not be read.
    Error(ImportError),
}

/// Expands folders (recursively; hidden entries and names that are neither photos, videos
/// nor sidecars are passed over) and keeps files named directly. Videos and sidecars are
/// kept as skipped entries, to be counted; a folder that cannot be walked becomes an error.
pub fn collect_inputs(inputs: &[PathBuf]) -> Vec<(PathBuf, Input)> {
    let mut out = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            let kind = skip_kind(input).map_or(Input::Photo, Input::Skip);
            out.push((input.clone(), kind));
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
                    out.push((e.into_path(), Input::Photo));
                }
                Ok(e) if e.file_type().is_file() => {
                    if let Some(kind) = skip_kind(e.path()) {
                        out.push((e.into_path(), Input::Skip(kind)));
                    }
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
                    out.push((path, Input::Error(ImportError::Walk(why))));
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
    let hashed: Vec<Option<Result<blake3::Hash, ImportError>>> = files
        .par_iter()
        .map(|(path, input)| matches!(input, Input::Photo).then(|| hash_checked(path)))
        .collect();
    let mut known: HashSet<String> = project
        .photos
        .iter()
        .chain(&project.trash)
        .map(|p| p.id.0.clone())
        .collect();
    let mut plan = Vec::with_capacity(total);
    for ((path, input), hash) in files.into_iter().zip(hashed) {
        let step = match (input, hash) {
            (Input::Error(e), _) => Step::Done(Outcome::Rejected(e)),
            (Input::Skip(kind), _) => Step::Done(Outcome::Skipped(kind)),
            (Input::Photo, None) => continue,
            (Input::Photo, Some(Err(e))) => Step::Done(Outcome::Rejected(e)),
            (Input::Photo, Some(Ok(hash))) => {
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
    let space = SpaceGuard::new(paths);
    plan.into_par_iter()
        .map(|(path, step)| {
            let mut note = None;
            let outcome = match step {
                Step::Done(o) => o,
                Step::Import(_) if cancel.load(Ordering::Relaxed) => {
                    Outcome::Rejected(ImportError::Cancelled)
                }
                Step::Import(hash) => match import_one(paths, &path, &hash, &space) {
                    Ok((photo, why)) => {
                        note = why;
                        Outcome::Imported(Box::new(photo))
                    }
                    Err(e) => Outcome::Rejected(e),
                },
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Progress { done: n, total });
            FileReport {
                path,
                outcome,
                note,
            }
        })
        .collect()
}

enum Step {
    Done(Outcome),
    Import(blake3::Hash),
}

/// Keeps a full disk from losing the import: originals are copied one at a time after a
/// check of the free space that leaves room to save the project listing them
/// (`store::save_reserve`), and previews and thumbnails — caches, rebuilt when needed — are
/// skipped when space runs short.
struct SpaceGuard {
    reserve: u64,
    copying: Mutex<()>,
}

/// Free space wanted beyond the reserve before a photo's preview and thumbnail are written.
const CACHE_ROOM: u64 = 2 * 1024 * 1024;

impl SpaceGuard {
    fn new(paths: &ProjectPaths) -> Self {
        Self {
            reserve: crate::store::save_reserve(paths),
            copying: Mutex::new(()),
        }
    }

    /// Copies `bytes` to `dest` when they fit with the reserve to spare.
    fn store_original(
        &self,
        paths: &ProjectPaths,
        dest: &Path,
        bytes: &[u8],
    ) -> Result<(), ImportError> {
        // One copy at a time, so two threads cannot both see the same free space.
        let _one_at_a_time = self.copying.lock().unwrap_or_else(PoisonError::into_inner);
        let size = bytes.len() as u64;
        if let Some(free) = crate::store::free_bytes(&paths.root) {
            let wanted = size + self.reserve;
            if free < wanted {
                return Err(ImportError::DiskFull {
                    needed: wanted - free,
                });
            }
        }
        write_atomic_unique(dest, bytes).map_err(|e| {
            if e.kind() == std::io::ErrorKind::StorageFull {
                ImportError::DiskFull { needed: size }
            } else {
                ImportError::Store(e)
            }
        })
    }

    /// Whether there is room for a photo's preview and thumbnail beside the reserve.
    fn room_for_cache(&self, paths: &ProjectPaths) -> bool {
        crate::store::free_bytes(&paths.root).is_none_or(|free| free >= self.reserve + CACHE_ROOM)
    }
}

/// The photos an import could not copy in because the disk was full, and about how much
/// more room they need: said once for all of them ("Disk full: 12 of 15 photos imported; 3
/// need about 4 MB more").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiskFullSummary {
    /// How many photos were refused for want of room.
    pub files: usize,
    /// Bytes still missing: the first refusal's shortfall (its size and the project's save
    /// room, less what was free) plus the sizes of the others.
    pub needed: u64,
}

impl DiskFullSummary {
    /// The summary of `reports`; `None` when no photo was refused for want of room.
    pub fn of(reports: &[FileReport]) -> Option<DiskFullSummary> {
        let mut summary = DiskFullSummary {
            files: 0,
            needed: 0,
        };
        for r in reports {
            if let Outcome::Rejected(ImportError::DiskFull { needed }) = r.outcome {
                summary.needed += if summary.files == 0 {
                    needed
                } else {
                    std::fs::metadata(&r.path).map_or(needed, |m| m.len())
                };
                summary.files += 1;
            }
        }
        (summary.files > 0).then_some(summary)
    }

    /// "Disk full: 12 of 15 photos imported; 3 need about 4 MB more", with `imported` the
    /// photos the saved project now holds from this import.
    pub fn message(&self, imported: usize) -> String {
        let n = self.files;
        format!(
            "Disk full: {imported} of {} photos imported; {n} need{} about {} MB more",
            imported + n,
            if n == 1 { "s" } else { "" },
            self.needed.div_ceil(1_000_000).max(1),
        )
    }
}

/// Removes what an import wrote for `photos` (the copied originals, previews and
/// thumbnails) when the project holding them could not be saved, so a failed import leaves
/// no strays. Only for photos the saved project does not hold. Returns the bytes they took
/// (what importing them needs).
pub fn discard_unsaved(paths: &ProjectPaths, photos: &[Photo]) -> u64 {
    let mut bytes = 0;
    for photo in photos {
        let original = paths.root.join(&photo.file);
        for file in [original, paths.preview(photo), paths.thumbnail(photo)] {
            bytes += std::fs::metadata(&file).map_or(0, |m| m.len());
            std::fs::remove_file(file).ok();
        }
    }
    bytes
}

/// A photo's id: the first 16 hex digits of its original's BLAKE3 hash.
pub fn photo_id(hash: &blake3::Hash) -> PhotoId {
    PhotoId(hash.to_hex()[..16].to_owned())
}

/// The file's hash (streamed), under the size limits.
fn hash_checked(path: &Path) -> Result<blake3::Hash, ImportError> {
    check_size(path)?;
    crate::store::hash_file(path).map_err(ImportError::Read)
}

/// Imports one file whose hash is known to be new; with it, a note for the user (a sidecar
/// whose date was ignored).
fn import_one(
    paths: &ProjectPaths,
    path: &Path,
    hash: &blake3::Hash,
    space: &SpaceGuard,
) -> Result<(Photo, Option<String>), ImportError> {
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
    let CaptureTime {
        taken_at,
        source: taken_at_source,
        date_only,
        utc_offset_minutes,
        note,
    } = capture_time(&meta, &original_name, path);
    let photo = Photo {
        id,
        file,
        original_name,
        hash: hash.to_hex().to_string(),
        byte_len: bytes.len() as u64,
        taken_at,
        taken_at_source,
        date_only,
        utc_offset_minutes,
        width: decoded.width,
        height: decoded.height,
        orientation: meta.orientation,
        alignment: None,
        eyes: None,
        white_patch: None,
        annotation: Annotation::default(),
        excluded: false,
        view_set: None,
        face_yaw: None,
    };
    // The original goes in through a temporary name and a rename: an interrupted import
    // leaves no half-written photo under a real name.
    let dest = paths.root.join(&photo.file);
    if !dest.exists() {
        space.store_original(paths, &dest, &bytes)?;
    }
    // Previews are a cache: on a disk running full they are left for later (made when the
    // photo is first shown) rather than costing the photo its place in the project.
    if space.room_for_cache(paths) {
        match write_derivatives(paths, &photo, &decoded.image) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => {}
            Err(e) => return Err(ImportError::Store(e)),
        }
    }
    Ok((photo, note))
}

/// A photo's capture time as import found it.
struct CaptureTime {
    taken_at: NaiveDateTime,
    source: DateSource,
    /// Only the day is known (a file name without a time): `taken_at` is its midnight.
    date_only: bool,
    utc_offset_minutes: Option<i32>,
    /// Why a sidecar next to the file was not used, when one was there.
    note: Option<String>,
}

impl CaptureTime {
    /// A full date-time (EXIF, a sidecar, the file's time): EXIF dates always have a time.
    fn timed(taken_at: NaiveDateTime, source: DateSource, utc_offset_minutes: Option<i32>) -> Self {
        CaptureTime {
            taken_at,
            source,
            date_only: false,
            utc_offset_minutes,
            note: None,
        }
    }
}

/// EXIF DateTimeOriginal, else an export's sidecar, else a date in the file name (date-only
/// when the name has no time), else the file's modification time.
fn capture_time(meta: &PhotoMetadata, name: &str, path: &Path) -> CaptureTime {
    if let Some(t) = meta.taken_at {
        return CaptureTime::timed(t, DateSource::Exif, meta.utc_offset_minutes);
    }
    let note = match sidecar_date(path) {
        SidecarDate::Found {
            taken_at,
            utc_offset_minutes,
        } => {
            return CaptureTime::timed(taken_at, DateSource::Sidecar, Some(utc_offset_minutes));
        }
        SidecarDate::Ignored(why) => Some(why),
        SidecarDate::None => None,
    };
    if let Some(d) = crate::photo_file::dated_from_file_name(name) {
        return CaptureTime {
            date_only: !d.time_known,
            note,
            ..CaptureTime::timed(d.at, DateSource::FileName, None)
        };
    }
    let mtime = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(DateTime::<Local>::from)
        .unwrap_or_else(|_| Local::now());
    CaptureTime {
        note,
        ..CaptureTime::timed(mtime.naive_local(), DateSource::FileTime, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: PathBuf, outcome: Outcome) -> FileReport {
        FileReport {
            path,
            outcome,
            note: None,
        }
    }

    #[test]
    fn photos_refused_for_room_are_summed_into_one_message() {
        let dir = tempfile::tempdir().unwrap();
        let second = dir.path().join("b.jpg");
        std::fs::write(&second, vec![0u8; 1_500_000]).unwrap();
        let full = |needed| Outcome::Rejected(ImportError::DiskFull { needed });
        let reports = vec![
            report(dir.path().join("a.jpg"), full(2_600_000)),
            report(second, full(9)),
            report(
                dir.path().join("c.jpg"),
                Outcome::Rejected(ImportError::Empty),
            ),
        ];
        let summary = DiskFullSummary::of(&reports).unwrap();
        // The first one's shortfall, then the others' own sizes.
        assert_eq!(summary.files, 2);
        assert_eq!(summary.needed, 4_100_000);
        assert_eq!(
            summary.message(12),
            "Disk full: 12 of 14 photos imported; 2 need about 5 MB more"
        );
        assert_eq!(DiskFullSummary::of(&reports[2..]), None);
    }
}
