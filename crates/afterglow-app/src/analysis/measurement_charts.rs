//! The Measurements tab's charts (egui_plot): redness (a* or EI), texture and pigmentation
//! (the melanin index) per region over time, with the sessions as vertical lines and the guide's windows shaded, and the user's
//! own 0–4 scores on the same axis of dates.

use chrono::{Duration, NaiveDateTime};
use egui::{Color32, Id, RichText};
use egui_plot::{
    HLine, HoverPosition, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoints, PlotUi, Points,
    Span, VLine,
};

use afterglow_core::guide::Timeline;
use afterglow_core::metrics::{RegionSeries, SeriesPoint};

use crate::analysis::timeline_layout::milestone_colour;
use crate::state::analysis::{AnalysisSettings, Measured, RednessMeasure};

/// Colours of the regions' series.
const REGION_COLOURS: [(u8, u8, u8); 6] = [
    (220, 80, 70),
    (70, 140, 220),
    (90, 170, 90),
    (200, 150, 40),
    (160, 100, 200),
    (60, 170, 170),
];

fn region_colour(i: usize) -> Color32 {
    let (r, g, b) = REGION_COLOURS[i % REGION_COLOURS.len()];
    Color32::from_rgb(r, g, b)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Figure {
    Redness(RednessMeasure),
    Texture,
    /// The melanin index: browning (post-inflammatory pigmentation) apart from redness.
    Pigmentation,
}

impl Figure {
    /// The plotted value of a point: the measured value or its change from the baseline.
    fn of(self, p: &SeriesPoint, change: bool) -> Option<f64> {
        match (self, change) {
            (Figure::Redness(RednessMeasure::AStar), false) => p.values.a_star,
            (Figure::Redness(RednessMeasure::AStar), true) => p.change.a_star,
            (Figure::Redness(RednessMeasure::ErythemaIndex), false) => p.values.erythema_index,
            (Figure::Redness(RednessMeasure::ErythemaIndex), true) => p.change.erythema_index,
            (Figure::Texture, false) => p.values.texture,
            (Figure::Texture, true) => p.change.texture_percent,
            (Figure::Pigmentation, false) => p.values.melanin_index,
            (Figure::Pigmentation, true) => p.change.melanin,
        }
    }

    fn title(self, change: bool) -> String {
        let what = match self {
            Figure::Redness(RednessMeasure::AStar) => "Redness (a*)",
            Figure::Redness(RednessMeasure::ErythemaIndex) => "Redness (erythema index)",
            Figure::Texture => "Texture (roughness index)",
            Figure::Pigmentation => "Pigmentation (melanin index; higher is darker)",
        };
        if change {
            let unit = if self == Figure::Texture {
                "%"
            } else {
                "units"
            };
            format!("{what}: change from baseline, {unit}")
        } else {
            what.to_owned()
        }
    }
}

/// Days on the axis as dates ("8 Mar").
fn date_at(origin: NaiveDateTime, days: f64) -> String {
    let at = origin + Duration::seconds((days * 86_400.0).round() as i64);
    at.format("%-d %b").to_string()
}

pub fn charts_ui(ui: &mut egui::Ui, measured: &Measured, settings: &AnalysisSettings) {
    let tl = &measured.charts.timeline;
    let Some(origin) = tl.origin else {
        return;
    };
    let series = &measured.charts.series;
    let change = settings.change_from_baseline;
    let width = ui.available_width();
    region_key_ui(ui, series);
    for (figure, height, salt) in [
        (Figure::Redness(settings.redness), 240.0, "redness-chart"),
        (Figure::Texture, 200.0, "texture-chart"),
        (Figure::Pigmentation, 200.0, "pigmentation-chart"),
    ] {
        ui.label(RichText::new(figure.title(change)).strong());
        let plot = base_plot(salt, tl, origin, width, height);
        let formatter_series = series.clone();
        plot.label_formatter(move |pos| hover_text(&formatter_series, figure, change, pos))
            .show(ui, |plot_ui| {
                background(plot_ui, tl, settings);
                if change {
                    plot_ui.hline(
                        HLine::new("", 0.0)
                            .color(Color32::GRAY)
                            .style(LineStyle::dashed_dense()),
                    );
                }
                for (i, s) in series.iter().enumerate() {
                    region_items(plot_ui, s, figure, change, region_colour(i));
                }
            });
    }
    ui.label(RichText::new("Your scores (0 none – 4 marked)").strong());
    base_plot("scores-chart", tl, origin, width, 110.0)
        .legend(Legend::default())
        .default_y_bounds(-0.5, 4.6)
        .show(ui, |plot_ui| {
            background(plot_ui, tl, settings);
            scores(plot_ui, measured);
        });
    let uncalibrated = series.iter().flat_map(|s| &s.points).any(|p| !p.calibrated);
    let mut notes = vec!["Solid lines: sessions; dashed: planned sessions."];
    if uncalibrated {
        notes.push(
            "Hollow markers: uncalibrated (no usable neutral patch, and the surroundings \
             differ from the reference's), so the light of the photo colours the value.",
        );
    }
    if series.iter().flat_map(|s| &s.points).any(|p| !p.comparable) {
        notes.push("Crosses: light or pose differ too much from the reference to trust.");
    }
    ui.label(RichText::new(notes.join(" ")).small().weak());
}

fn base_plot<'a>(
    salt: &'static str,
    tl: &Timeline,
    origin: NaiveDateTime,
    width: f32,
    height: f32,
) -> Plot<'a> {
    Plot::new(salt)
        .width(width)
        .height(height)
        .link_axis(Id::unique("measurements-x"), [true, false])
        .link_cursor(Id::unique("measurements-x"), [true, false])
        .default_x_bounds(tl.span_days.0, tl.span_days.1)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| date_at(origin, mark.value))
}

