//! The sample project opened from a working copy in the user's data folder, so trying the app
//! never changes the source tree (or an installed, read-only copy of the sample).

use std::path::{Path, PathBuf};

use super::StoreError;
use super::paths::PROJECT_FILE;

/// The user's data folder: `$XDG_DATA_HOME`, else `$HOME/.local/share`; `None` when neither
/// is set.
pub fn data_home() -> Option<PathBuf> {
    let non_empty = |v: std::ffi::OsString| (!v.is_empty()).then(|| PathBuf::from(v));
    std::env::var_os("XDG_DATA_HOME")
        .and_then(non_empty)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(non_empty)
                .map(|h| h.join(".local").join("share"))
        })
}

/// Where the working copy of `sample` lives under `data_home`.
pub fn sample_copy_path(sample: &Path, data_home: &Path) -> PathBuf {
    let name = sample
        .file_name()
        .map_or_else(|| "demo.afterglow".into(), |n| n.to_os_string());
    data_home.join("afterglow").join("sample").join(name)
}

/// The working copy of the sample project `sample` under `data_home`, made on first use: the
/// project file, its photos and caches (the lock and temporary files stay behind). An
/// existing copy is kept as it is, with the user's edits. The copy is written under a
/// temporary name and renamed, so an interrupted copy never passes for the sample.
pub fn sample_working_copy(sample: &Path, data_home: &Path) -> Result<PathBuf, StoreError> {
    let dest = sample_copy_path(sample, data_home);
    if dest.join(PROJECT_FILE).is_file() {
        return Ok(dest);
    }
    if !sample.join(PROJECT_FILE).is_file() {
        return Err(StoreError::NotAProject {
            path: sample.to_path_buf(),
        });
    }
    let parent = dest.parent().unwrap_or(data_home);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let partial = parent.join(format!(".copy-{}", std::process::id()));
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(io(&partial))?;
    }
    copy_tree(sample, &partial)?;
    if dest.exists() {
        // A folder without a project file (an older interrupted copy): replaced.
        std::fs::remove_dir_all(&dest).map_err(io(&dest))?;
    }
    std::fs::rename(&partial, &dest).map_err(io(&dest))?;
    Ok(dest)
}

/// Copies `from` into a new folder `to`, leaving out the lock and temporary files.
fn copy_tree(from: &Path, to: &Path) -> Result<(), StoreError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text == "project.lock" || text.ends_with(".tmp") || text.starts_with(".tmp") {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        let kind = entry.file_type().map_err(io(&src))?;
        if kind.is_dir() {
            copy_tree(&src, &dst)?;
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).map_err(io(&dst))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_made_once_without_the_lock_and_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let sample = dir.path().join("demo.afterglow");
        std::fs::create_dir_all(sample.join("photos")).unwrap();
        std::fs::write(sample.join(PROJECT_FILE), "{}").unwrap();
        std::fs::write(sample.join("project.lock"), "1").unwrap();
        std::fs::write(sample.join("photos").join("a.jpg"), "jpeg").unwrap();
        let home = dir.path().join("data");
        let copy = sample_working_copy(&sample, &home).unwrap();
        assert_eq!(copy, home.join("afterglow/sample/demo.afterglow"));
        assert!(copy.join("photos/a.jpg").is_file());
        assert!(!copy.join("project.lock").exists());
        // The user's edits to the copy survive the next opening.
        std::fs::write(copy.join(PROJECT_FILE), "{\"edited\":1}").unwrap();
        let again = sample_working_copy(&sample, &home).unwrap();
        assert_eq!(
            std::fs::read_to_string(again.join(PROJECT_FILE)).unwrap(),
            "{\"edited\":1}"
        );
        // No temporary folder is left beside it.
        let left: Vec<_> = std::fs::read_dir(copy.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn a_folder_without_a_project_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = sample_working_copy(&dir.path().join("nothing"), dir.path()).unwrap_err();
        assert!(err.to_string().contains("nothing"), "{err}");
    }
}
