//! Opening, creating, closing and saving the project: the shell's own work. Saves are
//! debounced (`AUTOSAVE_DELAY` after the last change), one at a time, on a worker; closing and
//! exiting wait for the last one.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use afterglow_core::store::{self, OpenProject};

use super::AfterglowApp;
use crate::panels::annotation;
use crate::state::workspace::{AUTOSAVE_DELAY, SAVE_RETRY_DELAY, Workspace};
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput};

/// How long closing waits for the last save.
const FINAL_SAVE_WAIT: Duration = Duration::from_secs(20);

impl AfterglowApp {
    /// Commits what is being typed and saves, waiting for the save: on close and on exit.
    pub fn finish(&mut self, ctx: &egui::Context) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        if let Some(c) = annotation::pending_note(ws)
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
        for (job, result) in self.jobs.wait_for(JobKind::Save, FINAL_SAVE_WAIT) {
            self.job_done(None, job.id, job.kind, result);
        }
    }

    /// Makes `open` the open project.
    pub fn open_workspace(&mut self, open: OpenProject) {
        if let Some(reason) = &open.read_only_reason {
            self.toasts.info(format!(
                "Opened read-only: {reason}. You can look, but changes cannot be made."
            ));
        }
        self.settings.remember(&open.paths.root);
        self.textures.clear();
        let mut ws = Workspace::new(open);
        if let Some(view) = self.settings.view_of(&ws.open.paths.root) {
            ws.restore_view(view);
        }
        self.workspace = Some(ws);
    }

    pub(super) fn close_workspace(&mut self, ctx: &egui::Context) {
        self.finish(ctx);
        self.remember_view();
        self.workspace = None;
        self.textures.clear();
    }

    /// Keeps where the open project's compare view is, for the next time it is opened.
    pub(super) fn remember_view(&mut self) {
        if let Some(ws) = &self.workspace {
            self.settings.remember_view(ws.left_view());
        }
    }

    /// Opens the project at `root` on a worker (closing the open one first).
    pub(super) fn start_open(&mut self, ctx: &egui::Context, root: PathBuf) {
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
                Ok(JobOutput::Opened(Box::new(OpenProject::open(&root)?)))
            });
    }

    /// Opens the sample project from its working copy in `home` (made on first use, on the
    /// worker), so trying the app never changes the sample itself.
    pub(super) fn start_open_sample(
        &mut self,
        ctx: &egui::Context,
        sample: PathBuf,
        home: Option<PathBuf>,
    ) {
        self.close_workspace(ctx);
        self.jobs
            .spawn(ctx, JobKind::OpenProject, "Opening the sample", move |_| {
                let root = match home {
                    Some(home) => store::sample_working_copy(&sample, &home)?,
                    None => sample,
                };
                Ok(JobOutput::Opened(Box::new(OpenProject::open(&root)?)))
            });
    }

    /// Creates a project named `name` at `root` and opens it, on a worker.
    pub(super) fn start_create(&mut self, ctx: &egui::Context, root: PathBuf, name: String) {
        self.close_workspace(ctx);
        self.jobs
            .spawn(ctx, JobKind::OpenProject, "Creating", move |_| {
                store::create(&root, &name)?;
                Ok(JobOutput::Opened(Box::new(OpenProject::open(&root)?)))
            });
    }

    /// Starts a save when one is due; otherwise asks for a repaint when it will be.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        if let Some(revision) = ws.due_save(Instant::now()) {
            ws.save.in_flight = Some(revision);
            let root = ws.open.paths.root.clone();
            let project = ws.open.project.clone();
            self.jobs
                .spawn_for(ctx, ws, JobKind::Save, "Saving", move |_| {
                    store::save(&root, &project)?;
                    Ok(JobOutput::Saved(revision))
                });
        } else if ws.save.in_flight.is_none() && ws.save.saved_revision != ws.revision {
            // Wake up for the debounced save, or for the retry of a failed one.
            let wait = if ws.save.error.is_none() {
                AUTOSAVE_DELAY
            } else {
                SAVE_RETRY_DELAY
            };
            ctx.request_repaint_after(wait);
        }
    }
}

/// A save finished: the revision it wrote is on disk.
pub(super) fn saved(ws: &mut Workspace, revision: u64) {
    ws.save.in_flight = None;
    // A retry that got through: the failure is over.
    ws.save.error = None;
    ws.save.failed_at = None;
    ws.save.saved_revision = ws.save.saved_revision.max(revision);
}

/// A save failed: the change stays in memory, marked unsaved, until the next change or
/// the retry [`SAVE_RETRY_DELAY`] later saves it.
pub(super) fn save_failed(ws: &mut Workspace, error: &JobError) -> String {
    ws.save.in_flight = None;
    ws.save.error = Some(error.to_string());
    ws.save.failed_at = Some(Instant::now());
    format!("Could not save the project: {error}")
}
