//! `merge`: brings a sync tool's conflict copy of `project.json` back into the project (see
//! `afterglow_core::project::merge`), then sets the copy aside as `NAME.merged`.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use afterglow_core::project::merge;
use afterglow_core::store::conflicts;

use super::shared::{Status, open_for_writing};

pub(super) fn cmd_merge(root: &Path, copy: &Path) -> Result<Status> {
    // A bare name is looked for in the project folder.
    let copy: PathBuf = if copy.exists() || copy.is_absolute() {
        copy.to_owned()
    } else {
        root.join(copy)
    };
    let name = copy
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !copy.is_file() {
        bail!("{}: no such file", copy.display());
    }
    let mut open = open_for_writing(root)?;
    let other = conflicts::load_copy(root, &copy)?;
    let paths = open.paths.clone();
    let (merged, report) = merge::merge(&open.project, &other, &name, |p| {
        paths.original(p).is_file()
    });
    for line in &report.brought_in {
        say!("brought in: {line}");
    }
    for line in &report.missing {
        say!("not brought in: photo {line}: its file is not in the project folder");
    }
    for line in &report.both_changed {
        say!("changed on both sides, kept here (theirs is in the note): {line}");
    }
    if merged != open.project {
        open.project = merged;
        open.save()?;
    }
    // Set aside, not deleted: check stops listing it, and it is there to look at.
    let aside = copy.with_file_name(format!("{name}.merged"));
    std::fs::rename(&copy, &aside)
        .map_err(|e| anyhow::anyhow!("{}: cannot set it aside: {e}", copy.display()))?;
    say!(
        "{}: {} brought in, {} changed on both sides{}; the copy is now {} (delete it when \
         you are sure)",
        name,
        report.brought_in.len(),
        report.both_changed.len(),
        if report.missing.is_empty() {
            String::new()
        } else {
            format!(", {} photos without their file", report.missing.len())
        },
        aside.display()
    );
    Ok(if report.missing.is_empty() {
        Status::Ok
    } else {
        Status::SomeRejected
    })
}
