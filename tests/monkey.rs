//! The whole app under random use (issue 15.4): a seeded monkey on `egui_kittest` clicks,
//! drags, types, scrolls, presses keys, drops files and resizes the window across every tab,
//! tool and dialog of a copy of the demo project. File dialogs are stubbed (they answer paths
//! inside the test's folder). After every event: no panic. At the end:
//!
//! - undoing every change gives back the project as it was opened (or as it was when the
//!   monkey last reopened it: closing a project ends its undo history);
//! - the project on disk passes `afterglow check` (it loads; every photo it lists is present
//!   and intact);
//! - nothing private was left behind (issue 15.5): the session runs with `HOME`, `XDG_*` and
//!   `TMPDIR` pointed at empty folders, and they are still empty afterwards.
//!
//! The events are drawn from the seed, but the app's workers (alignment, measuring, saving)
//! run on real threads, so what an event meets can differ from run to run; a failure prints
//! the seed and what broke.
//!
//! The session runs in a child process (this binary re-run with `AFTERGLOW_MONKEY_SEED` set),
//! so that its environment can be set without touching this process's. CI runs 3,000 events
//! of seed 1; longer runs: `AFTERGLOW_MONKEY_SEEDS=1,2,3 AFTERGLOW_MONKEY_EVENTS=20000 cargo
//! test --release --test monkey` (README, "Reliability").

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use afterglow_app::{AfterglowApp, DialogPurpose, Settings};
use afterglow_core::store::OpenProject;
use common::Rng;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, MouseWheelUnit, PointerButton, Pos2, Rect, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};

const SEED_ENV: &str = "AFTERGLOW_MONKEY_SEED";
const WORK_ENV: &str = "AFTERGLOW_MONKEY_WORK";
const EVENTS_ENV: &str = "AFTERGLOW_MONKEY_EVENTS";
const DEFAULT_EVENTS: usize = 3000;

/// The folders a session may not leave anything in, as the environment names them.
const PRIVATE_VARS: [&str; 6] = [
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "TMPDIR",
];

#[test]
fn random_use_of_the_whole_app_breaks_nothing_and_leaves_nothing_behind() {
    if std::env::var_os(SEED_ENV).is_some() {
        return;
    }
    let seeds: Vec<u64> = std::env::var("AFTERGLOW_MONKEY_SEEDS")
        .unwrap_or_else(|_| "1".into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("AFTERGLOW_MONKEY_SEEDS: numbers, comma-separated")
        })
        .collect();
    for seed in seeds {
        run_seed(seed);
    }
}

/// One seed's session in a child, then the checks on what it left.
fn run_seed(seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let root = common::demo_copy(&work);
    let private = dir.path().join("private");
    let empty_path = dir.path().join("no-programs");
    std::fs::create_dir_all(&empty_path).unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "--exact",
            "monkey_session",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SEED_ENV, seed.to_string())
        .env(WORK_ENV, &work)
        // No program to start: "Show file" and "Open folder" fail with a message instead of
        // opening a file manager on the test machine.
        .env("PATH", &empty_path)
        .env("RAYON_NUM_THREADS", "2")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("XDG_RUNTIME_DIR");
    if let Ok(events) = std::env::var(EVENTS_ENV) {
        child.env(EVENTS_ENV, events);
    }
    for var in PRIVATE_VARS {
        let folder = private.join(var.to_lowercase());
        std::fs::create_dir_all(&folder).unwrap();
        child.env(var, folder);
    }
    let out = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "seed {seed}: the session failed ({}).\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
    assert!(
        stdout.contains("monkey: done"),
        "seed {seed}: the session did not run:\n{stdout}"
    );
    eprintln!(
        "{}",
        stdout
            .lines()
            .filter(|l| l.starts_with("monkey:"))
            .collect::<Vec<_>>()
            .join("\n")
    );

    let left: Vec<PathBuf> = walkdir::WalkDir::new(&private)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert!(
        left.is_empty(),
        "seed {seed}: the session left files in HOME, XDG_* or TMPDIR: {left:?}"
    );

    let check = common::afterglow()
        .arg("check")
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "seed {seed}: `afterglow check` after the session:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

