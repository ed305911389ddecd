//! The redness-change map of the compare view: started when a pair is shown in "Redness
//! change" mode, computed on a worker with the measurement code, and handed to
//! [`HeatState`](crate::state::heat::HeatState) when it comes back.

use afterglow_core::metrics;
use afterglow_core::project::{Photo, PhotoId, Project};
use afterglow_core::store::ProjectPaths;

use crate::state::heat::HeatMap;
use crate::state::workspace::Workspace;
use crate::work::job_context::JobContext;
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// The long side of the map: detail enough for cheeks and forehead, quick to compute.
pub const HEAT_LONG_SIDE: u32 = 512;

/// Smoothing of the map in pixels of its 512-px frame: photo noise is not a change in the skin.
const SMOOTHING: f32 = 2.0;

/// Starts the map from `before` to `after` unless the one for `key` is already there or
/// coming; a map for another pair still being made is cancelled.
pub fn start(
    ctx: &egui::Context,
    ws: &mut Workspace,
    jobs: &mut Jobs,
    before: &PhotoId,
    after: &PhotoId,
    key: u64,
    range: f32,
) {
    if ws.heat.key == Some(key) {
        return;
    }
    if let Some(old) = ws.heat.job.take() {
        jobs.cancel(old);
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
    let id = jobs.spawn_for(
        ctx,
        ws,
        JobKind::HeatMap,
        "Mapping the redness change",
        move |jc| {
            redness_change(&paths, &project, &a, &b, key, range, jc)
                .map(|m| JobOutput::HeatMap(Box::new(m)))
        },
    );
    ws.heat.job = Some(id);
}

/// The map job `id` finished: keep the map if it is still the one wanted.
pub fn done(ctx: &egui::Context, ws: &mut Workspace, id: u64, map: HeatMap) {
    if ws.heat.job == Some(id) {
        ws.heat.job = None;
    }
    ws.heat.accept(ctx, map);
}

/// The map job `id` failed: the compare view shows why, for that pair.
pub fn failed(ws: &mut Workspace, id: u64, error: &JobError) {
    if ws.heat.job == Some(id) {
        ws.heat.job = None;
        ws.heat.error = ws.heat.key.map(|k| (k, error.to_string()));
    }
}

/// Computes the redness change from `before` to `after` (white-balanced where the photos have
/// a neutral patch) with the measurement code, and colours it for drawing.
fn redness_change(
    paths: &ProjectPaths,
    project: &Project,
    before: &Photo,
    after: &Photo,
    key: u64,
    range: f32,
    job: &JobContext,
) -> Result<HeatMap, JobError> {
    job.progress.set(0, 2);
    let change = metrics::load_redness_change(
        paths,
        project,
        &before.id,
        &after.id,
        HEAT_LONG_SIDE,
        SMOOTHING,
    )?;
    job.progress.set(1, 2);
    if job.cancelled() {
        return Err(JobError::Cancelled);
    }
    let rgba = metrics::render_change(&change, range);
    let size = [rgba.width() as usize, rgba.height() as usize];
    job.progress.set(2, 2);
    Ok(HeatMap {
        before: before.id.clone(),
        after: after.id.clone(),
        key,
        image: egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()),
        range,
        noise: change.noise,
    })
}

/// The overlay colour of a change of `delta` a* units when `range` is shown at full colour
/// (the measurement code's colour map, as an egui colour).
pub fn heat_colour(delta: f32, range: f32, noise: f32) -> egui::Color32 {
    let [r, g, b, a] = metrics::colour_beyond_noise(delta, range, noise);
    egui::Color32::from_rgba_unmultiplied(r, g, b, a)
}
