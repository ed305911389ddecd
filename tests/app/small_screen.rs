//! The app on a small screen (issue 17, item 1): at 1024×700 every top-bar action can be
//! reached (in the bar, or in its "More" menu) and nothing in the bar overlaps; the side
//! panels hide and come back, by their buttons and by F7 / F8, giving the photos the width.

use crate::common;

use afterglow_app::{AfterglowApp, Settings};
use afterglow_core::store::OpenProject;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const MORE: &str = "More ☰";
/// Always in the bar.
const BAR: [&str; 8] = [
    "Compare",
    "Sessions",
    "Timeline",
    "Measurements",
    "Guide",
    "Undo",
    "Redo",
    "Saved",
];
/// In the bar when it is wide enough, else under "More".
const ACTIONS: [&str; 5] = [
    "Align all photos",
    "Export…",
    "Keys",
    "About",
    "Close project",
];

fn sample_at(dir: &std::path::Path, size: [f32; 2]) -> Harness<'static, AfterglowApp> {
    let root = common::demo_copy(dir);
    let app = AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut AfterglowApp| app.frame(ui), app);
    h.step();
    h.step();
    h
}

/// The bar's widgets: every one inside the window's width, in the top 50 points, and no two
/// overlapping.
fn assert_laid_out_in_one_row(h: &Harness<'_, AfterglowApp>, labels: &[&str], width: f32) {
    let rects: Vec<(&str, egui::Rect)> = labels
        .iter()
        .map(|l| (*l, h.get_by_label(l).rect()))
        .collect();
    for (label, r) in &rects {
        assert!(
            r.min.x >= 0.0 && r.max.x <= width && r.max.y <= 50.0,
            "{label} at {r:?} is outside the bar of a {width}-point window"
        );
    }
    for (i, (a, ra)) in rects.iter().enumerate() {
        for (b, rb) in &rects[i + 1..] {
            assert!(
                !ra.shrink(0.5).intersects(rb.shrink(0.5)),
                "{a} at {ra:?} overlaps {b} at {rb:?}"
            );
        }
    }
}

#[test]
fn at_1024_by_700_every_top_bar_action_is_reachable_and_nothing_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_at(dir.path(), [1024.0, 700.0]);
    let mut bar: Vec<&str> = BAR.to_vec();
    bar.push(MORE);
    assert_laid_out_in_one_row(&h, &bar, 1024.0);
    // The actions that did not fit are in the menu, and work from there.
    for action in ACTIONS {
        assert!(
            h.query_by_label(action).is_none(),
            "{action} is in the bar although More holds it"
        );
    }
    h.get_by_label(MORE).click();
    h.run_steps(3);
    for action in ACTIONS {
        h.get_by_label(action);
    }
    h.get_by_label("Export…").click();
    h.run_steps(3);
    assert!(
        h.state().workspace.as_ref().unwrap().export.is_some(),
        "Export… from the More menu opens the export dialog"
    );
}

#[test]
fn a_wide_window_shows_every_action_in_the_bar() {
    let dir = tempfile::tempdir().unwrap();
    let h = sample_at(dir.path(), [1920.0, 1080.0]);
    assert!(h.query_by_label(MORE).is_none());
    let mut bar: Vec<&str> = BAR.to_vec();
    bar.extend(ACTIONS);
    assert_laid_out_in_one_row(&h, &bar, 1920.0);
}

#[test]
fn the_side_panels_hide_and_come_back_by_button_and_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_at(dir.path(), [1024.0, 700.0]);
    let compare_width = |h: &Harness<'_, AfterglowApp>| h.get_by_label("Side by side").rect();
    let before = compare_width(&h);
    // Hidden by its button: the library's contents go, the compare view starts further left.
    h.get_by_label("Hide the library").click();
    h.run_steps(3);
    assert!(h.query_by_label("Import photos…").is_none());
    assert!(!h.state().settings.view.show_library);
    assert!(compare_width(&h).min.x < before.min.x - 100.0);
    h.get_by_label("Show the library").click();
    h.run_steps(3);
    h.get_by_label("Import photos…");
    assert!(h.state().settings.view.show_library);

    // The details by F8, twice.
    h.get_by_label("Annotation");
    h.key_press(Key::F8);
    h.run_steps(3);
    assert!(h.query_by_label("Annotation").is_none());
    assert!(!h.state().settings.view.show_details);
    h.get_by_label("Show the details");
    h.key_press(Key::F8);
    h.run_steps(3);
    h.get_by_label("Annotation");
    // F7 hides the library too.
    h.key_press(Key::F7);
    h.run_steps(3);
    assert!(h.query_by_label("Import photos…").is_none());
}

#[test]
fn another_photo_starts_its_details_at_the_top_and_the_library_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_at(dir.path(), [1024.0, 700.0]);
    // Scroll the details down, past their first section.
    let annotation = h.get_by_label("Annotation").rect();
    h.hover_at(egui::pos2(900.0, 400.0));
    for _ in 0..10 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -120.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
    }
    h.run_steps(2);
    assert!(
        h.query_by_label("Annotation")
            .is_none_or(|n| n.rect().top() < annotation.top() - 100.0),
        "the details scrolled"
    );
    // The photo before (Left): its details start at the top again, and its tile is in view.
    h.hover_at(egui::pos2(600.0, 400.0));
    h.key_press(Key::ArrowLeft);
    h.run_steps(3);
    let now = h.get_by_label("Annotation").rect();
    assert!(
        (now.top() - annotation.top()).abs() < 2.0,
        "back at the top: {now:?} against {annotation:?}"
    );
    let ws = h.state().workspace.as_ref().unwrap();
    let focused = ws.focused().unwrap().clone();
    let label = ws.index.entry(&focused).unwrap().label.clone();
    let tile = h
        .get_by_role_and_label(egui::accesskit::Role::Button, &label)
        .rect();
    assert!(
        tile.top() >= 0.0 && tile.bottom() <= 700.0,
        "the library shows {label} at {tile:?}"
    );
}

#[test]
fn the_sessions_tab_stacks_its_list_and_editor_on_a_narrow_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = sample_at(dir.path(), [1024.0, 700.0]);
    h.get_by_label("Sessions").click();
    h.run_steps(3);
    // With both side panels open the tab is ~450 points wide: the hint goes above the list
    // (it used to sit in a second column, over the first card's Remove button).
    let hint = h
        .get_by_label("Choose Edit on a session to change it.")
        .rect();
    let edits = h.get_all_by_label("Edit").collect::<Vec<_>>();
    let removes = h.get_all_by_label("Remove").collect::<Vec<_>>();
    assert_eq!((edits.len(), removes.len()), (3, 3), "a card per session");
    for button in edits.iter().chain(&removes) {
        let r = button.rect();
        assert!(
            r.top() >= hint.bottom(),
            "{r:?} beside or under the hint at {hint:?}, not below it"
        );
        assert!(r.max.x <= 720.0, "{r:?} runs under the details panel");
    }
    // Edit shows the editor above the list, in view.
    edits[0].click();
    h.run_steps(3);
    let save = h.get_by_label("Save session").rect();
    assert!(
        save.bottom() < 700.0,
        "the editor's Save is on screen: {save:?}"
    );
}
