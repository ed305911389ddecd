//! Importing photos: dates and their sources, orientation, duplicates, and a clear, separate
//! reason for each kind of bad file while the good ones still import.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::new_project;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use afterglow_core::import::{self, FileReport, ImportError, Outcome};
use afterglow_core::project::{DateSource, Photo};
use afterglow_core::store::{self, ProjectPaths};

fn import(root: &Path, inputs: &[PathBuf]) -> Vec<FileReport> {
    common::import_into(root, inputs)
}

fn imported(reports: &[FileReport]) -> HashMap<String, Photo> {
    reports
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Imported(p) => Some((p.original_name.clone(), (**p).clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn every_sample_photo_gets_its_true_date_source_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let reports = import(&root, &[common::sample_photos()]);
    let photos = imported(&reports);
    let truth = common::truth();
    let truth = truth["photos"].as_array().unwrap();
    assert_eq!(
        photos.len(),
        truth.len(),
        "truth.json itself is not imported"
    );
    for t in truth {
        let name = t["file"].as_str().unwrap();
        let p = &photos[name];
        assert_eq!(
            p.taken_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            t["taken_at"].as_str().unwrap(),
            "{name}"
        );
        let source = match t["date_source"].as_str().unwrap() {
            "Exif" => DateSource::Exif,
            "FileName" => DateSource::FileName,
            other => panic!("{other}"),
        };
        assert_eq!(p.taken_at_source, source, "{name}");
        assert_eq!(u64::from(p.width), t["width"].as_u64().unwrap(), "{name}");
        assert_eq!(u64::from(p.height), t["height"].as_u64().unwrap(), "{name}");
        assert_eq!(
            u64::from(p.orientation),
            t["orientation"].as_u64().unwrap(),
            "{name}"
        );
        if let Some(offset) = t["utc_offset"].as_str() {
            let minutes = if offset == "+01:00" { 60 } else { 120 };
            assert_eq!(p.utc_offset_minutes, Some(minutes), "{name}");
        }
        // The original is kept byte for byte under its content hash.
        let stored = std::fs::read(root.join(&p.file)).unwrap();
        let given = std::fs::read(common::sample_photos().join(name)).unwrap();
        assert!(stored == given, "{name} was not stored byte for byte");
        assert!(p.file.starts_with(&format!("photos/{}", p.id)));
        assert_eq!(blake3::hash(&stored).to_hex().as_str(), p.hash);
    }
}

/// Mean luminance of a horizontal or vertical band of the image.
fn band_mean(img: &image::RgbImage, f: impl Fn(u32, u32) -> bool) -> f64 {
    let (mut sum, mut n) = (0.0, 0.0);
    for (x, y, p) in img.enumerate_pixels() {
        if f(x, y) {
            sum += p.0.iter().map(|&c| f64::from(c)).sum::<f64>();
            n += 3.0;
        }
    }
    sum / n
}

#[test]
fn exif_orientation_is_applied_to_previews_and_thumbnails() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let reports = import(&root, &[common::sample_photos().join("IMG_4860.jpg")]);
    let photos = imported(&reports);
    let p = &photos["IMG_4860.jpg"];
    assert_eq!(p.orientation, 6);
    assert_eq!((p.width, p.height), (1200, 1600));
    let paths = ProjectPaths::new(&root);
    let preview = import::load_preview(&paths, p).unwrap();
    assert_eq!(preview.dimensions(), (1200, 1600));
    let thumb = import::load_thumbnail(&paths, p).unwrap();
    assert_eq!(thumb.dimensions(), (192, 256));
    // Upright: light background above the head, the dark suit collar at the bottom; the stored
    // (turned) pixels would have the suit on the left.
    let (w, h) = preview.dimensions();
    let top = band_mean(&preview, |_, y| y < h / 8);
    let bottom = band_mean(&preview, |_, y| y > h * 7 / 8);
    let left = band_mean(&preview, |x, _| x < w / 8);
    assert!(top > bottom + 40.0, "top {top:.0} bottom {bottom:.0}");
    assert!(left > bottom, "left {left:.0} bottom {bottom:.0}");
    // The stored original is untouched (still turned).
    let stored = image::open(root.join(&p.file)).unwrap();
    assert_eq!((stored.width(), stored.height()), (1600, 1200));
}

#[test]
fn duplicates_are_reported_not_added() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let a = common::sample_photos().join("IMG_4811.jpg");
    let copy = dir.path().join("copy of IMG_4811.jpg");
    std::fs::copy(&a, &copy).unwrap();
    let reports = import(&root, &[a, copy.clone()]);
    assert!(matches!(reports[0].outcome, Outcome::Imported(_)));
    let Outcome::Imported(first) = &reports[0].outcome else {
        unreachable!()
    };
    match &reports[1].outcome {
        Outcome::Duplicate(id) => assert_eq!(id, &first.id),
        other => panic!("{other:?}"),
    }
    // Against the project too, once saved.
    let mut project = store::load(&root).unwrap();
    afterglow_core::project::Command::AddPhotos(vec![(**first).clone()])
        .apply(&mut project)
        .unwrap();
    store::save(&root, &project).unwrap();
    let again = import(&root, &[copy]);
    assert!(matches!(again[0].outcome, Outcome::Duplicate(_)));
    assert!(again[0].line().starts_with("duplicate: "));
}

