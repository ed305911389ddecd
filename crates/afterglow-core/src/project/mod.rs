//! The project's data model and the commands that change it.

mod command;
mod model;

pub use command::{Command, CommandError, History};
pub use model::*;
