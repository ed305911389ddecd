//! Aligning a project's photos to its reference: in parallel, with progress and a cancel
//! flag, returning what happened to each photo for the caller to apply as
//! `Command::UpdatePhoto`s (see `update_command`). Nothing here changes the project.
//!
//! Photos are aligned from their previews (≤ 2048 px, upright), and the result is carried to
//! full resolution: `reference_from_photo = reference_from_its_preview · (preview alignment) ·
//! preview_from_photo`. Each aligned photo's aligned preview is cached on the way.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::aligned_preview::{aligned_preview, make_and_cache};
use super::landmarks::eye_alignment;
use super::pair::{AlignError, Facing, PreparedReference};
use super::quality::Concern;
use crate::face::{facing_yaw, find_landmarks};
use crate::geometry::{Affine2, resample_from};
use crate::photo_file::ImportError;
use crate::previews::load_preview;
use crate::progress::Progress;
use crate::project::{AlignMethod, Alignment, Command, Photo, PhotoId, Project, View};
use crate::store::ProjectPaths;

/// What happened to one photo.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// A new alignment: automatic, or — for a locked alignment by the eyes made against
    /// another reference — redone from the eyes marked on the photo and the new reference.
    Aligned {
        /// The transform, score and method as stored in the project.
        alignment: Alignment,
        /// Why the photo is not comparable (empty when it is).
        concerns: Vec<Concern>,
    },
    /// Locked and made against the current reference: left as it is.
    Kept,
    /// Locked, made against another reference, and not redoable from marked eyes: left as it
    /// is, and stale until aligned again by hand or unlocked.
    KeptStale,
    /// The photo could not be read or aligned.
    Failed {
        /// Why, in words.
        reason: String,
    },
    /// The run was cancelled before this photo.
    Cancelled,
}

/// One photo's report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhotoReport {
    /// The photo's id in the project.
    pub id: PhotoId,
    /// The name the photo had when imported, for messages.
    pub original_name: String,
    /// The view the photo was aligned within.
    pub view: View,
    /// The face's yaw, degrees, when this run measured it (see `face::facing_yaw`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub face_yaw: Option<f64>,
    /// What happened to the photo.
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl PhotoReport {
    /// The line the command line prints for this photo.
    pub fn line(&self) -> String {
        // Side views are named, front (the usual case) is not.
        let who = match self.view {
            View::Front => format!("{} ({})", self.original_name, self.id),
            view => format!("{} ({}, {view} view)", self.original_name, self.id),
        };
        match &self.outcome {
            Outcome::Aligned {
                alignment,
                concerns,
            } => {
                let how = match alignment.method {
                    AlignMethod::Auto => "aligned",
                    AlignMethod::Landmarks => "aligned by the marked eyes",
                    AlignMethod::Manual => "aligned by hand",
                };
                // Said first: it explains a photo that looks the other way round.
                let who = if alignment.is_mirrored() {
                    format!("{who}, mirrored; shown the right way round")
                } else {
                    who
                };
                if alignment.comparable {
                    format!("{how}: {who}, score {:.3}", alignment.score)
                } else {
                    let why: Vec<String> = concerns
                        .iter()
                        .filter(|c| !c.is_advice_only())
                        .map(ToString::to_string)
                        .collect();
                    format!(
                        "{how}, not comparable: {who}, score {:.3}: {}",
                        alignment.score,
                        why.join("; ")
                    )
                }
            }
            Outcome::Kept => format!("kept: {who} (locked)"),
            Outcome::KeptStale => format!(
                "kept, stale: {who} (locked, made against another reference; mark its eyes or align it again by hand)"
            ),
            Outcome::Failed { reason } => format!("failed: {who}: {reason}"),
            Outcome::Cancelled => format!("cancelled: {who}"),
        }
    }

    /// True when the photo could not be read or aligned.
    pub fn failed(&self) -> bool {
        matches!(self.outcome, Outcome::Failed { .. })
    }
}

