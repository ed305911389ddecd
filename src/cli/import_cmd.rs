//! `import`: photos and folders into a project, through the core's import.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use afterglow_core::import::{self, Outcome};
use afterglow_core::project::Command;

use super::output::TerminalBar;
use super::shared::{Status, apply_and_save, open_for_writing};

pub(super) fn cmd_import(root: &Path, inputs: &[PathBuf]) -> Result<Status> {
    let mut open = open_for_writing(root)?;
    let bar = TerminalBar::new("{bar:40} {pos}/{len} photos {elapsed}");
    let progress = |p: import::Progress| bar.set(p.done, p.total);
    let reports = import::import_files(
        &open.paths,
        &open.project,
        inputs,
        &progress,
        &AtomicBool::new(false),
    );
    bar.finish();
    let mut imported = Vec::new();
    let mut rejected = 0;
    for report in reports {
        match report.outcome {
            Outcome::Rejected(_) => {
                rejected += 1;
                eprintln!("{}", report.line());
            }
            _ => say!("{}", report.line()),
        }
        if let Outcome::Imported(photo) = report.outcome {
            imported.push(*photo);
        }
    }
    if !imported.is_empty() {
        apply_and_save(&mut open, Command::AddPhotos(imported))?;
    }
    Ok(if rejected > 0 {
        Status::SomeRejected
    } else {
        Status::Ok
    })
}
