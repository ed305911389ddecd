//! Where the default regions come from: the reference's face mesh; the eyes marked on it when
//! the marks disagree with the mesh (the user overrode it) or when its pixels cannot be read;
//! an error naming the photo when neither is there.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use afterglow_core::geometry::Point;
use afterglow_core::metrics::{
    PlacedFrom, PlacementError, default_regions_from_eyes, place_default_regions,
};
use afterglow_core::project::Project;
use afterglow_core::store::{self, ProjectPaths};

/// The demo project without regions, the reference's true eyes, and its paths.
fn demo(dir: &std::path::Path) -> (ProjectPaths, Project, [Point; 2]) {
    let root = common::demo_copy(dir);
    let mut project = store::load(&root).unwrap();
    project.regions.clear();
    let truth = common::truth();
    let eyes: Vec<Point> = serde_json::from_value(truth["photos"][0]["eyes"].clone()).unwrap();
    (ProjectPaths::new(&root), project, [eyes[0], eyes[1]])
}

fn mark(project: &mut Project, eyes: [Point; 2]) {
    let id = project.reference_photo().unwrap().id.clone();
    project.photos.iter_mut().find(|p| p.id == id).unwrap().eyes = Some(eyes);
}

#[test]
fn marks_near_the_mesh_keep_the_mesh_and_marks_far_from_it_win() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut project, eyes) = demo(dir.path());
    assert_eq!(
        place_default_regions(&paths, &project).unwrap().from,
        PlacedFrom::FaceMesh
    );
    mark(&mut project, eyes);
    assert_eq!(
        place_default_regions(&paths, &project).unwrap().from,
        PlacedFrom::FaceMesh,
        "marks where the eyes are agree with the mesh"
    );
    // Both marks a third of the eye distance lower: the user says the eyes are elsewhere.
    let drop = 0.33 * eyes[0].distance(eyes[1]);
    let moved = eyes.map(|e| Point::new(e.x, e.y + drop));
    mark(&mut project, moved);
    let placed = place_default_regions(&paths, &project).unwrap();
    assert_eq!(placed.from, PlacedFrom::MarkedEyes);
    assert_eq!(
        placed.regions,
        default_regions_from_eyes(moved, project.next_region_id())
    );
}

#[test]
fn without_pixels_the_marks_still_place_the_regions_and_without_marks_the_photo_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut project, eyes) = demo(dir.path());
    let reference = project.reference_photo().unwrap().clone();
    // The demo ships no preview cache; the original goes too, so nothing can be read.
    let _ = std::fs::remove_file(paths.preview(&reference));
    std::fs::remove_file(paths.original(&reference)).unwrap();
    assert!(!paths.preview(&reference).exists());
    let err = place_default_regions(&paths, &project).unwrap_err();
    assert!(matches!(err, PlacementError::Unreadable { .. }), "{err}");
    assert!(err.to_string().contains(&reference.original_name), "{err}");
    mark(&mut project, eyes);
    assert_eq!(
        place_default_regions(&paths, &project).unwrap().from,
        PlacedFrom::MarkedEyes
    );
}
