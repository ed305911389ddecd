//! The redness-change map of the compare view: started when a pair is shown in "Redness
//! change" mode, computed on a worker with the measurement code, and handed to
//! [`HeatState`](crate::state::heat::HeatState) when it comes back.

use std::sync::{Arc, Mutex};

use afterglow_core::metrics::{self, RednessMapper};
use afterglow_core::project::{Photo, PhotoId, Project};
use afterglow_core::store::ProjectPaths;

use crate::state::heat::HeatMap;
use crate::state::workspace::Workspace;
use crate::work::job_context::JobContext;
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// The long side of the map: detail enough for cheeks and forehead when zoomed in, and quick
/// to compute (`cargo bench --bench metrics -- "heat map"`).
pub const HEAT_LONG_SIDE: u32 = 1024;

/// Smoothing of the map in pixels of its 1024-px frame (a 256th of the frame's long side):
/// photo noise is not a change in the skin.
const SMOOTHING: f32 = 4.0;

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
    let mapper = ws.heat.mapper.clone();
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
            let change = redness_change(&paths, &project, &mapper, &a.id, &b.id, jc)?;
            let map = coloured(&change, &a, &b, key, range);
            Ok(JobOutput::HeatMap(Box::new(map)))
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

/// The prepared reference in `shared` when it still fits, else a new one, kept there for the
/// next pair.
fn prepared_mapper(
    paths: &ProjectPaths,
    project: &Project,
    shared: &Mutex<Option<Arc<RednessMapper>>>,
    photo: &PhotoId,
) -> Result<Arc<RednessMapper>, JobError> {
    let kept = shared.lock().ok().and_then(|m| m.clone());
    if let Some(mapper) = kept.filter(|m| m.fits(project, photo)) {
        return Ok(mapper);
    }
    let mapper = Arc::new(RednessMapper::prepare(paths, project, photo)?);
    if let Ok(mut m) = shared.lock() {
        *m = Some(mapper.clone());
    }
    Ok(mapper)
}

/// Computes the redness change from `before` to `after` (colour-corrected as the measurements
/// are) with the measurement code.
fn redness_change(
    paths: &ProjectPaths,
    project: &Project,
    mapper: &Mutex<Option<Arc<RednessMapper>>>,
    before: &PhotoId,
    after: &PhotoId,
    job: &JobContext,
) -> Result<metrics::RednessChange, JobError> {
    job.progress.set(0, 2);
    let mapper = prepared_mapper(paths, project, mapper, before)?;
    job.progress.set(1, 2);
    let change = mapper.change(paths, project, before, after, HEAT_LONG_SIDE, SMOOTHING)?;
    if job.cancelled() {
        return Err(JobError::Cancelled);
    }
    job.progress.set(2, 2);
    Ok(change)
}

/// The map of `change` from `before` to `after`, coloured for drawing with `range` at full
/// colour.
fn coloured(
    change: &metrics::RednessChange,
    before: &Photo,
    after: &Photo,
    key: u64,
    range: f32,
) -> HeatMap {
    let rgba = metrics::render_change(change, range);
    let size = [rgba.width() as usize, rgba.height() as usize];
    HeatMap {
        before: before.id.clone(),
        after: after.id.clone(),
        key,
        image: egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()),
        range,
        noise: change.noise,
    }
}

/// The overlay colour of a change of `delta` a* units when `range` is shown at full colour
/// (the measurement code's colour map, as an egui colour).
pub fn heat_colour(delta: f32, range: f32, noise: f32) -> egui::Color32 {
    let [r, g, b, a] = metrics::colour_beyond_noise(delta, range, noise);
    egui::Color32::from_rgba_unmultiplied(r, g, b, a)
}
