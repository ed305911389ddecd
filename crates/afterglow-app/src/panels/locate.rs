//! Photos whose original file is gone (deleted or moved outside the app): found by a cheap
//! existence check on open, every few seconds and when the window gets the focus back
//! (`store::check::missing_photos`, on a worker); marked in the library; and put back with
//! "Locate…" in the details panel (`store::check::locate`: the file must hash to the photo's
//! stored hash; it is copied into `photos/`).

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use egui::RichText;

use afterglow_core::project::{Photo, PhotoId};
use afterglow_core::store::check;

use crate::state::actions::{Action, DialogPurpose};
use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, Jobs};
use crate::work::textures::TextureCache;

/// Starts the check for missing originals when one is due (on open, every few seconds and
/// when the window gets the focus back).
pub fn start_check(ctx: &egui::Context, ws: &mut Workspace, jobs: &mut Jobs, focused: bool) {
    if !ws.missing.due(Instant::now(), focused) {
        return;
    }
    let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
    let id = jobs.spawn_for(ctx, ws, JobKind::CheckMissing, "Checking", move |_| {
        Ok(JobOutput::Missing(check::missing_photos(&paths, &project)))
    });
    ws.missing.job = Some(id);
}

/// The check came back with the photos whose original is missing now.
pub fn checked(ws: &mut Workspace, textures: &mut TextureCache, missing: Vec<PhotoId>) {
    ws.missing.job = None;
    ws.missing.checked_at = Some(Instant::now());
    let now: HashSet<_> = missing.into_iter().collect();
    // Photos that came back (put back by hand): their textures may have failed.
    for id in ws.missing.photos.difference(&now) {
        textures.invalidate(id);
    }
    ws.missing.photos = now;
}

/// The check failed (it is retried on the next due time).
pub fn check_failed(ws: &mut Workspace) {
    ws.missing.job = None;
    ws.missing.checked_at = Some(Instant::now());
}

/// Starts putting `file` back as `photo`'s original (it must hash to the photo's hash).
pub fn start_locate(
    ctx: &egui::Context,
    ws: &mut Workspace,
    jobs: &mut Jobs,
    toasts: &mut Toasts,
    photo: &PhotoId,
    file: PathBuf,
) {
    if let Some(reason) = ws.read_only_reason() {
        toasts.error(format!(
            "The photo cannot be put back: the project is read-only ({reason})."
        ));
        return;
    }
    let Some(p) = ws.project().photo(photo).cloned() else {
        return;
    };
    let paths = ws.open.paths.clone();
    let id = jobs.spawn_for(ctx, ws, JobKind::Locate, "Checking the file", move |_| {
        check::locate(&paths, &p, &file)?;
        Ok(JobOutput::Located(p.id.clone()))
    });
    ws.missing.locating = Some(id);
}

/// The photo's original is back.
pub fn located(ws: &mut Workspace, textures: &mut TextureCache, toasts: &mut Toasts, id: PhotoId) {
    ws.missing.locating = None;
    ws.missing.photos.remove(&id);
    textures.invalidate(&id);
    let name = ws
        .project()
        .photo(&id)
        .map_or_else(|| id.0.clone(), |p| p.original_name.clone());
    toasts.info(format!("{name} is back in the project's photos folder."));
}

/// Putting the original back failed; the reason is shown.
pub fn locate_failed(ws: &mut Workspace, toasts: &mut Toasts, error: &JobError) {
    ws.missing.locating = None;
    toasts.error(error.to_string());
}

/// The notice at the top of the details panel for a photo whose original is missing.
pub fn missing_notice_ui(
    ui: &mut egui::Ui,
    photo: &Photo,
    read_only: bool,
    busy: bool,
    out: &mut Vec<Action>,
) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().extreme_bg_color)
        .show(ui, |ui| {
            ui.label(
                RichText::new("Original file missing")
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
            ui.add(
                egui::Label::new(format!(
                    "{} is no longer in the project folder (deleted or moved outside \
                     Afterglow). It shows only while its cached preview lasts; reports and \
                     alignment need the original. Locate it to put it back.",
                    photo.original_name
                ))
                .wrap(),
            );
            let button = ui
                .add_enabled(!read_only && !busy, egui::Button::new("Locate…"))
                .on_hover_text(
                    "Choose the file: it is checked against the photo's content and copied \
                     back into the project",
                )
                .on_disabled_hover_text(if read_only {
                    "The project is open read-only"
                } else {
                    "Checking a file…"
                });
            if button.clicked() {
                out.push(Action::Dialog(DialogPurpose::Locate(photo.id.clone())));
            }
        });
    ui.add_space(4.0);
}
