//! The project folder: round trip, backups, refusals of unsafe or newer files, the lock.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{edit_json, new_project};

use afterglow_core::project::{Command, Session, SessionId};
use afterglow_core::store::{self, OpenProject, StoreError};

#[test]
fn round_trip_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let original = store::load(&root).unwrap();
    store::save(&root, &original).unwrap();
    assert_eq!(store::load(&root).unwrap(), original);
    // And the text itself is stable (pretty-printed, same field order).
    let a = std::fs::read_to_string(root.join("project.json")).unwrap();
    store::save(&root, &store::load(&root).unwrap()).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("project.json")).unwrap(),
        a
    );
    assert!(a.contains("\"format\": \"afterglow-project\""));
    assert!(a.contains("\"version\": 1"));
}

#[test]
fn creating_over_a_project_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    assert!(matches!(
        store::create(&root, "again"),
        Err(StoreError::AlreadyExists { .. })
    ));
}

#[test]
fn paths_leaving_the_folder_are_refused_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    for bad in [
        "/etc/passwd",
        "../../outside.jpg",
        "photos/../../x.jpg",
        "C:\\x.jpg",
    ] {
        let root = common::demo_copy(&dir.path().join(format!("{}", bad.len())));
        edit_json(&root, |v| v["photos"][2]["file"] = bad.into());
        let before = std::fs::read(root.join("project.json")).unwrap();
        let err = store::load(&root).unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(err, StoreError::UnsafePath { .. }),
            "{bad}: {text}"
        );
        assert!(text.contains("photos[2].file"), "{text}");
        // Nothing on disk changed.
        assert_eq!(std::fs::read(root.join("project.json")).unwrap(), before);
    }
}

#[test]
fn newer_version_is_refused_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    edit_json(&root, |v| v["version"] = 7.into());
    let before = std::fs::read(root.join("project.json")).unwrap();
    let err = OpenProject::open(&root).unwrap_err();
    assert!(matches!(err, StoreError::NewerVersion { found: 7, .. }));
    assert!(err.to_string().contains("newer Afterglow"));
    assert_eq!(std::fs::read(root.join("project.json")).unwrap(), before);
}

#[test]
fn malformed_json_reports_line_column_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    // A second save creates the backup.
    store::save(&root, &store::load(&root).unwrap()).unwrap();
    std::fs::write(
        root.join("project.json"),
        "{\n  \"format\": \"afterglow-project\",\n  oops\n}",
    )
    .unwrap();
    let err = store::load(&root).unwrap_err();
    match &err {
        StoreError::Malformed {
            line,
            column,
            backup,
            ..
        } => {
            assert_eq!(*line, 3);
            assert_eq!(*column, 3);
            assert!(backup.is_some());
        }
        other => panic!("unexpected {other}"),
    }
    assert!(err.to_string().contains("project.json.bak"));
}

#[test]
fn invalid_utf8_and_wrong_format_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    std::fs::write(root.join("project.json"), b"{\"format\": \"\xff\xfe\"}").unwrap();
    assert!(matches!(
        store::load(&root),
        Err(StoreError::Malformed { .. })
    ));
    std::fs::write(
        root.join("project.json"),
        "{\"format\": \"something-else\", \"version\": 1}",
    )
    .unwrap();
    assert!(matches!(
        store::load(&root),
        Err(StoreError::WrongFormat { .. })
    ));
}

#[test]
fn duplicate_ids_and_dangling_reference_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    edit_json(&root, |v| {
        let first = v["photos"][0].clone();
        v["photos"].as_array_mut().unwrap().push(first);
    });
    let err = store::load(&root).unwrap_err().to_string();
    assert!(err.contains("appears more than once"), "{err}");

    let root = common::demo_copy(&dir.path().join("b"));
    edit_json(&root, |v| v["reference"] = "ffffffffffffffff".into());
    let err = store::load(&root).unwrap_err().to_string();
    assert!(err.contains("reference photo ffffffffffffffff"), "{err}");
}

#[test]
fn second_instance_is_read_only_and_lock_is_released() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let first = OpenProject::open(&root).unwrap();
    assert!(!first.is_read_only());
    let second = OpenProject::open(&root).unwrap();
    assert!(second.is_read_only());
    assert!(second.read_only_reason.as_deref().unwrap().contains("pid"));
    assert!(matches!(second.save(), Err(StoreError::ReadOnly { .. })));
    assert!(OpenProject::open_for_writing(&root).is_err());
    drop(first);
    assert!(!OpenProject::open(&root).unwrap().is_read_only());
}

#[test]
fn trashed_photo_file_moves_on_save_and_back_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut open = OpenProject::open_for_writing(&root).unwrap();
    let photo = open.project.photos[3].clone();
    let inverse = Command::TrashPhoto(photo.id.clone())
        .apply(&mut open.project)
        .unwrap();
    open.save().unwrap();
    assert!(!root.join(&photo.file).exists());
    assert!(root.join("trash").join(photo.file_name()).exists());
    inverse.apply(&mut open.project).unwrap();
    open.save().unwrap();
    assert!(root.join(&photo.file).exists());
    // Sessions survive the round trip too.
    let s = Session::new(SessionId(99), "2026-06-01".parse().unwrap());
    Command::AddSession(s).apply(&mut open.project).unwrap();
    open.save().unwrap();
    assert!(store::load(&root).unwrap().session(SessionId(99)).is_some());
}
