//! Guide-aware remarks: plain information about the measurements next to what the guide
//! says, never a diagnosis. "Session 1 · day 5: left cheek redness still above baseline
//! (a* +4.2); the guide expects it to settle within about 3 days."

use serde::Serialize;

use super::noise::Verdict;
use super::project_measurements::{PhotoStatus, ProjectMeasurements};
use super::regions::DefaultRegion;
use super::series::RegionSeries;
use crate::guide::Guide;
use crate::project::{Photo, PhotoId, Project, RegionId};

/// A change in mean a* smaller than this is never called a change: just-visible erythema by
/// the chromameter convention (`noise::JUST_VISIBLE_A_STAR`). A change must also exceed its
/// pair's noise (`SeriesPoint::verdict`).
pub const NOTICEABLE_A_STAR: f64 = super::noise::JUST_VISIBLE_A_STAR;

/// What a remark is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemarkKind {
    /// Redness above baseline within the guide's settling window: expected.
    RednessExpected,
    /// Redness still above baseline after the guide's settling window.
    RednessLingering,
    /// Redness back near baseline after being raised.
    RednessSettled,
    /// How quickly each session's redness settled, compared across sessions.
    Recovery,
    /// Skin darker than baseline (melanin index): possible post-inflammatory pigmentation,
    /// worth mentioning to the practitioner.
    PigmentDarker,
    /// Light or pose differ too much from the reference: changes are not to be trusted.
    NotComparable,
    /// Some photos have no neutral patch.
    Uncalibrated,
    /// Some photos could not be measured.
    NotMeasured,
    /// No baseline photo to compare with.
    NoBaseline,
    /// The regions were placed automatically for this run.
    RegionsPlaced,
}

/// One remark about the measurements, in words (information, not diagnosis).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remark {
    /// What it is about.
    pub kind: RemarkKind,
    /// The photo the remark is about, if one.
    pub photo: Option<PhotoId>,
    /// The regions it concerns; empty for the whole face.
    pub regions: Vec<RegionId>,
    /// The remark in words.
    pub text: String,
}

/// "about 3 days" / "about 12 hours".
fn settle_words(hours: f64) -> String {
    if hours >= 36.0 {
        format!("about {} days", (hours / 24.0).round())
    } else {
        format!("about {} hours", hours.round())
    }
}

/// A region's name as it reads in a sentence.
fn region_words(name: &str) -> String {
    match DefaultRegion::from_name(name) {
        Some(DefaultRegion::LeftCheek) => "left cheek".to_owned(),
        Some(DefaultRegion::RightCheek) => "right cheek".to_owned(),
        Some(DefaultRegion::Forehead) => "forehead".to_owned(),
        Some(DefaultRegion::Chin) => "chin".to_owned(),
        None => name.to_owned(),
    }
}

fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn signed(v: f64) -> String {
    format!("{v:+.1}")
}

