//! Measuring the open project on a worker: every photo × region with `metrics::measure_project`
//! (its cache makes a re-run after a small change nearly free), then the charts' series, rows
//! and remarks, so the UI thread only draws.

use afterglow_core::metrics::{self, MeasureOptions};
use afterglow_core::project::Project;
use afterglow_core::store::ProjectPaths;

use crate::state::analysis::Measured;
use crate::state::workspace::Workspace;
use crate::work::job_context::JobContext;
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// Starts measuring the project as it is now, unless a measurement is already running.
pub fn start(ctx: &egui::Context, ws: &mut Workspace, jobs: &mut Jobs) {
    if ws.analysis.measure.job.is_some() || jobs.is_running(JobKind::Measure) {
        return;
    }
    let key = ws.analysis.measure.key(&ws.open.project, ws.revision);
    let paths = ws.open.paths.clone();
    let project = ws.open.project.clone();
    let id = jobs.spawn_for(
        ctx,
        ws,
        JobKind::Measure,
        "Measuring redness, pigmentation and texture",
        move |jc| measure(&paths, &project, key, jc).map(|m| JobOutput::Measured(Box::new(m))),
    );
    ws.analysis.measure.started(id, key);
}

fn measure(
    paths: &ProjectPaths,
    project: &Project,
    key: u64,
    job: &JobContext,
) -> Result<Measured, JobError> {
    let progress = |p: metrics::Progress| job.progress.set(p.done, p.total);
    let m = metrics::measure_project(
        paths,
        project,
        &MeasureOptions::default(),
        &progress,
        &job.cancel,
    )?;
    Ok(Measured::new(key, project, m))
}
