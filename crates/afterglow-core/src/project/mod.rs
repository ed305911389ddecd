//! The project's data model and the commands that change it.

mod command;
mod concern;
pub mod guide;
mod model;

pub use command::{Command, CommandError, History};
pub use concern::Concern;
pub use model::*;
