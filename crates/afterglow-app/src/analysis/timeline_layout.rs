//! The Timeline's geometry: days on the axis and screen x, the bands of the canvas (header,
//! photos, lanes, axis), how thumbnails taken close together stack, and the date ticks.

use chrono::{Duration, NaiveDateTime, NaiveTime};
use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, Vec2};

use afterglow_core::guide::{PhotoMark, days_between};

/// Room on the left for the lanes' names.
pub(super) const GUTTER: f32 = 170.0;
pub(super) const HEADER: f32 = 44.0;
pub(super) const THUMB: Vec2 = Vec2::new(42.0, 56.0);
pub(super) const THUMB_GAP: f32 = 4.0;
pub(super) const MAX_PHOTO_ROWS: usize = 4;
pub(super) const LANE: f32 = 24.0;
pub(super) const AXIS: f32 = 34.0;
/// The narrowest view, in days.
pub(super) const MIN_SPAN_DAYS: f64 = 1.0;

/// Soft colours for the milestone lanes, in the guide's order.
pub(super) const LANE_COLOURS: [(u8, u8, u8); 8] = [
    (230, 110, 90),
    (240, 160, 90),
    (215, 190, 80),
    (120, 180, 110),
    (90, 170, 200),
    (140, 130, 210),
    (200, 120, 180),
    (150, 150, 150),
];

/// The colour of the `i`-th milestone of the guide (its lane, its shading on the charts).
pub fn milestone_colour(i: usize, alpha: u8) -> Color32 {
    let (r, g, b) = LANE_COLOURS[i % LANE_COLOURS.len()];
    Color32::from_rgba_unmultiplied(r, g, b, alpha)
}

/// Days on the axis ↔ screen x.
#[derive(Clone, Copy, Debug)]
pub(super) struct Axis {
    pub(super) from: f64,
    pub(super) to: f64,
    pub(super) left: f32,
    pub(super) width: f32,
}

impl Axis {
    pub(super) fn x(&self, days: f64) -> f32 {
        self.left + ((days - self.from) / (self.to - self.from)) as f32 * self.width
    }

    pub(super) fn days(&self, x: f32) -> f64 {
        self.from + f64::from((x - self.left) / self.width) * (self.to - self.from)
    }

    pub(super) fn points_per_day(&self) -> f32 {
        self.width / (self.to - self.from) as f32
    }
}

/// Where each part of the canvas is.
pub(super) struct Bands {
    pub(super) header: Rect,
    pub(super) photos: Rect,
    pub(super) lanes: Rect,
    pub(super) axis: Rect,
}

impl Bands {
    pub(super) fn new(rect: Rect, photo_rows: usize, lanes: usize) -> Self {
        let header = Rect::from_min_size(rect.min, Vec2::new(rect.width(), HEADER));
        let photos = Rect::from_min_size(
            header.left_bottom(),
            Vec2::new(
                rect.width(),
                photo_rows as f32 * (THUMB.y + THUMB_GAP) + 10.0,
            ),
        );
        let lanes = Rect::from_min_size(
            photos.left_bottom(),
            Vec2::new(rect.width(), lanes as f32 * LANE),
        );
        let axis = Rect::from_min_size(lanes.left_bottom(), Vec2::new(rect.width(), AXIS));
        Self {
            header,
            photos,
            lanes,
            axis,
        }
    }

    pub(super) fn lane(&self, i: usize) -> Rect {
        Rect::from_min_size(
            self.lanes.min + Vec2::new(0.0, i as f32 * LANE),
            Vec2::new(self.lanes.width(), LANE),
        )
    }
}

/// The row of each photo's thumbnail: the first row where it does not overlap the one
/// before it, so photos taken close together stack instead of hiding each other.
pub(super) fn pack_rows(photos: &[PhotoMark], axis: &Axis) -> Vec<usize> {
    let mut right_edges: Vec<f32> = Vec::new();
    photos
        .iter()
        .map(|p| {
            let left = axis.x(p.days) - THUMB.x / 2.0;
            let row = right_edges
                .iter()
                .position(|&r| r + THUMB_GAP <= left)
                .unwrap_or(right_edges.len())
                .min(MAX_PHOTO_ROWS - 1);
            if row == right_edges.len() {
                right_edges.push(left + THUMB.x);
            } else {
                right_edges[row] = right_edges[row].max(left + THUMB.x);
            }
            row
        })
        .collect()
}

/// Date ticks along the bottom, with faint grid lines.
pub(super) fn axis_ticks(
    plot: &egui::Painter,
    painter: &egui::Painter,
    axis: &Axis,
    bands: &Bands,
    origin: NaiveDateTime,
    visuals: &egui::Visuals,
) {
    let step = [1i64, 2, 7, 14, 28, 56, 91, 182, 365]
        .into_iter()
        .find(|s| *s as f32 * axis.points_per_day() >= 70.0)
        .unwrap_or(730);
    let midnight = origin.date().and_time(NaiveTime::MIN);
    let first = (axis.from.floor() as i64 / step - 1) * step;
    let grid = Stroke::new(1.0, visuals.faint_bg_color);
    let mut k = first;
    while (k as f64) < axis.to + step as f64 {
        let date = midnight + Duration::days(k);
        let days = days_between(origin, date);
        let x = axis.x(days);
        if x >= axis.left - 1.0 && x <= axis.left + axis.width + 1.0 {
            plot.line_segment(
                [
                    Pos2::new(x, bands.photos.top()),
                    Pos2::new(x, bands.axis.top()),
                ],
                grid,
            );
            painter.line_segment(
                [
                    Pos2::new(x, bands.axis.top()),
                    Pos2::new(x, bands.axis.top() + 5.0),
                ],
                Stroke::new(1.0, visuals.weak_text_color()),
            );
            painter.text(
                Pos2::new(x, bands.axis.top() + 7.0),
                Align2::CENTER_TOP,
                date.format("%-d %b").to_string(),
                FontId::proportional(12.0),
                visuals.text_color(),
            );
        }
        k += step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use afterglow_core::project::PhotoId;
    use chrono::NaiveDateTime;

    fn mark(days: f64) -> PhotoMark {
        PhotoMark {
            photo: PhotoId(format!("{days}")),
            taken_at: NaiveDateTime::default(),
            date_only: false,
            days,
            label: String::new(),
            session_number: None,
            day: None,
            excluded: false,
            reference: false,
        }
    }

    #[test]
    fn photos_taken_close_together_stack_and_the_axis_round_trips() {
        // 100 days over 1000 points: 10 points a day, a thumbnail is ~4 days wide.
        let axis = Axis {
            from: 0.0,
            to: 100.0,
            left: 0.0,
            width: 1000.0,
        };
        assert!((axis.days(axis.x(37.5)) - 37.5).abs() < 1e-4);
        let marks: Vec<PhotoMark> = [0.0, 0.1, 1.0, 3.0, 7.0, 28.0, 28.2]
            .into_iter()
            .map(mark)
            .collect();
        let rows = pack_rows(&marks, &axis);
        assert_eq!(rows, [0, 1, 2, 3, 0, 0, 1]);
        // Never more rows than there is room for.
        let crowd: Vec<PhotoMark> = (0..10).map(|i| mark(f64::from(i) * 0.01)).collect();
        assert!(pack_rows(&crowd, &axis).iter().all(|r| *r < MAX_PHOTO_ROWS));
    }
}
