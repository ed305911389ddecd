//! The Timeline tab: sessions (entered and planned), the guide's milestone windows after each
//! one as shaded bands, and every photo as a small thumbnail at its capture time, on one axis
//! of dates. Scroll to zoom, drag to move; clicking a photo shows it in the compare view.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use egui::{
    Align2, Color32, FontId, Id, Pos2, Rect, RichText, Sense, Shape, Stroke, StrokeKind, Vec2,
};

use afterglow_core::guide::{Guide, MilestoneWindow, PhotoMark, SessionMark, days_between};
use afterglow_core::project::{Photo, PhotoId};
use afterglow_core::store::ProjectPaths;

use super::timeline_layout::{
    AXIS, Axis, Bands, GUTTER, HEADER, LANE, MIN_SPAN_DAYS, THUMB, THUMB_GAP, axis_ticks,
    milestone_colour, pack_rows,
};
use crate::state::actions::Action;
use crate::state::dates::format_date;
use crate::state::workspace::Workspace;
use crate::work::textures::{TexKind, TexState, TextureCache};

pub fn timeline_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    textures: &mut TextureCache,
    out: &mut Vec<Action>,
) {
    let paths = ws.open.paths.clone();
    let project = &ws.open.project;
    let photos: HashMap<&PhotoId, &Photo> = project.photos.iter().map(|p| (&p.id, p)).collect();
    let guide = &project.guide;
    let state = &mut ws.analysis.timeline;
    let mut view = state.view;
    let tl = state.timeline(project, ws.revision);

    let mut fit = false;
    ui.horizontal(|ui| {
        ui.heading("Timeline");
        if let Some(due) = tl.next_due {
            ui.label(format!("· next session due around {}", format_date(due)));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            fit = ui
                .add_enabled(view.is_some(), egui::Button::new("Show all"))
                .on_hover_text("Zoom out to the whole course")
                .clicked();
        });
    });
    // On its own line: beside the heading it ran into it on a narrow window.
    ui.label(RichText::new("Scroll to zoom · drag to move · click a photo to compare it").weak());
    let Some(origin) = tl.origin else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("Nothing on the timeline yet");
            ui.label("Import photos or add the sessions of your course (Sessions tab).");
        });
        return;
    };
    if fit {
        view = None;
    }
    let area = ui.available_rect_before_wrap();
    let (from, to) = view.unwrap_or_else(|| {
        // Room for half a thumbnail on either side, so the first and last photos show whole.
        let (a, b) = tl.span_days;
        let plot_width = (area.width() - GUTTER - 12.0).max(100.0);
        let pad = f64::from((THUMB.x * 0.6 / plot_width).min(0.2));
        let span = (b - a).max(MIN_SPAN_DAYS) / (1.0 - 2.0 * pad);
        (a - span * pad, b + span * pad)
    });
    let photo_rows = pack_rows(
        &tl.photos,
        &Axis {
            from,
            to,
            left: area.left() + GUTTER,
            width: (area.width() - GUTTER - 12.0).max(50.0),
        },
    );
    let rows = photo_rows.iter().copied().max().map_or(1, |r| r + 1);
    let lanes = guide.milestones.len();
    let height = HEADER + rows as f32 * (THUMB.y + THUMB_GAP) + 10.0 + lanes as f32 * LANE + AXIS;
    let rect = Rect::from_min_size(area.min, Vec2::new(area.width(), height.min(area.height())));
    let canvas = ui.allocate_rect(rect, Sense::click_and_drag());
    let axis = Axis {
        from,
        to,
        left: rect.left() + GUTTER,
        width: (rect.width() - GUTTER - 12.0).max(50.0),
    };
    let plot = Rect::from_x_y_ranges(axis.left..=axis.left + axis.width, rect.y_range());
    let bands = Bands::new(rect, rows, lanes);

    let painter = ui.painter_at(rect);
    let visuals = ui.visuals().clone();
    painter.rect_filled(plot, 4.0, visuals.extreme_bg_color);
    let plot_painter = painter.with_clip_rect(plot);
    axis_ticks(&plot_painter, &painter, &axis, &bands, origin, &visuals);
    lanes_ui(
        ui,
        &painter,
        &plot_painter,
        &axis,
        &bands,
        guide,
        &tl.windows,
        &visuals,
    );
    sessions_ui(
        &plot_painter,
        &axis,
        &bands,
        &tl.sessions,
        tl.next_due,
        &visuals,
    );
    today_line(&plot_painter, &axis, &bands, origin, &visuals);
    painter.text(
        Pos2::new(rect.left() + 4.0, bands.photos.center().y),
        Align2::LEFT_CENTER,
        "Photos",
        FontId::proportional(13.0),
        visuals.text_color(),
    );
    let clicked = photos_ui(
        ui,
        &plot_painter,
        plot,
        &axis,
        &bands,
        &tl.photos,
        &photo_rows,
        &photos,
        &paths,
        textures,
    );
    if let Some(photo) = clicked {
        out.push(Action::ShowInCompare(photo));
    }

    // Zoom about the pointer with the wheel (or a pinch), move with a drag.
    let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
    if let Some(pointer) = canvas.hover_pos().filter(|p| plot.contains(*p)) {
        let factor = f64::from(zoom) * (f64::from(scroll.y) * 0.003).exp();
        if (factor - 1.0).abs() > 1e-6 {
            let at = axis.days(pointer.x);
            let max_span = (tl.span_days.1 - tl.span_days.0).max(MIN_SPAN_DAYS) * 4.0;
            let span = ((to - from) / factor).clamp(MIN_SPAN_DAYS, max_span);
            let left = at - (at - from) * span / (to - from);
            view = Some((left, left + span));
        }
    }
    if canvas.dragged() {
        let shift = f64::from(canvas.drag_delta().x / axis.points_per_day());
        let (f, t) = view.unwrap_or((from, to));
        view = Some((f - shift, t - shift));
    }
    if canvas.double_clicked() {
        view = None;
    }
    ws.analysis.timeline.view = view;
}

