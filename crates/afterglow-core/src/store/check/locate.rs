//! Missing photos and putting them back: the core of the app's "Locate…" action and of
//! `afterglow check --search FOLDER`. A file is accepted only when its content hashes to the
//! photo's stored blake3; the project's `project.json` does not change (the photo keeps its
//! id, name and place).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::hash_hex;
use crate::imaging::write_atomic_unique;
use crate::project::{Photo, PhotoId, Project};
use crate::store::ProjectPaths;

/// Why a file could not be put back as a photo.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    /// The file could not be read.
    #[error("{path}: cannot read it: {source}")]
    Read {
        /// The file given.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: this is not the photo {original_name} ({id}): its content differs from the \
         photo that was imported, so it was not used"
    )]
    /// The file's content is not the photo's (its hash differs), so it was not used.
    NotThePhoto {
        /// The file given.
        path: PathBuf,
        /// The photo it was offered for.
        id: PhotoId,
        /// That photo's original name, for the message.
        original_name: String,
    },
    /// Copying the file into the project failed.
    #[error("{path}: cannot put the photo back: {source}")]
    Write {
        /// Where it was being written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// The photos (in `photos` then `trash`) whose original file is nowhere in the project
/// folder. Cheap: it only asks whether files exist, so the app can run it on open and mark
/// those photos "missing" (their cached previews may still show). `check` also verifies
/// content.
pub fn missing_photos(paths: &ProjectPaths, project: &Project) -> Vec<PhotoId> {
    project
        .photos
        .iter()
        .chain(&project.trash)
        .filter(|p| !paths.original(p).exists())
        .map(|p| p.id.clone())
        .collect()
}

/// Puts `candidate` back as `photo`'s original after checking that its content is the
/// photo's (blake3 equal to the stored hash). Copies (the user's file stays where it is),
/// through a temporary name and a rename. A file already in the photo's place with other
/// content is kept beside it as `<name>.changed`. Returns where the photo now is. The caller
/// holds the project's writer lock and runs this off the UI thread (it reads and hashes the
/// whole file).
pub fn locate(
    paths: &ProjectPaths,
    photo: &Photo,
    candidate: &Path,
) -> Result<PathBuf, LocateError> {
    let read_error = |source| LocateError::Read {
        path: candidate.to_owned(),
        source,
    };
    let meta = std::fs::metadata(candidate).map_err(read_error)?;
    if !meta.is_file() || meta.len() > crate::store::MAX_FILE_BYTES {
        return Err(not_the_photo(candidate, photo));
    }
    // Read once and hash what we read, so the bytes stored are the bytes checked.
    let bytes = std::fs::read(candidate).map_err(read_error)?;
    if blake3::hash(&bytes).to_hex().as_str() != photo.hash {
        return Err(not_the_photo(candidate, photo));
    }
    let dest = paths.root.join(&photo.file);
    let write_error = |source| LocateError::Write {
        path: dest.clone(),
        source,
    };
    if dest.exists() {
        if hash_hex(&dest).is_ok_and(|h| h == photo.hash) {
            return Ok(dest);
        }
        set_aside(&dest).map_err(write_error)?;
    }
    write_atomic_unique(&dest, &bytes).map_err(write_error)?;
    Ok(dest)
}

fn not_the_photo(candidate: &Path, photo: &Photo) -> LocateError {
    LocateError::NotThePhoto {
        path: candidate.to_owned(),
        id: photo.id.clone(),
        original_name: photo.original_name.clone(),
    }
}

/// Renames `path` to `<path>.changed` (or `.changed-2`, …), never over another file. Returns
/// the new path.
pub(crate) fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..1000 {
        let suffix = if n == 1 {
            "changed".to_owned()
        } else {
            format!("changed-{n}")
        };
        let aside = path.with_file_name(format!("{name}.{suffix}"));
        if !aside.exists() {
            std::fs::rename(path, &aside)?;
            return Ok(aside);
        }
    }
    Err(std::io::Error::other("too many set-aside copies already"))
}

/// Looks through `dir` (recursively, links not followed) for files with the content of
/// `wanted` photos. Only files of a wanted photo's size are hashed, so a big folder is cheap
/// to search. Returns the first match for each photo found.
pub fn find_in_folder(wanted: &[&Photo], dir: &Path) -> Vec<(PhotoId, PathBuf)> {
    let sizes: HashSet<u64> = wanted.iter().map(|p| p.byte_len).collect();
    // Projects written before byte_len existed store 0: then every file is a candidate.
    let any_size = sizes.contains(&0);
    let candidates: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| any_size || e.metadata().is_ok_and(|m| sizes.contains(&m.len())))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let hashed: Vec<(PathBuf, String)> = candidates
        .into_par_iter()
        .filter_map(|p| hash_hex(&p).ok().map(|h| (p, h)))
        .collect();
    let mut found = Vec::new();
    for photo in wanted {
        if let Some((path, _)) = hashed.iter().find(|(_, h)| *h == photo.hash) {
            found.push((photo.id.clone(), path.clone()));
        }
    }
    found
}