/// The session itself (runs only in the child, where `AFTERGLOW_MONKEY_SEED` is set).
#[test]
fn monkey_session() {
    let Ok(seed) = std::env::var(SEED_ENV) else {
        return;
    };
    let seed: u64 = seed.parse().unwrap();
    let work = PathBuf::from(std::env::var(WORK_ENV).unwrap());
    let events: usize = std::env::var(EVENTS_ENV)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_EVENTS);
    let root = work.join("demo.afterglow");

    let mut app =
        AfterglowApp::with_project(Settings::default(), OpenProject::open(&root).unwrap());
    app.set_sample_home(Some(work.join("data")));
    app.answer_dialogs_with(dialog_stub(&work, seed));
    let mut h = Harness::builder()
        .with_size([1366.0, 800.0])
        // Text the user types may hold characters the fonts lack: the app draws a box for
        // them, as egui does outside tests (kittest panics by default).
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut AfterglowApp| app.frame(ui), app);
    h.step();

    let mut rng = Rng::new(seed);
    let mut undo_check = UndoCheck::default();
    undo_check.observe(h.state());
    let started = Instant::now();
    let mut counts = [0usize; 8];
    let mut reached = std::collections::BTreeMap::<String, usize>::new();
    for step in 0..events {
        let kind = random_event(&mut h, &mut rng, &work);
        counts[kind] += 1;
        h.step();
        undo_check.observe(h.state());
        for place in where_the_user_is(h.state()) {
            *reached.entry(place).or_default() += 1;
        }
        // Every 1,000 events: undo everything, compare, redo everything, compare, go on.
        if step % 1000 == 999 {
            settle(&mut h, "the jobs", 300, |a| a.jobs.running().is_empty());
            undo_check.round_trip(&mut h);
        }
        if step % 500 == 499 {
            println!(
                "monkey: {} events in {:.0} s",
                step + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "monkey: seed {seed}: {events} events (node clicks, clicks, drags, keys, wheel, text, drops, resizes: {counts:?}) in {:.0} s; {} project(s) opened",
        started.elapsed().as_secs_f64(),
        undo_check.opened
    );

    println!("monkey: frames spent in each place: {reached:?}");
    // The monkey is only worth its events if it gets around.
    for tab in ["Compare", "Sessions", "Timeline", "Measurements", "Guide"] {
        assert!(
            reached.contains_key(&format!("tab {tab}")),
            "seed {seed}: the monkey never reached the {tab} tab: {reached:?}"
        );
    }

    // Let the work that was started finish, and the last change be saved.
    settle(&mut h, "the jobs", 300, |a| a.jobs.running().is_empty());
    let undone = undo_check.undo_everything(&mut h);
    println!(
        "monkey: {} undo-all-redo-all checks on the way (up to {} changes each); at the end {undone} changes undone give back the project as opened",
        undo_check.round_trips, undo_check.most_undone
    );
    settle(&mut h, "the save", 60, |a| {
        a.workspace.as_ref().is_none_or(|ws| {
            matches!(
                ws.save_status(),
                afterglow_app::SaveStatus::Saved | afterglow_app::SaveStatus::ReadOnly(_)
            )
        })
    });
    settings_hold_no_photo_and_no_path_but_recent_projects(h.state_mut());
    drop(h);
    let reopened = OpenProject::open(&root).expect("the project on disk loads");
    println!(
        "monkey: the project on disk loads with {} photos",
        reopened.project.photos.len()
    );
    println!("monkey: done");
}

/// Where the app is, in words: the tab, the tool, the dialog open (to see what the monkey
/// reached).
fn where_the_user_is(app: &AfterglowApp) -> Vec<String> {
    let Some(ws) = &app.workspace else {
        return vec!["start screen".into()];
    };
    let tool = format!("{:?}", ws.tool);
    let tool = tool.split([' ', '(', '{']).next().unwrap_or_default();
    let mut places = vec![format!("tab {:?}", ws.tab), format!("tool {tool}")];
    if ws.export.is_some() {
        places.push("export dialog".into());
    }
    if ws.closing.is_some() {
        places.push("close question".into());
    }
    if !ws.rejected.is_empty() {
        places.push("refused files".into());
    }
    if ws.history.can_undo() {
        places.push("with changes to undo".into());
    }
    places
}

/// What the settings file would hold (issue 15.5): no photo's name or file, and no path but
/// the recent projects'.
fn settings_hold_no_photo_and_no_path_but_recent_projects(app: &mut AfterglowApp) {
    let settings = serde_json::to_value(app.settings_to_save()).unwrap();
    let recent: Vec<String> = (app.settings.recent.iter())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut strings = Vec::new();
    collect_strings(&settings, &mut strings);
    let names: Vec<String> = std::fs::read_dir(common::sample_photos())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for s in &strings {
        assert!(
            !names.iter().any(|n| s.contains(n.as_str())),
            "the settings name a photo: {s}"
        );
        if s.contains('/') {
            assert!(
                recent.contains(s),
                "the settings hold a path that is not a recent project: {s}"
            );
        }
    }
    println!(
        "monkey: the settings hold {} strings, no photo name, no path but {} recent projects",
        strings.len(),
        recent.len()
    );
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            collect_strings(x, out);
        }),
        _ => {}
    }
}

