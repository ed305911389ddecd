//! The progress report, sheet and timelapse: they parse, hold what they should, are the same
//! bytes for the same project and date, and carry nothing private unless asked.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod metrics_support;

use std::path::Path;

use afterglow_core::project::PhotoId;
use afterglow_core::report::{self, ReportOptions, TimelapseOptions};
use afterglow_core::store::{self, ProjectPaths};
use chrono::NaiveDateTime;

fn fixed_date() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-05-10 12:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

fn build(root: &Path, options: &ReportOptions) -> Vec<u8> {
    let project = store::load(root).unwrap();
    report::build_pdf(&ProjectPaths::new(root), &project, options, &|_| {}).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Everything private the sample photos carry in their files.
const PRIVATE: [&[u8]; 5] = [b"Samplephone", b"IMG_48", b"PXL_", b"Exif\0\0", b"GPS"];

#[test]
fn pdf_parses_with_the_expected_pages_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let pdf = build(&root, &ReportOptions::new(fixed_date()));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = doc.get_pages();
    let project = store::load(&root).unwrap();
    let chosen = report::default_selection(&project);
    // Cover, one comparison per chosen photo after the baseline, notes, guide (+ measurements
    // when the project can be measured).
    assert!(
        pages.len() >= 1 + (chosen.len() - 1) + 2,
        "{} pages",
        pages.len()
    );
    let all: Vec<u32> = pages.keys().copied().collect();
    let text = doc.extract_text(&all).unwrap();
    for expected in [
        "Progress report",
        "Microneedling course (sample)",
        "Treatment sessions",
        "Session 1 · day 7 · 9 Mar 2026",
        "Session 3 · day 7 · 4 May 2026",
        "compared with the baseline",
        "Notes, in date order",
        "Tight and warm",
        "The treatment guide",
        "AHA/BHA",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
}

#[test]
fn same_project_and_date_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let options = ReportOptions::new(fixed_date());
    let a = build(&root, &options);
    let b = build(&root, &options);
    assert!(a == b, "two builds differ");
    let mut later = options.clone();
    later.created = fixed_date() + chrono::Duration::days(1);
    assert!(
        build(&root, &later) != a,
        "the creation date is in the file"
    );
}

#[test]
fn pdf_metadata_holds_only_title_and_date_and_no_private_data() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let pdf = build(&root, &ReportOptions::new(fixed_date()));
    for needle in PRIVATE {
        assert!(
            !contains(&pdf, needle),
            "{:?} leaked",
            String::from_utf8_lossy(needle)
        );
    }
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_ref).unwrap();
    let mut keys: Vec<String> = info
        .iter()
        .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
        .collect();
    keys.sort();
    // krilla always repeats the creation date as the modification date; nothing else.
    assert_eq!(keys, ["CreationDate", "ModDate", "Title"]);
    assert_eq!(
        info.get(b"ModDate").unwrap(),
        info.get(b"CreationDate").unwrap()
    );
    assert!(!contains(&pdf, b"<x:xmpmeta"), "no XMP packet");

    // Asked for, the original names appear.
    let mut named = ReportOptions::new(fixed_date());
    named.keep_names = true;
    let pdf = build(&root, &named);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let all: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(doc.extract_text(&all).unwrap().contains("IMG_4811.jpg"));
}

#[test]
fn chosen_photos_and_letter_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = store::load(&root).unwrap();
    let day3 = project
        .photos
        .iter()
        .find(|p| p.original_name == "IMG_4832.jpg")
        .unwrap();
    let mut options = ReportOptions::new(fixed_date());
    options.photos = Some(vec![PhotoId(day3.id.0[..6].to_owned())]);
    options.page = report::PageSize::Letter;
    let pdf = build(&root, &options);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let all: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&all).unwrap();
    assert!(text.contains("Session 1 · day 3 · 5 Mar 2026 — compared with the baseline"));
    assert!(!text.contains("Session 3 · day 7 · 4 May 2026 — compared"));
    let first = doc.get_pages()[&1];
    let page = doc.get_dictionary(first).unwrap();
    let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
    let w = media[2].as_float().unwrap();
    assert!((w - 612.0).abs() < 0.5, "letter width, got {w}");

    options.photos = Some(vec![PhotoId("zzzzzzzz".into())]);
    let project = store::load(&root).unwrap();
    let err = report::build_pdf(&ProjectPaths::new(&root), &project, &options, &|_| {});
    assert!(err.unwrap_err().to_string().contains("zzzzzzzz"));
}

