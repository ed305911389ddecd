//! Small widgets the panels share, below every room that draws.

pub mod date_picker;
pub mod toggle;