/// Remarks on the measurements, in capture order, then general ones.
pub fn remarks(guide: &Guide, m: &ProjectMeasurements, series: &[RegionSeries]) -> Vec<Remark> {
    let mut out = Vec::new();
    let settle = guide.redness_settles_hours;
    if m.placed_default_regions {
        out.push(Remark {
            kind: RemarkKind::RegionsPlaced,
            photo: None,
            regions: m.regions.iter().map(|r| r.id).collect(),
            text: "The regions were placed from the reference photo's eye marks; check them \
                   in the app before relying on the numbers."
                .to_owned(),
        });
    }
    if !series.is_empty() && series.iter().all(|s| s.baseline.is_none()) {
        out.push(Remark {
            kind: RemarkKind::NoBaseline,
            photo: None,
            regions: Vec::new(),
            text: "No photo taken before the first session was measured, so there is no \
                   baseline to compare with."
                .to_owned(),
        });
    }

    // Per session: whether redness was seen raised, so "back near baseline" is said once.
    let mut raised_in_session: Option<(usize, bool, bool)> = None; // (session, raised, settled said)
    for photo in m.photos.iter().filter(|p| p.status.is_measured()) {
        let label = photo.placement.short_label();
        if !photo.comparable {
            // A smile spoils the cheeks and chin, not the forehead: say what still compares.
            let still: Vec<&str> = m
                .regions
                .iter()
                .filter(|r| photo.comparable_in(r))
                .map(|r| r.name.as_str())
                .collect();
            let except = if still.is_empty() {
                String::new()
            } else {
                format!(" (except in {})", still.join(", ").to_lowercase())
            };
            out.push(Remark {
                kind: RemarkKind::NotComparable,
                photo: Some(photo.photo.clone()),
                regions: Vec::new(),
                text: format!(
                    "{label} ({}): {}; changes measured on this photo should not be trusted{except}.",
                    photo.original_name,
                    photo
                        .not_comparable_because
                        .as_deref()
                        .unwrap_or("light or pose differ too much from the reference")
                ),
            });
            continue;
        }
        // A date-only photo counts as day × 24 h, as the guide's windows count it.
        let (Some(session), Some(hours)) = (
            photo.placement.session_number,
            photo.placement.guide_hours(),
        ) else {
            continue;
        };
        if raised_in_session.is_none_or(|(s, _, _)| s != session) {
            raised_in_session = Some((session, false, false));
        }
        let mut above: Vec<(RegionId, String, f64, f64)> = Vec::new();
        let mut measured_regions = 0;
        let mut all_near = true;
        for s in series {
            let Some(point) = s.points.iter().find(|p| p.photo == photo.photo) else {
                continue;
            };
            let Some(delta) = point.change.a_star else {
                continue;
            };
            measured_regions += 1;
            // Only a change past both the just-visible threshold and the pair's noise counts.
            let verdict = point.verdict.redness;
            all_near &= !verdict.is_some_and(Verdict::is_real);
            if verdict == Some(Verdict::Higher) {
                let noise = point.uncertainty.a_star.unwrap_or_default();
                above.push((s.region, region_words(&s.name), delta, noise));
            }
        }
        if measured_regions == 0 {
            continue;
        }
        let names: Vec<String> = above.iter().map(|(_, n, _, _)| n.clone()).collect();
        let deltas: Vec<String> = (above.iter())
            .map(|(_, _, d, noise)| format!("{} ± {noise:.1}", signed(*d)))
            .collect();
        let regions: Vec<RegionId> = above.iter().map(|(r, _, _, _)| *r).collect();
        let state = raised_in_session.as_mut();
        if !above.is_empty() {
            if let Some(st) = state {
                st.1 = true;
            }
            let (kind, tail) = if hours <= settle {
                (
                    RemarkKind::RednessExpected,
                    format!(
                        ", as the guide expects in the first {} after a session.",
                        settle_words(settle).trim_start_matches("about ")
                    ),
                )
            } else {
                (
                    RemarkKind::RednessLingering,
                    format!(
                        "; the guide expects it to settle within {}.",
                        settle_words(settle)
                    ),
                )
            };
            let still = if kind == RemarkKind::RednessLingering {
                "still "
            } else {
                ""
            };
            out.push(Remark {
                kind,
                photo: Some(photo.photo.clone()),
                regions,
                text: format!(
                    "{label}: {} redness {still}above baseline (a* {}){tail}",
                    join_words(&names),
                    deltas.join(", ")
                ),
            });
        } else if let Some(st) = state
            && st.1
            && !st.2
            && all_near
            && hours > settle
        {
            st.2 = true;
            out.push(Remark {
                kind: RemarkKind::RednessSettled,
                photo: Some(photo.photo.clone()),
                regions: Vec::new(),
                text: format!("{label}: redness back near baseline in every region measured."),
            });
        }
    }

    out.extend(pigment_remarks(m, series));

    let recoveries = super::recovery::session_recovery(m, series);
    if let Some(summary) = super::recovery::recovery_summary(&recoveries) {
        out.push(Remark {
            kind: RemarkKind::Recovery,
            photo: None,
            regions: Vec::new(),
            text: format!(
                "Recovery: {summary} — cheek redness back within noise of the baseline; \
                 \"by\" is the first photo that showed it, as photos are days apart."
            ),
        });
    }

    let uncalibrated = m
        .photos
        .iter()
        .filter(|p| p.status.is_measured() && !p.calibration.is_calibrated())
        .count();
    if uncalibrated > 0 {
        // The first photo's reason stands for them (usually the same for all).
        let why = m
            .photos
            .iter()
            .find(|p| p.status.is_measured() && !p.calibration.is_calibrated())
            .map(|p| p.calibration.describe())
            .unwrap_or_default();
        let measured = m.photos.iter().filter(|p| p.status.is_measured()).count();
        out.push(Remark {
            kind: RemarkKind::Uncalibrated,
            photo: None,
            regions: Vec::new(),
            text: format!(
                "{uncalibrated} of {measured} measured photos could be corrected neither by a \
                 neutral patch (grey card or white paper) nor by their surroundings ({why}): \
                 their colours are uncalibrated, and a change of light can look like a change \
                 of redness."
            ),
        });
    }
    let not_measured: Vec<&PhotoStatus> = m
        .photos
        .iter()
        .map(|p| &p.status)
        .filter(|s| !s.is_measured() && **s != PhotoStatus::Excluded)
        .collect();
    if !not_measured.is_empty() {
        let mut reasons: Vec<String> = not_measured.iter().map(|s| s.message()).collect();
        reasons.sort();
        reasons.dedup();
        out.push(Remark {
            kind: RemarkKind::NotMeasured,
            photo: None,
            regions: Vec::new(),
            text: format!(
                "{} photo{} not measured: {}.",
                not_measured.len(),
                if not_measured.len() == 1 { "" } else { "s" },
                reasons.join("; ")
            ),
        });
    }
    out
}

