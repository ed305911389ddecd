//! The library's lines, built once per revision of the project: photos grouped by the session
//! they follow, in date order, with their labels and warnings.

use afterglow_core::guide;
use afterglow_core::project::{Photo, PhotoId, Project, SessionId, View};

use super::alignment_status::AlignStatus;
use super::dates::format_date;

/// One line per photo of the library, precomputed once per revision so drawing 500 photos is
/// cheap: grouped by the session they follow, in date order.
#[derive(Clone, Debug, Default)]
pub struct LibraryIndex {
    pub revision: u64,
    pub groups: Vec<LibraryGroup>,
    /// Every photo in date order (for ←/→).
    pub order: Vec<PhotoId>,
}

#[derive(Clone, Debug)]
pub struct LibraryGroup {
    /// "Session 2 · 8 Mar 2026 · 0.5 mm", or "Baseline (before the first session)".
    pub title: String,
    pub entries: Vec<LibraryEntry>,
}

#[derive(Clone, Debug)]
pub struct LibraryEntry {
    pub id: PhotoId,
    /// Position in `project.photos` (valid for the revision the index was built at).
    pub pos: usize,
    /// "Session 2 · day 3 · 8 Mar 2026".
    pub label: String,
    /// "Day 3 · 09:15", under the thumbnail.
    pub caption: String,
    pub warning: Option<&'static str>,
    pub excluded: bool,
    pub annotated: bool,
    /// The photo's view; side views are named in the caption.
    pub view: View,
}

impl LibraryIndex {
    pub fn build(project: &Project, revision: u64) -> Self {
        let sessions = project.sessions_by_date();
        let mut groups: Vec<LibraryGroup> = Vec::new();
        let mut current: Option<Option<SessionId>> = None;
        let mut order = Vec::with_capacity(project.photos.len());
        let positions: std::collections::HashMap<&PhotoId, usize> = project
            .photos
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.id, i))
            .collect();
        for photo in project.photos_by_date() {
            let place = guide::placement(project, photo);
            if current != Some(place.session) {
                current = Some(place.session);
                let title = match place.session.and_then(|id| project.session(id)) {
                    None => "Baseline · before the first session".to_owned(),
                    Some(s) => {
                        let n = sessions
                            .iter()
                            .position(|x| x.id == s.id)
                            .map_or(0, |i| i + 1);
                        let mut t =
                            format!("Session {n} · {} · {}", format_date(s.date), s.treatment);
                        if let Some(d) = s.depth_mm {
                            t.push_str(&format!(" · {d} mm"));
                        }
                        t
                    }
                };
                groups.push(LibraryGroup {
                    title,
                    entries: Vec::new(),
                });
            }
            let mut caption = match place.day {
                // The year is in the session's heading.
                Some(d) => format!("Day {d} · {}", date_and_time(photo, "%-d %b")),
                None => date_and_time(photo, "%-d %b %Y"),
            };
            let view = photo.view();
            if view != View::Front {
                caption = format!("{view} · {caption}");
            }
            let status = AlignStatus::against(project.reference_of(photo), photo);
            if let Some(g) = groups.last_mut() {
                g.entries.push(LibraryEntry {
                    id: photo.id.clone(),
                    pos: positions.get(&photo.id).copied().unwrap_or(0),
                    label: place.label(photo.taken_at),
                    caption,
                    warning: status.warning(),
                    excluded: photo.excluded,
                    annotated: !photo.annotation.is_empty(),
                    view,
                });
            }
            order.push(photo.id.clone());
        }
        Self {
            revision,
            groups,
            order,
        }
    }

    pub fn entry(&self, id: &PhotoId) -> Option<&LibraryEntry> {
        self.groups
            .iter()
            .flat_map(|g| &g.entries)
            .find(|e| &e.id == id)
    }
}

/// The photo's date in `date_format` and its time ("2 Jan 14:05"), or the date alone for a
/// photo known only by its day.
fn date_and_time(photo: &Photo, date_format: &str) -> String {
    let date = photo.taken_on().format(date_format);
    match photo.time_taken() {
        Some(t) => format!("{date} {}", t.format("%H:%M")),
        None => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use afterglow_core::project::Session;
    use chrono::{NaiveTime, Utc};

    fn photo(id: &str, at: &str, date_only: bool) -> Photo {
        Photo {
            date_only,
            ..Photo::new(id, at.parse().unwrap(), 10, 10)
        }
    }

    #[test]
    fn a_date_only_photo_is_captioned_without_a_time_under_its_session() {
        let mut p = Project::new("t", Utc::now());
        let mut s = Session::new(SessionId(1), "2026-01-01".parse().unwrap());
        s.time = NaiveTime::from_hms_opt(14, 0, 0);
        p.sessions.push(s);
        p.photos
            .push(photo("morning", "2026-01-01T09:00:00", false));
        p.photos
            .push(photo("session-day", "2026-01-01T00:00:00", true));
        p.photos
            .push(photo("next-day", "2026-01-02T00:00:00", true));
        let index = LibraryIndex::build(&p, 1);
        let captions: Vec<(&str, Vec<&str>)> = (index.groups.iter())
            .map(|g| {
                let c = g.entries.iter().map(|e| e.caption.as_str()).collect();
                (g.title.split(" · ").next().unwrap_or_default(), c)
            })
            .collect();
        // The session day's date-only photo is the session's, listed after the timed
        // "before" photo of that morning (not in the baseline at midnight).
        assert_eq!(
            captions,
            [
                ("Baseline", vec!["1 Jan 2026 09:00"]),
                ("Session 1", vec!["Day 0 · 1 Jan", "Day 1 · 2 Jan"]),
            ]
        );
    }
}
