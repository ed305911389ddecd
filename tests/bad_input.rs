//! The catalogue of bad input. Each case gives a clear error naming the file and the problem,
//! nothing panics (the app keeps running), and nothing on disk changes unless the user asks
//! `afterglow check --repair` to put things right.
//!
//! | case                                         | where it is tested                                   |
//! |----------------------------------------------|------------------------------------------------------|
//! | a zero-byte file                             | `tests/import.rs` each_kind_of_bad_file… (`Empty`); here through the CLI |
//! | a JPEG truncated at every tenth of its length| here: `jpeg_cut_at_every_tenth…`                     |
//! | a PNG whose header claims 100000×100000      | `tests/import.rs` each_kind_of_bad_file… (`TooLarge`); here through the CLI, and a JPEG that claims 65535×65535 |
//! | a JPEG with a malformed EXIF block           | here: `malformed_exif_blocks…` (imports, dated by name or file time) |
//! | a HEIC cut short, without its primary image, or with a garbled decoder configuration | `tests/heif_import.rs` heic_imports_dated… (`Decode`, libheif's reason); seeds of the `heif_decode` fuzz corpus |
//! | a HEIC claiming more pixels than the limit   | `crates/afterglow-heif/tests/decode_files.rs` damaged_and_oversized… (refused before decoding) |
//! | a text file named `.jpg`                     | `tests/import.rs` each_kind_of_bad_file… (`NotAnImage`); here through the CLI |
//! | a symlink loop inside an imported folder     | here: `a_symlink_loop…`                              |
//! | project.json with an absolute or `..` path   | `tests/store.rs` paths_leaving_the_folder…; here: what `check` says |
//! | project.json with duplicate ids              | `tests/store.rs` duplicate_ids_and_dangling_reference… |
//! | a missing photo file                         | here: `a_missing_photo…` (loads; `check` reports it; `--search` puts it back) |
//! | a reference to a photo that doesn't exist    | `tests/store.rs` duplicate_ids_and_dangling_reference… |
//! | a future version                             | `tests/store.rs` newer_version_is_refused…; here: `check`/`--repair` leave it alone |
//! | invalid UTF-8                                | `tests/store.rs` invalid_utf8…; here: the message gives line, column and reason |
//! | 100 MB of JSON                               | here: `a_100_mb_project_file…`; also millions of tiny values under the cap, and deep nesting |
//! | a region mostly outside a photo, or overexposed, or too dark to read | `crates/afterglow-core/src/metrics/measure.rs` tests (the reason instead of a number, in the CSV's `status`); `tests/colour_normalisation.rs` (casts that clip bright skin) |
//!
//! Also here: what `check` finds and `--repair` restores (a damaged project.json from its
//! backup, a photo left in the other folder, a changed photo with a copy, leftover temporary
//! files), and the core of "Locate…".

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{afterglow, edit_json, new_project};

#[allow(dead_code)]
#[path = "../examples/make-sample-data/exif.rs"]
mod exif;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use afterglow_core::import::{self, DecodeError, ImportError, Outcome};
use afterglow_core::project::DateSource;
use afterglow_core::store::check::{self, PhotoState, ProjectFileState};
use afterglow_core::store::{self, ProjectPaths, StoreError};

