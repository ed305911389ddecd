//! Measurements arranged for charts: one series per region over time, each point with its
//! change from the baseline (the mean of the photos taken before the first session).

use chrono::NaiveDateTime;
use serde::Serialize;

use super::measure::RegionValues;
use super::noise::{
    JUST_VISIBLE_A_STAR, JUST_VISIBLE_TEXTURE_PERCENT, Sigma, Verdict, half_width,
    sharpness_texture_sigma,
};
use super::pigment::JUST_VISIBLE_MELANIN;
use super::project_measurements::{PhotoMeasurement, ProjectMeasurements};
use crate::guide::days_between;
use crate::project::{PhotoId, Region, RegionId};

/// One region's values over the course, for a chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionSeries {
    /// The region's id.
    pub region: RegionId,
    /// The region's name.
    pub name: String,
    /// `None` when no photo before the first session was measured in this region.
    pub baseline: Option<Baseline>,
    /// Measured photos in capture order.
    pub points: Vec<SeriesPoint>,
}

/// The mean of the baseline photos' values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Baseline {
    /// Mean a* of the baseline photos.
    pub a_star: Option<f64>,
    /// Mean erythema index of the baseline photos.
    pub erythema_index: Option<f64>,
    /// Mean texture index of the baseline photos.
    pub texture: Option<f64>,
    /// Mean melanin index of the baseline photos.
    pub melanin_index: Option<f64>,
    /// Geometric mean sharpness of the baseline photos (`RegionValues::sharpness`).
    pub sharpness: Option<f64>,
    /// The photos averaged.
    pub photos: Vec<PhotoId>,
    /// The mean's own uncertainty (1 σ): the photos' colour corrections, and their spread.
    pub sigma: Sigma,
}

/// One measured photo in a region's series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// The photo's id.
    pub photo: PhotoId,
    /// When it was taken (local time).
    pub taken_at: NaiveDateTime,
    /// Days since the timeline's origin (see `guide::timeline`).
    pub days: f64,
    /// 1-based session it follows; `None` for baseline photos.
    pub session_number: Option<usize>,
    /// Calendar days since that session.
    pub day: Option<i64>,
    /// The region's values in this photo.
    pub values: RegionValues,
    /// The change from the baseline.
    pub change: Change,
    /// The change's uncertainty, a 95 % half-width (see `noise`).
    pub uncertainty: Uncertainty,
    /// Whether each change is real (past the just-visible threshold and the noise).
    pub verdict: Verdicts,
    /// True when the photo's colours were corrected (a neutral patch, or the surroundings
    /// matched to the reference's; `Calibration::is_calibrated`).
    pub calibrated: bool,
    /// False when the alignment says light or pose differ too much to compare.
    pub comparable: bool,
    /// The user's 0–4 redness score.
    pub redness_score: Option<u8>,
    /// The user's 0–4 texture score.
    pub texture_score: Option<u8>,
}

/// Change from the baseline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Change {
    /// a* units.
    pub a_star: Option<f64>,
    /// Erythema-index units.
    pub erythema_index: Option<f64>,
    /// Percent of the baseline's texture index.
    pub texture_percent: Option<f64>,
    /// Melanin-index units.
    pub melanin: Option<f64>,
}

/// A change's uncertainty: the 95 % half-width of photo − baseline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Uncertainty {
    /// a* units (erythema-index changes share it: EI follows a* closely).
    pub a_star: Option<f64>,
    /// Percent of the baseline's texture index.
    pub texture_percent: Option<f64>,
    /// Melanin-index units.
    pub melanin: Option<f64>,
}

/// The verdicts on a point's changes; `None` where there is no change to judge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Verdicts {
    /// Redness (a*): redder, less red or within noise.
    pub redness: Option<Verdict>,
    /// Texture: rougher, smoother or within noise.
    pub texture: Option<Verdict>,
    /// Pigmentation (melanin index): darker, lighter or within noise.
    pub pigment: Option<Verdict>,
}

fn judge(change: &Change, photo: Sigma, baseline: Option<&Baseline>) -> (Uncertainty, Verdicts) {
    let Some(b) = baseline else {
        return Default::default();
    };
    let a = change
        .a_star
        .map(|_| half_width(photo.a_star, b.sigma.a_star));
    let t = (change.texture_percent)
        .map(|_| half_width(photo.texture_percent, b.sigma.texture_percent));
    let m = (change.melanin).map(|_| half_width(photo.melanin, b.sigma.melanin));
    let verdicts = Verdicts {
        redness: change
            .a_star
            .zip(a)
            .map(|(d, n)| Verdict::of(d, n, JUST_VISIBLE_A_STAR)),
        texture: (change.texture_percent)
            .zip(t)
            .map(|(d, n)| Verdict::of(d, n, JUST_VISIBLE_TEXTURE_PERCENT)),
        pigment: (change.melanin)
            .zip(m)
            .map(|(d, n)| Verdict::of(d, n, JUST_VISIBLE_MELANIN)),
    };
    (
        Uncertainty {
            a_star: a,
            texture_percent: t,
            melanin: m,
        },
        verdicts,
    )
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (n, sum) = values.fold((0usize, 0.0), |(n, s), v| (n + 1, s + v));
    (n > 0).then(|| sum / n as f64)
}

