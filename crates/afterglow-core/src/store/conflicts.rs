//! Conflict copies of `project.json` that sync tools leave beside it when the project was
//! changed on two machines: Dropbox's "project (conflicted copy 2026-03-02).json",
//! Syncthing's "project.sync-conflict-20260302-101010-ABCDEFG.json", OneDrive's
//! "project-LAPTOP.json", iCloud Drive's "project 2.json". Found by name, read with the same
//! checks as `project.json` itself.

use std::path::{Path, PathBuf};

use super::{StoreError, parse_named};
use crate::project::Project;

/// True when `name` (a file name in a project folder) is a sync tool's copy of
/// `project.json` rather than the file itself, its temporary file or backup.
pub fn is_conflict_copy(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower.strip_suffix(".json") else {
        return false;
    };
    if stem == "project" {
        return false;
    }
    let Some(rest) = stem.strip_prefix("project") else {
        return false;
    };
    // Dropbox: " (conflicted copy …)", also " (Name's conflicted copy …)".
    let dropbox = rest.starts_with(" (") && rest.contains("conflicted copy");
    // Syncthing: ".sync-conflict-DATE-TIME-DEVICE".
    let syncthing = rest.starts_with(".sync-conflict-");
    // OneDrive: "-MACHINE" (letters, digits, dashes).
    let onedrive = rest.len() > 1
        && rest.starts_with('-')
        && rest[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    // iCloud Drive: " 2", " 3", …
    let icloud =
        rest.len() > 1 && rest.starts_with(' ') && rest[1..].chars().all(|c| c.is_ascii_digit());
    dropbox || syncthing || onedrive || icloud
}

/// The conflict copies lying directly in the project folder `root`, by name.
pub fn conflict_copies(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| e.file_name().to_str().is_some_and(is_conflict_copy))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Reads the conflict copy `file` of the project at `root` with the checks `project.json`
/// gets: a damaged or newer-version copy is an error naming it. `file` must lie directly in
/// `root` (a copy elsewhere is not this project's).
pub fn load_copy(root: &Path, file: &Path) -> Result<Project, StoreError> {
    let inside = file
        .parent()
        .zip(root.canonicalize().ok())
        .and_then(|(parent, root)| {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            parent.canonicalize().ok().map(|p| p == root)
        })
        .unwrap_or(false);
    if !inside {
        return Err(StoreError::Io {
            path: file.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a conflict copy must lie in the project folder itself",
            ),
        });
    }
    let bytes = std::fs::read(file).map_err(|source| StoreError::Io {
        path: file.to_owned(),
        source,
    })?;
    parse_named(&bytes, file, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_sync_tools_give_their_copies_are_found() {
        for name in [
            "project (conflicted copy 2026-03-02).json",
            "project (Anna's conflicted copy 2026-03-02).json",
            "project.sync-conflict-20260302-101010-ABCDEFG.json",
            "project-LAPTOP.json",
            "project-DESKTOP-4F2K.json",
            "project 2.json",
            "Project 3.JSON",
        ] {
            assert!(is_conflict_copy(name), "{name}");
        }
        for name in [
            "project.json",
            "project.json.tmp",
            "project.json.bak",
            "project.backup.json",
            "notes.json",
            "project (copy).txt",
            "project-.json",
            "project 2b.json",
            "other-project.json",
        ] {
            assert!(!is_conflict_copy(name), "{name}");
        }
    }
}
