//! Mirrored selfies (issue 14): a photo mirrored against the reference is found, aligned with a
//! reflection in `reference_from_moving` and the person's own eyes on the reference's; a photo
//! that is not mirrored is never called mirrored. A mirrored EXIF orientation is undone at
//! decode, so such a file is not mirrored at all. With `AFTERGLOW_REAL_FACES` set, every real
//! pair is aligned as taken and with the photo mirrored, and the detection rate and eye error
//! are printed (`AFTERGLOW_REAL_FACES=… cargo test --release --test align_mirror -- --nocapture`).

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod align_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use afterglow_core::align::{Facing, MIRROR_MARGIN, PreparedReference};
use afterglow_core::face::find_landmarks;
use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::imaging::warp_rgb;
use afterglow_core::import::decode_file;
use align_support::portrait;
use image::imageops::flip_horizontal;
use image::{Rgb, RgbImage};
use serde::Deserialize;

/// The portrait at 1024 px, the size of a phone photo's preview.
fn reference() -> RgbImage {
    image::imageops::resize(
        &portrait(),
        1024,
        1024,
        image::imageops::FilterType::CatmullRom,
    )
}

/// The person's own eyes (right, left) of the portrait, from the mesh.
fn eyes_of(image: &RgbImage) -> ([Point; 2], f64) {
    let lm = find_landmarks(image).unwrap();
    (lm.eye_centres(), lm.inter_ocular())
}

/// Where `reference_from_photo` puts the person's own eyes (`in_photo`, right then left), as
/// the larger miss over the reference's eye distance.
fn eye_miss(
    reference_from_photo: &Affine2,
    in_photo: [Point; 2],
    eyes: [Point; 2],
    iod: f64,
) -> f64 {
    in_photo
        .iter()
        .zip(eyes)
        .map(|(p, e)| reference_from_photo.apply(*p).distance(e) / iod)
        .fold(0.0, f64::max)
}

#[test]
fn a_mirrored_portrait_is_found_mirrored_with_its_own_eyes_on_the_references() {
    let reference = reference();
    let (eyes, iod) = eyes_of(&reference);
    let prepared = PreparedReference::new(&reference).unwrap();
    let centre = Point::new(512.0, 450.0);
    for (name, scale, degrees, tx, ty) in [
        ("mirrored", 1.0, 0.0, 0.0, 0.0),
        ("mirrored, closer, tilted", 1.1, 8.0, 30.0, -20.0),
        ("mirrored, further, other tilt", 0.9, -6.0, -40.0, 25.0),
    ] {
        let taken_from_reference =
            Affine2::similarity_about(centre, scale, f64::to_radians(degrees), tx, ty);
        let taken = warp_rgb(
            &reference,
            &taken_from_reference.inverse().unwrap(),
            1024,
            1024,
            Rgb([90, 90, 90]),
        );
        let photo = flip_horizontal(&taken);
        // The person's own eyes in the mirrored photo: where the flip took them.
        let photo_from_reference = Affine2::flip_horizontal(1024) * taken_from_reference;
        let in_photo = eyes.map(|e| photo_from_reference.apply(e));
        let r = prepared.align(&photo).unwrap();
        let miss = eye_miss(&r.reference_from_moving, in_photo, eyes, iod);
        println!(
            "{name:30} mirrored {}  eyes off {:5.2} % IOD  score {:.3}  turn {:.1}°  {:?}",
            r.is_mirrored(),
            miss * 100.0,
            r.score,
            r.reference_from_moving.turn().to_degrees(),
            r.concerns
        );
        assert!(r.is_mirrored(), "{name}: not found mirrored");
        assert!(r.reference_from_moving.determinant() < 0.0);
        assert!(miss < 0.03, "{name}: eyes off {:.2} % IOD", miss * 100.0);
        assert!(r.comparable, "{name}: {:?}", r.concerns);
        // The turn is the photo's own, not the half turn a reflection reads as.
        assert!(
            (r.reference_from_moving.turn().to_degrees() + degrees).abs() < 1.0,
            "{name}: turn {}",
            r.reference_from_moving.turn().to_degrees()
        );
    }
}

