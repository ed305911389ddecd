//! A file's BLAKE3 hash, the one way Afterglow hashes files (import, `check`, Locate): streamed,
//! so a photo is never held in memory whole just to be hashed.

use std::path::Path;

/// The BLAKE3 hash of the file at `path`, read in chunks.
pub fn hash_file(path: &Path) -> std::io::Result<blake3::Hash> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize())
}
