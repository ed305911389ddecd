//! The redness-change picture of a comparison page: the change from the baseline (Δa*, from
//! the measurement code, white-balanced where the photos have a neutral patch) laid over a
//! grey copy of the later photo, so the colour reads as "where", not as skin tone.

use std::sync::Arc;

use image::{Rgb, RgbImage};

use super::{ReportError, images};
use crate::metrics;
use crate::project::{Photo, Project};
use crate::store::ProjectPaths;

pub struct HeatImage {
    pub jpeg: Arc<Vec<u8>>,
    pub size: (u32, u32),
    /// Δa* drawn at full colour; the legend runs from −range to +range.
    pub range: f32,
    /// Changes within ±noise are left uncoloured (`RednessChange::noise`).
    pub noise: f32,
}

/// Smoothing of the map, in preview-frame pixels: sensor noise is not a change in the skin.
const SMOOTHING: f32 = 3.0;

/// `None` when the pair cannot be compared (one of them not aligned): the page says why.
pub fn heat_image(
    paths: &ProjectPaths,
    project: &Project,
    before: &Photo,
    after: &Photo,
    after_in_frame: &RgbImage,
    crop: (u32, u32, u32, u32),
) -> Result<Option<HeatImage>, ReportError> {
    let change = match metrics::load_redness_change(
        paths,
        project,
        &before.id,
        &after.id,
        crate::previews::PREVIEW_SIDE,
        SMOOTHING,
    ) {
        Ok(c) => c,
        Err(metrics::HeatMapError::NotInFrame(..)) => return Ok(None),
        Err(e) => {
            return Err(ReportError::Photo {
                photo: after.original_name.clone(),
                reason: e.to_string(),
            });
        }
    };
    // One scale on every page, so the maps compare by eye.
    let range = metrics::DEFAULT_RANGE;
    let overlay = metrics::render_change(&change, range);
    if overlay.dimensions() != after_in_frame.dimensions() {
        return Ok(None);
    }
    let mut out = RgbImage::new(overlay.width(), overlay.height());
    for ((o, base), heat) in out
        .pixels_mut()
        .zip(after_in_frame.pixels())
        .zip(overlay.pixels())
    {
        // A light grey copy of the photo, so the map's colours are the only colour.
        let [r, g, b] = base.0.map(f32::from);
        let grey = 0.35 * (0.299 * r + 0.587 * g + 0.114 * b) + 0.65 * 235.0;
        let a = f32::from(heat.0[3]) / 255.0;
        let mix = |c: u8| {
            (grey * (1.0 - a) + f32::from(c) * a)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        *o = Rgb([mix(heat.0[0]), mix(heat.0[1]), mix(heat.0[2])]);
    }
    let face = images::crop(&out, crop);
    Ok(Some(HeatImage {
        jpeg: images::to_jpeg(&face, 900, 85)?,
        size: (face.width(), face.height()),
        range,
        noise: change.noise,
    }))
}
