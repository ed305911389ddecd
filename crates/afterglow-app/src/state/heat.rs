//! The redness-change map of the compare view: the map a worker made (`compare/heat_map.rs`)
//! and which pair it belongs to.

use std::sync::{Arc, Mutex};

use afterglow_core::metrics::RednessMapper;
use afterglow_core::project::PhotoId;

/// A redness-change map between two photos, in the reference frame, ready to draw.
pub struct HeatMap {
    pub before: PhotoId,
    pub after: PhotoId,
    /// Identifies the inputs (photos and their alignments) the map was made from.
    pub key: u64,
    pub image: egui::ColorImage,
    /// The Δa* shown at full colour; the legend runs from −range to +range.
    pub range: f32,
    /// Changes within ±noise are left uncoloured (`RednessChange::noise`).
    pub noise: f32,
}

/// The redness-change map for the current pair, or the job computing it.
#[derive(Default)]
pub struct HeatState {
    pub key: Option<u64>,
    pub job: Option<u64>,
    pub map: Option<(u64, egui::TextureHandle, f32, f32)>,
    pub error: Option<(u64, String)>,
    /// The reference prepared by the last map job (its preview and colour correction), for the
    /// next pair's job to reuse while it still fits the project.
    pub mapper: Arc<Mutex<Option<Arc<RednessMapper>>>>,
}

impl HeatState {
    pub fn accept(&mut self, ctx: &egui::Context, map: HeatMap) {
        if Some(map.key) != self.key {
            return;
        }
        let tex = ctx.load_texture("redness-change", map.image, egui::TextureOptions::LINEAR);
        self.map = Some((map.key, tex, map.range, map.noise));
        self.error = None;
    }
}
