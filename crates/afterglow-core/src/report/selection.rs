//! Which photos a report compares when the user does not say.

use crate::guide;
use crate::project::{PhotoId, Project};

/// The baseline, the last photo of each session and the latest photo, in date order
/// (excluded photos and photos of other views than the main one left out).
pub fn default_selection(project: &Project) -> Vec<PhotoId> {
    let view = project.main_view();
    let photos: Vec<_> = project
        .photos_by_date()
        .into_iter()
        .filter(|p| !p.excluded && p.view() == view)
        .collect();
    let mut chosen: Vec<PhotoId> = Vec::new();
    let mut push = |id: &PhotoId| {
        if !chosen.contains(id) {
            chosen.push(id.clone());
        }
    };
    if let Some(r) = project.reference_photo() {
        push(&r.id);
    }
    for session in project.sessions_by_date() {
        // The last photo taken while this session was the latest one (not the "before"
        // photo of the next session, which is the same skin on the same day).
        let last = photos.iter().rev().find(|p| {
            let pl = guide::placement(project, p);
            pl.session == Some(session.id)
                && pl.day.unwrap_or(0) <= i64::from(project.guide.session_interval_days) / 2
        });
        if let Some(p) = last {
            push(&p.id);
        }
    }
    if let Some(p) = photos.last() {
        push(&p.id);
    }
    let mut out: Vec<PhotoId> = Vec::new();
    for p in &photos {
        if chosen.contains(&p.id) {
            out.push(p.id.clone());
        }
    }
    out
}
