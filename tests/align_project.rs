//! Project-level alignment: locked alignments are kept, a lock by the eyes follows a new
//! reference, cancelling stops the run, progress reaches the end, `--reference` changes the
//! reference, and the aligned-preview cache follows the transform.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use afterglow_core::align::{
    Outcome, align_project, aligned_preview, aligned_preview_path, new_alignments, update_command,
};
use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::import::Progress;
use afterglow_core::project::{AlignMethod, Alignment, Project};
use afterglow_core::store::{self, ProjectPaths};
use assert_cmd::Command;

/// A copy of the demo project cut down to the photos named (the first is the earliest).
fn small_demo(dir: &Path, keep: &[&str]) -> (ProjectPaths, Project) {
    let root = common::demo_copy(dir);
    let mut project = store::load(&root).unwrap();
    project
        .photos
        .retain(|p| keep.contains(&p.original_name.as_str()));
    assert_eq!(project.photos.len(), keep.len());
    store::save(&root, &project).unwrap();
    (ProjectPaths::new(root), project)
}

fn eyes_of(truth: &serde_json::Value, file: &str) -> [Point; 2] {
    let p = truth["photos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"] == file)
        .unwrap();
    serde_json::from_value(p["eyes"].clone()).unwrap()
}

fn run(paths: &ProjectPaths, project: &Project) -> Vec<afterglow_core::align::PhotoReport> {
    align_project(paths, project, &|_| {}, &AtomicBool::new(false)).unwrap()
}

#[test]
fn locked_alignments_are_kept_and_the_rest_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut project) = small_demo(
        dir.path(),
        &["IMG_4811.jpg", "IMG_4818.jpg", "IMG_4832.jpg"],
    );
    let reference = project.reference_photo().unwrap().id.clone();
    let by_hand = Alignment {
        concerns: Vec::new(),
        reference_from_photo: Affine2::similarity(1.0, 0.01, 3.0, -2.0),
        method: AlignMethod::Manual,
        score: 0.5,
        comparable: true,
        locked: true,
        reference: Some(reference.clone()),
    };
    let locked_id = project
        .photos
        .iter()
        .find(|p| p.original_name == "IMG_4818.jpg")
        .unwrap()
        .id
        .clone();
    project.photo_mut(&locked_id).unwrap().alignment = Some(by_hand.clone());

    let seen = Mutex::new(Vec::new());
    let reports = align_project(
        &paths,
        &project,
        &|p: Progress| seen.lock().unwrap().push(p),
        &AtomicBool::new(false),
    )
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.last(), Some(&Progress { done: 3, total: 3 }));

    let locked = reports.iter().find(|r| r.id == locked_id).unwrap();
    assert_eq!(locked.outcome, Outcome::Kept);
    let others: Vec<_> = reports.iter().filter(|r| r.id != locked_id).collect();
    assert!(
        others
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Aligned { .. }))
    );
    assert_eq!(new_alignments(&reports).len(), 2);

    // Applying the results leaves the locked photo exactly as it was.
    update_command(&project, &reports)
        .unwrap()
        .apply(&mut project)
        .unwrap();
    assert_eq!(
        project.photo(&locked_id).unwrap().alignment.as_ref(),
        Some(&by_hand)
    );
    let reference_alignment = project
        .photo(&reference)
        .unwrap()
        .alignment
        .clone()
        .unwrap();
    assert_eq!(reference_alignment.reference_from_photo, Affine2::IDENTITY);
    assert_eq!(reference_alignment.reference.as_ref(), Some(&reference));
}

