//! Schedule arithmetic: which session a photo follows, its day, the milestones in effect,
//! the next due session and the capture plan.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{Anchor, CaptureSlot, Guide, Milestone};
use crate::project::{Photo, PhotoId, Project, Session, SessionId};

/// Where a photo falls on the treatment timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Placement {
    /// The session the photo follows; `None` for baseline photos (before the first session).
    pub session: Option<SessionId>,
    /// 1-based number of that session in date order.
    pub session_number: Option<usize>,
    /// Calendar days since the session's date (local time): 0 on the session day.
    pub day: Option<i64>,
    /// Hours since the session started; `None` for a photo known only by its day.
    pub hours: Option<f64>,
    /// Ids of the milestones in effect at the photo's time.
    pub milestones: Vec<String>,
}

impl Placement {
    /// "Session 2 · day 3", or "Baseline".
    pub fn short_label(&self) -> String {
        match (self.session_number, self.day) {
            (Some(n), Some(d)) => format!("Session {n} · day {d}"),
            _ => "Baseline".to_owned(),
        }
    }

    /// Hours after the session as the guide's windows count them: `hours`, or for a photo
    /// known only by its day, day N as N × 24 h (the count `placement` uses for milestones).
    pub fn guide_hours(&self) -> Option<f64> {
        self.hours.or_else(|| self.day.map(|d| d as f64 * 24.0))
    }

    /// "Session 2 · day 3 · 8 Mar 2026".
    pub fn label(&self, taken_at: NaiveDateTime) -> String {
        format!("{} · {}", self.short_label(), format_date(taken_at.date()))
    }
}

/// "8 Mar 2026".
pub fn format_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// When a photo was taken, as far as it is known.
#[derive(Clone, Copy, Debug)]
enum Taken {
    /// At a known time.
    At(NaiveDateTime),
    /// On a known day, at an unknown time (`Photo::date_only`).
    On(NaiveDate),
}

impl Taken {
    fn of(photo: &Photo) -> Taken {
        if photo.date_only {
            Taken::On(photo.taken_on())
        } else {
            Taken::At(photo.taken_at)
        }
    }

    /// Whether it counts as after a session starting at `start`. A day-only photo from the
    /// session's own day does: the guide calls it the session day, and its hour is unknown,
    /// so it cannot be told "before" the session by a midnight that was never its time.
    fn follows(self, start: NaiveDateTime) -> bool {
        match self {
            Taken::At(at) => start <= at,
            Taken::On(day) => start.date() <= day,
        }
    }

    /// Hours after `anchor`, as the guide's windows count them. A day-only photo on calendar
    /// day N of the anchor counts as N × 24 h, so day 0 gets the session-day milestones and
    /// day 1 the next day's, whatever the hours of the session.
    fn hours_after(self, anchor: NaiveDateTime) -> f64 {
        match self {
            Taken::At(at) => hours_between(anchor, at),
            Taken::On(day) => (day - anchor.date()).num_days() as f64 * 24.0,
        }
    }

    fn day(self) -> NaiveDate {
        match self {
            Taken::At(at) => at.date(),
            Taken::On(day) => day,
        }
    }
}

/// Where `photo` falls: the latest session that started at or before it; for a photo known
/// only by its day, the latest session on or before that day, counted in calendar days.
pub fn placement(project: &Project, photo: &Photo) -> Placement {
    place(project, Taken::of(photo))
}

/// Where a photo taken at `at` falls: the latest session that started at or before it.
pub fn placement_at(project: &Project, at: NaiveDateTime) -> Placement {
    place(project, Taken::At(at))
}

/// Where a photo taken on `day`, at a time not known, falls: the latest session on or before
/// that day (on a session's own day: that session, day 0), with the milestones of that day.
pub fn placement_on_day(project: &Project, day: NaiveDate) -> Placement {
    place(project, Taken::On(day))
}