#[test]
fn each_kind_of_bad_file_has_its_own_reason_and_the_rest_import() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let good = common::small_jpeg(64, 48, 1);
    std::fs::write(inbox.join("good.jpg"), &good).unwrap();
    std::fs::write(inbox.join("good.png"), {
        let img = image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8, y as u8, 9]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    })
    .unwrap();
    std::fs::write(inbox.join("empty.jpg"), b"").unwrap();
    let other = common::small_jpeg(64, 48, 2);
    std::fs::write(inbox.join("truncated.jpg"), &other[..other.len() / 2]).unwrap();
    std::fs::write(
        inbox.join("notes.jpg"),
        b"this is a text file, not a photo\n",
    )
    .unwrap();
    std::fs::write(
        inbox.join("IMG_0001.HEIC"),
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    )
    .unwrap();
    std::fs::write(
        inbox.join("DSC_0001.NEF"),
        b"MM\0*\0\0\0\x08rest of a raw file",
    )
    .unwrap();
    std::fs::write(
        inbox.join("bomb.png"),
        common::png_claiming(100_000, 100_000),
    )
    .unwrap();
    std::fs::write(inbox.join(".hidden.jpg"), &good).unwrap();
    std::fs::write(inbox.join("readme.txt"), b"skipped: not a photo name").unwrap();

    let reports = import(&root, std::slice::from_ref(&inbox));
    let by_name: HashMap<String, &FileReport> = reports
        .iter()
        .map(|r| {
            (
                r.path.file_name().unwrap().to_string_lossy().into_owned(),
                r,
            )
        })
        .collect();
    assert!(
        !by_name.contains_key(".hidden.jpg"),
        "hidden files are skipped"
    );
    assert!(
        !by_name.contains_key("readme.txt"),
        "non-photo names are skipped in folders"
    );
    assert!(matches!(by_name["good.jpg"].outcome, Outcome::Imported(_)));
    assert!(matches!(by_name["good.png"].outcome, Outcome::Imported(_)));
    let reason = |name: &str| match &by_name[name].outcome {
        Outcome::Rejected(e) => e,
        other => panic!("{name}: {other:?}"),
    };
    assert!(matches!(reason("empty.jpg"), ImportError::Empty));
    assert!(matches!(
        reason("truncated.jpg"),
        ImportError::Decode(import::DecodeError::Truncated)
    ));
    assert!(matches!(reason("notes.jpg"), ImportError::NotAnImage));
    // A HEIC header with no image after it: libheif's reason, by name.
    assert!(
        matches!(reason("IMG_0001.HEIC"), ImportError::Decode(_)),
        "{}",
        reason("IMG_0001.HEIC")
    );
    assert!(matches!(
        reason("DSC_0001.NEF"),
        ImportError::Unsupported {
            format: "camera RAW",
            ..
        }
    ));
    assert!(matches!(
        reason("bomb.png"),
        ImportError::Decode(import::DecodeError::TooLarge {
            width: 100_000,
            height: 100_000,
            ..
        })
    ));
    // Every line names the file.
    for r in &reports {
        assert!(r.line().contains(&r.path.display().to_string()));
    }
    // Nothing half-written is left in photos/: only the two good originals.
    let stored: Vec<_> = std::fs::read_dir(root.join("photos")).unwrap().collect();
    assert_eq!(stored.len(), 2);
}

