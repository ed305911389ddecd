//! The project's data model and the commands that change it.

mod command;
pub mod guide;
mod model;

pub use command::{Command, CommandError, History};
pub use model::*;