fn place(project: &Project, taken: Taken) -> Placement {
    let sessions = project.sessions_by_date();
    let Some((index, session)) = sessions
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| taken.follows(s.start()))
    else {
        return Placement {
            session: None,
            session_number: None,
            day: None,
            hours: None,
            milestones: milestones_before_first(project, &sessions, taken),
        };
    };
    let next = next_start(&project.guide, &sessions, index);
    let milestones = project
        .guide
        .milestones
        .iter()
        .filter(|m| in_effect(m, session.start(), next, taken))
        .map(|m| m.id.clone())
        .collect();
    Placement {
        session: Some(session.id),
        session_number: Some(index + 1),
        day: Some((taken.day() - session.date).num_days()),
        // Never an hour count for a photo whose hour is not known.
        hours: match taken {
            Taken::At(at) => Some(hours_between(session.start(), at)),
            Taken::On(_) => None,
        },
        milestones,
    }
}

/// The moment that stands for `photo` on the guide's axis of days (the timeline, the
/// charts): its capture time; for a photo known only by its day, that day at the start time
/// of the session it is counted from (the first session for a baseline photo), so it sits
/// on whole days from the session and on the session mark on the session day.
pub fn placed_at(project: &Project, photo: &Photo) -> NaiveDateTime {
    if !photo.date_only {
        return photo.taken_at;
    }
    let sessions = project.sessions_by_date();
    let counted_from = placement(project, photo)
        .session
        .and_then(|id| project.session(id))
        .or_else(|| sessions.first().copied());
    match counted_from {
        Some(s) => photo.taken_on().and_time(s.start().time()),
        None => photo.taken_at,
    }
}

/// Whether `photo` falls in the window `[from, to)`. A photo known only by its day counts
/// only when the whole day lies inside: its hour could be anywhere in it, so a day that
/// straddles the window's edge (a session at 14:00 for "Before" and "Right after") is in
/// neither.
pub fn taken_within(photo: &Photo, from: NaiveDateTime, to: NaiveDateTime) -> bool {
    if !photo.date_only {
        return from <= photo.taken_at && photo.taken_at < to;
    }
    let day_start = photo.taken_on().and_time(chrono::NaiveTime::MIN);
    from <= day_start && day_start + Duration::days(1) <= to
}

/// Before the first session only "next session" milestones can apply (the first session is
/// the next one).
fn milestones_before_first(project: &Project, sessions: &[&Session], taken: Taken) -> Vec<String> {
    let Some(first) = sessions.first() else {
        return Vec::new();
    };
    project
        .guide
        .milestones
        .iter()
        .filter(|m| m.anchor == Anchor::NextSession)
        .filter(|m| window_contains(m.start_hours, m.end_hours, first.start(), taken))
        .map(|m| m.id.clone())
        .collect()
}