/// Steps until `done` holds (workers run on real threads, so this waits real time).
fn settle(
    h: &mut Harness<'_, AfterglowApp>,
    what: &str,
    seconds: u64,
    done: impl Fn(&AfterglowApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done(h.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Remembers each project as it was opened, to check at the end that undoing every change
/// gives it back.
#[derive(Default)]
struct UndoCheck {
    /// The open project's folder and its content when opened (`None` while none is open).
    original: Option<(PathBuf, serde_json::Value)>,
    /// The open workspace's revision when last seen (it starts again at 0 when a project is
    /// opened anew, even the same one).
    revision: u64,
    opened: usize,
    /// Undo-all-redo-all checks passed, and the most changes one of them undid.
    round_trips: usize,
    most_undone: usize,
}

impl UndoCheck {
    fn observe(&mut self, app: &AfterglowApp) {
        let Some(ws) = &app.workspace else {
            self.original = None;
            return;
        };
        let same = self.revision <= ws.revision
            && (self.original.as_ref()).is_some_and(|(root, _)| *root == ws.open.paths.root);
        self.revision = ws.revision;
        if !same {
            // A project just opened: nothing to undo yet, so this is how it was on disk.
            assert!(
                !ws.history.can_undo(),
                "a project was opened with changes to undo"
            );
            self.original = Some((
                ws.open.paths.root.clone(),
                serde_json::to_value(ws.project()).unwrap(),
            ));
            self.opened += 1;
        }
    }

    /// Undoes every change and checks the project is as opened; returns how many.
    fn undo_everything(&self, h: &mut Harness<'_, AfterglowApp>) -> usize {
        let Some((root, original)) = &self.original else {
            println!("monkey: no project open; nothing to undo");
            return 0;
        };
        let ws = h.state_mut().workspace.as_mut().unwrap();
        let mut undone = 0;
        while ws.undo().expect("every change can be undone").is_some() {
            undone += 1;
            assert!(undone < 1_000_000, "undo never ends");
        }
        let now = serde_json::to_value(ws.project()).unwrap();
        if &now != original {
            let diff = first_difference(original, &now, String::new());
            panic!(
                "undoing all {undone} changes did not give back {} as opened: first difference at {diff}",
                root.display()
            );
        }
        h.step();
        undone
    }

    /// Undoes everything (checked as above), then redoes everything and checks the project is
    /// as it was before.
    fn round_trip(&mut self, h: &mut Harness<'_, AfterglowApp>) {
        let Some(ws) = &h.state().workspace else {
            return;
        };
        let before = serde_json::to_value(ws.project()).unwrap();
        let undone = self.undo_everything(h);
        let ws = h.state_mut().workspace.as_mut().unwrap();
        // Redo exactly what was undone (changes undone before by the monkey's own Ctrl+Z stay
        // undone).
        for i in 0..undone {
            let redone = ws.redo().expect("every undone change can be redone");
            assert!(
                redone.is_some(),
                "only {i} of {undone} changes could be redone"
            );
        }
        let redone = undone;
        let after = serde_json::to_value(ws.project()).unwrap();
        if after != before {
            panic!(
                "redoing all {redone} changes did not give back the project: first difference at {}",
                first_difference(&before, &after, String::new())
            );
        }
        self.round_trips += 1;
        self.most_undone = self.most_undone.max(undone);
        h.step();
    }
}

/// Where two JSON values first differ ("photos[3].alignment: … vs …").
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                if x.get(key) != y.get(key) {
                    return match (x.get(key), y.get(key)) {
                        (Some(p), Some(q)) => first_difference(p, q, format!("{at}.{key}")),
                        (p, q) => format!("{at}.{key}: {p:?} vs {q:?}"),
                    };
                }
            }
            at
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if p != q {
                    return first_difference(p, q, format!("{at}[{i}]"));
                }
            }
            at
        }
        _ => {
            let short = |v: &Value| v.to_string().chars().take(300).collect::<String>();
            format!("{at}: {} vs {}", short(a), short(b))
        }
    }
}

