//! `afterglow check`: is `project.json` sound, is every photo's file there with the content it
//! was imported with (blake3), and what lies in the folder that the project does not know
//! about. Checking reads only; [`repair`] puts back what it can and says what it could not;
//! [`locate`] lets the user point at a copy of a missing photo.

mod locate;
mod repair;

pub use locate::{LocateError, find_in_folder, locate, missing_photos};
pub use repair::{RepairReport, repair};

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{
    BACKUP_FILE, PROJECT_FILE, ProjectPaths, StoreError, TEMP_FILE, parse_named, read_capped,
};
use crate::project::{Photo, PhotoId, Project};

/// The temporary file a save writes the backup through (see `store::save`).
pub(crate) const BACKUP_TEMP_FILE: &str = "project.json.bak.tmp";

/// What `check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// The project folder checked.
    pub root: PathBuf,
    /// Whether `project.json` loads, and if not, the state of its backup.
    pub project_file: ProjectFileState,
    /// Whether the photos were checked against `project.json` or, when that is damaged,
    /// against `project.json.bak`; `None` when neither could be read.
    pub checked_against: Option<CheckedAgainst>,
    /// Every photo (in `photos` then `trash` order) and its state.
    pub photos: Vec<PhotoCheck>,
    /// Files in `photos/` or `trash/` that no photo refers to.
    pub strays: Vec<StrayFile>,
    /// Leftovers of interrupted saves and imports. Never referenced; safe to remove.
    pub temp_files: Vec<PathBuf>,
}

/// Which project file the photos were checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedAgainst {
    /// `project.json` itself.
    ProjectFile,
    /// `project.json.bak`, because `project.json` does not load.
    Backup,
}

/// The state of `project.json`.
#[derive(Debug)]
pub enum ProjectFileState {
    /// It loads.
    Sound,
    /// It does not load (damaged, unsafe, inconsistent, not ours); `reason` is the load error.
    Damaged {
        /// Why it does not load.
        reason: String,
        /// Whether the backup could stand in.
        backup: BackupState,
    },
    /// It is not there (an interrupted save never leaves this; a person might).
    Missing {
        /// Whether the backup could stand in.
        backup: BackupState,
    },
    /// Made by a newer Afterglow: not ours to judge or repair.
    Newer {
        /// The version error, in words.
        reason: String,
    },
    /// It cannot be read (permissions, I/O error).
    Unreadable {
        /// The I/O error, in words.
        reason: String,
    },
}

/// The state of `project.json.bak`, when `project.json` itself is not usable.
#[derive(Debug)]
pub enum BackupState {
    /// The backup loads and can be restored.
    Loads,
    /// The backup is damaged too (the load error).
    Damaged(String),
    /// There is no backup.
    Missing,
}

/// One photo's file, checked against the project.
#[derive(Debug)]
pub struct PhotoCheck {
    /// The photo's id.
    pub id: PhotoId,
    /// The path `project.json` gives (`photos/…` or `trash/…`).
    pub file: String,
    /// The name the photo had when imported, for messages.
    pub original_name: String,
    /// What was found.
    pub state: PhotoState,
}

/// The state of one photo's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoState {
    /// The file is where `project.json` says, with the content it was imported with.
    Ok,
    /// Not where `project.json` says, but a file with the right content is at `found` (in the
    /// other of `photos/` and `trash/` after an interrupted save, or under another name).
    Elsewhere {
        /// Where the right content is.
        found: PathBuf,
    },
    /// The file is there but its content is not the photo's any more.
    Changed {
        /// The hash of what is there now.
        found_hash: String,
        /// A file elsewhere in the folder with the right content, when there is one.
        good_copy: Option<PathBuf>,
    },
    /// Nowhere in the project folder.
    Missing,
    /// The file is there but cannot be read.
    Unreadable {
        /// The I/O error, in words.
        reason: String,
    },
}

