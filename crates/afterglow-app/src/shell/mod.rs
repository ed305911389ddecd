//! The app: one frame is "collect finished work → handle keys and drops → draw → apply the
//! actions the drawing asked for → start an autosave if one is due".

use std::path::PathBuf;
use std::time::{Duration, Instant};

use afterglow_core::import::{self, ImportError, Outcome};
use afterglow_core::project::Command;
use afterglow_core::store::{self, OpenProject};

use crate::analysis::{guide_editor, measure_job, measurements_view, timeline_view};
use crate::chrome::toasts::Toasts;
use crate::chrome::{shortcuts, start, status_bar, top_bar};
use crate::compare::{self, patch_tool};
use crate::panels::{alignment, details, library, sessions};
use crate::state::actions::Action;
use crate::state::actions::DialogPurpose;
use crate::state::settings::{SETTINGS_KEY, Settings};
use crate::state::tool::Tool;
use crate::state::workspace::{AUTOSAVE_DELAY, CentralTab, Workspace};
use crate::work::core_calls;
use crate::work::job_context::JobContext;
use crate::work::jobs::{JobKind, JobOutput, Jobs};
use crate::work::textures::TextureCache;

/// How long closing waits for the last save.
const FINAL_SAVE_WAIT: Duration = Duration::from_secs(20);

pub struct AfterglowApp {
    pub settings: Settings,
    pub workspace: Option<Workspace>,
    pub toasts: Toasts,
    pub jobs: Jobs,
    pub textures: TextureCache,
    actions: Vec<Action>,
    sample: Option<PathBuf>,
    /// The window title last sent, so it is sent only when it changes.
    title: String,
    /// Answers for the next file dialogs instead of asking (tests drive dialogs with this).
    dialog_answers: std::collections::VecDeque<Vec<PathBuf>>,
}

