//! Importing photos (the library's "Import photos…", dropped files): the core's import on a
//! worker, the photos it brought added as one undoable change, and the list of files it refused.

use std::path::PathBuf;

use afterglow_core::import::{self, FileReport, ImportError, Outcome};
use afterglow_core::project::PhotoId;

use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// Starts importing `inputs` (files and folders) into the open project.
pub fn start(
    ctx: &egui::Context,
    ws: &mut Workspace,
    jobs: &mut Jobs,
    toasts: &mut Toasts,
    inputs: Vec<PathBuf>,
) {
    if let Some(reason) = ws.read_only_reason() {
        toasts.error(format!(
            "Photos cannot be imported: the project is read-only ({reason})."
        ));
        return;
    }
    if jobs.is_running(JobKind::Import) {
        toasts.info("An import is running; wait for it to finish, then try again.");
        return;
    }
    let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
    let label = match inputs.as_slice() {
        [one] => format!(
            "Importing {}",
            one.file_name().map_or_else(
                || one.display().to_string(),
                |n| n.to_string_lossy().into_owned()
            )
        ),
        many => format!("Importing {} items", many.len()),
    };
    jobs.spawn_for(ctx, ws, JobKind::Import, label, move |jc| {
        let progress = |p: import::Progress| jc.progress.set(p.done, p.total);
        Ok(JobOutput::Imported(import::import_files(
            &paths, &project, &inputs, &progress, &jc.cancel,
        )))
    });
}

/// Adds what an import brought in and says what happened; refused files are kept for the list.
pub fn done(ws: &mut Workspace, toasts: &mut Toasts, reports: Vec<FileReport>) {
    let skipped = import::skipped_in(&reports);
    let disk_full = import::DiskFullSummary::of(&reports);
    let mut notes = Vec::new();
    let mut photos = Vec::new();
    let (mut duplicates, mut cancelled) = (0, 0);
    let mut rejected = Vec::new();
    for r in reports {
        match r.outcome {
            Outcome::Imported(p) => {
                if let Some(note) = &r.note {
                    notes.push(format!("{}: {note}", r.path.display()));
                }
                if ws.project().photo(&p.id).is_none() {
                    photos.push(*p);
                }
            }
            Outcome::Skipped(_) => {}
            Outcome::Duplicate(_) => duplicates += 1,
            Outcome::Rejected(ImportError::Cancelled) => cancelled += 1,
            // Said once, for all of them, in the toast.
            Outcome::Rejected(ImportError::DiskFull { .. }) => {}
            Outcome::Rejected(e) => rejected.push(format!("{}: {e}", r.path.display())),
        }
    }
    let n = photos.len();
    let had_photos = !ws.project().photos.is_empty();
    if n > 0 {
        let new: Vec<PhotoId> = photos.iter().map(|p| p.id.clone()).collect();
        if let Err(e) = ws.apply(ws.project().add_photos_keeping_reference(photos)) {
            toasts.error(e);
            return;
        }
        if had_photos {
            ws.older_photos = (ws.project().photos_older_than_reference().into_iter())
                .filter(|p| new.contains(&p.id))
                .map(|p| p.id.clone())
                .collect();
        }
        ws.refresh_index();
        ws.fill_empty_panes();
    }
    let mut text = match disk_full {
        Some(full) => format!(
            "{}: free some space and import them again.",
            full.message(n)
        ),
        None => format!("Imported {n} photo{}.", if n == 1 { "" } else { "s" }),
    };
    if duplicates > 0 {
        text.push_str(&format!(" {duplicates} already in the project."));
    }
    if cancelled > 0 {
        text.push_str(&format!(" {cancelled} skipped (cancelled)."));
    }
    if let Some(skipped) = skipped {
        // "skipped 2 videos and 5 sidecar files" → " Skipped 2 videos and 5 sidecar files."
        let mut words = skipped;
        words[..1].make_ascii_uppercase();
        text.push_str(&format!(" {words}."));
    }
    if !rejected.is_empty() {
        text.push_str(&format!(" {} not imported (see the list).", rejected.len()));
    } else if !notes.is_empty() {
        text.push_str(" Some dates need a look (see the list).");
    }
    ws.rejected = rejected;
    ws.import_notes = notes;
    if disk_full.is_some() {
        toasts.error(text);
    } else {
        toasts.info(text);
    }
}

/// The window listing the files the last import refused, with the reason, and those it
/// imported with a note (a sidecar's date ignored), until closed.
pub fn rejected_list_ui(ctx: &egui::Context, ws: &mut Workspace) {
    if ws.rejected.is_empty() && ws.import_notes.is_empty() {
        return;
    }
    let mut open = true;
    let mut close = false;
    let n = ws.rejected.len();
    let title = match n {
        0 => "Imported, with notes".to_owned(),
        1 => "1 file was not imported".to_owned(),
        n => format!("{n} files were not imported"),
    };
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for line in &ws.rejected {
                        ui.add(egui::Label::new(line).wrap());
                    }
                    if !ws.import_notes.is_empty() {
                        if n > 0 {
                            ui.separator();
                        }
                        ui.label(egui::RichText::new("Imported, dated otherwise:").strong());
                        for line in &ws.import_notes {
                            ui.add(egui::Label::new(line).wrap());
                        }
                    }
                });
            close = ui.button("Close").clicked();
        });
    if !open || close {
        ws.rejected.clear();
        ws.import_notes.clear();
    }
}