/// Answers each file dialog with a path in the test's folder, as a user would pick.
fn dialog_stub(work: &Path, seed: u64) -> impl FnMut(&DialogPurpose) -> Vec<PathBuf> + 'static {
    let work = work.to_path_buf();
    let mut rng = Rng::new(seed ^ 0x00d1_a106);
    let photos: Vec<PathBuf> = std::fs::read_dir(common::sample_photos())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    move |purpose| {
        // A fifth of the dialogs are cancelled.
        if rng.below(5) == 0 {
            return Vec::new();
        }
        match purpose {
            DialogPurpose::NewProjectIn(_) => {
                let folder = work.join(format!("new-{}", rng.below(3)));
                std::fs::create_dir_all(&folder).unwrap();
                vec![folder]
            }
            DialogPurpose::OpenProject => vec![work.join("demo.afterglow")],
            DialogPurpose::Import | DialogPurpose::Locate(_) => {
                let n = 1 + rng.below(3) as usize;
                (0..n)
                    .map(|_| photos[rng.below(photos.len() as u64) as usize].clone())
                    .collect()
            }
            DialogPurpose::ImportFolder => vec![common::sample_photos()],
            DialogPurpose::Export { name, .. } => {
                let folder = work.join("exports");
                std::fs::create_dir_all(&folder).unwrap();
                vec![folder.join(name)]
            }
        }
    }
}

/// Sends one random event; returns which kind it was (index into the counts).
fn random_event(h: &mut Harness<'_, AfterglowApp>, rng: &mut Rng, work: &Path) -> usize {
    let size = h.ctx.content_rect().size();
    let anywhere = |rng: &mut Rng| {
        pos2(
            rng.range(0.0, f64::from(size.x)) as f32,
            rng.range(0.0, f64::from(size.y)) as f32,
        )
    };
    let roll = rng.below(100);
    match roll {
        // Click something clickable, found by its role (most clicks land on a control).
        0..=39 => {
            let targets = clickable_rects(h);
            if let Some(rect) =
                (!targets.is_empty()).then(|| targets[rng.below(targets.len() as u64) as usize])
            {
                let pos = pos2(
                    rng.range(f64::from(rect.min.x), f64::from(rect.max.x)) as f32,
                    rng.range(f64::from(rect.min.y), f64::from(rect.max.y)) as f32,
                );
                click(h, pos, button(rng), modifiers(rng));
            }
            0
        }
        // Click anywhere.
        40..=51 => {
            click(h, anywhere(rng), button(rng), modifiers(rng));
            1
        }
        // Drag: press, move in steps (a frame each), release.
        52..=61 => {
            let from = anywhere(rng);
            let to = anywhere(rng);
            let mods = modifiers(rng);
            h.event(Event::PointerMoved(from));
            h.event(Event::PointerButton {
                pos: from,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: mods,
            });
            for i in 1..=4 {
                h.step();
                h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 4.0)));
            }
            h.event(Event::PointerButton {
                pos: to,
                button: PointerButton::Primary,
                pressed: false,
                modifiers: mods,
            });
            2
        }
        // A key, sometimes with modifiers.
        62..=79 => {
            let key = KEYS[rng.below(KEYS.len() as u64) as usize];
            let mods = modifiers(rng);
            for pressed in [true, false] {
                h.event(Event::Key {
                    key,
                    physical_key: None,
                    pressed,
                    repeat: false,
                    modifiers: mods,
                });
            }
            3
        }
        // The wheel (with Ctrl it zooms).
        80..=87 => {
            h.event(Event::PointerMoved(anywhere(rng)));
            h.event(Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(
                    rng.range(-60.0, 60.0) as f32,
                    rng.range(-200.0, 200.0) as f32,
                ),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: modifiers(rng),
            });
            4
        }
        // Text into whatever has the focus.
        88..=93 => {
            let texts = [
                "42",
                "a note",
                "Ünïcödé ✓",
                "-1",
                "9999999",
                "",
                "\t",
                "2026-13-45",
            ];
            h.event(Event::Text(
                texts[rng.below(texts.len() as u64) as usize].into(),
            ));
            5
        }
        // A file dropped on the window: a sample photo, or one that is not a photo.
        94..=96 => {
            let path = if rng.below(2) == 0 {
                common::sample_photos().join("IMG_4811.jpg")
            } else {
                let junk = work.join("not-a-photo.jpg");
                std::fs::write(&junk, b"\xff\xd8\xff\xe0 truncated").unwrap();
                junk
            };
            h.input_mut()
                .dropped_files
                .push(std::sync::Arc::new(Dropped(path)));
            6
        }
        // A new window size, from a small laptop to a large monitor.
        _ => {
            let sizes = [
                vec2(1024.0, 700.0),
                vec2(1366.0, 768.0),
                vec2(1920.0, 1080.0),
                vec2(800.0, 600.0),
            ];
            h.set_size(sizes[rng.below(sizes.len() as u64) as usize]);
            7
        }
    }
}

