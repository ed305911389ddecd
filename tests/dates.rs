//! Dates without times (issue 17.6), end to end: a photo dated only by its file name
//! ("2026-01-02.jpg", no EXIF date) imports as date-only, the CLI lists it without a time and
//! places it by calendar day, `set-date` keeps or clears date-only, and a project with only
//! timed photos is written exactly as before.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use afterglow_core::import::Outcome;
use afterglow_core::project::{DateSource, Photo};
use afterglow_core::store::OpenProject;
use common::{afterglow, list_json};

fn photo_named<'v>(list: &'v serde_json::Value, name: &str) -> &'v serde_json::Value {
    list["photos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["original_name"] == name)
        .unwrap_or_else(|| panic!("no photo {name}"))
}

#[test]
fn a_file_named_by_its_day_imports_as_date_only_and_exif_style_names_keep_their_time() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::new_project(dir.path());
    let day = common::jpeg_named(dir.path(), "2026-01-02.jpg", 1);
    let timed = common::jpeg_named(dir.path(), "IMG_20260102_000000.jpg", 2);
    let reports = common::import_into(&root, &[day, timed]);
    let photo = |name: &str| -> Photo {
        reports
            .iter()
            .find_map(|r| match &r.outcome {
                Outcome::Imported(p) if p.original_name == name => Some((**p).clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name} was not imported"))
    };
    let day = photo("2026-01-02.jpg");
    assert_eq!(day.taken_at_source, DateSource::FileName);
    assert!(day.date_only, "a name without a time gives a day only");
    assert_eq!(day.taken_label(), "2 Jan 2026");
    // A name with a time, even midnight, is timed.
    let timed = photo("IMG_20260102_000000.jpg");
    assert!(!timed.date_only);
    // The import's own line says the day only.
    let line = reports
        .iter()
        .map(|r| r.line())
        .find(|l| l.contains("2026-01-02.jpg (taken"))
        .unwrap();
    assert!(
        line.contains("(taken 2026-01-02, date from file name)"),
        "{line}"
    );
}

#[test]
fn the_cli_lists_a_day_only_photo_without_a_time_and_places_it_by_calendar_day() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::project_with_day_only_photos(dir.path());
    let list = list_json(&root);

    let session_day = photo_named(&list, "2026-01-01.jpg");
    assert_eq!(session_day["taken_at"], "2026-01-01");
    assert_eq!(session_day["date_only"], true);
    // Same calendar day as the 14:00 session: its day 0, not "before" it by a midnight.
    assert_eq!(session_day["session_number"], 1);
    assert_eq!(session_day["day"], 0);
    let next_day = photo_named(&list, "2026-01-02.jpg");
    assert_eq!(next_day["day"], 1);
    let ids = common::milestone_ids(next_day);
    assert!(
        !ids.contains(&"session"),
        "day 1 is not the session day: {ids:?}"
    );
    // The timed photo from that morning is before the session.
    let morning = photo_named(&list, "IMG_20260101_090000.jpg");
    assert_eq!(morning["taken_at"], "2026-01-01T09:00:00");
    assert_eq!(morning["date_only"], false);
    assert_eq!(morning["session_number"], serde_json::Value::Null);

    let out = afterglow().arg("list").arg(&root).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.contains("2026-01-02.jpg")).unwrap();
    assert!(line.contains("2026-01-02 "), "{line}");
    assert!(!line.contains("00:00"), "no invented time: {line}");
    assert!(line.contains("Session 1 · day 1"), "{line}");
}

#[test]
fn set_date_without_a_time_makes_a_photo_date_only_and_with_a_time_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::project_with_day_only_photos(dir.path());
    let id = photo_named(&list_json(&root), "IMG_20260101_090000.jpg")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let set = |date: &str| {
        afterglow()
            .arg("set-date")
            .arg(&root)
            .arg(&id[..8])
            .arg(date)
            .assert()
            .success();
        photo_named(&list_json(&root), "IMG_20260101_090000.jpg").clone()
    };
    let p = set("2026-01-01");
    assert_eq!(
        (p["taken_at"].as_str(), p["date_only"].as_bool()),
        (Some("2026-01-01"), Some(true))
    );
    assert_eq!(p["day"], 0, "now counted as the session day");
    let p = set("2026-01-01 15:30");
    assert_eq!(
        (p["taken_at"].as_str(), p["date_only"].as_bool()),
        (Some("2026-01-01T15:30:00"), Some(false))
    );
}

#[test]
fn a_project_with_only_timed_photos_is_written_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let before = std::fs::read_to_string(root.join("project.json")).unwrap();
    assert!(!before.contains("date_only"));
    let open = OpenProject::open_for_writing(&root).unwrap();
    open.save().unwrap();
    drop(open);
    let after = std::fs::read_to_string(root.join("project.json")).unwrap();
    assert!(
        !after.contains("date_only"),
        "the field is left out when false"
    );
    let old: serde_json::Value = serde_json::from_str(&before).unwrap();
    let new: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        old["photos"], new["photos"],
        "every photo written unchanged"
    );
}
