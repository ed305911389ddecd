//! The app's memory while it imports a large batch (issue 15.6): a new project, every photo
//! of FOLDER dropped on the window at once, frames drawn (headless) until the import has
//! finished and the library has been shown, printing the peak resident memory (VmHWM), the
//! resident memory afterwards and the texture cache's bytes against its budget.
//!
//!     cargo run --release --example make-big-photos -- /tmp/big-photos 200
//!     cargo run --release --example app-import-memory -- /tmp/big-photos
//!
//! Without a GPU the textures' pixels are handed to the (absent) renderer and freed, so the
//! resident memory here is the app's own; the GPU holds at most the cache's budget on top.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;

const SCREEN: egui::Vec2 = egui::vec2(1440.0, 900.0);

fn main() -> ExitCode {
    let Some(folder) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: app-import-memory FOLDER");
        return ExitCode::from(2);
    };
    match run(&folder) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("app-import-memory: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A file dropped on the window, as the windowing layer hands it to egui.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn run(folder: &Path) -> Result<(), String> {
    let mut photos: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    photos.sort();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = dir.path().join("memory.afterglow");
    afterglow_core::store::create(&root, "Memory").map_err(|e| e.to_string())?;
    let open = OpenProject::open(&root).map_err(|e| e.to_string())?;
    let mut app = AfterglowApp::with_project(Settings::default(), open);
    let ctx = egui::Context::default();

    let before = status_kb("VmRSS:").unwrap_or(0);
    let started = Instant::now();
    let mut dropped: Vec<Arc<dyn egui::DroppedFile + Send + Sync>> = photos
        .iter()
        .map(|p| Arc::new(Dropped(p.clone())) as Arc<dyn egui::DroppedFile + Send + Sync>)
        .collect();
    let mut frames = 0u64;
    let mut wheel = 0u64;
    loop {
        let mut input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
            focused: true,
            dropped_files: std::mem::take(&mut dropped),
            ..Default::default()
        };
        // Once imported, scroll the library to its end, as a user looking through it would.
        let count = app
            .workspace
            .as_ref()
            .map_or(0, |ws| ws.project().photos.len());
        let importing = !app.jobs.running().is_empty();
        if !importing && count > 0 {
            input.events = vec![
                egui::Event::PointerMoved(egui::pos2(120.0, 500.0)),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: egui::vec2(0.0, -200.0),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                    modifiers: egui::Modifiers::NONE,
                },
            ];
            wheel += 1;
        }
        let out = ctx.run_ui(input, |ui| app.frame(ui));
        ctx.tessellate(out.shapes, out.pixels_per_point);
        frames += 1;
        if frames.is_multiple_of(200) {
            eprintln!(
                "{:.0} s: {count} photos in the project, RSS {} MiB, peak {} MiB",
                started.elapsed().as_secs_f64(),
                status_kb("VmRSS:").unwrap_or(0) / 1024,
                status_kb("VmHWM:").unwrap_or(0) / 1024
            );
        }
        if wheel > 400 && app.textures.pending() == 0 {
            break;
        }
        if started.elapsed() > Duration::from_secs(3600) {
            return Err("the import did not finish within an hour".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let count = app
        .workspace
        .as_ref()
        .map_or(0, |ws| ws.project().photos.len());
    println!(
        "imported {count} of {} photos in {:.0} s; RSS before {} MiB, peak (VmHWM) {} MiB, after {} MiB; texture cache {} of its {} MiB",
        photos.len(),
        started.elapsed().as_secs_f64(),
        before / 1024,
        status_kb("VmHWM:").unwrap_or(0) / 1024,
        status_kb("VmRSS:").unwrap_or(0) / 1024,
        app.textures.used_bytes() / (1024 * 1024),
        app.textures.budget_bytes() / (1024 * 1024)
    );
    Ok(())
}

/// kB from a line of /proc/self/status ("VmHWM:   123456 kB").
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