/// Session lines and the chosen milestone's windows, shaded.
fn background(plot_ui: &mut PlotUi<'_>, tl: &Timeline, settings: &AnalysisSettings) {
    // The same colour per milestone as its lane on the timeline.
    let mut order: Vec<&str> = Vec::new();
    for m in &tl.windows {
        if !order.contains(&m.milestone.as_str()) {
            order.push(&m.milestone);
        }
    }
    for m in &tl.windows {
        let alpha = match &settings.shaded_milestone {
            Some(id) if *id == m.milestone => 45,
            Some(_) => continue,
            None => 10,
        };
        let lane = order.iter().position(|id| *id == m.milestone).unwrap_or(0);
        plot_ui.span(
            Span::new("", m.start_days..=m.end_days)
                .fill(milestone_colour(lane, alpha))
                .border_width(0.0),
        );
    }
    for s in &tl.sessions {
        let style = if s.planned {
            LineStyle::dashed_loose()
        } else {
            LineStyle::Solid
        };
        plot_ui.vline(
            VLine::new("", s.days)
                .color(Color32::from_gray(140))
                .style(style)
                .width(1.5),
        );
    }
}

fn region_items(
    plot_ui: &mut PlotUi<'_>,
    s: &RegionSeries,
    figure: Figure,
    change: bool,
    colour: Color32,
) {
    let xy = |keep: &dyn Fn(&SeriesPoint) -> bool| -> Vec<[f64; 2]> {
        s.points
            .iter()
            .filter(|p| keep(p))
            .filter_map(|p| Some([p.days, figure.of(p, change)?]))
            .collect()
    };
    let line = xy(&|p| p.comparable);
    if line.len() > 1 {
        // No band aggregation: photos taken minutes apart share a pixel column.
        plot_ui.line(
            Line::new(&s.name, PlotPoints::new(line))
                .color(colour)
                .allow_band(false),
        );
    }
    let filled = xy(&|p| p.comparable && p.calibrated);
    if !filled.is_empty() {
        plot_ui.points(
            Points::new(&s.name, PlotPoints::new(filled))
                .color(colour)
                .radius(4.0)
                .filled(true),
        );
    }
    let hollow = xy(&|p| p.comparable && !p.calibrated);
    if !hollow.is_empty() {
        plot_ui.points(
            Points::new(&s.name, PlotPoints::new(hollow))
                .color(colour)
                .radius(4.0)
                .filled(false),
        );
    }
    let doubtful = xy(&|p| !p.comparable);
    if !doubtful.is_empty() {
        plot_ui.points(
            Points::new(&s.name, PlotPoints::new(doubtful))
                .color(colour)
                .radius(5.0)
                .shape(MarkerShape::Cross),
        );
    }
}

