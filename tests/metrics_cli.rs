//! `afterglow metrics` and the guide fields of `afterglow list --json`, end to end.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::afterglow;
mod metrics_support;

use afterglow_core::metrics::CSV_HEADER;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn metrics_prints_a_table_and_writes_csv_rows_per_photo_and_region() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, _, _) = metrics_support::aligned_demo(dir.path(), false);
    let out = afterglow()
        .arg("metrics")
        .arg(&paths.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("Date") && lines[0].contains("a*"),
        "{table}"
    );
    let rows = lines.iter().filter(|l| l.starts_with("2026-")).count();
    assert_eq!(rows, 15 * 4, "{table}");
    assert!(table.contains("Session 2 · day 7"));
    assert!(table.contains("Remarks:"));
    // No patch in the demo: the colours are matched through the surroundings.
    assert!(table.contains("surroundings"), "{table}");
    assert!(!table.contains("uncalibrated"), "{table}");

    let csv = dir.path().join("out.csv");
    let out = afterglow()
        .arg("metrics")
        .arg(&paths.root)
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&csv).unwrap();
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some(CSV_HEADER));
    let header: Vec<&str> = CSV_HEADER.split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 60);
    let day7 = rows
        .iter()
        .find(|r| r[col("file")] == "IMG_4839.jpg" && r[col("region")] == "Chin")
        .unwrap();
    assert_eq!(day7[col("date")], "2026-03-09 08:20");
    assert_eq!((day7[col("session")], day7[col("day")]), ("1", "7"));
    assert_eq!(day7[col("calibrated")], "surroundings");
    let residual: f64 = day7[col("colour_residual_percent")].parse().unwrap();
    assert!((0.0..6.0).contains(&residual), "{residual}");
    assert_eq!(day7[col("status")], "measured");
    // The user's scores sit beside the measured values.
    assert_eq!(
        (day7[col("redness_score")], day7[col("texture_score")]),
        ("0", "2")
    );
    let a: f64 = day7[col("a_star")].parse().unwrap();
    assert!((0.0..40.0).contains(&a));
    let baseline = rows
        .iter()
        .find(|r| r[col("file")] == "IMG_4811.jpg")
        .unwrap();
    assert_eq!((baseline[col("session")], baseline[col("day")]), ("", ""));
    // The second run comes from the cache.
    assert!(paths.cache_dir().join("metrics/metrics.json").exists());
}

#[test]
fn photos_not_aligned_are_listed_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (paths, mut project, _) = metrics_support::aligned_demo(dir.path(), false);
    for p in &mut project.photos {
        if Some(&p.id) != project.reference.as_ref() {
            p.alignment = None;
        }
    }
    afterglow_core::store::save(&paths.root, &project).unwrap();
    let out = afterglow()
        .arg("metrics")
        .arg(&paths.root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert_eq!(
        err.lines()
            .filter(|l| l.ends_with("not measured: not aligned to the reference yet"))
            .count(),
        14,
        "{err}"
    );
    assert!(err.contains("IMG_4818.jpg: not measured"));
    let table = text(&out.stdout);
    assert!(table.contains("14 photos not measured"), "{table}");
}

#[test]
fn metrics_without_regions_or_eye_marks_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::unaligned_demo_copy(dir.path());
    let out = afterglow().arg("metrics").arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("demo.afterglow") && err.contains("no regions"),
        "{err}"
    );
}

#[test]
fn list_json_gives_session_day_milestones_and_the_next_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    // With all three planned sessions entered, nothing is due.
    let list = common::list_json;
    assert!(list(&root)["next_session_due"].is_null());
    afterglow()
        .args(["session", "remove"])
        .arg(&root)
        .arg("3")
        .assert()
        .success();
    let doc = list(&root);
    // Session 2 on 30 March + the guide's 28 days.
    assert_eq!(doc["next_session_due"], "2026-04-27");
    let photos = doc["photos"].as_array().unwrap();
    let by_name = |n: &str| photos.iter().find(|p| p["original_name"] == n).unwrap();
    let day7 = by_name("IMG_4839.jpg");
    assert_eq!(
        (day7["session_number"].as_u64(), day7["day"].as_i64()),
        (Some(1), Some(7))
    );
    let ids: Vec<&str> = day7["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"results"), "{ids:?}");
    assert!(!ids.contains(&"no-actives"), "{ids:?}");
    // Without session 3, the photos after 27 April belong to session 2.
    let late = by_name("IMG_4909.jpg");
    assert_eq!(
        (late["session_number"].as_u64(), late["day"].as_i64()),
        (Some(2), Some(35))
    );
    let baseline = by_name("IMG_4811.jpg");
    assert!(baseline["session"].is_null() && baseline["day"].is_null());
    assert_eq!(baseline["label"], "Baseline · 2 Mar 2026");
}

#[test]
fn align_places_the_default_regions_on_the_reference_face_so_metrics_can_measure() {
    use afterglow_core::geometry::Point;
    use afterglow_core::project::Shape;

    let dir = tempfile::tempdir().unwrap();
    let root = common::unaligned_demo_copy(dir.path());
    let out = afterglow().arg("align").arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("placed the default regions on the reference"),
        "{}",
        text(&out.stdout)
    );

    // Placed on the reference's face mesh, each region sits on its own part of the face as
    // the generator's true eye positions say: in the face's own frame (x along the eye line
    // towards the person's left, y down the face, in eye distances from the eyes' midpoint).
    let project = afterglow_core::store::load(&root).unwrap();
    assert_eq!(project.regions.len(), 4);
    let truth = common::truth();
    let eyes: Vec<Point> = serde_json::from_value(truth["photos"][0]["eyes"].clone()).unwrap();
    let (r, l) = if eyes[0].x < eyes[1].x {
        (eyes[0], eyes[1])
    } else {
        (eyes[1], eyes[0])
    };
    let iod = r.distance(l);
    let (c, s) = ((l.x - r.x) / iod, (l.y - r.y) / iod);
    let mid = Point::new((r.x + l.x) / 2.0, (r.y + l.y) / 2.0);
    let local = |p: Point| {
        let (dx, dy) = (p.x - mid.x, p.y - mid.y);
        ((dx * c + dy * s) / iod, (-dx * s + dy * c) / iod)
    };
    for region in &project.regions {
        let Shape::Ellipse { centre, radii, .. } = region.shape else {
            panic!("{region:?}")
        };
        let (x, y) = local(centre);
        let at_home = match region.name.split(' ').next().unwrap() {
            "Left" => x > 0.3 && x < 1.0 && y > 0.3 && y < 1.2,
            "Right" => x < -0.3 && x > -1.0 && y > 0.3 && y < 1.2,
            "Forehead" => x.abs() < 0.2 && y < -0.4 && y > -1.2,
            "Chin" => x.abs() < 0.2 && y > 1.3 && y < 2.3,
            other => panic!("unexpected region {other}"),
        };
        assert!(at_home, "{} at ({x:.2}, {y:.2}) IOD", region.name);
        assert!(
            radii[0].min(radii[1]) > 0.08 * iod,
            "{} is too small: {radii:?}",
            region.name
        );
    }

    // A second run keeps the regions (they are the user's now).
    let again = afterglow().arg("align").arg(&root).output().unwrap();
    assert!(!text(&again.stdout).contains("placed the default regions"));
    assert_eq!(
        afterglow_core::store::load(&root).unwrap().regions,
        project.regions
    );

    let out = afterglow().arg("metrics").arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows = text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("2026-"))
        .count();
    assert_eq!(rows, 15 * 4);
}
