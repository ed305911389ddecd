//! `new` and `list`: making a project and saying what it holds.

use std::path::Path;

use anyhow::Result;

use afterglow_core::guide::{self, Placement};
use afterglow_core::project::{Photo, Project, View};
use afterglow_core::store::{self};

use super::shared::Status;

pub(super) fn cmd_new(root: &Path, name: Option<String>) -> Result<Status> {
    let name = name.unwrap_or_else(|| default_name(root));
    store::create(root, &name)?;
    eprintln!("created {} (\"{name}\")", root.display());
    Ok(Status::Ok)
}

/// "Skin 2026.afterglow" → "Skin 2026".
pub fn default_name(root: &Path) -> String {
    root.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "My treatment".to_owned())
}

pub(super) fn cmd_list(root: &Path, json: bool) -> Result<Status> {
    let project = store::load(root)?;
    if json {
        say!("{}", serde_json::to_string_pretty(&list_json(&project))?);
        return Ok(Status::Ok);
    }
    say!("{}", project.name);
    for (i, s) in project.sessions_by_date().iter().enumerate() {
        let depth = s.depth_mm.map(|d| format!(", {d} mm")).unwrap_or_default();
        say!(
            "  session {} (id {}): {} {}{depth}",
            i + 1,
            s.id.0,
            s.date,
            s.treatment
        );
    }
    if let Some(due) = guide::next_session_due(&project) {
        say!("  next session due: {due}");
    }
    for p in project.photos_by_date() {
        let placement = guide::placement(&project, p);
        let view = p.view();
        let is_reference = project.reference_of(p).is_some_and(|r| r.id == p.id);
        let mark = match (view, is_reference, p.excluded) {
            (View::Front, true, _) => " (reference)".to_owned(),
            (View::Front, false, true) => " (excluded)".to_owned(),
            (View::Front, false, false) => String::new(),
            (view, true, _) => format!(" ({view} view, its reference)"),
            (view, false, true) => format!(" ({view} view, excluded)"),
            (view, false, false) => format!(" ({view} view)"),
        };
        say!(
            "{}  {}  {:<9}  {:<20}  {}×{}  {}{mark}",
            p.id,
            // Padded to a date-time's width so the columns stay aligned.
            format!("{:<16}", p.taken_iso()),
            p.taken_at_source.label(),
            placement.short_label(),
            p.width,
            p.height,
            p.original_name,
        );
    }
    Ok(Status::Ok)
}

/// "2026-03-06T07:45:00", or "2026-01-02" for a photo known only by its day.
fn taken_at_json(p: &Photo) -> String {
    if p.date_only {
        p.taken_on().format("%Y-%m-%d").to_string()
    } else {
        p.taken_at.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// The `list --json` document.
pub fn list_json(project: &Project) -> serde_json::Value {
    use serde_json::json;
    let reference = project.reference_photo().map(|p| p.id.clone());
    let photos: Vec<_> = project
        .photos_by_date()
        .into_iter()
        .map(|p| {
            let pl: Placement = guide::placement(project, p);
            let milestones: Vec<_> = pl
                .milestones
                .iter()
                .filter_map(|id| project.guide.milestone(id))
                .map(
                    |m| json!({"id": m.id, "title": m.title, "window": m.window, "short": m.short}),
                )
                .collect();
            json!({
                "id": p.id,
                "file": p.file,
                "original_name": p.original_name,
                "taken_at": taken_at_json(p),
                "date_only": p.date_only,
                "date_source": p.taken_at_source,
                "utc_offset_minutes": p.utc_offset_minutes,
                "width": p.width,
                "height": p.height,
                "orientation": p.orientation,
                "session": pl.session,
                "session_number": pl.session_number,
                "day": pl.day,
                "label": pl.label(p.taken_at),
                "milestones": milestones,
                "annotation": p.annotation,
                "alignment": p.alignment,
                "excluded": p.excluded,
                "reference": Some(&p.id) == reference.as_ref(),
                "view": p.view(),
                "view_set_by_hand": p.view_set.is_some(),
                "face_yaw": p.face_yaw,
                "view_reference": project.reference_of(p).is_some_and(|r| r.id == p.id),
            })
        })
        .collect();
    json!({
        "name": project.name,
        "reference": reference,
        "sessions": project.sessions_by_date(),
        "next_session_due": guide::next_session_due(project),
        "photos": photos,
    })
}
