//! The fuzzed entry points. Each takes arbitrary bytes, runs them through the same functions
//! the importer and the store use, and panics only when an invariant is broken; errors are the
//! expected outcome for most inputs. Shared by the fuzz targets (`fuzz/fuzz_targets/`) and by
//! `tests/corpus_replay.rs`, which replays the committed corpora under `cargo test`.

use std::path::Path;

use afterglow_core::import::{self, DecodeLimits, Sniffed};
use afterglow_core::store::{self, ProjectPaths};

/// Limits for the decode target: well below the app's (120 MP, 1 GiB) so each run stays fast,
/// while still catching a decoder that allocates past its limit (libFuzzer's `-rss_limit_mb`).
pub const FUZZ_LIMITS: DecodeLimits = DecodeLimits {
    max_pixels: 4_000_000,
    max_alloc: 128 << 20,
};

/// Sniff → EXIF → decode under limits, as `import` does with a file's bytes.
pub fn photo_decode(data: &[u8]) {
    let format = match import::sniff(data, Path::new("photo.jpg")) {
        Sniffed::Supported(f) => f,
        Sniffed::Unsupported { format, advice } => {
            assert!(!format.is_empty() && !advice.is_empty());
            return;
        }
        Sniffed::Unknown => return,
    };
    let meta = import::read_metadata(data);
    assert!((1..=8).contains(&meta.orientation), "{meta:?}");
    match import::decode(
        data,
        format,
        meta.orientation,
        Some(import::PREVIEW_SIDE),
        FUZZ_LIMITS,
    ) {
        Ok(d) => {
            let (w, h) = d.image.dimensions();
            assert!(w > 0 && h > 0, "empty image");
            assert!(
                u64::from(d.width) * u64::from(d.height) <= FUZZ_LIMITS.max_pixels,
                "{}×{} passed the pixel limit",
                d.width,
                d.height
            );
            assert!(
                w <= d.width && h <= d.height,
                "decoded {w}×{h} is larger than the photo's {}×{}",
                d.width,
                d.height
            );
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// A HEIC/AVIF file through libheif (loaded at run time) and the colour conversion, as
/// import decodes one; sniffing is skipped so mutated containers reach libheif.
pub fn heif_decode(data: &[u8]) {
    match import::decode(data, import::PhotoFormat::Heic, 1, None, FUZZ_LIMITS) {
        Ok(d) => {
            let (w, h) = d.image.dimensions();
            assert!(w > 0 && h > 0, "empty image");
            assert_eq!((w, h), (d.width, d.height), "HEIF decodes at full size");
            assert!(
                u64::from(w) * u64::from(h) <= FUZZ_LIMITS.max_pixels,
                "{w}×{h} passed the pixel limit"
            );
            if let Some(exif) = &d.exif {
                let meta = import::read_exif_block(exif);
                assert_eq!(meta.orientation.clamp(1, 8), meta.orientation);
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// The JPEG marker walk alone.
pub fn jpeg_walk(data: &[u8]) {
    if let Ok(s) = import::walk_jpeg(data) {
        assert!(s.width > 0 && s.height > 0, "{s:?}");
        assert!(data.ends_with(&[0xFF, 0xD9]) || data.windows(2).any(|w| w == [0xFF, 0xD9]));
    }
}

/// EXIF: the bytes as a whole file, and as the TIFF body of a JPEG APP1 block (which takes
/// the fuzzer straight to the IFD parser).
pub fn exif_metadata(data: &[u8]) {
    check_metadata(&import::read_metadata(data));
    if data.len() <= 65_000 {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend_from_slice(&((data.len() + 8) as u16).to_be_bytes());
        jpeg.extend_from_slice(b"Exif\0\0");
        jpeg.extend_from_slice(data);
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        check_metadata(&import::read_metadata(&jpeg));
    }
    if let Some(t) = import::parse_exif_datetime(data) {
        use chrono::Datelike;
        assert!(t.year() >= 1990, "{t}");
    }
    if let Some(m) = import::parse_offset(data) {
        assert!(m.abs() <= 14 * 60 + 59, "{m}");
    }
}

fn check_metadata(m: &import::PhotoMetadata) {
    use chrono::Datelike;
    assert!((1..=8).contains(&m.orientation), "{m:?}");
    if let Some(t) = m.taken_at {
        assert!(t.year() >= 1990, "{m:?}");
    }
    if let Some(o) = m.utc_offset_minutes {
        assert!(o.abs() <= 14 * 60 + 59, "{m:?}");
        assert!(m.taken_at.is_some(), "an offset without a time: {m:?}");
    }
}

/// Dates in file names.
pub fn file_name_date(data: &[u8]) {
    use chrono::Datelike;
    let name = String::from_utf8_lossy(data);
    if let Some(t) = import::date_from_file_name(&name) {
        assert!((1990..=2100).contains(&t.year()), "{name:?} → {t}");
    }
}

/// `project.json`: whatever loads must survive a save and load again (a project that opens
/// but cannot be reopened after saving would be lost).
pub fn project_json(data: &[u8]) {
    let paths = ProjectPaths::new("/nonexistent/fuzz.afterglow");
    match store::parse(data, &paths) {
        Ok(project) => {
            let text = serde_json::to_string_pretty(&project).expect("a loaded project serialises");
            if let Err(e) = store::parse(text.as_bytes(), &paths) {
                panic!("a project that loaded does not load after saving: {e}\n{text}");
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}
