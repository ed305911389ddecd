//! What the app's kittest tests share: a harness around `AfterglowApp::frame`, waiting for
//! workers, and reading the open project.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use afterglow_app::AfterglowApp;
use afterglow_core::guide;
use afterglow_core::project::{PhotoId, Project};
use egui_kittest::Harness;

/// A harness `height` points tall (tall enough that what a test clicks is laid out, and so
/// in the accessibility tree).
pub fn harness_of_height(app: AfterglowApp, height: f32) -> Harness<'static, AfterglowApp> {
    Harness::builder()
        .with_size([1600.0, height])
        .build_ui_state(|ui, app: &mut AfterglowApp| app.frame(ui), app)
}

/// Steps frames until `done` holds (workers run on real threads, so this waits real time).
pub fn settle_within(
    h: &mut Harness<'_, AfterglowApp>,
    what: &str,
    seconds: u64,
    done: impl Fn(&AfterglowApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        h.step();
        if done(h.state()) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for: {what}; toasts: {:?}",
            h.state().toasts.items()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn project<'h>(h: &'h Harness<'_, AfterglowApp>) -> &'h Project {
    &h.state()
        .workspace
        .as_ref()
        .expect("a project is open")
        .open
        .project
}

/// The library's label of a photo ("Session 2 · day 3 · 8 Mar 2026").
pub fn label_of(p: &Project, id: &PhotoId) -> String {
    let photo = p.photo(id).expect("the photo is in the project");
    guide::placement(p, photo).label(photo.taken_at)
}

/// A file dropped on the window, as the windowing layer hands it to egui.
#[derive(Debug)]
pub struct Dropped(pub std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}
