//! HEIC and AVIF photos, as phones save them, imported through the system's libheif: the
//! committed files of tests/heif (made from the portrait by tests/heif/make_heif.py, whose
//! docstring says what each one tests) decode upright, dated from their EXIF, in sRGB.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use afterglow_core::import::{FileReport, ImportError, Outcome};
use afterglow_core::metrics::{WhiteBalance, redness_of};
use afterglow_core::photo_file::{PhotoFormat, decode_file};
use afterglow_core::project::DateSource;
use image::RgbImage;

#[path = "../crates/afterglow-heif/tests/support/mod.rs"]
mod heif_support;
use heif_support::libheif_loads;

fn heif_file(name: &str) -> PathBuf {
    common::repo().join("tests/heif").join(name)
}

fn decoded(name: &str) -> (PhotoFormat, u8, RgbImage) {
    let path = heif_file(name);
    let bytes = std::fs::read(&path).unwrap();
    let file = decode_file(&bytes, &path, None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
    (file.format, file.meta.orientation, file.decoded.image)
}

/// The portrait as the HEIC files were made from it: 256×256, Lanczos (Pillow) — here the
/// nearest this crate has, an area resize, so comparisons allow for resampling.
fn portrait_256() -> RgbImage {
    let img = image::open(common::repo().join("assets/portrait.png"))
        .unwrap()
        .into_rgb8();
    image::imageops::resize(&img, 256, 256, image::imageops::FilterType::Lanczos3)
}

fn mean_abs_diff(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    a.as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (f64::from(*x) - f64::from(*y)).abs())
        .sum::<f64>()
        / a.as_raw().len() as f64
}

fn mean_a_star(img: &RgbImage) -> f64 {
    let px: Vec<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    redness_of(&px, &WhiteBalance::NONE).unwrap().a_star
}

#[test]
fn heic_decodes_upright_and_close_to_the_portrait() {
    if !libheif_loads() {
        return;
    }
    let portrait = portrait_256();
    for name in [
        "portrait.heic",
        "portrait-rotated.heic",
        "portrait-mirrored.heic",
        "portrait.avif",
    ] {
        let (format, orientation, img) = decoded(name);
        let expected = if name.ends_with("avif") {
            PhotoFormat::Avif
        } else {
            PhotoFormat::Heic
        };
        assert_eq!(format, expected, "{name}");
        // libheif applied irot/imir; the EXIF Orientation 6 of the rotated file is not
        // applied a second time.
        assert_eq!(orientation, 1, "{name}");
        let diff = mean_abs_diff(&img, &portrait);
        println!("{name}: mean difference from the portrait {diff:.2} of 255");
        assert!(diff < 4.0, "{name}: {diff}");
    }
    // Turned or mirrored wrongly, the same photo differs by far more.
    let (_, _, upright) = decoded("portrait.heic");
    let turned = image::imageops::rotate90(&upright);
    let flipped = image::imageops::flip_horizontal(&upright);
    assert!(mean_abs_diff(&turned, &portrait) > 20.0);
    assert!(mean_abs_diff(&flipped, &portrait) > 10.0);
}

#[test]
fn display_p3_and_hdr_photos_read_as_their_srgb_colours() {
    if !libheif_loads() {
        return;
    }
    let portrait = portrait_256();
    let truth = mean_a_star(&portrait);
    let (_, _, p3) = decoded("portrait-p3.heic");
    let (_, _, pq) = decoded("portrait-pq10.heic");
    let p3_diff = mean_abs_diff(&p3, &portrait);
    let pq_diff = mean_abs_diff(&pq, &portrait);
    let (p3_a, pq_a) = (mean_a_star(&p3), mean_a_star(&pq));
    println!(
        "a*: portrait {truth:.2}, P3 file {p3_a:.2}, PQ file {pq_a:.2}; \
         mean differences {p3_diff:.2}, {pq_diff:.2}"
    );
    assert!((p3_a - truth).abs() < 0.5, "P3: {p3_a} vs {truth}");
    assert!(p3_diff < 4.0, "P3: {p3_diff}");
    // HDR: the reference white lands on sRGB white; only highlights above the knee differ.
    assert!((pq_a - truth).abs() < 1.0, "PQ: {pq_a} vs {truth}");
    assert!(pq_diff < 6.0, "PQ: {pq_diff}");
    // Read as if it were sRGB, the P3 file would be measurably less red: the profile matters.
    let (_, _, p3_raw) = {
        let bytes = std::fs::read(heif_file("portrait-p3.heic")).unwrap();
        let pic = afterglow_heif::decode(
            &bytes,
            afterglow_heif::Limits {
                max_pixels: 1 << 30,
                max_bytes: 1 << 32,
            },
        )
        .unwrap();
        let afterglow_heif::Samples::Eight(v) = pic.samples else {
            panic!("8-bit");
        };
        (
            (),
            (),
            RgbImage::from_raw(pic.width, pic.height, v).unwrap(),
        )
    };
    let raw_a = mean_a_star(&p3_raw);
    println!("P3 file read as sRGB: a* {raw_a:.2}");
    assert!((raw_a - truth).abs() > 1.0, "{raw_a} vs {truth}");
}

