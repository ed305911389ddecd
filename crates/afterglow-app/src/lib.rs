//! The egui shell. The only part of the crate that touches egui, eframe or rfd.
//!
//! State lives in [`AfterglowApp`] (settings, toasts, jobs, textures) and, for the open project,
//! in [`Workspace`]. Panels draw from that state and push [`Action`]s; the app applies them after
//! the frame (changes to the project go through `Command`, so they can be undone and are saved
//! by the debounced autosave). Anything slow runs in [`jobs`] off the UI thread.

mod analysis;
mod chrome;
mod compare;
mod export;
mod panels;
mod shell;
mod state;
mod widgets;
mod work;

use std::path::PathBuf;

use anyhow::{Result, anyhow};

use afterglow_core::store::OpenProject;

pub use chrome::about;
pub use chrome::portal::Dialogs;
pub use chrome::shortcuts::SHORTCUTS;
pub use shell::AfterglowApp;
pub use state::actions::{Action, DialogPurpose};
pub use state::alignment_status::AlignStatus;
pub use state::analysis::{AnalysisSettings, AnalysisState, Measured, RednessMeasure};
pub use state::export_choices::{ExportSettings, SheetFormat};
pub use state::missing::MissingState;
pub use state::settings::{CompareMode, ProjectView, SETTINGS_KEY, Settings, ViewSettings};
pub use state::toasts::{Toast, ToastKind, Toasts};
pub use state::tool::Tool;
pub use state::workspace::{CentralTab, SaveStatus, Workspace};
pub use work::jobs::JobKind;
pub use work::textures::{TexKind, TextureCache};

/// `root`, or the working copy of the sample when `root` is the sample project this build
/// found (see `chrome::start::find_sample`).
fn sample_or_itself(root: PathBuf) -> PathBuf {
    let same = |a: &std::path::Path, b: &std::path::Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
    let Some(sample) = chrome::start::find_sample().filter(|s| same(s, &root)) else {
        return root;
    };
    let Some(home) = afterglow_core::store::data_home() else {
        return root;
    };
    match afterglow_core::store::sample_working_copy(&sample, &home) {
        Ok(copy) => {
            eprintln!(
                "afterglow: the sample opens from its working copy {} (the original stays as it is)",
                copy.display()
            );
            copy
        }
        Err(e) => {
            eprintln!("afterglow: cannot copy the sample ({e}); opening it in place");
            root
        }
    }
}

/// The application icon (`assets/icon/`, drawn for Afterglow, CC0) for the window and the
/// task switcher.
fn window_icon() -> std::sync::Arc<egui::IconData> {
    const PNG: &[u8] = include_bytes!("../../../assets/icon/afterglow-256.png");
    // The PNG is ours and checked by a test; a failure here would only cost the icon.
    std::sync::Arc::new(eframe::icon_data::from_png_bytes(PNG).unwrap_or_default())
}

/// Opens the window on `project` (or on the start screen).
pub fn run(project: Option<PathBuf>) -> Result<()> {
    // The sample named on the command line (the README's first command) opens from its
    // working copy in the user's data folder, so trying the app never changes the checkout.
    let project = project.map(sample_or_itself);
    // A project named on the command line that cannot be opened is an error before any window.
    let opened = project.map(|root| OpenProject::open(&root)).transpose()?;
    chrome::portal::watch_rfd();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Afterglow")
            .with_app_id("afterglow")
            .with_icon(window_icon())
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([960.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Afterglow",
        options,
        Box::new(move |cc| {
            chrome::theme::apply(&cc.egui_ctx);
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
                .unwrap_or_default();
            let app = match opened {
                Some(open) => AfterglowApp::with_project(settings, open),
                None => AfterglowApp::on_start(settings),
            };
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow!("cannot open a window: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_is_the_256_px_png() {
        let icon = super::window_icon();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
