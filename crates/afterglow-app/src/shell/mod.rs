//! The app: one frame is "collect finished work → handle keys and drops → draw → apply the
//! actions the drawing asked for → start an autosave if one is due". The shell owns the state
//! and routes: each action and each finished job goes to the feature that owns it
//! (`routing.rs`); opening, closing and saving the project is `lifecycle.rs`.

mod layout;
mod lifecycle;
mod routing;

use std::collections::VecDeque;
use std::path::PathBuf;

use afterglow_core::store::OpenProject;

use crate::chrome::file_browser::FileBrowser;
use crate::chrome::portal::Dialogs;
use crate::chrome::{shortcuts, start, toasts};
use crate::panels::locate;
use crate::state::actions::{Action, DialogPurpose};
use crate::state::settings::{SETTINGS_KEY, Settings};
use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::jobs::{JobKind, Jobs};
use crate::work::textures::TextureCache;

/// The whole app: settings kept between runs, the open project (if any), and what works for it.
pub struct AfterglowApp {
    /// Kept between runs by eframe.
    pub settings: Settings,
    /// The open project, if any.
    pub workspace: Option<Workspace>,
    /// Messages for the user.
    pub toasts: Toasts,
    /// Work running off the UI thread.
    pub jobs: Jobs,
    /// Photos loaded for drawing.
    pub textures: TextureCache,
    actions: Vec<Action>,
    sample: Option<PathBuf>,
    /// The data folder the sample's working copy goes in (`None`: opened in place).
    sample_home: Option<PathBuf>,
    /// The window title last sent, so it is sent only when it changes.
    title: String,
    /// Answers for the next file dialogs instead of asking (tests drive dialogs with this).
    dialog_answers: VecDeque<Vec<PathBuf>>,
    /// Answers every file dialog instead of asking (the monkey test's stand-in for a user).
    dialog_stub: Option<DialogStub>,
    /// Where file dialogs come from: the desktop's (portal) or the in-app browser.
    dialogs: Dialogs,
    /// The in-app file browser, while it is open.
    browser: Option<FileBrowser>,
    /// Where the last import came from, for the next import's dialog to start in. Kept for
    /// this run only: the settings file holds no path but the recent projects'.
    import_folder: Option<PathBuf>,
    /// The window may close without asking about drafts (the user answered).
    allow_close: bool,
}

/// A stand-in for the user at every file dialog (`answer_dialogs_with`).
type DialogStub = Box<dyn FnMut(&DialogPurpose) -> Vec<PathBuf>>;

impl AfterglowApp {
    /// The app on the start screen.
    pub fn new(mut settings: Settings) -> Self {
        settings.view = settings.view.sanitised();
        Self {
            settings,
            workspace: None,
            toasts: Toasts::default(),
            jobs: Jobs::default(),
            textures: TextureCache::default(),
            actions: Vec::new(),
            sample: start::find_sample(),
            sample_home: afterglow_core::store::data_home(),
            title: String::new(),
            dialog_answers: VecDeque::new(),
            dialog_stub: None,
            dialogs: Dialogs::detect(),
            browser: None,
            import_folder: None,
            allow_close: false,
        }
    }

    /// The app as it starts without a project named: on the most recent project when the
    /// user asked for that (and it is still there), else on the start screen.
    pub fn on_start(settings: Settings) -> Self {
        let mut app = Self::new(settings);
        let last = (app.settings.recent.first())
            .filter(|p| app.settings.reopen_last && p.join("project.json").is_file());
        if let Some(last) = last {
            app.actions.push(Action::OpenProject(last.clone()));
        }
        app
    }

    /// The app with `open` already open (the command line's `afterglow PATH`, tests, benches).
    pub fn with_project(settings: Settings, open: OpenProject) -> Self {
        let mut app = Self::new(settings);
        app.open_workspace(open);
        app
    }

    /// Where "Open the sample project" looks (found automatically; tests may override it).
    pub fn set_sample(&mut self, sample: Option<PathBuf>) {
        self.sample = sample;
    }

