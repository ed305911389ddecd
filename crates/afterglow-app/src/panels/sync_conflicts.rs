//! Conflict copies of `project.json` left by sync tools (Dropbox, OneDrive, iCloud Drive,
//! Syncthing) when the project changed on two machines: looked for once on open, on a worker
//! (`store::conflicts`); each that holds something this project lacks is offered in a window
//! ("Merge it in" / "Not now"). A merge is `project::merge` applied as one undoable change;
//! the copy is then set aside as `NAME.merged`, as the command line's `afterglow merge` does.

use std::collections::HashSet;
use std::path::PathBuf;

use afterglow_core::project::{PhotoId, Project, merge};
use afterglow_core::store::{ProjectPaths, conflicts};

use crate::state::actions::Action;
use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// One conflict copy found in the project folder.
#[derive(Clone, Debug)]
pub struct ConflictCopy {
    pub file: PathBuf,
    /// Its file name ("project (conflicted copy 2026-05-02).json").
    pub name: String,
    /// What it holds that `project.json` does not, in words; or why it cannot be read.
    pub summary: Result<String, String>,
    /// The project it holds (`None` when it cannot be read).
    pub other: Option<Box<Project>>,
    /// Photos it lists that this project does not, whose files are in the project folder.
    pub present: HashSet<PhotoId>,
}

/// The copies found, and whether the search has run for this project.
#[derive(Default)]
pub struct ConflictState {
    pub searched: bool,
    pub copies: Vec<ConflictCopy>,
}

/// Looks for conflict copies once per opened project, on a worker.
pub fn start_search(ctx: &egui::Context, ws: &mut Workspace, jobs: &mut Jobs) {
    if ws.conflicts.searched {
        return;
    }
    ws.conflicts.searched = true;
    let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
    jobs.spawn_for(ctx, ws, JobKind::FindConflicts, "Checking", move |_| {
        Ok(JobOutput::Conflicts(search(&paths, &project)))
    });
}

/// The conflict copies in the project folder that hold something `current` lacks or
/// disagrees on (a copy with nothing new is not worth a question).
pub fn search(paths: &ProjectPaths, current: &Project) -> Vec<ConflictCopy> {
    let mut found = Vec::new();
    for file in conflicts::conflict_copies(&paths.root) {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match conflicts::load_copy(&paths.root, &file) {
            Ok(other) => {
                let difference = merge::difference(current, &other);
                if difference.is_empty() {
                    continue;
                }
                let present = (other.photos.iter())
                    .filter(|p| current.photo(&p.id).is_none() && paths.original(p).is_file())
                    .map(|p| p.id.clone())
                    .collect();
                found.push(ConflictCopy {
                    file,
                    name,
                    summary: Ok(difference.summary()),
                    other: Some(Box::new(other)),
                    present,
                });
            }
            Err(e) => found.push(ConflictCopy {
                file,
                name,
                summary: Err(e.to_string()),
                other: None,
                present: HashSet::new(),
            }),
        }
    }
    found
}

/// The search came back.
pub fn found(ws: &mut Workspace, copies: Vec<ConflictCopy>) {
    ws.conflicts.copies = copies;
}

/// Merges the copy at `index` into the open project as one undoable change, then sets the
/// file aside on a worker.
pub fn merge_copy(
    ctx: &egui::Context,
    ws: &mut Workspace,
    jobs: &mut Jobs,
    toasts: &mut Toasts,
    index: usize,
) -> Result<Option<String>, String> {
    if let Some(reason) = ws.read_only_reason() {
        return Err(format!(
            "Nothing was merged: the project is read-only ({reason})."
        ));
    }
    if index >= ws.conflicts.copies.len() {
        return Ok(None);
    }
    let copy = ws.conflicts.copies.remove(index);
    let Some(other) = &copy.other else {
        return Ok(None);
    };
    let (merged, report) = merge::merge(ws.project(), other, &copy.name, |p| {
        copy.present.contains(&p.id)
    });
    if let Some(command) = merge::as_command(ws.project(), &merged) {
        ws.apply(command)?;
    }
    let aside = copy.file.with_file_name(format!("{}.merged", copy.name));
    let (from, to) = (copy.file.clone(), aside.clone());
    jobs.spawn_for(
        ctx,
        ws,
        JobKind::SetAside,
        "Setting the copy aside",
        move |_| {
            std::fs::rename(&from, &to).map_err(|source| {
                crate::work::job_error::JobError::SetAside { path: from, source }
            })?;
            Ok(JobOutput::SetAside(to))
        },
    );
    let mut parts = vec![format!("{} brought in", report.brought_in.len())];
    if !report.both_changed.is_empty() {
        parts.push(format!(
            "{} changed on both machines (this one's kept, the other's in the note)",
            report.both_changed.len()
        ));
    }
    if !report.missing.is_empty() {
        parts.push(format!(
            "{} photos left out: their files never reached this machine",
            report.missing.len()
        ));
    }
    if !report.missing.is_empty() {
        toasts.error(format!(
            "Not brought in (their files are not in the project folder): {}.",
            report.missing.join(", ")
        ));
    }
    Ok(Some(format!(
        "Merged {}: {}. Undo takes it back.",
        copy.name,
        parts.join("; ")
    )))
}

/// The window offering the first conflict copy found.
pub fn conflicts_ui(ctx: &egui::Context, ws: &mut Workspace, out: &mut Vec<Action>) {
    let Some(copy) = ws.conflicts.copies.first() else {
        return;
    };
    let read_only = ws.read_only_reason().is_some();
    let more = ws.conflicts.copies.len() - 1;
    let (mut open, mut later) = (true, false);
    egui::Window::new("A sync tool left a copy of this project")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(480.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.add(
                egui::Label::new(format!(
                    "{} was made by a sync tool (Dropbox, OneDrive, iCloud Drive, Syncthing) \
                     when this project changed on two machines at once.",
                    copy.name
                ))
                .wrap(),
            );
            ui.add_space(4.0);
            match &copy.summary {
                Ok(summary) => {
                    ui.add(egui::Label::new(format!("It holds {summary}.")).wrap());
                    ui.add(
                        egui::Label::new(
                            "Merging brings in what the other machine added. Where both \
                             changed the same thing, this project's value is kept and the \
                             other is written into the note: nothing is dropped.",
                        )
                        .wrap(),
                    );
                }
                Err(e) => {
                    ui.add(egui::Label::new(format!("It cannot be read: {e}")).wrap());
                }
            }
            if more > 0 {
                ui.label(format!("({more} more after this one.)"));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let can_merge = copy.other.is_some() && !read_only;
                let merge = ui
                    .add_enabled(can_merge, egui::Button::new("Merge it in"))
                    .on_disabled_hover_text(if read_only {
                        "The project is read-only."
                    } else {
                        "The copy cannot be read."
                    });
                if merge.clicked() {
                    out.push(Action::MergeConflictCopy(0));
                }
                later = ui.button("Not now").clicked();
            });
        });
    if later || !open {
        // Asked again the next time the project is opened.
        ws.conflicts.copies.remove(0);
    }
}
