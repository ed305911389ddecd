//! Makes `sample-data/`: a simulated course of three microneedling sessions four weeks apart,
//! photographed before, right after, on days 1, 3 and 7, with a slowly fading pigmented patch
//! after the second — fifteen phone-like selfies made from
//! the public-domain portrait in `assets/portrait.png` — plus `photos/truth.json` (the true
//! alignment and simulated changes of every photo) and the ready demo project
//! `demo.afterglow`.
//!
//!     cargo run --release --example make-sample-data
//!
//! Deterministic: the same files on every machine.

mod exif;
mod render;
mod rng;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use image::RgbImage;
use serde_json::json;

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::import::{self, Outcome};
use afterglow_core::project::{Command, Session, SessionId};
use afterglow_core::{prepare, store};

use render::{CANON_H, CANON_W, Source, Texture, Variation};
use rng::Rng;

/// How a photo carries its date.
#[derive(Clone, Copy, PartialEq)]
enum Dating {
    /// EXIF DateTimeOriginal (+ offset), a camera-style name without a date.
    Exif,
    /// No EXIF at all; the date is only in the file name.
    FileName,
}

struct Shot {
    when: &'static str,
    session: u32,
    day: i64,
    slot: &'static str,
    redness: f64,
    /// Optical density of the pigmented patch on the left cheek (0 = none): it appears in
    /// the days after session 2 and fades slowly, as post-inflammatory hyperpigmentation does.
    pigment: f64,
    dating: Dating,
    /// Stored turned, with EXIF Orientation 6.
    rotated: bool,
    /// A larger phone: 1536×2048 instead of 1200×1600.
    large: bool,
}

const SESSIONS: [(&str, f64, &str); 3] = [
    (
        "2026-03-02",
        0.5,
        "First session; numbing cream 30 min before.",
    ),
    (
        "2026-03-30",
        0.75,
        "Second session; slightly deeper on the cheeks.",
    ),
    ("2026-04-27", 1.0, "Third session."),
];

