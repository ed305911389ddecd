//! The neutral patch (white balance) of a photo: the Calibration section of the details panel
//! (state, "Mark neutral patch", "Clear neutral patch"), the check a marked patch goes through
//! on a worker (it reads the preview) and the command that stores it. The dragging is in
//! `compare/regions_pane.rs`.

use egui::RichText;

use afterglow_core::geometry::resample_from;
use afterglow_core::imaging::fit_within;
use afterglow_core::import::{PREVIEW_SIDE, load_preview};
use afterglow_core::metrics::WhiteBalance;
use afterglow_core::project::{Command, Photo, PhotoId, Project, Rect};
use afterglow_core::store::ProjectPaths;

use crate::state::actions::Action;
use crate::state::region_geometry::{MIN_PATCH_PREVIEW_PX, patch_big_enough};
use crate::state::toasts::Toasts;
use crate::state::tool::Tool;
use crate::state::workspace::Workspace;
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// How many photo pixels one preview pixel spans.
pub fn photo_px_per_preview_px(photo: &Photo) -> f64 {
    let (pw, _) = fit_within(photo.width, photo.height, PREVIEW_SIDE);
    f64::from(photo.width) / f64::from(pw.max(1))
}

/// What a rectangle dragged on `photo` asks for: a check on a worker, or at once an error when
/// it is too small to judge.
pub fn marked(photo: &Photo, patch: Rect) -> Action {
    if !patch_big_enough(&patch, photo_px_per_preview_px(photo)) {
        return Action::Error(format!(
            "That neutral patch is too small: drag a rectangle at least {MIN_PATCH_PREVIEW_PX:.0} \
             pixels across over the grey card or white paper."
        ));
    }
    Action::PatchMarked {
        photo: photo.id.clone(),
        patch,
    }
}

/// Starts checking `patch` on `photo` (a worker reads the preview); stored when it passes.
pub fn start_check(
    ctx: &egui::Context,
    ws: &mut Workspace,
    jobs: &mut Jobs,
    photo: PhotoId,
    patch: Rect,
) {
    let Some(p) = ws.project().photo(&photo).cloned() else {
        return;
    };
    let paths = ws.open.paths.clone();
    jobs.spawn_for(
        ctx,
        ws,
        JobKind::CheckPatch,
        "Checking the neutral patch",
        move |_| check(&paths, &p, &patch).map(|()| JobOutput::PatchChecked(photo, patch)),
    );
}

/// Reads the photo's preview and checks that `patch` can white-balance it (not dark, clipped
/// or coloured). Runs on a worker.
pub(crate) fn check(paths: &ProjectPaths, photo: &Photo, patch: &Rect) -> Result<(), JobError> {
    let preview = load_preview(paths, photo).map_err(|source| JobError::Preview {
        photo: photo.original_name.clone(),
        source,
    })?;
    let preview_from_photo =
        resample_from(preview.width(), preview.height(), photo.width, photo.height);
    WhiteBalance::from_photo_patch(&preview, &preview_from_photo, patch)
        .map(|_| ())
        .map_err(JobError::Patch)
}

/// The patch passed its check: store it (undoable) and leave the tool.
pub fn checked(ws: &mut Workspace, toasts: &mut Toasts, photo: PhotoId, patch: Rect) {
    let Some(command) = set_patch(ws.project(), &photo, Some(patch)) else {
        toasts.error("That photo is no longer in the project.");
        return;
    };
    match ws.apply(command) {
        Ok(()) => {
            if matches!(&ws.tool, Tool::MarkPatch { photo: p, .. } if *p == photo) {
                ws.tool = Tool::None;
            }
            toasts.info("Neutral patch set: this photo's redness is now white-balanced.");
        }
        Err(e) => toasts.error(e),
    }
}

/// The command that stores (or, with `None`, clears) the neutral patch of `photo`.
pub fn set_patch(project: &Project, photo: &PhotoId, patch: Option<Rect>) -> Option<Command> {
    let mut p = project.photo(photo)?.clone();
    p.white_patch = patch;
    Some(Command::UpdatePhoto(Box::new(p)))
}

/// One line on how the photo's colours are calibrated.
pub fn calibration_text(photo: &Photo) -> &'static str {
    if photo.white_patch.is_some() {
        "White balance: from neutral patch"
    } else {
        "White balance: no neutral patch — matched to the reference photo through the \
         surroundings where they agree (see Measurements); mark a grey card or white paper to \
         be sure"
    }
}

/// The Calibration section of the details panel.
pub fn panel_ui(ui: &mut egui::Ui, ws: &mut Workspace, photo: &Photo, out: &mut Vec<Action>) {
    if photo.white_patch.is_some() {
        ui.label(calibration_text(photo));
    } else {
        ui.colored_label(ui.visuals().warn_fg_color, calibration_text(photo));
    }
    let editable = ws.read_only_reason().is_none();
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal_wrapped(|ui| {
            let marking = matches!(&ws.tool, Tool::MarkPatch { photo: p, .. } if p == &photo.id);
            if ui
                .add(crate::widgets::toggle::toggle_button(
                    marking,
                    "Mark neutral patch",
                ))
                .on_hover_text("Drag a rectangle over a grey card or white paper in this photo")
                .clicked()
            {
                ws.tool = if marking {
                    Tool::None
                } else {
                    Tool::MarkPatch {
                        photo: photo.id.clone(),
                        drag: None,
                    }
                };
            }
            if photo.white_patch.is_some()
                && ui
                    .button("Use on every photo")
                    .on_hover_text(
                        "Carry this patch through the alignments to every other aligned photo \
                         of this view without a patch of its own (a grey card held in the same \
                         place each time, or a wall that does not move); each is checked first, \
                         and Undo takes them all back",
                    )
                    .clicked()
            {
                out.push(Action::SpreadPatch(photo.id.clone()));
            }
            if photo.white_patch.is_some()
                && ui
                    .button("Clear neutral patch")
                    .on_hover_text("Measure this photo uncalibrated again (Undo brings it back)")
                    .clicked()
                && let Some(c) = set_patch(ws.project(), &photo.id, None)
            {
                out.push(Action::Apply(c));
            }
        });
    });
    if photo.white_patch.is_some() {
        ui.label(RichText::new("The patch shows in the photo while regions are shown (R).").weak());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use afterglow_core::geometry::Point;

    #[test]
    fn a_tiny_patch_is_refused_at_once() {
        let mut photo = afterglow_core::project::Photo::new(
            "p",
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            4096,
            3072,
        );
        assert!((photo_px_per_preview_px(&photo) - 2.0).abs() < 1e-9);
        let small = Rect {
            min: Point::new(10.0, 10.0),
            max: Point::new(20.0, 40.0),
        };
        assert!(matches!(marked(&photo, small), Action::Error(e) if e.contains("too small")));
        photo.width = 1024;
        photo.height = 768;
        assert!(matches!(marked(&photo, small), Action::PatchMarked { .. }));
        assert_eq!(
            calibration_text(&photo),
            "White balance: no neutral patch — matched to the reference photo through the \
             surroundings where they agree (see Measurements); mark a grey card or white \
             paper to be sure"
        );
    }
}
