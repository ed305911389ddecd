//! Starting the app without a project: the start screen, or the last project when the user
//! asked for that (egui_kittest).

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use egui_kittest::kittest::Queryable;

#[test]
fn the_last_project_reopens_on_start_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut settings = Settings::default();
    settings.remember(&root);

    // Not asked: the start screen, with the choice on it.
    let mut h = app_support::harness_of_height(AfterglowApp::on_start(settings.clone()), 900.0);
    h.step();
    h.step();
    assert!(h.state().workspace.is_none());
    h.get_by_label("Reopen the last project on start").click();
    h.step();
    assert!(h.state().settings.reopen_last, "the checkbox sets it");

    // Asked: the next start opens the project.
    let settings = h.state().settings.clone();
    let mut h = app_support::harness_of_height(AfterglowApp::on_start(settings), 900.0);
    app_support::settle_within(&mut h, "the project to open", 30, |a| a.workspace.is_some());
    let open = h.state().workspace.as_ref().unwrap();
    assert_eq!(
        open.open.paths.root.canonicalize().unwrap(),
        root.canonicalize().unwrap()
    );

    // A last project that is gone: the start screen, no error.
    std::fs::remove_dir_all(&root).unwrap();
    let settings = h.state().settings.clone();
    let mut h = app_support::harness_of_height(AfterglowApp::on_start(settings), 900.0);
    h.step();
    h.step();
    assert!(h.state().workspace.is_none());
    assert!(h.state().toasts.items().is_empty());
}
