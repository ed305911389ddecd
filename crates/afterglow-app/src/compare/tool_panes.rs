//! The compare view's panes for the manual alignment tools: "Move by hand" (the photo over the
//! reference with the onion skin, dragged, turned and scaled) and "Mark eyes" (two clicks,
//! with a magnifier at the pointer).

use egui::{Color32, CursorIcon, Id, Rect, Sense, Stroke, StrokeKind};

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::PhotoId;

use super::{PaneCtx, draw, layer_of, navigate, note_for, paint_layer, view};
use crate::state::actions::Action;
use crate::state::settings::ViewSettings;
use crate::state::tool::Tool;
use crate::state::workspace::Workspace;

#[allow(clippy::too_many_arguments)]
pub(super) fn nudge_pane_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    view: &ViewSettings,
    ctx: &mut PaneCtx<'_>,
    reference: &PhotoId,
    photo: &PhotoId,
    rect: Rect,
    out: &mut Vec<Action>,
) {
    let response = ui.interact(rect, Id::unique("pane-nudge"), Sense::click_and_drag());
    navigate(ui, ws, &response, rect, false);
    let s_from_f = view::screen_from_frame(&ws.view, rect);
    if response.dragged() {
        ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
        let reference_from_screen = (s_from_f * ctx.frame.frame_from_reference).inverse();
        if let (Some(r_from_s), Tool::Nudge { drag, .. }) = (reference_from_screen, &mut ws.tool) {
            let d = r_from_s.apply_vector(view::to_point(response.drag_delta().to_pos2()));
            *drag = Some(Affine2::translation(d.x, d.y) * drag.unwrap_or(Affine2::IDENTITY));
        }
    } else if response.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Grab);
    }
    if response.drag_stopped()
        && let Tool::Nudge { drag, .. } = &mut ws.tool
        && let Some(change) = drag.take()
    {
        out.push(Action::Nudged {
            photo: photo.clone(),
            change,
        });
        // Keep showing the moved photo until the change comes back through the project.
        ws.tool = Tool::Nudge {
            photo: photo.clone(),
            drag: Some(change),
        };
    }
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::from_gray(18));
    let base = layer_of(ws, reference, "Reference".into());
    let moving = layer_of(ws, photo, "Moving".into());
    if let Some(base) = &base {
        paint_layer(&painter, ctx, &s_from_f, base, Color32::WHITE);
    }
    if let Some(m) = &moving {
        let tint = Color32::WHITE.gamma_multiply(view.onion_opacity.clamp(0.2, 0.8));
        let p = paint_layer(&painter, ctx, &s_from_f, m, tint);
        note_for(&painter, rect, &p);
        draw::caption(
            &painter,
            rect,
            &format!("{} over the reference: drag to move it", m.caption),
            None,
            true,
        );
    }
    draw::grid(&painter, &s_from_f, &ctx.frame);
}

/// How much the Mark eyes magnifier enlarges, and its size in points.
const MAGNIFIER_ZOOM: f64 = 4.0;
const MAGNIFIER_SIDE: f32 = 160.0;

