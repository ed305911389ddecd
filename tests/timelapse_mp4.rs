//! The MP4 timelapse of the sample project: its structure (index before data, no metadata but
//! the creation time), what ffprobe reads back (H.264, yuv420p, even size, frame count,
//! duration) and, decoded by ffmpeg, pictures that match the frames they were made from.
//! ffprobe/ffmpeg are test tools only (CI installs them; `.ci/run`); without them the
//! read-back checks are skipped with a message.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use afterglow_core::report::{self, TimelapseFormat, TimelapseOptions};
use afterglow_core::store::{self, ProjectPaths};
use image::RgbImage;

/// 2026-05-10 12:00 UTC.
const CREATED: u64 = 1_778_414_400;

fn options(max_side: u32, fps: f32, crossfade: bool) -> TimelapseOptions {
    TimelapseOptions {
        max_side,
        fps,
        crossfade,
        created_unix: Some(CREATED),
        ..TimelapseOptions::new(TimelapseFormat::Mp4)
    }
}

/// The top-level boxes: (type, offset, size).
fn boxes(b: &[u8], from: usize, to: usize) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut at = from;
    while at + 8 <= to {
        let size = u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize;
        assert!(
            size >= 8 && at + size <= to,
            "a box at {at} runs past its parent"
        );
        out.push((String::from_utf8_lossy(&b[at + 4..at + 8]).into(), at, size));
        at += size;
    }
    assert_eq!(at, to);
    out
}

fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("-version").output().is_ok();
    if !found {
        eprintln!("{tool} not installed; skipping the read-back checks (CI installs ffmpeg)");
    }
    found
}