/// Remarks on regions that read darker than baseline past noise (the melanin index,
/// `pigment`): browning after microneedling is the course's main risk, above all on darker
/// skin, and looks like redness in a plain photo. Consecutive photos in which the same
/// regions read darker make one remark ("from session 2 · day 7 to session 3 · day 7"), so a
/// patch that lasts weeks is said once, not once per photo.
fn pigment_remarks(m: &ProjectMeasurements, series: &[RegionSeries]) -> Vec<Remark> {
    let mut runs: Vec<DarkerRun> = Vec::new();
    let mut previous_was_darker = false;
    for photo in m.photos.iter().filter(|p| p.status.is_measured()) {
        if photo.placement.session_number.is_none() {
            continue; // the baseline itself
        }
        let darker: Vec<(RegionId, String, f64, f64)> = series
            .iter()
            .filter_map(|s| {
                let p = s.points.iter().find(|p| p.photo == photo.photo)?;
                (p.verdict.pigment == Some(Verdict::Higher)).then(|| {
                    (
                        s.region,
                        region_words(&s.name),
                        p.change.melanin.unwrap_or_default(),
                        p.uncertainty.melanin.unwrap_or_default(),
                    )
                })
            })
            .collect();
        if darker.is_empty() {
            previous_was_darker = false;
            continue;
        }
        let regions: Vec<RegionId> = darker.iter().map(|(r, ..)| *r).collect();
        let label = photo.placement.short_label();
        match runs.last_mut() {
            Some(run) if previous_was_darker && run.regions == regions => {
                run.extend(label, &darker);
            }
            _ => runs.push(DarkerRun::new(photo.photo.clone(), label, regions, &darker)),
        }
        previous_was_darker = true;
    }
    runs.into_iter().map(DarkerRun::into_remark).collect()
}

/// Consecutive photos in which the same regions read darker than baseline.
struct DarkerRun {
    first_photo: PhotoId,
    first_label: String,
    last_label: String,
    photos: usize,
    regions: Vec<RegionId>,
    names: Vec<String>,
    /// Per region: the smallest and largest change and the largest uncertainty.
    ranges: Vec<(f64, f64, f64)>,
}

impl DarkerRun {
    fn new(
        photo: PhotoId,
        label: String,
        regions: Vec<RegionId>,
        darker: &[(RegionId, String, f64, f64)],
    ) -> Self {
        Self {
            first_photo: photo,
            first_label: label.clone(),
            last_label: label,
            photos: 1,
            regions,
            names: darker.iter().map(|(_, n, ..)| n.clone()).collect(),
            ranges: darker.iter().map(|&(_, _, d, u)| (d, d, u)).collect(),
        }
    }

    fn extend(&mut self, label: String, darker: &[(RegionId, String, f64, f64)]) {
        self.last_label = label;
        self.photos += 1;
        for (range, &(_, _, d, u)) in self.ranges.iter_mut().zip(darker) {
            *range = (range.0.min(d), range.1.max(d), range.2.max(u));
        }
    }