/// A file in `photos/` or `trash/` that no photo refers to.
#[derive(Debug, Clone)]
pub struct StrayFile {
    /// The file, inside the project folder.
    pub path: PathBuf,
    /// The photo whose content it holds, when one does (it is then used by repair).
    pub content_of: Option<PhotoId>,
}

impl PhotoState {
    /// True when the file is where it should be with the right content.
    pub fn is_ok(&self) -> bool {
        *self == PhotoState::Ok
    }
}

impl CheckReport {
    /// True when nothing needs attention (temporary leftovers included).
    pub fn is_clean(&self) -> bool {
        matches!(self.project_file, ProjectFileState::Sound)
            && self.photos.iter().all(|p| p.state.is_ok())
            && self.strays.is_empty()
            && self.temp_files.is_empty()
    }

    /// One line per problem, for the user; each names the file.
    pub fn problem_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let file = self.root.join(PROJECT_FILE);
        let file = file.display();
        match &self.project_file {
            ProjectFileState::Sound => {}
            ProjectFileState::Damaged { reason, backup } => {
                lines.push(format!("damaged: {reason}"));
                lines.push(backup_line(&self.root, backup));
            }
            ProjectFileState::Missing { backup } => {
                lines.push(format!("missing: {file}"));
                lines.push(backup_line(&self.root, backup));
            }
            ProjectFileState::Newer { reason } => lines.push(format!("not checked: {reason}")),
            ProjectFileState::Unreadable { reason } => lines.push(format!("unreadable: {reason}")),
        }
        for p in &self.photos {
            let what = format!("photo {} ({}, {})", p.id, p.original_name, p.file);
            match &p.state {
                PhotoState::Ok => {}
                PhotoState::Elsewhere { found } => {
                    lines.push(format!("misplaced: {what} is at {}", self.relative(found)))
                }
                PhotoState::Changed {
                    found_hash,
                    good_copy,
                } => {
                    let copy = match good_copy {
                        Some(c) => format!("; an unchanged copy is at {}", self.relative(c)),
                        None => String::new(),
                    };
                    lines.push(format!(
                        "changed: {what}: its content is not what was imported \
                         (blake3 {}… instead of {}…){copy}",
                        &found_hash[..16.min(found_hash.len())],
                        &p.id
                    ));
                }
                PhotoState::Missing => lines.push(format!(
                    "missing: {what}: the file is not in the project folder"
                )),
                PhotoState::Unreadable { reason } => {
                    lines.push(format!("unreadable: {what}: {reason}"))
                }
            }
        }
        for s in &self.strays {
            let whose = match &s.content_of {
                Some(id) => format!(" (it holds photo {id})"),
                None => String::new(),
            };
            lines.push(format!(
                "stray: {} is not part of the project{whose}",
                self.relative(&s.path)
            ));
        }
        for t in &self.temp_files {
            lines.push(format!(
                "leftover: {} (from an interrupted save or import; never used)",
                self.relative(t)
            ));
        }
        lines
    }

    /// "24 photos: 22 ok, 1 missing, 1 changed; 1 stray file; 2 leftover temporary files".
    pub fn summary(&self) -> String {
        let count = |f: fn(&PhotoState) -> bool| self.photos.iter().filter(|p| f(&p.state)).count();
        let mut parts = vec![format!("{} ok", count(PhotoState::is_ok))];
        for (n, word) in [
            (
                count(|s| matches!(s, PhotoState::Elsewhere { .. })),
                "misplaced",
            ),
            (count(|s| matches!(s, PhotoState::Missing)), "missing"),
            (
                count(|s| matches!(s, PhotoState::Changed { .. })),
                "changed",
            ),
            (
                count(|s| matches!(s, PhotoState::Unreadable { .. })),
                "unreadable",
            ),
        ] {
            if n > 0 {
                parts.push(format!("{n} {word}"));
            }
        }
        let project_file = match (&self.project_file, self.checked_against) {
            (ProjectFileState::Sound, _) => "project.json sound",
            (_, Some(CheckedAgainst::Backup)) => {
                "project.json NOT usable (photos checked against project.json.bak)"
            }
            _ => "project.json NOT usable",
        };
        format!(
            "{project_file}; {} photos: {}; {} stray file{}; {} leftover temporary file{}",
            self.photos.len(),
            parts.join(", "),
            self.strays.len(),
            plural(self.strays.len()),
            self.temp_files.len(),
            plural(self.temp_files.len()),
        )
    }

    fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn backup_line(root: &Path, backup: &BackupState) -> String {
    let bak = root.join(BACKUP_FILE);
    let bak = bak.display();
    match backup {
        BackupState::Loads => {
            format!("backup: {bak} loads; `afterglow check --repair` puts it back in place")
        }
        BackupState::Damaged(reason) => format!("backup: {bak} cannot be used either: {reason}"),
        BackupState::Missing => format!("backup: {bak} does not exist"),
    }
}

