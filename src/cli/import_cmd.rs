//! `import`: photos and folders into a project, through the core's import.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Result, bail};

use afterglow_core::import::{self, Outcome};

use super::output::TerminalBar;
use super::shared::{Status, apply_and_save, open_for_writing, switch_reference};

pub(super) fn cmd_import(root: &Path, inputs: &[PathBuf], earliest: bool) -> Result<Status> {
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
    let skipped = import::skipped_in(&reports);
    let disk_full = import::DiskFullSummary::of(&reports);
    let mut imported = Vec::new();
    let mut lines = Vec::new();
    let mut rejected = 0;
    for report in reports {
        match report.outcome {
            // Said once, for all of them, below.
            Outcome::Rejected(import::ImportError::DiskFull { .. }) => rejected += 1,
            Outcome::Rejected(_) => {
                rejected += 1;
                eprintln!("{}", report.line());
            }
            // Counted in one line below, not one line each.
            Outcome::Skipped(_) => {}
            // Said once the project holding them is saved.
            _ => lines.push(report.line()),
        }
        if let Outcome::Imported(photo) = report.outcome {
            imported.push(*photo);
        }
    }
    let had_photos = !open.project.photos.is_empty();
    if !imported.is_empty() {
        let add = open.project.add_photos_keeping_reference(imported.clone());
        if let Err(e) = apply_and_save(&mut open, add) {
            // Nothing was imported: the saved project is as it was, and the files copied for
            // it would only be strays.
            let bytes = import::discard_unsaved(&open.paths, &imported);
            let full = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
            });
            let n = imported.len();
            let what = if full { "Disk full" } else { "Not saved" };
            bail!(
                "{what}: none of the {n} photo{} were imported, as the project could not be \
                 saved ({e}); with their previews they need about {} MB",
                if n == 1 { "" } else { "s" },
                bytes.div_ceil(1_000_000)
            );
        }
    }
    for line in lines {
        say!("{line}");
    }
    if let Some(skipped) = skipped {
        say!("{skipped}");
    }
    if let Some(full) = disk_full {
        eprintln!(
            "{} on the disk holding {} (free some space and import them again)",
            full.message(imported.len()),
            root.display()
        );
    }
    let older = open.project.photos_older_than_reference();
    if let Some(first) = older.first().copied().filter(|_| had_photos) {
        let first = first.id.clone();
        if earliest {
            let follows = switch_reference(&mut open, &first)?;
            open.save()?;
            let name = open
                .project
                .reference_photo()
                .map_or("", |p| &p.original_name);
            if !follows && !open.project.regions.is_empty() {
                say!(
                    "{name} is the reference now; it could not be aligned to the old one, so \
                     the regions stay where they were drawn: check them in the app"
                );
            } else {
                say!("{name} is the reference now; align the other photos to it (afterglow align)");
            }
        } else {
            let n = older.len();
            say!(
                "{n} photo{} older than the reference ({}); it stays the reference \
                 (--reference earliest makes the earliest photo the reference)",
                if n == 1 { " is" } else { "s are" },
                open.project
                    .reference_photo()
                    .map_or("", |p| &p.original_name)
            );
        }
    }
    Ok(if rejected > 0 {
        Status::SomeRejected
    } else {
        Status::Ok
    })
}
