//! The calls into the core's alignment and measurement that the app's workers make. Each is a
//! small function so the `align` and `metrics` modules plug in here without touching the UI.

use afterglow_core::align;
use afterglow_core::metrics;
use afterglow_core::project::{Command, Photo, PhotoId, Project};

use crate::state::heat::HeatMap;
use afterglow_core::store::ProjectPaths;

use crate::work::job_context::JobContext;

/// What an alignment run produced: one report per photo and, for a project without regions,
/// the default regions placed on the reference's face (or why they could not be).
pub struct AlignedWork {
    pub reports: Vec<align::PhotoReport>,
    pub default_regions: Option<Result<Command, String>>,
}

/// Aligns every photo of the project to the reference (locked ones are kept), and places the
/// default regions when the project has none.
pub fn align_project(
    paths: &ProjectPaths,
    project: &Project,
    job: &JobContext,
) -> Result<AlignedWork, String> {
    let progress = |p: afterglow_core::import::Progress| job.progress.set(p.done, p.total);
    let reports =
        align::align_project(paths, project, &progress, &job.cancel).map_err(|e| e.to_string())?;
    let default_regions = metrics::default_regions_command(paths, project)
        .map_err(|e| e.to_string())
        .transpose();
    Ok(AlignedWork {
        reports,
        default_regions,
    })
}

/// Aligns one photo to the reference automatically.
pub fn align_photo(
    paths: &ProjectPaths,
    project: &Project,
    photo: &PhotoId,
    job: &JobContext,
) -> Result<AlignedWork, String> {
    let progress = |p: afterglow_core::import::Progress| job.progress.set(p.done, p.total);
    let reports = align::align_photos(
        paths,
        project,
        std::slice::from_ref(photo),
        &progress,
        &job.cancel,
    )
    .map_err(|e| e.to_string())?;
    Ok(AlignedWork {
        reports,
        default_regions: None,
    })
}

/// The long side of the map: detail enough for cheeks and forehead, quick to compute.
pub const HEAT_LONG_SIDE: u32 = 512;

/// Smoothing of the map in pixels of its 512-px frame: photo noise is not a change in the skin.
const SMOOTHING: f32 = 2.0;

/// Computes the redness change from `before` to `after` (white-balanced where the photos have
/// a neutral patch) with the measurement code, and colours it for drawing.
pub fn redness_change(
    paths: &ProjectPaths,
    project: &Project,
    before: &Photo,
    after: &Photo,
    key: u64,
    job: &JobContext,
) -> Result<HeatMap, String> {
    job.progress.set(0, 2);
    let change = metrics::load_redness_change(
        paths,
        project,
        &before.id,
        &after.id,
        HEAT_LONG_SIDE,
        SMOOTHING,
    )
    .map_err(|e| e.to_string())?;
    job.progress.set(1, 2);
    if job.cancelled() {
        return Err("cancelled".to_owned());
    }
    let range = change.suggested_range();
    let rgba = metrics::render_change(&change, range);
    let size = [rgba.width() as usize, rgba.height() as usize];
    job.progress.set(2, 2);
    Ok(HeatMap {
        before: before.id.clone(),
        after: after.id.clone(),
        key,
        image: egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()),
        range,
    })
}

/// The overlay colour of a change of `delta` a* units when `range` is shown at full colour
/// (the measurement code's colour map, as an egui colour).
pub fn heat_colour(delta: f32, range: f32) -> egui::Color32 {
    let [r, g, b, a] = metrics::colour_for(delta, range);
    egui::Color32::from_rgba_unmultiplied(r, g, b, a)
}