/// Checks the project folder at `root`. Reads only: nothing on disk changes. Fails only when
/// `root` is not a project folder at all (no `project.json` and no backup).
pub fn check(root: &Path) -> Result<CheckReport, StoreError> {
    let paths = ProjectPaths::new(root);
    let (project_file, project, checked_against) = read_project(&paths)?;
    let mut report = CheckReport {
        root: root.to_owned(),
        project_file,
        checked_against,
        photos: Vec::new(),
        strays: Vec::new(),
        temp_files: temp_files(&paths),
    };
    if let Some(project) = project {
        check_photos(&paths, &project, &mut report);
    }
    Ok(report)
}

type ReadProject = (ProjectFileState, Option<Project>, Option<CheckedAgainst>);

/// Loads `project.json`, or failing that its backup, and says which.
fn read_project(paths: &ProjectPaths) -> Result<ReadProject, StoreError> {
    let file = paths.project_file();
    let backup_file = paths.backup_file();
    let backup_hint = backup_file.exists().then(|| backup_file.clone());
    let err = match read_capped(&file).and_then(|b| parse_named(&b, &file, backup_hint)) {
        Ok(p) => {
            return Ok((
                ProjectFileState::Sound,
                Some(p),
                Some(CheckedAgainst::ProjectFile),
            ));
        }
        Err(e) => e,
    };
    let backup =
        || match read_capped(&backup_file).and_then(|b| parse_named(&b, &backup_file, None)) {
            Ok(p) => (BackupState::Loads, Some(p)),
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                (BackupState::Missing, None)
            }
            Err(e) => (BackupState::Damaged(e.to_string()), None),
        };
    let with_backup = |(state, project): (BackupState, Option<Project>)| {
        let against = project.is_some().then_some(CheckedAgainst::Backup);
        (state, project, against)
    };
    Ok(match err {
        StoreError::Io { ref source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            let (backup, project, against) = with_backup(backup());
            if matches!(backup, BackupState::Missing) {
                return Err(StoreError::NotAProject {
                    path: paths.root.clone(),
                });
            }
            (ProjectFileState::Missing { backup }, project, against)
        }
        StoreError::Io { .. } => (
            ProjectFileState::Unreadable {
                reason: err.to_string(),
            },
            None,
            None,
        ),
        StoreError::NewerVersion { .. } => (
            ProjectFileState::Newer {
                reason: err.to_string(),
            },
            None,
            None,
        ),
        _ => {
            let (backup, project, against) = with_backup(backup());
            (
                ProjectFileState::Damaged {
                    reason: err.to_string(),
                    backup,
                },
                project,
                against,
            )
        }
    })
}

/// Is this a leftover temporary file (ours: `project.json.tmp`, `project.json.bak.tmp`, or
/// `.<name>.<pid>-<n>.tmp` from `write_atomic_unique`)?
pub(crate) fn is_temp_name(name: &str) -> bool {
    name == TEMP_FILE
        || name == BACKUP_TEMP_FILE
        || (name.starts_with('.') && name.ends_with(".tmp"))
}

