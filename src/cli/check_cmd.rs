//! `check`: the project against its files, with repair.

use std::path::Path;

use anyhow::{Result, bail};

use afterglow_core::store::{self};

use super::shared::Status;

pub(super) fn cmd_check(root: &Path, repair: bool, search: Option<&Path>) -> Result<Status> {
    use store::check;
    let report = check::check(root)?;
    if !repair {
        for line in report.problem_lines() {
            say!("{line}");
        }
        if let (Some(dir), Ok(project)) = (search, store::load(root)) {
            let paths = store::ProjectPaths::new(root);
            let missing = check::missing_photos(&paths, &project);
            let wanted: Vec<_> = project
                .photos
                .iter()
                .chain(&project.trash)
                .filter(|p| missing.contains(&p.id))
                .collect();
            for (id, path) in check::find_in_folder(&wanted, dir) {
                say!(
                    "found: photo {id} at {} (`--repair` copies it back)",
                    path.display()
                );
            }
        }
        let copies = conflict_copies_lines(root);
        for line in &copies {
            say!("{line}");
        }
        say!("{}", report.summary());
        return Ok(if report.is_clean() && copies.is_empty() {
            Status::Ok
        } else {
            Status::SomeRejected
        });
    }
    // Repairing writes: take the writer's lock, then check again under it.
    let lock = match store::ProjectLock::try_acquire(&store::ProjectPaths::new(root).lock_file())? {
        store::LockOutcome::Acquired(lock) => lock,
        store::LockOutcome::HeldByOther { holder } => bail!(
            "{}: cannot repair while the project is open elsewhere ({holder}); close it first",
            root.display()
        ),
    };
    let report = check::check(root)?;
    for line in report.problem_lines() {
        say!("{line}");
    }
    let repaired = check::repair(&report, search)?;
    for line in &repaired.done {
        say!("repaired: {line}");
    }
    for line in &repaired.not_done {
        say!("not repaired: {line}");
    }
    let after = check::check(root)?;
    drop(lock);
    say!("after repair: {}", after.summary());
    Ok(if after.is_clean() {
        Status::Ok
    } else {
        Status::SomeRejected
    })
}

/// One line per conflict copy of project.json a sync tool left in the folder: what it holds
/// that project.json does not, and the command that brings it in.
fn conflict_copies_lines(root: &Path) -> Vec<String> {
    let current = store::load(root).ok();
    store::conflicts::conflict_copies(root)
        .iter()
        .map(|copy| {
            let name = copy.file_name().unwrap_or_default().to_string_lossy();
            match (store::conflicts::load_copy(root, copy), &current) {
                (Ok(other), Some(current)) => format!(
                    "conflict copy: {name}: {} (`afterglow merge {} \"{name}\"` brings it in)",
                    afterglow_core::project::merge::difference(current, &other).summary(),
                    root.display()
                ),
                (Ok(_), None) => format!("conflict copy: {name} (project.json cannot be read)"),
                (Err(e), _) => format!("conflict copy: {name}: cannot be read: {e}"),
            }
        })
        .collect()
}