/// One lane per milestone of the guide; each window after a session is a shaded band,
/// labelled when there is room, with the guide's advice on hover.
#[allow(clippy::too_many_arguments)]
fn lanes_ui(
    ui: &egui::Ui,
    painter: &egui::Painter,
    plot: &egui::Painter,
    axis: &Axis,
    bands: &Bands,
    guide: &Guide,
    windows: &[MilestoneWindow],
    visuals: &egui::Visuals,
) {
    for (i, m) in guide.milestones.iter().enumerate() {
        let lane = bands.lane(i);
        let name = painter.layout_no_wrap(
            m.title.clone(),
            FontId::proportional(12.5),
            visuals.text_color(),
        );
        let name_rect = Rect::from_min_size(
            Pos2::new(lane.left() + 4.0, lane.center().y - name.size().y / 2.0),
            name.size(),
        );
        painter
            .with_clip_rect(Rect::from_x_y_ranges(
                lane.left()..=lane.left() + GUTTER - 6.0,
                lane.y_range(),
            ))
            .galley(name_rect.min, name, visuals.text_color());
        ui.interact(
            name_rect.intersect(lane),
            Id::unique(("timeline-lane", &m.id)),
            Sense::hover(),
        )
        .on_hover_text(format!("{} ({})\n{}", m.title, m.window, m.text));
        if i % 2 == 1 {
            plot.rect_filled(lane, 0.0, visuals.faint_bg_color.gamma_multiply(0.5));
        }
        for w in windows.iter().filter(|w| w.milestone == m.id) {
            let band = Rect::from_x_y_ranges(
                axis.x(w.start_days)..=axis.x(w.end_days).max(axis.x(w.start_days) + 2.0),
                lane.top() + 3.0..=lane.bottom() - 3.0,
            );
            if band.right() < axis.left || band.left() > axis.left + axis.width {
                continue;
            }
            let alpha = if w.planned { 60 } else { 150 };
            plot.rect_filled(band, 3.0, milestone_colour(i, alpha));
            if w.planned {
                plot.rect_stroke(
                    band,
                    3.0,
                    Stroke::new(1.0, milestone_colour(i, 200)),
                    StrokeKind::Inside,
                );
            }
            let label =
                plot.layout_no_wrap(m.title.clone(), FontId::proportional(11.5), Color32::BLACK);
            if label.size().x + 8.0 < band.width() {
                plot.galley(
                    Pos2::new(band.left() + 4.0, band.center().y - label.size().y / 2.0),
                    label,
                    Color32::BLACK,
                );
            }
            let visible = band.intersect(plot.clip_rect());
            if visible.is_positive() {
                let when = if w.planned { " (planned session)" } else { "" };
                ui.interact(
                    visible,
                    Id::unique(("timeline-window", &w.milestone, w.session_number)),
                    Sense::hover(),
                )
                .on_hover_text(format!(
                    "{} · after session {}{when}\n{} – {}\n{}",
                    m.title,
                    w.session_number,
                    w.start.format("%-d %b %H:%M"),
                    w.end.format("%-d %b %H:%M"),
                    m.text
                ));
            }
        }
    }
}

