//! The treatment timeline as plain data for the timeline view and the charts: sessions
//! (entered and planned), the milestone windows after each, and the photos, all on one
//! axis of days since the first session.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::Anchor;
use super::schedule::{format_date, next_start, placed_at, placement};
use crate::project::{PhotoId, Project, SessionId};

/// Fractional days from `origin` to `at` (negative before it).
pub fn days_between(origin: NaiveDateTime, at: NaiveDateTime) -> f64 {
    (at - origin).num_seconds() as f64 / 86_400.0
}

/// Sessions, milestone windows and photos on one axis of days, for the timeline view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// Day 0 of the axis: the first session's start, else the first photo, else `None`
    /// (an empty project).
    pub origin: Option<NaiveDateTime>,
    /// Entered sessions, then the planned ones still to come.
    pub sessions: Vec<SessionMark>,
    /// Every milestone window, session by session.
    pub windows: Vec<MilestoneWindow>,
    /// Photos in capture order.
    pub photos: Vec<PhotoMark>,
    /// The next session's due date, when more are planned.
    pub next_due: Option<NaiveDate>,
    /// The span worth showing, in days from `origin`: every mark and window, with a day of
    /// room on each side.
    pub span_days: (f64, f64),
}

/// A session on the timeline: entered, or planned and not yet entered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionMark {
    /// `None` for a planned session not entered yet.
    pub session: Option<SessionId>,
    /// 1-based number in the course.
    pub number: usize,
    /// When the session starts.
    pub start: NaiveDateTime,
    /// `start` in days from the timeline's origin.
    pub days: f64,
    /// True for a planned session not entered yet.
    pub planned: bool,
    /// "Session 2 · 29 Mar 2026" or "Session 3 (planned) · 26 Apr 2026".
    pub label: String,
}

/// One milestone window after one session, on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MilestoneWindow {
    /// The milestone's id in the guide.
    pub milestone: String,
    /// The milestone's heading.
    pub title: String,
    /// The milestone's short advice, for captions.
    pub short: String,
    /// The session the window follows (1-based).
    pub session_number: usize,
    /// When the window opens.
    pub start: NaiveDateTime,
    /// When the window closes.
    pub end: NaiveDateTime,
    /// `start` in days from the timeline's origin.
    pub start_days: f64,
    /// `end` in days from the timeline's origin.
    pub end_days: f64,
    /// The window hangs on a session that is only planned.
    pub planned: bool,
}

/// A photo on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhotoMark {
    /// The photo's id.
    pub photo: PhotoId,
    /// When it was taken (local time, from the photo); midnight for a date-only photo.
    pub taken_at: NaiveDateTime,
    /// Only the day is known, not the time: show `taken_at` as a date.
    pub date_only: bool,
    /// Its place in days from the timeline's origin (`placed_at`: a date-only photo sits on
    /// whole days from its session).
    pub days: f64,
    /// "Session 1 · day 3" or "Baseline".
    pub label: String,
    /// 1-based number of the session it follows; `None` for a baseline photo.
    pub session_number: Option<usize>,
    /// Calendar days since that session; `None` for a baseline photo.
    pub day: Option<i64>,
    /// Left out of comparisons, measurements and reports by the user.
    pub excluded: bool,
    /// True for the project's reference photo.
    pub reference: bool,
}

fn hours(h: f64) -> Duration {
    Duration::seconds((h * 3600.0).round() as i64)
}

