//! Nothing private left behind (issue 15, item 5): face photos are health data, so running the
//! command line over a whole course — new, import, sessions, align, metrics, report with a
//! sheet and a CSV, timelapse, list, set-date, check — leaves nothing in the user's home,
//! config, data, cache or state folders, or in the temporary folder: no photo, no preview, no
//! file name. Everything it writes is in the project or at the export paths it was given,
//! and no export is left half-written beside them.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_owned())
        .collect()
}

#[test]
fn a_whole_course_through_the_command_line_leaves_nothing_outside_the_project_and_its_exports() {
    let dir = tempfile::tempdir().unwrap();
    let env_dirs = [
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "runtime"),
        ("TMPDIR", "tmp"),
    ];
    for (_, name) in env_dirs {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
    }
    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let project = dir.path().join("course.afterglow");
    let p = project.to_str().unwrap();
    let photos = common::sample_photos();
    let run = |args: &[&str]| {
        let mut cmd = common::afterglow();
        for (var, name) in env_dirs {
            cmd.env(var, dir.path().join(name));
        }
        let out = cmd.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "afterglow {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let export = |name: &str| exports.join(name).to_str().unwrap().to_owned();

    run(&["new", p]);
    run(&["import", p, photos.to_str().unwrap()]);
    run(&[
        "session",
        "add",
        p,
        "--date",
        "2026-03-02",
        "--time",
        "10:00",
    ]);
    run(&["align", p]);
    run(&["metrics", p, "--csv", &export("metrics.csv")]);
    run(&[
        "report",
        p,
        "-o",
        &export("report.pdf"),
        "--sheet",
        &export("sheet.png"),
        "--csv",
        &export("report.csv"),
    ]);
    run(&["timelapse", p, "-o", &export("course.gif")]);
    let list = run(&["list", p]);
    let first_id = list
        .lines()
        .find_map(|l| l.split_whitespace().find(|w| w.len() == 16))
        .unwrap_or_else(|| panic!("no photo id in:\n{list}"))
        .to_owned();
    run(&["set-date", p, &first_id, "2026-03-01 09:00"]);
    run(&["check", p]);

    for (var, name) in env_dirs {
        let left = files_under(&dir.path().join(name));
        assert!(left.is_empty(), "${var} holds {left:?}");
    }
    let mut written: Vec<String> = files_under(&exports)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "course.gif",
            "metrics.csv",
            "report.csv",
            "report.pdf",
            "sheet.png"
        ],
        "exactly the exports asked for, nothing half-written beside them"
    );
}
