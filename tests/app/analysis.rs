//! The analysis tabs driven like a user would (egui_kittest, no GPU): the timeline's photo
//! markers open photos in the compare view, the Measurements tab measures on a worker and
//! shows charts, values and remarks (or says what is missing), and guide edits are one
//! undoable change each.

use crate::{app_support, common, metrics_support};

use afterglow_app::{AfterglowApp, CentralTab, RednessMeasure, Settings, ToastKind};
use afterglow_core::store::{self, OpenProject};
use app_support::{label_of, project};
use egui::{Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness(app: AfterglowApp) -> Harness<'static, AfterglowApp> {
    app_support::harness_of_height(app, 1800.0)
}

fn settle(h: &mut Harness<'_, AfterglowApp>, what: &str, done: impl Fn(&AfterglowApp) -> bool) {
    app_support::settle_within(h, what, 120, done);
}

fn no_error_toasts(h: &Harness<'_, AfterglowApp>) {
    let errors: Vec<_> = h
        .state()
        .toasts
        .items()
        .iter()
        .filter(|t| t.kind == ToastKind::Error)
        .collect();
    assert!(errors.is_empty(), "error toasts: {errors:?}");
}

/// The demo project, aligned with the generator's true transforms and the reference's eyes
/// marked (whatever state the checked-in demo is in), opened in the app.
fn aligned_app(dir: &std::path::Path) -> AfterglowApp {
    let (paths, _, _) = metrics_support::aligned_demo(dir, false);
    let open = OpenProject::open(&paths.root).unwrap();
    AfterglowApp::with_project(Settings::default(), open)
}

#[test]
fn clicking_a_photo_on_the_timeline_shows_it_in_compare() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.get_by_role_and_label(Role::Button, "Timeline").click();
    h.step();
    h.step();
    assert_eq!(
        h.state().workspace.as_ref().unwrap().tab,
        CentralTab::Timeline
    );

    // Every photo has a marker (the whole course fits at first).
    let p = project(&h).clone();
    let markers = h
        .query_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.ends_with(" (timeline)"))
        })
        .count();
    assert_eq!(markers, p.photos.len(), "one marker per photo");

    // A photo whose label is unique, not already in the active pane.
    let ws = h.state().workspace.as_ref().unwrap();
    let active = ws.focused().cloned();
    let target = p
        .photos_by_date()
        .into_iter()
        .map(|ph| (ph.id.clone(), label_of(&p, &ph.id)))
        .find(|(id, label)| {
            Some(id) != active.as_ref()
                && p.photos
                    .iter()
                    .filter(|o| &label_of(&p, &o.id) == label)
                    .count()
                    == 1
                && label.starts_with("Session 2")
        })
        .expect("a session-2 photo with a unique label");
    h.get_by_role_and_label(Role::Button, &format!("{} (timeline)", target.1))
        .click();
    h.step();
    h.step();
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.tab, CentralTab::Compare, "the click switches to Compare");
    assert_eq!(
        ws.focused(),
        Some(&target.0),
        "the photo is in the active pane"
    );
    no_error_toasts(&h);
}

#[test]
fn measurements_tab_measures_on_a_worker_and_shows_charts_values_and_remarks() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(aligned_app(dir.path()));
    h.step();
    h.get_by_role_and_label(Role::Button, "Measurements")
        .click();
    h.step();
    // The first frame of the tab starts the job; the UI thread does not measure.
    h.step();
    assert!(
        h.state()
            .workspace
            .as_ref()
            .unwrap()
            .analysis
            .measure
            .job
            .is_some()
            || h.state()
                .workspace
                .as_ref()
                .unwrap()
                .analysis
                .measure
                .result
                .is_some(),
        "a measurement was started"
    );
    settle(&mut h, "the measurements", |a| {
        a.workspace
            .as_ref()
            .unwrap()
            .analysis
            .measure
            .result
            .is_some()
    });
    h.step();
    h.step();
    let (rows, remark) = {
        let m = h
            .state()
            .workspace
            .as_ref()
            .unwrap()
            .analysis
            .measure
            .result
            .as_ref()
            .unwrap();
        let measured = m.rows.iter().filter(|r| r.a_star.is_some()).count();
        assert!(
            measured >= project(&h).photos.len() * 2,
            "every aligned photo measured in its regions: {measured} rows with values"
        );
        (m.rows.clone(), m.charts.remarks.first().cloned())
    };

    // Charts, the table and the remarks are on screen.
    assert!(h.query_by_label("Redness (a*)").is_some());
    assert!(h.query_by_label("Texture (roughness index)").is_some());
    assert!(
        h.query_by_label("Pigmentation (melanin index; higher is darker)")
            .is_some()
    );
    assert!(h.query_by_label_contains("photos measured in").is_some());
    let first = &rows[0];
    let label = format!(
        "{} · {}",
        first.label,
        first.taken_at.date().format("%-d %b %Y")
    );
    assert!(
        h.query_all_by_role_and_label(Role::Label, &label).count() >= 1,
        "the table lists {label:?}"
    );
    if let Some(r) = remark {
        assert!(
            h.query_by_label(&r.text).is_some(),
            "remark shown: {}",
            r.text
        );
    }

    // Erythema index instead of a*, and the change from the baseline.
    h.get_by_role_and_label(Role::Button, "EI").click();
    h.step();
    h.step();
    assert_eq!(
        h.state().settings.analysis.redness,
        RednessMeasure::ErythemaIndex
    );
    assert!(h.query_by_label("Redness (erythema index)").is_some());
    h.get_by_label("Change from baseline").click();
    h.step();
    h.step();
    assert!(h.state().settings.analysis.change_from_baseline);
    assert!(
        h.query_by_label("Redness (erythema index): change from baseline, units")
            .is_some()
    );

    // Clicking a photo in the table shows it in Compare.
    h.get_all_by_role_and_label(Role::Label, &label)
        .next()
        .unwrap()
        .click();
    h.step();
    h.step();
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.tab, CentralTab::Compare);
    assert_eq!(ws.focused(), Some(&first.photo));
    no_error_toasts(&h);
}

