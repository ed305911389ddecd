//! A save that fails (a full disk, a folder that cannot be written) leaves the project as it
//! was, with no temporary file behind; an import whose project cannot be saved says that
//! nothing was imported and leaves no copied photos or previews behind.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::new_project;

use afterglow_core::store::{self, ProjectPaths};

fn no_temporary_files(root: &std::path::Path) {
    for name in ["project.json.tmp", "project.json.bak.tmp"] {
        assert!(!root.join(name).is_file(), "{name} left behind");
    }
}

#[test]
fn a_save_failing_before_the_rename_leaves_the_old_file_and_no_temporary_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let before = std::fs::read(root.join("project.json")).unwrap();
    let mut project = store::load(&root).unwrap();
    project.name = "renamed".into();
    let e = store::save_with_hook(&root, &project, || {
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "No space left on device",
        ))
    })
    .unwrap_err();
    assert!(e.to_string().contains("No space left on device"), "{e}");
    assert_eq!(std::fs::read(root.join("project.json")).unwrap(), before);
    no_temporary_files(&root);
}

#[test]
fn an_import_whose_project_cannot_be_saved_imports_nothing_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    // A directory where the save writes its temporary file: every save fails, as on a
    // full disk, and running as root does not get around it.
    std::fs::create_dir(root.join("project.json.tmp")).unwrap();
    let photos = common::sample_photos();
    let out = common::afterglow()
        .arg("import")
        .arg(&root)
        .arg(photos.join("IMG_4811.jpg"))
        .arg(photos.join("IMG_4818.jpg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains("imported:"), "claimed an import: {stdout}");
    assert!(
        stderr.contains("none of the 2 photos were imported")
            && stderr.contains("project.json.tmp")
            && stderr.contains("MB"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("Is a directory").count(),
        1,
        "the reason is said once: {stderr}"
    );
    assert!(store::load(&root).unwrap().photos.is_empty());
    let paths = ProjectPaths::new(&root);
    for folder in [
        paths.photos_dir(),
        paths.cache_dir().join("previews"),
        paths.cache_dir().join("thumbs"),
    ] {
        let left: Vec<_> = std::fs::read_dir(&folder)
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{}: strays {left:?}", folder.display());
    }
}

/// A small tmpfs mounted for one test and unmounted when dropped, even when the test panics.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// Mounts `size` (e.g. "64k") at `at`; `None` where mounting is not allowed (not root).
    fn mount(at: &std::path::Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(at.to_owned()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_export_that_runs_out_of_space_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("full"), "64k") else {
        println!("skipped: cannot mount a tmpfs here (the test needs root, as CI runs)");
        return;
    };
    let target = disk.0.join("report.pdf");
    let e = afterglow_core::imaging::write_export(&target, &vec![7u8; 1 << 20]).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "{e}");
    // Neither the final name nor the temporary file the write went through.
    let left: Vec<_> = std::fs::read_dir(&disk.0).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_project_on_a_read_only_disk_opens_read_only_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("card"), "8m") else {
        println!("skipped: cannot mount a tmpfs here (the test needs root, as CI runs)");
        return;
    };
    let root = disk.0.join("p.afterglow");
    store::create(&root, "On a card").unwrap();
    let remounted = std::process::Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&disk.0)
        .status()
        .unwrap();
    assert!(remounted.success());
    let open = store::OpenProject::open(&root).unwrap();
    assert!(open.is_read_only());
    let reason = open.read_only_reason.clone().unwrap();
    assert!(reason.contains("read-only disk"), "{reason}");
    // Looking works; changing is refused with the same reason, naming the folder.
    common::afterglow()
        .arg("list")
        .arg(&root)
        .assert()
        .success();
    let out = common::afterglow()
        .args(["session", "add"])
        .arg(&root)
        .args(["--date", "2026-03-02"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read-only disk"), "{stderr}");
    assert!(stderr.contains("p.afterglow"), "{stderr}");
}

#[test]
fn an_import_onto_a_nearly_full_disk_stores_what_fits_and_says_how_much_more_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("small"), "2m") else {
        println!("skipped: cannot mount a tmpfs here (the test needs root, as CI runs)");
        return;
    };
    let root = new_project(&disk.0);
    let photos: Vec<std::path::PathBuf> = std::fs::read_dir(common::sample_photos())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    assert_eq!(photos.len(), 15);
    let out = common::afterglow()
        .arg("import")
        .arg(&root)
        .args(&photos)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}{stderr}");
    assert_ne!(out.status.code(), Some(0), "a full disk is not a success");
    // What the saved project holds is exactly what was said to be imported.
    let project = store::load(&root).unwrap();
    let stored = project.photos.len();
    assert!((1..15).contains(&stored), "{stored} stored");
    assert_eq!(stdout.matches("imported:").count(), stored, "{stdout}");
    // One message for the rest, with the counts and the room needed.
    let message = format!(
        "Disk full: {stored} of 15 photos imported; {} need",
        15 - stored
    );
    assert_eq!(stderr.matches("Disk full").count(), 1, "{stderr}");
    assert!(
        stderr.contains(&message) && stderr.contains("MB more"),
        "{stderr}"
    );
    // Every photo it lists is there, byte for byte; no strays, no temporary files.
    let paths = ProjectPaths::new(&root);
    for photo in &project.photos {
        let bytes = std::fs::read(root.join(&photo.file)).unwrap();
        assert_eq!(blake3::hash(&bytes).to_hex().to_string(), photo.hash);
    }
    let originals = std::fs::read_dir(paths.photos_dir()).unwrap().count();
    assert_eq!(originals, stored, "no stray originals");
    no_temporary_files(&root);
    // And the project opens and checks out.
    common::afterglow()
        .arg("check")
        .arg(&root)
        .assert()
        .success();
}

