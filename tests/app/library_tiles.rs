//! A library thumbnail is more than a click target (issue 17, item 7): it can be dragged into
//! any pane, and its right-click menu shows it in a chosen pane, makes it the reference,
//! excludes or includes it (one undo step), and shows its file.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

fn sample(dir: &std::path::Path) -> egui_kittest::Harness<'static, AfterglowApp> {
    let root = common::demo_copy(dir);
    let app = AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    let mut h = app_support::harness_of_height(app, 1000.0);
    h.run_steps(3);
    h
}

#[test]
fn a_thumbnail_dragged_onto_a_pane_is_shown_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample(dir.path());
    let project = app_support::project(&h).clone();
    let photo = &project.photos_by_date()[4].id;
    let label = app_support::label_of(&project, photo);
    assert_ne!(
        h.state().workspace.as_ref().unwrap().panes.photos[0].as_ref(),
        Some(photo)
    );

    let from = h
        .get_by_role_and_label(Role::Button, &label)
        .rect()
        .center();
    let pane = h
        .get_by(|n| n.label().is_some_and(|l| l.starts_with("Pane 1 ·")))
        .rect()
        .center();
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for k in 1..=5 {
        h.hover_at(from + (pane - from) * (k as f32 / 5.0));
        h.step();
    }
    h.drop_at(pane);
    h.run_steps(3);
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(
        ws.panes.photos[0].as_ref(),
        Some(photo),
        "dropped into pane 1"
    );
    assert_eq!(ws.panes.active, 0);
}

#[test]
fn the_thumbnail_menu_shows_in_a_pane_and_excludes_with_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample(dir.path());
    let project = app_support::project(&h).clone();
    let photo = project.photos_by_date()[6].id.clone();
    let label = app_support::label_of(&project, &photo);

    h.get_by_role_and_label(Role::Button, &label)
        .click_secondary();
    h.run_steps(2);
    h.get_by_label("Show in pane 2").click();
    h.run_steps(2);
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.panes.photos[1].as_ref(), Some(&photo));
    assert_eq!(ws.panes.active, 1);

    h.get_by_role_and_label(Role::Button, &label)
        .click_secondary();
    h.run_steps(2);
    h.get_by_label("Exclude from comparisons").click();
    h.run_steps(2);
    assert!(app_support::project(&h).photo(&photo).unwrap().excluded);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(!app_support::project(&h).photo(&photo).unwrap().excluded);

    // Show file: asks for the folder that holds the original (opening it is the desktop's).
    h.get_by_role_and_label(Role::Button, &label)
        .click_secondary();
    h.run_steps(2);
    h.get_by_label("Show file");
}