fn hours_between(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

fn window_contains(start_h: f64, end_h: f64, anchor: NaiveDateTime, taken: Taken) -> bool {
    let h = taken.hours_after(anchor);
    h >= start_h && h < end_h
}

/// The start of the session after `sessions[index]`: the entered one, else the planned due
/// date while the course is not complete.
pub(super) fn next_start(
    guide: &Guide,
    sessions: &[&Session],
    index: usize,
) -> Option<NextSession> {
    if let Some(next) = sessions.get(index + 1) {
        return Some(NextSession {
            start: next.start(),
            entered: true,
        });
    }
    (sessions.len() < guide.planned_sessions as usize).then(|| NextSession {
        start: sessions[index].start() + Duration::days(i64::from(guide.session_interval_days)),
        entered: false,
    })
}

/// When the next session starts, and whether it is entered or only planned.
#[derive(Clone, Copy)]
pub(super) struct NextSession {
    pub(super) start: NaiveDateTime,
    pub(super) entered: bool,
}

fn in_effect(
    m: &Milestone,
    session_start: NaiveDateTime,
    next: Option<NextSession>,
    taken: Taken,
) -> bool {
    match m.anchor {
        Anchor::Session => window_contains(m.start_hours, m.end_hours, session_start, taken),
        // Once the next session has happened, photos belong to it; while it is only planned,
        // the window runs on past the due date (the session is overdue).
        Anchor::NextSession => next.is_some_and(|n| {
            let end = if n.entered {
                m.end_hours.min(0.0)
            } else {
                m.end_hours
            };
            window_contains(m.start_hours, end, n.start, taken)
        }),
    }
}

/// The next planned session's due date: the last session plus the guide's interval, while
/// fewer sessions than planned have been entered.
pub fn next_session_due(project: &Project) -> Option<NaiveDate> {
    let sessions = project.sessions_by_date();
    let last = sessions.last()?;
    (sessions.len() < project.guide.planned_sessions as usize)
        .then(|| last.date + Duration::days(i64::from(project.guide.session_interval_days)))
}

/// One slot of the capture plan for one session, and the photos that fill it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaptureStatus {
    /// The session the slot follows.
    pub session: SessionId,
    /// 1-based number of that session in date order.
    pub session_number: usize,
    /// The slot's label from the guide.
    pub label: String,
    /// The photos that fall in the slot's window.
    pub photos: Vec<PhotoId>,
    /// The slot's window has not begun yet.
    pub upcoming: bool,
}

impl CaptureStatus {
    /// True when at least one photo fills the slot.
    pub fn taken(&self) -> bool {
        !self.photos.is_empty()
    }
}

/// For every session, which slots of the capture plan have a photo. `now` decides what is
/// still upcoming rather than missing.
pub fn capture_status(project: &Project, now: NaiveDateTime) -> Vec<CaptureStatus> {
    let sessions = project.sessions_by_date();
    let mut out = Vec::new();
    for (index, session) in sessions.iter().enumerate() {
        let next = next_start(&project.guide, &sessions, index);
        for slot in &project.guide.capture_plan {
            let Some((from, to)) = slot_window(slot, session, next) else {
                continue;
            };
            let photos = project
                .photos_by_date()
                .into_iter()
                .filter(|p| !p.excluded && taken_within(p, from, to))
                .map(|p| p.id.clone())
                .collect();
            out.push(CaptureStatus {
                session: session.id,
                session_number: index + 1,
                label: slot.label.clone(),
                photos,
                upcoming: now < from,
            });
        }
    }
    out
}