/// ffprobe's view of the video stream and the container.
fn probe(file: &Path) -> serde_json::Value {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-select_streams", "v:0"])
        .args([
            "-show_entries",
            "stream=codec_name,profile,pix_fmt,width,height,nb_read_frames,r_frame_rate,\
             duration,color_space,color_range:format=duration,format_name:format_tags",
        ])
        .args(["-of", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Pictures `indices` of the video, decoded by ffmpeg to RGB.
fn decode(file: &Path, dir: &Path, indices: &[usize]) -> Vec<RgbImage> {
    let select: Vec<String> = indices.iter().map(|i| format!("eq(n\\,{i})")).collect();
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(file)
        .args(["-vf", &format!("select={}", select.join("+"))])
        .args(["-fps_mode", "passthrough"])
        .arg(dir.join("decoded-%02d.png"))
        .status()
        .unwrap();
    assert!(status.success());
    (1..=indices.len())
        .map(|i| {
            let path = dir.join(format!("decoded-{i:02}.png"));
            let img = image::open(&path).unwrap().into_rgb8();
            std::fs::remove_file(path).unwrap();
            img
        })
        .collect()
}

/// Mean absolute difference per channel value (0–255).
fn mean_abs_diff(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| u64::from(x.abs_diff(y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
fn the_sample_project_as_mp4_reads_back_and_decodes_to_its_frames() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = store::load(&root).unwrap();
    let paths = ProjectPaths::new(&root);
    let opts = options(1080, 1.5, false);
    let mp4 = report::build_timelapse(&paths, &project, &opts, &|_| {}).unwrap();
    let frames = report::timelapse_frames(&paths, &project, &opts, &|_| {}).unwrap();
    let n = project.photos.iter().filter(|p| !p.excluded).count();
    assert_eq!(frames.len(), n);
    let (w, h) = frames[0].dimensions();
    assert!(w % 2 == 0 && h % 2 == 0, "{w} × {h}");
    // The photo's long side is 1080 (the face crop enlarged if smaller); the caption below.
    assert!(w == 1080 || (1080..1180).contains(&h), "{w} × {h}");
    // The photo fills the frame: no white band beside it (the caption strip is white).
    let right = frames[0].get_pixel(w - 1, h / 3).0;
    assert!(right != [255, 255, 255], "white at the right edge");
    assert!(mp4.len() < 2_000_000, "{} bytes", mp4.len());

    // ftyp, then the index, then the data; the index holds the header and the one track only.
    let top = boxes(&mp4, 0, mp4.len());
    let kinds: Vec<&str> = top.iter().map(|(k, _, _)| k.as_str()).collect();
    assert_eq!(kinds, ["ftyp", "moov", "mdat"]);
    let (_, at, size) = top[1];
    let inside: Vec<String> = boxes(&mp4, at + 8, at + size)
        .into_iter()
        .map(|(k, _, _)| k)
        .collect();
    assert_eq!(inside, ["mvhd", "trak"]);
    let moov = &mp4[at..at + size];
    for needle in [b"udta".as_slice(), b"meta", b"Samplephone", b"GPS", b"PXL_"] {
        assert!(!moov.windows(needle.len()).any(|x| x == needle));
    }
    // The same project and creation time give the same bytes.
    assert_eq!(
        report::build_timelapse(&paths, &project, &opts, &|_| {}).unwrap(),
        mp4
    );

    if !(have("ffprobe") && have("ffmpeg")) {
        return;
    }
    let file = dir.path().join("timelapse.mp4");
    std::fs::write(&file, &mp4).unwrap();
    let info = probe(&file);
    let s = &info["streams"][0];
    assert_eq!(s["codec_name"], "h264");
    assert_eq!(s["profile"], "Constrained Baseline");
    assert_eq!(s["pix_fmt"], "yuv420p");
    assert_eq!(s["color_space"], "bt709");
    assert_eq!(s["color_range"], "tv");
    assert_eq!(
        (s["width"].as_u64(), s["height"].as_u64()),
        (Some(w.into()), Some(h.into()))
    );
    assert_eq!(s["nb_read_frames"].as_str(), Some(n.to_string().as_str()));
    assert_eq!(s["r_frame_rate"], "3/2");
    let duration: f64 = info["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((duration - n as f64 / 1.5).abs() < 0.01, "{duration} s");
    // The only tags are ffprobe's reading of the file type and the creation time: no
    // title, encoder, location…
    let tags = info["format"]["tags"].as_object().unwrap();
    for key in tags.keys() {
        assert!(
            [
                "major_brand",
                "minor_version",
                "compatible_brands",
                "creation_time"
            ]
            .contains(&key.as_str()),
            "tag {key}"
        );
    }
    assert_eq!(tags["creation_time"], "2026-05-10T12:00:00.000000Z");

    // Decoded, the first (IDR) and last (predicted) pictures are their frames, and not
    // their neighbours.
    let decoded = decode(&file, dir.path(), &[0, n - 1]);
    for (pic, i) in decoded.iter().zip([0, n - 1]) {
        let own = mean_abs_diff(pic, &frames[i]);
        let other = mean_abs_diff(pic, &frames[if i == 0 { 1 } else { n - 2 }]);
        eprintln!("picture {i}: mean abs diff {own:.2} from its frame, {other:.2} from the next");
        assert!(own < 3.0, "picture {i} is {own:.2} off its frame");
        // Closer to its own frame than to its neighbour (the demo's last two photos are
        // near twins, so only "closer" is asked, not "much closer").
        assert!(own < other, "picture {i}: {own:.2} vs {other:.2}");
    }
}

#[test]
fn a_crossfade_adds_blended_pictures_at_a_constant_rate() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = store::load(&root).unwrap();
    let paths = ProjectPaths::new(&root);
    let opts = options(320, 3.0, true);
    let mp4 = report::build_timelapse(&paths, &project, &opts, &|_| {}).unwrap();
    let n = project.photos.iter().filter(|p| !p.excluded).count();
    let schedule = report::schedule(n, 3.0, true);
    // 3 photos a second → 4 pictures each at 12 a second.
    assert_eq!(schedule.steps.len(), 4 * n);
    if !(have("ffprobe") && have("ffmpeg")) {
        return;
    }
    let file = dir.path().join("fade.mp4");
    std::fs::write(&file, &mp4).unwrap();
    let info = probe(&file);
    let s = &info["streams"][0];
    assert_eq!(
        s["nb_read_frames"].as_str(),
        Some((4 * n).to_string().as_str())
    );
    assert_eq!(s["r_frame_rate"], "12/1");
    let duration: f64 = info["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((duration - n as f64 / 3.0).abs() < 0.01, "{duration} s");
    // Picture 3 is the last of photo 0's fade (2/3 of the way to photo 1): between the two.
    let frames = report::timelapse_frames(&paths, &project, &opts, &|_| {}).unwrap();
    let mid = &decode(&file, dir.path(), &[3])[0];
    let (to_a, to_b) = (
        mean_abs_diff(mid, &frames[0]),
        mean_abs_diff(mid, &frames[1]),
    );
    let mut blend = frames[0].clone();
    for (o, &b) in blend.iter_mut().zip(frames[1].iter()) {
        *o = (f32::from(*o) + (f32::from(b) - f32::from(*o)) * (2.0 / 3.0)).round() as u8;
    }
    let to_blend = mean_abs_diff(mid, &blend);
    eprintln!(
        "fade picture: {to_a:.2} from photo 0, {to_b:.2} from photo 1, {to_blend:.2} from the blend"
    );
    assert!(to_blend < 3.0 && to_blend < to_a && to_blend < to_b);
}

#[test]
fn the_command_line_chooses_by_extension_and_names_the_formats_it_knows() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let bad = dir.path().join("progress.mov");
    let out = common::afterglow()
        .arg("timelapse")
        .arg(&root)
        .arg("-o")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("progress.mov") && err.contains(".mp4") && err.contains(".gif"),
        "{err}"
    );
    assert!(!bad.exists());
    let mp4 = dir.path().join("progress.mp4");
    common::afterglow()
        .arg("timelapse")
        .arg(&root)
        .arg("-o")
        .arg(&mp4)
        .args(["--fps", "2", "--crossfade"])
        .assert()
        .success();
    let bytes = std::fs::read(&mp4).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp");
}
