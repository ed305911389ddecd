//! A sync tool's conflict copy of project.json, seen on open: the app offers to merge it;
//! "Merge it in" brings in what the other machine added as one undoable change and sets the
//! copy aside as NAME.merged (egui_kittest).

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;
use egui_kittest::kittest::Queryable;

const COPY: &str = "project (conflicted copy 2026-05-26).json";

/// The demo, with a conflict copy beside project.json that adds a session and a note.
fn demo_with_conflict_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let root = common::demo_copy(dir);
    let text = std::fs::read_to_string(root.join("project.json")).unwrap();
    let mut other: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut session = other["sessions"][0].clone();
    session["id"] = 99.into();
    session["date"] = "2026-06-20".into();
    session["notes"] = "Added on the laptop".into();
    other["sessions"].as_array_mut().unwrap().push(session);
    other["photos"][0]["annotation"]["note"] = "Written on the laptop".into();
    std::fs::write(
        root.join(COPY),
        serde_json::to_string_pretty(&other).unwrap(),
    )
    .unwrap();
    root
}

#[test]
fn a_conflict_copy_is_offered_merged_in_one_undo_step_and_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    let root = demo_with_conflict_copy(dir.path());
    let sessions = OpenProject::open(&root).unwrap().project.sessions.len();
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap()),
        1000.0,
    );
    app_support::settle_within(&mut h, "the conflict search", 30, |a| {
        !a.workspace.as_ref().unwrap().conflicts.copies.is_empty()
    });
    h.step();
    assert!(
        h.query_by_label_contains("It holds 1 session not in project.json")
            .is_some(),
        "the window says what the copy holds"
    );
    h.get_by_label("Merge it in").click();
    app_support::settle_within(&mut h, "the merge and the set-aside", 30, |a| {
        a.jobs.running().is_empty()
            && a.workspace.as_ref().unwrap().project().sessions.len() == sessions + 1
    });
    let p = app_support::project(&h);
    assert!(p.sessions.iter().any(|s| s.notes == "Added on the laptop"));
    assert_eq!(p.photos[0].annotation.note, "Written on the laptop");
    assert!(!root.join(COPY).exists(), "the copy is set aside");
    assert!(root.join(format!("{COPY}.merged")).is_file());
    assert!(
        h.query_by_label("Merge it in").is_none(),
        "the window closed"
    );

    // One Ctrl+Z takes the whole merge back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.step();
    let p = app_support::project(&h);
    assert_eq!(p.sessions.len(), sessions);
    assert_eq!(p.photos[0].annotation.note, "");
}

#[test]
fn not_now_closes_the_offer_and_leaves_the_copy_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let root = demo_with_conflict_copy(dir.path());
    let before = OpenProject::open(&root).unwrap().project;
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap()),
        1000.0,
    );
    app_support::settle_within(&mut h, "the conflict search", 30, |a| {
        !a.workspace.as_ref().unwrap().conflicts.copies.is_empty()
    });
    h.step();
    h.get_by_label("Not now").click();
    h.step();
    h.step();
    assert!(h.query_by_label("Merge it in").is_none());
    assert_eq!(app_support::project(&h).sessions, before.sessions);
    assert!(root.join(COPY).is_file(), "the copy stays for next time");
}
