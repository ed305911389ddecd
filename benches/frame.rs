//! Frame time of the app with a 500-photo project open: the CPU cost of one frame drawing the
//! library (500 thumbnails along the timeline) and the compare view (side by side, and wipe),
//! from input to tessellated triangles; and the first frame after an edit, which rebuilds the
//! library's labels. Target: under 8 ms per frame.
//!
//! `cargo bench --bench frame`

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use afterglow_app::{AfterglowApp, CompareMode, Settings};
use afterglow_core::store::OpenProject;
use criterion::{Criterion, criterion_group, criterion_main};

const PHOTOS: usize = 500;

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    }
}

fn frame(ctx: &egui::Context, app: &mut AfterglowApp) -> usize {
    let out = ctx.run_ui(input(), |ui| app.frame(ui));
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    prims.len()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bench.afterglow");
    let n = support::make_project(&root, Some(PHOTOS), 480);
    assert_eq!(n, PHOTOS);
    let open = OpenProject::open(&root).unwrap();
    let mut app = AfterglowApp::with_project(Settings::default(), open);
    let ctx = egui::Context::default();
    // Let the loaders fill the texture cache for everything on screen.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        frame(&ctx, &mut app);
        if app.textures.pending() == 0 && app.textures.used_bytes() > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "textures did not load");
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut group = c.benchmark_group("frame with 500 photos");
    group
        .sample_size(40)
        .measurement_time(Duration::from_secs(6));
    for mode in [CompareMode::SideBySide, CompareMode::Wipe] {
        app.settings.view.mode = mode;
        frame(&ctx, &mut app);
        group.bench_function(format!("library + compare ({})", mode.label()), |b| {
            b.iter(|| frame(&ctx, &mut app));
        });
    }
    app.settings.view.mode = CompareMode::SideBySide;
    group.bench_function("library + compare, first frame after an edit", |b| {
        b.iter(|| {
            // What an edit costs the next frame: the library index is rebuilt. (The revision
            // is marked saved so the bench does not start autosaves.)
            let ws = app.workspace.as_mut().unwrap();
            ws.revision += 1;
            ws.save.saved_revision = ws.revision;
            frame(&ctx, &mut app)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