impl AfterglowApp {
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
            title: String::new(),
            dialog_answers: std::collections::VecDeque::new(),
        }
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

    /// The next file dialog is not shown: it answers `paths` (empty = cancelled). For tests
    /// and scripted runs.
    pub fn answer_next_dialog(&mut self, paths: Vec<PathBuf>) {
        self.dialog_answers.push_back(paths);
    }

    /// Draws one frame into `ui` (the whole window) and does the work the frame asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.collect_jobs(&ctx);
        self.check_missing(&ctx);
        self.textures.begin_frame(&ctx);
        if let Some(ws) = self.workspace.as_mut() {
            ws.refresh_index();
            shortcuts::handle(&ctx, ws, &mut self.settings.view, &mut self.actions);
        }
        self.dropped_files(&ctx);
        match self.workspace.as_mut() {
            None => {
                let busy = self.jobs.is_running(JobKind::OpenProject);
                start::show(
                    ui,
                    &mut self.settings,
                    self.sample.as_deref(),
                    busy,
                    &mut self.actions,
                );
            }
            Some(ws) => project_ui(
                ui,
                ws,
                &mut self.settings,
                &mut self.textures,
                &self.jobs,
                &mut self.actions,
            ),
        }
        drop_hint(&ctx);
        if let Some(folder) = self.toasts.show(&ctx) {
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

    /// Commits what is being typed and saves, waiting for the save: on close and on exit.
    pub fn finish(&mut self, ctx: &egui::Context) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        if let Some(c) = crate::panels::annotation::pending_note(ws)
            && let Err(e) = ws.apply(c)
        {
            self.toasts.error(e);
        }
        if ws.read_only_reason().is_none() && ws.save.saved_revision != ws.revision {
            // Wait for a save already running, then write the latest revision.
            self.wait_for_saves();
            if let Some(ws) = self.workspace.as_mut() {
                ws.save.error = None;
                ws.save.last_change = None;
            }
            self.autosave(ctx);
            self.wait_for_saves();
        }
    }

    fn wait_for_saves(&mut self) {
        let ctx_results = self.jobs.wait_for(JobKind::Save, FINAL_SAVE_WAIT);
        for (job, result) in ctx_results {
            self.job_done(None, job.id, job.kind, result);
        }
    }

    pub fn open_workspace(&mut self, open: OpenProject) {
        if let Some(reason) = &open.read_only_reason {
            self.toasts.info(format!(
                "Opened read-only: {reason}. You can look, but changes cannot be made."
            ));
        }
        self.settings.remember(&open.paths.root);
        self.textures.clear();
        self.workspace = Some(Workspace::new(open));
    }

    fn close_workspace(&mut self, ctx: &egui::Context) {
        self.finish(ctx);
        self.workspace = None;
        self.textures.clear();
    }

    fn spawn_for_project(
        &mut self,
        ctx: &egui::Context,
        kind: JobKind,
        label: String,
        work: impl FnOnce(&JobContext) -> Result<JobOutput, String> + Send + 'static,
    ) -> Option<u64> {
        let ws = self.workspace.as_mut()?;
        let id = self.jobs.spawn(ctx, kind, label, work);
        ws.jobs.push(id);
        Some(id)
    }

    fn collect_jobs(&mut self, ctx: &egui::Context) {
        for (job, result) in self.jobs.poll() {
            self.job_done(Some(ctx), job.id, job.kind, result);
        }
    }

    fn job_done(
        &mut self,
        ctx: Option<&egui::Context>,
        id: u64,
        kind: JobKind,
        result: Result<JobOutput, String>,
    ) {
        // Results of a project's jobs only count while that project is open.
        let ws = self.workspace.as_mut().filter(|ws| ws.jobs.contains(&id));
        let project_job = !matches!(kind, JobKind::OpenProject | JobKind::FileDialog);
        if project_job && ws.is_none() {
            return;
        }
        if let Some(ws) = self.workspace.as_mut() {
            ws.jobs.retain(|j| *j != id);
        }
        let ws = self.workspace.as_mut();
        match (result, ws) {
            (Err(e), Some(ws)) if kind == JobKind::Save => {
                ws.save.in_flight = None;
                self.toasts
                    .error(format!("Could not save the project: {e}"));
                ws.save.error = Some(e);
            }
            (result, Some(ws)) if kind == JobKind::CheckMissing => {
                ws.missing.job = None;
                ws.missing.checked_at = Some(Instant::now());
                if let Ok(JobOutput::Missing(ids)) = result {
                    let now: std::collections::HashSet<_> = ids.into_iter().collect();
                    // Photos that came back (put back by hand): their textures may have failed.
                    for id in ws.missing.photos.difference(&now) {
                        self.textures.invalidate(id);
                    }
                    ws.missing.photos = now;
                }
            }
            (result, Some(ws)) if kind == JobKind::Locate => {
                ws.missing.locating = None;
                match result {
                    Ok(JobOutput::Located(id)) => {
                        ws.missing.photos.remove(&id);
                        self.textures.invalidate(&id);
                        let name = ws
                            .project()
                            .photo(&id)
                            .map_or_else(|| id.0.clone(), |p| p.original_name.clone());
                        self.toasts
                            .info(format!("{name} is back in the project's photos folder."));
                    }
                    Ok(_) => {}
                    Err(e) => self.toasts.error(e),
                }
            }
            (Ok(JobOutput::Exported(written)), _) => {
                let folder = written.first().and_then(|p| p.parent()).map(PathBuf::from);
                self.toasts
                    .info_with_folder(crate::export::job::summary(&written), folder);
            }
            (Err(e), Some(ws)) if kind == JobKind::HeatMap => {
                if ws.heat.job == Some(id) {
                    ws.heat.job = None;
                    ws.heat.error = ws.heat.key.map(|k| (k, e));
                }
            }
            (Err(e), Some(ws)) if kind == JobKind::Measure => ws.analysis.measure.failed(id, e),
            (Ok(JobOutput::Measured(m)), Some(ws)) => ws.analysis.measure.finished(id, *m),
            (Err(e), _) if e == "cancelled" => {}
            (Err(e), _) => self.toasts.error(e),
            (Ok(JobOutput::Opened(open)), _) => self.open_workspace(*open),
            (Ok(JobOutput::Picked(purpose, paths)), _) => self.picked(purpose, paths),
            (Ok(JobOutput::Saved(revision)), Some(ws)) => {
                ws.save.in_flight = None;
                ws.save.saved_revision = ws.save.saved_revision.max(revision);
            }
            (Ok(JobOutput::Imported(reports)), Some(ws)) => {
                let summary = finish_import(ws, reports);
                match summary {
                    Ok(text) => self.toasts.info(text),
                    Err(e) => self.toasts.error(e),
                }
            }
            (Ok(JobOutput::Aligned(work)), Some(ws)) => {
                let core_calls::AlignedWork {
                    reports,
                    default_regions,
                } = *work;
                // Decided against the project as it is now (the user may have locked or
                // changed a photo while the job ran); locked alignments are never replaced.
                let failed: Vec<String> = reports
                    .iter()
                    .filter(|r| r.failed())
                    .map(|r| r.line())
                    .collect();
                let doubtful = reports
                    .iter()
                    .filter(|r| {
                        matches!(&r.outcome, afterglow_core::align::Outcome::Aligned { alignment, .. }
                            if !alignment.comparable)
                    })
                    .count();
                let mut commands = Vec::new();
                let mut aligned = 0;
                if let Some(Command::Batch(updates)) =
                    afterglow_core::align::update_command(ws.project(), &reports)
                {
                    aligned = updates.len();
                    commands.extend(updates);
                }
                let mut placed = false;
                match default_regions {
                    // Regions the user added meanwhile win over the defaults.
                    Some(Ok(add)) if ws.project().regions.is_empty() => {
                        commands.push(add);
                        placed = true;
                    }
                    Some(Err(why)) => self
                        .toasts
                        .info(format!("Default regions not placed: {why}")),
                    _ => {}
                }
                if !commands.is_empty() {
                    match ws.apply(Command::Batch(commands)) {
                        Ok(()) => {
                            let mut text = format!("{aligned} photo(s) aligned.");
                            if doubtful > 0 {
                                text.push_str(&format!(
                                    " {doubtful} look too different from the reference to \
                                     compare reliably (flagged in the library)."
                                ));
                            }
                            if placed {
                                text.push_str(
                                    " The default regions (cheeks, forehead, chin) were \
                                     placed on the reference's face.",
                                );
                            }
                            self.toasts.info(text);
                        }
                        Err(e) => self.toasts.error(e),
                    }
                }
                for line in failed {
                    self.toasts.error(line);
                }
            }
            (Ok(JobOutput::HeatMap(map)), Some(ws)) => {
                if ws.heat.job == Some(id) {
                    ws.heat.job = None;
                }
                if let Some(ctx) = ctx {
                    ws.heat.accept(ctx, *map);
                }
            }
            (Ok(JobOutput::DefaultRegions(regions)), Some(ws)) => {
                let (command, message) = crate::compare::region_editing::replace_defaults(
                    ws.project(),
                    regions,
                    "the face found in the reference",
                );
                match ws.apply(command) {
                    Ok(()) => self.toasts.info(message),
                    Err(e) => self.toasts.error(e),
                }
            }
            (Ok(JobOutput::PatchChecked(photo, patch)), Some(ws)) => {
                match patch_tool::set_patch(ws.project(), &photo, Some(patch)) {
                    Some(command) => match ws.apply(command) {
                        Ok(()) => {
                            if matches!(&ws.tool, Tool::MarkPatch { photo: p, .. } if *p == photo) {
                                ws.tool = Tool::None;
                            }
                            self.toasts.info(
                                "Neutral patch set: this photo's redness is now white-balanced.",
                            );
                        }
                        Err(e) => self.toasts.error(e),
                    },
                    None => self.toasts.error("That photo is no longer in the project."),
                }
            }
            (Ok(_), None) => {}
            // Handled above by job kind.
            (Ok(JobOutput::Located(_) | JobOutput::Missing(_)), Some(_)) => {}
        }
    }

    fn picked(&mut self, purpose: DialogPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        self.actions.push(match purpose {
            DialogPurpose::NewProjectIn(name) => Action::CreateProject {
                root: first.join(format!("{name}.afterglow")),
                name,
            },
            DialogPurpose::OpenProject => Action::OpenProject(first),
            DialogPurpose::Import => Action::Import(paths),
            DialogPurpose::Export { .. } => Action::ExportTo(first),
            DialogPurpose::Locate(photo) => Action::Locate { photo, file: first },
        });
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        if self.workspace.is_some() {
            self.actions.push(Action::Import(dropped));
        } else if let [one] = dropped.as_slice()
            && one.join(store::PROJECT_FILE).is_file()
        {
            self.actions.push(Action::OpenProject(one.clone()));
        } else {
            self.toasts
                .info("Open or create a project first, then drop photos on it.");
        }
    }

    fn apply_actions(&mut self, ctx: &egui::Context) {
        // An action may push more (a picked folder becomes "open project"): run until quiet.
        for _ in 0..4 {
            let actions = std::mem::take(&mut self.actions);
            if actions.is_empty() {
                return;
            }
            for action in actions {
                self.apply_action(ctx, action);
            }
        }
    }

    fn apply_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Apply(command) => self.with_workspace(|ws| ws.apply(command).map(|()| None)),
            Action::Undo => self.with_workspace(|ws| {
                // Region editing stays on (its drag is over once a key is pressed).
                ws.tool = match std::mem::take(&mut ws.tool) {
                    Tool::EditRegions(editor) => Tool::EditRegions(editor),
                    _ => Tool::None,
                };
                // A note still being typed is committed first, so Undo takes back the typing.
                if let Some(c) = crate::panels::annotation::pending_note(ws) {
                    ws.apply(c)?;
                }
                ws.undo().map(|_| None)
            }),
            Action::Redo => self.with_workspace(|ws| ws.redo().map(|_| None)),
            Action::Dialog(purpose) => {
                if let Some(answer) = self.dialog_answers.pop_front() {
                    self.picked(purpose, answer);
                    return;
                }
                if self.jobs.is_running(JobKind::FileDialog) {
                    return;
                }
                self.jobs
                    .spawn(ctx, JobKind::FileDialog, "Choosing", move |_| {
                        Ok(JobOutput::Picked(purpose.clone(), pick(&purpose)))
                    });
            }
            Action::OpenProject(root) => {
                if self
                    .workspace
                    .as_ref()
                    .is_some_and(|ws| ws.open.paths.root == root)
                {
                    return;
                }
                self.close_workspace(ctx);
                self.jobs
                    .spawn(ctx, JobKind::OpenProject, "Opening", move |_| {
                        OpenProject::open(&root)
                            .map(|o| JobOutput::Opened(Box::new(o)))
                            .map_err(|e| e.to_string())
                    });
            }
            Action::CreateProject { root, name } => {
                self.close_workspace(ctx);
                self.jobs
                    .spawn(ctx, JobKind::OpenProject, "Creating", move |_| {
                        store::create(&root, &name).map_err(|e| e.to_string())?;
                        OpenProject::open(&root)
                            .map(|o| JobOutput::Opened(Box::new(o)))
                            .map_err(|e| e.to_string())
                    });
            }
            Action::OpenSample => match self.sample.clone() {
                Some(p) => self.apply_action(ctx, Action::OpenProject(p)),
                None => self.toasts.error("The sample project was not found."),
            },
            Action::CloseProject => self.close_workspace(ctx),
            Action::ForgetRecent(p) => self.settings.forget(&p),
            Action::Import(inputs) => self.start_import(ctx, inputs),
            Action::AlignProject => {
                let Some(ws) = self.workspace.as_ref() else {
                    return;
                };
                let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
                self.spawn_for_project(
                    ctx,
                    JobKind::AlignProject,
                    "Aligning the photos".into(),
                    move |jc| {
                        core_calls::align_project(&paths, &project, jc)
                            .map(|w| JobOutput::Aligned(Box::new(w)))
                    },
                );
            }
            Action::AlignPhoto(id) => {
                let Some(ws) = self.workspace.as_ref() else {
                    return;
                };
                let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
                self.spawn_for_project(
                    ctx,
                    JobKind::AlignPhoto,
                    "Aligning one photo".into(),
                    move |jc| {
                        core_calls::align_photo(&paths, &project, &id, jc)
                            .map(|w| JobOutput::Aligned(Box::new(w)))
                    },
                );
            }
            Action::HeatMap { before, after, key } => {
                self.start_heat_map(ctx, &before, &after, key)
            }
            Action::Nudged { photo, change } => self.with_workspace(|ws| {
                if let Tool::Nudge { photo: p, drag } = &mut ws.tool
                    && *p == photo
                {
                    *drag = None;
                }
                let command = alignment::nudged(ws.project(), &photo, &change)
                    .ok_or("That photo can no longer be moved.")?;
                ws.apply(command).map(|()| None)
            }),
            Action::EyesMarked { photo, eyes } => self.with_workspace(|ws| {
                let (command, message) = alignment::eyes_marked(ws.project(), &photo, eyes)?;
                ws.apply(command).map(|()| Some(message))
            }),
            Action::CancelJob(id) => self.jobs.cancel(id),
            Action::Error(e) => self.toasts.error(e),
            Action::Info(i) => self.toasts.info(i),
            Action::Measure => {
                if let Some(ws) = self.workspace.as_mut() {
                    measure_job::start(ctx, ws, &mut self.jobs);
                }
            }
            Action::ShowInCompare(photo) => {
                let panes = self.settings.view.pane_count.clamp(2, 4);
                if let Some(ws) = self.workspace.as_mut()
                    && ws.project().photo(&photo).is_some()
                {
                    ws.pick(photo, panes);
                    ws.tab = CentralTab::Compare;
                }
            }
            Action::OpenExport => {
                if let Some(ws) = self.workspace.as_mut() {
                    if ws.project().photos.is_empty() {
                        self.toasts
                            .info("Import photos first: there is nothing to export.");
                    } else if ws.export.is_none() {
                        ws.export = Some(crate::state::export_choices::ExportDialog::new(
                            ws.project(),
                            &ws.index,
                        ));
                    }
                }
            }
            Action::ExportTo(path) => self.start_export(ctx, &path),
            Action::Locate { photo, file } => self.start_locate(ctx, &photo, file),
            Action::OpenFolder(folder) => {
                if let Err(e) = crate::export::job::open_folder(&folder) {
                    self.toasts.error(e);
                }
            }
            Action::PlaceDefaultRegions => {
                let Some(ws) = self.workspace.as_ref() else {
                    return;
                };
                let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
                self.spawn_for_project(
                    ctx,
                    JobKind::PlaceRegions,
                    "Finding the face in the reference".into(),
                    move |_| {
                        afterglow_core::metrics::place_default_regions(&paths, &project)
                            .map(JobOutput::DefaultRegions)
                            .map_err(|e| e.to_string())
                    },
                );
            }
            Action::PatchMarked { photo, patch } => {
                let Some(p) = self
                    .workspace
                    .as_ref()
                    .and_then(|ws| ws.project().photo(&photo).cloned())
                else {
                    return;
                };
                let paths = self.workspace.as_ref().map(|ws| ws.open.paths.clone());
                let Some(paths) = paths else { return };
                self.spawn_for_project(
                    ctx,
                    JobKind::CheckPatch,
                    "Checking the neutral patch".into(),
                    move |_| {
                        patch_tool::check(&paths, &p, &patch)
                            .map(|()| JobOutput::PatchChecked(photo, patch))
                    },
                );
            }
        }
    }

    fn start_export(&mut self, ctx: &egui::Context, path: &std::path::Path) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        let Some(dialog) = ws.export.as_ref() else {
            return;
        };
        if self.jobs.is_running(JobKind::Export) {
            self.toasts
                .info("An export is running; wait for it to finish, then try again.");
            return;
        }
        let plan = crate::export::plan::plan(dialog, &self.settings.export, path);
        self.settings.export.folder = path.parent().map(PathBuf::from);
        let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
        let label = format!(
            "Exporting {}",
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned()
            )
        );
        self.spawn_for_project(ctx, JobKind::Export, label, move |jc| {
            crate::export::job::run(&paths, &project, &plan, jc)
        });
        if let Some(ws) = self.workspace.as_mut() {
            ws.export = None;
        }
    }

    fn start_locate(
        &mut self,
        ctx: &egui::Context,
        photo: &afterglow_core::project::PhotoId,
        file: PathBuf,
    ) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        if let Some(reason) = ws.read_only_reason() {
            self.toasts.error(format!(
                "The photo cannot be put back: the project is read-only ({reason})."
            ));
            return;
        }
        let Some(p) = ws.project().photo(photo).cloned() else {
            return;
        };
        let paths = ws.open.paths.clone();
        let id = self.spawn_for_project(
            ctx,
            JobKind::Locate,
            "Checking the file".into(),
            move |_| crate::panels::locate::locate(&paths, &p, &file),
        );
        if let Some(ws) = self.workspace.as_mut() {
            ws.missing.locating = id;
        }
    }

    /// Starts the check for missing originals when one is due (on open, every few seconds,
    /// and when the window gets the focus back).
    fn check_missing(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.focused);
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        if !ws.missing.due(Instant::now(), focused) {
            return;
        }
        let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
        let id = self.spawn_for_project(ctx, JobKind::CheckMissing, "Checking".into(), move |_| {
            crate::panels::locate::check_missing(&paths, &project)
        });
        if let Some(ws) = self.workspace.as_mut() {
            ws.missing.job = id;
        }
    }

    /// Runs `f` on the open project; an `Err` becomes an error toast, `Ok(Some)` an info toast.
    fn with_workspace(&mut self, f: impl FnOnce(&mut Workspace) -> Result<Option<String>, String>) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        match f(ws) {
            Ok(Some(info)) => self.toasts.info(info),
            Ok(None) => {}
            Err(e) => self.toasts.error(e),
        }
    }

    fn start_import(&mut self, ctx: &egui::Context, inputs: Vec<PathBuf>) {
        let Some(ws) = self.workspace.as_ref() else {
            return;
        };
        if let Some(reason) = ws.read_only_reason() {
            self.toasts.error(format!(
                "Photos cannot be imported: the project is read-only ({reason})."
            ));
            return;
        }
        if self.jobs.is_running(JobKind::Import) {
            self.toasts
                .info("An import is running; wait for it to finish, then try again.");
            return;
        }
        let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
        let label = match inputs.as_slice() {
            [one] => format!(
                "Importing {}",
                one.file_name().map_or_else(
                    || one.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
            many => format!("Importing {} items", many.len()),
        };
        self.spawn_for_project(ctx, JobKind::Import, label, move |jc| {
            let progress = |p: import::Progress| jc.progress.set(p.done, p.total);
            Ok(JobOutput::Imported(import::import_files(
                &paths, &project, &inputs, &progress, &jc.cancel,
            )))
        });
    }

    fn start_heat_map(
        &mut self,
        ctx: &egui::Context,
        before: &afterglow_core::project::PhotoId,
        after: &afterglow_core::project::PhotoId,
        key: u64,
    ) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        if ws.heat.key == Some(key) {
            return;
        }
        if let Some(old) = ws.heat.job.take() {
            self.jobs.cancel(old);
        }
        ws.heat.key = Some(key);
        let project = ws.open.project.clone();
        let paths = ws.open.paths.clone();
        let (Some(a), Some(b)) = (
            project.photo(before).cloned(),
            project.photo(after).cloned(),
        ) else {
            return;
        };
        let id = self.spawn_for_project(
            ctx,
            JobKind::HeatMap,
            "Mapping the redness change".into(),
            move |jc| {
                core_calls::redness_change(&paths, &project, &a, &b, key, jc)
                    .map(|m| JobOutput::HeatMap(Box::new(m)))
            },
        );
        if let Some(ws) = self.workspace.as_mut() {
            ws.heat.job = id;
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        if let Some(revision) = ws.due_save(Instant::now()) {
            ws.save.in_flight = Some(revision);
            let root = ws.open.paths.root.clone();
            let project = ws.open.project.clone();
            self.spawn_for_project(ctx, JobKind::Save, "Saving".into(), move |_| {
                store::save(&root, &project)
                    .map(|()| JobOutput::Saved(revision))
                    .map_err(|e| e.to_string())
            });
        } else if ws.save.in_flight.is_none()
            && ws.save.saved_revision != ws.revision
            && ws.save.error.is_none()
        {
            ctx.request_repaint_after(AUTOSAVE_DELAY);
        }
    }
}

/// Adds what an import brought in and says what happened; rejected files are kept for the list.
fn finish_import(ws: &mut Workspace, reports: Vec<import::FileReport>) -> Result<String, String> {
    let mut photos = Vec::new();
    let (mut duplicates, mut cancelled) = (0, 0);
    let mut rejected = Vec::new();
    for r in reports {
        match r.outcome {
            Outcome::Imported(p) => {
                if ws.project().photo(&p.id).is_none() {
                    photos.push(*p);
                }
            }
            Outcome::Duplicate(_) => duplicates += 1,
            Outcome::Rejected(ImportError::Cancelled) => cancelled += 1,
            Outcome::Rejected(e) => rejected.push(format!("{}: {e}", r.path.display())),
        }
    }
    let n = photos.len();
    if n > 0 {
        ws.apply(Command::AddPhotos(photos))?;
        ws.refresh_index();
        ws.fill_empty_panes();
    }
    let mut text = format!("Imported {n} photo{}.", if n == 1 { "" } else { "s" });
    if duplicates > 0 {
        text.push_str(&format!(" {duplicates} already in the project."));
    }
    if cancelled > 0 {
        text.push_str(&format!(" {cancelled} skipped (cancelled)."));
    }
    if !rejected.is_empty() {
        text.push_str(&format!(" {} not imported (see the list).", rejected.len()));
        ws.rejected = rejected;
    }
    Ok(text)
}

/// Asks the user for files or a folder (runs on a worker thread).
fn pick(purpose: &DialogPurpose) -> Vec<PathBuf> {
    let dialog = rfd::FileDialog::new();
    match purpose {
        DialogPurpose::NewProjectIn(name) => dialog
            .set_title(format!("Choose the folder to keep \"{name}\" in"))
            .pick_folder()
            .into_iter()
            .collect(),
        DialogPurpose::OpenProject => dialog
            .set_title("Open a project folder (…/Name.afterglow)")
            .pick_folder()
            .into_iter()
            .collect(),
        DialogPurpose::Import => dialog
            .set_title("Import photos")
            .add_filter(
                "Photos",
                &[
                    "jpg", "jpeg", "png", "webp", "tif", "tiff", "JPG", "JPEG", "PNG",
                ],
            )
            .pick_files()
            .unwrap_or_default(),
        DialogPurpose::Export { folder, name } => {
            let mut dialog = dialog.set_title("Export to").set_file_name(name);
            if let Some(f) = folder.as_ref().filter(|f| f.is_dir()) {
                dialog = dialog.set_directory(f);
            }
            dialog.save_file().into_iter().collect()
        }
        DialogPurpose::Locate(_) => dialog
            .set_title("Locate the photo's original file")
            .pick_file()
            .into_iter()
            .collect(),
    }
}

fn project_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    settings: &mut Settings,
    textures: &mut TextureCache,
    jobs: &Jobs,
    out: &mut Vec<Action>,
) {
    egui::Panel::top("top-bar").show(ui, |ui| {
        ui.add_space(4.0);
        top_bar::show(ui, ws, jobs, out);
        ui.add_space(2.0);
    });
    egui::Panel::bottom("status-bar").show(ui, |ui| status_bar::show(ui, jobs, out));
    let importing = jobs.is_running(JobKind::Import);
    let pane_count = settings.view.pane_count.clamp(2, 4);
    egui::Panel::left("library")
        .resizable(true)
        .default_size(292.0)
        .size_range(150.0..=700.0)
        .show(ui, |ui| {
            library::show(ui, ws, textures, pane_count, importing, out)
        });
    let align_busy = jobs.is_running(JobKind::AlignPhoto) || jobs.is_running(JobKind::AlignProject);
    egui::Panel::right("details")
        .resizable(true)
        .default_size(350.0)
        .size_range(260.0..=600.0)
        .show(ui, |ui| details::show(ui, ws, align_busy, out));
    egui::CentralPanel::default().show(ui, |ui| match ws.tab {
        CentralTab::Compare => compare::show(ui, ws, &mut settings.view, textures, out),
        CentralTab::Sessions => sessions::show(ui, ws, out),
        CentralTab::Timeline => timeline_view::timeline_ui(ui, ws, textures, out),
        CentralTab::Measurements => {
            measurements_view::measurements_ui(ui, ws, &mut settings.analysis, jobs, out)
        }
        CentralTab::Guide => guide_editor::guide_editor_ui(ui, ws, out),
    });
    rejected_list(ui.ctx(), ws);
    crate::export::dialog::export_dialog_ui(
        ui.ctx(),
        ws,
        &mut settings.export,
        textures,
        jobs.is_running(JobKind::Export),
        out,
    );
}

fn rejected_list(ctx: &egui::Context, ws: &mut Workspace) {
    if ws.rejected.is_empty() {
        return;
    }
    let mut open = true;
    let mut close = false;
    egui::Window::new(format!("{} file(s) were not imported", ws.rejected.len()))
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for line in &ws.rejected {
                        ui.add(egui::Label::new(line).wrap());
                    }
                });
            close = ui.button("Close").clicked();
        });
    if !open || close {
        ws.rejected.clear();
    }
}

/// While files are dragged over the window: say what dropping them does.
fn drop_hint(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop"),
    ));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        "Drop photos or folders to import them",
        egui::FontId::proportional(24.0),
        egui::Color32::WHITE,
    );
}

impl eframe::App for AfterglowApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        let ctx = egui::Context::default();
        self.finish(&ctx);
    }
}
