//! Preparing a project for comparison, the one way the command line, the app and the sample
//! generator do it: align every photo to the reference, then — for a project without regions —
//! place the default regions on the reference's face, so there is something to measure.
//!
//! The work ([`align_and_place_regions`]) runs on a worker against a snapshot of the project;
//! its result becomes one undoable command against the project as it is *then*
//! ([`AlignmentRun::into_change`]): the user may have locked a photo's alignment or drawn
//! regions meanwhile, and those win.

use std::sync::atomic::AtomicBool;

use crate::align::{self, Outcome, PhotoReport, ProjectAlignError};
use crate::metrics::{self, PlacementError};
use crate::progress::Progress;
use crate::project::{Command, PhotoId, Project};
use crate::store::ProjectPaths;

/// Which photos to align.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Which {
    /// Every photo (locked alignments are kept), then the default regions if there are none.
    All,
    /// These photos only; regions are left alone.
    Only(Vec<PhotoId>),
    /// This photo aligned the other way round from now, and locked (`align::flip_photo`);
    /// regions are left alone.
    Flip(PhotoId),
}

/// What an alignment run found, before it is applied.
#[derive(Debug)]
pub struct AlignmentRun {
    /// One report per photo aligned (or tried).
    pub reports: Vec<PhotoReport>,
    /// For a run over all photos of a project without regions: the command adding the default
    /// regions, or why they could not be placed. `None` when not asked or not needed.
    pub default_regions: Option<Result<Command, PlacementError>>,
}

/// What applying an [`AlignmentRun`] changes, and what to tell the user about it.
#[derive(Debug)]
pub struct AlignmentChange {
    /// The one undoable command (new alignments, then the default regions), if anything changed.
    pub command: Option<Command>,
    /// Photos given a new alignment (the reference is not counted).
    pub aligned: usize,
    /// Of those, the ones too different from the reference to compare reliably.
    pub doubtful: usize,
    /// Whether the default regions are part of `command`.
    pub placed_regions: bool,
    /// Why the default regions were not placed, when they were wanted.
    pub regions_error: Option<PlacementError>,
    /// One line per photo that could not be aligned.
    pub failures: Vec<String>,
    /// The run's reports, one per photo tried.
    pub reports: Vec<PhotoReport>,
}

