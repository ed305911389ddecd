//! The sample project's report: measurements (cached after the first run, as in use),
//! aligned photos, redness-change maps, charts and tables, written as a PDF. Target: under
//! 2 s. Also the comparison sheet and the timelapse, MP4 (target: 15 frames at 1080 px in
//! under 2 s and 2 MB) and GIF.
//!
//!     cargo bench --bench report

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/demo.rs"]
mod demo;

use afterglow_core::report::{self, ReportOptions, TimelapseFormat, TimelapseOptions};

fn bench_report(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (paths, project) = demo::aligned_demo(dir.path());
    let created = chrono::NaiveDate::from_ymd_opt(2026, 5, 10)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("date");
    let options = ReportOptions::new(created);
    // The first build rebuilds the previews the demo ships without (import's job, not timed).
    let pdf = report::build_pdf(&paths, &project, &options, &|_| {}).expect("report");
    eprintln!("report: {} bytes", pdf.len());
    let mut group = c.benchmark_group("report");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("sample project PDF", |b| {
        b.iter(|| report::build_pdf(&paths, &project, &options, &|_| {}).expect("report"))
    });
    group.bench_function("comparison sheet PNG", |b| {
        b.iter(|| {
            report::build_sheet(&paths, &project, &options, std::path::Path::new("s.png"))
                .expect("sheet")
        })
    });
    let mp4 = TimelapseOptions::new(TimelapseFormat::Mp4);
    let video = report::build_timelapse(&paths, &project, &mp4, &|_| {}).expect("mp4");
    eprintln!("timelapse MP4 (15 frames, 1080 px): {} bytes", video.len());
    group.bench_function("timelapse MP4", |b| {
        b.iter(|| report::build_timelapse(&paths, &project, &mp4, &|_| {}).expect("mp4"))
    });
    let gif = TimelapseOptions::new(TimelapseFormat::Gif);
    group.bench_function("timelapse GIF", |b| {
        b.iter(|| report::build_timelapse(&paths, &project, &gif, &|_| {}).expect("gif"))
    });
    group.finish();
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