/// A square loupe beside the pointer showing the photo under it enlarged, with a crosshair
/// at the point a click would mark: an eye's centre is a few pixels across.
#[allow(clippy::too_many_arguments)]
fn magnifier_ui(
    ui: &egui::Ui,
    ctx: &mut PaneCtx<'_>,
    s_from_f: &Affine2,
    layer: &super::Layer,
    marks: &[Point],
    s_from_p: &Affine2,
    pointer: egui::Pos2,
    pane: Rect,
) {
    // Up and to the right of the pointer, kept inside the pane.
    let side = egui::Vec2::splat(MAGNIFIER_SIDE);
    let mut min = pointer + egui::vec2(24.0, -24.0 - MAGNIFIER_SIDE);
    if min.x + side.x > pane.right() {
        min.x = pointer.x - 24.0 - side.x;
    }
    if min.y < pane.top() {
        min.y = pointer.y + 24.0;
    }
    let loupe = Rect::from_min_size(min, side).intersect(pane);
    let painter = ui.painter_at(loupe);
    painter.rect_filled(loupe, 0.0, Color32::from_gray(18));
    // Loupe from screen: the pointer goes to the loupe's centre, enlarged.
    let c = loupe.center();
    let loupe_from_screen = Affine2::translation(f64::from(c.x), f64::from(c.y))
        * Affine2::scale(MAGNIFIER_ZOOM)
        * Affine2::translation(-f64::from(pointer.x), -f64::from(pointer.y));
    paint_layer(
        &painter,
        ctx,
        &(loupe_from_screen * *s_from_f),
        layer,
        Color32::WHITE,
    );
    for m in marks {
        let at = view::to_pos(loupe_from_screen.apply(s_from_p.apply(*m)));
        draw::eye_mark(&painter, at, Color32::from_rgb(90, 230, 120));
    }
    let stroke = Stroke::new(1.0, Color32::from_rgb(250, 200, 80));
    painter.line_segment(
        [c - egui::vec2(12.0, 0.0), c + egui::vec2(12.0, 0.0)],
        stroke,
    );
    painter.line_segment(
        [c - egui::vec2(0.0, 12.0), c + egui::vec2(0.0, 12.0)],
        stroke,
    );
    painter.rect_stroke(
        loupe,
        0.0,
        Stroke::new(1.5, Color32::WHITE),
        StrokeKind::Inside,
    );
}

pub(super) fn eyes_pane_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    ctx: &mut PaneCtx<'_>,
    photo: &PhotoId,
    rect: Rect,
    out: &mut Vec<Action>,
) {
    let response = ui.interact(rect, Id::unique("pane-eyes"), Sense::click_and_drag());
    navigate(ui, ws, &response, rect, true);
    let s_from_f = view::screen_from_frame(&ws.view, rect);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::from_gray(18));
    let Some(l) = layer_of(ws, photo, "Mark eyes".into()) else {
        ws.tool = Tool::None;
        return;
    };
    let p = paint_layer(&painter, ctx, &s_from_f, &l, Color32::WHITE);
    note_for(&painter, rect, &p);
    let s_from_p = s_from_f * ctx.frame.frame_from_reference * l.reference_from_photo;
    if response.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
    }
    let first = match &ws.tool {
        Tool::MarkEyes { first, .. } => *first,
        _ => None,
    };
    if response.clicked()
        && let (Some(pos), Some(p_from_s)) = (response.interact_pointer_pos(), s_from_p.inverse())
    {
        let clicked = p_from_s.apply(view::to_point(pos));
        match first {
            None => {
                ws.tool = Tool::MarkEyes {
                    photo: photo.clone(),
                    first: Some(clicked),
                };
            }
            Some(f) => {
                let eyes = if f.x <= clicked.x {
                    [f, clicked]
                } else {
                    [clicked, f]
                };
                out.push(Action::EyesMarked {
                    photo: photo.clone(),
                    eyes,
                });
                ws.tool = Tool::None;
            }
        }
    }
    let marks: Vec<Point> = match first {
        Some(f) => vec![f],
        None => l.photo.eyes.map(|e| e.to_vec()).unwrap_or_default(),
    };
    for m in &marks {
        draw::eye_mark(
            &painter,
            view::to_pos(s_from_p.apply(*m)),
            Color32::from_rgb(90, 230, 120),
        );
    }
    if let Some(pointer) = response.hover_pos() {
        magnifier_ui(ui, ctx, &s_from_f, &l, &marks, &s_from_p, pointer, rect);
    }
    let step = if first.is_none() {
        "Click the centre of the first eye"
    } else {
        "Now click the centre of the other eye"
    };
    draw::caption(
        &painter,
        rect,
        &format!("{} · {step} (Esc stops)", l.caption),
        None,
        true,
    );
}
