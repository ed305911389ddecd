//! The app driven like a user would, without a GPU (egui_kittest): open the sample project,
//! find every photo in the library, pick two, wipe, annotate, undo, redo, and find the change
//! on disk after the autosave.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, CompareMode, SaveStatus, Settings, ToastKind};
use afterglow_core::store::{self, OpenProject};
use app_support::{label_of, project};
use egui::{Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: AfterglowApp) -> Harness<'static, AfterglowApp> {
    app_support::harness_of_height(app, 3200.0)
}

fn settle(h: &mut Harness<'_, AfterglowApp>, what: &str, done: impl Fn(&AfterglowApp) -> bool) {
    app_support::settle_within(h, what, 30, done);
}

#[test]
fn open_sample_pick_wipe_annotate_undo_redo_and_autosave() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let sample = root.clone();
    let sample_before = std::fs::read(sample.join("project.json")).unwrap();
    let data = dir.path().join("data");
    let mut app = AfterglowApp::new(Settings::default());
    app.set_sample(Some(sample.clone()));
    app.set_sample_home(Some(data.clone()));
    let mut h = harness(app);
    h.step();

    // Start screen → the sample project, opened from its working copy in the data folder.
    h.get_by_label("Open the sample project").click();
    settle(&mut h, "the project to open", |a| a.workspace.is_some());
    h.step();
    let root = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .open
        .paths
        .root
        .clone();
    assert!(
        root.starts_with(&data),
        "{} is not the working copy",
        root.display()
    );

    // The library lists every photo with its session/day label.
    let p = project(&h).clone();
    assert!(p.photos.len() >= 10, "the sample has a course of photos");
    let mut expected = std::collections::HashMap::<String, usize>::new();
    for photo in &p.photos {
        *expected.entry(label_of(&p, &photo.id)).or_default() += 1;
    }
    for (label, count) in &expected {
        assert_eq!(
            h.query_all_by_role_and_label(Role::Button, label).count(),
            *count,
            "library tiles labelled {label:?}"
        );
    }
    assert!(expected.keys().any(|l| l.starts_with("Baseline · ")));
    assert!(
        expected
            .keys()
            .any(|l| l.starts_with("Session 3 · day 7 · "))
    );

    // Pick the baseline into pane 1 and session 3 day 7 into pane 2.
    let by_date = p.photos_by_date();
    let baseline = by_date[0].id.clone();
    let day7 = by_date
        .iter()
        .find(|ph| label_of(&p, &ph.id).starts_with("Session 3 · day 7"))
        .unwrap()
        .id
        .clone();
    h.key_press(Key::Num1);
    h.step();
    h.get_by_role_and_label(Role::Button, &label_of(&p, &baseline))
        .click();
    h.step();
    h.key_press(Key::Num2);
    h.step();
    h.get_by_role_and_label(Role::Button, &label_of(&p, &day7))
        .click();
    h.step();
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.panes.photos[0].as_ref(), Some(&baseline));
    assert_eq!(ws.panes.photos[1].as_ref(), Some(&day7));
    assert_eq!(
        ws.focused(),
        Some(&day7),
        "the details panel follows the active pane"
    );

    // Switch to wipe.
    h.get_by_label("Wipe").click();
    h.step();
    h.step();
    assert_eq!(h.state().settings.view.mode, CompareMode::Wipe);
    assert!(h.query_by_label("Wipe divider").is_some());

    // Redness 2 and a note, on the day-7 photo.
    let before = project(&h).photo(&day7).unwrap().annotation.clone();
    h.get_by_label("Redness 2: mild").click();
    h.step();
    h.step();
    assert_eq!(
        project(&h).photo(&day7).unwrap().annotation.redness,
        Some(2)
    );
    h.get_by_label("Note").click();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    h.get_by_label("Note").type_text("Less red than last week");
    h.step();
    h.key_press(Key::Escape);
    h.step();
    h.step();
    assert_eq!(
        project(&h).photo(&day7).unwrap().annotation.note,
        "Less red than last week"
    );

    // Undo the note, then the redness; redo both.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    h.step();
    assert_eq!(
        project(&h).photo(&day7).unwrap().annotation.note,
        before.note
    );
    assert_eq!(
        project(&h).photo(&day7).unwrap().annotation.redness,
        Some(2)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(project(&h).photo(&day7).unwrap().annotation, before);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.step();
    h.step();
    let now = project(&h).photo(&day7).unwrap().annotation.clone();
    assert_eq!(now.redness, Some(2));
    assert_eq!(now.note, "Less red than last week");

    // After the autosave, the project on disk holds the change.
    settle(&mut h, "the autosave", |a| {
        a.workspace.as_ref().unwrap().save_status() == SaveStatus::Saved
    });
    assert!(
        h.query_by_label("Saved").is_some(),
        "the saved state is visible"
    );
    let on_disk = store::load(&root).unwrap();
    let saved = &on_disk.photo(&day7).unwrap().annotation;
    assert_eq!(saved.redness, Some(2));
    assert_eq!(saved.note, "Less red than last week");
    assert_eq!(
        std::fs::read(sample.join("project.json")).unwrap(),
        sample_before,
        "the sample itself is untouched"
    );
    assert!(
        h.state()
            .toasts
            .items()
            .iter()
            .all(|t| t.kind != ToastKind::Error),
        "no errors: {:?}",
        h.state().toasts.items()
    );
}