#[test]
fn file_time_is_the_last_resort() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let path = dir.path().join("photo.jpg");
    std::fs::write(&path, common::small_jpeg(32, 32, 3)).unwrap();
    let reports = import(&root, &[path]);
    let photos = imported(&reports);
    assert_eq!(photos["photo.jpg"].taken_at_source, DateSource::FileTime);
}

#[test]
fn missing_cache_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let reports = import(&root, &[common::sample_photos().join("IMG_4818.jpg")]);
    let p = imported(&reports).remove("IMG_4818.jpg").unwrap();
    let paths = ProjectPaths::new(&root);
    std::fs::remove_dir_all(paths.cache_dir()).unwrap();
    let preview = import::load_preview(&paths, &p).unwrap();
    assert_eq!(preview.dimensions(), (1200, 1600));
    assert!(paths.preview(&p).exists() && paths.thumbnail(&p).exists());
}

/// A Google Takeout folder and an Apple export: capture times from the JSON sidecars when the
/// photo has no EXIF date; Live Photo videos and sidecars skipped, counted in one line; a
/// sidecar with a nonsense date ignored by name, the photo dated the next way.
#[test]
fn takeout_sidecar_dates_and_skipped_companions() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let inbox = dir.path().join("Takeout/Google Photos/Photos from 2026");
    std::fs::create_dir_all(&inbox).unwrap();
    // small_jpeg has no EXIF block: the sidecar is the only capture time.
    std::fs::write(inbox.join("face.jpg"), common::small_jpeg(64, 48, 1)).unwrap();
    std::fs::write(
        inbox.join("face.jpg.supplemental-metadata.json"),
        r#"{"title":"face.jpg","photoTakenTime":{"timestamp":"1772356500","formatted":"Mar 1, 2026, 9:15:00 AM UTC"}}"#,
    )
    .unwrap();
    std::fs::write(
        inbox.join("IMG_20260305_081000.jpg"),
        common::small_jpeg(64, 48, 2),
    )
    .unwrap();
    std::fs::write(
        inbox.join("IMG_20260305_081000.jpg.json"),
        r#"{"photoTakenTime":{"timestamp":"0"}}"#,
    )
    .unwrap();
    std::fs::write(inbox.join("IMG_0001.MOV"), b"\0\0\0\x14ftypqt  ").unwrap();
    std::fs::write(inbox.join("IMG_0001.AAE"), b"<?xml version=\"1.0\"?>").unwrap();
    std::fs::write(
        inbox.join("metadata.json"),
        r#"{"title":"Photos from 2026"}"#,
    )
    .unwrap();

    let reports = import(&root, &[dir.path().join("Takeout")]);
    let photos = imported(&reports);
    assert_eq!(photos.len(), 2, "{reports:#?}");
    let face = &photos["face.jpg"];
    assert_eq!(face.taken_at_source, DateSource::Sidecar);
    let utc =
        face.taken_at - chrono::Duration::minutes(i64::from(face.utc_offset_minutes.unwrap()));
    assert_eq!(utc.and_utc().timestamp(), 1_772_356_500);
    let named = &photos["IMG_20260305_081000.jpg"];
    assert_eq!(named.taken_at_source, DateSource::FileName);
    let note = reports
        .iter()
        .find(|r| r.path.ends_with("IMG_20260305_081000.jpg"))
        .and_then(|r| r.note.clone())
        .expect("the ignored sidecar is noted");
    assert!(
        note.contains("IMG_20260305_081000.jpg.json") && note.contains("1970-01-01"),
        "{note}"
    );
    assert_eq!(
        import::skipped_in(&reports).as_deref(),
        Some("skipped 1 video and 4 sidecar files")
    );
    // Nothing skipped is rejected or imported.
    assert!(
        reports
            .iter()
            .all(|r| !matches!(r.outcome, Outcome::Rejected(_))),
        "{reports:#?}"
    );

    // The command line says it in one line.
    std::fs::create_dir(dir.path().join("second")).unwrap();
    let root2 = new_project(&dir.path().join("second"));
    let out = common::afterglow()
        .arg("import")
        .arg(&root2)
        .arg(dir.path().join("Takeout"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("date from sidecar")
            && stdout.contains("skipped 1 video and 4 sidecar files"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("IMG_0001.MOV"),
        "skipped silently: {stdout}"
    );
}
