//! What the commands share besides output: how a command ended, and opening a project to
//! change it.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use anyhow::{Result, anyhow};

use afterglow_core::prepare;
use afterglow_core::project::{Command, PhotoId};
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

/// Makes `photo` the reference of its view, aligning it to the current reference first so
/// the view's regions move with it onto the same skin (one change; the caller saves).
/// Returns whether the regions could follow.
pub(super) fn switch_reference(open: &mut OpenProject, photo: &PhotoId) -> Result<bool> {
    let root = open.paths.root.clone();
    let fail = |e: &dyn std::fmt::Display| anyhow!("{}: {e}", root.display());
    let current = (open.project.photo(photo))
        .ok_or_else(|| fail(&format!("no photo {photo} in the project")))?;
    let mut commands = Vec::new();
    if open.project.new_reference_from_old(current).is_none()
        && open
            .project
            .reference_of(current)
            .is_some_and(|r| &r.id != photo)
    {
        let run = prepare::align_and_place_regions(
            &open.paths,
            &open.project,
            &prepare::Which::Only(vec![photo.clone()]),
            &|_| {},
            &AtomicBool::new(false),
        )
        .map_err(|e| fail(&e))?;
        commands.extend(run.into_change(&open.project).command);
    }
    let mut after = open.project.clone();
    for c in &commands {
        c.clone().apply(&mut after).map_err(|e| fail(&e))?;
    }
    let p = after
        .photo(photo)
        .ok_or_else(|| fail(&"the photo went away"))?;
    let follows = after.new_reference_from_old(p).is_some();
    commands.push(after.choose_reference(p));
    Command::Batch(commands)
        .apply(&mut open.project)
        .map_err(|e| fail(&e))?;
    Ok(follows)
}