/// The baseline of one region: the photos before the first session that were measured
/// there; comparable ones only, when there are any.
fn baseline(photos: &[&PhotoMeasurement], region: &Region) -> Option<Baseline> {
    let before: Vec<(&PhotoMeasurement, &RegionValues)> = photos
        .iter()
        .filter(|p| p.placement.session.is_none())
        .filter_map(|p| Some((*p, p.region(region.id)?)))
        .filter(|(_, v)| v.a_star.is_some())
        .collect();
    let comparable: Vec<_> = before
        .iter()
        .filter(|(p, _)| p.comparable_in(region))
        .copied()
        .collect();
    let used = if comparable.is_empty() {
        before
    } else {
        comparable
    };
    if used.is_empty() {
        return None;
    }
    let sigmas: Vec<Sigma> = (used.iter())
        .map(|(p, v)| {
            Sigma::of_photo(&p.calibration, p.comparable_in(region))
                .with_clipped(v.clipped)
                .with_misregistration(v.a_star_misregistration, v.melanin_misregistration)
        })
        .collect();
    let a: Vec<f64> = used.iter().filter_map(|(_, v)| v.a_star).collect();
    let t: Vec<f64> = used.iter().filter_map(|(_, v)| v.texture).collect();
    let mi: Vec<f64> = used.iter().filter_map(|(_, v)| v.melanin_index).collect();
    Some(Baseline {
        sigma: Sigma::of_mean(&sigmas, &a, &t, &mi),
        a_star: mean(used.iter().filter_map(|(_, v)| v.a_star)),
        erythema_index: mean(used.iter().filter_map(|(_, v)| v.erythema_index)),
        texture: mean(used.iter().filter_map(|(_, v)| v.texture)),
        melanin_index: mean(used.iter().filter_map(|(_, v)| v.melanin_index)),
        sharpness: mean(
            (used.iter())
                .filter_map(|(_, v)| v.sharpness)
                .filter(|s| *s > 0.0)
                .map(f64::ln),
        )
        .map(f64::exp),
        photos: used.iter().map(|(p, _)| p.photo.clone()).collect(),
    })
}

fn change(values: &RegionValues, baseline: Option<&Baseline>) -> Change {
    let Some(b) = baseline else {
        return Change::default();
    };
    let diff = |v: Option<f64>, b: Option<f64>| Some(v? - b?);
    Change {
        a_star: diff(values.a_star, b.a_star),
        erythema_index: diff(values.erythema_index, b.erythema_index),
        texture_percent: match (values.texture, b.texture) {
            (Some(v), Some(b)) if b > 0.0 => Some(100.0 * (v - b) / b),
            _ => None,
        },
        melanin: diff(values.melanin_index, b.melanin_index),
    }
}

/// One series per measured region. `origin` is the timeline's day 0 (the photos' `days`
/// count from it); `None` counts from the first photo.
pub fn region_series(m: &ProjectMeasurements, origin: Option<NaiveDateTime>) -> Vec<RegionSeries> {
    let measured: Vec<&PhotoMeasurement> =
        m.photos.iter().filter(|p| p.status.is_measured()).collect();
    let origin = origin
        .or_else(|| m.photos.first().map(|p| p.taken_at))
        .unwrap_or_default();
    m.regions
        .iter()
        .map(|region| {
            let baseline = baseline(&measured, region);
            let points = measured
                .iter()
                .filter_map(|p| {
                    let values = *p.region(region.id)?;
                    values.a_star?;
                    let change = change(&values, baseline.as_ref());
                    // A photo blurrier (or sharper) than the baseline reads its texture
                    // off by that alone.
                    let sharpness = sharpness_texture_sigma(
                        values.sharpness,
                        baseline.as_ref().and_then(|b| b.sharpness),
                    );
                    let sigma = Sigma::of_photo(&p.calibration, p.comparable_in(region))
                        .with_clipped(values.clipped)
                        .with_misregistration(
                            values.a_star_misregistration,
                            values.melanin_misregistration,
                        )
                        .with_sharpness(sharpness);
                    let (uncertainty, mut verdict) = judge(&change, sigma, baseline.as_ref());
                    if !p.comparable_in(region) {
                        // Light, pose or expression spoil this region here: its values are
                        // shown, marked, but no change is called (on real webcam frames a
                        // smile read 5–10 melanin "lighter" and texture 50–200 % "rougher").
                        verdict = Verdicts::default();
                    }
                    Some(SeriesPoint {
                        photo: p.photo.clone(),
                        taken_at: p.taken_at,
                        days: days_between(origin, p.placed_at),
                        session_number: p.placement.session_number,
                        day: p.placement.day,
                        change,
                        uncertainty,
                        verdict,
                        values,
                        calibrated: p.calibration.is_calibrated(),
                        comparable: p.comparable_in(region),
                        redness_score: p.redness_score,
                        texture_score: p.texture_score,
                    })
                })
                .collect();
            RegionSeries {
                region: region.id,
                name: region.name.clone(),
                baseline,
                points,
            }
        })
        .collect()
}
