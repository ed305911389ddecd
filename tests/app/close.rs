//! Nothing typed is lost on close: a guide draft makes the top bar say so, and Close project
//! asks — Save keeps it in the project on disk, Discard drops it, Keep editing stays
//! (egui_kittest).

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::{self, OpenProject};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The demo open, with the guide edited to 42 days between sessions but not saved.
fn with_guide_draft(root: &std::path::Path) -> Harness<'static, AfterglowApp> {
    let open = OpenProject::open(root).unwrap();
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), open),
        1000.0,
    );
    h.step();
    let ws = h.state_mut().workspace.as_mut().unwrap();
    let mut draft = ws.project().guide.clone();
    draft.session_interval_days = 42;
    ws.analysis.guide.guide = Some(draft);
    h.step();
    h.step();
    h
}

/// A few frames: the click, the action after it, the window's sizing pass, the window.
fn steps(h: &mut Harness<'static, AfterglowApp>) {
    for _ in 0..4 {
        h.step();
    }
}

#[test]
fn closing_with_a_guide_draft_asks_and_save_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut h = with_guide_draft(&root);
    assert!(
        h.query_by_label("Draft not saved").is_some(),
        "the top bar says so"
    );
    assert!(h.query_by_label("Saved").is_none());

    h.get_by_label("Close project").click();
    steps(&mut h);
    assert!(
        h.state().workspace.is_some(),
        "not closed before the answer"
    );
    assert!(
        h.query_by_label_contains("Not saved yet: the guide's changes")
            .is_some()
    );
    h.get_by_label("Keep editing").click();
    steps(&mut h);
    assert!(h.state().workspace.is_some());
    assert!(
        h.query_by_label_contains("Not saved yet: the guide")
            .is_none()
    );

    h.get_by_label("Close project").click();
    steps(&mut h);
    h.get_by_label("Save").click();
    app_support::settle_within(&mut h, "the project to close", 30, |a| {
        a.workspace.is_none()
    });
    assert_eq!(store::load(&root).unwrap().guide.session_interval_days, 42);
}

#[test]
fn discard_closes_without_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let before = store::load(&root).unwrap().guide;
    let mut h = with_guide_draft(&root);
    h.get_by_label("Close project").click();
    steps(&mut h);
    h.get_by_label("Discard").click();
    app_support::settle_within(&mut h, "the project to close", 30, |a| {
        a.workspace.is_none()
    });
    assert_eq!(store::load(&root).unwrap().guide, before);
}

#[test]
fn esc_answers_the_close_question_with_keep_editing_then_closes_other_dialogs() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut h = with_guide_draft(&root);
    h.get_by_label("Close project").click();
    steps(&mut h);
    assert!(
        h.query_by_label_contains("Not saved yet: the guide's changes")
            .is_some()
    );
    h.key_press(egui::Key::Escape);
    steps(&mut h);
    assert!(
        h.state().workspace.is_some(),
        "still open: Esc keeps editing"
    );
    assert!(
        h.query_by_label_contains("Not saved yet: the guide")
            .is_none()
    );
    assert_ne!(
        store::load(&root).unwrap().guide.session_interval_days,
        42,
        "nothing saved by Esc"
    );

    // The export dialog, then the list of files an import refused.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    steps(&mut h);
    assert!(h.state().workspace.as_ref().unwrap().export.is_some());
    h.key_press(egui::Key::Escape);
    steps(&mut h);
    assert!(h.state().workspace.as_ref().unwrap().export.is_none());
    h.state_mut().workspace.as_mut().unwrap().rejected = vec!["notes.txt: not a photo".to_owned()];
    steps(&mut h);
    assert!(h.query_by_label("1 file was not imported").is_some());
    h.key_press(egui::Key::Escape);
    steps(&mut h);
    assert!(h.query_by_label("1 file was not imported").is_none());
}
