//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`) and the inputs of fixed
//! findings (`fuzz/regressions/<target>/`) through the same entry points the fuzz targets use
//! (`fuzz/harness.rs`), so every `cargo test` checks them without a fuzzer.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every input; names each one that panics, then fails.
fn replay(target: &str, entry: fn(&[u8])) {
    let corpus = inputs("corpus", target);
    assert!(
        corpus.len() >= 3,
        "fuzz/corpus/{target} holds {} inputs; the committed corpus is missing",
        corpus.len()
    );
    let mut failed = Vec::new();
    for path in corpus.iter().chain(&inputs("regressions", target)) {
        let bytes = std::fs::read(path).unwrap();
        if std::panic::catch_unwind(|| entry(&bytes)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "inputs that fail: {failed:#?}");
}

#[test]
fn photo_decode() {
    replay("photo_decode", harness::photo_decode);
}

#[test]
fn heif_decode() {
    replay("heif_decode", harness::heif_decode);
}

#[test]
fn jpeg_walk() {
    replay("jpeg_walk", harness::jpeg_walk);
}

#[test]
fn exif_metadata() {
    replay("exif_metadata", harness::exif_metadata);
}

#[test]
fn file_name_date() {
    replay("file_name_date", harness::file_name_date);
}

#[test]
fn project_json() {
    replay("project_json", harness::project_json);
}
