//! Afterglow's own file browser, drawn in the window (the `egui_file` crate), for where no
//! desktop portal runs: a bare X server, a minimal window manager, the tests (which drive
//! import and export through it). A folder is listed once when it is entered (one
//! `read_dir`, on the UI thread: listing reads names and types, no file contents, so it is
//! quick even for thousands of photos), never every frame. Creating and renaming files are
//! switched off: the UI thread writes no files.

use std::path::{Path, PathBuf};

use egui_file::{FileDialog, State};

use crate::chrome::file_dialog::PHOTO_EXTENSIONS;
use crate::state::actions::DialogPurpose;

/// An open browser and what it was opened for.
pub struct FileBrowser {
    purpose: DialogPurpose,
    dialog: FileDialog,
}

/// `path` names a photo the importer reads (by extension, in any case).
fn is_photo(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PHOTO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

impl FileBrowser {
    /// Opens the browser for `purpose`, starting in `home` (the export's folder instead when
    /// it has one).
    pub fn open(purpose: DialogPurpose, home: &Path) -> Self {
        let dialog = match &purpose {
            DialogPurpose::NewProjectIn(name) => FileDialog::select_folder()
                .title(&format!("Choose the folder to keep \"{name}\" in")),
            DialogPurpose::OpenProject => {
                FileDialog::select_folder().title("Open a project folder (…/Name.afterglow)")
            }
            DialogPurpose::Import => FileDialog::open_file()
                .title("Import photos")
                .multi_select(true)
                .show_files_filter(Box::new(|p: &Path| is_photo(p))),
            DialogPurpose::ImportFolder => {
                FileDialog::select_folder().title("Import every photo in a folder")
            }
            DialogPurpose::Export { folder, name } => {
                let start = folder.as_ref().filter(|f| f.is_dir());
                FileDialog::save_file()
                    .title("Export to")
                    .default_filename(name.clone())
                    .initial_path(start.cloned().unwrap_or_else(|| home.to_path_buf()))
            }
            DialogPurpose::Locate(_) => FileDialog::open_file()
                .title("Locate the photo's original file")
                .show_files_filter(Box::new(|p: &Path| is_photo(p))),
        };
        let mut dialog = match &purpose {
            DialogPurpose::Export { .. } => dialog,
            _ => dialog.initial_path(home),
        }
        .id(egui::Id::unique("afterglow-file-browser"))
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .default_size([720.0, 480.0])
        .show_rename(false)
        .show_new_folder(false)
        .keep_on_top(true);
        dialog.open();
        Self { purpose, dialog }
    }

    /// What the browser was opened for.
    pub fn purpose(&self) -> &DialogPurpose {
        &self.purpose
    }

    /// The folder shown.
    pub fn folder(&self) -> &Path {
        self.dialog.directory()
    }

    /// Draws the browser; once the user is done, the paths picked (empty: cancelled).
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Vec<PathBuf>> {
        match self.dialog.show(ctx).state() {
            State::Open => None,
            State::Selected => {
                // Import picks several (ticked in the list); the others one, or the name typed.
                let ticked: Vec<PathBuf> = if self.dialog.has_multi_select() {
                    let ticked = self.dialog.selection();
                    ticked.into_iter().map(Path::to_path_buf).collect()
                } else {
                    Vec::new()
                };
                if ticked.is_empty() {
                    Some(
                        self.dialog
                            .path()
                            .map(Path::to_path_buf)
                            .into_iter()
                            .collect(),
                    )
                } else {
                    Some(ticked)
                }
            }
            State::Cancelled | State::Closed => Some(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_known_by_extension_in_any_case() {
        assert!(is_photo(Path::new("/a/IMG_1.JPG")));
        assert!(is_photo(Path::new("b.heic")));
        assert!(is_photo(Path::new("c.Tiff")));
        assert!(!is_photo(Path::new("notes.txt")));
        assert!(!is_photo(Path::new("jpg")));
    }

    #[test]
    fn export_starts_in_its_folder_and_the_others_at_home() {
        let home = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let export = DialogPurpose::Export {
            folder: Some(out.path().to_path_buf()),
            name: "course.pdf".into(),
        };
        assert_eq!(FileBrowser::open(export, home.path()).folder(), out.path());
        let import = FileBrowser::open(DialogPurpose::Import, home.path());
        assert_eq!(import.folder(), home.path());
        assert_eq!(import.purpose(), &DialogPurpose::Import);
    }
}
