//! Afterglow core: project data, store, import, geometry, alignment, metrics, guide, report.
//!
//! Plain functions and data, tested without a window: nothing here depends on egui, eframe or
//! rfd (CI checks `cargo tree -p afterglow-core -e normal`). The desktop shell
//! (`afterglow-app`) and the command line (the `afterglow` package) are thin callers.
#![warn(missing_docs)]

pub mod align;
pub mod face;
pub mod geometry;
pub mod guide;
pub mod imaging;
pub mod import;
pub mod metrics;
pub mod photo_file;
pub mod prepare;
pub mod previews;
pub mod progress;
pub mod project;
pub mod reference_frame;
pub mod report;
pub mod store;
pub mod video;