    /// The data folder "Open the sample project" copies the sample into (the user's, found
    /// automatically; tests point it at a temporary folder; `None` opens the sample in place).
    pub fn set_sample_home(&mut self, home: Option<PathBuf>) {
        self.sample_home = home;
    }

    /// The next file dialog is not shown: it answers `paths` (empty = cancelled). For tests
    /// and scripted runs.
    pub fn answer_next_dialog(&mut self, paths: Vec<PathBuf>) {
        self.dialog_answers.push_back(paths);
    }

    /// From now on no file dialog is shown: `answer` gives the paths picked for each (empty =
    /// cancelled). For tests that click everywhere and must not wander the disk.
    pub fn answer_dialogs_with(
        &mut self,
        answer: impl FnMut(&DialogPurpose) -> Vec<PathBuf> + 'static,
    ) {
        self.dialog_stub = Some(Box::new(answer));
    }

    /// Where the file dialogs come from from now on (found at start: see `Dialogs::detect`;
    /// the tests choose the in-app browser to drive it).
    pub fn use_dialogs(&mut self, dialogs: Dialogs) {
        self.dialogs = dialogs;
    }

    /// The settings as the window's storage keeps them (with where the open project's
    /// compare view is); what eframe writes to the settings file on exit and now and then.
    pub fn settings_to_save(&mut self) -> &Settings {
        self.remember_view();
        &self.settings
    }

    /// Where the file dialogs come from.
    pub fn dialogs(&self) -> Dialogs {
        self.dialogs
    }

    /// The folder the in-app file browser shows, while it is open.
    pub fn browser_folder(&self) -> Option<&std::path::Path> {
        self.browser.as_ref().map(FileBrowser::folder)
    }

    /// Draws one frame into `ui` (the whole window) and does the work the frame asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.collect_jobs(&ctx);
        if let Some(ws) = self.workspace.as_mut() {
            let focused = ctx.input(|i| i.focused);
            locate::start_check(&ctx, ws, &mut self.jobs, focused);
            crate::panels::sync_conflicts::start_search(&ctx, ws, &mut self.jobs);
        }
        self.textures.begin_frame(&ctx);
        // Closing the window with drafts not yet saved asks first (see `unsaved_drafts`).
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && let Some(ws) = self.workspace.as_mut()
            && !crate::panels::unsaved_drafts::unsaved(ws).is_empty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            ws.closing = Some(crate::panels::unsaved_drafts::AfterDrafts::Quit);
        }
        if let Some(ws) = self.workspace.as_mut() {
            ws.refresh_index();
            shortcuts::handle(&ctx, ws, &mut self.settings.view, &mut self.actions);
        }
        self.dropped_files(&ctx);
        match self.workspace.as_mut() {
            None => {
                let busy = self.jobs.is_running(JobKind::OpenProject);
                start::start_ui(
                    ui,
                    &mut self.settings,
                    self.sample.as_deref(),
                    busy,
                    &mut self.actions,
                );
            }
            Some(ws) => layout::project_ui(
                ui,
                ws,
                &mut self.settings,
                &mut self.textures,
                &self.jobs,
                &mut self.actions,
            ),
        }
        layout::drop_hint(&ctx);
        self.browser_ui(&ctx);
        if let Some(folder) = toasts::toasts_ui(&ctx, &mut self.toasts) {
            self.actions.push(Action::OpenFolder(folder));
        }
        self.apply_actions(&ctx);
        self.autosave(&ctx);
        self.update_title(&ctx);
    }

    /// "Skin 2026 — Afterglow", with the read-only state, in the window's title bar.
    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.workspace {
            None => "Afterglow".to_owned(),
            Some(ws) if ws.read_only_reason().is_some() => {
                format!("{} (read-only) — Afterglow", ws.project().name)
            }
            Some(ws) => format!("{} — Afterglow", ws.project().name),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for AfterglowApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, self.settings_to_save());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        let ctx = egui::Context::default();
        self.finish(&ctx);
    }
}