#[test]
fn a_project_another_instance_holds_is_read_only_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let _writer = OpenProject::open(&root).unwrap();
    let second = OpenProject::open(&root).unwrap();
    assert!(second.is_read_only());
    let mut h = harness(AfterglowApp::with_project(Settings::default(), second));
    h.step();
    h.step();
    assert!(h.query_by_label("READ-ONLY").is_some());
    let focused = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .focused()
        .cloned()
        .unwrap();
    let before = project(&h).photo(&focused).unwrap().annotation.clone();
    h.get_by_label("Redness 3: moderate").click();
    h.step();
    h.step();
    assert_eq!(project(&h).photo(&focused).unwrap().annotation, before);
    assert!(matches!(
        h.state().workspace.as_ref().unwrap().save_status(),
        SaveStatus::ReadOnly(_)
    ));
}

#[test]
fn a_recent_project_that_is_gone_gives_an_error_toast_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.afterglow");
    let mut settings = Settings::default();
    settings.recent.push(gone.clone());
    let mut h = harness(AfterglowApp::new(settings));
    h.step();
    h.get_by_label("gone").click();
    settle(&mut h, "the error", |a| {
        a.toasts.items().iter().any(|t| t.kind == ToastKind::Error)
    });
    let toast = &h.state().toasts.items()[0];
    assert!(toast.text.contains("gone.afterglow"), "{}", toast.text);
    assert!(h.state().workspace.is_none());
}

#[test]
fn dropping_a_folder_imports_its_photos_and_lists_the_rejected_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let drop = dir.path().join("new photos");
    std::fs::create_dir_all(&drop).unwrap();
    std::fs::write(
        drop.join("IMG_20260510_090000.jpg"),
        common::small_jpeg(64, 48, 1),
    )
    .unwrap();
    std::fs::write(
        drop.join("IMG_20260511_090000.jpg"),
        common::small_jpeg(64, 48, 2),
    )
    .unwrap();
    std::fs::write(
        drop.join("broken.jpg"),
        b"\xFF\xD8\xFF\xE0 not really a jpeg",
    )
    .unwrap();
    let open = OpenProject::open(&root).unwrap();
    let before = open.project.photos.len();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(app_support::Dropped(drop.clone())));
    settle(&mut h, "the import", |a| {
        a.workspace.as_ref().unwrap().open.project.photos.len() == before + 2
    });
    h.step();
    assert!(
        h.query_by_label_contains("1 file was not imported")
            .is_some()
    );
    assert!(h.query_by_label_contains("broken.jpg").is_some());
    // Undo takes the import back as one change.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(project(&h).photos.len(), before);
}

#[test]
fn sessions_are_added_in_the_sessions_tab_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let before = open.project.sessions.len();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.get_by_label("Sessions").click();
    h.step();
    h.get_by_label("New session").click();
    h.step();
    h.get_by_label("Practitioner").click();
    h.step();
    h.get_by_label("Practitioner").type_text("Dr Example");
    h.step();
    h.get_by_label("Add this session").click();
    h.step();
    h.step();
    let sessions = &project(&h).sessions;
    assert_eq!(sessions.len(), before + 1);
    assert!(sessions.iter().any(|s| s.practitioner == "Dr Example"));
    h.get_by_label("Undo").click();
    h.step();
    assert_eq!(project(&h).sessions.len(), before);
}

