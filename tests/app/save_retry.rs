//! A save that fails (a full disk, a blocked file) keeps the change in memory, says so in
//! the top bar, and is tried again by itself a little later — no further edit needed — so
//! the change reaches the disk once there is room again (issue 15, item 1).

use crate::{app_support, common};

use std::time::{Duration, Instant};

use afterglow_app::{AfterglowApp, SaveStatus, Settings};
use afterglow_core::project::Command;
use afterglow_core::store::{self, OpenProject};

#[test]
fn a_failed_save_is_retried_by_itself_once_the_disk_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = app_support::harness_of_height(
        AfterglowApp::with_project(Settings::default(), open),
        1000.0,
    );
    h.step();
    // A directory where the save writes its temporary file: every save fails, as on a full
    // disk (and running as root does not get around it).
    let blocker = root.join("project.json.tmp");
    std::fs::create_dir(&blocker).unwrap();
    h.state_mut()
        .workspace
        .as_mut()
        .unwrap()
        .apply(Command::Rename("Renamed while the disk was full".into()))
        .unwrap();
    app_support::settle_within(&mut h, "the save to fail", 60, |a| {
        matches!(
            a.workspace.as_ref().unwrap().save_status(),
            SaveStatus::Failed(_)
        )
    });
    assert_ne!(
        store::load(&root).unwrap().name,
        "Renamed while the disk was full"
    );
    // Still failing: the change stays in memory, not lost.
    assert_eq!(
        h.state().workspace.as_ref().unwrap().project().name,
        "Renamed while the disk was full"
    );

    // Room again; the retry delay passes (moved back rather than waited for).
    std::fs::remove_dir(&blocker).unwrap();
    let ws = h.state_mut().workspace.as_mut().unwrap();
    ws.save.failed_at = Some(Instant::now() - Duration::from_secs(60));
    app_support::settle_within(&mut h, "the retried save", 60, |a| {
        a.workspace.as_ref().unwrap().save_status() == SaveStatus::Saved
    });
    assert_eq!(
        store::load(&root).unwrap().name,
        "Renamed while the disk was full"
    );
}
