//! "Align all photos" and "Align again" for one photo: the core's alignment run on a worker
//! (`prepare::align_and_place_regions`), applied as one undoable change when it comes back.

use afterglow_core::prepare::{self, AlignmentRun, Which};
use afterglow_core::project::PhotoId;

use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// Starts aligning `which` photos of the open project.
pub fn start(ctx: &egui::Context, ws: &mut Workspace, jobs: &mut Jobs, which: Which) {
    let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
    let (kind, label) = match &which {
        Which::All => (JobKind::AlignProject, "Aligning the photos"),
        Which::Only(_) => (JobKind::AlignPhoto, "Aligning one photo"),
        Which::Flip(_) => (JobKind::AlignPhoto, "Flipping one photo"),
    };
    jobs.spawn_for(ctx, ws, kind, label, move |jc| {
        let progress = |p: afterglow_core::import::Progress| jc.progress.set(p.done, p.total);
        let run =
            prepare::align_and_place_regions(&paths, &project, &which, &progress, &jc.cancel)?;
        Ok(JobOutput::Aligned(Box::new(run)))
    });
}

/// Starts aligning one photo.
pub fn start_one(ctx: &egui::Context, ws: &mut Workspace, jobs: &mut Jobs, photo: PhotoId) {
    start(ctx, ws, jobs, Which::Only(vec![photo]));
}

/// An alignment run came back: apply it to the project as it is now and say what changed.
pub fn done(ws: &mut Workspace, toasts: &mut Toasts, run: AlignmentRun) {
    let change = run.into_change(ws.project());
    if let Some(e) = &change.regions_error {
        toasts.info(format!("Default regions not placed: {e}"));
    }
    if let Some(command) = change.command {
        match ws.apply(command) {
            Ok(()) => {
                let n = change.aligned;
                let mut text = format!(
                    "{n} photo{} aligned to the reference.",
                    if n == 1 { "" } else { "s" }
                );
                if change.doubtful > 0 {
                    text.push_str(&format!(
                        " {} look too different from the reference to compare reliably \
                         (flagged in the library).",
                        change.doubtful
                    ));
                }
                if change.placed_regions {
                    text.push_str(
                        " The default regions (cheeks, forehead, chin) were placed on the \
                         reference's face.",
                    );
                }
                toasts.info(text);
            }
            Err(e) => toasts.error(e),
        }
    }
    for line in change.failures {
        toasts.error(line);
    }
    crate::panels::reference_switch::finish_pending(ws, toasts);
}
