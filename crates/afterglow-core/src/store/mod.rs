//! The project folder on disk: create, load (with every check), atomic save with a backup,
//! and the single-writer lock.
//!
//! ```text
//! Name.afterglow/
//!   project.json      the truth
//!   project.json.bak  the previous good version
//!   photos/           originals, byte for byte, named <16 hex of blake3>.<ext>
//!   cache/            thumbnails, previews, aligned previews — safe to delete
//!   trash/            photos the user removed
//! ```

pub mod check;
pub mod conflicts;
mod error;
mod hash;
mod header;
mod lock;
mod paths;
mod sample_copy;
mod space;

pub use error::StoreError;
pub use hash::hash_file;
pub use lock::{LockOutcome, ProjectLock};
pub use paths::*;
pub use sample_copy::{data_home, sample_copy_path, sample_working_copy};
pub use space::{free_bytes, save_reserve};

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::project::{FORMAT, Project, VERSION};

/// A `project.json` larger than this is refused: 2,000 photos take about 3 MB.
pub const MAX_PROJECT_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Creates a new, empty project folder (the folder may exist but must not hold a project).
pub fn create(root: &Path, name: &str) -> Result<Project, StoreError> {
    let paths = ProjectPaths::new(root);
    if paths.project_file().exists() {
        return Err(StoreError::AlreadyExists {
            path: root.to_owned(),
        });
    }
    for dir in [paths.photos_dir(), paths.cache_dir(), paths.trash_dir()] {
        fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
    }
    let project = Project::new(name, chrono::Utc::now());
    save(root, &project)?;
    Ok(project)
}

/// Reads and checks `project.json`. Nothing on disk is changed, whatever the outcome.
pub fn load(root: &Path) -> Result<Project, StoreError> {
    let paths = ProjectPaths::new(root);
    let bytes = match read_capped(&paths.project_file()) {
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::NotAProject {
                path: root.to_owned(),
            });
        }
        other => other?,
    };
    parse(&bytes, &paths)
}

/// Reads a project file, refusing one over [`MAX_PROJECT_FILE_BYTES`] before reading it.
pub(crate) fn read_capped(file: &Path) -> Result<Vec<u8>, StoreError> {
    let meta = fs::metadata(file).map_err(|e| StoreError::io(file, e))?;
    if meta.len() > MAX_PROJECT_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: file.to_owned(),
            size: meta.len(),
            limit: MAX_PROJECT_FILE_BYTES,
        });
    }
    fs::read(file).map_err(|e| StoreError::io(file, e))
}

/// Parses and checks the bytes of a `project.json` belonging to the folder `paths`.
pub fn parse(bytes: &[u8], paths: &ProjectPaths) -> Result<Project, StoreError> {
    let backup = paths.backup_file();
    let backup = backup.exists().then_some(backup);
    parse_named(bytes, &paths.project_file(), backup)
}

