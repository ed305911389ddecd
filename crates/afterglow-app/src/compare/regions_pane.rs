//! Regions and neutral patches in the compare view: the overlay on ordinary panes (toggled with
//! R), the "Edit regions" pane (drag a region or its handles; one command on release) and the
//! "Mark neutral patch" pane (drag a rectangle over a grey card).

use egui::{Color32, CursorIcon, Id, Painter, Rect, Sense};

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{Command, PhotoId, Region, RegionId};
use afterglow_core::reference_frame::ReferenceFrame;

use super::{Layer, PaneCtx, draw, layer_of, navigate, note_for, paint_layer, view};
use crate::compare::patch_tool;
use crate::compare::regions_overlay::{paint_handles, paint_patch, paint_regions};
use crate::state::actions::Action;
use crate::state::region_geometry::{self, Grip, rect_from_corners};
use crate::state::tool::RegionDrag;
use crate::state::tool::Tool;
use crate::state::workspace::Workspace;

/// How near (screen points) a press must be to a handle to take it.
const HANDLE_REACH: f64 = 9.0;
/// How far (screen points) the turning handle sits beyond the ellipse.
const TURN_OFFSET: f64 = 26.0;

/// The regions, and the layer's neutral patch, over an ordinary pane.
pub(super) fn overlay(
    painter: &Painter,
    ws: &Workspace,
    screen_from_frame: &Affine2,
    frame: &ReferenceFrame,
    layer: Option<&Layer>,
) {
    let s_from_r = *screen_from_frame * frame.frame_from_reference;
    // Regions are drawn on their own view's reference: only those of the view shown.
    let project = ws.project();
    let view = layer.map_or_else(|| project.main_view(), |l| l.photo.view());
    let regions: Vec<Region> = (project.regions.iter())
        .filter(|r| r.view == view)
        .cloned()
        .collect();
    paint_regions(painter, &s_from_r, &regions, None);
    if let Some(l) = layer
        && let Some(patch) = &l.photo.white_patch
    {
        paint_patch(
            painter,
            &(s_from_r * l.reference_from_photo),
            patch,
            "Neutral patch",
        );
    }
}

/// What a press at `at` (reference coordinates) takes hold of: a handle of the selected region
/// first, else the topmost region under it.
fn grab(
    regions: &[Region],
    selected: Option<RegionId>,
    at: Point,
    reach: f64,
    turn_offset: f64,
) -> Option<(RegionId, Grip)> {
    if let Some(r) = selected.and_then(|id| regions.iter().find(|r| r.id == id))
        && let Some(g) = region_geometry::handle_at(&r.shape, at, reach, turn_offset)
    {
        return Some((r.id, g));
    }
    regions
        .iter()
        .rev()
        .find(|r| r.shape.contains(at))
        .map(|r| (r.id, Grip::Body))
}

