//! Reopening a project brings back where its compare view was left (issue 17, item 2): the
//! photo in every pane, the active pane and the zoom, through the settings file eframe keeps
//! between runs, which holds no photo name for it.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;
use egui_kittest::kittest::Queryable;

#[test]
fn the_panes_and_zoom_come_back_when_the_project_is_opened_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let app = AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    let mut h = app_support::harness_of_height(app, 1000.0);
    h.step();
    let ids: Vec<_> = app_support::project(&h)
        .photos_by_date()
        .into_iter()
        .map(|p| p.id.clone())
        .collect();
    let chosen = [
        Some(ids[3].clone()),
        Some(ids[5].clone()),
        Some(ids[8].clone()),
        None,
    ];
    {
        let ws = h.state_mut().workspace.as_mut().unwrap();
        ws.panes.photos = chosen.clone();
        ws.panes.active = 2;
        ws.view.zoom = 2.5;
        ws.view.centre = egui::pos2(300.0, 420.0);
        ws.view.fit = false;
    }
    h.step();
    h.get_by_label("Close project").click();
    h.run_steps(3);
    assert!(h.state().workspace.is_none(), "the project closed");

    // A new run: the settings as eframe stores them, the project opened again.
    let stored = serde_json::to_string(&h.state().settings).unwrap();
    for photo in &afterglow_core::store::load(&root).unwrap().photos {
        assert!(
            !stored.contains(&photo.original_name),
            "the settings name no photo: {stored}"
        );
    }
    let settings: Settings = serde_json::from_str(&stored).unwrap();
    let app = AfterglowApp::with_project(settings, OpenProject::open(&root).unwrap());
    let mut h = app_support::harness_of_height(app, 1000.0);
    h.step();
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.panes.photos[..3], chosen[..3]);
    assert_eq!(ws.panes.active, 2);
    assert_eq!(ws.view.zoom, 2.5);
    assert_eq!(ws.view.centre, egui::pos2(300.0, 420.0));
}

#[test]
fn a_remembered_photo_that_has_gone_leaves_its_pane_to_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut settings = Settings::default();
    settings.remember(&root);
    let gone = afterglow_core::project::PhotoId("0123456789abcdef".into());
    settings.remember_view(afterglow_app::ProjectView {
        root: root.clone(),
        panes: [Some(gone.clone()), Some(gone), None, None],
        active: 1,
        zoom: f32::NAN,
        centre: [0.0, 0.0],
        fit: false,
    });
    let app = AfterglowApp::with_project(settings, OpenProject::open(&root).unwrap());
    let mut h = app_support::harness_of_height(app, 1000.0);
    h.step();
    let ws = h.state().workspace.as_ref().unwrap();
    let reference = ws.project().reference_photo().unwrap().id.clone();
    assert_eq!(
        ws.panes.photos[0],
        Some(reference),
        "the default: the reference"
    );
    assert!(ws.panes.photos[1].is_some());
    assert!(ws.view.fit, "a zoom that makes no sense is fitted instead");
}
