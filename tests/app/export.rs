//! The Export window and missing originals, driven like a user would (egui_kittest): open the
//! Export window, find the report's default selection ticked, make a Letter PDF and a sheet
//! into a folder (the save dialog answered by the test hook), and check what was written;
//! delete a photo's original while the app runs, see it marked missing, and put it back with
//! Locate… (a wrong file first, which is refused).

use crate::{app_support, common};

use std::time::Duration;

use afterglow_app::{AfterglowApp, Settings, ToastKind};
use afterglow_core::report::PageSize;
use afterglow_core::store::{OpenProject, ProjectPaths};
use app_support::{label_of, settle_within as settle};
use egui::Role;
use egui::accesskit::Toggled;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn harness(app: AfterglowApp) -> Harness<'static, AfterglowApp> {
    app_support::harness_of_height(app, 3200.0)
}

fn has_toast(app: &AfterglowApp, kind: ToastKind, text: &str) -> bool {
    app.toasts
        .items()
        .iter()
        .any(|t| t.kind == kind && t.text.contains(text))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn export_window_ticks_the_default_selection_and_writes_a_private_letter_pdf_and_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let open = OpenProject::open(&root).unwrap();
    let p = open.project.clone();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();

    h.get_by_label("Export…").click();
    // The click, then the window's invisible sizing pass, then the window.
    for _ in 0..4 {
        h.step();
    }
    assert!(
        h.state().workspace.as_ref().unwrap().export.is_some(),
        "the window is open"
    );
    assert!(
        h.query_by_label("Save as…").is_some(),
        "the window is drawn"
    );

    // The photo checkboxes ticked are exactly the report's default selection.
    let default = afterglow_core::report::default_selection(&p);
    assert!(
        default.len() >= 3,
        "the demo has a baseline, sessions, a latest"
    );
    let reference = p.reference_photo().unwrap().id.clone();
    let mut expected: Vec<String> = default
        .iter()
        .map(|id| {
            let l = label_of(&p, id);
            if *id == reference {
                format!("{l} (baseline)")
            } else {
                l
            }
        })
        .collect();
    let photo_boxes: Vec<(String, bool)> = h
        .query_all_by_role(Role::CheckBox)
        .filter_map(|n| {
            let node = n.accesskit_node();
            let label = node.label()?;
            (label.starts_with("Baseline · ") || label.starts_with("Session "))
                .then(|| (label, node.toggled() == Some(Toggled::True)))
        })
        .collect();
    assert_eq!(
        photo_boxes.len(),
        p.photos.len(),
        "one checkbox per photo: {photo_boxes:?}"
    );
    let mut ticked: Vec<String> = photo_boxes
        .iter()
        .filter(|(_, on)| *on)
        .map(|(l, _)| l.clone())
        .collect();
    ticked.sort();
    expected.sort();
    assert_eq!(ticked, expected);

    // Letter pages, and a comparison sheet too.
    h.get_by_label("Letter").click();
    h.step();
    h.get_by_label("Comparison sheet").click();
    h.step();
    let pdf_path = out.join("course.pdf");
    h.state_mut().answer_next_dialog(vec![pdf_path.clone()]);
    h.get_by_label("Save as…").click();
    h.step();
    h.step();
    assert!(
        h.state()
            .jobs
            .running()
            .iter()
            .any(|j| j.label.contains("course.pdf")),
        "the export runs: {:?} {:?}",
        h.state()
            .jobs
            .running()
            .iter()
            .map(|j| &j.label)
            .collect::<Vec<_>>(),
        h.state().toasts.items()
    );
    settle(&mut h, "the export", 240, |a| {
        has_toast(a, ToastKind::Info, "Exported") || has_toast(a, ToastKind::Error, "")
    });
    let toast = h
        .state()
        .toasts
        .items()
        .iter()
        .find(|t| t.text.contains("Exported"))
        .cloned()
        .unwrap_or_else(|| panic!("no export toast: {:?}", h.state().toasts.items()));
    assert!(toast.text.contains("course.pdf"), "{}", toast.text);
    assert!(toast.text.contains("course - sheet.png"), "{}", toast.text);
    assert_eq!(toast.folder.as_deref(), Some(out.as_path()));
    h.step();
    assert!(h.query_by_label("Open folder").is_some());
    assert!(
        h.query_by_label("Save as…").is_none(),
        "the window closes once the export starts"
    );

    // The PDF: a real PDF, Letter-sized, with nothing of the originals' metadata or names.
    let bytes = std::fs::read(&pdf_path).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "starts with %PDF");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert!(
        pages.len() >= 3,
        "cover, comparisons, …: {} pages",
        pages.len()
    );
    let first = doc.get_object(*pages.values().next().unwrap()).unwrap();
    let media: Vec<f32> = first
        .as_dict()
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    assert_eq!(media, [0.0, 0.0, 612.0, 792.0], "Letter, as chosen");
    let mut streams = vec![bytes.clone()];
    for obj in doc.objects.values() {
        if let Ok(s) = obj.as_stream() {
            streams.push(
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone()),
            );
        }
    }
    for s in &streams {
        assert!(!contains(s, b"Exif\0\0"), "no EXIF block in the PDF");
        for photo in &p.photos {
            assert!(
                !contains(s, photo.original_name.as_bytes()),
                "no original file name ({}) in the PDF",
                photo.original_name
            );
        }
    }
    let sheet = std::fs::read(out.join("course - sheet.png")).unwrap();
    assert!(sheet.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(!contains(&sheet, b"eXIf") && !contains(&sheet, b"Exif\0\0"));

    // The choices are remembered for the next export.
    let s = &h.state().settings.export;
    assert_eq!(s.folder.as_deref(), Some(out.as_path()));
    assert_eq!(s.page, PageSize::Letter);
    assert!(s.pdf && s.sheet && !s.timelapse);
    assert!(
        !has_toast(h.state(), ToastKind::Error, ""),
        "no errors: {:?}",
        h.state().toasts.items()
    );

    // Ctrl+E opens the window again, with the remembered page size.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    for _ in 0..4 {
        h.step();
    }
    assert!(h.query_by_label("Save as…").is_some());
    assert_eq!(
        h.get_by_label("Letter").accesskit_node().toggled(),
        Some(Toggled::True)
    );
}