/// Aligns `which` photos of `project` to its reference and, for [`Which::All`], finds the
/// default regions when the project has none. Reports progress per photo; stops early when
/// `cancel` is set.
pub fn align_and_place_regions(
    paths: &ProjectPaths,
    project: &Project,
    which: &Which,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<AlignmentRun, ProjectAlignError> {
    let reports = match which {
        Which::All => align::align_project(paths, project, progress, cancel)?,
        Which::Only(ids) => align::align_photos(paths, project, ids, progress, cancel)?,
        Which::Flip(id) => align::flip_photo(paths, project, id, progress, cancel)?,
    };
    let default_regions = match which {
        Which::All => metrics::default_regions_command(paths, project).transpose(),
        Which::Only(_) | Which::Flip(_) => None,
    };
    Ok(AlignmentRun {
        reports,
        default_regions,
    })
}

impl AlignmentRun {
    /// The change this run makes to `project` as it is now: locked alignments are never
    /// replaced, and regions the user added meanwhile win over the defaults.
    pub fn into_change(self, project: &Project) -> AlignmentChange {
        // Each view's reference is aligned to itself: not counted as aligned or doubtful.
        let is_reference = |id: &PhotoId| {
            project
                .photo(id)
                .and_then(|p| project.reference_of(p))
                .is_some_and(|r| &r.id == id)
        };
        let failures = self
            .reports
            .iter()
            .filter(|r| r.failed())
            .map(PhotoReport::line)
            .collect();
        let doubtful = self
            .reports
            .iter()
            .filter(|r| {
                matches!(&r.outcome, Outcome::Aligned { alignment, .. } if !alignment.comparable)
            })
            .filter(|r| !is_reference(&r.id))
            .count();
        let mut commands = Vec::new();
        let mut aligned = 0;
        if let Some(Command::Batch(updates)) = align::update_command(project, &self.reports) {
            aligned = updates
                .iter()
                .filter(|c| !matches!(c, Command::UpdatePhoto(p) if is_reference(&p.id)))
                .count();
            commands.extend(updates);
        }
        let (mut placed_regions, mut regions_error) = (false, None);
        match self.default_regions {
            Some(Ok(add)) if project.regions.is_empty() => {
                commands.push(add);
                placed_regions = true;
            }
            Some(Err(e)) => regions_error = Some(e),
            _ => {}
        }
        AlignmentChange {
            command: (!commands.is_empty()).then_some(Command::Batch(commands)),
            aligned,
            doubtful,
            placed_regions,
            regions_error,
            failures,
            reports: self.reports,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{Affine2, Point};
    use crate::project::{AlignMethod, Alignment, Region, RegionId, Shape};
    use chrono::{NaiveDate, Utc};

    fn project() -> Project {
        let mut p = Project::new("t", Utc::now());
        for (id, day) in [("ref", 1), ("a", 2), ("b", 3), ("c", 4)] {
            let at = NaiveDate::from_ymd_opt(2026, 3, day)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .unwrap_or_default();
            p.photos.push(crate::project::Photo::new(id, at, 100, 100));
        }
        p
    }

    fn alignment(comparable: bool, locked: bool) -> Alignment {
        Alignment {
            concerns: Vec::new(),
            reference_from_photo: Affine2::translation(1.0, 2.0),
            method: AlignMethod::Auto,
            score: 0.9,
            comparable,
            locked,
            reference: Some(PhotoId("ref".into())),
        }
    }

    fn report(id: &str, outcome: Outcome) -> PhotoReport {
        PhotoReport {
            id: PhotoId(id.into()),
            original_name: format!("{id}.jpg"),
            view: crate::project::View::Front,
            face_yaw: None,
            outcome,
        }
    }

    fn region() -> Region {
        Region {
            id: RegionId(1),
            name: "Left cheek".into(),
            shape: Shape::Ellipse {
                centre: Point::new(10.0, 10.0),
                radii: [5.0, 5.0],
                angle: 0.0,
            },
            view: crate::project::View::Front,
        }
    }

    fn run(project: &Project) -> AlignmentRun {
        let aligned = |id: &str, comparable| {
            report(
                id,
                Outcome::Aligned {
                    alignment: alignment(comparable, false),
                    concerns: Vec::new(),
                },
            )
        };
        AlignmentRun {
            reports: vec![
                aligned("ref", true),
                aligned("a", true),
                aligned("b", false),
                report(
                    "c",
                    Outcome::Failed {
                        reason: "cannot read".into(),
                    },
                ),
            ],
            default_regions: Some(Ok(Command::Batch(vec![Command::AddRegion(region())])))
                .filter(|_| project.regions.is_empty()),
        }
    }

    #[test]
    fn one_change_counts_photos_without_the_reference_and_places_the_defaults() {
        let p = project();
        let change = run(&p).into_change(&p);
        assert_eq!(change.aligned, 2, "a and b, not the reference");
        assert_eq!(change.doubtful, 1, "b is not comparable");
        assert!(change.placed_regions);
        assert_eq!(change.failures.len(), 1);
        assert!(
            change.failures[0].contains("c.jpg"),
            "{:?}",
            change.failures
        );
        let mut after = p.clone();
        change.command.unwrap().apply(&mut after).unwrap();
        assert_eq!(after.regions.len(), 1);
        assert!(
            after
                .photo(&PhotoId("a".into()))
                .unwrap()
                .alignment
                .is_some()
        );
        assert!(
            after
                .photo(&PhotoId("c".into()))
                .unwrap()
                .alignment
                .is_none()
        );
    }

    #[test]
    fn a_lock_or_regions_made_while_the_run_went_win_over_its_results() {
        let before = project();
        let finished = run(&before);
        // Meanwhile the user locked a by hand and drew a region.
        let mut now = before.clone();
        let locked = Alignment {
            reference_from_photo: Affine2::translation(7.0, 7.0),
            ..alignment(true, true)
        };
        if let Some(a) = now.photos.iter_mut().find(|p| p.id.0 == "a") {
            a.alignment = Some(locked.clone());
        }
        now.regions.push(Region {
            name: "Mine".into(),
            ..region()
        });
        let change = finished.into_change(&now);
        assert!(!change.placed_regions, "the user's region wins");
        assert_eq!(change.aligned, 1, "only b is updated");
        let mut after = now.clone();
        change.command.unwrap().apply(&mut after).unwrap();
        assert_eq!(
            after.photo(&PhotoId("a".into())).unwrap().alignment,
            Some(locked)
        );
        assert_eq!(after.regions.len(), 1);
        assert_eq!(after.regions[0].name, "Mine");
    }
}
