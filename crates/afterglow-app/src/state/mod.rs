//! The app's state, below everything that draws or works: the open project's workspace,
//! the settings kept between runs, the analysis tabs' state and the actions panels ask for.
//! Nothing here draws or starts work.

pub mod actions;
pub mod alignment_status;
pub mod analysis;
pub mod dates;
pub mod export_choices;
pub mod heat;
pub mod library_index;
pub mod missing;
pub mod region_geometry;
pub mod settings;
pub mod toasts;
pub mod tool;
pub mod workspace;