fn import(root: &Path, inputs: &[PathBuf]) -> Vec<FileReport> {
    common::import_into(root, inputs)
}

#[test]
fn heic_imports_dated_from_its_exif_and_damaged_ones_are_refused_by_name() {
    if !libheif_loads() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = common::new_project(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(heif_file("portrait.heic"), inbox.join("IMG_0001.HEIC")).unwrap();
    std::fs::copy(
        heif_file("portrait-rotated.heic"),
        inbox.join("IMG_0002.heic"),
    )
    .unwrap();
    let bytes = std::fs::read(heif_file("portrait.heic")).unwrap();
    std::fs::write(inbox.join("cut.heic"), &bytes[..bytes.len() * 2 / 3]).unwrap();
    // The primary item pointed at an item that is not there (as when only a thumbnail is
    // left), and the HEVC decoder configuration garbled. (Garbled image data is not caught:
    // HEVC decodes damaged slices into wrong pixels, as JPEG does.)
    let box_at = |name: &[u8]| bytes.windows(4).position(|w| w == name).unwrap();
    let mut no_primary = bytes.clone();
    let pitm = box_at(b"pitm");
    no_primary[pitm + 8..pitm + 10].copy_from_slice(&99u16.to_be_bytes());
    std::fs::write(inbox.join("no-primary.heic"), &no_primary).unwrap();
    let mut bad_config = bytes.clone();
    let hvcc = box_at(b"hvcC");
    for b in &mut bad_config[hvcc + 4..hvcc + 100] {
        *b ^= 0x5a;
    }
    std::fs::write(inbox.join("bad-config.heic"), &bad_config).unwrap();

    let reports = import(&root, std::slice::from_ref(&inbox));
    let outcome = |name: &str| {
        &reports
            .iter()
            .find(|r| r.path.file_name().unwrap() == name)
            .unwrap_or_else(|| panic!("{name} not reported"))
            .outcome
    };
    let Outcome::Imported(photo) = outcome("IMG_0001.HEIC") else {
        panic!("{:?}", outcome("IMG_0001.HEIC"));
    };
    assert_eq!(
        photo.taken_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        "2026-03-01 09:30:00"
    );
    assert_eq!(photo.taken_at_source, DateSource::Exif);
    assert_eq!(photo.utc_offset_minutes, Some(60));
    assert_eq!(
        (photo.width, photo.height, photo.orientation),
        (256, 256, 1)
    );
    assert!(photo.file.ends_with(".heic"), "{}", photo.file);
    // The original is kept byte for byte.
    assert_eq!(std::fs::read(root.join(&photo.file)).unwrap(), bytes);
    let Outcome::Imported(rotated) = outcome("IMG_0002.heic") else {
        panic!("{:?}", outcome("IMG_0002.heic"));
    };
    assert_eq!(rotated.orientation, 1);
    for name in ["cut.heic", "no-primary.heic", "bad-config.heic"] {
        let Outcome::Rejected(e) = outcome(name) else {
            panic!("{name}: {:?}", outcome(name));
        };
        assert!(matches!(e, ImportError::Decode(_)), "{name}: {e}");
        println!("{name}: {e}");
    }
}