/// The centroid of the pixels close to `colour`, if any.
fn spot(image: &RgbImage, colour: [u8; 3]) -> Option<Point> {
    let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
    for (x, y, p) in image.enumerate_pixels() {
        if p.0.iter().zip(colour).all(|(a, b)| a.abs_diff(b) < 60) {
            (sx, sy, n) = (sx + f64::from(x), sy + f64::from(y), n + 1.0);
        }
    }
    (n > 0.0).then(|| Point::new(sx / n, sy / n))
}

#[test]
fn the_persons_left_cheek_lands_on_the_references_left_cheek() {
    // Regions live in the reference's frame and photos are warped into it, so a mirrored photo
    // warped by its reflecting alignment must put the person's own left cheek (marked green
    // here, the right one blue) where the reference has its left cheek.
    let reference = reference();
    let lm = find_landmarks(&reference).unwrap();
    let iod = lm.inter_ocular();
    let mean = |idx: &[usize]| {
        let n = idx.len() as f64;
        let (x, y) = idx.iter().fold((0.0, 0.0), |(x, y), &i| {
            (x + lm.points[i].x, y + lm.points[i].y)
        });
        Point::new(x / n, y / n)
    };
    // The cheeks' centres as the default regions place them (`metrics::regions_from_face`).
    let left_cheek = mean(&[280, 330, 347, 425, 352, 266]);
    let right_cheek = mean(&[50, 101, 118, 205, 123, 36]);
    assert!(
        left_cheek.x > right_cheek.x,
        "the person's left is the image's right"
    );
    let prepared = PreparedReference::new(&reference).unwrap();
    let taken_from_reference =
        Affine2::similarity_about(Point::new(512.0, 450.0), 1.05, 0.06, 20.0, -10.0);
    let mut taken = warp_rgb(
        &reference,
        &taken_from_reference.inverse().unwrap(),
        1024,
        1024,
        Rgb([90, 90, 90]),
    );
    let (green, blue) = ([0, 255, 0], [0, 0, 255]);
    for (cheek, colour) in [(left_cheek, green), (right_cheek, blue)] {
        let c = taken_from_reference.apply(cheek);
        for (x, y, p) in taken.enumerate_pixels_mut() {
            if Point::new(f64::from(x), f64::from(y)).distance(c) <= 5.0 {
                *p = Rgb(colour);
            }
        }
    }
    let photo = flip_horizontal(&taken);
    let r = prepared.align(&photo).unwrap();
    assert!(r.is_mirrored());
    let in_reference = warp_rgb(
        &photo,
        &r.reference_from_moving.inverse().unwrap(),
        1024,
        1024,
        Rgb([90, 90, 90]),
    );
    let green_at = spot(&in_reference, green).expect("the green mark is in the frame");
    let blue_at = spot(&in_reference, blue).expect("the blue mark is in the frame");
    println!(
        "left cheek mark {:.2} % IOD from the reference's left cheek, right {:.2} %",
        green_at.distance(left_cheek) / iod * 100.0,
        blue_at.distance(right_cheek) / iod * 100.0
    );
    assert!(green_at.distance(left_cheek) < 0.03 * iod);
    assert!(blue_at.distance(right_cheek) < 0.03 * iod);
}

