//! Views: each photo is front, left 45° or right 45° (from its face's turn, or set by hand);
//! each view is aligned to its own reference, and the main view's reference, regions and
//! measurements are not disturbed by photos of another view.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use afterglow_core::align::{Outcome, align_project, update_command};
use afterglow_core::geometry::Affine2;
use afterglow_core::project::{Command, PhotoId, Project, View};
use afterglow_core::store::{self, ProjectPaths};

/// A copy of the demo project cut down to the photos named.
fn small_demo(dir: &Path, keep: &[&str]) -> (ProjectPaths, Project) {
    let root = common::demo_copy(dir);
    let mut project = store::load(&root).unwrap();
    project
        .photos
        .retain(|p| keep.contains(&p.original_name.as_str()));
    project.regions.clear();
    store::save(&root, &project).unwrap();
    (ProjectPaths::new(root), project)
}

use common::id_named as id_of;

#[test]
fn each_view_is_aligned_to_its_own_reference() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "IMG_4811.jpg",
        "IMG_4818.jpg",
        "IMG_4832.jpg",
        "IMG_4839.jpg",
    ];
    let (paths, mut project) = small_demo(dir.path(), &names);
    // Two of the photos said (by hand) to be left 45° views.
    for name in ["IMG_4818.jpg", "IMG_4839.jpg"] {
        let id = id_of(&project, name);
        project.photo_mut(&id).unwrap().view_set = Some(View::Left45);
    }
    let front_ref = id_of(&project, "IMG_4811.jpg");
    let side_ref = id_of(&project, "IMG_4818.jpg");
    assert_eq!(project.main_view(), View::Front);
    assert_eq!(project.reference_photo().unwrap().id, front_ref);
    assert_eq!(
        project.reference_photo_for(View::Left45).unwrap().id,
        side_ref,
        "the earliest photo of the view is its reference"
    );
    assert!(project.reference_photo_for(View::Right45).is_none());
    assert_eq!(project.views(), vec![View::Front, View::Left45]);

    let reports = align_project(&paths, &project, &|_| {}, &AtomicBool::new(false)).unwrap();
    let mut after = project.clone();
    update_command(&project, &reports)
        .unwrap()
        .apply(&mut after)
        .unwrap();
    for r in &reports {
        let photo = after.photo(&r.id).unwrap();
        assert_eq!(r.view, photo.view(), "{}", photo.original_name);
        let Outcome::Aligned { alignment, .. } = &r.outcome else {
            panic!("{}: {:?}", photo.original_name, r.outcome);
        };
        let wanted = after.reference_of(photo).unwrap().id.clone();
        assert_eq!(
            alignment.reference.as_ref(),
            Some(&wanted),
            "{}",
            photo.original_name
        );
        if photo.id == side_ref || photo.id == front_ref {
            assert_eq!(alignment.reference_from_photo, Affine2::IDENTITY);
        }
        // The line the command line prints names side views only.
        assert_eq!(
            r.line().contains("left 45° view"),
            photo.view() == View::Left45,
            "{}",
            r.line()
        );
    }
    // The demo's faces look at the camera: their turn is measured and they stay front.
    for name in ["IMG_4811.jpg", "IMG_4832.jpg"] {
        let p = after.photo(&id_of(&after, name)).unwrap();
        let yaw = p.face_yaw.expect("the face's turn is stored");
        assert!(yaw.abs() < 10.0, "{name}: {yaw}");
        assert_eq!(p.view(), View::Front);
    }
    // Every aligned photo's preview is in its own view's frame.
    for p in &after.photos {
        afterglow_core::align::aligned_preview(&paths, &after, p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.original_name));
    }
}