#[test]
fn a_lock_by_the_eyes_follows_a_new_reference() {
    let dir = tempfile::tempdir().unwrap();
    let truth = common::truth();
    let names = ["IMG_4811.jpg", "IMG_4818.jpg", "IMG_4832.jpg"];
    let (paths, mut project) = small_demo(dir.path(), &names);
    for p in &mut project.photos {
        p.eyes = Some(eyes_of(&truth, &p.original_name));
    }
    let id = common::id_named;
    let (old_ref, photo, new_ref) = (
        id(&project, names[0]),
        id(&project, names[1]),
        id(&project, names[2]),
    );
    // Locked by the eyes against the old reference…
    let stale = Alignment {
        concerns: Vec::new(),
        reference_from_photo: Affine2::IDENTITY,
        method: AlignMethod::Landmarks,
        score: 0.9,
        comparable: true,
        locked: true,
        reference: Some(old_ref),
    };
    project.photo_mut(&photo).unwrap().alignment = Some(stale);
    // …and a hand-made lock that cannot be redone.
    let by_hand = Alignment {
        method: AlignMethod::Manual,
        ..project.photo(&photo).unwrap().alignment.clone().unwrap()
    };
    project.photos[0].alignment = Some(by_hand);
    project.reference = Some(new_ref.clone());

    let reports = run(&paths, &project);
    let redone = reports.iter().find(|r| r.id == photo).unwrap();
    let Outcome::Aligned { alignment, .. } = &redone.outcome else {
        panic!("{redone:?}");
    };
    assert!(alignment.locked && alignment.method == AlignMethod::Landmarks);
    assert_eq!(alignment.reference.as_ref(), Some(&new_ref));
    // The eyes land on the new reference's eyes, and the score is the image correlation there.
    let (pe, re) = (eyes_of(&truth, names[1]), eyes_of(&truth, names[2]));
    for (p, r) in pe.iter().zip(&re) {
        assert!(alignment.reference_from_photo.apply(*p).distance(*r) < 1e-6);
    }
    assert!(alignment.score > 0.5, "score {}", alignment.score);
    let hand = reports
        .iter()
        .find(|r| r.id == project.photos[0].id)
        .unwrap();
    assert_eq!(hand.outcome, Outcome::KeptStale);
}

#[test]
fn a_cancelled_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project) = small_demo(dir.path(), &["IMG_4811.jpg", "IMG_4818.jpg"]);
    let reports = align_project(&paths, &project, &|_| {}, &AtomicBool::new(true)).unwrap();
    assert!(reports.iter().all(|r| r.outcome == Outcome::Cancelled));
    assert!(update_command(&project, &reports).is_none());
}

#[test]
fn the_aligned_preview_cache_follows_the_transform() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut project) = small_demo(dir.path(), &["IMG_4811.jpg", "IMG_4818.jpg"]);
    let reports = run(&paths, &project);
    update_command(&project, &reports)
        .unwrap()
        .apply(&mut project)
        .unwrap();
    let photo = project
        .photos
        .iter()
        .find(|p| p.original_name == "IMG_4818.jpg")
        .unwrap()
        .clone();
    let first = aligned_preview_path(&paths, &project, &photo).unwrap();
    assert!(first.exists(), "the run caches the aligned preview");
    let cached = aligned_preview(&paths, &project, &photo).unwrap();
    let reference = project.reference_photo().unwrap();
    assert_eq!(
        cached.image.dimensions(),
        (reference.width.min(2048), reference.height.min(2048))
    );
    assert!(cached.covers(600.0, 800.0));

    // Nudge the alignment: a new file, and the old one is gone.
    let mut nudged = photo.clone();
    let a = nudged.alignment.as_mut().unwrap();
    a.reference_from_photo = Affine2::translation(2.0, 0.0) * a.reference_from_photo;
    *project.photo_mut(&photo.id).unwrap() = nudged.clone();
    let second = aligned_preview_path(&paths, &project, &nudged).unwrap();
    assert_ne!(first, second);
    let again = aligned_preview(&paths, &project, &nudged).unwrap();
    assert!(second.exists() && !first.exists());
    // The nudged preview is the first one shifted two pixels to the right.
    let (x, y) = (600, 800);
    let a = cached.image.get_pixel(x, y).0;
    let b = again.image.get_pixel(x + 2, y).0;
    assert!(
        a.iter().zip(&b).all(|(p, q)| p.abs_diff(*q) <= 12),
        "{a:?} vs {b:?}"
    );
}

#[test]
fn reference_option_makes_another_photo_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project) = small_demo(dir.path(), &["IMG_4811.jpg", "IMG_4818.jpg"]);
    let other = project
        .photos
        .iter()
        .find(|p| p.original_name == "IMG_4818.jpg")
        .unwrap()
        .id
        .clone();
    let out = Command::cargo_bin("afterglow")
        .unwrap()
        .arg("align")
        .arg(&paths.root)
        .arg("--reference")
        .arg(&other.0[..6])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let project = store::load(&paths.root).unwrap();
    assert_eq!(project.reference.as_ref(), Some(&other));
    for p in &project.photos {
        assert_eq!(
            p.alignment.as_ref().unwrap().reference.as_ref(),
            Some(&other)
        );
    }
    let itself = project.photo(&other).unwrap().alignment.clone().unwrap();
    assert_eq!(itself.reference_from_photo, Affine2::IDENTITY);
}