#[rustfmt::skip]
const SHOTS: [Shot; 15] = [
    Shot { when: "2026-03-02 09:30", session: 0, day: 0, slot: "Before", redness: 0.0, pigment: 0.0, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-03-02 11:15", session: 1, day: 0, slot: "Right after", redness: 1.0, pigment: 0.0, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-03-03 08:40", session: 1, day: 1, slot: "Day 1", redness: 0.6, pigment: 0.0, dating: Dating::FileName, rotated: false, large: false },
    Shot { when: "2026-03-05 19:10", session: 1, day: 3, slot: "Day 3", redness: 0.25, pigment: 0.0, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-03-09 08:20", session: 1, day: 7, slot: "Day 7", redness: 0.0, pigment: 0.0, dating: Dating::Exif, rotated: false, large: true },
    Shot { when: "2026-03-30 09:20", session: 1, day: 28, slot: "Before", redness: 0.0, pigment: 0.0, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-03-30 11:05", session: 2, day: 0, slot: "Right after", redness: 1.0, pigment: 0.0, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-03-31 08:15", session: 2, day: 1, slot: "Day 1", redness: 0.55, pigment: 0.0, dating: Dating::Exif, rotated: true, large: false },
    Shot { when: "2026-04-02 18:45", session: 2, day: 3, slot: "Day 3", redness: 0.2, pigment: 0.05, dating: Dating::FileName, rotated: false, large: false },
    Shot { when: "2026-04-06 08:30", session: 2, day: 7, slot: "Day 7", redness: 0.0, pigment: 0.15, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-04-27 09:25", session: 2, day: 28, slot: "Before", redness: 0.0, pigment: 0.12, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-04-27 11:10", session: 3, day: 0, slot: "Right after", redness: 0.9, pigment: 0.11, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-04-28 08:05", session: 3, day: 1, slot: "Day 1", redness: 0.5, pigment: 0.11, dating: Dating::Exif, rotated: false, large: false },
    Shot { when: "2026-04-30 19:20", session: 3, day: 3, slot: "Day 3", redness: 0.15, pigment: 0.1, dating: Dating::FileName, rotated: false, large: false },
    Shot { when: "2026-05-04 08:10", session: 3, day: 7, slot: "Day 7", redness: 0.0, pigment: 0.09, dating: Dating::Exif, rotated: false, large: false },
];

/// Skin texture amplitude after each session: slightly smoother as the course goes on.
fn texture_after(session: u32) -> f64 {
    match session {
        0 | 1 => 1.0,
        2 => 0.85,
        _ => 0.7,
    }
}

fn when(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default()
}

/// Central European time: +01:00, +02:00 from the last Sunday of March (29 March 2026).
fn utc_offset(t: NaiveDateTime) -> &'static str {
    if t.date() >= NaiveDate::from_ymd_opt(2026, 3, 29).unwrap_or_default() {
        "+02:00"
    } else {
        "+01:00"
    }
}

fn file_name(i: usize, shot: &Shot, t: NaiveDateTime) -> String {
    match shot.dating {
        Dating::Exif => format!("IMG_{}.jpg", 4811 + i * 7),
        // Each file-name-dated photo uses a different phone's naming scheme.
        Dating::FileName => match SHOTS[..i]
            .iter()
            .filter(|s| s.dating == Dating::FileName)
            .count()
        {
            0 => format!("PXL_{}123.jpg", t.format("%Y%m%d_%H%M%S")),
            1 => format!("{}.jpg", t.format("%Y-%m-%d %H.%M.%S")),
            _ => format!("IMG_{}.jpg", t.format("%Y%m%d_%H%M%S")),
        },
    }
}

fn rotate_for_storage(upright: &RgbImage) -> RgbImage {
    // Orientation 6 means "turn 90° clockwise to display", so store it turned anticlockwise.
    image::imageops::rotate270(upright)
}

fn main() -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("sample-data");
    let photos_dir = out.join("photos");
    let portrait = image::open(root.join("assets/portrait.png"))
        .context("assets/portrait.png")?
        .into_rgb8();
    if photos_dir.exists() {
        std::fs::remove_dir_all(&photos_dir)?;
    }
    std::fs::create_dir_all(&photos_dir)?;

    let source = Source::new(&portrait);
    let texture = Texture::new(7);
    let mut rng = Rng::new(2026);
    let canonical_eyes = {
        let canonical_from_source = render::source_from_canonical()
            .inverse()
            .unwrap_or_default();
        render::SOURCE_EYES.map(|p| canonical_from_source.apply(p))
    };

    let mut truth = Vec::new();
    let mut reference_from_canonical = Affine2::IDENTITY;
    for (i, shot) in SHOTS.iter().enumerate() {
        let t = when(shot.when);
        let (w, h) = if shot.large {
            (1536, 2048)
        } else {
            (CANON_W, CANON_H)
        };
        let mut v = Variation::random(&mut rng, w, h, shot.redness, texture_after(shot.session));
        v.pigment = shot.pigment;
        if i == 0 {
            reference_from_canonical = v.photo_from_canonical;
        }
        let upright = render::render(&source, &texture, &v, &mut rng);
        let (stored, orientation) = if shot.rotated {
            (rotate_for_storage(&upright), 6u16)
        } else {
            (upright, 1)
        };
        let mut bytes = afterglow_core::imaging::encode_jpeg(&stored, 88)?;
        if shot.dating == Dating::Exif {
            let tags = exif::ExifTags {
                make: "Samplephone",
                model: "Samplephone 12 front camera",
                orientation,
                date_time_original: &t.format("%Y:%m:%d %H:%M:%S").to_string(),
                offset_time_original: utc_offset(t),
                gps_latitude: [48.0, 8.0, 30.12],
                gps_longitude: [11.0, 34.0, 55.5],
            };
            bytes = exif::insert_into_jpeg(&bytes, &exif::exif_block(&tags));
        } else if shot.rotated {
            bail!("a rotated photo needs EXIF to say so");
        }
        let name = file_name(i, shot, t);
        std::fs::write(photos_dir.join(&name), &bytes)?;
        let canonical_from_photo = v.photo_from_canonical.inverse().unwrap_or_default();
        let reference_from_photo = reference_from_canonical * canonical_from_photo;
        let eyes = canonical_eyes.map(|p| v.photo_from_canonical.apply(p));
        truth.push(json!({
            "file": name,
            "taken_at": t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            "date_source": if shot.dating == Dating::Exif { "Exif" } else { "FileName" },
            "utc_offset": if shot.dating == Dating::Exif { Some(utc_offset(t)) } else { None },
            "orientation": orientation,
            "width": w,
            "height": h,
            "session": shot.session,
            "day": shot.day,
            "slot": shot.slot,
            "reference_from_photo": reference_from_photo,
            "eyes": eyes,
            "redness": shot.redness,
            "texture": texture_after(shot.session),
            "pigment": shot.pigment,
            "exposure": v.exposure,
            "white_balance": v.wb,
        }));
        eprintln!("wrote {name} ({} bytes)", bytes.len());
    }
    let cheeks: Vec<Point> = render::CHEEKS
        .iter()
        .map(|&(x, y)| reference_from_canonical.apply(Point::new(x, y)))
        .collect();
    let truth_doc = json!({
        "about": "Simulated photos of a public-domain portrait (assets/portrait.png). \
                  reference_from_photo maps each photo's upright pixels onto the baseline photo's; \
                  redness is the simulated treatment redness on both cheeks (0-1), texture the \
                  relative amplitude of fine skin texture, pigment the optical density at the centre of a \
                  pigmented patch on the person's left cheek (pigment_patch_od per unit, at \
                  pigment_patch_centre_in_reference). Eye positions are estimated by eye \
                  (within about a pixel of the portrait, ~6 px here) but exactly consistent \
                  between photos.",
        "reference": file_name(0, &SHOTS[0], when(SHOTS[0].when)),
        "redness_gains_linear_rgb": render::REDNESS_GAINS,
        "cheek_centres_in_reference": cheeks,
        "pigment_patch_od": render::PIGMENT_PATCH_OD,
        "pigment_patch_centre_in_reference": reference_from_canonical.apply(Point::new(
            render::PIGMENT_PATCH_CENTRE.0,
            render::PIGMENT_PATCH_CENTRE.1
        )),
        "photos": truth,
    });
    std::fs::write(
        photos_dir.join("truth.json"),
        serde_json::to_string_pretty(&truth_doc)? + "\n",
    )?;
    make_demo_project(&out.join("demo.afterglow"), &photos_dir)?;
    Ok(())
}