/// [`parse`] for the bytes of `file` (`project.json` or its backup); errors name `file` and
/// point at `backup` when there is one to go back to.
pub(crate) fn parse_named(
    bytes: &[u8],
    file: &Path,
    backup: Option<PathBuf>,
) -> Result<Project, StoreError> {
    let file = file.to_owned();
    let malformed = |e: serde_json::Error| StoreError::Malformed {
        path: file.clone(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
        backup: backup.clone(),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        StoreError::Malformed {
            path: file.clone(),
            line,
            column,
            message: "the file is not valid UTF-8 text".to_owned(),
            backup: backup.clone(),
        }
    })?;
    // Look at the header first so a newer version is refused before its fields can confuse us.
    let header: header::Header = serde_json::from_str(text).map_err(malformed)?;
    let format = header.format.text();
    if format != FORMAT {
        return Err(StoreError::WrongFormat {
            path: file,
            found: format.to_owned(),
        });
    }
    match header.version.unsigned() {
        Some(v) if v > u64::from(VERSION) => {
            return Err(StoreError::NewerVersion {
                path: file,
                found: v,
                supported: VERSION,
            });
        }
        Some(v) if v >= 1 => {}
        _ => {
            return Err(StoreError::Inconsistent {
                path: file,
                problem: "\"version\" is missing or not a positive whole number".to_owned(),
            });
        }
    }
    let project: Project = serde_json::from_str(text).map_err(malformed)?;
    validate(&project, &file)?;
    Ok(project)
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The checks beyond the JSON schema: safe paths, unique ids, references that resolve.
fn validate(project: &Project, file: &Path) -> Result<(), StoreError> {
    let inconsistent = |problem: String| StoreError::Inconsistent {
        path: file.to_owned(),
        problem,
    };
    let mut ids = HashSet::new();
    for (i, photo) in project.photos.iter().chain(&project.trash).enumerate() {
        let entry = if i < project.photos.len() {
            format!("photos[{i}].file")
        } else {
            format!("trash[{}].file", i - project.photos.len())
        };
        if let Some(reason) = unsafe_photo_path(&photo.file) {
            return Err(StoreError::UnsafePath {
                path: file.to_owned(),
                entry,
                value: photo.file.clone(),
                reason,
            });
        }
        if !ids.insert(&photo.id) {
            return Err(inconsistent(format!(
                "photo id {} appears more than once",
                photo.id
            )));
        }
    }
    let mut sessions = HashSet::new();
    for s in &project.sessions {
        if !sessions.insert(s.id) {
            return Err(inconsistent(format!(
                "session id {} appears more than once",
                s.id.0
            )));
        }
    }
    let mut regions = HashSet::new();
    for r in &project.regions {
        if !regions.insert(r.id) {
            return Err(inconsistent(format!(
                "region id {} appears more than once",
                r.id.0
            )));
        }
    }
    if let Some(reference) = &project.reference
        && project.photo(reference).is_none()
    {
        return Err(inconsistent(format!(
            "the reference photo {reference} is not in the project"
        )));
    }
    if let Err(e) = project.guide.validate() {
        return Err(inconsistent(format!("guide: {e}")));
    }
    Ok(())
}

/// Saves atomically: the new text goes to `project.json.tmp` and is synced; the current file is
/// kept as `project.json.bak`; then the temporary file is renamed over `project.json`. A crash
/// at any moment leaves a `project.json` with either the old or the new content.
pub fn save(root: &Path, project: &Project) -> Result<(), StoreError> {
    save_with_hook(root, project, || Ok(()))
}

/// [`save`] with a hook run between writing the temporary file and renaming it, so tests can
/// fail a save at its most delicate moment.
pub fn save_with_hook(
    root: &Path,
    project: &Project,
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let paths = ProjectPaths::new(root);
    let mut text = serde_json::to_string_pretty(project)
        .map_err(|e| StoreError::io(paths.project_file(), std::io::Error::other(e.to_string())))?;
    text.push('\n');
    let tmp = paths.temp_file();
    let bak_tmp = root.join("project.json.bak.tmp");
    // A failed save (a full disk, a read-only folder) leaves the project exactly as it was:
    // `project.json` untouched and no temporary file behind.
    let result = (|| {
        write_synced(&tmp, text.as_bytes())?;
        let current = paths.project_file();
        if current.exists() {
            // Keep the previous version: copy aside, then rename into place atomically.
            let old = fs::read(&current).map_err(|e| StoreError::io(&current, e))?;
            write_synced(&bak_tmp, &old)?;
            let bak = paths.backup_file();
            fs::rename(&bak_tmp, &bak).map_err(|e| StoreError::io(&bak, e))?;
        }
        before_rename().map_err(|e| StoreError::io(&tmp, e))?;
        fs::rename(&tmp, &current).map_err(|e| StoreError::io(&current, e))
    })();
    if let Err(e) = result {
        fs::remove_file(&tmp).ok();
        fs::remove_file(&bak_tmp).ok();
        return Err(e);
    }
    sync_dir(root);
    move_trashed_files(&paths, project);
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut f = File::create(path).map_err(|e| StoreError::io(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| StoreError::io(path, e))
}

/// Makes a rename durable (best effort: not every platform can sync a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        d.sync_all().ok();
    }
}

