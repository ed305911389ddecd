//! Photos whose original file is gone (deleted or moved outside the app): found by a cheap
//! existence check on open, every few seconds and when the window gets the focus back
//! (`store::check::missing_photos`, on a worker); marked in the library; and put back with
//! "Locate…" in the details panel (`store::check::locate`: the file must hash to the photo's
//! stored hash; it is copied into `photos/`).

use egui::RichText;

use afterglow_core::project::{Photo, Project};
use afterglow_core::store::ProjectPaths;
use afterglow_core::store::check;

use crate::state::actions::Action;
use crate::state::actions::DialogPurpose;
use crate::work::jobs::JobOutput;

/// The job: which photos' originals are missing.
pub fn check_missing(paths: &ProjectPaths, project: &Project) -> Result<JobOutput, String> {
    Ok(JobOutput::Missing(check::missing_photos(paths, project)))
}

/// The job: put `file` back as `photo`'s original if its content is the photo's.
pub fn locate(
    paths: &ProjectPaths,
    photo: &Photo,
    file: &std::path::Path,
) -> Result<JobOutput, String> {
    match check::locate(paths, photo, file) {
        Ok(_) => Ok(JobOutput::Located(photo.id.clone())),
        Err(check::LocateError::NotThePhoto {
            path,
            original_name,
            ..
        }) => Err(format!(
            "{}: this file is not the same photo as {original_name}: its content differs, so \
             it was not used.",
            path.display()
        )),
        Err(e) => Err(e.to_string()),
    }
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
