//! The command line end to end, on temporary copies of the sample data.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::afterglow;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn new_import_session_list_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("Skin 2026.afterglow");
    afterglow().arg("new").arg(&project).assert().success();
    assert!(project.join("project.json").exists());
    assert!(project.join("photos").is_dir() && project.join("trash").is_dir());

    let out = afterglow()
        .arg("import")
        .arg(&project)
        .arg(common::sample_photos())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = stdout(&out);
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.starts_with("imported: "))
            .count(),
        15,
        "{lines}"
    );
    assert!(
        lines.contains("PXL_20260303_084000123.jpg (taken 2026-03-03 08:40, date from file name)")
    );

    // Importing again reports duplicates, adds nothing, and is not a failure.
    let out = afterglow()
        .arg("import")
        .arg(&project)
        .arg(common::sample_photos().join("IMG_4811.jpg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("duplicate: "));

    for (date, depth) in [
        ("2026-03-02", "0.5"),
        ("2026-03-30", "0.75"),
        ("2026-04-27", "1.0"),
    ] {
        afterglow()
            .args(["session", "add"])
            .arg(&project)
            .args([
                "--date", date, "--time", "10:00", "--depth", depth, "--notes", "ok",
            ])
            .assert()
            .success();
    }
    let out = afterglow()
        .arg("list")
        .arg(&project)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let photos = list["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 15);
    let truth = common::truth();
    for t in truth["photos"].as_array().unwrap() {
        let p = photos
            .iter()
            .find(|p| p["original_name"] == t["file"])
            .unwrap_or_else(|| panic!("{} not listed", t["file"]));
        // truth's session 0 means baseline (before the first session).
        let session = t["session"].as_u64().unwrap();
        if session == 0 {
            assert!(p["session_number"].is_null(), "{}", t["file"]);
        } else {
            assert_eq!(p["session_number"].as_u64(), Some(session), "{}", t["file"]);
            assert_eq!(p["day"], t["day"], "{}", t["file"]);
        }
    }
    let day1 = photos
        .iter()
        .find(|p| p["original_name"] == "IMG_4860.jpg")
        .unwrap();
    assert_eq!(day1["label"], "Session 2 · day 1 · 31 Mar 2026");
    let ids = common::milestone_ids(day1);
    assert!(
        ids.contains(&"no-actives") && ids.contains(&"sun"),
        "{ids:?}"
    );
    assert_eq!(list["sessions"].as_array().unwrap().len(), 3);

    // Plain text listing.
    let out = afterglow().arg("list").arg(&project).output().unwrap();
    assert!(stdout(&out).contains("Session 3 · day 7"));
}

#[test]
fn rejected_files_give_exit_1_and_a_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.afterglow");
    afterglow().arg("new").arg(&project).assert().success();
    let bad = dir.path().join("broken.jpg");
    std::fs::write(&bad, b"not a jpeg at all").unwrap();
    let out = afterglow()
        .arg("import")
        .arg(&project)
        .arg(&bad)
        .arg(common::sample_photos().join("IMG_4818.jpg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("rejected: ") && err.contains("broken.jpg"),
        "{err}"
    );
    assert!(stdout(&out).contains("imported: "));
}

#[test]
fn bad_usage_and_missing_projects_exit_2() {
    let out = afterglow().arg("import").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = afterglow()
        .args(["list", "/nonexistent/x.afterglow"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/nonexistent/x.afterglow"),
        "{}",
        stderr(&out)
    );
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.afterglow");
    afterglow().arg("new").arg(&project).assert().success();
    let out = afterglow()
        .args(["session", "add"])
        .arg(&project)
        .args(["--date", "March 3rd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"));
}

#[test]
fn a_date_can_be_corrected_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::demo_copy(dir.path());
    let list: serde_json::Value = serde_json::from_slice(
        &afterglow()
            .arg("list")
            .arg(&project)
            .arg("--json")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let id = list["photos"][3]["id"].as_str().unwrap().to_owned();
    afterglow()
        .arg("set-date")
        .arg(&project)
        .arg(&id[..8])
        .arg("2026-03-06 07:45")
        .assert()
        .success();
    let list: serde_json::Value = serde_json::from_slice(
        &afterglow()
            .arg("list")
            .arg(&project)
            .arg("--json")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let p = list["photos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id.as_str())
        .unwrap();
    assert_eq!(p["taken_at"], "2026-03-06T07:45:00");
    assert_eq!(p["date_source"], "Manual");
    assert_eq!(p["day"], 4);
}

#[test]
fn a_locked_project_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::demo_copy(dir.path());
    let _held = afterglow_core::store::OpenProject::open(&project).unwrap();
    let before = std::fs::read(project.join("project.json")).unwrap();
    let out = afterglow()
        .args(["session", "add"])
        .arg(&project)
        .args(["--date", "2026-06-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("reading only"), "{}", stderr(&out));
    assert_eq!(std::fs::read(project.join("project.json")).unwrap(), before);
}