#[test]
fn an_unmirrored_portrait_is_never_called_mirrored() {
    let reference = reference();
    let prepared = PreparedReference::new(&reference).unwrap();
    let centre = Point::new(512.0, 450.0);
    for (scale, degrees, tx, ty) in [
        (1.0, 0.0, 0.0, 0.0),
        (1.1, 8.0, 30.0, -20.0),
        (0.85, -12.0, -60.0, 30.0),
    ] {
        let photo_from_reference =
            Affine2::similarity_about(centre, scale, f64::to_radians(degrees), tx, ty);
        let photo = warp_rgb(
            &reference,
            &photo_from_reference.inverse().unwrap(),
            1024,
            1024,
            Rgb([90, 90, 90]),
        );
        let r = prepared.align(&photo).unwrap();
        assert!(!r.is_mirrored(), "{degrees}°: called mirrored");
        // The mirrored try scored well below: the margin is not what keeps it out.
        let flipped = prepared.align_facing(&photo, Facing::Mirrored).unwrap();
        println!(
            "{degrees:5.1}°: as taken {:.3}, mirrored {:.3}",
            r.score, flipped.score
        );
        assert!(flipped.is_mirrored());
        assert!(flipped.score + MIRROR_MARGIN < r.score);
    }
}

/// A JPEG of `image` with an EXIF block that holds only the orientation tag.
fn jpeg_with_orientation(image: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode_image(image)
        .unwrap();
    // TIFF, little-endian: header, one IFD with one entry (0x0112 Orientation, SHORT, 1).
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn a_mirrored_exif_orientation_is_undone_at_decode() {
    let upright =
        image::imageops::resize(&portrait(), 480, 640, image::imageops::FilterType::Triangle);
    let prepared = PreparedReference::new(&upright).unwrap();
    // What the camera stored for each mirrored orientation, and the orientation that says so.
    let stored: [(u16, RgbImage); 4] = [
        (2, flip_horizontal(&upright)),
        (4, image::imageops::flip_vertical(&upright)),
        // Transpose: (x, y) ↦ (y, x).
        (5, image::imageops::rotate270(&flip_horizontal(&upright))),
        // Transverse: (x, y) ↦ (h − 1 − y, w − 1 − x).
        (7, image::imageops::rotate90(&flip_horizontal(&upright))),
    ];
    for (orientation, pixels) in stored {
        let bytes = jpeg_with_orientation(&pixels, orientation);
        let decoded = decode_file(&bytes, Path::new("selfie.jpg"), None, None).unwrap();
        assert_eq!(decoded.meta.orientation, orientation as u8);
        let image = decoded.decoded.image;
        assert_eq!(image.dimensions(), upright.dimensions(), "{orientation}");
        let mean_diff = image
            .pixels()
            .zip(upright.pixels())
            .map(|(a, b)| {
                a.0.iter()
                    .zip(b.0)
                    .map(|(x, y)| f64::from(x.abs_diff(y)))
                    .sum::<f64>()
            })
            .sum::<f64>()
            / (3.0 * f64::from(image.width() * image.height()));
        println!("orientation {orientation}: mean difference {mean_diff:.2} levels");
        assert!(mean_diff < 3.0, "orientation {orientation}: {mean_diff}");
        // Upright, so not mirrored against the upright reference either.
        let r = prepared.align(&image).unwrap();
        assert!(!r.is_mirrored(), "orientation {orientation}");
    }
}

#[derive(Deserialize)]
struct Truth {
    images: BTreeMap<String, TruthImage>,
    pairs: Vec<TruthPair>,
}

#[derive(Deserialize)]
struct TruthImage {
    eye_corners: Option<[[f64; 2]; 4]>,
}

#[derive(Deserialize)]
struct TruthPair {
    reference: String,
    photo: String,
}

/// The person's own eye centres (right, left) from dlib's corners.
fn truth_eyes(image: &TruthImage) -> [Point; 2] {
    let c = image.eye_corners.unwrap();
    let mid = |a: [f64; 2], b: [f64; 2]| Point::new((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0);
    [mid(c[0], c[1]), mid(c[2], c[3])]
}

fn load(dir: &Path, name: &str) -> RgbImage {
    image::open(dir.join(name)).unwrap().into_rgb8()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
fn real_faces_mirrored_are_found_and_unmirrored_never_are() {
    let Some(dir) = std::env::var_os("AFTERGLOW_REAL_FACES").map(PathBuf::from) else {
        println!("skipped: AFTERGLOW_REAL_FACES is not set");
        return;
    };
    let truth: Truth = serde_json::from_str(include_str!("real_faces/truth.json")).unwrap();
    let (mut false_mirrors, mut found, mut errors_found, mut errors_straight) =
        (Vec::new(), 0usize, Vec::new(), Vec::new());
    let (mut margins, mut missed_clear) = (Vec::new(), Vec::new());
    for pair in &truth.pairs {
        let reference_image = load(&dir, &pair.reference);
        let photo = load(&dir, &pair.photo);
        let prepared = PreparedReference::new(&reference_image).unwrap();
        let eyes = truth_eyes(&truth.images[&pair.reference]);
        let iod = eyes[0].distance(eyes[1]);
        let in_photo = truth_eyes(&truth.images[&pair.photo]);
        // As taken.
        let straight = prepared.align(&photo).unwrap();
        if straight.is_mirrored() {
            false_mirrors.push(pair.photo.clone());
        }
        errors_straight.push(eye_miss(
            &straight.reference_from_moving,
            in_photo,
            eyes,
            iod,
        ));
        // Mirrored: the person's own eyes are where the flip took them.
        let mirrored_photo = flip_horizontal(&photo);
        let flip = Affine2::flip_horizontal(photo.width());
        let r = prepared.align(&mirrored_photo).unwrap();
        let error = eye_miss(
            &r.reference_from_moving,
            in_photo.map(|p| flip.apply(p)),
            eyes,
            iod,
        );
        // The as-taken score against the flipped try's, on the photo as taken: how close the
        // margin came.
        let as_taken = prepared
            .align_facing(&mirrored_photo, Facing::Mirrored)
            .unwrap();
        let flipped = prepared
            .align_facing(&mirrored_photo, Facing::AsTaken)
            .unwrap();
        margins.push(as_taken.score - flipped.score);
        println!(
            "{:14} → {:24} as taken: mirrored {} ({:5.2} % IOD); mirrored copy: found {} \
             ({:5.2} % IOD), score {:.3} vs {:.3} flipped",
            pair.reference,
            pair.photo,
            straight.is_mirrored(),
            errors_straight.last().unwrap() * 100.0,
            r.is_mirrored(),
            error * 100.0,
            as_taken.score,
            flipped.score,
        );
        if r.is_mirrored() {
            found += 1;
            errors_found.push(error);
        } else if as_taken.score >= 0.85 {
            // A pair that matches well the right way round is never missed.
            missed_clear.push(pair.photo.clone());
        }
    }
    let n = truth.pairs.len();
    margins.sort_by(f64::total_cmp);
    errors_found.sort_by(f64::total_cmp);
    errors_straight.sort_by(f64::total_cmp);
    println!(
        "{n} pairs: mirrored copies found {found} ({:.0} %), as taken called mirrored {}; \
         score as taken − flipped: min {:.3}, 10th percentile {:.3}, median {:.3}",
        100.0 * found as f64 / n as f64,
        false_mirrors.len(),
        margins[0],
        percentile(&margins, 0.1),
        percentile(&margins, 0.5),
    );
    if !errors_found.is_empty() {
        println!(
            "eyes of the mirrored copies found: median {:.2} % IOD, worst {:.2} % \
             (as taken: median {:.2} %, worst {:.2} %)",
            percentile(&errors_found, 0.5) * 100.0,
            errors_found.last().unwrap() * 100.0,
            percentile(&errors_straight, 0.5) * 100.0,
            errors_straight.last().unwrap() * 100.0,
        );
    }
    assert!(
        false_mirrors.is_empty(),
        "called mirrored as taken: {false_mirrors:?}"
    );
    assert!(
        missed_clear.is_empty(),
        "mirrored copies of well-matching pairs missed: {missed_clear:?}"
    );
    // 53 of 75 when MIRROR_MARGIN was chosen; the misses are webcam frames whose correlation
    // is low either way round.
    assert!(
        found * 3 >= n * 2,
        "only {found} of {n} mirrored copies found"
    );
}
