//! Recovery per session: how many days cheek redness took to come back within noise of the
//! baseline after each session, so sessions can be compared ("session 3 settled by day 3,
//! session 1 by day 7").
//!
//! Photos are only taken now and then, so the answer is a bracket: the last day the redness
//! was still past noise and the first day it was within it. A photo counts when it is
//! comparable in the region and its redness has a verdict (`SeriesPoint::verdict`).

use serde::Serialize;

use super::noise::Verdict;
use super::project_measurements::ProjectMeasurements;
use super::regions::DefaultRegion;
use super::series::RegionSeries;
use crate::project::PhotoId;

/// One session's recovery.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionRecovery {
    /// 1-based session number.
    pub session: usize,
    /// The last calendar day after the session on which cheek redness was still past noise
    /// (`None`: never seen raised).
    pub last_raised_day: Option<i64>,
    /// The first calendar day after that on which every cheek was within noise, and its
    /// photo (`None`: not seen settled yet).
    pub settled: Option<(i64, PhotoId)>,
}

impl SessionRecovery {
    /// "settled by day 3" / "still raised on day 5 (the last photo)" / "no redness past noise
    /// seen".
    pub fn words(&self) -> String {
        match (&self.settled, self.last_raised_day) {
            (Some((day, _)), Some(_)) => format!("settled by day {day}"),
            (_, None) => "no redness past noise seen".to_owned(),
            (None, Some(day)) => format!("still raised on day {day}, the last photo"),
        }
    }
}

/// The regions recovery is judged on: the cheeks (where microneedling's redness shows and
/// the guide's advice is about), else every region.
fn judged(series: &[RegionSeries]) -> Vec<&RegionSeries> {
    let cheeks: Vec<&RegionSeries> = (series.iter())
        .filter(|s| {
            matches!(
                DefaultRegion::from_name(&s.name),
                Some(DefaultRegion::LeftCheek | DefaultRegion::RightCheek)
            )
        })
        .collect();
    if cheeks.is_empty() {
        series.iter().collect()
    } else {
        cheeks
    }
}

/// Each session's recovery, in session order (sessions without a measured photo after them
/// are left out).
pub fn session_recovery(m: &ProjectMeasurements, series: &[RegionSeries]) -> Vec<SessionRecovery> {
    let regions = judged(series);
    let mut out: Vec<SessionRecovery> = Vec::new();
    // Photos in capture order, each judged once across the regions.
    for photo in m.photos.iter().filter(|p| p.status.is_measured()) {
        let (Some(session), Some(day)) = (photo.placement.session_number, photo.placement.day)
        else {
            continue;
        };
        let verdicts: Vec<Verdict> = (regions.iter())
            .filter_map(|s| s.points.iter().find(|p| p.photo == photo.photo))
            .filter(|p| p.comparable)
            .filter_map(|p| p.verdict.redness)
            .collect();
        if verdicts.is_empty() {
            continue;
        }
        if out.last().is_none_or(|r| r.session != session) {
            out.push(SessionRecovery {
                session,
                last_raised_day: None,
                settled: None,
            });
        }
        let Some(r) = out.last_mut() else { continue };
        if verdicts.contains(&Verdict::Higher) {
            r.last_raised_day = Some(day);
            r.settled = None;
        } else if r.last_raised_day.is_some() && r.settled.is_none() {
            r.settled = Some((day, photo.photo.clone()));
        }
    }
    out
}

/// The comparison across sessions in words, when at least two settled: "Session 3 settled
/// by day 3, session 1 by day 7, session 2 by day 7" — quickest first.
pub fn recovery_summary(recoveries: &[SessionRecovery]) -> Option<String> {
    let mut settled: Vec<(i64, usize)> = (recoveries.iter())
        .filter(|r| r.last_raised_day.is_some())
        .filter_map(|r| r.settled.as_ref().map(|(d, _)| (*d, r.session)))
        .collect();
    if settled.len() < 2 {
        return None;
    }
    settled.sort();
    let parts: Vec<String> = (settled.iter().enumerate())
        .map(|(i, (day, session))| {
            if i == 0 {
                format!("Session {session} settled by day {day}")
            } else {
                format!("session {session} by day {day}")
            }
        })
        .collect();
    Some(parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(session: usize, raised: Option<i64>, settled: Option<i64>) -> SessionRecovery {
        SessionRecovery {
            session,
            last_raised_day: raised,
            settled: settled.map(|d| (d, PhotoId(format!("p{session}")))),
        }
    }

    #[test]
    fn sessions_are_compared_quickest_first() {
        let all = [
            r(1, Some(3), Some(7)),
            r(2, Some(1), Some(3)),
            r(3, Some(5), None),
        ];
        assert_eq!(
            recovery_summary(&all).as_deref(),
            Some("Session 2 settled by day 3, session 1 by day 7")
        );
        assert_eq!(all[2].words(), "still raised on day 5, the last photo");
        assert_eq!(r(4, None, None).words(), "no redness past noise seen");
        assert_eq!(recovery_summary(&all[..1]), None);
    }
}
