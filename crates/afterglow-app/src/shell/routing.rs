//! Where each action and each finished job goes: to the feature that owns it. Nothing here
//! decides how a feature works; it only hands over the state the feature needs.

use std::path::PathBuf;

use afterglow_core::prepare::Which;
use afterglow_core::store;

use super::{AfterglowApp, lifecycle};
use crate::analysis::measure_job;
use crate::chrome::file_browser::FileBrowser;
use crate::chrome::file_dialog;
use crate::chrome::portal::Dialogs;
use crate::compare::{heat_map, patch_tool, region_editing};
use crate::export;
use crate::panels::{
    align_job, alignment, annotation, import, locate, reference_switch, sync_conflicts,
    unsaved_drafts,
};
use crate::state::actions::{Action, DialogPurpose};
use crate::state::export_choices::ExportDialog;
use crate::state::tool::Tool;
use crate::state::workspace::{CentralTab, Workspace};
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, JobResult};

impl AfterglowApp {
    pub(super) fn collect_jobs(&mut self, ctx: &egui::Context) {
        for (job, result) in self.jobs.poll() {
            self.job_done(Some(ctx), job.id, job.kind, result);
        }
    }

    /// Hands a finished job's result to its feature. Results of a project's jobs only count
    /// while that project is open.
    pub(super) fn job_done(
        &mut self,
        ctx: Option<&egui::Context>,
        id: u64,
        kind: JobKind,
        result: JobResult,
    ) {
        let project_job = !matches!(kind, JobKind::OpenProject | JobKind::FileDialog);
        let ws = self.workspace.as_mut().filter(|ws| ws.jobs.contains(&id));
        if project_job && ws.is_none() {
            return;
        }
        if let Some(ws) = self.workspace.as_mut() {
            ws.jobs.retain(|j| *j != id);
        }
        let toasts = &mut self.toasts;
        match (result, self.workspace.as_mut()) {
            (Ok(JobOutput::Opened(open)), _) => self.open_workspace(*open),
            (Ok(JobOutput::Picked(purpose, Some(paths))), _) => self.picked(purpose, paths),
            (Ok(JobOutput::Picked(purpose, None)), _) => {
                // The portal failed (and rfd's zenity fallback with it): the in-app browser
                // for the rest of the session.
                self.dialogs = Dialogs::Builtin;
                self.toasts.info(
                    "The desktop's file dialog could not be shown (no XDG desktop portal \
                     answered): using Afterglow's own file browser."
                        .to_owned(),
                );
                self.open_browser(purpose);
            }
            (Ok(JobOutput::Exported(written)), _) => export::job::done(toasts, &written),
            (Ok(output), Some(ws)) => match output {
                JobOutput::Saved(revision) => lifecycle::saved(ws, revision),
                JobOutput::Imported(reports) => import::done(ws, toasts, reports),
                JobOutput::Aligned(run) => align_job::done(ws, toasts, *run),
                JobOutput::HeatMap(map) => {
                    if let Some(ctx) = ctx {
                        heat_map::done(ctx, ws, id, *map);
                    }
                }
                JobOutput::Measured(m) => ws.analysis.measure.finished(id, *m),
                JobOutput::Missing(ids) => locate::checked(ws, &mut self.textures, ids),
                JobOutput::Located(photo) => locate::located(ws, &mut self.textures, toasts, photo),
                JobOutput::PatchChecked(photo, patch) => {
                    patch_tool::checked(ws, toasts, photo, patch)
                }
                JobOutput::DefaultRegions(placed) => {
                    region_editing::defaults_found(ws, toasts, placed)
                }
                JobOutput::PatchSpread(spread) => {
                    crate::compare::patch_spread::done(ws, toasts, *spread)
                }
                JobOutput::Conflicts(copies) => sync_conflicts::found(ws, copies),
                JobOutput::SetAside(file) => toasts.info(format!(
                    "The copy is now {} (delete it when you are sure).",
                    file.display()
                )),
                JobOutput::Opened(_) | JobOutput::Picked(..) | JobOutput::Exported(_) => {}
            },
            (Ok(_), None) => {}
            (Err(e), Some(ws)) => match kind {
                JobKind::Save => {
                    let message = lifecycle::save_failed(ws, &e);
                    toasts.error(message);
                }
                JobKind::CheckMissing => locate::check_failed(ws),
                JobKind::Locate => locate::locate_failed(ws, toasts, &e),
                JobKind::HeatMap => heat_map::failed(ws, id, &e),
                JobKind::Measure => match e {
                    JobError::Cancelled => ws.analysis.measure.cancelled(id),
                    e => ws.analysis.measure.failed(id, e.to_string()),
                },
                _ => report_failure(toasts, &e),
            },
            (Err(e), None) => report_failure(toasts, &e),
        }
    }

