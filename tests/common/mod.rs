//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The small seeded generator the sample generator uses.
#[path = "../../examples/make-sample-data/rng.rs"]
mod rng;
#[allow(unused_imports)] // not every test binary draws random cases
pub use rng::Rng;

/// Imports `inputs` into the project at `root` through the core (not saved: the reports say
/// what would be added).
pub fn import_into(root: &Path, inputs: &[PathBuf]) -> Vec<afterglow_core::import::FileReport> {
    let project = afterglow_core::store::load(root).unwrap();
    afterglow_core::import::import_files(
        &afterglow_core::store::ProjectPaths::new(root),
        &project,
        inputs,
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
}

/// The `afterglow` binary, ready to be given arguments.
pub fn afterglow() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("afterglow").unwrap()
}

/// A new empty project named "Test" at `dir/p.afterglow`.
pub fn new_project(dir: &Path) -> PathBuf {
    let root = dir.join("p.afterglow");
    afterglow_core::store::create(&root, "Test").unwrap();
    root
}

/// Edits the project's `project.json` as JSON, by hand, as a user or another version might.
pub fn edit_json(root: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let path = root.join("project.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_photos() -> PathBuf {
    repo().join("sample-data/photos")
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the demo project (without its lock file).
pub fn demo_copy(dir: &Path) -> PathBuf {
    let dest = dir.join("demo.afterglow");
    copy_dir(&repo().join("sample-data/demo.afterglow"), &dest);
    let _ = std::fs::remove_file(dest.join("project.lock"));
    dest
}

/// A temporary copy of the demo project as it is right after import: no alignments, no
/// regions (the shipped demo is aligned and has the default regions).
pub fn unaligned_demo_copy(dir: &Path) -> PathBuf {
    let root = demo_copy(dir);
    let mut open = afterglow_core::store::OpenProject::open_for_writing(&root).unwrap();
    open.project.regions.clear();
    for p in &mut open.project.photos {
        p.alignment = None;
    }
    open.save().unwrap();
    root
}

pub fn truth() -> serde_json::Value {
    let text = std::fs::read_to_string(sample_photos().join("truth.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A small JPEG with some structure.
pub fn small_jpeg(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 7 + y) as u8 ^ seed,
            (y * 3) as u8,
            (x + seed as u32) as u8,
        ])
    });
    afterglow_core::imaging::encode_jpeg(&img, 90).unwrap()
}

/// A small JPEG without EXIF written as `dir/name` (dated only by its name, if at all).
pub fn jpeg_named(dir: &Path, name: &str, seed: u8) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, small_jpeg(64, 48, seed)).unwrap();
    path
}

/// A project at `dir/p.afterglow` with a 14:00 session on 1 Jan 2026 and photos named
/// `2026-01-01.jpg` and `2026-01-02.jpg` (dates only, no time) and
/// `IMG_20260101_090000.jpg` (that morning), imported through the CLI.
pub fn project_with_day_only_photos(dir: &Path) -> PathBuf {
    let root = dir.join("p.afterglow");
    afterglow().arg("new").arg(&root).assert().success();
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    jpeg_named(&inbox, "2026-01-01.jpg", 1);
    jpeg_named(&inbox, "2026-01-02.jpg", 2);
    jpeg_named(&inbox, "IMG_20260101_090000.jpg", 3);
    afterglow()
        .arg("import")
        .arg(&root)
        .arg(&inbox)
        .assert()
        .success();
    afterglow()
        .args(["session", "add"])
        .arg(&root)
        .args(["--date", "2026-01-01", "--time", "14:00"])
        .assert()
        .success();
    root
}

/// CRC-32 (PNG's), for hand-made PNG chunks.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header claims `w`×`h` pixels (with a tiny, bogus body): a decompression bomb's
/// calling card.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

/// The id of the photo imported from the file called `name` (panics when there is none).
pub fn id_named(
    project: &afterglow_core::project::Project,
    name: &str,
) -> afterglow_core::project::PhotoId {
    (project.photos.iter())
        .find(|p| p.original_name == name)
        .unwrap_or_else(|| panic!("no photo {name}"))
        .id
        .clone()
}

/// The ids of the guide's milestones a photo of `list --json` falls in.
pub fn milestone_ids(photo: &serde_json::Value) -> Vec<&str> {
    photo["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect()
}

/// `afterglow list ROOT --json`, parsed; panics unless it succeeds.
pub fn list_json(root: &Path) -> serde_json::Value {
    let out = afterglow()
        .arg("list")
        .arg(root)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}
