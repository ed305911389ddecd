//! The whole flow a user runs once a course, through the real `afterglow` binary, on 48
//! phone-size photos (4032×3024: 24 JPEG and 24 HEIC, made from the sample's 15 photos,
//! enlarged, with sensor-like noise): `new`, `import`, `align`, `metrics`, `report`. Beside
//! it, in the same run and on the same files, `vipsthumbnail -s 2048`: the cost of merely
//! making previews with the fastest tool there is. Target: the whole flow within 1.5× of it.
//!
//!     cargo bench --bench end_to_end
//!
//! Needs `vipsthumbnail` and `vips` (Debian: `libvips-tools`, whose libvips also writes the
//! HEIC files through libheif's x265 encoder) and the runtime libheif; without them it says
//! so and measures nothing. The generated photos are kept in `target/end-to-end-photos/`
//! (about 150 MB; making them takes a few minutes once). `AFTERGLOW_E2E_RUNS` sets the number
//! of alternating runs (default 3); the medians are printed.
//!
//! Not criterion: one run takes about a minute, and criterion's ten samples at least would
//! take a quarter of an hour for one figure. The runs alternate the two tools, so a machine
//! busy with something else slows both alike and the ratio stays fair.

// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use image::RgbImage;
use image::imageops::{FilterType, resize};
use rayon::prelude::*;

const PHOTOS: usize = 48;
const LONG: u32 = 4032;
const SHORT: u32 = 3024;
/// Bumped when the recipe changes, so an old set is made again.
const SET_VERSION: &str = "1";

fn main() {
    if !tool_runs("vipsthumbnail") || !tool_runs("vips") {
        println!(
            "end_to_end: skipped (needs vipsthumbnail and vips: apt-get install libvips-tools)"
        );
        return;
    }
    if let Err(why) = afterglow_core::photo_file::heif_support() {
        println!("end_to_end: skipped (HEIC cannot be read here: {why})");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let photos = root.join("target/end-to-end-photos");
    let files = photo_set(root, &photos);
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).expect("stat").len())
        .sum();
    println!(
        "end_to_end: {} photos ({} JPEG, {} HEIC), {:.0} MB in all",
        files.len(),
        files.iter().filter(|f| has_ext(f, "jpg")).count(),
        files.iter().filter(|f| has_ext(f, "heic")).count(),
        total as f64 / 1e6
    );

    let runs: usize = std::env::var("AFTERGLOW_E2E_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut vips = Vec::new();
    let mut steps: Vec<[Duration; 4]> = Vec::new();
    for run in 0..runs {
        let scratch = tempfile::tempdir().expect("tempdir");
        vips.push(vipsthumbnail(&files, scratch.path()));
        steps.push(afterglow_flow(&photos, scratch.path()));
        let flow: Duration = steps[run].iter().sum();
        println!(
            "run {} (load average {}): vipsthumbnail {:.2} s, afterglow {:.2} s (import {:.2}, align {:.2}, metrics {:.2}, report {:.2})",
            run + 1,
            load_average(),
            vips[run].as_secs_f64(),
            flow.as_secs_f64(),
            steps[run][0].as_secs_f64(),
            steps[run][1].as_secs_f64(),
            steps[run][2].as_secs_f64(),
            steps[run][3].as_secs_f64(),
        );
    }
    let vips_median = median(vips.clone());
    let step_median = |i: usize| median(steps.iter().map(|s| s[i]).collect());
    let flow_median = median(steps.iter().map(|s| s.iter().sum()).collect());
    println!(
        "median of {runs}: vipsthumbnail -s 2048 {:.2} s; afterglow {:.2} s = import {:.2} + align {:.2} + metrics {:.2} + report {:.2}; ratio {:.2}× (target ≤ 1.5×)",
        vips_median.as_secs_f64(),
        flow_median.as_secs_f64(),
        step_median(0).as_secs_f64(),
        step_median(1).as_secs_f64(),
        step_median(2).as_secs_f64(),
        step_median(3).as_secs_f64(),
        flow_median.as_secs_f64() / vips_median.as_secs_f64(),
    );
}