/// Every file under `root` with a hash of its content: to prove nothing changed. The lock
/// file is left out: a command that may write takes the lock before it knows there is
/// nothing to write, and the lock says nothing about the project.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != "project.lock")
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_owned();
            let what = if e.file_type().is_file() {
                blake3::hash(&std::fs::read(e.path()).unwrap())
                    .to_hex()
                    .to_string()
            } else {
                "dir".to_owned()
            };
            (rel, what)
        })
        .collect()
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&std::ffi::OsStr]) -> Run {
    let out = afterglow().args(args).output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn import(root: &Path, inputs: &[PathBuf]) -> Vec<import::FileReport> {
    common::import_into(root, inputs)
}

// ---- photos ----------------------------------------------------------------------------

#[test]
fn jpeg_cut_at_every_tenth_of_its_length_is_refused_as_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let whole = std::fs::read(common::sample_photos().join("IMG_4811.jpg")).unwrap();
    let inbox = dir.path().join("cut");
    std::fs::create_dir_all(&inbox).unwrap();
    for tenth in 1..10 {
        let cut = whole.len() * tenth / 10;
        std::fs::write(inbox.join(format!("cut-{tenth}.jpg")), &whole[..cut]).unwrap();
    }
    let before = snapshot(&root);
    let reports = import(&root, std::slice::from_ref(&inbox));
    assert_eq!(reports.len(), 9);
    for r in &reports {
        assert!(
            matches!(
                r.outcome,
                Outcome::Rejected(ImportError::Decode(DecodeError::Truncated))
            ),
            "{}",
            r.line()
        );
        let line = r.line();
        assert!(line.contains(&r.path.display().to_string()) && line.contains("cut short"));
    }
    // Nothing written: no original, no preview, no temporary file.
    assert_eq!(snapshot(&root), before);
    // And the whole file still imports.
    std::fs::write(inbox.join("whole.jpg"), &whole).unwrap();
    let reports = import(&root, &[inbox.join("whole.jpg")]);
    assert!(matches!(reports[0].outcome, Outcome::Imported(_)));
}

/// A baseline JPEG whose frame header claims `w`×`h`, with a tiny scan: the walk reads the
/// size and the limit refuses it before the decoder allocates anything.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut j = common::small_jpeg(16, 16, 5);
    let sof = j.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
    j[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    j[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    j
}

#[test]
fn bad_files_through_the_command_line_name_the_file_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("empty.jpg"), b"").unwrap();
    std::fs::write(inbox.join("notes.jpg"), b"shopping list\n").unwrap();
    std::fs::write(
        inbox.join("bomb.png"),
        common::png_claiming(100_000, 100_000),
    )
    .unwrap();
    std::fs::write(inbox.join("huge.jpg"), jpeg_claiming(65_535, 65_535)).unwrap();
    let before = snapshot(&root);
    let out = run(&["import".as_ref(), root.as_os_str(), inbox.as_os_str()]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let line = |name: &str| {
        out.stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}: {}", out.stderr))
            .to_owned()
    };
    assert!(line("empty.jpg").contains("empty (0 bytes)"));
    assert!(line("notes.jpg").contains("not a photo"));
    let bomb = line("bomb.png");
    assert!(
        bomb.contains("100000×100000") && bomb.contains("decompression bomb"),
        "{bomb}"
    );
    let huge = line("huge.jpg");
    assert!(
        huge.contains("65535×65535") && huge.contains("limit"),
        "{huge}"
    );
    for l in out.stderr.lines() {
        assert!(
            l.starts_with("rejected: ") && l.contains(&inbox.display().to_string()),
            "{l}"
        );
    }
    assert_eq!(snapshot(&root), before, "nothing imported, nothing written");
}

/// A JPEG with the APP1 EXIF `block` ("Exif\0\0" + TIFF) inserted.
fn with_exif(block: &[u8]) -> Vec<u8> {
    exif::insert_into_jpeg(&common::small_jpeg(48, 32, 9), block)
}

fn tiff_header(rest: &[u8]) -> Vec<u8> {
    let mut b = b"Exif\0\0II*\0".to_vec();
    b.extend_from_slice(rest);
    b
}

