//! The core modules that handle outside input, compiled straight from `../src` under the
//! crate name `afterglow`, so the fuzz targets (and `fuzz/harness.rs`, which
//! `tests/corpus_replay.rs` shares) call exactly the code the app runs.
//!
//! Why not depend on the `afterglow` package itself: it links the GUI (eframe, winit, GTK
//! through rfd), and building all of that with the fuzzer's instrumentation costs many
//! minutes on every fresh machine for code the targets never reach. If a core module starts
//! using another one, add it here.
#![allow(dead_code, unused_imports)]

#[path = "../../src/geometry.rs"]
pub mod geometry;
#[path = "../../src/guide/mod.rs"]
pub mod guide;
#[path = "../../src/imaging/mod.rs"]
pub mod imaging;
#[path = "../../src/import/mod.rs"]
pub mod import;
#[path = "../../src/project/mod.rs"]
pub mod project;
#[path = "../../src/store/mod.rs"]
pub mod store;
