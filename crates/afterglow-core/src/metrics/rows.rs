//! The measurements as rows, one per photo × region, for the command line's table and CSV
//! (and the report's CSV).

use chrono::NaiveDateTime;
use serde::Serialize;

use super::project_measurements::ProjectMeasurements;
use super::series::RegionSeries;
use crate::project::{PhotoId, RegionId, iso_taken};

/// The verdict columns of a change measured where the photo is not comparable (light, pose
/// or expression differ too much in that region): no change is called there.
pub const NOT_COMPARABLE_VERDICT: &str = "not comparable";

/// The texture verdict column of a region too small in the photo for a texture value.
pub const TEXTURE_TOO_COARSE: &str = "too coarse for texture";

/// One photo × region row of the measurements, as the CSV and the tables show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricRow {
    /// The photo's id.
    pub photo: PhotoId,
    /// The photo's original file name.
    pub file: String,
    /// When it was taken (local time); midnight for a date-only photo.
    pub taken_at: NaiveDateTime,
    /// Only the day is known, not the time (written only when true).
    #[serde(skip_serializing_if = "crate::project::is_false")]
    pub date_only: bool,
    /// 1-based session number; `None` for baseline photos.
    pub session: Option<usize>,
    /// Calendar days since that session; `None` for baseline photos.
    pub day: Option<i64>,
    /// "Session 1 · day 3" or "Baseline".
    pub label: String,
    /// The region's id.
    pub region: RegionId,
    /// The region's name.
    pub region_name: String,
    /// Mean a* over the region.
    pub a_star: Option<f64>,
    /// Erythema index over the region.
    pub erythema_index: Option<f64>,
    /// Texture index over the region.
    pub texture: Option<f64>,
    /// Pixels measured.
    pub pixels: usize,
    /// Change of a* from the region's baseline.
    pub a_star_change: Option<f64>,
    /// Change of the texture index from the baseline, in percent.
    pub texture_change_percent: Option<f64>,
    /// The a* change's uncertainty (95 % half-width, a* units).
    pub uncertainty: Option<f64>,
    /// Whether the a* change is real: "redder", "less red", "within noise" (empty without
    /// a change).
    pub verdict: String,
    /// The texture change's uncertainty (95 % half-width, percent).
    pub texture_uncertainty_percent: Option<f64>,
    /// Whether the texture change is real: "rougher", "smoother", "within noise".
    pub texture_verdict: String,
    /// Melanin index over the region (`pigment`).
    pub melanin_index: Option<f64>,
    /// Change of the melanin index from the baseline.
    pub melanin_change: Option<f64>,
    /// The melanin change's uncertainty (95 % half-width).
    pub melanin_uncertainty: Option<f64>,
    /// Whether the melanin change is real: "darker", "lighter", "within noise".
    pub pigment_verdict: String,
    /// How the photo's colours were corrected (`Calibration::source`): `patch`,
    /// `surroundings`, `surroundings+reference patch`, `reference` or `no`.
    pub calibrated: String,
    /// The surroundings fit's residual in percent, when the surroundings were used.
    pub colour_residual_percent: Option<f64>,
    /// Share of the region's pixels clipped in some channel, in percent.
    pub clipped_percent: Option<f64>,
    /// False when the alignment says light or pose differ too much to compare.
    pub comparable: bool,
    /// The user's 0–4 redness score.
    pub redness_score: Option<u8>,
    /// The user's 0–4 texture score.
    pub texture_score: Option<u8>,
    /// "measured", "excluded", "not aligned to the reference yet" …
    pub status: String,
}

