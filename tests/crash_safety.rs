//! Crash safety with real processes: a child saving in a loop, or importing, is killed with
//! SIGKILL at random moments; the project must always load, with the old or the new content,
//! and no photo may be lost or referenced half-written. And two instances: the second is
//! read-only with a clear message; a lock left by a process that died is taken over.
//!
//! The children are this test binary itself, re-run with `AFTERGLOW_TEST_CHILD` set (see
//! `child_process_entry`), so the public command line has no debug subcommand.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// SIGKILL and flock are the point here.
#![cfg(unix)]

mod common;
use common::Rng;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use afterglow_core::project::{Photo, Project, Session, SessionId};
use afterglow_core::store::{self, OpenProject, ProjectPaths, check};

const CHILD_ENV: &str = "AFTERGLOW_TEST_CHILD";
const KILLS: usize = 200;

/// Not a test: the entry point of the child processes the tests below start. Run as a plain
/// test (without `AFTERGLOW_TEST_CHILD`) it returns at once.
#[test]
fn child_process_entry() {
    let Ok(mode) = std::env::var(CHILD_ENV) else {
        return;
    };
    let root = PathBuf::from(std::env::var("AFTERGLOW_TEST_ROOT").unwrap());
    match mode.as_str() {
        "save-loop" => save_forever(&root),
        "import" => {
            let inbox = PathBuf::from(std::env::var("AFTERGLOW_TEST_INBOX").unwrap());
            let status = afterglow::cli::run(afterglow::cli::CliCommand::Import {
                project: root,
                paths: vec![inbox],
                reference: "keep".into(),
            })
            .unwrap();
            assert_eq!(status, afterglow::cli::Status::Ok);
        }
        "hold-lock" => {
            let open = OpenProject::open_for_writing(&root).unwrap();
            say_ready("locked");
            std::thread::sleep(Duration::from_secs(60));
            drop(open);
        }
        other => panic!("unknown child mode {other}"),
    }
}

/// Tells the parent (reading our stdout) that the child has reached `word`.
fn say_ready(word: &str) {
    let mut out = std::io::stdout();
    writeln!(out, "{word}").unwrap();
    out.flush().unwrap();
}

/// Reads the child's stdout until it says `word` (libtest's "test child_process_entry ... "
/// comes first, on the same line). The reader is returned so the pipe stays open while the
/// child lives.
fn wait_for(child: &mut Child, word: &str) -> BufReader<std::process::ChildStdout> {
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line).unwrap();
        assert!(n > 0, "the child ended before saying {word:?}");
        if line.trim_end().ends_with(word) {
            return reader;
        }
    }
}

fn spawn_child(mode: &str, root: &Path, inbox: Option<&Path>, stdout: Stdio) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "child_process_entry",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_ENV, mode)
    .env("AFTERGLOW_TEST_ROOT", root)
    .env("RAYON_NUM_THREADS", "2")
    .stdout(stdout)
    .stderr(Stdio::inherit());
    if let Some(inbox) = inbox {
        cmd.env("AFTERGLOW_TEST_INBOX", inbox);
    }
    cmd.spawn().unwrap()
}

/// Random kill moments from the shared seeded generator; the seed is printed so a failure can
/// be replayed (`AFTERGLOW_CRASH_SEED=…`).
fn rng_from_time() -> Rng {
    let seed = std::env::var("AFTERGLOW_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("kill moments from AFTERGLOW_CRASH_SEED={seed}");
    Rng::new(seed)
}

/// A small JPEG unique to `seed`.
fn jpeg(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let v = x.wrapping_mul(31) ^ y.wrapping_mul(17) ^ seed.wrapping_mul(2_654_435_761);
        image::Rgb([v as u8, (v >> 8) as u8, (v >> 16) as u8 ^ (seed as u8)])
    });
    afterglow_core::imaging::encode_jpeg(&img, 85).unwrap()
}

/// A project with `n` photos imported the real way.
fn project_with_photos(dir: &Path, n: u32) -> PathBuf {
    let root = dir.join("p.afterglow");
    store::create(&root, "generation 0").unwrap();
    let inbox = dir.join("first");
    std::fs::create_dir_all(&inbox).unwrap();
    for i in 0..n {
        std::fs::write(
            inbox.join(format!("IMG_202603{:02}_101500.jpg", i + 1)),
            jpeg(96, 64, 1_000_000 + i),
        )
        .unwrap();
    }
    let status = afterglow::cli::run(afterglow::cli::CliCommand::Import {
        project: root.clone(),
        paths: vec![inbox],
        reference: "keep".into(),
    })
    .unwrap();
    assert_eq!(status, afterglow::cli::Status::Ok);
    root
}