/// Why a project could not be aligned at all.
#[derive(Debug, thiserror::Error)]
pub enum ProjectAlignError {
    /// The project holds no photo that could be the reference.
    #[error("the project has no photos")]
    NoReference,
    /// The reference's file or preview cannot be read.
    #[error("cannot read the reference photo {name}: {source}")]
    ReferenceUnreadable {
        /// The reference photo's original name.
        name: String,
        /// Why it could not be read.
        #[source]
        source: ImportError,
    },
    /// The reference is readable but cannot be aligned to (e.g. too small).
    #[error("the reference photo {name}: {source}")]
    ReferenceUnusable {
        /// The reference photo's original name.
        name: String,
        /// Why alignment refused it.
        #[source]
        source: AlignError,
    },
}

/// Aligns every photo of the project (the reference included, which gets the identity).
pub fn align_project(
    paths: &ProjectPaths,
    project: &Project,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<PhotoReport>, ProjectAlignError> {
    let all: Vec<PhotoId> = project.photos.iter().map(|p| p.id.clone()).collect();
    align_photos(paths, project, &all, progress, cancel)
}

/// Aligns the photos `which` (ids not in the project are skipped), each to the reference of
/// its view. Locked alignments are never replaced by automatic ones.
///
/// Photos whose view is not known yet (not set by the user, face not measured) get their face's
/// yaw measured first, every photo of the project, since which photo is a view's reference
/// depends on the views of all; the reports carry the yaws measured for `which`.
pub fn align_photos(
    paths: &ProjectPaths,
    project: &Project,
    which: &[PhotoId],
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<PhotoReport>, ProjectAlignError> {
    run(paths, project, which, None, progress, cancel)
}

/// The photo `id` aligned again the other way round from its alignment now — mirrored when it
/// is not, as taken when it is (or mirrored, without one) — and locked: the user said which way
/// round it is, so later automatic runs keep it. A lock does not stop this run.
///
/// Aligned again rather than the transform reflected in place: a reflection about any fixed
/// line (the photo's centre, the reference's) puts the face elsewhere unless the face sits on
/// that line, and the score, pose, light and eye checks all change with the way round.
pub fn flip_photo(
    paths: &ProjectPaths,
    project: &Project,
    id: &PhotoId,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<PhotoReport>, ProjectAlignError> {
    run(
        paths,
        project,
        std::slice::from_ref(id),
        Some(id),
        progress,
        cancel,
    )
}

/// `align_photos`, with `flip` (if any) aligned the other way round and locked.
fn run(
    paths: &ProjectPaths,
    project: &Project,
    which: &[PhotoId],
    flip: Option<&PhotoId>,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<PhotoReport>, ProjectAlignError> {
    if project.reference_photo().is_none() {
        return Err(ProjectAlignError::NoReference);
    }
    let measured = measure_views(paths, project, cancel);
    let mut viewed = project.clone();
    for p in &mut viewed.photos {
        if let Some(yaw) = measured.get(&p.id) {
            p.face_yaw = Some(*yaw);
        }
    }
    let project = &viewed;
    let photos: Vec<&Photo> = which.iter().filter_map(|id| project.photo(id)).collect();
    let total = photos.len();
    progress(Progress { done: 0, total });
    // Each view's reference, read and prepared only when some photo of the view needs it.
    let mut prepared: BTreeMap<View, (&Photo, Option<PreparedReference>)> = BTreeMap::new();
    for view in project.views() {
        let Some(reference) = project.reference_photo_for(view) else {
            continue;
        };
        let needed = photos
            .iter()
            .any(|p| p.view() == view && (needs_alignment(reference, p) || flip == Some(&p.id)));
        let ready = if needed {
            let preview = load_preview(paths, reference).map_err(|source| {
                ProjectAlignError::ReferenceUnreadable {
                    name: reference.original_name.clone(),
                    source,
                }
            })?;
            Some(PreparedReference::new(&preview).map_err(|source| {
                ProjectAlignError::ReferenceUnusable {
                    name: reference.original_name.clone(),
                    source,
                }
            })?)
        } else {
            None
        };
        prepared.insert(view, (reference, ready));
    }
    let done = AtomicUsize::new(0);
    let reports = photos
        .par_iter()
        .map(|photo| {
            let outcome = if cancel.load(Ordering::Relaxed) {
                Outcome::Cancelled
            } else if let Some((reference, ready)) = prepared.get(&photo.view()) {
                let forced = flip.filter(|id| **id == photo.id).map(|_| {
                    if photo.alignment.as_ref().is_some_and(Alignment::is_mirrored) {
                        Facing::AsTaken
                    } else {
                        Facing::Mirrored
                    }
                });
                align_one(paths, project, reference, ready.as_ref(), photo, forced)
            } else {
                Outcome::Failed {
                    reason: format!("no reference for the {} view", photo.view()),
                }
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Progress { done: n, total });
            PhotoReport {
                id: photo.id.clone(),
                original_name: photo.original_name.clone(),
                view: photo.view(),
                face_yaw: measured.get(&photo.id).copied(),
                outcome,
            }
        })
        .collect();
    Ok(reports)
}

/// The facing yaw of every photo whose view is neither set by the user nor measured yet,
/// from its preview (photos without a readable face are left out, and stay front).
fn measure_views(
    paths: &ProjectPaths,
    project: &Project,
    cancel: &AtomicBool,
) -> BTreeMap<PhotoId, f64> {
    project
        .photos
        .par_iter()
        .filter(|p| p.view_set.is_none() && p.face_yaw.is_none())
        .filter_map(|p| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let preview = load_preview(paths, p).ok()?;
            let mesh = find_landmarks(&preview).ok()?;
            Some((p.id.clone(), facing_yaw(&mesh)))
        })
        .collect()
}

/// Whether the photo will be aligned (rather than kept), so the reference must be read.
fn needs_alignment(reference: &Photo, photo: &Photo) -> bool {
    photo.id != reference.id && !matches!(locked_state(reference, photo), Some(Locked::Current))
}

enum Locked {
    Current,
    Stale,
}

fn locked_state(reference: &Photo, photo: &Photo) -> Option<Locked> {
    let a = photo.alignment.as_ref().filter(|a| a.locked)?;
    Some(if a.reference.as_ref().is_none_or(|r| r == &reference.id) {
        Locked::Current
    } else {
        Locked::Stale
    })
}

/// One photo aligned to `reference`; `forced` (the user's Flip) aligns it that way round and
/// locks the result, whatever its lock said.
fn align_one(
    paths: &ProjectPaths,
    project: &Project,
    reference: &Photo,
    prepared: Option<&PreparedReference>,
    photo: &Photo,
    forced: Option<Facing>,
) -> Outcome {
    if photo.id == reference.id {
        if photo.alignment.as_ref().is_some_and(|a| a.locked) {
            return Outcome::Kept;
        }
        let alignment = Alignment {
            concerns: Vec::new(),
            reference_from_photo: Affine2::IDENTITY,
            method: AlignMethod::Auto,
            score: 1.0,
            comparable: true,
            locked: false,
            reference: Some(reference.id.clone()),
        };
        if let Ok(preview) = load_preview(paths, photo) {
            // Caches the aligned preview; the image itself is not needed here.
            make_and_cache(paths, reference, photo, &preview, &Affine2::IDENTITY);
        }
        return Outcome::Aligned {
            alignment,
            concerns: Vec::new(),
        };
    }
    match locked_state(reference, photo).filter(|_| forced.is_none()) {
        Some(Locked::Current) => {
            // Make sure its aligned preview is there too; failing that is not this run's
            // business (the preview is made again on demand).
            aligned_preview(paths, project, photo).ok();
            return Outcome::Kept;
        }
        Some(Locked::Stale) => {
            let by_eyes = photo
                .alignment
                .as_ref()
                .is_some_and(|a| a.method == AlignMethod::Landmarks);
            if !by_eyes || photo.eyes.is_none() || reference.eyes.is_none() {
                return Outcome::KeptStale;
            }
        }
        None => {}
    }
    let Some(prepared) = prepared else {
        return Outcome::Failed {
            reason: "the reference was not prepared".to_owned(),
        };
    };
    let preview = match load_preview(paths, photo) {
        Ok(p) => p,
        Err(e) => {
            return Outcome::Failed {
                reason: e.to_string(),
            };
        }
    };
    let (rw, rh) = prepared.size();
    let reference_from_ref_preview = resample_from(reference.width, reference.height, rw, rh);
    let preview_from_photo =
        resample_from(preview.width(), preview.height(), photo.width, photo.height);
    let (alignment, concerns) =
        if forced.is_none() && photo.alignment.as_ref().is_some_and(|a| a.locked) {
            // A stale lock by the eyes: redo it from the eyes, and score it.
            let Some(mut a) = eye_alignment(reference, photo, 0.0) else {
                return Outcome::KeptStale;
            };
            let ref_preview_from_preview = reference_from_ref_preview
                .inverse()
                .unwrap_or(Affine2::IDENTITY)
                * a.reference_from_photo
                * preview_from_photo.inverse().unwrap_or(Affine2::IDENTITY);
            a.score = prepared
                .score_of(&preview, &ref_preview_from_preview)
                .unwrap_or(0.0);
            (a, Vec::new())
        } else {
            let pair = match prepared.align_facing(&preview, forced.unwrap_or_default()) {
                Ok(p) => p,
                Err(e) => {
                    return Outcome::Failed {
                        reason: e.to_string(),
                    };
                }
            };
            let alignment = Alignment {
                reference_from_photo: reference_from_ref_preview
                    * pair.reference_from_moving
                    * preview_from_photo,
                method: AlignMethod::Auto,
                score: pair.score,
                comparable: pair.comparable,
                locked: forced.is_some(),
                reference: Some(reference.id.clone()),
                concerns: pair.concerns.clone(),
            };
            (alignment, pair.concerns)
        };
    make_and_cache(
        paths,
        reference,
        photo,
        &preview,
        &alignment.reference_from_photo,
    );
    Outcome::Aligned {
        alignment,
        concerns,
    }
}

/// The alignments the reports produced, ready to store.
pub fn new_alignments(reports: &[PhotoReport]) -> Vec<(PhotoId, Alignment)> {
    reports
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Aligned { alignment, .. } => Some((r.id.clone(), alignment.clone())),
            _ => None,
        })
        .collect()
}

/// One undoable command storing every new alignment and measured yaw (`None` when there is
/// none). Photos that changed in the project meanwhile keep their other edits: only
/// `alignment` and `face_yaw` are replaced, and a photo locked meanwhile keeps its alignment.
pub fn update_command(project: &Project, reports: &[PhotoReport]) -> Option<Command> {
    let updates: Vec<Command> = reports
        .iter()
        .filter_map(|r| {
            let mut photo = project.photo(&r.id)?.clone();
            let mut changed = false;
            if let Some(yaw) = r.face_yaw
                && photo.face_yaw != Some(yaw)
            {
                photo.face_yaw = Some(yaw);
                changed = true;
            }
            if let Outcome::Aligned { alignment, .. } = &r.outcome {
                let locked_now = photo.alignment.as_ref().is_some_and(|a| a.locked);
                if !locked_now || alignment.locked {
                    photo.alignment = Some(alignment.clone());
                    changed = true;
                }
            }
            changed.then(|| Command::UpdatePhoto(Box::new(photo)))
        })
        .collect();
    (!updates.is_empty()).then_some(Command::Batch(updates))
}
