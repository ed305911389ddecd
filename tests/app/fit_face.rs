//! "Fit face" (issue 17, item 7): one click, or Shift+F, zooms every pane to the face — around
//! the measurement regions — instead of the whole photo; F fits the whole photo again.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn fit_face_zooms_to_the_regions_and_f_shows_the_whole_photo_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let app = AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    let mut h = app_support::harness_of_height(app, 1000.0);
    h.run_steps(3);
    let view =
        |h: &egui_kittest::Harness<'_, AfterglowApp>| h.state().workspace.as_ref().unwrap().view;
    let whole = view(&h);
    assert!(whole.fit);

    h.get_by_label("Fit face").click();
    h.run_steps(3);
    let face = view(&h);
    assert!(!face.fit);
    assert!(
        face.zoom > 1.3 * whole.zoom,
        "zoomed in: {} against {}",
        face.zoom,
        whole.zoom
    );
    // Centred on the regions (cheeks, forehead, chin): between the cheeks, below the forehead.
    let project = app_support::project(&h);
    let reference = project.reference_photo().unwrap();
    let frame = afterglow_core::reference_frame::ReferenceFrame::of(reference);
    let cheeks: Vec<_> = (project.regions.iter())
        .filter(|r| r.name.contains("cheek"))
        .map(|r| {
            let b = r.shape.bounds();
            let centre = afterglow_core::geometry::Point::new(
                (b.min.x + b.max.x) / 2.0,
                (b.min.y + b.max.y) / 2.0,
            );
            frame.frame_from_reference.apply(centre)
        })
        .collect();
    assert_eq!(cheeks.len(), 2);
    let (lo, hi) = (cheeks[0].x.min(cheeks[1].x), cheeks[0].x.max(cheeks[1].x));
    assert!(
        (lo..=hi).contains(&f64::from(face.centre.x)),
        "centre {:?} between the cheeks {lo}–{hi}",
        face.centre
    );

    h.key_press(Key::F);
    h.run_steps(3);
    assert!(view(&h).fit);
    assert!((view(&h).zoom - whole.zoom).abs() < 1e-3);
    h.key_press_modifiers(Modifiers::SHIFT, Key::F);
    h.run_steps(3);
    assert!(
        (view(&h).zoom - face.zoom).abs() < 1e-3,
        "Shift+F fits the face"
    );
}
