//! The in-app file browser (used where no desktop portal runs), driven like a user would
//! (egui_kittest): import a photo by typing its folder's path and ticking it in the listing,
//! which lists photos and folders only; export the PDF report to a chosen name.

use crate::{app_support, common};

use std::path::Path;

use afterglow_app::{AfterglowApp, Dialogs, Settings, ToastKind};
use afterglow_core::store::OpenProject;
use app_support::settle_within as settle;
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The app's harness. egui_file labels its title, folders, files and buttons with emoji
/// (📂 💾 🗀 🗋); the harness fails on any glyph the fonts lack, so these tests also keep the
/// emoji fonts in (egui's `monochrome_emoji_fonts`).
fn harness(app: AfterglowApp) -> Harness<'static, AfterglowApp> {
    Harness::builder()
        .with_size([1600.0, 1600.0])
        .build_ui_state(|ui, app: &mut AfterglowApp| app.frame(ui), app)
}

/// Replaces the text of the browser's text field now showing `value` (the folder field shows
/// the folder, the name field the proposed name) with `text`, then presses Enter.
fn replace_field(h: &mut Harness<'_, AfterglowApp>, value: &str, text: &str) {
    let field = h
        .query_all_by_role(Role::TextInput)
        .find(|n| n.accesskit_node().value().as_deref() == Some(value))
        .unwrap_or_else(|| panic!("no text field shows {value:?}"));
    field.click();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    let focused = h
        .query_all_by_role(Role::TextInput)
        .find(|n| n.is_focused())
        .expect("the field has the keyboard");
    focused.type_text(text);
    h.step();
    h.key_press(egui::Key::Enter);
    h.step();
    h.step();
}

fn open_in_browser(h: &mut Harness<'_, AfterglowApp>, folder: &Path) {
    let shown = h
        .state()
        .browser_folder()
        .expect("the browser is open")
        .to_owned();
    replace_field(h, shown.to_str().unwrap(), folder.to_str().unwrap());
    assert_eq!(
        h.state().browser_folder(),
        Some(folder),
        "the browser moved"
    );
}

#[test]
fn a_photo_is_imported_through_the_in_app_browser() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::new_project(dir.path());
    let photos = dir.path().join("from the phone");
    std::fs::create_dir_all(photos.join("holiday")).unwrap();
    let sample = std::fs::read_dir(common::sample_photos())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jpg"))
        .unwrap();
    std::fs::copy(&sample, photos.join("IMG_0001.JPG")).unwrap();
    std::fs::write(photos.join("notes.txt"), "not a photo").unwrap();

    let mut app =
        AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    app.use_dialogs(Dialogs::Builtin);
    let mut h = harness(app);
    h.step();
    h.get_by_label("Import photos…").click();
    h.step();
    h.step();
    assert!(
        h.state().browser_folder().is_some(),
        "the in-app browser opened"
    );
    // The window's sizing pass, then the window.
    for _ in 0..3 {
        h.step();
    }
    assert!(
        h.query_by_label("📂  Import photos").is_some(),
        "the browser's title"
    );
    open_in_browser(&mut h, &photos);

    // Folders and photos are listed; other files are not.
    assert!(h.query_by_label("🗀 holiday").is_some());
    assert!(h.query_by_label("🗋 notes.txt").is_none());
    h.get_by_label("🗋 IMG_0001.JPG").click();
    h.step();
    h.get_by_label("Open").click();
    h.step();
    assert!(h.state().browser_folder().is_none(), "the browser closed");
    settle(&mut h, "the import", 120, |a| {
        a.workspace
            .as_ref()
            .is_some_and(|ws| !ws.open.project.photos.is_empty())
    });
    let p = &h.state().workspace.as_ref().unwrap().open.project;
    assert_eq!(p.photos.len(), 1, "exactly the photo ticked");
    assert_eq!(p.photos[0].original_name, "IMG_0001.JPG");
    let original = afterglow_core::store::ProjectPaths::new(&root).original(&p.photos[0]);
    assert_eq!(
        std::fs::read(original).unwrap(),
        std::fs::read(&sample).unwrap()
    );
}

