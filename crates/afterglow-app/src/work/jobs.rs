//! Work that must not run on the UI thread (import, opening and saving projects, alignment,
//! heat maps, file dialogs) runs here, each job on its own named thread. The UI polls the
//! results once per frame; long jobs report progress and can be cancelled.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use afterglow_core::import::FileReport;
use afterglow_core::store::OpenProject;

use crate::state::actions::DialogPurpose;
use crate::state::workspace::Workspace;
use crate::work::job_context::{JobContext, JobProgress};
use crate::work::job_error::JobError;

use crate::state::heat::HeatMap;

/// What a job is, for the status bar and for deciding what may run at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    OpenProject,
    Import,
    AlignProject,
    AlignPhoto,
    HeatMap,
    Save,
    FileDialog,
    Measure,
    Export,
    Locate,
    CheckMissing,
    /// Reading a photo's preview to check a neutral patch.
    CheckPatch,
    /// Finding the face in the reference to place the default regions.
    PlaceRegions,
    /// Looking for sync tools' conflict copies of project.json.
    FindConflicts,
    /// Renaming a merged conflict copy to NAME.merged.
    SetAside,
}

impl JobKind {
    /// Jobs the user sees in the status bar with a progress bar and a Cancel button.
    pub fn shows_progress(self) -> bool {
        matches!(
            self,
            JobKind::Import
                | JobKind::AlignProject
                | JobKind::AlignPhoto
                | JobKind::HeatMap
                | JobKind::Measure
                | JobKind::Export
        )
    }
}

/// What a finished job hands back to the UI thread.
pub enum JobOutput {
    Opened(Box<OpenProject>),
    Imported(Vec<FileReport>),
    /// New alignments, one per photo that was aligned.
    Aligned(Box<afterglow_core::prepare::AlignmentRun>),
    HeatMap(Box<HeatMap>),
    /// The project was saved at this revision.
    Saved(u64),
    /// A file dialog's answer (empty: cancelled; `None`: no dialog could be shown).
    Picked(DialogPurpose, Option<Vec<PathBuf>>),
    Measured(Box<crate::state::analysis::Measured>),
    /// The files an export wrote.
    Exported(Vec<PathBuf>),
    /// The photo's original is back in place.
    Located(afterglow_core::project::PhotoId),
    /// The photos whose original file is missing.
    Missing(Vec<afterglow_core::project::PhotoId>),
    /// This neutral patch of this photo can white-balance it.
    PatchChecked(
        afterglow_core::project::PhotoId,
        afterglow_core::project::Rect,
    ),
    /// The default regions, placed on the face found in the reference.
    DefaultRegions(afterglow_core::metrics::PlacedRegions),
    /// Where one photo's neutral patch suits the other photos.
    PatchSpread(Box<crate::compare::patch_spread::Spread>),
    /// The conflict copies in the project folder worth offering.
    Conflicts(Vec<crate::panels::sync_conflicts::ConflictCopy>),
    /// A merged conflict copy is now this file.
    SetAside(PathBuf),
}

/// A job that has been started and not yet collected.
pub struct RunningJob {
    pub id: u64,
    pub kind: JobKind,
    /// "Importing 12 photos", for the status bar.
    pub label: String,
    pub progress: Arc<JobProgress>,
    pub cancel: Arc<AtomicBool>,
}

/// What a job hands back: its output, or why it has none.
pub type JobResult = Result<JobOutput, JobError>;

pub struct Jobs {
    tx: Sender<(u64, JobResult)>,
    rx: Receiver<(u64, JobResult)>,
    running: Vec<RunningJob>,
    next_id: u64,
}

impl Default for Jobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            running: Vec::new(),
            next_id: 1,
        }
    }
}

impl Jobs {
    /// Starts `work` on a new thread; the UI is woken when it ends.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        kind: JobKind,
        label: impl Into<String>,
        work: impl FnOnce(&JobContext) -> JobResult + Send + 'static,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let job = RunningJob {
            id,
            kind,
            label: label.into(),
            progress: Arc::default(),
            cancel: Arc::default(),
        };
        let jc = JobContext {
            progress: job.progress.clone(),
            cancel: job.cancel.clone(),
        };
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("afterglow-{kind:?}").to_lowercase())
            .spawn(move || {
                // A panic in a job must not take the window down: it becomes an error message.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&jc)))
                    .unwrap_or_else(|_| Err(JobError::Panicked));
                tx.send((id, result)).ok();
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            self.tx.send((id, Err(JobError::NoThread(e)))).ok();
        }
        self.running.push(job);
        id
    }

    /// Starts `work` for the open project `ws`: its result counts only while that project is
    /// open (the shell drops results of jobs not listed in `ws.jobs`).
    pub fn spawn_for(
        &mut self,
        ctx: &egui::Context,
        ws: &mut Workspace,
        kind: JobKind,
        label: impl Into<String>,
        work: impl FnOnce(&JobContext) -> JobResult + Send + 'static,
    ) -> u64 {
        let id = self.spawn(ctx, kind, label, work);
        ws.jobs.push(id);
        id
    }

    /// The jobs that finished since the last call, with their results.
    pub fn poll(&mut self) -> Vec<(RunningJob, JobResult)> {
        let mut done = Vec::new();
        while let Ok((id, result)) = self.rx.try_recv() {
            if let Some(i) = self.running.iter().position(|j| j.id == id) {
                done.push((self.running.remove(i), result));
            }
        }
        done
    }

    pub fn running(&self) -> &[RunningJob] {
        &self.running
    }

    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|j| j.kind == kind)
    }

    pub fn cancel(&self, id: u64) {
        if let Some(j) = self.running.iter().find(|j| j.id == id) {
            j.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Waits (up to `timeout`) for every running job of `kind` to finish and returns their
    /// results; used on exit so a last save is not lost.
    pub fn wait_for(
        &mut self,
        kind: JobKind,
        timeout: std::time::Duration,
    ) -> Vec<(RunningJob, JobResult)> {
        let deadline = std::time::Instant::now() + timeout;
        let mut out = Vec::new();
        while self.is_running(kind) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(left) {
                Ok((id, result)) => {
                    if let Some(i) = self.running.iter().position(|j| j.id == id) {
                        out.push((self.running.remove(i), result));
                    }
                }
                Err(_) => break,
            }
        }
        out
    }
}
