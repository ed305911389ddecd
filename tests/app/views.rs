//! Views in the app, driven like a user would (egui_kittest): the library names a side view
//! and can show one view; picking a side view's photo brings the other pane into that view;
//! the View menu in the photo's details sets a view by hand and Undo takes it back.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::project::{PhotoId, View};
use afterglow_core::store::OpenProject;
use app_support::{label_of, project};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

fn pane_views(h: &egui_kittest::Harness<'_, AfterglowApp>) -> Vec<Option<View>> {
    let ws = h.state().workspace.as_ref().unwrap();
    ws.panes.photos[..2]
        .iter()
        .map(|id| {
            id.as_ref()
                .and_then(|id| ws.project().photo(id))
                .map(|p| p.view())
        })
        .collect()
}

#[test]
fn a_side_view_is_named_filtered_kept_apart_and_set_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut open = OpenProject::open_for_writing(&root).unwrap();
    // The latest two photos, said (as if measured) to be turned 40° to the person's right.
    let by_date: Vec<PhotoId> = open
        .project
        .photos_by_date()
        .iter()
        .map(|p| p.id.clone())
        .collect();
    let (side_a, side_b) = (
        by_date[by_date.len() - 2].clone(),
        by_date[by_date.len() - 1].clone(),
    );
    for id in [&side_a, &side_b] {
        open.project.photo_mut(id).unwrap().face_yaw = Some(-40.0);
    }
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), open),
        1600.0,
    );
    h.step();
    // Opened on the main view: neither pane shows a side view.
    assert_eq!(pane_views(&h), vec![Some(View::Front), Some(View::Front)]);

    // The library names the side view under the thumbnail and offers to show one view.
    let label = label_of(project(&h), &side_b);
    h.get_by_label(&label).click();
    h.step();
    h.step();
    assert_eq!(
        pane_views(&h),
        vec![Some(View::Left45), Some(View::Left45)],
        "picking a side view brings the other pane into it"
    );
    {
        let ws = h.state().workspace.as_ref().unwrap();
        assert_eq!(
            ws.panes.photos[0].as_ref(),
            Some(&side_a),
            "the view's reference"
        );
    }
    h.get_by_label("Show").click();
    h.step();
    h.step();
    h.get_by_label("left 45°").click();
    h.step();
    assert_eq!(
        h.state().workspace.as_ref().unwrap().library_view,
        Some(View::Left45)
    );

    // The photo's view set by hand in its details, then undone.
    h.get_by_label("Photo").click();
    h.step();
    h.get_by_label("View").click();
    h.step();
    h.step();
    h.get_by_label("front").click();
    h.step();
    h.step();
    assert_eq!(
        project(&h).photo(&side_b).unwrap().view_set,
        Some(View::Front)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(project(&h).photo(&side_b).unwrap().view_set, None);
}
