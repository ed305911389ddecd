//! A generated library for scale work: `photos` small JPEGs (320×240, each different), dated
//! by their file names over about 18 months, a treatment session every four weeks, and an
//! annotation on every third photo, imported through the real import (so `photos/` holds the
//! originals and `cache/` their previews and thumbnails, as in a user's project).
//!
//! Shared by `benches/scale.rs` and `examples/make-large-project.rs`; a test or bench of the
//! app can use it with `#[path = "../benches/support/large_project.rs"] mod large_project;`.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use afterglow_core::import::{self, Outcome};
use afterglow_core::project::{Annotation, Command, Project, Session, SessionId};
use afterglow_core::store::{self, ProjectPaths};
use chrono::{Days, NaiveDate, TimeDelta};

/// Creates the project at `root` (which must not hold one) with `photos` photos and returns
/// it as saved. Takes about 10 s for 2,000 photos on two cores.
pub fn make_large_project(root: &Path, photos: usize) -> Result<Project, String> {
    let start = NaiveDate::from_ymd_opt(2025, 1, 6)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .ok_or("bad start date")?;
    let span_minutes = 540 * 24 * 60;
    let inbox = root.with_extension("inbox");
    std::fs::create_dir_all(&inbox).map_err(|e| format!("{}: {e}", inbox.display()))?;
    let mut files = Vec::with_capacity(photos);
    for i in 0..photos {
        let at = start + TimeDelta::minutes((span_minutes * i / photos.max(1)) as i64);
        let name = format!("IMG_{}_{i:05}.jpg", at.format("%Y%m%d_%H%M%S"));
        let path = inbox.join(name);
        std::fs::write(&path, small_photo(i as u32)).map_err(|e| e.to_string())?;
        files.push(path);
    }
    let mut project = store::create(root, "Large library").map_err(|e| e.to_string())?;
    let reports = import::import_files(
        &ProjectPaths::new(root),
        &project,
        &files,
        &|_| {},
        &AtomicBool::new(false),
    );
    let mut imported = Vec::with_capacity(photos);
    for r in reports {
        match r.outcome {
            Outcome::Imported(p) => imported.push(*p),
            _ => return Err(r.line()),
        }
    }
    for (i, p) in imported.iter_mut().enumerate() {
        if i % 3 == 0 {
            p.annotation = Annotation {
                redness: Some((i % 5) as u8),
                texture: Some((i % 4) as u8),
                note: format!("note {i}"),
                tags: vec!["generated".to_owned()],
            };
        }
    }
    let mut commands = vec![Command::AddPhotos(imported)];
    let mut day = start.date();
    let end = start.date() + Days::new(540);
    let mut id = 1;
    while day <= end {
        let mut s = Session::new(SessionId(id), day);
        s.depth_mm = Some(0.5 + f64::from(id % 4) * 0.25);
        commands.push(Command::AddSession(s));
        day = day + Days::new(28);
        id += 1;
    }
    Command::Batch(commands)
        .apply(&mut project)
        .map_err(|e| e.to_string())?;
    store::save(root, &project).map_err(|e| e.to_string())?;
    std::fs::remove_dir_all(&inbox).map_err(|e| e.to_string())?;
    Ok(project)
}

/// A 320×240 picture unique to `seed` (a few kB as JPEG).
fn small_photo(seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(320, 240, |x, y| {
        let v =
            (x / 8).wrapping_mul(31) ^ (y / 8).wrapping_mul(17) ^ seed.wrapping_mul(2_654_435_761);
        image::Rgb([
            (150 + (v % 60)) as u8,
            (110 + ((v >> 6) % 50)) as u8,
            (100 + ((v >> 12) % 40)) as u8 ^ (seed as u8 & 7),
        ])
    });
    let mut bytes = afterglow_core::imaging::encode_jpeg(&img, 85).unwrap_or_default();
    // A trailer after the end-of-image marker makes every file unique even if two pictures
    // were to encode alike.
    bytes.extend_from_slice(&seed.to_le_bytes());
    bytes
}
