//! What the commands share besides output: how a command ended, and opening a project to
//! change it.

use std::path::Path;

use anyhow::{Result, anyhow};

use afterglow_core::project::Command;
use afterglow_core::store::OpenProject;

/// How a command ended, as the exit status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    SomeRejected,
}

/// The project at `root`, opened for changes (locked).
pub(super) fn open_for_writing(root: &Path) -> Result<OpenProject> {
    Ok(OpenProject::open_for_writing(root)?)
}

/// Applies `command` and saves.
pub(super) fn apply_and_save(open: &mut OpenProject, command: Command) -> Result<()> {
    command
        .apply(&mut open.project)
        .map_err(|e| anyhow!("{}: {e}", open.paths.root.display()))?;
    open.save()?;
    Ok(())
}
