//! The sample project with the generator's true alignments (`truth.json`) and the reference's
//! eyes marked, in a temporary folder: what the metrics and report benchmarks measure.
// Benchmark set-up may panic: a failure here is a broken benchmark, not a user-facing error.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{AlignMethod, Alignment, Project};
use afterglow_core::store::{self, ProjectPaths};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else if entry.file_name() != "project.lock" {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// The demo project, aligned with the true transforms, the reference's eyes marked.
pub fn aligned_demo(dir: &Path) -> (ProjectPaths, Project) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = dir.join("demo.afterglow");
    copy_dir(&repo.join("sample-data/demo.afterglow"), &root);
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo.join("sample-data/photos/truth.json")).expect("truth.json"),
    )
    .expect("truth");
    let mut project = store::load(&root).expect("load");
    // Measured in the default regions placed from the true eye positions (set below), not
    // in the ones the demo ships with (placed by the face detector).
    project.regions.clear();
    let reference_name = truth["reference"].as_str().expect("reference");
    let reference = project
        .photos
        .iter()
        .find(|p| p.original_name == reference_name)
        .expect("reference photo")
        .id
        .clone();
    project.reference = Some(reference.clone());
    for t in truth["photos"].as_array().expect("photos") {
        let photo = project
            .photos
            .iter_mut()
            .find(|p| p.original_name == t["file"])
            .expect("photo");
        let m: Affine2 = serde_json::from_value(t["reference_from_photo"].clone()).expect("m");
        photo.alignment = Some(Alignment {
            concerns: Vec::new(),
            reference_from_photo: m,
            method: AlignMethod::Manual,
            score: 1.0,
            comparable: true,
            locked: true,
            reference: Some(reference.clone()),
        });
        if photo.id == reference {
            let e: [[f64; 2]; 2] = serde_json::from_value(t["eyes"].clone()).expect("eyes");
            photo.eyes = Some(e.map(Point::from));
        }
    }
    store::save(&root, &project).expect("save");
    (ProjectPaths::new(root), project)
}