#[test]
fn sheet_and_timelapse_are_plain_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = store::load(&root).unwrap();
    let paths = ProjectPaths::new(&root);
    let options = ReportOptions::new(fixed_date());
    let png = report::build_sheet(&paths, &project, &options, Path::new("s.png")).unwrap();
    for needle in PRIVATE
        .iter()
        .chain(&[b"eXIf".as_slice(), b"tEXt", b"iTXt"])
    {
        assert!(
            !contains(&png, needle),
            "{:?} in the sheet",
            String::from_utf8_lossy(needle)
        );
    }
    let sheet = image::load_from_memory(&png).unwrap();
    assert!(sheet.width() > 800 && sheet.height() > 400);
    let jpeg = report::build_sheet(&paths, &project, &options, Path::new("s.jpg")).unwrap();
    assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    assert!(!contains(&jpeg, b"Exif\0\0"));

    let gif = report::build_timelapse(
        &paths,
        &project,
        &TimelapseOptions::new(report::TimelapseFormat::Gif),
        &|_| {},
    )
    .unwrap();
    for needle in PRIVATE {
        assert!(!contains(&gif, needle));
    }
    use image::AnimationDecoder;
    let frames = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(&gif))
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    assert_eq!(
        frames.len(),
        project.photos.iter().filter(|p| !p.excluded).count()
    );
}

#[test]
fn report_renders_to_pictures_when_poppler_is_installed() {
    // CI installs poppler-utils; on a machine without it this checks nothing more.
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("pdftoppm not installed; skipping the rendering check");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let pdf_path = dir.path().join("report.pdf");
    std::fs::write(&pdf_path, build(&root, &ReportOptions::new(fixed_date()))).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-png"])
        .arg(&pdf_path)
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut rendered = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "png") {
            let img = image::open(&path).unwrap().into_rgb8();
            // Not blank: some dark ink on every page (at least the footer).
            assert!(
                img.pixels().filter(|p| p.0[0] < 120).count() > 20,
                "{path:?} is blank"
            );
            rendered += 1;
        }
    }
    assert!(rendered >= 4);
}

#[test]
fn command_line_writes_pdf_and_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let pdf = dir.path().join("out/report.pdf");
    std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
    let sheet = dir.path().join("out/sheet.png");
    let gif = dir.path().join("out/progress.gif");
    assert_cmd::Command::cargo_bin("afterglow")
        .unwrap()
        .arg("report")
        .arg(&root)
        .arg("-o")
        .arg(&pdf)
        .arg("--sheet")
        .arg(&sheet)
        .args(["--page", "letter"])
        .assert()
        .success();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(image::open(&sheet).is_ok());
    assert_cmd::Command::cargo_bin("afterglow")
        .unwrap()
        .arg("timelapse")
        .arg(&root)
        .arg("-o")
        .arg(&gif)
        .args(["--fps", "2"])
        .assert()
        .success();
    assert!(std::fs::read(&gif).unwrap().starts_with(b"GIF89a"));
    let out = assert_cmd::Command::cargo_bin("afterglow")
        .unwrap()
        .arg("report")
        .arg(&root)
        .args(["-o", "/nonexistent-dir/x.pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent-dir/x.pdf"));
}

#[test]
fn measured_project_gets_charts_heat_maps_and_remarks() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project, _) = metrics_support::aligned_demo(dir.path(), true);
    let pdf =
        report::build_pdf(&paths, &project, &ReportOptions::new(fixed_date()), &|_| {}).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let all: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&all).unwrap();
    for expected in [
        "Redness and texture over time",
        "Change in redness",
        "more red",
        "Texture index per region",
        "Remarks (information, not a diagnosis)",
        "Left cheek",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    // Every photo has a patch here, so nothing is flagged uncalibrated.
    assert!(!text.contains("uncalibrated"), "calibrated photos flagged");
    // Photos are embedded as JPEG, at a sensible size.
    assert!(pdf.len() < 15_000_000, "{} bytes", pdf.len());

    // Without regions or eye marks the section says why instead.
    let plain = common::unaligned_demo_copy(&dir.path().join("plain"));
    let text = {
        let pdf = build(&plain, &ReportOptions::new(fixed_date()));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let all: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&all).unwrap()
    };
    assert!(text.contains("Not measured"), "no explanation");
}

#[test]
fn command_line_takes_photo_prefixes_and_writes_the_values_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = afterglow_core::store::load(&root).unwrap();
    let first = &project.photos_by_date()[0].id.0[..6];
    let last = &project.photos_by_date().last().unwrap().id.0[..6];
    let pdf = dir.path().join("r.pdf");
    let csv = dir.path().join("values.csv");
    assert_cmd::Command::cargo_bin("afterglow")
        .unwrap()
        .arg("report")
        .arg(&root)
        .arg("-o")
        .arg(&pdf)
        .arg("--csv")
        .arg(&csv)
        .arg("--photos")
        .arg(format!("{first},{last}"))
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(afterglow_core::metrics::CSV_HEADER));
    assert_eq!(lines.count(), project.photos.len() * project.regions.len());
    // The PDF is made for the two chosen photos.
    let doc = lopdf::Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(!doc.get_pages().is_empty());

    let out = assert_cmd::Command::cargo_bin("afterglow")
        .unwrap()
        .arg("report")
        .arg(&root)
        .args(["-o", "x.pdf", "--photos", "zzzzzz"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no photo matches \"zzzzzz\""), "{err}");
}
