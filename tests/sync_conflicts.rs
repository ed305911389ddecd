//! A project in a synced folder (issue 15, item 3): `check` finds the conflict copies of
//! project.json that Dropbox, Syncthing, OneDrive or iCloud Drive leave when the project was
//! changed on two machines and says what differs; `afterglow merge` brings in what the other
//! machine added, keeps this side's value where both changed the same thing (writing the
//! other into the note), and sets the copy aside.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use afterglow_core::project::{Photo, Session, SessionId};
use afterglow_core::store;
use common::afterglow;

/// `afterglow merge ROOT COPY`, run to the end.
fn merge(root: &std::path::Path, copy: impl AsRef<std::ffi::OsStr>) -> std::process::Output {
    afterglow()
        .arg("merge")
        .arg(root)
        .arg(copy)
        .output()
        .unwrap()
}

#[test]
fn check_lists_a_conflict_copy_and_merge_brings_in_what_the_other_machine_added() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let current = store::load(&root).unwrap();
    // a: a photo both machines note; b: one without a redness score, scored over there.
    let a = current.photos[2].id.clone();
    let b = (current.photos.iter())
        .find(|p| p.id != a && p.annotation.redness.is_none())
        .expect("a photo without a redness score")
        .id
        .clone();

    // This machine: a note on photo a.
    let mut here = current.clone();
    here.photos[2].annotation.note = "calm today".into();
    store::save(&root, &here).unwrap();
    // The other machine: another note on a, a redness score on b, a fourth session, and a
    // photo whose file never synced.
    let mut there = current.clone();
    there.photos[2].annotation.note = "redder on the left".into();
    (there.photos.iter_mut())
        .find(|p| p.id == b)
        .unwrap()
        .annotation
        .redness = Some(3);
    let mut fourth = Session::new(
        SessionId(4),
        chrono::NaiveDate::from_ymd_opt(2026, 5, 25).unwrap(),
    );
    fourth.treatment = "Microneedling".into();
    there.sessions.push(fourth);
    let mut unsynced = Photo::new("feedfacefeedface", current.photos[0].taken_at, 100, 100);
    unsynced.original_name = "IMG_9999.jpg".into();
    there.photos.push(unsynced);
    let copy_name = "project (conflicted copy 2026-05-26).json";
    std::fs::write(
        root.join(copy_name),
        serde_json::to_vec_pretty(&there).unwrap(),
    )
    .unwrap();

    let out = afterglow().arg("check").arg(&root).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "needs attention: {text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("conflict copy: "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(copy_name), "{line}");
    assert!(
        line.contains("1 photo, 1 session not in project.json"),
        "{line}"
    );
    assert!(line.contains("afterglow merge"), "{line}");

    let out = merge(&root, copy_name);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(1),
        "one photo could not come in: {text}"
    );
    assert!(
        text.contains("not brought in: photo IMG_9999.jpg"),
        "{text}"
    );
    assert!(
        text.contains("brought in: session 4 (2026-05-25)"),
        "{text}"
    );
    let merged = store::load(&root).unwrap();
    assert_eq!(merged.sessions.len(), current.sessions.len() + 1);
    assert_eq!(
        merged.photos.len(),
        current.photos.len(),
        "no photo without its file"
    );
    let note = &merged.photo(&a).unwrap().annotation.note;
    assert!(note.starts_with("calm today"), "ours kept: {note}");
    assert!(
        note.contains(&format!("From {copy_name}: note \"redder on the left\"")),
        "theirs written in: {note}"
    );
    assert_eq!(
        merged.photo(&b).unwrap().annotation.redness,
        Some(3),
        "set only over there: brought in"
    );
    // Set aside, and no longer listed.
    assert!(!root.join(copy_name).exists());
    assert!(root.join(format!("{copy_name}.merged")).exists());
    let out = afterglow().arg("check").arg(&root).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!text.contains("conflict copy"), "{text}");
    // Merging it again: it is gone, said plainly; the project is unchanged.
    let out = merge(&root, copy_name);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    assert_eq!(store::load(&root).unwrap(), merged);
}

#[test]
fn a_damaged_conflict_copy_is_named_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let before = std::fs::read(root.join("project.json")).unwrap();
    std::fs::write(
        root.join("project.sync-conflict-20260526-101010-ABC.json"),
        b"{ not json",
    )
    .unwrap();
    let out = afterglow().arg("check").arg(&root).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains(
            "conflict copy: project.sync-conflict-20260526-101010-ABC.json: cannot be read"
        ),
        "{text}"
    );
    let out = merge(&root, "project.sync-conflict-20260526-101010-ABC.json");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("project.sync-conflict-20260526-101010-ABC.json"),
        "the error names the copy"
    );
    assert_eq!(std::fs::read(root.join("project.json")).unwrap(), before);
    // A file outside the project folder is refused.
    let outside = dir.path().join("project 2.json");
    std::fs::copy(root.join("project.json"), &outside).unwrap();
    let out = afterglow()
        .arg("merge")
        .arg(&root)
        .arg(&outside)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("project folder itself"));
}
