//! `afterglow check --repair`: put back what can be put back, from the project's own folder
//! (the backup, the other of `photos/` and `trash/`, stray copies) or from a folder the user
//! names, and say plainly what could not be. Nothing is deleted but our own temporary
//! leftovers; a damaged or changed file is kept beside its replacement.

use std::fs;
use std::path::{Path, PathBuf};

use super::locate::{find_in_folder, locate, set_aside};
use super::{BackupState, CheckReport, CheckedAgainst, PhotoState, ProjectFileState};
use crate::project::Photo;
use crate::store::{
    BACKUP_FILE, PROJECT_FILE, ProjectPaths, StoreError, parse_named, read_capped, sync_dir,
    write_synced,
};

/// What `repair` did and what it could not do, one line each, naming the file.
#[derive(Debug, Default)]
pub struct RepairReport {
    /// What repair did, one line each.
    pub done: Vec<String>,
    /// What it could not do and why, one line each.
    pub not_done: Vec<String>,
}

/// Repairs what `report` (a fresh [`super::check`]) found. With `search`, photos missing from
/// the folder are looked for there too (matched by content). The caller holds the project's
/// writer lock: a repair while another instance writes would undo its work.
pub fn repair(report: &CheckReport, search: Option<&Path>) -> Result<RepairReport, StoreError> {
    let paths = ProjectPaths::new(&report.root);
    let mut out = RepairReport::default();
    if !repair_project_file(&paths, report, &mut out)? {
        return Ok(out);
    }
    let project = {
        let file = paths.project_file();
        parse_named(&read_capped(&file)?, &file, None)?
    };
    let all: Vec<&Photo> = project.photos.iter().chain(&project.trash).collect();
    let lost: Vec<&Photo> = report
        .photos
        .iter()
        .filter(|c| {
            matches!(
                c.state,
                PhotoState::Missing
                    | PhotoState::Changed {
                        good_copy: None,
                        ..
                    }
            )
        })
        .filter_map(|c| all.iter().find(|p| p.id == c.id).copied())
        .collect();
    let found = match search {
        Some(dir) if !lost.is_empty() => find_in_folder(&lost, dir),
        _ => Vec::new(),
    };
    for check in &report.photos {
        let Some(photo) = all.iter().find(|p| p.id == check.id) else {
            continue;
        };
        let what = format!("photo {} ({})", photo.id, photo.original_name);
        let dest = paths.root.join(&photo.file);
        match &check.state {
            PhotoState::Ok => {}
            PhotoState::Elsewhere { found } => match move_into_place(found, &dest) {
                Ok(()) => out.done.push(format!(
                    "{what}: moved {} back to {}",
                    relative(&paths, found),
                    photo.file
                )),
                Err(e) => out
                    .not_done
                    .push(format!("{what}: cannot move it back: {e}")),
            },
            PhotoState::Changed {
                good_copy: Some(copy),
                ..
            } => match set_aside(&dest).and_then(|aside| {
                move_into_place(copy, &dest)?;
                Ok(aside)
            }) {
                Ok(aside) => out.done.push(format!(
                    "{what}: put the unchanged copy {} back as {}; the changed file is kept as {}",
                    relative(&paths, copy),
                    photo.file,
                    relative(&paths, &aside)
                )),
                Err(e) => out
                    .not_done
                    .push(format!("{what}: cannot put it back: {e}")),
            },
            PhotoState::Missing
            | PhotoState::Changed {
                good_copy: None, ..
            } => {
                let problem = if check.state == PhotoState::Missing {
                    format!("{what} is missing ({})", photo.file)
                } else {
                    format!("{what} has changed ({})", photo.file)
                };
                match found.iter().find(|(id, _)| *id == photo.id) {
                    Some((_, source)) => match locate(&paths, photo, source) {
                        Ok(_) => out.done.push(format!(
                            "{what}: copied back from {} into {}",
                            source.display(),
                            photo.file
                        )),
                        Err(e) => out.not_done.push(format!("{problem}: {e}")),
                    },
                    None => out.not_done.push(format!(
                        "{problem} and no copy with its content is in the project folder{}; \
                         left as it is. Use Locate… in the app, or `afterglow check --repair \
                         --search FOLDER` with a folder that holds the original",
                        search
                            .map(|d| format!(" or in {}", d.display()))
                            .unwrap_or_default()
                    )),
                }
            }
            PhotoState::Unreadable { reason } => out
                .not_done
                .push(format!("{what}: cannot read {}: {reason}", photo.file)),
        }
    }
    remove_temp_files(&paths, report, &mut out);
    if !report.strays.is_empty() {
        out.not_done.push(format!(
            "left {} stray file{} in place: {} not part of the project (add one with \
             `afterglow import PROJECT FILE`, or remove it yourself)",
            report.strays.len(),
            if report.strays.len() == 1 { "" } else { "s" },
            if report.strays.len() == 1 {
                "it is"
            } else {
                "they are"
            },
        ));
    }
    Ok(out)
}

