//! One neutral patch for every photo (issue 17, item 4): a patch marked on the reference is
//! carried through the alignments to the other photos of its view, checked on each, and
//! stored as one undoable change; photos it does not suit are named with the reason.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::geometry::Point;
use afterglow_core::project::{Command, Rect};
use afterglow_core::store::OpenProject;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn a_patch_on_the_reference_is_carried_to_every_photo_with_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let app = AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    let mut h = app_support::harness_of_height(app, 1000.0);
    h.run_steps(3);
    let project = app_support::project(&h).clone();
    let reference = project.reference_photo().unwrap().clone();
    // The plain wall left of the head, a tenth of the photo in from its edge.
    let (w, hgt) = (f64::from(reference.width), f64::from(reference.height));
    let patch = Rect {
        min: Point::new(0.08 * w, 0.16 * hgt),
        max: Point::new(0.16 * w, 0.24 * hgt),
    };
    {
        let ws = h.state_mut().workspace.as_mut().unwrap();
        let mut p = reference.clone();
        p.white_patch = Some(patch);
        ws.apply(Command::UpdatePhoto(Box::new(p))).unwrap();
        // The reference in the active pane, so its details show.
        ws.panes.photos[ws.panes.active] = Some(reference.id.clone());
    }
    h.run_steps(3);
    h.get_by_label("Use on every photo").click();
    app_support::settle_within(&mut h, "the patch to be checked on every photo", 120, |a| {
        !a.toasts.items().is_empty()
    });
    let toast = format!("{:?}", h.state().toasts.items());
    let with_patch = |h: &egui_kittest::Harness<'_, AfterglowApp>| {
        app_support::project(h)
            .photos
            .iter()
            .filter(|p| p.white_patch.is_some())
            .count()
    };
    let others = project.photos.len() - 1;
    println!("{toast}");
    assert!(
        with_patch(&h) > others / 2,
        "most photos took the patch ({} of {others}): {toast}",
        with_patch(&h) - 1
    );
    assert!(toast.contains("Neutral patch set on"), "{toast}");
    // Every photo that took it has it on the same wall: its patch, carried back through its
    // alignment, lands on the reference's (within a quarter of the patch's width).
    let now = app_support::project(&h).clone();
    let centre = |r: &Rect| Point::new((r.min.x + r.max.x) / 2.0, (r.min.y + r.max.y) / 2.0);
    let tolerance = 0.25 * (patch.max.x - patch.min.x);
    for p in now.photos.iter().filter(|p| p.id != reference.id) {
        if let Some(r) = &p.white_patch {
            let t =
                afterglow_core::reference_frame::reference_from_photo(&now, &reference, p).unwrap();
            let back = t.apply(centre(r));
            assert!(
                back.distance(centre(&patch)) < tolerance,
                "{}: its patch lands at {back:?}, the reference's at {:?}",
                p.original_name,
                centre(&patch)
            );
        }
    }
    // One undo step takes every carried patch back, the reference's own stays.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(with_patch(&h), 1);
}