    fn into_remark(self) -> Remark {
        let values: Vec<String> = (self.ranges.iter())
            .map(|&(lo, hi, noise)| {
                if self.photos == 1 {
                    format!("{} ± {noise:.1}", signed(hi))
                } else {
                    format!("{} to {} ± {noise:.1}", signed(lo), signed(hi))
                }
            })
            .collect();
        let when = if self.photos == 1 {
            self.first_label
        } else {
            format!(
                "From {} to {} ({} photos)",
                self.first_label,
                lower_first(&self.last_label),
                self.photos
            )
        };
        Remark {
            kind: RemarkKind::PigmentDarker,
            photo: Some(self.first_photo),
            regions: self.regions,
            text: format!(
                "{when}: {} darker than baseline (melanin index {}); browning after a session \
                 is worth mentioning to your practitioner.",
                join_words(&self.names),
                values.join(", ")
            ),
        }
    }
}

/// "Session 3 · day 7" → "session 3 · day 7", for the middle of a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

/// Whether a photo can be trusted in a comparison: the reference always, others unless their
/// alignment says light or pose differ too much.
fn comparable(project: &Project, photo: &Photo) -> bool {
    project.reference_photo().is_some_and(|r| r.id == photo.id)
        || photo.alignment.as_ref().is_none_or(|a| a.comparable)
}

/// What to keep in mind when comparing photos `a` and `b` (the compare view, the heat map):
/// empty when nothing stands in the way.
pub fn pair_caveats(project: &Project, a: &PhotoId, b: &PhotoId) -> Vec<String> {
    let (Some(pa), Some(pb)) = (project.photo(a), project.photo(b)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in [pa, pb] {
        if !comparable(project, p) {
            let why = p
                .alignment
                .as_ref()
                .and_then(|a| a.not_comparable_because())
                .unwrap_or_else(|| "light or pose differ too much from the reference".into());
            out.push(format!(
                "{}: {why}; a change between these photos should not be trusted.",
                p.original_name
            ));
        }
    }
    match (pa.white_patch.is_some(), pb.white_patch.is_some()) {
        (true, true) => {}
        (false, false) => out.push(
            "Neither photo has a neutral patch marked: their colours are matched through \
             their surroundings (background, hair, clothing); where those changed, a change of \
             light can look like a change of redness."
                .to_owned(),
        ),
        _ => out.push(
            "Only one of the two photos has a neutral patch marked: a colour difference may \
             be the light (mark one on the reference too, so every photo lands on the same \
             colours)."
                .to_owned(),
        ),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{Affine2, Point};
    use crate::project::{AlignMethod, Alignment, Rect};
    use chrono::{NaiveDate, Utc};

    fn photo(id: &str, comparable: Option<bool>, patch: bool) -> Photo {
        Photo {
            alignment: comparable.map(|c| Alignment {
                concerns: Vec::new(),
                reference_from_photo: Affine2::IDENTITY,
                method: AlignMethod::Auto,
                score: 0.5,
                comparable: c,
                locked: false,
                reference: None,
            }),
            white_patch: patch.then_some(Rect {
                min: Point::new(0.0, 0.0),
                max: Point::new(2.0, 2.0),
            }),
            ..Photo::new(
                id,
                NaiveDate::from_ymd_opt(2026, 3, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
                10,
                10,
            )
        }
    }

    #[test]
    fn pair_caveats_name_the_photo_that_is_not_comparable() {
        let mut p = Project::new("t", Utc::now());
        p.photos.push(photo("ref", None, true));
        p.photos.push(photo("good", Some(true), true));
        p.photos.push(photo("bad", Some(false), false));
        p.reference = Some(PhotoId("ref".into()));
        let id = |s: &str| PhotoId(s.into());
        assert!(pair_caveats(&p, &id("ref"), &id("good")).is_empty());
        let c = pair_caveats(&p, &id("good"), &id("bad"));
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c[0].starts_with("bad.jpg: light or pose"));
        assert!(c[1].starts_with("Only one of the two photos"));
    }

    #[test]
    fn settle_words_read_naturally() {
        assert_eq!(settle_words(72.0), "about 3 days");
        assert_eq!(settle_words(6.0), "about 6 hours");
        assert_eq!(
            join_words(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }
}