#[test]
fn the_report_is_exported_to_a_name_chosen_in_the_in_app_browser() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let out = dir.path().join("for the clinic");
    std::fs::create_dir_all(&out).unwrap();
    let mut app =
        AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    app.use_dialogs(Dialogs::Builtin);
    let mut h = harness(app);
    h.step();
    h.get_by_label("Export…").click();
    for _ in 0..4 {
        h.step();
    }
    h.get_by_label("Save as…").click();
    for _ in 0..5 {
        h.step();
    }
    assert!(
        h.state().browser_folder().is_some(),
        "the in-app browser opened"
    );
    open_in_browser(&mut h, &out);
    let proposed = h
        .query_all_by_role(Role::TextInput)
        .filter_map(|n| n.accesskit_node().value())
        .find(|v| v.ends_with(".pdf"))
        .expect("a PDF name is proposed");
    replace_field(&mut h, &proposed, "march to may.pdf");
    // Enter in the name field saves, as the Save button does.
    settle(&mut h, "the export", 240, |a| {
        a.toasts
            .items()
            .iter()
            .any(|t| t.text.contains("Exported") || t.kind == ToastKind::Error)
    });
    let written = out.join("march to may.pdf");
    let bytes = std::fs::read(&written).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; toasts {:?}",
            written.display(),
            h.state().toasts.items()
        )
    });
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        1,
        "only the file named"
    );
}

#[test]
fn the_folder_button_imports_every_photo_in_a_folder_and_its_subfolders() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::new_project(dir.path());
    let photos = dir.path().join("from the phone");
    std::fs::create_dir_all(photos.join("holiday")).unwrap();
    let samples: Vec<_> = std::fs::read_dir(common::sample_photos())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .take(2)
        .collect();
    std::fs::copy(&samples[0], photos.join("IMG_0001.JPG")).unwrap();
    std::fs::copy(&samples[1], photos.join("holiday").join("IMG_0002.jpg")).unwrap();

    let mut app =
        AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    app.answer_next_dialog(vec![photos.clone()]);
    let mut h = harness(app);
    h.step();
    h.get_by_label("Folder…").click();
    settle(&mut h, "the folder's import", 120, |a| {
        a.workspace
            .as_ref()
            .is_some_and(|ws| ws.open.project.photos.len() == 2)
    });
    let mut names: Vec<String> = (h.state().workspace.as_ref().unwrap().open.project.photos)
        .iter()
        .map(|p| p.original_name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["IMG_0001.JPG", "IMG_0002.jpg"]);
}

#[test]
fn the_next_import_starts_in_the_folder_the_last_one_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::new_project(dir.path());
    let photos = dir.path().join("camera roll");
    std::fs::create_dir_all(&photos).unwrap();
    let sample = std::fs::read_dir(common::sample_photos())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jpg"))
        .unwrap();
    std::fs::copy(&sample, photos.join("IMG_0001.jpg")).unwrap();

    let mut app =
        AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    app.use_dialogs(Dialogs::Builtin);
    app.answer_next_dialog(vec![photos.join("IMG_0001.jpg")]);
    let mut h = harness(app);
    h.step();
    h.get_by_label("Import photos…").click();
    settle(&mut h, "the import", 120, |a| {
        a.workspace
            .as_ref()
            .is_some_and(|ws| ws.open.project.photos.len() == 1)
    });
    // The next import opens the browser where the last one came from.
    h.get_by_label("Import photos…").click();
    h.step();
    h.step();
    assert_eq!(h.state().browser_folder(), Some(photos.as_path()));
    // Nothing of it is kept in the settings file.
    let stored = serde_json::to_string(&h.state().settings).unwrap();
    assert!(!stored.contains("camera roll"), "{stored}");
}