/// Fills the disk at `at` with one file until it takes no more; returns the file.
fn fill(at: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let filler = at.join("filler.bin");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).and_then(|()| f.sync_all()).is_ok() {}
    filler
}

#[test]
fn the_app_keeps_an_edit_on_a_full_disk_in_memory_and_saves_it_once_there_is_room() {
    use afterglow_app::{AfterglowApp, SaveStatus, Settings};
    use afterglow_core::project::Command;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("full"), "8m") else {
        println!("skipped: cannot mount a tmpfs here (the test needs root, as CI runs)");
        return;
    };
    let root = common::demo_copy(&disk.0);
    let before = std::fs::read(root.join("project.json")).unwrap();
    let open = store::OpenProject::open(&root).unwrap();
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(
            |ui, app: &mut AfterglowApp| app.frame(ui),
            AfterglowApp::with_project(Settings::default(), open),
        );
    h.step();
    let filler = fill(&disk.0);
    let ws = h.state_mut().workspace.as_mut().unwrap();
    let mut photo = ws.project().photos[0].clone();
    photo.annotation.note = "Written while the disk was full".into();
    ws.apply(Command::UpdatePhoto(Box::new(photo))).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let message = loop {
        h.step();
        if let SaveStatus::Failed(m) = h.state().workspace.as_ref().unwrap().save_status() {
            break m;
        }
        assert!(Instant::now() < deadline, "the save never failed");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        message.to_lowercase().contains("space") || message.contains("full"),
        "{message}"
    );
    // project.json is as it was, no temporary file is left, and the edit is still in memory.
    assert_eq!(std::fs::read(root.join("project.json")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let note = |h: &egui_kittest::Harness<'_, AfterglowApp>| {
        h.state().workspace.as_ref().unwrap().project().photos[0]
            .annotation
            .note
            .clone()
    };
    assert_eq!(note(&h), "Written while the disk was full");

    // Room again: the retry (its delay moved back rather than waited for) saves the edit.
    std::fs::remove_file(filler).unwrap();
    h.state_mut().workspace.as_mut().unwrap().save.failed_at =
        Some(Instant::now() - Duration::from_secs(60));
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().workspace.as_ref().unwrap().save_status() != SaveStatus::Saved {
        assert!(Instant::now() < deadline, "the retried save never came");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        store::load(&root).unwrap().photos[0].annotation.note,
        "Written while the disk was full"
    );
    drop(h);
}