fn make_demo_project(root: &Path, photos: &Path) -> Result<()> {
    if root.exists() {
        std::fs::remove_dir_all(root)?;
    }
    store::create(root, "Microneedling course (sample)")?;
    let mut open = store::OpenProject::open_for_writing(root)?;
    open.project.created = Utc
        .with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let reports = import::import_files(
        &open.paths,
        &open.project,
        &[photos.to_path_buf()],
        &|_| {},
        &AtomicBool::new(false),
    );
    let mut added = Vec::new();
    for r in reports {
        match r.outcome {
            Outcome::Imported(p) => added.push(*p),
            // truth.json sits beside the photos and is taken for a sidecar.
            Outcome::Skipped(_) => {}
            other => bail!("{}: {other:?}", r.path.display()),
        }
    }
    let mut commands = vec![Command::AddPhotos(added)];
    for (i, (date, depth, notes)) in SESSIONS.iter().enumerate() {
        let mut s = Session::new(SessionId(i as u32 + 1), date.parse()?);
        s.time = NaiveTime::from_hms_opt(10, 0, 0);
        s.depth_mm = Some(*depth);
        s.device = "Microneedling pen".into();
        s.product = "Hyaluronic acid serum".into();
        s.practitioner = "Sample clinic".into();
        s.notes = (*notes).into();
        commands.push(Command::AddSession(s));
    }
    for command in commands {
        command.apply(&mut open.project)?;
    }
    annotate(&mut open.project);
    // Ship the demo aligned, with the default regions on the reference's face, so the app
    // opens on comparable photos and `metrics` has something to measure (what a user gets
    // after "Align all photos").
    let run = prepare::align_and_place_regions(
        &open.paths,
        &open.project,
        &prepare::Which::All,
        &|_| {},
        &AtomicBool::new(false),
    )?;
    let change = run.into_change(&open.project);
    if let Some(failed) = change.failures.first() {
        bail!("{failed}");
    }
    if let Some(e) = change.regions_error {
        bail!("default regions not placed: {e}");
    }
    if let Some(command) = change.command {
        command.apply(&mut open.project)?;
    }
    open.save()?;
    // The cache is rebuilt on demand; keep the repository small.
    std::fs::remove_dir_all(open.paths.cache_dir()).ok();
    std::fs::create_dir_all(open.paths.cache_dir())?;
    eprintln!("wrote {}", root.display());
    Ok(())
}

/// A few notes such as a user would write, so the demo shows annotations.
fn annotate(project: &mut afterglow_core::project::Project) {
    let notes: [(&str, u8, u8, &str, &[&str]); 4] = [
        (
            "2026-03-02 11:15",
            3,
            2,
            "Tight and warm, like a mild sunburn.",
            &["swelling"],
        ),
        (
            "2026-03-05 19:10",
            1,
            2,
            "Slight flaking on the left cheek.",
            &["flaking"],
        ),
        ("2026-03-09 08:20", 0, 2, "Redness gone.", &[]),
        (
            "2026-05-04 08:10",
            0,
            1,
            "Skin feels smoother; pores look finer.",
            &["smoother"],
        ),
    ];
    for (t, redness, texture, note, tags) in notes {
        let at = when(t);
        if let Some(p) = project.photos.iter_mut().find(|p| p.taken_at == at) {
            p.annotation.redness = Some(redness);
            p.annotation.texture = Some(texture);
            p.annotation.note = note.into();
            p.annotation.tags = tags.iter().map(|s| (*s).to_owned()).collect();
        }
    }
}