#[test]
fn a_deleted_original_is_marked_missing_and_locate_puts_back_only_the_same_photo() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let p = open.project.clone();
    let reference = p.reference_photo().unwrap().id.clone();
    let photo = p
        .photos_by_date()
        .into_iter()
        .rev()
        .find(|ph| ph.id != reference)
        .unwrap()
        .clone();
    let paths = ProjectPaths::new(&root);
    let original = paths.original(&photo);
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    let label = label_of(&p, &photo.id);
    let missing_label = format!("{label} (original file missing)");
    assert!(h.query_by_label(&missing_label).is_none());

    // Deleted outside the app while it runs — its cached thumbnail and preview too.
    let kept = dir.path().join("backup").join("photo.jpg");
    std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
    std::fs::rename(&original, &kept).unwrap();
    for cached in [paths.thumbnail(&photo), paths.preview(&photo)] {
        let _ = std::fs::remove_file(cached);
    }
    settle(&mut h, "the missing mark", 30, |a| {
        a.workspace.as_ref().unwrap().missing.contains(&photo.id)
    });
    h.step();
    h.get_by_role_and_label(Role::Button, &missing_label)
        .click();
    for _ in 0..10 {
        // The compare view and the library try to load what is gone: no panic.
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(h.query_by_label("Original file missing").is_some());

    // A different file is refused, and says so.
    let wrong = dir.path().join("not-it.jpg");
    std::fs::write(&wrong, common::small_jpeg(64, 48, 9)).unwrap();
    h.state_mut().answer_next_dialog(vec![wrong]);
    h.get_by_label("Locate…").click();
    settle(&mut h, "the refusal", 30, |a| {
        has_toast(a, ToastKind::Error, "not the same photo")
    });
    assert!(has_toast(
        h.state(),
        ToastKind::Error,
        "its content differs"
    ));
    assert!(!original.exists());
    assert!(h.query_by_label(&missing_label).is_some());

    // The right file is copied back into photos/ (the chosen file stays where it is).
    h.state_mut().answer_next_dialog(vec![kept.clone()]);
    h.get_by_label("Locate…").click();
    settle(&mut h, "the photo back", 30, |a| {
        !a.workspace.as_ref().unwrap().missing.contains(&photo.id)
    });
    assert!(kept.is_file());
    let back = std::fs::read(&original).unwrap();
    assert_eq!(blake3::hash(&back).to_hex().as_str(), photo.hash);
    assert!(has_toast(h.state(), ToastKind::Info, "is back"));
    h.step();
    h.step();
    assert!(h.query_by_label(&missing_label).is_none());
    assert!(h.query_by_role_and_label(Role::Button, &label).is_some());
    assert!(h.query_by_label("Original file missing").is_none());
}

#[test]
fn a_project_opened_with_a_missing_original_marks_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let photo = open.project.photos[0].clone();
    std::fs::remove_file(ProjectPaths::new(&root).original(&photo)).unwrap();
    let label = label_of(&open.project, &photo.id);
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    settle(&mut h, "the missing mark", 10, |a| {
        a.workspace.as_ref().unwrap().missing.contains(&photo.id)
    });
    h.step();
    assert!(
        h.query_by_label(&format!("{label} (original file missing)"))
            .is_some()
    );
}

#[test]
fn an_export_that_cannot_be_written_says_which_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    for _ in 0..4 {
        h.step();
    }
    // Only the sheet (quick), into a folder that does not exist.
    h.get_by_label("PDF report").click();
    h.step();
    h.get_by_label("Comparison sheet").click();
    h.step();
    let target = dir.path().join("no such folder").join("sheet.png");
    h.state_mut().answer_next_dialog(vec![target.clone()]);
    h.get_by_label("Save as…").click();
    settle(&mut h, "the error", 120, |a| {
        has_toast(a, ToastKind::Error, "") || has_toast(a, ToastKind::Info, "Exported")
    });
    let error = h
        .state()
        .toasts
        .items()
        .iter()
        .find(|t| t.kind == ToastKind::Error)
        .cloned()
        .unwrap_or_else(|| panic!("an error toast: {:?}", h.state().toasts.items()));
    assert!(
        error.text.contains(&target.display().to_string()),
        "{}",
        error.text
    );
    assert!(!target.exists());
}

#[test]
fn escape_closes_the_export_window() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    h.get_by_label("Export…").click();
    for _ in 0..4 {
        h.step();
    }
    assert!(h.state().workspace.as_ref().unwrap().export.is_some());
    h.key_press(egui::Key::Escape);
    h.step();
    h.step();
    assert!(
        h.state().workspace.as_ref().unwrap().export.is_none(),
        "Esc closed the window"
    );
}