#[test]
fn malformed_exif_blocks_still_import_dated_by_name_or_file_time() {
    let garbage_date = exif::exif_block(&exif::ExifTags {
        make: "Cam",
        model: "One",
        orientation: 9,
        date_time_original: "2026:13:45 99:99:99",
        offset_time_original: "+99:99",
        gps_latitude: [0.0; 3],
        gps_longitude: [0.0; 3],
    });
    let blocks: Vec<(&str, Vec<u8>)> = vec![
        (
            "garbage",
            b"Exif\0\0\x01\x02\x03 not a TIFF at all".to_vec(),
        ),
        // IFD0 said to start far past the end of the block.
        ("offset", tiff_header(&0x7FFF_FFF0u32.to_le_bytes())),
        // One entry claiming four billion values.
        (
            "count",
            tiff_header(&[
                8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 0xFF, 0xFF, 0xFF, 0xFF, 8, 0, 0, 0, 0, 0, 0, 0,
            ]),
        ),
        // IFD0 pointing at itself as the next IFD: a loop.
        ("loop", tiff_header(&[8, 0, 0, 0, 0, 0, 8, 0, 0, 0])),
        // Well formed, but the date, offset and orientation are nonsense.
        ("nonsense", garbage_date),
        // Cut in the middle of the TIFF.
        ("cut", b"Exif\0\0MM\0*\0\0\0\x08\0\x05\x01".to_vec()),
    ];
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut expected = Vec::new();
    for (i, (what, block)) in blocks.iter().enumerate() {
        let mut bytes = with_exif(block);
        bytes.push(i as u8); // distinct content after the EOI, so none is a duplicate
        let dated = format!("IMG_202603{:02}_101500-{what}.jpg", i + 1);
        std::fs::write(inbox.join(&dated), &bytes).unwrap();
        expected.push((dated, DateSource::FileName));
        bytes.push(0xAA);
        let undated = format!("photo-{what}.jpg");
        std::fs::write(inbox.join(&undated), &bytes).unwrap();
        expected.push((undated, DateSource::FileTime));
    }
    let reports = import(&root, &[inbox]);
    assert_eq!(reports.len(), expected.len());
    for (name, source) in expected {
        let r = reports
            .iter()
            .find(|r| r.path.file_name().unwrap().to_string_lossy() == name)
            .unwrap();
        let Outcome::Imported(p) = &r.outcome else {
            panic!("{}", r.line());
        };
        assert_eq!(p.taken_at_source, source, "{name}");
        assert_eq!(
            p.orientation, 1,
            "{name}: a nonsense orientation is ignored"
        );
        assert_eq!(p.utc_offset_minutes, None, "{name}");
        assert_eq!((p.width, p.height), (48, 32), "{name}");
        if source == DateSource::FileName {
            assert_eq!(p.taken_at.format("%H:%M").to_string(), "10:15", "{name}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_inside_an_imported_folder_is_reported_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(inbox.join("day 1")).unwrap();
    std::fs::write(
        inbox.join("day 1/IMG_20260301_101500.jpg"),
        common::small_jpeg(32, 32, 1),
    )
    .unwrap();
    std::os::unix::fs::symlink("..", inbox.join("day 1/back up")).unwrap();
    std::os::unix::fs::symlink("loop-b", inbox.join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", inbox.join("loop-b")).unwrap();
    let reports = import(&root, &[inbox]);
    let imported = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Imported(_)))
        .count();
    assert_eq!(
        imported, 1,
        "the photo imports once, not once per trip round the loop"
    );
    let loop_line = reports
        .iter()
        .map(|r| r.line())
        .find(|l| l.contains("back up"))
        .expect("the loop is reported");
    assert!(loop_line.contains("loops back"), "{loop_line}");
}

// ---- project.json ----------------------------------------------------------------------

#[test]
fn unsafe_paths_are_reported_by_check_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    std::fs::remove_file(root.join("project.json.bak")).unwrap();
    edit_json(&root, |v| {
        v["photos"][0]["file"] = "../../etc/passwd".into()
    });
    let before = snapshot(&root);
    let report = check::check(&root).unwrap();
    let ProjectFileState::Damaged { reason, .. } = &report.project_file else {
        panic!("{:?}", report.project_file)
    };
    assert!(
        reason.contains("photos[0].file") && reason.contains(".."),
        "{reason}"
    );
    let out = run(&["check".as_ref(), root.as_os_str()]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.contains("damaged: ") && out.stdout.contains("does not exist"),
        "{}",
        out.stdout
    );
    // --repair has nothing to restore from and says so, changing nothing.
    let out = run(&["check".as_ref(), root.as_os_str(), "--repair".as_ref()]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.contains("not repaired: ") && out.stdout.contains("nothing was changed"),
        "{}",
        out.stdout
    );
    assert_eq!(snapshot(&root), before);
}

#[test]
fn a_missing_photo_loads_is_reported_and_can_be_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = store::load(&root).unwrap();
    let gone = project.photos[4].clone();
    let kept_elsewhere = dir.path().join("my backup");
    std::fs::create_dir_all(&kept_elsewhere).unwrap();
    std::fs::rename(root.join(&gone.file), kept_elsewhere.join("renamed.jpg")).unwrap();
    std::fs::write(kept_elsewhere.join("other.jpg"), b"not it").unwrap();

    // It loads; the cheap check names it; `check` reports it; nothing changes.
    let open = store::OpenProject::open(&root).unwrap();
    let paths = &open.paths;
    assert_eq!(
        check::missing_photos(paths, &open.project),
        vec![gone.id.clone()]
    );
    drop(open);
    let _ = std::fs::remove_file(root.join("project.lock"));
    let before = snapshot(&root);
    let out = run(&["check".as_ref(), root.as_os_str()]);
    assert_eq!(out.code, Some(1));
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("missing: "))
        .unwrap();
    assert!(
        line.contains(&gone.id.0)
            && line.contains(&gone.original_name)
            && line.contains(&gone.file),
        "{line}"
    );
    assert!(out.stdout.contains("1 missing"), "{}", out.stdout);
    assert_eq!(snapshot(&root), before, "check alone changes nothing");

    // --repair cannot find it in the folder and says so plainly.
    let out = run(&["check".as_ref(), root.as_os_str(), "--repair".as_ref()]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.contains("not repaired: ") && out.stdout.contains("Locate"),
        "{}",
        out.stdout
    );
    assert!(!root.join(&gone.file).exists());

    // Locate: the wrong file is refused, the right one accepted.
    let paths = ProjectPaths::new(&root);
    let err = check::locate(&paths, &gone, &kept_elsewhere.join("other.jpg")).unwrap_err();
    assert!(matches!(err, check::LocateError::NotThePhoto { .. }));
    assert!(err.to_string().contains(&gone.original_name), "{err}");
    assert!(!root.join(&gone.file).exists());
    // --search finds it by content, under any name.
    let out = run(&[
        "check".as_ref(),
        root.as_os_str(),
        "--repair".as_ref(),
        "--search".as_ref(),
        kept_elsewhere.as_os_str(),
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stdout.contains("copied back from"), "{}", out.stdout);
    assert_eq!(
        std::fs::read(root.join(&gone.file)).unwrap(),
        std::fs::read(kept_elsewhere.join("renamed.jpg")).unwrap(),
        "the user's copy is copied, not moved"
    );
    assert!(check::check(&root).unwrap().is_clean());
}

