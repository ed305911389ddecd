//! Making the files an export asked for, on a worker: the PDF, the comparison sheet, the
//! timelapse, one after the other, with progress; and opening the folder they went to.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use afterglow_core::project::Project;
use afterglow_core::report::{self, ReportOptions, TimelapseOptions};
use afterglow_core::store::ProjectPaths;

use crate::export::plan::{ExportPlan, OutputKind, plan};
use crate::state::export_choices::ExportSettings;
use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::job_context::JobContext;
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// Progress is counted in per-mille of each file.
const STEPS: usize = 1000;

/// Starts the export the open Export window describes, its first file at `path` (the others
/// beside it), and closes the window.
pub fn start(
    ctx: &egui::Context,
    ws: &mut Workspace,
    jobs: &mut Jobs,
    toasts: &mut Toasts,
    settings: &mut ExportSettings,
    path: &Path,
) {
    let Some(dialog) = ws.export.as_ref() else {
        return;
    };
    if jobs.is_running(JobKind::Export) {
        toasts.info("An export is running; wait for it to finish, then try again.");
        return;
    }
    let plan = plan(dialog, settings, path);
    settings.folder = path.parent().map(PathBuf::from);
    let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
    let label = format!("Exporting {}", name(path));
    jobs.spawn_for(ctx, ws, JobKind::Export, label, move |jc| {
        run(&paths, &project, &plan, jc)
    });
    ws.export = None;
}

/// The export finished: say what was written where, with a button to open the folder.
pub fn done(toasts: &mut Toasts, written: &[PathBuf]) {
    let folder = written.first().and_then(|p| p.parent()).map(PathBuf::from);
    toasts.info_with_folder(summary(written), folder);
}

/// Makes every file of `plan`. Cancel is honoured between files and before anything is
/// written (the report functions themselves run to the end of the file being made); files
/// already written stay. An error names the file.
fn run(
    paths: &ProjectPaths,
    project: &Project,
    plan: &ExportPlan,
    jc: &JobContext,
) -> Result<JobOutput, JobError> {
    let total = plan.outputs.len() * STEPS;
    let mut options = ReportOptions::new(chrono::Local::now().naive_local());
    options.photos = Some(plan.photos.clone());
    options.page = plan.page;
    options.sections = plan.sections;
    options.keep_names = plan.keep_names;
    let mut written = Vec::new();
    for (i, (kind, path)) in plan.outputs.iter().enumerate() {
        if jc.cancelled() {
            return Err(JobError::Cancelled);
        }
        let base = i * STEPS;
        let last = AtomicUsize::new(base);
        let progress = |f: f32| {
            let at = base + (f.clamp(0.0, 1.0) * STEPS as f32) as usize;
            // Workers report out of order: never go backwards.
            if last.fetch_max(at, Ordering::Relaxed) < at {
                jc.progress.set(at, total);
            }
        };
        jc.progress.set(base, total);
        let bytes = match kind {
            OutputKind::Pdf => report::build_pdf(paths, project, &options, &progress),
            OutputKind::Sheet => {
                let b = report::build_sheet(paths, project, &options, path);
                progress(1.0);
                b
            }
            OutputKind::Timelapse => {
                let t = TimelapseOptions {
                    fps: plan.fps,
                    crossfade: plan.crossfade,
                    keep_names: plan.keep_names,
                    ..TimelapseOptions::new(plan.timelapse_format)
                };
                report::build_timelapse(paths, project, &t, &progress)
            }
        }
        .map_err(|source| JobError::Export {
            what: kind.describe(),
            file: name(path),
            source,
        })?;
        if jc.cancelled() {
            return Err(JobError::Cancelled);
        }
        afterglow_core::imaging::write_export(path, &bytes).map_err(|source| JobError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path.clone());
        jc.progress.set(base + STEPS, total);
    }
    Ok(JobOutput::Exported(written))
}

fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// "Exported Skin report.pdf and Skin report - sheet.png to /home/me/Documents."
pub fn summary(written: &[PathBuf]) -> String {
    let names: Vec<String> = written.iter().map(|p| name(p)).collect();
    let folder = written
        .first()
        .and_then(|p| p.parent())
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let list = match names.as_slice() {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    format!("Exported {list} to {folder}.")
}

/// Opens `folder` in the system's file manager (a local program, not a network connection).
pub fn open_folder(folder: &Path) -> Result<(), String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let child = std::process::Command::new(program)
        .arg(folder)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("Could not open {}: {e}", folder.display()))?;
    // Reap the opener when it exits, without waiting for it here (if no thread can be started
    // for that, the opener is reaped when the app exits).
    std::thread::Builder::new()
        .name("afterglow-opener".into())
        .spawn(move || {
            let mut child = child;
            child.wait().ok();
        })
        .ok();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_every_file_and_the_folder() {
        let s = summary(&[
            PathBuf::from("/d/a.pdf"),
            PathBuf::from("/d/a - sheet.png"),
            PathBuf::from("/d/a - timelapse.gif"),
        ]);
        assert_eq!(
            s,
            "Exported a.pdf, a - sheet.png and a - timelapse.gif to /d."
        );
    }
}
