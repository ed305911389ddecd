//! The app's tests on `egui_kittest`, one module per screen or tool.
//!
//! They are one test binary, not one per file: each binary links the whole app (eframe, the
//! face models, the PDF writer), and seventeen copies of it took minutes to link and gigabytes
//! of disk on a 2-core CI machine.

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../app_support/mod.rs"]
mod app_support;
#[path = "../common/mod.rs"]
mod common;
#[path = "../metrics_support/mod.rs"]
mod metrics_support;

mod analysis;
mod close;
mod dates;
mod export;
mod file_browser;
mod fit_face;
mod flip;
mod library_tiles;
mod pane_restore;
mod patch_spread;
mod reference;
mod regions;
mod save_retry;
mod small_screen;
mod start;
mod sync_conflicts;
mod ui;
mod views;
