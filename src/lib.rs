//! Afterglow core: project data, store, import, geometry, alignment, metrics, guide, report.
//! Nothing here imports egui, eframe or rfd; the GUI lives in `app` behind the binary.

pub mod align;
pub mod geometry;
pub mod guide;
pub mod imaging;
pub mod import;
pub mod metrics;
pub mod project;
pub mod reference_frame;
pub mod store;

pub mod app;
pub mod cli;
pub mod report;