    /// Opens the in-app browser, at home (or where the process runs); an import starts where
    /// the last one came from.
    fn open_browser(&mut self, purpose: DialogPurpose) {
        let home = self
            .start_folder(&purpose)
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
            .filter(|h| h.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        self.browser = Some(FileBrowser::open(purpose, &home));
    }

    /// The folder a dialog for `purpose` starts in, when the app knows a better one than the
    /// desktop's default: the last import's, for an import.
    fn start_folder(&self, purpose: &DialogPurpose) -> Option<PathBuf> {
        match purpose {
            DialogPurpose::Import | DialogPurpose::ImportFolder => {
                self.import_folder.clone().filter(|f| f.is_dir())
            }
            _ => None,
        }
    }

    /// Draws the in-app browser if it is open, and acts on its answer.
    pub(super) fn browser_ui(&mut self, ctx: &egui::Context) {
        let Some(browser) = self.browser.as_mut() else {
            return;
        };
        if let Some(paths) = browser.show(ctx) {
            let purpose = browser.purpose().clone();
            self.browser = None;
            self.picked(purpose, paths);
        }
    }

    /// Turns a dialog's answer into the action it was opened for.
    pub(super) fn picked(&mut self, purpose: DialogPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        if matches!(purpose, DialogPurpose::Import | DialogPurpose::ImportFolder) {
            self.import_folder = first.parent().map(PathBuf::from);
        }
        self.actions.push(match purpose {
            DialogPurpose::NewProjectIn(name) => Action::CreateProject {
                root: first.join(format!("{name}.afterglow")),
                name,
            },
            DialogPurpose::OpenProject => Action::OpenProject(first),
            DialogPurpose::Import | DialogPurpose::ImportFolder => Action::Import(paths),
            DialogPurpose::Export { .. } => Action::ExportTo(first),
            DialogPurpose::Locate(photo) => Action::Locate { photo, file: first },
        });
    }

    /// Files dropped on the window: imported into the open project, or a project folder opened.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
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

    pub(super) fn apply_actions(&mut self, ctx: &egui::Context) {
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
        // Actions that need no open project.
        let action = match action {
            Action::Dialog(purpose) => return self.open_dialog(ctx, purpose),
            Action::OpenProject(root) => return self.start_open(ctx, root),
            Action::CreateProject { root, name } => return self.start_create(ctx, root, name),
            Action::OpenSample => {
                return match self.sample.clone() {
                    Some(p) => self.start_open_sample(ctx, p, self.sample_home.clone()),
                    None => self.toasts.error("The sample project was not found."),
                };
            }
            Action::CloseProject => {
                if let Some(ws) = self.workspace.as_mut()
                    && !unsaved_drafts::unsaved(ws).is_empty()
                {
                    ws.closing = Some(unsaved_drafts::AfterDrafts::CloseProject);
                    return;
                }
                return self.close_workspace(ctx);
            }
            Action::Quit => {
                self.allow_close = true;
                return ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Action::ForgetRecent(p) => return self.settings.forget(&p),
            Action::CancelJob(id) => return self.jobs.cancel(id),
            Action::Error(e) => return self.toasts.error(e),
            Action::Info(i) => return self.toasts.info(i),
            Action::OpenFolder(folder) => {
                if let Err(e) = export::job::open_folder(&folder) {
                    self.toasts.error(e);
                }
                return;
            }
            other => other,
        };
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let (jobs, toasts) = (&mut self.jobs, &mut self.toasts);
        let outcome: Result<Option<String>, String> = match action {
            Action::Apply(command) => ws.apply(command).map(|()| None),
            Action::Undo => undo(ws),
            Action::Redo => ws.redo().map(|_| None),
            Action::Import(inputs) => {
                import::start(ctx, ws, jobs, toasts, inputs);
                Ok(None)
            }
            Action::AlignProject => {
                align_job::start(ctx, ws, jobs, Which::All);
                Ok(None)
            }
            Action::AlignPhoto(id) => {
                align_job::start_one(ctx, ws, jobs, id);
                Ok(None)
            }
            Action::FlipPhoto(id) => {
                align_job::start(ctx, ws, jobs, Which::Flip(id));
                Ok(None)
            }
            Action::MakeReference(id) => reference_switch::make_reference(ctx, ws, jobs, &id),
            Action::HeatMap {
                before,
                after,
                key,
                range,
            } => {
                heat_map::start(ctx, ws, jobs, &before, &after, key, range);
                Ok(None)
            }
            Action::Nudged { photo, change } => alignment::apply_nudge(ws, &photo, &change),
            Action::EyesMarked { photo, eyes } => alignment::apply_eyes(ws, &photo, eyes),
            Action::Measure => {
                measure_job::start(ctx, ws, jobs);
                Ok(None)
            }
            Action::ShowInCompare(photo) => {
                if ws.project().photo(&photo).is_some() {
                    ws.pick(photo, self.settings.view.pane_count.clamp(2, 4));
                    ws.tab = CentralTab::Compare;
                }
                Ok(None)
            }
            Action::OpenExport => {
                if ws.project().photos.is_empty() {
                    Ok(Some(
                        "Import photos first: there is nothing to export.".to_owned(),
                    ))
                } else {
                    if ws.export.is_none() {
                        ws.export = Some(ExportDialog::new(ws.project(), &ws.index));
                    }
                    Ok(None)
                }
            }
            Action::ExportTo(path) => {
                let settings = &mut self.settings.export;
                export::job::start(ctx, ws, jobs, toasts, settings, &path);
                Ok(None)
            }
            Action::Locate { photo, file } => {
                locate::start_locate(ctx, ws, jobs, toasts, &photo, file);
                Ok(None)
            }
            Action::PlaceDefaultRegions => {
                region_editing::start_placing_defaults(ctx, ws, jobs);
                Ok(None)
            }
            Action::PatchMarked { photo, patch } => {
                patch_tool::start_check(ctx, ws, jobs, photo, patch);
                Ok(None)
            }
            Action::SpreadPatch(photo) => {
                crate::compare::patch_spread::start(ctx, ws, jobs, photo);
                Ok(None)
            }
            Action::MergeConflictCopy(index) => {
                sync_conflicts::merge_copy(ctx, ws, jobs, toasts, index)
            }
            // Handled above, without a project.
            Action::Dialog(_)
            | Action::OpenProject(_)
            | Action::CreateProject { .. }
            | Action::OpenSample
            | Action::CloseProject
            | Action::Quit
            | Action::ForgetRecent(_)
            | Action::CancelJob(_)
            | Action::Error(_)
            | Action::Info(_)
            | Action::OpenFolder(_) => Ok(None),
        };
        match outcome {
            Ok(Some(info)) => self.toasts.info(info),
            Ok(None) => {}
            Err(e) => self.toasts.error(e),
        }
    }

    /// Shows a file dialog: the desktop's on a worker, or the in-app browser (or takes a
    /// test's answer).
    fn open_dialog(&mut self, ctx: &egui::Context, purpose: DialogPurpose) {
        if let Some(answer) = self.dialog_answers.pop_front() {
            self.picked(purpose, answer);
            return;
        }
        if let Some(stub) = &mut self.dialog_stub {
            let answer = stub(&purpose);
            self.picked(purpose, answer);
            return;
        }
        if self.jobs.is_running(JobKind::FileDialog) || self.browser.is_some() {
            return;
        }
        if self.dialogs == Dialogs::Builtin {
            self.open_browser(purpose);
            return;
        }
        let start = self.start_folder(&purpose);
        self.jobs
            .spawn(ctx, JobKind::FileDialog, "Choosing", move |_| {
                Ok(JobOutput::Picked(
                    purpose.clone(),
                    file_dialog::pick(&purpose, start.as_deref()),
                ))
            });
    }
}

/// Undo: a note still being typed is committed first, so Undo takes back the typing.
fn undo(ws: &mut Workspace) -> Result<Option<String>, String> {
    // Region editing and nudging stay on (a drag is over once a key is pressed): undoing a
    // step of the work is part of the work.
    ws.tool = match std::mem::take(&mut ws.tool) {
        Tool::EditRegions(editor) => Tool::EditRegions(editor),
        Tool::Nudge { photo, .. } => Tool::Nudge { photo, drag: None },
        _ => Tool::None,
    };
    if let Some(c) = annotation::pending_note(ws) {
        ws.apply(c)?;
    }
    ws.undo().map(|_| None)
}

/// A job failed where no feature keeps the error: say so, unless it was cancelled.
fn report_failure(toasts: &mut crate::state::toasts::Toasts, e: &JobError) {
    if !matches!(e, JobError::Cancelled) {
        toasts.error(e.to_string());
    }
}