/// The 48 photos, made once and kept: photo `i` is sample photo `i % 15` enlarged to
/// 3024×4032 with noise of its own (so no two files are alike), dated by its file name one
/// day apart; the odd ones are saved as HEIC by libvips.
fn photo_set(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let names: Vec<String> = (0..PHOTOS)
        .map(|i| {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")
                + chrono::Days::new(i as u64);
            let ext = if i % 2 == 1 { "heic" } else { "jpg" };
            format!("IMG_{}_101500.{ext}", day.format("%Y%m%d"))
        })
        .collect();
    let files: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    let marker = dir.join("made-by-end-to-end-bench");
    let ready = std::fs::read_to_string(&marker).is_ok_and(|v| v == SET_VERSION)
        && files.iter().all(|f| f.exists());
    if ready {
        return files;
    }
    println!(
        "end_to_end: making the photo set in {} (once)…",
        dir.display()
    );
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("photo folder");
    let sources = sample_photos(root);
    files.par_iter().enumerate().for_each(|(i, file)| {
        let img = phone_size(&sources[i % sources.len()], i as u32);
        let jpeg = afterglow_core::imaging::encode_jpeg(&img, 92).expect("encode");
        if has_ext(file, "heic") {
            let tmp = file.with_extension("source.jpg");
            std::fs::write(&tmp, jpeg).expect("write");
            let status = Command::new("vips")
                .arg("copy")
                .arg(&tmp)
                .arg(format!("{}[Q=80]", file.display()))
                .status()
                .expect("run vips");
            assert!(status.success(), "vips could not write {}", file.display());
            std::fs::remove_file(tmp).expect("remove");
        } else {
            std::fs::write(file, jpeg).expect("write");
        }
    });
    std::fs::write(marker, SET_VERSION).expect("marker");
    files
}

/// The sample's photos, upright, in name order.
fn sample_photos(root: &Path) -> Vec<RgbImage> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("sample-data/photos"))
        .expect("sample-data/photos")
        .map(|e| e.expect("entry").path())
        .filter(|p| has_ext(p, "jpg"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("read sample photo");
            afterglow_core::photo_file::decode_file(&bytes, p, None, None)
                .expect("decode sample photo")
                .decoded
                .image
        })
        .collect()
}

/// `img` enlarged to a 12-MP phone frame of its orientation, with per-pixel noise as a
/// phone's sensor leaves it (so the JPEG is as large as a real one, about 3–4 MB).
fn phone_size(img: &RgbImage, seed: u32) -> RgbImage {
    let (w, h) = if img.width() >= img.height() {
        (LONG, SHORT)
    } else {
        (SHORT, LONG)
    };
    let mut big = resize(img, w, h, FilterType::Triangle);
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1).max(1);
    for p in big.pixels_mut() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state % 13) as i16 - 6;
        for c in &mut p.0 {
            *c = (i16::from(*c) + n).clamp(0, 255) as u8;
        }
    }
    big
}

/// `vipsthumbnail -s 2048` over every file, one process as a user would run it.
fn vipsthumbnail(files: &[PathBuf], scratch: &Path) -> Duration {
    let out = scratch.join("vips");
    std::fs::create_dir_all(&out).expect("vips out");
    let start = Instant::now();
    let status = Command::new("vipsthumbnail")
        .arg("-s")
        .arg("2048")
        .arg("-o")
        .arg(format!("{}/%s.jpg", out.display()))
        .args(files)
        .status()
        .expect("run vipsthumbnail");
    let took = start.elapsed();
    assert!(status.success(), "vipsthumbnail failed");
    assert_eq!(
        std::fs::read_dir(&out).expect("vips out").count(),
        files.len(),
        "vipsthumbnail made a preview of every photo"
    );
    took
}

/// The user's flow, timed per step: import (with `new`), align, metrics, report.
fn afterglow_flow(photos: &Path, scratch: &Path) -> [Duration; 4] {
    let project = scratch.join("course.afterglow");
    let csv = scratch.join("metrics.csv");
    let pdf = scratch.join("report.pdf");
    let p = project.to_str().expect("utf-8 path");
    let import = timed(&[&["new", p], &["import", p, photos.to_str().expect("utf-8")]]);
    let align = timed(&[&["align", p]]);
    let metrics = timed(&[&["metrics", p, "--csv", csv.to_str().expect("utf-8")]]);
    let report = timed(&[&["report", p, "--output", pdf.to_str().expect("utf-8")]]);
    let saved = afterglow_core::store::load(&project).expect("the project loads");
    assert_eq!(saved.photos.len(), PHOTOS, "every photo was imported");
    // The flow did its work: not a run of refusals timed.
    let aligned = (saved.photos.iter())
        .filter(|p| p.alignment.as_ref().is_some_and(|a| a.comparable))
        .count();
    assert!(aligned >= PHOTOS * 9 / 10, "only {aligned} photos aligned");
    assert!(std::fs::metadata(&pdf).expect("report written").len() > 10_000);
    [import, align, metrics, report]
}

/// Runs the `afterglow` commands one after the other and returns their total wall time.
fn timed(commands: &[&[&str]]) -> Duration {
    let start = Instant::now();
    for args in commands {
        let out = Command::new(env!("CARGO_BIN_EXE_afterglow"))
            .args(*args)
            .output()
            .expect("run afterglow");
        assert!(
            out.status.success(),
            "afterglow {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    start.elapsed()
}

/// The 1-minute load average, to read the figures by: other work on the machine slows the
/// two tools unequally.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn tool_runs(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