/// The project's timeline.
pub fn timeline(project: &Project) -> Timeline {
    let sessions = project.sessions_by_date();
    let photos = project.photos_by_date();
    let origin = sessions
        .first()
        .map(|s| s.start())
        .or_else(|| photos.first().map(|p| p.taken_at));
    let Some(origin) = origin else {
        return Timeline {
            origin: None,
            sessions: Vec::new(),
            windows: Vec::new(),
            photos: Vec::new(),
            next_due: None,
            span_days: (0.0, 0.0),
        };
    };
    let days = |t: NaiveDateTime| days_between(origin, t);
    let guide = &project.guide;

    let mut marks: Vec<SessionMark> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| SessionMark {
            session: Some(s.id),
            number: i + 1,
            start: s.start(),
            days: days(s.start()),
            planned: false,
            label: format!("Session {} · {}", i + 1, format_date(s.date)),
        })
        .collect();
    if let Some(last) = sessions.last() {
        let interval = Duration::days(i64::from(guide.session_interval_days));
        for n in sessions.len() + 1..=guide.planned_sessions as usize {
            let start = last.start() + interval * (n - sessions.len()) as i32;
            marks.push(SessionMark {
                session: None,
                number: n,
                start,
                days: days(start),
                planned: true,
                label: format!("Session {n} (planned) · {}", format_date(start.date())),
            });
        }
    }

    let mut windows = Vec::new();
    for (index, session) in sessions.iter().enumerate() {
        let next = next_start(guide, &sessions, index);
        for m in &guide.milestones {
            let (start, mut end, planned) = match m.anchor {
                Anchor::Session => (
                    session.start() + hours(m.start_hours),
                    session.start() + hours(m.end_hours),
                    false,
                ),
                Anchor::NextSession => {
                    let Some(n) = next else { continue };
                    let end_h = if n.entered {
                        m.end_hours.min(0.0)
                    } else {
                        m.end_hours
                    };
                    (
                        n.start + hours(m.start_hours),
                        n.start + hours(end_h),
                        !n.entered,
                    )
                }
            };
            // Once the next session happens, photos belong to it: this session's windows
            // stop there (as `placement` counts them).
            if let Some(n) = next.filter(|n| n.entered && m.anchor == Anchor::Session) {
                end = end.min(n.start);
            }
            if end <= start {
                continue;
            }
            windows.push(MilestoneWindow {
                milestone: m.id.clone(),
                title: m.title.clone(),
                short: m.short.clone(),
                session_number: index + 1,
                start,
                end,
                start_days: days(start),
                end_days: days(end),
                planned,
            });
        }
    }

    let reference = project.reference_photo().map(|p| p.id.clone());
    let photo_marks: Vec<PhotoMark> = photos
        .iter()
        .map(|p| {
            let pl = placement(project, p);
            PhotoMark {
                photo: p.id.clone(),
                taken_at: p.taken_at,
                date_only: p.date_only,
                days: days(placed_at(project, p)),
                label: pl.short_label(),
                session_number: pl.session_number,
                day: pl.day,
                excluded: p.excluded,
                reference: Some(&p.id) == reference.as_ref(),
            }
        })
        .collect();

    let all = marks
        .iter()
        .map(|m| m.days)
        .chain(windows.iter().flat_map(|w| [w.start_days, w.end_days]))
        .chain(photo_marks.iter().map(|p| p.days));
    let (lo, hi) = all.fold((0.0f64, 0.0f64), |(lo, hi), d| (lo.min(d), hi.max(d)));

    Timeline {
        origin: Some(origin),
        sessions: marks,
        windows,
        photos: photo_marks,
        next_due: super::next_session_due(project),
        span_days: (lo - 1.0, hi + 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Session;
    use chrono::{NaiveTime, Utc};

    fn project() -> Project {
        let mut p = Project::new("t", Utc::now());
        for (i, d) in ["2026-03-01", "2026-03-29"].iter().enumerate() {
            let mut s = Session::new(SessionId(i as u32 + 1), d.parse().unwrap());
            s.time = Some(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
            p.sessions.push(s);
        }
        p
    }

    #[test]
    fn sessions_planned_ones_and_windows_line_up_on_the_axis() {
        let p = project();
        let t = timeline(&p);
        assert_eq!(t.origin.unwrap().to_string(), "2026-03-01 10:00:00");
        let days: Vec<f64> = t.sessions.iter().map(|s| s.days).collect();
        // The guide plans 3 sessions 28 days apart: the third is planned 28 days after the second.
        assert_eq!(days, [0.0, 28.0, 56.0]);
        assert!(t.sessions[2].planned && t.sessions[2].session.is_none());
        let sun1 = t
            .windows
            .iter()
            .find(|w| w.milestone == "sun" && w.session_number == 1)
            .unwrap();
        assert_eq!((sun1.start_days, sun1.end_days), (0.0, 7.0));
        // The "next session" window before session 2 ends when session 2 starts.
        let next1 = t
            .windows
            .iter()
            .find(|w| w.milestone == "next-session" && w.session_number == 1)
            .unwrap();
        assert_eq!((next1.start_days, next1.end_days), (25.0, 28.0));
        assert!(!next1.planned);
        let next2 = t
            .windows
            .iter()
            .find(|w| w.milestone == "next-session" && w.session_number == 2)
            .unwrap();
        assert!(next2.planned && next2.end_days == 63.0);
        assert!(t.span_days.0 <= -1.0 && t.span_days.1 >= 64.0);
        assert_eq!(t.next_due, "2026-04-26".parse().ok());
    }

    #[test]
    fn an_empty_project_has_an_empty_timeline() {
        let t = timeline(&Project::new("t", Utc::now()));
        assert!(t.origin.is_none() && t.sessions.is_empty() && t.windows.is_empty());
    }
}