/// The content the save loop writes as generation `k`: a name, a session that moves, and one
/// photo in the trash (a different one each time, so files move between photos/ and trash/).
fn generation(base: &Project, k: u64) -> Project {
    let mut p = base.clone();
    p.name = format!("generation {k}");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(k % 3000);
    p.sessions = vec![Session::new(SessionId(1), date)];
    let mut all: Vec<Photo> = base.photos.iter().chain(&base.trash).cloned().collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let j = (k as usize) % all.len();
    let mut trashed = all.remove(j);
    trashed.file = format!("trash/{}", trashed.file_name());
    for photo in &mut all {
        photo.file = format!("photos/{}", photo.file_name());
    }
    p.photos = all;
    p.trash = vec![trashed];
    // The import pinned a reference; a project never names a trashed photo as one.
    p.reference = None;
    p
}

fn generation_of(p: &Project) -> u64 {
    p.name
        .strip_prefix("generation ")
        .and_then(|k| k.parse().ok())
        .unwrap_or_else(|| panic!("unexpected name {:?}", p.name))
}

/// The child's loop: open for writing, then save generation after generation until killed.
fn save_forever(root: &Path) -> ! {
    let mut open = OpenProject::open_for_writing(root).unwrap();
    let base = open.project.clone();
    let mut k = generation_of(&base);
    say_ready("saving");
    loop {
        k += 1;
        open.project = generation(&base, k);
        open.save().unwrap();
    }
}

/// Every photo of `project` has its file, byte for byte as imported (possibly still in the
/// other of photos/ and trash/ after an interrupted move, where the store finds it).
fn assert_no_photo_lost(root: &Path, expected_ids: usize) -> check::CheckReport {
    let report = check::check(root).unwrap();
    assert!(
        matches!(report.project_file, check::ProjectFileState::Sound),
        "{:?}",
        report.project_file
    );
    assert_eq!(report.photos.len(), expected_ids);
    for p in &report.photos {
        assert!(
            matches!(
                p.state,
                check::PhotoState::Ok | check::PhotoState::Elsewhere { .. }
            ),
            "photo {} lost: {:?}",
            p.id,
            p.state
        );
    }
    let paths = ProjectPaths::new(root);
    let project = store::load(root).unwrap();
    for photo in project.photos.iter().chain(&project.trash) {
        let bytes = std::fs::read(paths.original(photo)).unwrap();
        assert_eq!(blake3::hash(&bytes).to_hex().as_str(), photo.hash);
    }
    report
}

#[test]
fn killed_saves_leave_the_old_or_the_new_project_and_every_photo() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_with_photos(dir.path(), 5);
    let base = store::load(&root).unwrap();
    let mut rng = rng_from_time();
    let mut last = 0;
    let (mut advanced, mut mid_write, mut mid_move) = (0, 0, 0);
    let started = Instant::now();
    for _ in 0..KILLS {
        let mut child = spawn_child("save-loop", &root, None, Stdio::piped());
        // Kill at a random moment of the save loop (a save takes a few milliseconds, most of
        // it waiting for fsync).
        let pipe = wait_for(&mut child, "saving");
        std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        child.kill().unwrap();
        drop(pipe);
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "the save loop ended by itself: {status}"
        );
        // It loads, and it is exactly one of the generations written: no mixture, no going
        // back past the last one seen.
        let project = store::load(&root).unwrap();
        let k = generation_of(&project);
        if k == 0 {
            assert_eq!(project, base);
        } else {
            assert_eq!(
                project,
                generation(&base, k),
                "generation {k} is not as written"
            );
        }
        assert!(k >= last, "went back from generation {last} to {k}");
        if k > last {
            advanced += 1;
        }
        last = k;
        if root.join("project.json.tmp").exists() {
            mid_write += 1;
        }
        let report = assert_no_photo_lost(&root, 5);
        if report
            .photos
            .iter()
            .any(|p| matches!(p.state, check::PhotoState::Elsewhere { .. }))
        {
            mid_move += 1;
        }
    }
    eprintln!(
        "{KILLS} kills in {:.1} s, reaching generation {last}; {advanced} after a completed \
         save; {mid_write} left a temporary project.json.tmp; {mid_move} left a photo in the \
         other folder",
        started.elapsed().as_secs_f64()
    );
    // The kills must land inside saves, or the test proved nothing.
    assert!(
        advanced >= KILLS / 4,
        "only {advanced} kills came after a save"
    );
    assert!(mid_write > 0, "no kill landed between writing and renaming");
}

