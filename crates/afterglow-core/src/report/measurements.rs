//! The measurements section: redness (a*), texture and pigmentation (melanin index) per region over time as vector charts,
//! with the sessions and the guide's recovery windows behind them; the table of values and
//! change from the baseline; the plainly worded remarks. Uncalibrated values are marked.

use super::Gathered;
use super::canvas::{INK, MUTED, Page, RULE, Rgb, Weight};
use super::layout::{BODY, Flow, SMALL};
use crate::guide::{Timeline, format_date};
use crate::metrics::Verdict;
use crate::metrics::{ChartData, ProjectMeasurements, RegionSeries};

/// One colour per region, distinguishable in print and for most colour-blind readers.
const PALETTE: [Rgb; 6] = [
    [0, 114, 178],
    [213, 94, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [230, 159, 0],
];
const RECOVERY: Rgb = [253, 236, 220];
const RESULTS: Rgb = [222, 240, 226];

pub fn section(flow: &mut Flow, data: &Gathered) {
    flow.fresh_page();
    flow.heading("Redness, texture and pigmentation over time");
    let (m, chart) = match &data.measurements {
        Ok(v) => v,
        Err(reason) => {
            flow.body(&format!("Not measured: {reason}."));
            return;
        }
    };
    intro(flow, m);
    let redness: Vec<Line> = series_lines(&chart.series, |p| p.values.a_star);
    let texture: Vec<Line> = series_lines(&chart.series, |p| p.values.texture);
    let melanin: Vec<Line> = series_lines(&chart.series, |p| p.values.melanin_index);
    flow.subheading("Redness (mean a* per region; higher is redder)");
    draw_chart(flow, &chart.timeline, &redness, 170.0);
    flow.subheading("Texture index per region (lower is smoother)");
    draw_chart(flow, &chart.timeline, &texture, 150.0);
    flow.subheading("Pigmentation (melanin index per region; higher is darker)");
    draw_chart(flow, &chart.timeline, &melanin, 150.0);
    legend(flow, &chart.series);
    table(flow, chart);
    remarks(flow, chart);
}

fn intro(flow: &mut Flow, m: &ProjectMeasurements) {
    let measured = m.photos.iter().filter(|p| p.status.is_measured()).count();
    let calibrated = m
        .photos
        .iter()
        .filter(|p| p.status.is_measured() && p.calibration.is_calibrated())
        .count();
    let mut text = format!(
        "{measured} of {} photos measured in {} regions, each in the same place on the \
         aligned face.",
        m.photos.len(),
        m.regions.len()
    );
    if m.placed_default_regions {
        text.push_str(" The regions are the default ones, placed from the marked eyes.");
    }
    let by = |source: &str| {
        m.photos
            .iter()
            .filter(|p| p.status.is_measured() && p.calibration.source().starts_with(source))
            .count()
    };
    let (patch, surroundings) = (by("patch"), by("surroundings"));
    if patch + surroundings > 0 {
        text.push_str(&format!(
            " Colours: {patch} white-balanced from a neutral patch, {surroundings} matched to \
             the reference photo's through the surroundings (background, hair, clothing)."
        ));
    }
    if calibrated < measured {
        text.push_str(&format!(
            " {} of them could be corrected neither by a neutral patch (grey card or white \
             paper) nor by their surroundings, so their colour depends on the camera's white \
             balance: they are drawn hollow and marked “uncalibrated”; compare them with care.",
            measured - calibrated
        ));
    }
    flow.paragraph(&text, BODY, Weight::Regular, INK, 0.0);
    flow.space(4.0);
}

/// One region's points: (days, value, calibrated).
struct Line {
    colour: Rgb,
    points: Vec<(f64, f64, bool)>,
}

fn series_lines(
    series: &[RegionSeries],
    value: impl Fn(&crate::metrics::SeriesPoint) -> Option<f64>,
) -> Vec<Line> {
    series
        .iter()
        .enumerate()
        .map(|(i, s)| Line {
            colour: PALETTE[i % PALETTE.len()],
            points: s
                .points
                .iter()
                .filter(|p| p.comparable)
                .filter_map(|p| value(p).map(|v| (p.days, v, p.calibrated)))
                .collect(),
        })
        .collect()
}

fn nice_step(span: f64) -> f64 {
    let raw = span / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

fn draw_chart(flow: &mut Flow, timeline: &Timeline, lines: &[Line], height: f32) {
    let values: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .collect();
    if values.is_empty() {
        flow.note("No measured values to chart.");
        return;
    }
    flow.ensure(height + 30.0);
    let (lo, hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let pad = ((hi - lo) * 0.15).max(0.5);
    let step = nice_step(hi - lo + 2.0 * pad);
    let (y_lo, y_hi) = (
        ((lo - pad) / step).floor() * step,
        ((hi + pad) / step).ceil() * step,
    );
    let (d_lo, d_hi) = timeline.span_days;
    let (d_lo, d_hi) = if d_hi > d_lo {
        (d_lo, d_hi)
    } else {
        (d_lo - 1.0, d_lo + 1.0)
    };
    let x0 = flow.left() + 34.0;
    let w = flow.content_width() - 34.0;
    let y0 = flow.y;
    let fonts = flow.fonts;
    let sx = |d: f64| x0 + ((d - d_lo) / (d_hi - d_lo)) as f32 * w;
    let sy = |v: f64| y0 + height - ((v - y_lo) / (y_hi - y_lo)) as f32 * height;
    let page: &mut Page = flow.page();
    // The guide's windows behind everything: recovery (sun avoidance) and results.
    for win in &timeline.windows {
        let colour = match win.milestone.as_str() {
            "sun" => RECOVERY,
            "results" => RESULTS,
            _ => continue,
        };
        let (a, b) = (sx(win.start_days.max(d_lo)), sx(win.end_days.min(d_hi)));
        if b > a {
            page.fill_rect(a, y0, b - a, height, colour);
        }
    }
    // Horizontal grid and value labels.
    let mut v = y_lo;
    while v <= y_hi + 1e-9 {
        let y = sy(v);
        page.line(vec![(x0, y), (x0 + w, y)], RULE, 0.4);
        let label = if step < 1.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        };
        let lw = fonts.width(Weight::Regular, SMALL - 1.0, &label);
        page.text(
            x0 - 4.0 - lw,
            y + 3.0,
            SMALL - 1.0,
            Weight::Regular,
            MUTED,
            &label,
        );
        v += step;
    }
    // Sessions: a dashed line and the date.
    for s in &timeline.sessions {
        if s.days < d_lo || s.days > d_hi {
            continue;
        }
        let x = sx(s.days);
        page.dashed_line(vec![(x, y0), (x, y0 + height)], MUTED, 0.6);
        let label = format!(
            "{}{} · {}",
            if s.planned { "planned " } else { "S" },
            if s.planned {
                String::new()
            } else {
                s.number.to_string()
            },
            format_date(s.start.date())
        );
        page.text(
            x + 2.0,
            y0 + height + 10.0,
            SMALL - 1.5,
            Weight::Regular,
            MUTED,
            &label,
        );
    }
    page.stroke_rect(x0, y0, w, height, RULE, 0.6);
    for line in lines {
        let pts: Vec<(f32, f32)> = line
            .points
            .iter()
            .map(|&(d, v, _)| (sx(d), sy(v)))
            .collect();
        if pts.len() > 1 {
            page.line(pts.clone(), line.colour, 1.2);
        }
        for (&(x, y), &(_, _, calibrated)) in pts.iter().zip(&line.points) {
            page.dot(x, y, 2.4, line.colour);
            if !calibrated {
                // Hollow: uncalibrated.
                page.dot(x, y, 1.3, [255, 255, 255]);
            }
        }
    }
    flow.y += height + 18.0;
}

fn legend(flow: &mut Flow, series: &[RegionSeries]) {
    flow.ensure(20.0);
    let mut x = flow.left();
    let y = flow.y + 8.0;
    let fonts = flow.fonts;
    let mut items: Vec<(Rgb, String, bool)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (PALETTE[i % PALETTE.len()], s.name.clone(), true))
        .collect();
    items.push((
        RECOVERY,
        "0–7 days after a session (sun avoidance)".into(),
        false,
    ));
    items.push((RESULTS, "~7 days: most visible results".into(), false));
    let right = flow.left() + flow.content_width();
    let mut y = y;
    for (colour, name, dot) in items {
        let item_w = 20.0 + fonts.width(Weight::Regular, SMALL, &name);
        if x + item_w > right && x > flow.left() {
            // Wrap onto the next line.
            x = flow.left();
            y += 14.0;
        }
        let page = flow.page();
        if dot {
            page.dot(x + 4.0, y - 3.0, 3.0, colour);
        } else {
            page.fill_rect(x, y - 7.0, 9.0, 8.0, colour);
        }
        page.text(x + 12.0, y, SMALL, Weight::Regular, INK, &name);
        x += item_w;
    }
    flow.y = y + 12.0;
}

fn fmt(v: Option<f64>, digits: usize) -> String {
    v.map_or("–".to_owned(), |v| format!("{v:.digits$}"))
}

/// " (+3.1)" for a real change, " (~+0.4)" for one within its noise (the note says so).
fn signed(v: Option<f64>, verdict: Option<Verdict>, digits: usize, unit: &str) -> String {
    let within = if verdict.is_some_and(Verdict::is_real) {
        ""
    } else {
        "~"
    };
    v.map_or(String::new(), |v| format!(" ({within}{v:+.digits$}{unit})"))
}

fn table(flow: &mut Flow, chart: &ChartData) {
    if chart.series.is_empty() {
        return;
    }
    flow.space(6.0);
    flow.subheading("Redness: mean a* per region (change from the baseline)");
    value_table(flow, chart, |p| {
        format!(
            "{}{}",
            fmt(p.values.a_star, 1),
            signed(p.change.a_star, p.verdict.redness, 1, "")
        )
    });
    flow.subheading("Texture index per region (change from the baseline)");
    value_table(flow, chart, |p| {
        format!(
            "{}{}",
            fmt(p.values.texture, 2),
            signed(p.change.texture_percent, p.verdict.texture, 0, " %")
        )
    });
    flow.subheading("Melanin index per region (change from the baseline; higher is darker)");
    value_table(flow, chart, |p| {
        format!(
            "{}{}",
            fmt(p.values.melanin_index, 1),
            signed(p.change.melanin, p.verdict.pigment, 1, "")
        )
    });
    flow.note(
        "a* is the CIELAB red–green value (D65) averaged over the region; the erythema index \
         is in the CSV export. The texture index is a band-pass roughness of the skin's \
         luminance, unaffected by overall brightness. The melanin index is 100 × the melanin \
         share of the region's colour in optical density, apart from redness and shading. \
         Changes are from the mean of the \
         comparable photos before the first session. Left and right are the person's own (a \
         left cheek is on the right of the photo). ~ marks a change within noise: smaller \
         than the just-visible threshold (2.5 a*, 10 % texture, 5 melanin index) or than its uncertainty (the \
         CSV's uncertainty columns), so not a change to act on.",
    );
}

/// One row per photo, one column per region.
fn value_table(
    flow: &mut Flow,
    chart: &ChartData,
    cell: impl Fn(&crate::metrics::SeriesPoint) -> String,
) {
    let mut header = vec!["Photo"];
    // "Left cheek (right side of photo)" does not fit a column: the name before its
    // parenthesis, and the note below the tables says left and right are the person's own.
    header.extend((chart.series.iter()).map(|s| s.name.split(" (").next().unwrap_or(&s.name)));
    let mut widths = vec![2.4];
    widths.extend(std::iter::repeat_n(1.0, chart.series.len()));
    let photos: Vec<&crate::guide::PhotoMark> = chart
        .timeline
        .photos
        .iter()
        .filter(|m| {
            chart
                .series
                .iter()
                .any(|s| s.points.iter().any(|p| p.photo == m.photo))
        })
        .collect();
    let rows: Vec<Vec<String>> = photos
        .iter()
        .map(|mark| {
            let any = chart
                .series
                .iter()
                .find_map(|s| s.points.iter().find(|p| p.photo == mark.photo));
            let flags = any.map_or(String::new(), |p| {
                format!(
                    "{}{}",
                    if p.calibrated { "" } else { " · uncalibrated" },
                    if p.comparable {
                        ""
                    } else {
                        " · not comparable"
                    }
                )
            });
            let mut row = vec![format!("{}{flags}", mark.label)];
            for s in &chart.series {
                row.push(
                    s.points
                        .iter()
                        .find(|p| p.photo == mark.photo)
                        .map_or("–".to_owned(), &cell),
                );
            }
            row
        })
        .collect();
    flow.table(&header, &widths, &rows);
}

fn remarks(flow: &mut Flow, chart: &ChartData) {
    if chart.remarks.is_empty() {
        return;
    }
    flow.space(6.0);
    flow.subheading("Remarks (information, not a diagnosis)");
    for r in &chart.remarks {
        flow.paragraph(
            &format!("• {}", r.text),
            SMALL + 0.5,
            Weight::Regular,
            INK,
            0.0,
        );
    }
}