#[test]
fn measurements_say_what_is_missing_instead_of_measuring() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut p, _) = metrics_support::aligned_demo(dir.path(), false);
    // Eyes on the reference (so regions can be placed) but no photo aligned.
    for photo in &mut p.photos {
        photo.alignment = None;
    }
    store::save(&paths.root, &p).unwrap();
    let open = OpenProject::open(&paths.root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.get_by_role_and_label(Role::Button, "Measurements")
        .click();
    h.step();
    h.step();
    assert!(h.query_by_label("Align all photos first").is_some());
    assert!(
        h.state()
            .workspace
            .as_ref()
            .unwrap()
            .analysis
            .measure
            .job
            .is_none(),
        "nothing to measure, nothing started"
    );
    drop(h);

    // No regions and no eye marks: say how to get regions.
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut p, _) = metrics_support::aligned_demo(dir.path(), false);
    p.regions.clear();
    for photo in &mut p.photos {
        photo.eyes = None;
    }
    store::save(&paths.root, &p).unwrap();
    let open = OpenProject::open(&paths.root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.get_by_role_and_label(Role::Button, "Measurements")
        .click();
    h.step();
    h.step();
    assert!(h.query_by_label("No regions to measure").is_some());
    assert!(
        h.query_by_label_contains("choose Mark eyes in the Alignment section")
            .is_some()
    );
    h.get_by_label("Show the reference photo").click();
    h.step();
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.tab, CentralTab::Compare);
    assert_eq!(ws.focused(), ws.project().reference_photo().map(|r| &r.id));
}

#[test]
fn guide_edits_are_saved_as_one_change_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let original = open.project.guide.clone();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.get_by_role_and_label(Role::Button, "Guide").click();
    h.step();
    h.step();
    // Nothing to save before a change.
    assert!(h.get_by_label("Save guide").accesskit_node().is_disabled());

    h.get_by_label("Add milestone").click();
    h.step();
    h.step();
    // A draft only: the project is unchanged until saved.
    assert_eq!(project(&h).guide, original);
    assert!(h.query_by_label("Unsaved changes to the guide").is_some());
    assert!(!h.get_by_label("Save guide").accesskit_node().is_disabled());
    // Its advice is open for editing.
    h.get_by_label("Advice").click();
    h.step();
    h.get_by_label("Advice").type_text("Rest day.");
    h.step();
    h.get_by_label("Save guide").click();
    h.step();
    h.step();
    let g = &project(&h).guide;
    assert_eq!(g.milestones.len(), original.milestones.len() + 1);
    let added = g.milestones.last().unwrap();
    assert_eq!(added.title, "New milestone");
    assert_eq!(added.text, "Rest day.");
    assert!(g.validate().is_ok());
    assert!(h.query_by_label("Unsaved changes to the guide").is_none());

    // Remove the first milestone: a second change.
    h.get_all_by_label("Remove").next().unwrap().click();
    h.step();
    h.step();
    h.get_by_label("Save guide").click();
    h.step();
    h.step();
    assert_eq!(
        project(&h).guide.milestones.len(),
        original.milestones.len()
    );
    assert_ne!(
        project(&h).guide.milestones[0].id,
        original.milestones[0].id
    );

    // Undo both, one at a time; redo one.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(
        project(&h).guide.milestones.len(),
        original.milestones.len() + 1
    );
    h.get_by_label("Undo").click();
    h.step();
    h.step();
    assert_eq!(project(&h).guide, original);
    assert!(
        h.query_by_label("Unsaved changes to the guide").is_none(),
        "the editor follows the undone guide"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.step();
    assert_eq!(
        project(&h).guide.milestones.len(),
        original.milestones.len() + 1
    );
    no_error_toasts(&h);
}