#[test]
fn killed_imports_never_reference_a_half_written_photo() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_with_photos(dir.path(), 1);
    let mut rng = rng_from_time();
    const PER_RUN: u32 = 2;
    // How long an import of PER_RUN photos takes here, so kills fall inside it.
    let inbox = |i: usize| {
        let d = dir.path().join(format!("inbox-{i}"));
        std::fs::create_dir_all(&d).unwrap();
        for j in 0..PER_RUN {
            let seed = i as u32 * PER_RUN + j;
            std::fs::write(d.join(format!("photo-{seed}.jpg")), jpeg(128, 96, seed)).unwrap();
        }
        d
    };
    let t0 = Instant::now();
    let status = spawn_child("import", &root, Some(&inbox(0)), Stdio::null())
        .wait()
        .unwrap();
    assert!(status.success());
    let whole = t0.elapsed();
    let mut count = store::load(&root).unwrap().photos.len();
    assert_eq!(count, 1 + PER_RUN as usize);
    let (mut finished, mut partial) = (0, 0);
    for i in 1..KILLS {
        let inbox = inbox(i);
        let mut child = spawn_child("import", &root, Some(&inbox), Stdio::null());
        let wait = rng.below(whole.as_micros() as u64 * 5 / 4);
        std::thread::sleep(Duration::from_micros(wait));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(
            status.success() || status.signal() == Some(9),
            "the import failed by itself: {status}"
        );
        let project = store::load(&root).unwrap();
        let now = project.photos.len();
        // An import saves once, at its end: all of its photos or none.
        assert!(
            now == count || now == count + PER_RUN as usize,
            "{count} → {now} photos"
        );
        if status.success() {
            assert_eq!(now, count + PER_RUN as usize);
        }
        if now > count {
            finished += 1;
        } else if !status.success() {
            partial += 1;
        }
        count = now;
        // Every referenced photo is whole; strays (copied but not yet saved) and temporary
        // files may remain but are never referenced.
        assert_no_photo_lost(&root, count);
    }
    let report = check::check(&root).unwrap();
    eprintln!(
        "{KILLS} imports ({:.0} ms each uninterrupted): {finished} finished, {partial} killed \
         before saving; {} stray originals and {} temporary files left for `check`",
        whole.as_secs_f64() * 1000.0,
        report.strays.len(),
        report.temp_files.len()
    );
    assert!(partial >= 10, "too few kills landed inside an import");
    // `check --repair` removes the temporary leftovers and keeps every photo.
    let repaired = check::repair(&report, None).unwrap();
    assert!(
        repaired.not_done.iter().all(|l| l.contains("stray")),
        "{repaired:?}"
    );
    let after = assert_no_photo_lost(&root, count);
    assert!(after.temp_files.is_empty(), "{:?}", after.temp_files);
    assert_eq!(after.strays.len(), report.strays.len());
}

#[test]
fn second_instance_is_read_only_and_a_dead_holder_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p.afterglow");
    store::create(&root, "Locks").unwrap();
    let mut child = spawn_child("hold-lock", &root, None, Stdio::piped());
    let pipe = wait_for(&mut child, "locked");

    // While the child lives: this process may look but not write, and is told who holds it.
    let second = OpenProject::open(&root).unwrap();
    assert!(second.is_read_only());
    let reason = second.read_only_reason.clone().unwrap();
    assert!(
        reason.contains(&format!("pid {}", child.id())),
        "the message names the holder: {reason}"
    );
    let err = second.save().unwrap_err().to_string();
    assert!(err.contains("open for reading only"), "{err}");
    let cli = assert_cmd::Command::cargo_bin("afterglow")
        .unwrap()
        .args(["session", "add"])
        .arg(&root)
        .args(["--date", "2026-03-01"])
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        stderr.contains("open for reading only") && stderr.contains("another Afterglow"),
        "{stderr}"
    );
    drop(second);

    // The holder dies without cleaning up: its lock is stale and is taken over.
    child.kill().unwrap();
    child.wait().unwrap();
    drop(pipe);
    let third = OpenProject::open_for_writing(&root).unwrap();
    assert!(!third.is_read_only());
    third.save().unwrap();
    let note = std::fs::read_to_string(root.join("project.lock")).unwrap();
    assert!(
        note.contains(&format!("pid {}", std::process::id())),
        "the lock now names this process: {note}"
    );
}
