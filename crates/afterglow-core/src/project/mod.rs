//! The project's data model and the commands that change it.

mod advice;
mod command;
mod concern;
pub mod guide;
mod model;

pub use advice::{TILT_ADVICE_DEGREES, capture_advice};
pub use command::{Command, CommandError, History};
pub use concern::Concern;
pub use model::*;
