//! The project's data model and the commands that change it.

mod advice;
mod capture_date;
mod command;
mod concern;
pub mod guide;
pub mod merge;
mod model;
mod reference_change;
mod view;

pub use advice::{TILT_ADVICE_DEGREES, capture_advice};
pub use capture_date::{iso_taken, readable_taken};
pub use command::{Command, CommandError, History};
pub use concern::Concern;
pub use model::*;
pub use view::{SIDE_VIEW_YAW, UnknownView, View};