#[test]
fn locate_accepts_only_the_photo_itself() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = store::load(&root).unwrap();
    let paths = ProjectPaths::new(&root);
    let photo = project.photos[2].clone();
    let copy = dir.path().join("copy.jpg");
    std::fs::copy(root.join(&photo.file), &copy).unwrap();
    std::fs::remove_file(root.join(&photo.file)).unwrap();
    // Another photo of the same project is not this one.
    let other = root.join(&project.photos[3].file);
    assert!(matches!(
        check::locate(&paths, &photo, &other),
        Err(check::LocateError::NotThePhoto { .. })
    ));
    assert!(matches!(
        check::locate(&paths, &photo, &dir.path().join("nowhere.jpg")),
        Err(check::LocateError::Read { .. })
    ));
    assert_eq!(
        check::locate(&paths, &photo, &copy).unwrap(),
        root.join(&photo.file)
    );
    assert!(check::missing_photos(&paths, &project).is_empty());
    assert!(check::check(&root).unwrap().is_clean());
}

#[test]
fn a_future_version_is_left_alone_by_check_and_repair() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    edit_json(&root, |v| v["version"] = 2.into());
    let before = snapshot(&root);
    let out = run(&["check".as_ref(), root.as_os_str(), "--repair".as_ref()]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("newer Afterglow"), "{}", out.stdout);
    assert_eq!(snapshot(&root), before);
}

