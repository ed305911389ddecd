//! The reference never moves by itself: importing photos older than it keeps it (and says
//! so), and choosing another one carries the regions into its frame, onto the same skin.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{Project, Shape};
use afterglow_core::store;

/// The demo cut to three photos taken after its baseline, aligned afresh (to IMG_4818, the
/// earliest of them) with the default regions placed on that reference's face.
fn project_after_the_baseline(dir: &Path) -> PathBuf {
    let root = common::demo_copy(dir);
    let mut project = store::load(&root).unwrap();
    let keep = ["IMG_4818.jpg", "IMG_4832.jpg", "IMG_4839.jpg"];
    project
        .photos
        .retain(|p| keep.contains(&p.original_name.as_str()));
    project.reference = None;
    project.regions.clear();
    for p in &mut project.photos {
        p.alignment = None;
    }
    store::save(&root, &project).unwrap();
    common::afterglow()
        .arg("align")
        .arg(&root)
        .assert()
        .success();
    root
}

fn named<'a>(project: &'a Project, name: &str) -> &'a afterglow_core::project::Photo {
    (project.photos.iter())
        .find(|p| p.original_name == name)
        .unwrap()
}

fn centre(shape: &Shape) -> Point {
    match shape {
        Shape::Ellipse { centre, .. } => *centre,
        Shape::Polygon { .. } => panic!("the default regions are ellipses"),
    }
}

/// The generator's own transform from a photo's pixels onto the baseline's (IMG_4811).
fn true_baseline_from(file: &str) -> Affine2 {
    let truth = common::truth();
    let photo = (truth["photos"].as_array().unwrap().iter())
        .find(|p| p["file"] == file)
        .unwrap();
    serde_json::from_value(photo["reference_from_photo"].clone()).unwrap()
}

#[test]
fn importing_an_older_photo_keeps_the_reference_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_after_the_baseline(dir.path());
    let before = store::load(&root).unwrap();
    assert_eq!(
        before.reference_photo().unwrap().original_name,
        "IMG_4818.jpg"
    );
    assert!(!before.regions.is_empty());

    let out = common::afterglow()
        .arg("import")
        .arg(&root)
        .arg(common::sample_photos().join("IMG_4811.jpg"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("imported: "), "{stdout}");
    assert!(
        stdout.contains("1 photo is older than the reference (IMG_4818.jpg)"),
        "{stdout}"
    );

    let after = store::load(&root).unwrap();
    assert_eq!(after.photos.len(), 4);
    assert_eq!(
        after.reference_photo().unwrap().original_name,
        "IMG_4818.jpg"
    );
    assert_eq!(
        after.regions, before.regions,
        "the regions stay on their skin"
    );
    let (a, b) = (
        named(&before, "IMG_4839.jpg"),
        named(&after, "IMG_4839.jpg"),
    );
    assert_eq!(a.alignment, b.alignment, "the others stay aligned");
}

#[test]
fn making_the_earliest_the_reference_carries_the_regions_onto_the_same_skin() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_after_the_baseline(dir.path());
    let before = store::load(&root).unwrap();

    let out = common::afterglow()
        .arg("import")
        .arg(&root)
        .arg(common::sample_photos().join("IMG_4811.jpg"))
        .args(["--reference", "earliest"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("IMG_4811.jpg is the reference now"),
        "{stdout}"
    );

    let after = store::load(&root).unwrap();
    assert_eq!(
        after.reference_photo().unwrap().original_name,
        "IMG_4811.jpg"
    );
    // Every region moved from IMG_4818's frame into IMG_4811's as the generator moved the
    // skin itself.
    let new_from_old = true_baseline_from("IMG_4818.jpg");
    assert_eq!(after.regions.len(), before.regions.len());
    for (old, new) in before.regions.iter().zip(&after.regions) {
        let expected = new_from_old.apply(centre(&old.shape));
        let miss = centre(&new.shape).distance(expected);
        assert!(miss < 2.0, "{}: {miss:.2} px from the same skin", new.name);
    }
}