/// The "Edit regions" pane: the photo of the active pane (else the reference) with every region
/// and the selected one's handles.
pub(super) fn regions_pane(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    ctx: &mut PaneCtx<'_>,
    reference: &PhotoId,
    rect: Rect,
    out: &mut Vec<Action>,
) {
    let response = ui.interact(rect, Id::unique("pane-regions"), Sense::click_and_drag());
    let s_from_r = view::screen_from_frame(&ws.view, rect) * ctx.frame.frame_from_reference;
    // Reference pixels per screen point.
    let px = 1.0 / s_from_r.mean_scale().max(1e-9);
    let regions = ws.project().regions.clone();
    let pointer_in_reference = |pos: Option<egui::Pos2>| -> Option<Point> {
        Some(s_from_r.inverse()?.apply(view::to_point(pos?)))
    };
    let Tool::EditRegions(editor) = &mut ws.tool else {
        return;
    };
    if response.drag_started()
        && let Some(at) = pointer_in_reference(ui.input(|i| i.pointer.press_origin()))
        && let Some((region, grip)) = grab(
            &regions,
            editor.selected,
            at,
            HANDLE_REACH * px,
            TURN_OFFSET * px,
        )
        && let Some(r) = regions.iter().find(|r| r.id == region)
    {
        editor.selected = Some(region);
        editor.drag = Some(RegionDrag {
            region,
            grip,
            from: at,
            preview: r.shape.clone(),
        });
    }
    if response.dragged()
        && let Some(drag) = editor.drag.as_mut()
        && let Some(to) = pointer_in_reference(response.interact_pointer_pos())
        && let Some(r) = regions.iter().find(|r| r.id == drag.region)
    {
        drag.preview = region_geometry::dragged(&r.shape, drag.grip, drag.from, to);
    }
    if response.drag_stopped()
        && let Some(drag) = editor.drag.take()
        && let Some(r) = regions.iter().find(|r| r.id == drag.region)
        && r.shape != drag.preview
    {
        // One command for the whole drag: one undo step.
        out.push(Action::Apply(Command::UpdateRegion(Region {
            shape: drag.preview,
            ..r.clone()
        })));
    }
    if response.clicked()
        && let Some(at) = pointer_in_reference(response.interact_pointer_pos())
    {
        editor.selected = grab(&regions, None, at, 0.0, 0.0).map(|(id, _)| id);
    }
    let dragging_region = editor.drag.is_some();
    let hover = pointer_in_reference(response.hover_pos()).and_then(|at| {
        grab(
            &regions,
            editor.selected,
            at,
            HANDLE_REACH * px,
            TURN_OFFSET * px,
        )
    });
    let cursor = match (dragging_region, hover) {
        (true, _) => Some(CursorIcon::Grabbing),
        (false, Some((_, Grip::Body))) => Some(CursorIcon::Grab),
        (false, Some(_)) => Some(CursorIcon::Crosshair),
        (false, None) => None,
    };
    navigate(ui, ws, &response, rect, !dragging_region);
    if let Some(c) = cursor {
        ui.ctx().set_cursor_icon(c);
    }

    let s_from_f = view::screen_from_frame(&ws.view, rect);
    let s_from_r = s_from_f * ctx.frame.frame_from_reference;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::from_gray(18));
    let photo = ws.focused().cloned().unwrap_or_else(|| reference.clone());
    let layer = layer_of(ws, &photo, "Regions".into());
    if let Some(l) = &layer {
        let painted = paint_layer(&painter, ctx, &s_from_f, l, Color32::WHITE);
        note_for(&painter, rect, &painted);
    }
    let Tool::EditRegions(editor) = &ws.tool else {
        return;
    };
    let shown = editor.shown(ws.project());
    paint_regions(&painter, &s_from_r, &shown, editor.selected);
    if let Some(r) = shown.iter().find(|r| Some(r.id) == editor.selected) {
        paint_handles(&painter, &s_from_r, &r.shape, TURN_OFFSET * px);
    }
    let text = if shown.is_empty() {
        "No regions yet: Place default regions or Add region in the panel on the right (Esc stops)"
    } else {
        "Drag a region to move it; squares resize, the circle turns (Esc stops)"
    };
    let (caption, warning) =
        layer.map_or_else(|| ("Regions".to_owned(), None), |l| (l.caption, l.warning));
    draw::caption(
        &painter,
        rect,
        &format!("{caption} · {text}"),
        warning,
        true,
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Regions editor"));
}

/// The "Mark neutral patch" pane: drag a rectangle over a grey card or white paper in `photo`.
pub(super) fn patch_pane(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    ctx: &mut PaneCtx<'_>,
    photo: &PhotoId,
    rect: Rect,
    out: &mut Vec<Action>,
) {
    let response = ui.interact(rect, Id::unique("pane-patch"), Sense::click_and_drag());
    let Some(l) = layer_of(ws, photo, "Neutral patch".into()) else {
        ws.tool = Tool::None;
        return;
    };
    let s_from_p = |ws: &Workspace| {
        view::screen_from_frame(&ws.view, rect)
            * ctx.frame.frame_from_reference
            * l.reference_from_photo
    };
    let screen_from_photo = s_from_p(ws);
    let photo_from_screen = screen_from_photo.inverse();
    let to_photo = |pos: Option<egui::Pos2>| Some(photo_from_screen?.apply(view::to_point(pos?)));
    if response.drag_started()
        && let Some(at) = to_photo(ui.input(|i| i.pointer.press_origin()))
    {
        ws.tool = Tool::MarkPatch {
            photo: photo.clone(),
            drag: Some([at, at]),
        };
    }
    if response.dragged()
        && let Some(to) = to_photo(response.interact_pointer_pos())
        && let Tool::MarkPatch {
            drag: Some(corners),
            ..
        } = &mut ws.tool
    {
        corners[1] = to;
    }
    if response.drag_stopped()
        && let Tool::MarkPatch { drag, .. } = &mut ws.tool
        && let Some([a, b]) = drag.take()
    {
        let patch = rect_from_corners(a, b);
        out.push(patch_tool::marked(&l.photo, patch));
    }
    if response.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
    }
    // Wheel zooms; a drag marks, so it does not pan.
    navigate(ui, ws, &response, rect, false);

    let s_from_f = view::screen_from_frame(&ws.view, rect);
    let screen_from_photo = s_from_p(ws);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::from_gray(18));
    let painted = paint_layer(&painter, ctx, &s_from_f, &l, Color32::WHITE);
    note_for(&painter, rect, &painted);
    let dragging = match &ws.tool {
        Tool::MarkPatch {
            drag: Some([a, b]), ..
        } => Some(rect_from_corners(*a, *b)),
        _ => None,
    };
    match (&dragging, &l.photo.white_patch) {
        (Some(r), _) => paint_patch(&painter, &screen_from_photo, r, "New neutral patch"),
        (None, Some(r)) => paint_patch(&painter, &screen_from_photo, r, "Neutral patch"),
        (None, None) => {}
    }
    draw::caption(
        &painter,
        rect,
        &format!(
            "{} · Drag a rectangle over a grey card or white paper (Esc stops)",
            l.caption
        ),
        None,
        true,
    );
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Neutral patch marker"));
}
