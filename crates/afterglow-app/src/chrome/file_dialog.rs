//! The desktop's file dialogs (through `rfd` and the XDG desktop portal), run on a worker so
//! the window keeps drawing. Where no portal runs, `file_browser` draws Afterglow's own
//! (`portal` decides); tests answer either without showing anything
//! (`AfterglowApp::answer_next_dialog`) or drive the in-app one.

use std::path::PathBuf;

use crate::state::actions::DialogPurpose;

/// The photo files the Import dialog lists (in any case: see `photo_patterns`).
pub const PHOTO_EXTENSIONS: [&str; 9] = [
    "jpg", "jpeg", "png", "webp", "tif", "tiff", "heic", "heif", "avif",
];

/// Every extension as cameras and phones write it: `jpg`, `JPG`, `Jpg` (the dialogs match
/// case-sensitively on Linux).
fn photo_patterns() -> Vec<String> {
    PHOTO_EXTENSIONS
        .iter()
        .flat_map(|e| {
            let mut title = e.to_string();
            title[..1].make_ascii_uppercase();
            [e.to_string(), e.to_ascii_uppercase(), title]
        })
        .collect()
}

/// Asks the user for files or a folder through the portal (runs on a worker thread),
/// starting in `start` when given: the paths picked (empty: cancelled), or `None` when no
/// dialog could be shown.
pub fn pick(purpose: &DialogPurpose, start: Option<&std::path::Path>) -> Option<Vec<PathBuf>> {
    super::portal::shown(|| ask(purpose, start))
}

fn ask(purpose: &DialogPurpose, start: Option<&std::path::Path>) -> Vec<PathBuf> {
    let mut dialog = rfd::FileDialog::new();
    if let Some(start) = start {
        dialog = dialog.set_directory(start);
    }
    match purpose {
        DialogPurpose::NewProjectIn(name) => dialog
            .set_title(format!("Choose the folder to keep \"{name}\" in"))
            .pick_folder()
            .into_iter()
            .collect(),
        DialogPurpose::OpenProject => dialog
            .set_title("Open a project folder (…/Name.afterglow)")
            .pick_folder()
            .into_iter()
            .collect(),
        DialogPurpose::Import => dialog
            .set_title("Import photos")
            .add_filter("Photos", &photo_patterns())
            .add_filter("All files", &["*"])
            .pick_files()
            .unwrap_or_default(),
        DialogPurpose::ImportFolder => dialog
            .set_title("Import every photo in a folder")
            .pick_folder()
            .into_iter()
            .collect(),
        DialogPurpose::Export { folder, name } => {
            let mut dialog = dialog.set_title("Export to").set_file_name(name);
            if let Some(f) = folder.as_ref().filter(|f| f.is_dir()) {
                dialog = dialog.set_directory(f);
            }
            dialog.save_file().into_iter().collect()
        }
        DialogPurpose::Locate(_) => dialog
            .set_title("Locate the photo's original file")
            .pick_file()
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn photo_patterns_cover_every_case_cameras_write() {
        let p = super::photo_patterns();
        for e in [
            "jpg", "JPG", "Jpg", "jpeg", "JPEG", "tiff", "TIFF", "webp", "PNG", "HEIC", "heic",
            "heif", "AVIF",
        ] {
            assert!(p.iter().any(|x| x == e), "{e}");
        }
        assert_eq!(p.len(), 27);
    }
}