/// Makes `project.json` usable again if it is not. Returns whether the photos can be
/// repaired (against a sound `project.json`).
fn repair_project_file(
    paths: &ProjectPaths,
    report: &CheckReport,
    out: &mut RepairReport,
) -> Result<bool, StoreError> {
    let file = paths.project_file();
    match &report.project_file {
        ProjectFileState::Sound => return Ok(true),
        ProjectFileState::Newer { .. } => {
            out.not_done.push(format!(
                "{}: made by a newer Afterglow; nothing was checked or changed",
                file.display()
            ));
            return Ok(false);
        }
        ProjectFileState::Unreadable { reason } => {
            out.not_done.push(format!(
                "{reason}; nothing was changed (check its permissions)"
            ));
            return Ok(false);
        }
        ProjectFileState::Damaged {
            backup: BackupState::Loads,
            ..
        }
        | ProjectFileState::Missing {
            backup: BackupState::Loads,
        } => {}
        ProjectFileState::Damaged { .. } | ProjectFileState::Missing { .. } => {
            out.not_done.push(format!(
                "{}: cannot be repaired: neither it nor {BACKUP_FILE} loads; nothing was \
                 changed. The error above says where the file is damaged",
                file.display()
            ));
            return Ok(false);
        }
    }
    debug_assert_eq!(report.checked_against, Some(CheckedAgainst::Backup));
    let kept = if file.exists() {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let kept = paths.root.join(format!("{PROJECT_FILE}.damaged-{stamp}"));
        fs::rename(&file, &kept).map_err(|e| StoreError::io(&file, e))?;
        Some(kept)
    } else {
        None
    };
    // The backup goes in place through the same temporary file a save uses; the backup itself
    // stays as it is.
    let backup = paths.backup_file();
    let bytes = fs::read(&backup).map_err(|e| StoreError::io(&backup, e))?;
    let tmp = paths.temp_file();
    write_synced(&tmp, &bytes)?;
    fs::rename(&tmp, &file).map_err(|e| StoreError::io(&file, e))?;
    sync_dir(&paths.root);
    out.done.push(format!(
        "{}: restored from {BACKUP_FILE} (the version before the last save: the last save's \
         changes are not in it){}",
        file.display(),
        kept.map(|k| format!("; the damaged file is kept as {}", relative(paths, &k)))
            .unwrap_or_default()
    ));
    Ok(true)
}

fn remove_temp_files(paths: &ProjectPaths, report: &CheckReport, out: &mut RepairReport) {
    let mut removed = 0;
    for t in &report.temp_files {
        match fs::remove_file(t) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => out
                .not_done
                .push(format!("{}: cannot remove it: {e}", relative(paths, t))),
        }
    }
    if removed > 0 {
        out.done.push(format!(
            "removed {removed} leftover temporary file{} (from interrupted saves or imports)",
            if removed == 1 { "" } else { "s" }
        ));
    }
}

/// Renames `from` to `to`, creating `to`'s folder; never over an existing file.
fn move_into_place(from: &Path, to: &Path) -> std::io::Result<()> {
    if to.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} is in the way", to.display()),
        ));
    }
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::rename(from, to)
}

fn relative(paths: &ProjectPaths, path: &Path) -> String {
    path.strip_prefix(&paths.root)
        .map(PathBuf::from)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}