#[test]
fn invalid_utf8_names_line_column_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let mut text = std::fs::read(root.join("project.json")).unwrap();
    let at = text.windows(4).position(|w| w == b"Test").unwrap();
    text[at + 1] = 0xFF;
    std::fs::write(root.join("project.json"), &text).unwrap();
    let line = text[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let err = store::load(&root).unwrap_err().to_string();
    assert!(err.contains("project.json"), "{err}");
    assert!(err.contains(&format!("line {line}")), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
}

#[test]
fn a_100_mb_project_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let file = std::fs::File::create(root.join("project.json")).unwrap();
    let mut w = std::io::BufWriter::new(file);
    use std::io::Write;
    w.write_all(br#"{"format": "afterglow-project", "version": 1, "name": ""#)
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..100 {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"\"}").unwrap();
    drop(w);
    let before = snapshot(&root);
    let started = std::time::Instant::now();
    let err = store::load(&root).unwrap_err();
    assert!(matches!(err, StoreError::TooLarge { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("project.json") && text.contains("too large"),
        "{text}"
    );
    assert!(started.elapsed().as_secs() < 5, "refused before reading");
    let report = check::check(&root).unwrap();
    assert!(matches!(
        report.project_file,
        ProjectFileState::Damaged { .. }
    ));
    assert_eq!(snapshot(&root), before);
}

/// Under the size cap but built to be expensive: millions of tiny values in a region's
/// polygon (serde buffers the shape's content before choosing its kind, ~70 bytes a value:
/// 60 MB of this took 2 GB before the value budget). Refused quickly, naming the reason.
#[test]
fn millions_of_tiny_values_are_refused_before_they_fill_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let mut project: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("project.json")).unwrap()).unwrap();
    project["regions"] = serde_json::json!([{"id": 1, "name": "r", "shape": {"kind": "polygon", "points": "POINTS"}}]);
    let points = vec!["[0,0]"; 1_200_000].join(",");
    let text = serde_json::to_string(&project)
        .unwrap()
        .replace("\"POINTS\"", &format!("[{points}]"));
    std::fs::write(root.join("project.json"), &text).unwrap();
    let started = std::time::Instant::now();
    let err = store::load(&root).unwrap_err();
    assert!(matches!(err, StoreError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("JSON values"), "{err}");
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let root = new_project(dir.path());
    let depth = 1_000_000;
    let mut text = String::from(r#"{"format": "afterglow-project", "version": 1, "guide": "#);
    text.push_str(&"[".repeat(depth));
    text.push_str(&"]".repeat(depth));
    text.push('}');
    std::fs::write(root.join("project.json"), &text).unwrap();
    let err = store::load(&root).unwrap_err();
    // Skipped by the header read without recursing, refused by the schema at the first '['.
    assert!(
        matches!(err, StoreError::Malformed { line: 1, .. }),
        "{err}"
    );
}

// ---- check and repair ------------------------------------------------------------------

#[test]
fn a_damaged_project_file_is_restored_from_its_backup_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let mut project = store::load(&root).unwrap();
    project.name = "before the damage".into();
    store::save(&root, &project).unwrap();
    project.name = "last save".into();
    store::save(&root, &project).unwrap();
    let good = std::fs::read(root.join("project.json")).unwrap();
    let damaged = &good[..good.len() / 3];
    std::fs::write(root.join("project.json"), damaged).unwrap();

    let before = snapshot(&root);
    let report = check::check(&root).unwrap();
    assert!(matches!(
        report.project_file,
        ProjectFileState::Damaged {
            backup: check::BackupState::Loads,
            ..
        }
    ));
    assert_eq!(report.checked_against, Some(check::CheckedAgainst::Backup));
    assert!(report.photos.iter().all(|p| p.state.is_ok()));
    assert_eq!(snapshot(&root), before);

    let out = run(&["check".as_ref(), root.as_os_str(), "--repair".as_ref()]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(
        out.stdout.contains("restored from project.json.bak"),
        "{}",
        out.stdout
    );
    assert_eq!(store::load(&root).unwrap().name, "before the damage");
    // The damaged file is kept, byte for byte.
    let kept: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("project.json.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(&kept[0]).unwrap(), damaged);
}

#[test]
fn repair_moves_misplaced_photos_restores_changed_ones_and_removes_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let project = store::load(&root).unwrap();
    let (a, b) = (&project.photos[0], &project.photos[1]);
    // a: in trash/ although project.json says photos/ (an interrupted save's move).
    std::fs::create_dir_all(root.join("trash")).unwrap();
    std::fs::rename(root.join(&a.file), root.join("trash").join(a.file_name())).unwrap();
    // b: overwritten in place, but an unchanged copy lies in the folder under another name.
    std::fs::copy(root.join(&b.file), root.join("photos/copy of b.jpg")).unwrap();
    std::fs::write(root.join(&b.file), b"edited by some other program").unwrap();
    // Leftovers of interrupted writes.
    std::fs::write(root.join("project.json.tmp"), b"{half").unwrap();
    std::fs::write(root.join("photos/.x.jpg.123-4.tmp"), b"half a photo").unwrap();
    std::fs::create_dir_all(root.join("cache/previews")).unwrap();
    std::fs::write(root.join("cache/previews/.y.jpg.5-6.tmp"), b"half").unwrap();
    // A stray that is nobody's photo.
    std::fs::write(root.join("photos/holiday.jpg"), b"someone put this here").unwrap();

    let report = check::check(&root).unwrap();
    let state = |id: &afterglow_core::project::PhotoId| {
        report
            .photos
            .iter()
            .find(|p| &p.id == id)
            .unwrap()
            .state
            .clone()
    };
    assert!(matches!(state(&a.id), PhotoState::Elsewhere { .. }));
    assert!(matches!(
        state(&b.id),
        PhotoState::Changed {
            good_copy: Some(_),
            ..
        }
    ));
    assert_eq!(report.temp_files.len(), 3);
    assert_eq!(report.strays.len(), 1, "{:?}", report.strays);
    let lines = report.problem_lines().join("\n");
    for needle in [
        "misplaced: ",
        "changed: ",
        "stray: photos/holiday.jpg",
        "leftover: ",
    ] {
        assert!(lines.contains(needle), "{needle} in {lines}");
    }

    let repaired = check::repair(&report, None).unwrap();
    assert_eq!(repaired.done.len(), 3, "{repaired:?}");
    assert_eq!(
        repaired.not_done.len(),
        1,
        "only the stray is left: {repaired:?}"
    );
    let after = check::check(&root).unwrap();
    assert!(after.photos.iter().all(|p| p.state.is_ok()), "{after:?}");
    assert!(after.temp_files.is_empty());
    // The stray and the changed file are still there, never deleted.
    let strays: Vec<String> = after
        .strays
        .iter()
        .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(strays.len(), 2, "{strays:?}");
    assert!(strays.contains(&"holiday.jpg".to_owned()));
    assert!(strays.contains(&format!("{}.changed", b.file_name())));
}
