//! A synthetic project for the frame-time bench: the public-domain
//! portrait in `assets/`, moved a little and reddened after each session as skin would be,
//! saved as dated JPEGs and imported through the real pipeline.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use afterglow_core::geometry::Affine2;
use afterglow_core::imaging::{encode_jpeg, warp_rgb};
use afterglow_core::import::{Outcome, import_files};
use afterglow_core::project::{Command, Session, SessionId};
use afterglow_core::store;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use image::{Rgb, RgbImage};

/// The dates of the three sessions of the demo course.
pub const SESSIONS: [(i32, u32, u32); 3] = [(2026, 3, 1), (2026, 3, 29), (2026, 4, 26)];

pub fn portrait() -> RgbImage {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/portrait.png");
    image::open(&path).expect("assets/portrait.png").into_rgb8()
}

/// When each photo of the demo course was taken: a baseline, then before, right after, day 1,
/// day 3 and day 7 of each session.
pub fn course_times() -> Vec<NaiveDateTime> {
    let mut times = vec![date(2026, 2, 27).and_hms_opt(9, 0, 0).unwrap()];
    for (y, m, d) in SESSIONS {
        let day = date(y, m, d);
        times.push(day.and_hms_opt(9, 30, 0).unwrap());
        times.push(day.and_hms_opt(11, 15, 0).unwrap());
        for after in [1, 3, 7] {
            times.push((day + Duration::days(after)).and_hms_opt(8, 45, 0).unwrap());
        }
    }
    times
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Redness added after a session: strong right after, fading over three days.
fn redness_at(t: NaiveDateTime) -> f32 {
    let mut r: f32 = 0.0;
    for (y, m, d) in SESSIONS {
        let start = date(y, m, d).and_hms_opt(10, 0, 0).unwrap();
        let hours = (t - start).num_minutes() as f32 / 60.0;
        if hours >= 0.0 {
            r = r.max(60.0 * (-hours / 30.0).exp());
        }
    }
    r
}

/// The portrait at `t`: shifted and turned a little (a hand-held selfie), cheeks reddened.
pub fn photo_at(base: &RgbImage, t: NaiveDateTime, index: usize, size: u32) -> RgbImage {
    let i = index as f64;
    let w = base.width();
    let s = f64::from(size) / f64::from(w);
    // photo ← base: scale to size, turn and shift a little.
    let moved = Affine2::similarity_about(
        afterglow_core::geometry::Point::new(f64::from(size) / 2.0, f64::from(size) / 2.0),
        1.0 + 0.02 * (i * 0.7).sin(),
        0.03 * (i * 1.3).sin(),
        6.0 * s * (i * 0.9).cos(),
        5.0 * s * (i * 1.1).sin(),
    ) * Affine2::scale(s);
    let base_from_photo = moved.inverse().unwrap();
    let mut img = warp_rgb(base, &base_from_photo, size, size, Rgb([40, 40, 40]));
    let red = redness_at(t);
    if red > 0.5 {
        // Cheeks of the portrait, in its own coordinates.
        for (cx, cy) in [(205.0, 175.0), (285.0, 175.0)] {
            let c = moved.apply(afterglow_core::geometry::Point::new(cx, cy));
            let r = 28.0 * s;
            for (x, y, p) in img.enumerate_pixels_mut() {
                let d2 = ((f64::from(x) - c.x).powi(2) + (f64::from(y) - c.y).powi(2)) / (r * r);
                if d2 < 1.0 {
                    let k = red * (1.0 - d2 as f32);
                    p.0[0] = (f32::from(p.0[0]) + k).min(255.0) as u8;
                    p.0[1] = (f32::from(p.0[1]) - 0.4 * k).max(0.0) as u8;
                }
            }
        }
    }
    img
}

/// Writes `times.len()` dated JPEGs into `dir` and returns their paths.
pub fn write_photos(dir: &Path, times: &[NaiveDateTime], size: u32) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let base = portrait();
    times
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let path = dir.join(format!("IMG_{}.jpg", t.format("%Y%m%d_%H%M%S")));
            let jpeg = encode_jpeg(&photo_at(&base, *t, i, size), 88).unwrap();
            std::fs::write(&path, jpeg).unwrap();
            path
        })
        .collect()
}

/// Creates `root` as a project with the demo course (or `extra` more days of photos, for the
/// bench), imported for real, with its sessions. Returns the number of photos.
pub fn make_project(root: &Path, photo_count: Option<usize>, size: u32) -> usize {
    let mut project = store::create(root, "Demo course").unwrap();
    let times = match photo_count {
        None => course_times(),
        Some(n) => {
            let start = date(2026, 2, 27).and_hms_opt(8, 0, 0).unwrap();
            (0..n)
                .map(|i| start + Duration::hours(5 * i as i64))
                .collect()
        }
    };
    let inputs = write_photos(&root.with_extension("inputs"), &times, size);
    let paths = store::ProjectPaths::new(root);
    let reports = import_files(&paths, &project, &inputs, &|_| {}, &AtomicBool::new(false));
    let photos: Vec<_> = reports
        .into_iter()
        .map(|r| match r.outcome {
            Outcome::Imported(p) => *p,
            other => panic!("{}: {other:?}", r.path.display()),
        })
        .collect();
    let n = photos.len();
    let mut commands = vec![Command::AddPhotos(photos)];
    for (i, (y, m, d)) in SESSIONS.iter().enumerate() {
        let mut s = Session::new(SessionId(i as u32 + 1), date(*y, *m, *d));
        s.time = chrono::NaiveTime::from_hms_opt(10, 0, 0);
        s.depth_mm = Some(0.5 + 0.25 * i as f64);
        commands.push(Command::AddSession(s));
    }
    Command::Batch(commands).apply(&mut project).unwrap();
    store::save(root, &project).unwrap();
    std::fs::remove_dir_all(root.with_extension("inputs")).ok();
    n
}
