//! Photos dated only by their file names, in the app (egui_kittest; issue 17.6): the details
//! show the date without an invented "00:00" and place the photo by calendar day (the
//! session's own day is the session day, the next day is day 1 without "session day"), the
//! timeline says the same, and correcting the date keeps or clears date-only, undoably.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::project::{PhotoId, Project};
use afterglow_core::store::OpenProject;
use app_support::{label_of, project};
use egui::{Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness(root: &std::path::Path) -> Harness<'static, AfterglowApp> {
    let open = OpenProject::open(root).unwrap();
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), open),
        1600.0,
    );
    h.step();
    h
}

fn id_of(p: &Project, name: &str) -> PhotoId {
    common::id_named(p, name)
}

/// Clicks the photo's library tile and lets the details panel follow.
fn open_in_details(h: &mut Harness<'static, AfterglowApp>, id: &PhotoId) {
    let label = label_of(project(h), id);
    h.get_by_role_and_label(Role::Button, &label).click();
    h.step();
    h.step();
    assert_eq!(h.state().workspace.as_ref().unwrap().focused(), Some(id));
}

/// The text of every label on screen, for assertions on what is shown and what is not
/// (AccessKit keeps a label's text in its value).
fn labels(h: &Harness<'static, AfterglowApp>) -> Vec<String> {
    h.query_all_by_role(Role::Label)
        .filter_map(|n| n.accesskit_node().value())
        .collect()
}

#[test]
fn details_and_timeline_show_a_day_only_photo_by_calendar_day_without_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::project_with_day_only_photos(dir.path());
    let mut h = harness(&root);
    let p = project(&h).clone();
    let session_day = id_of(&p, "2026-01-01.jpg");
    let next_day = id_of(&p, "2026-01-02.jpg");
    assert_eq!(
        label_of(&p, &session_day),
        "Session 1 · day 0 · 1 Jan 2026",
        "the 14:00 session's own day, not before it"
    );

    open_in_details(&mut h, &next_day);
    h.get_by_label("Photo").click();
    h.step();
    h.step();
    let shown = labels(&h);
    assert!(shown.iter().any(|l| l == "2 Jan 2026"), "{shown:?}");
    assert!(
        !shown.iter().any(|l| l.contains("00:00")),
        "no invented time: {shown:?}"
    );
    let heading = shown
        .iter()
        .find(|l| l.starts_with("Day 1 after session 1"))
        .unwrap_or_else(|| panic!("the guide's heading: {shown:?}"));
    assert!(
        !heading.contains("first 24 h"),
        "a day-1 photo without a time is not counted in the session's first 24 h: {heading}"
    );
    assert!(
        !shown.iter().any(|l| l.starts_with("Taken ")),
        "no hour count: {shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|l| l.starts_with("Only the date is known"))
    );

    open_in_details(&mut h, &session_day);
    let shown = labels(&h);
    assert!(
        shown
            .iter()
            .any(|l| l.starts_with("Day of session 1 — first 24 h after it")),
        "{shown:?}"
    );

    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.step();
    h.step();
    for (id, label) in [
        (&session_day, "Session 1 · day 0 · 1 Jan 2026 (timeline)"),
        (&next_day, "Session 1 · day 1 · 2 Jan 2026 (timeline)"),
    ] {
        assert!(
            h.query_by_role_and_label(Role::Button, label).is_some(),
            "{id}: {label}"
        );
    }
}

#[test]
fn correcting_the_date_keeps_date_only_unless_a_time_is_set_and_undo_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::project_with_day_only_photos(dir.path());
    let mut h = harness(&root);
    let next_day = id_of(project(&h), "2026-01-02.jpg");
    open_in_details(&mut h, &next_day);
    h.get_by_label("Photo").click();
    h.step();
    h.step();

    // Opened on a date-only photo, the correction starts with the time off.
    h.get_by_label("Correct the date…").click();
    h.step();
    h.step();
    let time_known = h.get_by_label("Time known");
    assert_eq!(
        time_known.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False)
    );
    time_known.click();
    h.step();
    h.get_by_label("Set date").click();
    h.step();
    h.step();
    let photo = project(&h).photo(&next_day).unwrap().clone();
    assert!(!photo.date_only, "a time was set");
    assert_eq!(photo.taken_at.to_string(), "2026-01-02 12:00:00");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    let photo = project(&h).photo(&next_day).unwrap().clone();
    assert!(photo.date_only, "undo brings the date-only date back");
    assert_eq!(photo.taken_at.to_string(), "2026-01-02 00:00:00");

    // Setting only a day keeps the photo date-only.
    h.get_by_label("Correct the date…").click();
    h.step();
    h.step();
    h.get_by_label("Set date").click();
    h.step();
    h.step();
    let photo = project(&h).photo(&next_day).unwrap().clone();
    assert!(photo.date_only);
    assert_eq!(photo.taken_at.to_string(), "2026-01-02 00:00:00");
}
