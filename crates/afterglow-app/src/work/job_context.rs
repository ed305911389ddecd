//! What a job's closure is handed: where to report progress and whether to stop. Below the job
//! runner, so the work a job does (alignment, the export…) need not know the runner.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Progress shared between a job and the status bar.
#[derive(Debug, Default)]
pub struct JobProgress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl JobProgress {
    pub fn set(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// `None` while the total is unknown.
    pub fn fraction(&self) -> Option<(usize, usize)> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| (self.done.load(Ordering::Relaxed).min(total), total))
    }
}

/// What a job's closure gets: where to report progress and whether to stop.
pub struct JobContext {
    pub progress: Arc<JobProgress>,
    pub cancel: Arc<AtomicBool>,
}

impl JobContext {
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}