/// A line and a label for every session; planned ones dashed, the next one due highlighted.
fn sessions_ui(
    plot: &egui::Painter,
    axis: &Axis,
    bands: &Bands,
    sessions: &[SessionMark],
    next_due: Option<chrono::NaiveDate>,
    visuals: &egui::Visuals,
) {
    for s in sessions {
        let x = axis.x(s.days);
        let top = Pos2::new(x, bands.header.top() + 4.0);
        let bottom = Pos2::new(x, bands.axis.top());
        let due = s.planned && Some(s.start.date()) == next_due;
        let colour = if due {
            visuals.warn_fg_color
        } else if s.planned {
            visuals.weak_text_color()
        } else {
            visuals.strong_text_color()
        };
        if s.planned {
            plot.extend(Shape::dashed_line(
                &[top, bottom],
                Stroke::new(1.5, colour),
                6.0,
                4.0,
            ));
        } else {
            plot.line_segment([top, bottom], Stroke::new(2.0, colour));
        }
        let (title, date) = if due {
            (
                format!("Session {} due", s.number),
                format_date(s.start.date()),
            )
        } else if s.planned {
            (
                format!("Session {} (planned)", s.number),
                format_date(s.start.date()),
            )
        } else {
            (format!("Session {}", s.number), format_date(s.start.date()))
        };
        plot.text(
            Pos2::new(x + 5.0, bands.header.top() + 4.0),
            Align2::LEFT_TOP,
            title,
            FontId::proportional(13.5),
            colour,
        );
        plot.text(
            Pos2::new(x + 5.0, bands.header.top() + 22.0),
            Align2::LEFT_TOP,
            date,
            FontId::proportional(12.0),
            colour,
        );
    }
}

fn today_line(
    plot: &egui::Painter,
    axis: &Axis,
    bands: &Bands,
    origin: NaiveDateTime,
    visuals: &egui::Visuals,
) {
    let now = chrono::Local::now().naive_local();
    let x = axis.x(days_between(origin, now));
    let colour = visuals.selection.bg_fill;
    plot.line_segment(
        [
            Pos2::new(x, bands.photos.top()),
            Pos2::new(x, bands.axis.top()),
        ],
        Stroke::new(1.0, colour),
    );
    plot.text(
        Pos2::new(x - 4.0, bands.axis.top() - 2.0),
        Align2::RIGHT_BOTTOM,
        "today",
        FontId::proportional(11.0),
        colour,
    );
}

/// Every photo as a thumbnail above its capture time; returns the one clicked.
#[allow(clippy::too_many_arguments)]
fn photos_ui(
    ui: &mut egui::Ui,
    plot: &egui::Painter,
    plot_rect: Rect,
    axis: &Axis,
    bands: &Bands,
    marks: &[PhotoMark],
    rows: &[usize],
    photos: &HashMap<&PhotoId, &Photo>,
    paths: &ProjectPaths,
    textures: &mut TextureCache,
) -> Option<PhotoId> {
    let visuals = ui.visuals().clone();
    let mut clicked = None;
    for (mark, &row) in marks.iter().zip(rows) {
        let x = axis.x(mark.days);
        let r = Rect::from_min_size(
            Pos2::new(
                x - THUMB.x / 2.0,
                bands.photos.top() + 4.0 + row as f32 * (THUMB.y + THUMB_GAP),
            ),
            THUMB,
        );
        let visible = r.intersect(plot_rect);
        if !visible.is_positive() {
            continue;
        }
        let label = format!("{} · {}", mark.label, format_date(mark.taken_at.date()));
        let response = ui.interact(
            visible,
            Id::unique(("timeline-photo", &mark.photo)),
            Sense::click(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{label} (timeline)"))
        });
        plot.line_segment(
            [
                Pos2::new(x, r.bottom()),
                Pos2::new(x, bands.photos.bottom()),
            ],
            Stroke::new(1.0, visuals.weak_text_color()),
        );
        let tint = if mark.excluded {
            Color32::from_gray(90)
        } else {
            Color32::WHITE
        };
        match photos
            .get(&mark.photo)
            .map(|p| textures.get(paths, p, TexKind::Thumb))
        {
            Some(TexState::Ready { id, size }) => {
                let scale = (THUMB.x / size.x).max(THUMB.y / size.y);
                let uv_size = Vec2::new(THUMB.x / (size.x * scale), THUMB.y / (size.y * scale));
                let uv_min = Pos2::new((1.0 - uv_size.x) / 2.0, (1.0 - uv_size.y) / 2.0);
                plot.image(id, r, Rect::from_min_size(uv_min, uv_size), tint);
            }
            _ => {
                plot.rect_filled(r, 3.0, visuals.faint_bg_color);
            }
        }
        let stroke = if response.hovered() {
            Stroke::new(2.5, visuals.selection.bg_fill)
        } else if mark.reference {
            Stroke::new(2.0, visuals.warn_fg_color)
        } else {
            Stroke::new(1.0, visuals.weak_text_color())
        };
        plot.rect_stroke(r, 3.0, stroke, StrokeKind::Outside);
        let mut hover = label;
        if let Some(p) = photos.get(&mark.photo) {
            hover.push_str(&format!("\n{}", p.original_name));
        }
        if mark.reference {
            hover.push_str("\nThe reference photo");
        }
        if mark.excluded {
            hover.push_str("\nLeft out of comparisons");
        }
        hover.push_str("\nClick to show it in Compare");
        if response.on_hover_text(hover).clicked() {
            clicked = Some(mark.photo.clone());
        }
    }
    clicked
}
