//! One neutral patch for every photo: a patch marked on one photo is carried through the
//! alignments to every other aligned photo of its view that has none (a grey card held in the
//! same place each time, or a wall that does not move), checked on each on a worker (it reads
//! the previews) and stored as one undoable change. Photos it does not suit are named with the
//! reason; photos with a patch of their own keep it.

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{Command, Photo, PhotoId, Project, Rect};
use afterglow_core::reference_frame::{NotInFrame, reference_from_photo};

use crate::state::toasts::Toasts;
use crate::state::workspace::Workspace;
use crate::work::job_error::JobError;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// What carrying a patch to the other photos found.
#[derive(Debug, Default)]
pub struct Spread {
    /// The photos the patch suits, with the patch in each one's own coordinates.
    pub set: Vec<(PhotoId, Rect)>,
    /// "IMG_0042.jpg: the patch is too dark", one per photo it does not suit.
    pub refused: Vec<String>,
    /// Photos that keep a patch of their own.
    pub kept: usize,
}

/// `patch` (in `source`'s coordinates) in `target`'s coordinates: its corners carried through
/// both alignments, and the rectangle around them, trimmed to `target`; `None` when less
/// than half of it lies inside `target`.
pub fn patch_in(
    project: &Project,
    source: &Photo,
    patch: &Rect,
    target: &Photo,
) -> Result<Option<Rect>, NotInFrame> {
    let reference = project.reference_of(source).ok_or(NotInFrame::NotAligned)?;
    let reference_from_source = reference_from_photo(project, reference, source)?;
    let reference_from_target = reference_from_photo(project, reference, target)?;
    let target_from_reference: Affine2 = reference_from_target
        .inverse()
        .ok_or(NotInFrame::BadTransform)?;
    let target_from_source = target_from_reference * reference_from_source;
    let corners = [
        patch.min,
        Point::new(patch.max.x, patch.min.y),
        patch.max,
        Point::new(patch.min.x, patch.max.y),
    ]
    .map(|c| target_from_source.apply(c));
    let min = Point::new(
        corners.iter().map(|c| c.x).fold(f64::INFINITY, f64::min),
        corners.iter().map(|c| c.y).fold(f64::INFINITY, f64::min),
    );
    let max = Point::new(
        corners
            .iter()
            .map(|c| c.x)
            .fold(f64::NEG_INFINITY, f64::max),
        corners
            .iter()
            .map(|c| c.y)
            .fold(f64::NEG_INFINITY, f64::max),
    );
    let area = |a: Point, b: Point| (b.x - a.x).max(0.0) * (b.y - a.y).max(0.0);
    let (lo, hi) = (
        Point::new(min.x.max(0.0), min.y.max(0.0)),
        Point::new(
            max.x.min(f64::from(target.width)),
            max.y.min(f64::from(target.height)),
        ),
    );
    let mostly_inside = area(lo, hi) >= 0.5 * area(min, max) && area(lo, hi) > 0.0;
    Ok(mostly_inside.then_some(Rect { min: lo, max: hi }))
}

/// Starts carrying `source`'s patch to the other photos of its view, on a worker.
pub fn start(ctx: &egui::Context, ws: &mut Workspace, jobs: &mut Jobs, source: PhotoId) {
    let project = ws.project().clone();
    let paths = ws.open.paths.clone();
    let Some(from) = project.photo(&source).cloned() else {
        return;
    };
    let Some(patch) = from.white_patch else {
        return;
    };
    jobs.spawn_for(
        ctx,
        ws,
        JobKind::CheckPatch,
        "Checking the patch on every photo",
        move |job| {
            let targets: Vec<&Photo> = (project.photos.iter())
                .filter(|p| p.id != from.id && p.view() == from.view())
                .collect();
            let mut spread = Spread::default();
            for (i, target) in targets.iter().enumerate() {
                job.progress.set(i, targets.len());
                if job.cancelled() {
                    return Err(JobError::Cancelled);
                }
                if target.white_patch.is_some() {
                    spread.kept += 1;
                    continue;
                }
                let name = &target.original_name;
                match patch_in(&project, &from, &patch, target) {
                    Err(why) => spread.refused.push(format!("{name}: {}", why.message())),
                    Ok(None) => spread
                        .refused
                        .push(format!("{name}: the patch falls outside this photo")),
                    Ok(Some(rect)) => match super::patch_tool::check(&paths, target, &rect) {
                        Ok(()) => spread.set.push((target.id.clone(), rect)),
                        Err(e) => spread.refused.push(format!("{name}: {e}")),
                    },
                }
            }
            Ok(JobOutput::PatchSpread(Box::new(spread)))
        },
    );
}