/// Puts each photo's file where `project.json` now says: into `trash/` when removed, back into
/// `photos/` when restored. Runs after the JSON is saved; if interrupted, `original()` still
/// finds the file in the other folder.
fn move_trashed_files(paths: &ProjectPaths, project: &Project) {
    for photo in project.photos.iter().chain(&project.trash) {
        let want = paths.root.join(&photo.file);
        if want.exists() {
            continue;
        }
        let found = paths.original(photo);
        if found != want && found.exists() {
            if let Some(dir) = want.parent() {
                fs::create_dir_all(dir).ok();
            }
            fs::rename(&found, &want).ok();
        }
    }
}

/// A project opened for work: its folder, its data, and the lock when we may write.
#[derive(Debug)]
pub struct OpenProject {
    /// The project folder's paths.
    pub paths: ProjectPaths,
    /// The project as loaded, with the edits made since.
    pub project: Project,
    /// `None` when another instance holds the lock: the project is read-only here.
    pub lock: Option<ProjectLock>,
    /// Why the project is read-only, for the user.
    pub read_only_reason: Option<String>,
}

/// Why the writer's lock could not be taken, in the user's words: a read-only disk or card and
/// a folder the user may not write to are said as such; anything else names the error.
fn lock_refused_reason(e: &StoreError) -> String {
    let io = match e {
        StoreError::Io { source, .. } => Some(source),
        _ => None,
    };
    match io.map(|io| (io.kind(), io.raw_os_error())) {
        Some((std::io::ErrorKind::ReadOnlyFilesystem, _)) | Some((_, Some(30))) => {
            "this folder is on a read-only disk or card: you can look and export, not change \
             it (copy the project to a writable folder to work on it)"
                .to_owned()
        }
        Some((std::io::ErrorKind::PermissionDenied, _)) => {
            "you may not write to this folder: you can look and export, not change it".to_owned()
        }
        _ => format!("cannot take the lock: {e}"),
    }
}

impl OpenProject {
    /// Loads the project and takes the writer's lock if it is free.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        let project = load(root)?;
        let paths = ProjectPaths::new(root);
        let (lock, read_only_reason) = match ProjectLock::try_acquire(&paths.lock_file()) {
            Ok(LockOutcome::Acquired(lock)) => (Some(lock), None),
            Ok(LockOutcome::HeldByOther { holder }) => (None, Some(holder)),
            // A read-only folder or medium: still let the user look.
            Err(e) => (None, Some(lock_refused_reason(&e))),
        };
        Ok(Self {
            paths,
            project,
            lock,
            read_only_reason,
        })
    }

    /// Opens the project and insists on the writer's lock (for commands that change it).
    pub fn open_for_writing(root: &Path) -> Result<Self, StoreError> {
        let open = Self::open(root)?;
        if let Some(reason) = &open.read_only_reason {
            return Err(StoreError::ReadOnly {
                path: root.to_owned(),
                reason: reason.clone(),
            });
        }
        Ok(open)
    }

    /// True when another instance holds the writer's lock.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// Saves `project.json` atomically, keeping the previous one as `.bak`; refused when read-only.
    pub fn save(&self) -> Result<(), StoreError> {
        if let Some(reason) = &self.read_only_reason {
            return Err(StoreError::ReadOnly {
                path: self.paths.root.clone(),
                reason: reason.clone(),
            });
        }
        save(&self.paths.root, &self.project)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_save_before_rename_leaves_old_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p.afterglow");
        let mut p = create(&root, "old").unwrap();
        p.name = "new".into();
        let err = save_with_hook(&root, &p, || Err(std::io::Error::other("power cut")));
        assert!(err.is_err());
        assert_eq!(load(&root).unwrap().name, "old");
        save(&root, &p).unwrap();
        assert_eq!(load(&root).unwrap().name, "new");
        let bak: Project =
            serde_json::from_slice(&fs::read(root.join(BACKUP_FILE)).unwrap()).unwrap();
        assert_eq!(bak.name, "old");
    }

    #[test]
    fn position_is_stripped_from_messages() {
        assert_eq!(
            strip_position("expected value at line 3 column 7"),
            "expected value"
        );
    }
}