/// Temporary leftovers in the folder, `photos/`, `trash/` and anywhere under `cache/`.
fn temp_files(paths: &ProjectPaths) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for name in [TEMP_FILE, BACKUP_TEMP_FILE] {
        let p = paths.root.join(name);
        if p.is_file() {
            found.push(p);
        }
    }
    for dir in [paths.photos_dir(), paths.trash_dir()] {
        for (path, name) in files_in(&dir) {
            if name.starts_with('.') && is_temp_name(&name) {
                found.push(path);
            }
        }
    }
    // The cache is two levels deep (cache/<kind>/<file>); walk it without following links.
    for entry in walkdir::WalkDir::new(paths.cache_dir())
        .max_depth(3)
        .into_iter()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with('.') && is_temp_name(&name) {
            found.push(entry.into_path());
        }
    }
    found.sort();
    found
}

/// The plain files directly in `dir` with their names (none when `dir` is missing).
fn files_in(dir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, String)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
        .collect();
    files.sort();
    files
}

/// The file's BLAKE3 hash in hex, as `project.json` stores it.
pub(crate) fn hash_hex(path: &Path) -> std::io::Result<String> {
    crate::store::hash_file(path).map(|h| h.to_hex().to_string())
}

fn check_photos(paths: &ProjectPaths, project: &Project, report: &mut CheckReport) {
    let all: Vec<&Photo> = project.photos.iter().chain(&project.trash).collect();
    // Hash every referenced file that exists, in parallel.
    let declared: Vec<(PathBuf, Option<std::io::Result<String>>)> = all
        .par_iter()
        .map(|p| {
            let path = paths.root.join(&p.file);
            let hash = path.exists().then(|| hash_hex(&path));
            (path, hash)
        })
        .collect();
    // Files in photos/ and trash/ that are not some photo's declared file.
    let referenced: HashSet<PathBuf> = declared.iter().map(|(p, _)| p.clone()).collect();
    let unreferenced: Vec<PathBuf> = [paths.photos_dir(), paths.trash_dir()]
        .iter()
        .flat_map(|d| files_in(d))
        .filter(|(path, name)| !name.starts_with('.') && !referenced.contains(path))
        .map(|(path, _)| path)
        .collect();
    let unreferenced_hashes: Vec<(PathBuf, Option<String>)> = unreferenced
        .into_par_iter()
        .map(|path| {
            let h = hash_hex(&path).ok();
            (path, h)
        })
        .collect();
    let by_hash: HashMap<&str, &PathBuf> = unreferenced_hashes
        .iter()
        .filter_map(|(p, h)| h.as_deref().map(|h| (h, p)))
        .collect();
    let mut used = HashSet::new();
    for (photo, (_, hash)) in all.iter().zip(declared) {
        let copy = by_hash.get(photo.hash.as_str()).map(|p| (*p).clone());
        let state = match hash {
            Some(Ok(h)) if h == photo.hash => PhotoState::Ok,
            Some(Ok(found_hash)) => PhotoState::Changed {
                found_hash,
                good_copy: copy.clone(),
            },
            Some(Err(e)) => PhotoState::Unreadable {
                reason: e.to_string(),
            },
            None => match &copy {
                Some(found) => PhotoState::Elsewhere {
                    found: found.clone(),
                },
                None => PhotoState::Missing,
            },
        };
        if !state.is_ok()
            && let Some(c) = copy
        {
            used.insert(c);
        }
        report.photos.push(PhotoCheck {
            id: photo.id.clone(),
            file: photo.file.clone(),
            original_name: photo.original_name.clone(),
            state,
        });
    }
    let owner: HashMap<&str, &PhotoId> = all.iter().map(|p| (p.hash.as_str(), &p.id)).collect();
    for (path, hash) in &unreferenced_hashes {
        if used.contains(path) {
            // It is the copy a photo's repair will use: reported with that photo.
            continue;
        }
        report.strays.push(StrayFile {
            path: path.clone(),
            content_of: hash
                .as_deref()
                .and_then(|h| owner.get(h))
                .map(|id| (*id).clone()),
        });
    }
}
