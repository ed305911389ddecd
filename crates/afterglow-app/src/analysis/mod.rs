//! The analysis tabs: timeline, measurements with their charts, and the guide editor.

pub mod guide_editor;
pub mod measure_job;
pub mod measurement_charts;
pub mod measurements_view;
pub mod timeline_layout;
pub mod timeline_view;
