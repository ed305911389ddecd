//! Free space on the project's disk, so an import stores what fits and leaves room to save
//! the project that lists it.

use std::path::Path;

use super::ProjectPaths;

/// Bytes a user may still write on the disk holding `path`; `None` where it cannot be told
/// (then writes go ahead, and a full disk is met as an error on the write).
pub fn free_bytes(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let s = rustix::fs::statvfs(path).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// What must stay free for the project to be saved after an import: the new `project.json`
/// is written beside the old one and the old one kept as the backup, so twice its size, plus
/// room for the photos' entries (about 1 kB each) and the file system's own blocks.
pub fn save_reserve(paths: &ProjectPaths) -> u64 {
    const SLACK: u64 = 512 * 1024;
    let current = std::fs::metadata(paths.project_file()).map_or(0, |m| m.len());
    2 * current + SLACK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_free_space_of_a_folder_is_known_and_the_reserve_grows_with_the_project() {
        let dir = tempfile::tempdir().unwrap();
        assert!(free_bytes(dir.path()).is_some_and(|b| b > 0));
        let paths = ProjectPaths::new(dir.path());
        let empty = save_reserve(&paths);
        std::fs::write(paths.project_file(), vec![b' '; 100_000]).unwrap();
        assert_eq!(save_reserve(&paths), empty + 200_000);
    }
}