#[test]
fn trashing_the_reference_keeps_the_project_loadable_and_undo_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut open = OpenProject::open(&root).unwrap();
    let first = open.project.photos_by_date()[0].id.clone();
    open.project.reference = Some(first.clone());
    let count = open.project.photos.len();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.key_press(Key::Num1);
    h.step();
    h.get_by_label("Photo").click();
    h.step();
    h.get_by_label("Move to trash").click();
    h.step();
    h.step();
    assert_eq!(project(&h).photos.len(), count - 1);
    assert_eq!(project(&h).reference, None);
    settle(&mut h, "the autosave", |a| {
        a.workspace.as_ref().unwrap().save_status() == SaveStatus::Saved
    });
    let on_disk = store::load(&root).unwrap();
    assert_eq!(on_disk.trash.len(), 1);
    assert!(
        root.join("trash")
            .join(on_disk.trash[0].file_name())
            .is_file()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(project(&h).photos.len(), count);
    assert_eq!(project(&h).reference, Some(first));
}

#[test]
fn align_all_photos_aligns_on_a_worker_places_the_regions_and_undoes_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::unaligned_demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.get_by_label("Align all photos").click();
    settle(&mut h, "every photo aligned", |app| {
        let p = app.workspace.as_ref().unwrap().project();
        p.photos.iter().all(|p| p.alignment.is_some()) && p.regions.len() == 4
    });
    let p = project(&h);
    let worst = p
        .photos
        .iter()
        .map(|p| p.alignment.as_ref().unwrap().score)
        .fold(1.0, f64::min);
    assert!(worst > 0.9, "worst score {worst}");
    assert!(
        p.photos
            .iter()
            .all(|p| p.alignment.as_ref().unwrap().comparable)
    );
    let infos: Vec<String> = h
        .state()
        .toasts
        .items()
        .iter()
        .map(|t| t.text.clone())
        .collect();
    // Every photo but the reference is counted.
    let aligned = format!("{} photos aligned", p.photos.len() - 1);
    assert!(
        infos
            .iter()
            .any(|t| t.contains(&aligned) && t.contains("default regions")),
        "{infos:?}"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    let p = project(&h);
    assert!(p.photos.iter().all(|p| p.alignment.is_none()));
    assert!(p.regions.is_empty());
}

#[test]
fn the_about_menu_names_the_version_and_the_bundled_licences() {
    let mut h = harness(AfterglowApp::new(Settings::default()));
    h.step();
    h.get_by_label("About").click();
    h.step();
    h.step();
    let version = format!("Afterglow {}", env!("CARGO_PKG_VERSION"));
    assert!(h.query_by_label(&version).is_some(), "{version}");
    for what in afterglow_app::about::BUNDLED.map(|(what, _)| what) {
        assert!(h.query_by_label(what).is_some(), "{what}");
    }
}

#[test]
fn a_run_of_nudges_by_keys_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    let id = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .focused()
        .unwrap()
        .clone();
    let before = project(&h).photo(&id).unwrap().alignment.clone();
    h.get_by_label("Nudge").click();
    h.step();
    for _ in 0..5 {
        h.key_press(Key::ArrowRight);
        h.step();
    }
    let moved = project(&h).photo(&id).unwrap().alignment.clone();
    assert_ne!(moved, before, "the keys moved the photo");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(
        project(&h).photo(&id).unwrap().alignment,
        before,
        "one Ctrl+Z takes back all five presses"
    );
    assert!(
        matches!(
            h.state().workspace.as_ref().unwrap().tool,
            afterglow_app::Tool::Nudge { .. }
        ),
        "and the tool stays on"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.step();
    assert_eq!(
        project(&h).photo(&id).unwrap().alignment,
        moved,
        "and one redo brings them back"
    );
    // Cancel puts the photo back where it was when Nudge started and leaves the tool.
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    h.step();
    assert_eq!(project(&h).photo(&id).unwrap().alignment, before);
    assert!(matches!(
        h.state().workspace.as_ref().unwrap().tool,
        afterglow_app::Tool::None
    ));
}
