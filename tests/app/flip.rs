//! Flip in the photo's details (issue 14, mirrored selfies), driven like a user would: the
//! photo is aligned again mirrored on a worker, locked, said to be mirrored, labelled for undo,
//! and Undo gives back exactly the alignment it had.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;
use app_support::project;
use egui_kittest::kittest::Queryable;

const MIRRORED: &str = "Mirrored; shown the right way round.";

#[test]
fn flip_aligns_the_photo_mirrored_and_undo_gives_the_alignment_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), open),
        3200.0,
    );
    h.step();
    let id = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .focused()
        .unwrap()
        .clone();
    let before = project(&h).photo(&id).unwrap().alignment.clone().unwrap();
    assert!(
        !before.is_mirrored(),
        "the sample's photos are not mirrored"
    );
    assert!(h.query_by_label(MIRRORED).is_none());

    h.get_by_label("Flip").click();
    app_support::settle_within(&mut h, "the flipped alignment", 120, |a| {
        a.workspace
            .as_ref()
            .unwrap()
            .open
            .project
            .photo(&id)
            .and_then(|p| p.alignment.as_ref())
            .is_some_and(|a| a.is_mirrored())
    });
    h.step();
    let flipped = project(&h).photo(&id).unwrap().alignment.clone().unwrap();
    assert!(flipped.locked, "the user's choice is kept by later runs");
    assert!(flipped.reference_from_photo.determinant() < 0.0);
    assert!(h.query_by_label(MIRRORED).is_some(), "the details say so");
    assert_eq!(
        h.state().workspace.as_ref().unwrap().history.undo_label(),
        Some("flip photo")
    );

    h.get_by_label("Undo").click();
    h.step();
    h.step();
    assert_eq!(
        project(&h).photo(&id).unwrap().alignment.as_ref(),
        Some(&before),
        "undo gives back exactly the alignment before Flip"
    );
    assert!(h.query_by_label(MIRRORED).is_none());
}