fn slot_window(
    slot: &CaptureSlot,
    session: &Session,
    next: Option<NextSession>,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let anchor = match slot.anchor {
        Anchor::Session => session.start(),
        Anchor::NextSession => next?.start,
    };
    if let Some(day) = slot.day {
        let date = session.date + Duration::days(day);
        let from = date.and_hms_opt(0, 0, 0)?;
        return Some((from, from + Duration::days(1)));
    }
    let hours = |h: f64| Duration::seconds((h * 3600.0) as i64);
    Some((
        anchor + hours(slot.start_hours.unwrap_or(0.0)),
        anchor + hours(slot.end_hours.unwrap_or(24.0)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    use chrono::{NaiveTime, Utc};

    fn at(d: &str, t: &str) -> NaiveDateTime {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .and_time(NaiveTime::parse_from_str(t, "%H:%M").unwrap())
    }

    fn project() -> Project {
        let mut p = Project::new("t", Utc::now());
        for (i, d) in ["2026-03-01", "2026-03-29"].iter().enumerate() {
            let mut s = Session::new(SessionId(i as u32 + 1), d.parse().unwrap());
            s.time = Some(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
            p.sessions.push(s);
        }
        p
    }

    fn photo(id: &str, when: NaiveDateTime) -> Photo {
        Photo {
            original_name: id.into(),
            ..Photo::new(id, when, 1, 1)
        }
    }

    #[test]
    fn baseline_day_and_milestones() {
        let p = project();
        let before = placement_at(&p, at("2026-03-01", "09:30"));
        assert_eq!(before.short_label(), "Baseline");
        let day0 = placement_at(&p, at("2026-03-01", "11:00"));
        assert_eq!(day0.short_label(), "Session 1 · day 0");
        assert!(day0.milestones.contains(&"redness".to_owned()));
        let day1 = placement_at(&p, at("2026-03-02", "08:00"));
        assert_eq!(day1.day, Some(1));
        assert!(day1.milestones.contains(&"no-actives".to_owned()));
        let day3 = placement_at(&p, at("2026-03-04", "12:00"));
        assert!(!day3.milestones.contains(&"no-actives".to_owned()));
        assert!(day3.milestones.contains(&"sun".to_owned()));
        let day7 = placement_at(&p, at("2026-03-08", "12:00"));
        assert!(day7.milestones.contains(&"results".to_owned()));
        assert!(!day7.milestones.contains(&"sun".to_owned()));
        assert_eq!(
            day7.label(at("2026-03-08", "12:00")),
            "Session 1 · day 7 · 8 Mar 2026"
        );
        let s2 = placement_at(&p, at("2026-03-31", "12:00"));
        assert_eq!(s2.short_label(), "Session 2 · day 2");
    }

    #[test]
    fn next_session_window_before_the_second_session() {
        let p = project();
        let pl = placement_at(&p, at("2026-03-28", "12:00"));
        assert_eq!(pl.day, Some(27));
        assert!(pl.milestones.contains(&"next-session".to_owned()));
    }

    #[test]
    fn due_date_follows_plan() {
        let mut p = project();
        assert_eq!(next_session_due(&p), "2026-04-26".parse().ok());
        p.guide.planned_sessions = 2;
        assert_eq!(next_session_due(&p), None);
    }

    #[test]
    fn capture_plan_shows_taken_and_missing() {
        let mut p = project();
        p.photos.push(photo("a", at("2026-03-01", "09:00")));
        p.photos.push(photo("b", at("2026-03-01", "10:30")));
        p.photos.push(photo("c", at("2026-03-04", "10:30")));
        let st = capture_status(&p, at("2026-03-05", "00:00"));
        let s1: Vec<_> = st.iter().filter(|s| s.session_number == 1).collect();
        let taken: Vec<_> = s1
            .iter()
            .filter(|s| s.taken())
            .map(|s| s.label.as_str())
            .collect();
        assert_eq!(taken, ["Before", "Right after", "Day 3"]);
        let day7 = s1.iter().find(|s| s.label == "Day 7").unwrap();
        assert!(day7.upcoming && !day7.taken());
        let day1 = s1.iter().find(|s| s.label == "Day 1").unwrap();
        assert!(!day1.upcoming && !day1.taken());
    }

    fn day_only(id: &str, d: &str) -> Photo {
        Photo {
            date_only: true,
            ..photo(id, at(d, "00:00"))
        }
    }

    /// The first session at 14:00 on 1 March (the user's report), the second on 29 March.
    fn afternoon_project() -> Project {
        let mut p = project();
        p.sessions[0].time = NaiveTime::from_hms_opt(14, 0, 0);
        p
    }

    #[test]
    fn a_day_only_photo_on_the_session_day_is_the_session_day_not_before_it() {
        let p = afternoon_project();
        let pl = placement(&p, &day_only("a", "2026-03-01"));
        assert_eq!(pl.short_label(), "Session 1 · day 0");
        assert_eq!(pl.session_number, Some(1));
        assert_eq!(pl.hours, None, "no hour count for a photo without a time");
        assert!(pl.milestones.contains(&"session".to_owned()), "{pl:?}");
        // The same midnight with a real time is before the session.
        let timed = placement(&p, &photo("b", at("2026-03-01", "00:00")));
        assert_eq!(timed.short_label(), "Baseline");
    }

    #[test]
    fn a_day_only_photo_the_next_day_is_day_1_without_session_day_milestones() {
        let p = afternoon_project();
        let pl = placement(&p, &day_only("a", "2026-03-02"));
        assert_eq!(pl.day, Some(1));
        assert_eq!(pl.hours, None);
        assert_eq!(pl.guide_hours(), Some(24.0));
        // By hours its midnight is 10 h after a 14:00 session, inside the 24 h "session"
        // window: "Day 1 — session day". Counted by days it is past it.
        assert!(!pl.milestones.contains(&"session".to_owned()), "{pl:?}");
        assert!(pl.milestones.contains(&"no-actives".to_owned()), "{pl:?}");
        assert_eq!(
            placement(&p, &day_only("b", "2026-03-08")).day,
            Some(7),
            "calendar days, whatever the hours"
        );
    }

    #[test]
    fn a_timed_photo_the_morning_after_is_day_1_and_in_the_first_24_hours_without_contradiction() {
        let p = afternoon_project();
        let pl = placement(&p, &photo("a", at("2026-03-02", "08:00")));
        assert_eq!(pl.day, Some(1));
        assert_eq!(pl.hours, Some(18.0));
        assert!(pl.milestones.contains(&"session".to_owned()), "{pl:?}");
        // "Day 1 … — session day" contradicted itself; the guide says "first 24 h" instead.
        let session = (p.guide.milestones.iter())
            .find(|m| m.id == "session")
            .unwrap();
        assert!(!session.short.contains("session day"), "{}", session.short);
        assert!(session.short.contains("24 h"), "{}", session.short);
    }

    #[test]
    fn a_day_only_photo_before_the_first_session_day_is_baseline() {
        let p = afternoon_project();
        let pl = placement(&p, &day_only("a", "2026-02-28"));
        assert_eq!(pl.short_label(), "Baseline");
        assert_eq!(pl.day, None);
        // The day before the second session is still the first session's, in the
        // "next session" window; the second session's day is that session's day 0.
        let eve = placement(&p, &day_only("b", "2026-03-28"));
        assert_eq!((eve.session_number, eve.day), (Some(1), Some(27)));
        assert!(eve.milestones.contains(&"next-session".to_owned()));
        let second = placement(&p, &day_only("c", "2026-03-29"));
        assert_eq!(second.short_label(), "Session 2 · day 0");
    }

    #[test]
    fn a_day_only_photo_sits_on_whole_days_from_its_session() {
        let p = afternoon_project();
        assert_eq!(
            placed_at(&p, &day_only("a", "2026-03-01")),
            at("2026-03-01", "14:00")
        );
        assert_eq!(
            placed_at(&p, &day_only("b", "2026-03-02")),
            at("2026-03-02", "14:00")
        );
        // Counted from the second session (10:00) once it has happened.
        assert_eq!(
            placed_at(&p, &day_only("c", "2026-03-30")),
            at("2026-03-30", "10:00")
        );
        let timed = photo("d", at("2026-03-02", "08:15"));
        assert_eq!(placed_at(&p, &timed), timed.taken_at);
    }

    #[test]
    fn a_day_only_photo_fills_a_capture_slot_only_when_its_whole_day_is_inside() {
        let mut p = afternoon_project();
        p.photos.push(day_only("session-day", "2026-03-01"));
        p.photos.push(day_only("day-1", "2026-03-02"));
        p.photos.push(day_only("week-before", "2026-02-22"));
        let st = capture_status(&p, at("2026-03-05", "00:00"));
        let slot = |label: &str| {
            st.iter()
                .find(|s| s.session_number == 1 && s.label == label)
                .map(|s| s.photos.iter().map(|id| id.0.clone()).collect::<Vec<_>>())
                .unwrap()
        };
        // Its hour is unknown: neither before the 14:00 session nor right after it.
        assert_eq!(slot("Before"), ["week-before"]);
        assert!(slot("Right after").is_empty());
        assert_eq!(slot("Day 1"), ["day-1"]);
    }
}