/// The check is done: store the patches that suit as one undoable change and say what
/// happened.
pub fn done(ws: &mut Workspace, toasts: &mut Toasts, spread: Spread) {
    let commands: Vec<Command> = (spread.set.iter())
        .filter_map(|(id, rect)| super::patch_tool::set_patch(ws.project(), id, Some(*rect)))
        .collect();
    let set = commands.len();
    let refused = match spread.refused.len() {
        0 => String::new(),
        n => format!(
            "; not on {n} ({}{})",
            spread.refused[..n.min(3)].join("; "),
            if n > 3 { "; …" } else { "" }
        ),
    };
    let kept = match spread.kept {
        0 => String::new(),
        1 => "; 1 photo keeps its own".to_owned(),
        n => format!("; {n} photos keep their own"),
    };
    if set == 0 {
        toasts.error(format!("The patch suits no other photo{refused}{kept}."));
        return;
    }
    match ws.apply(Command::Batch(commands)) {
        Ok(()) => toasts.info(format!(
            "Neutral patch set on {set} more {}{refused}{kept}. Undo takes them all back.",
            if set == 1 { "photo" } else { "photos" }
        )),
        Err(e) => toasts.error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use afterglow_core::project::{AlignMethod, Alignment};

    fn photo(name: &str) -> Photo {
        let taken = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        Photo::new(name, taken, 1000, 800)
    }

    fn aligned(mut p: Photo, reference_from_photo: Affine2) -> Photo {
        p.alignment = Some(Alignment {
            concerns: Vec::new(),
            reference_from_photo,
            method: AlignMethod::Manual,
            score: 1.0,
            comparable: true,
            locked: false,
            reference: None,
        });
        p
    }

    #[test]
    fn a_patch_is_carried_through_both_alignments() {
        let mut project = Project::new("t", chrono::Utc::now());
        let reference = photo("ref");
        // Photo a sits 100 px right of the reference, photo b twice as large.
        let a = aligned(photo("a"), Affine2::translation(100.0, 0.0));
        let b = aligned(photo("b"), Affine2::scale(0.5));
        project.photos = vec![reference.clone(), a.clone(), b.clone()];
        project.reference = Some(reference.id.clone());
        let patch = Rect {
            min: Point::new(10.0, 20.0),
            max: Point::new(50.0, 60.0),
        };
        // On a, the same skin of the reference is at reference = a + 100.
        let on_b = patch_in(&project, &a, &patch, &b).unwrap().unwrap();
        assert!((on_b.min.x - 220.0).abs() < 1e-9 && (on_b.min.y - 40.0).abs() < 1e-9);
        assert!((on_b.max.x - 300.0).abs() < 1e-9 && (on_b.max.y - 120.0).abs() < 1e-9);
        // Carried back, it is where it started.
        let back = patch_in(&project, &b, &on_b, &a).unwrap().unwrap();
        assert!((back.min.x - patch.min.x).abs() < 1e-9 && (back.max.y - patch.max.y).abs() < 1e-9);
        // Half off the edge of the target: trimmed; further off: none.
        let edge = Rect {
            min: Point::new(80.0, 10.0),
            max: Point::new(140.0, 50.0),
        };
        let trimmed = patch_in(&project, &reference, &edge, &a).unwrap().unwrap();
        assert!(trimmed.min.x.abs() < 1e-9 && (trimmed.max.x - 40.0).abs() < 1e-9);
        let far = Rect {
            min: Point::new(5.0, 10.0),
            max: Point::new(60.0, 50.0),
        };
        assert_eq!(patch_in(&project, &reference, &far, &a).unwrap(), None);
        // A photo that is not aligned says so.
        let loose = photo("loose");
        assert!(patch_in(&project, &reference, &patch, &loose).is_err());
    }
}
