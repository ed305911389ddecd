//! Making the files an export asked for, on a worker: the PDF, the comparison sheet, the
//! timelapse, one after the other, with progress; and opening the folder they went to.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use afterglow_core::project::Project;
use afterglow_core::report::{self, ReportOptions, TimelapseOptions};
use afterglow_core::store::ProjectPaths;

use crate::export::plan::{ExportPlan, OutputKind};
use crate::work::job_context::JobContext;
use crate::work::jobs::JobOutput;

/// Progress is counted in per-mille of each file.
const STEPS: usize = 1000;

/// Makes every file of `plan`. Cancel is honoured between files and before anything is
/// written (the report functions themselves run to the end of the file being made); files
/// already written stay. An error names the file.
pub fn run(
    paths: &ProjectPaths,
    project: &Project,
    plan: &ExportPlan,
    jc: &JobContext,
) -> Result<JobOutput, String> {
    let total = plan.outputs.len() * STEPS;
    let mut options = ReportOptions::new(chrono::Local::now().naive_local());
    options.photos = Some(plan.photos.clone());
    options.page = plan.page;
    options.sections = plan.sections;
    options.keep_names = plan.keep_names;
    let mut written = Vec::new();
    for (i, (kind, path)) in plan.outputs.iter().enumerate() {
        if jc.cancelled() {
            return Err("cancelled".to_owned());
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
                    keep_names: plan.keep_names,
                    ..TimelapseOptions::default()
                };
                report::build_timelapse(paths, project, &t, &progress)
            }
        }
        .map_err(|e| format!("Could not make {} ({}): {e}", kind.describe(), name(path)))?;
        if jc.cancelled() {
            return Err("cancelled".to_owned());
        }
        afterglow_core::imaging::write_export(path, &bytes)
            .map_err(|e| format!("Could not write {}: {e}", path.display()))?;
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
    // Reap the opener when it exits, without waiting for it here.
    let _ = std::thread::Builder::new()
        .name("afterglow-opener".into())
        .spawn(move || {
            let mut child = child;
            let _ = child.wait();
        });
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
