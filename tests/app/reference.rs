//! The app keeps the reference when older photos come in, asks, and on "Make the earliest
//! the reference" aligns that photo first so the regions move with it (egui_kittest).

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::{self, OpenProject};
use app_support::project;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn an_older_photo_asks_before_it_becomes_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    // The demo without its baseline photo: IMG_4818 is the reference.
    let mut cut = store::load(&root).unwrap();
    cut.photos.retain(|p| p.original_name != "IMG_4811.jpg");
    store::save(&root, &cut).unwrap();
    let older = dir.path().join("IMG_4811.jpg");
    std::fs::copy(common::sample_photos().join("IMG_4811.jpg"), &older).unwrap();

    let open = OpenProject::open(&root).unwrap();
    let regions = open.project.regions.clone();
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), open),
        1400.0,
    );
    h.step();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(app_support::Dropped(older)));
    app_support::settle_within(&mut h, "the import", 30, |a| {
        a.workspace.as_ref().unwrap().project().photos.len() == cut.photos.len() + 1
    });
    h.step();
    let reference = |h: &egui_kittest::Harness<'_, AfterglowApp>| {
        project(h).reference_photo().unwrap().original_name.clone()
    };
    assert_eq!(
        reference(&h),
        "IMG_4818.jpg",
        "the import kept the reference"
    );
    assert!(
        h.query_by_label_contains("1 photo is older than your reference")
            .is_some()
    );

    h.get_by_label("Make the earliest the reference").click();
    app_support::settle_within(&mut h, "the switch", 60, |a| {
        let p = a.workspace.as_ref().unwrap().project();
        p.reference_photo().unwrap().original_name == "IMG_4811.jpg"
    });
    let moved = project(&h).regions.clone();
    assert_eq!(moved.len(), regions.len());
    assert_ne!(
        moved, regions,
        "the regions moved into the new reference's frame"
    );
    assert!(
        h.query_by_label_contains("older than your reference")
            .is_none()
    );

    // Undo takes the switch back, regions and all, in one step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(reference(&h), "IMG_4818.jpg");
    assert_eq!(project(&h).regions, regions);
}