/// The keys the app answers (shortcuts, tools, editing) and a few it does not.
const KEYS: [Key; 30] = [
    Key::Z,
    Key::Y,
    Key::E,
    Key::Q,
    Key::F,
    Key::G,
    Key::R,
    Key::N,
    Key::S,
    Key::A,
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::ArrowLeft,
    Key::ArrowRight,
    Key::ArrowUp,
    Key::ArrowDown,
    Key::Escape,
    Key::Enter,
    Key::Tab,
    Key::Space,
    Key::Delete,
    Key::Backspace,
    Key::Plus,
    Key::Minus,
    Key::F1,
    Key::F7,
    Key::F8,
    Key::Home,
];

fn modifiers(rng: &mut Rng) -> Modifiers {
    match rng.below(10) {
        0 | 1 => Modifiers::COMMAND,
        2 => Modifiers::SHIFT,
        3 => Modifiers::COMMAND | Modifiers::SHIFT,
        4 => Modifiers::ALT,
        _ => Modifiers::NONE,
    }
}

fn button(rng: &mut Rng) -> PointerButton {
    match rng.below(10) {
        0 | 1 => PointerButton::Secondary,
        2 => PointerButton::Middle,
        _ => PointerButton::Primary,
    }
}

fn click(h: &Harness<'_, AfterglowApp>, pos: Pos2, button: PointerButton, modifiers: Modifiers) {
    h.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button,
            pressed,
            modifiers,
        });
    }
}

/// Where the controls are: every node of the accessibility tree a user could click.
fn clickable_rects(h: &Harness<'_, AfterglowApp>) -> Vec<Rect> {
    let screen = Rect::from_min_size(Pos2::ZERO, h.ctx.content_rect().size());
    h.query_all(by().predicate(|n| {
        matches!(
            n.role(),
            Role::Button
                | Role::CheckBox
                | Role::RadioButton
                | Role::Tab
                | Role::Link
                | Role::MenuItem
                | Role::ComboBox
                | Role::Slider
                | Role::SpinButton
                | Role::TextInput
                | Role::MultilineTextInput
                | Role::ListItem
                | Role::Image
        )
    }))
    .map(|n| n.rect().intersect(screen))
    .filter(|r| r.width() > 1.0 && r.height() > 1.0)
    .collect()
}

/// A file dropped on the window, as the windowing layer hands it to egui.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}
