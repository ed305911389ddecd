//! Choosing another reference, and the question an import of older photos asks. The regions
//! are drawn in the reference's frame, so they move with it (`Project::choose_reference`);
//! that needs the new reference aligned to the old one, so a photo that is not gets aligned
//! first and becomes the reference when its alignment comes back.

use afterglow_core::project::PhotoId;

use crate::panels::align_job;
use crate::state::actions::Action;
use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::jobs::Jobs;

/// Makes `id` the reference of its view, aligning it to the current one first when the
/// view's regions could not follow it otherwise.
pub fn make_reference(
    ctx: &egui::Context,
    ws: &mut Workspace,
    jobs: &mut Jobs,
    id: &PhotoId,
) -> Result<Option<String>, String> {
    let project = ws.project();
    let photo = project
        .photo(id)
        .ok_or_else(|| format!("No photo {id} in the project."))?;
    let has_regions = project.regions.iter().any(|r| r.view == photo.view());
    if has_regions && project.new_reference_from_old(photo).is_none() {
        let name = photo.original_name.clone();
        ws.pending_reference = Some(id.clone());
        align_job::start_one(ctx, ws, jobs, id.clone());
        return Ok(Some(format!(
            "Aligning {name} to the current reference first, so the regions can move with it."
        )));
    }
    let command = project.choose_reference(photo);
    let text = switched_text(&photo.original_name, has_regions);
    ws.apply(command)?;
    Ok(Some(text))
}

/// After an alignment run: the photo waiting to become the reference (see `make_reference`)
/// does, with the regions if it was aligned.
pub fn finish_pending(ws: &mut Workspace, toasts: &mut Toasts) {
    let Some(id) = ws.pending_reference.take() else {
        return;
    };
    let project = ws.project();
    let Some(photo) = project.photo(&id) else {
        return;
    };
    let follows = project.new_reference_from_old(photo).is_some();
    let name = photo.original_name.clone();
    let command = project.choose_reference(photo);
    match ws.apply(command) {
        Ok(()) if follows => toasts.info(switched_text(&name, true)),
        Ok(()) => toasts.info(format!(
            "{name} is the reference now. It could not be aligned to the old reference, so \
             the regions stay where they were drawn: check them (Edit regions)."
        )),
        Err(e) => toasts.error(e),
    }
}

fn switched_text(name: &str, regions: bool) -> String {
    let regions = if regions {
        " The regions moved with it onto the same skin."
    } else {
        ""
    };
    format!("{name} is the reference now.{regions} Align all photos to compare them against it.")
}

/// The question after an import brought photos older than the reference: keep it (the
/// default, and what closing the window does), or make the earliest photo the reference.
pub fn older_photos_ui(ctx: &egui::Context, ws: &mut Workspace, out: &mut Vec<Action>) {
    if ws.older_photos.is_empty() {
        return;
    }
    let project = ws.project();
    let (Some(reference), Some(earliest)) = (
        project.reference_photo(),
        project.photo(&ws.older_photos[0]),
    ) else {
        ws.older_photos.clear();
        return;
    };
    let n = ws.older_photos.len();
    let title = if n == 1 {
        "1 photo is older than your reference".to_owned()
    } else {
        format!("{n} photos are older than your reference")
    };
    let text = format!(
        "{} (taken {}) stays the reference unless you choose otherwise. The earliest photo \
         is {} (taken {}); making it the reference moves the regions with it, and \"Align all \
         photos\" then aligns the others to it.",
        reference.original_name,
        reference.taken_at.format("%Y-%m-%d"),
        earliest.original_name,
        earliest.taken_at.format("%Y-%m-%d"),
    );
    let earliest_id = earliest.id.clone();
    let (mut open, mut keep, mut switch) = (true, false, false);
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.add(egui::Label::new(text).wrap());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                keep = ui.button("Keep reference").clicked();
                switch = ui.button("Make the earliest the reference").clicked();
            });
        });
    if switch {
        out.push(Action::MakeReference(earliest_id));
    }
    if !open || keep || switch {
        ws.older_photos.clear();
    }
}