/// One row per photo × region, photos in capture order; photos that were not measured get
/// rows too, with empty values and the reason in `status`.
pub fn metric_rows(m: &ProjectMeasurements, series: &[RegionSeries]) -> Vec<MetricRow> {
    let mut rows = Vec::with_capacity(m.photos.len() * m.regions.len());
    for p in &m.photos {
        for region in &m.regions {
            let values = p.region(region.id);
            let point = series
                .iter()
                .find(|s| s.region == region.id)
                .and_then(|s| s.points.iter().find(|pt| pt.photo == p.photo));
            let change = point.map(|pt| pt.change).unwrap_or_default();
            let (uncertainty, verdict) = point
                .map(|pt| (pt.uncertainty, pt.verdict))
                .unwrap_or_default();
            // A change measured where the photo is not comparable gets no verdict; say why.
            let uncalled = |change: Option<f64>| match point {
                Some(pt) if !pt.comparable && change.is_some() => NOT_COMPARABLE_VERDICT,
                _ => "",
            };
            let status = match values {
                Some(v) if p.status.is_measured() && v.a_star.is_none() => v
                    .unmeasured_reason()
                    .unwrap_or_else(|| "not measured".to_owned()),
                _ => p.status.message(),
            };
            rows.push(MetricRow {
                photo: p.photo.clone(),
                file: p.original_name.clone(),
                taken_at: p.taken_at,
                date_only: p.date_only,
                session: p.placement.session_number,
                day: p.placement.day,
                label: p.placement.short_label(),
                region: region.id,
                region_name: region.name.clone(),
                a_star: values.and_then(|v| v.a_star),
                erythema_index: values.and_then(|v| v.erythema_index),
                texture: values.and_then(|v| v.texture),
                pixels: values.map_or(0, |v| v.pixels),
                a_star_change: change.a_star,
                texture_change_percent: change.texture_percent,
                uncertainty: uncertainty.a_star,
                verdict: (verdict.redness)
                    .map_or(uncalled(change.a_star), |v| v.redness_words())
                    .to_owned(),
                texture_uncertainty_percent: uncertainty.texture_percent,
                texture_verdict: match (verdict.texture, values) {
                    (Some(v), _) => v.texture_words().to_owned(),
                    (None, Some(v)) if v.texture_missing_reason().is_some() => {
                        TEXTURE_TOO_COARSE.to_owned()
                    }
                    _ => uncalled(change.texture_percent).to_owned(),
                },
                melanin_index: values.and_then(|v| v.melanin_index),
                melanin_change: change.melanin,
                melanin_uncertainty: uncertainty.melanin,
                pigment_verdict: (verdict.pigment)
                    .map_or(uncalled(change.melanin), |v| v.pigment_words())
                    .to_owned(),
                calibrated: if p.status.is_measured() {
                    p.calibration.source()
                } else {
                    "no"
                }
                .to_owned(),
                colour_residual_percent: p
                    .calibration
                    .residual_percent()
                    .filter(|_| p.status.is_measured()),
                clipped_percent: values.filter(|v| v.pixels > 0).map(|v| v.clipped * 100.0),
                comparable: p.comparable_in(region),
                redness_score: p.redness_score,
                texture_score: p.texture_score,
                status,
            });
        }
    }
    rows
}

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map(|v| format!("{v:.decimals$}")).unwrap_or_default()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The CSV's header line.
pub const CSV_HEADER: &str = "photo,file,date,session,day,region,a_star,erythema_index,texture,\
pixels,a_star_change,texture_change_percent,uncertainty,verdict,texture_uncertainty_percent,\
texture_verdict,melanin_index,melanin_change,melanin_uncertainty,pigment_verdict,calibrated,\
colour_residual_percent,clipped_percent,comparable,redness_score,texture_score,status";

/// The rows as CSV (RFC 4180, with a header line).
pub fn rows_to_csv(rows: &[MetricRow]) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push('\n');
    for r in rows {
        let fields = [
            r.photo.0.clone(),
            r.file.clone(),
            iso_taken(r.taken_at, r.date_only),
            opt(r.session),
            opt(r.day),
            r.region_name.clone(),
            num(r.a_star, 3),
            num(r.erythema_index, 3),
            num(r.texture, 4),
            r.pixels.to_string(),
            num(r.a_star_change, 3),
            num(r.texture_change_percent, 2),
            num(r.uncertainty, 2),
            r.verdict.clone(),
            num(r.texture_uncertainty_percent, 1),
            r.texture_verdict.clone(),
            num(r.melanin_index, 2),
            num(r.melanin_change, 2),
            num(r.melanin_uncertainty, 2),
            r.pigment_verdict.clone(),
            r.calibrated.clone(),
            num(r.colour_residual_percent, 2),
            num(r.clipped_percent, 1),
            r.comparable.to_string(),
            opt(r.redness_score),
            opt(r.texture_score),
            r.status.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The rows as a table for a terminal.
pub fn rows_to_table(rows: &[MetricRow]) -> String {
    let header = [
        "Date",
        "File",
        "When",
        "Region",
        "a*",
        "Δa*",
        "±",
        "Redness",
        "EI",
        "Texture",
        "ΔTex%",
        "Pixels",
        "Calib.",
        "Scores R/T",
        "Status",
    ];
    // Numbers are right-aligned.
    let right = [
        false, false, false, false, true, true, true, false, true, true, true, true, false, false,
        false,
    ];
    let score = |s: Option<u8>| s.map_or("-".to_owned(), |v| v.to_string());
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                iso_taken(r.taken_at, r.date_only),
                r.file.clone(),
                r.label.clone(),
                r.region_name.clone(),
                num(r.a_star, 2),
                r.a_star_change
                    .map(|v| format!("{v:+.2}"))
                    .unwrap_or_default(),
                num(r.uncertainty, 1),
                r.verdict.clone(),
                num(r.erythema_index, 2),
                num(r.texture, 3),
                r.texture_change_percent
                    .map(|v| format!("{v:+.1}"))
                    .unwrap_or_default(),
                r.pixels.to_string(),
                r.calibrated.clone(),
                format!("{}/{}", score(r.redness_score), score(r.texture_score)),
                if r.status == "measured" && r.comparable {
                    String::new()
                } else if r.status == "measured" {
                    "not comparable".to_owned()
                } else {
                    r.status.clone()
                },
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in row.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if i > 0 {
                s.push_str("  ");
            }
            if right[i] {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < row.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(&header.map(str::to_owned));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
