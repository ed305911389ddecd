//! The app with a 2,000-photo library (`support/large_project.rs`): the time from opening the
//! project (`OpenProject::open`, what the open job does, then `AfterglowApp::with_project`) to
//! the first drawn frame (tessellated), target < 1 s; then one pass scrolling the whole
//! library top to bottom, waiting at each step for the visible thumbnails, printing the peak
//! resident memory (VmHWM), the texture cache's bytes against its budget and the slowest
//! frame. Target: under 1 GB.
//!
//!     cargo bench --bench app_scale
//!     AFTERGLOW_LARGE_PROJECT=/tmp/large.afterglow cargo bench --bench app_scale   # reuse one
//!
//! Without a GPU the textures' pixels are handed to the (absent) renderer and freed, so the
//! resident memory here is the app's own; the GPU holds at most the cache's budget on top.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/large_project.rs"]
mod large_project;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;
use criterion::{Criterion, criterion_group, criterion_main};

const PHOTOS: usize = 2000;
const SCREEN: egui::Vec2 = egui::vec2(1440.0, 900.0);

fn input(events: Vec<egui::Event>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SCREEN)),
        events,
        focused: true,
        ..Default::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut AfterglowApp, events: Vec<egui::Event>) -> usize {
    let out = ctx.run_ui(input(events), |ui| app.frame(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn open_and_draw(root: &std::path::Path) -> AfterglowApp {
    let open = OpenProject::open(root).unwrap();
    let mut app = AfterglowApp::with_project(Settings::default(), open);
    let ctx = egui::Context::default();
    frame(&ctx, &mut app, Vec::new());
    app
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

fn project_root(dir: &std::path::Path) -> PathBuf {
    if let Some(p) = std::env::var_os("AFTERGLOW_LARGE_PROJECT").map(PathBuf::from)
        && p.join("project.json").is_file()
    {
        return p;
    }
    let root = dir.join("large.afterglow");
    let started = Instant::now();
    large_project::make_large_project(&root, PHOTOS).unwrap();
    eprintln!(
        "generated {PHOTOS} photos in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    root
}

/// Scrolls the library from top to bottom, letting the loaders catch up at each step.
fn scroll_whole_library(root: &std::path::Path) {
    let rss_before = status_kb("VmRSS:").unwrap_or(0);
    let open = OpenProject::open(root).unwrap();
    let photos = open.project.photos.len();
    let mut app = AfterglowApp::with_project(Settings::default(), open);
    let ctx = egui::Context::default();
    let over_library = egui::pos2(120.0, 450.0);
    let (mut frames, mut slowest, mut peak_tex) = (0, Duration::ZERO, 0);
    let mut still = 0;
    let started = Instant::now();
    while still < 3 && started.elapsed() < Duration::from_secs(600) {
        let t = Instant::now();
        frame(
            &ctx,
            &mut app,
            vec![
                egui::Event::PointerMoved(over_library),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: egui::vec2(0.0, -600.0),
                    modifiers: egui::Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                },
            ],
        );
        slowest = slowest.max(t.elapsed());
        frames += 1;
        // Let the visible thumbnails arrive before scrolling on.
        let wait = Instant::now();
        while app.textures.pending() > 0 && wait.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(2));
            frame(
                &ctx,
                &mut app,
                vec![egui::Event::PointerMoved(over_library)],
            );
            frames += 1;
        }
        let used = app.textures.used_bytes();
        assert!(
            used <= app.textures.budget_bytes(),
            "the texture cache stays under its budget"
        );
        // At the bottom a scroll brings nothing new: stop after three such steps.
        if used == peak_tex {
            still += 1;
        } else {
            still = 0;
        }
        peak_tex = peak_tex.max(used);
    }
    eprintln!(
        "scrolled {photos} photos in {frames} frames ({:.1} s): \
         slowest frame {:.1} ms; texture cache peak {} MiB of {} MiB; RSS before open {} MiB, \
         peak (VmHWM) {} MiB",
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1e3,
        peak_tex / (1024 * 1024),
        app.textures.budget_bytes() / (1024 * 1024),
        rss_before / 1024,
        status_kb("VmHWM:").unwrap_or(0) / 1024,
    );
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let root = project_root(dir.path());
    // The first open alone (cold caches of this process), then criterion's repeated ones.
    let t = Instant::now();
    drop(open_and_draw(&root));
    eprintln!(
        "first open + first frame: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut g = c.benchmark_group(format!("app with {PHOTOS} photos"));
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("open project + first frame", |b| {
        b.iter(|| open_and_draw(&root))
    });
    g.finish();
    scroll_whole_library(&root);
}

criterion_group!(benches, bench);
criterion_main!(benches);
