//! Where things live inside a project folder, and the rule that every path stored in
//! `project.json` is relative and stays inside the folder.

use std::path::{Path, PathBuf};

use crate::project::Photo;

/// Photo files larger than this are refused before reading, by import and by Locate (no
/// phone photo comes close).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The project's data, in the project folder.
pub const PROJECT_FILE: &str = "project.json";
/// The previous save of `project.json`, kept for recovery.
pub const BACKUP_FILE: &str = "project.json.bak";
/// Where a save is written before it is renamed over `project.json`.
pub const TEMP_FILE: &str = "project.json.tmp";
/// Held by the instance that may write the project.
pub const LOCK_FILE: &str = "project.lock";
/// The imported originals, byte for byte.
pub const PHOTOS_DIR: &str = "photos";
/// Originals of photos removed from the project.
pub const TRASH_DIR: &str = "trash";
/// Thumbnails, previews and other files rebuilt on demand.
pub const CACHE_DIR: &str = "cache";

/// Why a stored path was refused, or `None` when it is a plain relative path inside
/// `photos/` or `trash/`.
pub fn unsafe_photo_path(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        return Some("the path is empty");
    }
    if value.contains('\\') || value.contains('\0') {
        return Some(
            "the path holds a backslash or NUL; only '/'-separated relative paths are allowed",
        );
    }
    if value.starts_with('/') || Path::new(value).is_absolute() {
        return Some("absolute paths are not allowed; paths must stay inside the project folder");
    }
    let parts: Vec<&str> = value.split('/').collect();
    if parts.contains(&"..") {
        return Some("'..' is not allowed; paths must stay inside the project folder");
    }
    if parts.iter().any(|p| p.is_empty() || *p == ".") {
        return Some("only plain relative paths are allowed");
    }
    match parts.as_slice() {
        [dir, _] if *dir == PHOTOS_DIR || *dir == TRASH_DIR => None,
        _ => Some("a photo must be a file directly inside photos/ or trash/"),
    }
}

/// The paths of one project folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectPaths {
    /// The project folder.
    pub root: PathBuf,
}

impl ProjectPaths {
    /// The paths of the project folder at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `project.json`.
    pub fn project_file(&self) -> PathBuf {
        self.root.join(PROJECT_FILE)
    }

    /// `project.json.bak`.
    pub fn backup_file(&self) -> PathBuf {
        self.root.join(BACKUP_FILE)
    }

    /// `project.json.tmp`.
    pub fn temp_file(&self) -> PathBuf {
        self.root.join(TEMP_FILE)
    }

    /// `project.lock`.
    pub fn lock_file(&self) -> PathBuf {
        self.root.join(LOCK_FILE)
    }

    /// `photos/`.
    pub fn photos_dir(&self) -> PathBuf {
        self.root.join(PHOTOS_DIR)
    }

    /// `trash/`.
    pub fn trash_dir(&self) -> PathBuf {
        self.root.join(TRASH_DIR)
    }

    /// `cache/`.
    pub fn cache_dir(&self) -> PathBuf {
        self.root.join(CACHE_DIR)
    }

    /// `cache/<kind>/<name>`, e.g. `cache/thumbs/0123abcd.jpg`.
    pub fn cache_file(&self, kind: &str, name: &str) -> PathBuf {
        self.cache_dir().join(kind).join(name)
    }

    /// The photo's thumbnail in the cache.
    pub fn thumbnail(&self, photo: &Photo) -> PathBuf {
        self.cache_file("thumbs", &format!("{}.jpg", photo.id))
    }

    /// The photo's preview in the cache.
    pub fn preview(&self, photo: &Photo) -> PathBuf {
        self.cache_file("previews", &format!("{}.jpg", photo.id))
    }

    /// Where the photo's original is: where `project.json` says, or in the other of
    /// `photos/` and `trash/` if a save was interrupted between writing the file and moving
    /// the photo. Paths were checked on load, so joining cannot leave the folder.
    pub fn original(&self, photo: &Photo) -> PathBuf {
        let declared = self.root.join(&photo.file);
        if declared.exists() {
            return declared;
        }
        for dir in [PHOTOS_DIR, TRASH_DIR] {
            let other = self.root.join(dir).join(photo.file_name());
            if other.exists() {
                return other;
            }
        }
        declared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_pass_and_escapes_are_refused() {
        assert_eq!(unsafe_photo_path("photos/0123456789abcdef.jpg"), None);
        assert_eq!(unsafe_photo_path("trash/0123456789abcdef.jpg"), None);
        for bad in [
            "",
            "/etc/passwd",
            "../x.jpg",
            "photos/../../x.jpg",
            "photos/./x.jpg",
            "photos\\x.jpg",
            "cache/x.jpg",
            "photos/a/b.jpg",
            "photos",
        ] {
            assert!(unsafe_photo_path(bad).is_some(), "{bad:?} was accepted");
        }
    }
}