/// Which colour is which region, once above the charts (a legend inside each chart would
/// cover the values).
fn region_key_ui(ui: &mut egui::Ui, series: &[RegionSeries]) {
    ui.horizontal_wrapped(|ui| {
        for (i, s) in series.iter().enumerate() {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, region_colour(i));
            ui.label(&s.name);
            ui.add_space(8.0);
        }
    });
}

/// The user's redness and texture scores, one marker per photo.
fn scores(plot_ui: &mut PlotUi<'_>, measured: &Measured) {
    let origin = measured.charts.timeline.origin;
    let points = |score: &dyn Fn(&afterglow_core::metrics::PhotoMeasurement) -> Option<u8>| {
        let v: Vec<[f64; 2]> = measured
            .measurements
            .photos
            .iter()
            .filter_map(|p| {
                let days = afterglow_core::guide::days_between(origin?, p.placed_at);
                Some([days, f64::from(score(p)?)])
            })
            .collect();
        v
    };
    let redness = points(&|p| p.redness_score);
    let texture = points(&|p| p.texture_score);
    if !redness.is_empty() {
        plot_ui.points(
            Points::new("Redness score", PlotPoints::new(redness))
                .color(Color32::from_rgb(220, 80, 70))
                .shape(MarkerShape::Diamond)
                .radius(5.0)
                .filled(true),
        );
    }
    if !texture.is_empty() {
        plot_ui.points(
            Points::new("Texture score", PlotPoints::new(texture))
                .color(Color32::from_rgb(70, 140, 220))
                .shape(MarkerShape::Square)
                .radius(4.0)
                .filled(true),
        );
    }
}

/// "Left cheek · Session 1 · day 3: a* 14.2 (+3.1)" for the point under the pointer.
fn hover_text(
    series: &[RegionSeries],
    figure: Figure,
    change: bool,
    pos: &HoverPosition<'_>,
) -> Option<String> {
    let HoverPosition::NearDataPoint {
        plot_name,
        position,
        ..
    } = pos
    else {
        return None;
    };
    let s = series.iter().find(|s| s.name == *plot_name)?;
    let p = s
        .points
        .iter()
        .filter(|p| figure.of(p, change).is_some())
        .min_by(|a, b| {
            (a.days - position.x)
                .abs()
                .total_cmp(&(b.days - position.x).abs())
        })?;
    let label = match (p.session_number, p.day) {
        (Some(n), Some(d)) => format!("Session {n} · day {d}"),
        _ => "Baseline".to_owned(),
    };
    let value = figure.of(p, change)?;
    let mut text = format!(
        "{} · {label} · {}\n{value:+.2}",
        s.name,
        p.taken_at.format("%-d %b %Y")
    );
    if !change {
        text = format!(
            "{} · {label} · {}\n{value:.2}",
            s.name,
            p.taken_at.format("%-d %b %Y")
        );
    }
    if !p.calibrated {
        text.push_str("\nuncalibrated");
    }
    if !p.comparable {
        text.push_str("\nnot comparable with the reference");
    }
    Some(text)
}