#[test]
fn choosing_a_side_views_reference_leaves_the_main_one_and_undoes() {
    let mut project = Project::new("t", chrono::Utc::now());
    let day = |d| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    };
    for (id, d, yaw) in [("aaaa", 1, 2.0), ("bbbb", 2, -44.0), ("cccc", 3, -40.0)] {
        let mut p = afterglow_core::project::Photo::new(id, day(d), 100, 100);
        p.face_yaw = Some(yaw);
        project.photos.push(p);
    }
    let (a, c) = (PhotoId("aaaa".into()), PhotoId("cccc".into()));
    assert_eq!(project.photo(&c).unwrap().view(), View::Left45);
    assert_eq!(
        project.reference_photo_for(View::Left45).unwrap().id.0,
        "bbbb"
    );
    let choose = project.choose_reference(project.photo(&c).unwrap());
    assert!(matches!(choose, Command::SetViewReference(View::Left45, _)));
    let undo = choose.apply(&mut project).unwrap();
    assert_eq!(project.reference_photo_for(View::Left45).unwrap().id, c);
    assert_eq!(
        project.reference_photo().unwrap().id,
        a,
        "front is untouched"
    );
    undo.apply(&mut project).unwrap();
    assert_eq!(
        project.reference_photo_for(View::Left45).unwrap().id.0,
        "bbbb"
    );
    // Set by hand, the view wins over the measured turn.
    project.photo_mut(&c).unwrap().view_set = Some(View::Front);
    assert_eq!(project.photo(&c).unwrap().view(), View::Front);
    // A project saved before views existed reads as all front.
    let json = serde_json::to_value(&project).unwrap();
    assert!(json["photos"][0].get("view_set").is_none());
}

#[test]
fn set_view_on_the_command_line_then_align_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, project) = small_demo(dir.path(), &["IMG_4811.jpg", "IMG_4832.jpg"]);
    let id = id_of(&project, "IMG_4832.jpg");
    let out = common::afterglow()
        .args(["set-view"])
        .arg(&paths.root)
        .args([&id.0[..6], "right-45"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("right 45° view (set by hand)"), "{stdout}");
    let out = common::afterglow()
        .arg("align")
        .arg(&paths.root)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("right 45° view"), "{stdout}");
    let saved = store::load(&paths.root).unwrap();
    let p = saved.photo(&id).unwrap();
    assert_eq!(
        p.alignment.as_ref().unwrap().reference.as_ref(),
        Some(&id),
        "alone in its view, it is its own reference"
    );
    let out = common::afterglow()
        .arg("set-view")
        .arg(&paths.root)
        .args([&id.0[..6], "sideways"])
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("unknown view"), "{stderr}");
}

#[test]
fn the_report_shows_each_view_on_its_own_page() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "IMG_4811.jpg",
        "IMG_4818.jpg",
        "IMG_4832.jpg",
        "IMG_4839.jpg",
    ];
    let (paths, mut project) = small_demo(dir.path(), &names);
    for name in ["IMG_4832.jpg", "IMG_4839.jpg"] {
        let id = id_of(&project, name);
        project.photo_mut(&id).unwrap().view_set = Some(View::Right45);
    }
    let reports = align_project(&paths, &project, &|_| {}, &AtomicBool::new(false)).unwrap();
    if let Some(c) = update_command(&project, &reports) {
        c.apply(&mut project).unwrap();
    }
    // The default selection keeps to the main view.
    let chosen = afterglow_core::report::default_selection(&project);
    assert!(
        chosen
            .iter()
            .all(|id| project.photo(id).unwrap().view() == View::Front),
        "{chosen:?}"
    );
    let created = chrono::NaiveDate::from_ymd_opt(2026, 5, 10)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let options = afterglow_core::report::ReportOptions::new(created);
    let pdf = afterglow_core::report::build_pdf(&paths, &project, &options, &|_| {}).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let all: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&all).unwrap();
    for expected in [
        "The right 45° view — 2 photos",
        "the right 45° reference",
        "the latest, aligned to the right 45° reference",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(!text.contains("left 45°"), "no left 45° photos, no page");
    // A photo of another view asked for by hand is refused with the reason.
    let mut by_hand = options.clone();
    by_hand.photos = Some(vec![id_of(&project, "IMG_4839.jpg")]);
    let err = afterglow_core::report::build_pdf(&paths, &project, &by_hand, &|_| {})
        .expect_err("a side view photo is refused");
    assert!(err.to_string().contains("right 45° view"), "{err}");
}
