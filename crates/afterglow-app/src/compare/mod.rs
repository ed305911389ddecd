//! The compare view, the main screen: 2–4 photos side by side, or two in one view (wipe, onion
//! skin, redness change), all aligned to the reference and zoomed and panned together.

mod draw;
pub mod heat_map;
pub mod patch_spread;
pub mod patch_tool;
pub mod region_editing;
pub mod regions_overlay;
mod regions_pane;
mod tool_panes;
mod toolbar;
pub mod view;

use std::hash::{Hash, Hasher};

use egui::{Color32, CursorIcon, Id, Rect, Sense, Shape, Stroke, StrokeKind, Vec2};

use afterglow_core::geometry::Affine2;
use afterglow_core::project::{Photo, PhotoId};
use afterglow_core::reference_frame::ReferenceFrame;
use afterglow_core::store::ProjectPaths;

use crate::compare::heat_map::HEAT_LONG_SIDE;
use crate::state::actions::Action;
use crate::state::alignment_status::{AlignStatus, display_reference_from_photo};
use crate::state::settings::{CompareMode, ViewSettings};
use crate::state::tool::Tool;
use crate::state::workspace::Workspace;
use crate::work::textures::{TexKind, TexState, TextureCache};

/// A photo ready to draw: where it lies on the reference and what to say about it.
struct Layer {
    photo: Photo,
    reference_from_photo: Affine2,
    caption: String,
    warning: Option<&'static str>,
}

fn layer(ws: &Workspace, pane: usize) -> Option<Layer> {
    let id = ws.panes.photos[pane].as_ref()?;
    layer_of(ws, id, format!("{}", pane + 1))
}

fn layer_of(ws: &Workspace, id: &PhotoId, prefix: String) -> Option<Layer> {
    let project = ws.project();
    let photo = project.photo(id)?;
    let mut reference_from_photo = display_reference_from_photo(project, photo);
    if let Tool::Nudge {
        photo: nudged,
        drag: Some(change),
    } = &ws.tool
        && nudged == id
    {
        reference_from_photo = *change * reference_from_photo;
    }
    let label = ws
        .index
        .entry(id)
        .map_or_else(|| photo.original_name.clone(), |e| e.label.clone());
    Some(Layer {
        photo: photo.clone(),
        reference_from_photo,
        caption: format!("{prefix} · {label}"),
        warning: AlignStatus::of(project, photo).warning(),
    })
}

/// What the pane area shows this frame.
enum Layout {
    /// `n` panes, each with its own photo.
    Panes(usize),
    /// One pane, photos 1 and 2 combined.
    Combined(CompareMode),
    Nudge(PhotoId),
    MarkEyes(PhotoId),
    EditRegions,
    MarkPatch(PhotoId),
}

pub fn compare_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    view: &mut ViewSettings,
    textures: &mut TextureCache,
    out: &mut Vec<Action>,
) {
    toolbar::toolbar_ui(ui, ws, view);
    let Some(reference) = frame_reference(ws).cloned() else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("No photos yet");
            ui.label("Import photos with the button in the library, or drop them on this window.");
        });
        return;
    };
    let frame = ReferenceFrame::of(&reference);
    let layout = match (&ws.tool, view.mode) {
        (Tool::Nudge { photo, .. }, _) => Layout::Nudge(photo.clone()),
        (Tool::MarkEyes { photo, .. }, _) => Layout::MarkEyes(photo.clone()),
        (Tool::EditRegions(_), _) => Layout::EditRegions,
        (Tool::MarkPatch { photo, .. }, _) => Layout::MarkPatch(photo.clone()),
        (_, CompareMode::SideBySide) => Layout::Panes(view.pane_count.clamp(2, 4)),
        (_, mode) => Layout::Combined(mode),
    };
    let area = ui.available_rect_before_wrap();
    ui.allocate_rect(area, Sense::hover());
    let count = match layout {
        Layout::Panes(n) => n,
        _ => 1,
    };
    let rects = pane_rects(area, count);
    if std::mem::take(&mut ws.view.fit_face) {
        match view::face_in_frame(ws.project(), &reference, &frame) {
            Some(face) => view::fit_rect(&mut ws.view, face, rects[0].size()),
            None => ws.view.fit = true,
        }
    }
    if ws.view.fit {
        view::fit(&mut ws.view, &frame, rects[0].size());
    }
    let paths = ws.open.paths.clone();
    let mut ctx = PaneCtx {
        frame,
        reference_size: (reference.width, reference.height),
        paths,
        textures,
    };
    match layout {
        Layout::Panes(n) => {
            for (i, rect) in rects.iter().enumerate().take(n) {
                side_by_side_pane_ui(ui, ws, view, &mut ctx, i, *rect);
            }
        }
        Layout::Combined(mode) => combined_pane_ui(ui, ws, view, &mut ctx, mode, rects[0], out),
        Layout::Nudge(photo) => {
            tool_panes::nudge_pane_ui(ui, ws, view, &mut ctx, &reference.id, &photo, rects[0], out)
        }
        Layout::MarkEyes(photo) => {
            tool_panes::eyes_pane_ui(ui, ws, &mut ctx, &photo, rects[0], out)
        }
        Layout::EditRegions => {
            regions_pane::regions_pane(ui, ws, &mut ctx, &reference.id, rects[0], out)
        }
        Layout::MarkPatch(photo) => {
            regions_pane::patch_pane(ui, ws, &mut ctx, &photo, rects[0], out)
        }
    }
}

struct PaneCtx<'a> {
    frame: ReferenceFrame,
    reference_size: (u32, u32),
    paths: ProjectPaths,
    textures: &'a mut TextureCache,
}

/// Splits `area` into `n` panes: a row of 2 or 3, a 2×2 grid of 4.
fn pane_rects(area: Rect, n: usize) -> Vec<Rect> {
    let gap = 6.0;
    let (cols, rows) = if n == 4 { (2, 2) } else { (n.max(1), 1) };
    let w = (area.width() - gap * (cols - 1) as f32) / cols as f32;
    let h = (area.height() - gap * (rows - 1) as f32) / rows as f32;
    (0..n)
        .map(|i| {
            let (c, r) = (i % cols, i / cols);
            Rect::from_min_size(
                area.min + Vec2::new(c as f32 * (w + gap), r as f32 * (h + gap)),
                Vec2::new(w.max(1.0), h.max(1.0)),
            )
        })
        .collect()
}

/// What happened when a layer was painted.
enum Painted {
    Drawn,
    Loading,
    Failed(String),
}

fn paint_layer(
    painter: &egui::Painter,
    ctx: &mut PaneCtx<'_>,
    screen_from_frame: &Affine2,
    layer: &Layer,
    tint: Color32,
) -> Painted {
    match ctx.textures.get(&ctx.paths, &layer.photo, TexKind::Preview) {
        TexState::Ready { id, size } => {
            let t = draw::screen_from_preview(
                screen_from_frame,
                &ctx.frame,
                &layer.reference_from_photo,
                (layer.photo.width, layer.photo.height),
                size,
            );
            painter.add(Shape::mesh(draw::textured_quad(id, size, &t, tint)));
            Painted::Drawn
        }
        TexState::Loading => Painted::Loading,
        TexState::Failed(e) => Painted::Failed(e.to_owned()),
    }
}

fn note_for(painter: &egui::Painter, rect: Rect, painted: &Painted) {
    match painted {
        Painted::Drawn => {}
        Painted::Loading => draw::centred_note(painter, rect, "Loading…"),
        Painted::Failed(e) => {
            draw::centred_note(painter, rect, &format!("Cannot show this photo: {e}"))
        }
    }
}

/// Wheel and pinch zoom, drag to pan, double-click to fit: shared by every pane.
fn navigate(ui: &egui::Ui, ws: &mut Workspace, response: &egui::Response, rect: Rect, pan: bool) {
    if response.hovered() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = pinch * (scroll * 0.0015).exp();
        if (factor - 1.0).abs() > 1e-4
            && let Some(pointer) = response.hover_pos()
        {
            view::zoom_about(&mut ws.view, factor, pointer, rect);
        }
    }
    if pan && response.dragged() {
        view::pan(&mut ws.view, response.drag_delta());
    }
    if response.double_clicked() {
        ws.view.fit = true;
    }
}

fn side_by_side_pane_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    view: &ViewSettings,
    ctx: &mut PaneCtx<'_>,
    index: usize,
    rect: Rect,
) {
    let response = ui.interact(
        rect,
        Id::unique("pane").with(index),
        Sense::click_and_drag(),
    );
    navigate(ui, ws, &response, rect, true);
    if response.clicked() {
        ws.panes.active = index;
    }
    // A thumbnail dragged from the library and dropped here.
    if let Some(id) = response.dnd_release_payload::<PhotoId>() {
        ws.panes.active = index;
        ws.pick((*id).clone(), view.pane_count.clamp(2, 4));
    }
    let dropping_here = response.dnd_hover_payload::<PhotoId>().is_some();
    let active = ws.panes.active == index;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::from_gray(18));
    let s_from_f = view::screen_from_frame(&ws.view, rect);
    let layer = layer(ws, index);
    match &layer {
        Some(l) => {
            let painted = paint_layer(&painter, ctx, &s_from_f, l, Color32::WHITE);
            note_for(&painter, rect, &painted);
        }
        None => draw::centred_note(
            &painter,
            rect,
            if active {
                "Click a photo in the library, or drag one here, to show it"
            } else {
                "Empty: click here, then a photo in the library (or drag one here)"
            },
        ),
    }
    // An empty pane shows its hint alone: no grid or regions over nothing.
    if view.grid && layer.is_some() {
        draw::grid(&painter, &s_from_f, &ctx.frame);
    }
    if view.show_regions && layer.is_some() {
        regions_pane::overlay(&painter, ws, &s_from_f, &ctx.frame, layer.as_ref());
    }
    let caption = layer
        .as_ref()
        .map_or_else(|| format!("{}", index + 1), |l| l.caption.clone());
    draw::caption(
        &painter,
        rect,
        &caption,
        layer.as_ref().and_then(|l| l.warning),
        active,
    );
    if active || dropping_here {
        let width = if dropping_here { 4.0 } else { 2.0 };
        painter.rect_stroke(
            rect,
            0.0,
            Stroke::new(width, ui.visuals().selection.bg_fill),
            StrokeKind::Inside,
        );
    }
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Image, true, active, format!("Pane {caption}"))
    });
}

fn combined_pane_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    view: &mut ViewSettings,
    ctx: &mut PaneCtx<'_>,
    mode: CompareMode,
    rect: Rect,
    out: &mut Vec<Action>,
) {
    let response = ui.interact(rect, Id::unique("pane-combined"), Sense::click_and_drag());
    navigate(ui, ws, &response, rect, true);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, Color32::from_gray(18));
    let s_from_f = view::screen_from_frame(&ws.view, rect);
    let (a, b) = (layer(ws, 0), layer(ws, 1));
    let (Some(a), Some(b)) = (a, b) else {
        draw::centred_note(
            &painter,
            rect,
            "Choose photo 1 and photo 2 in the library (keys 1 and 2 pick the pane)",
        );
        return;
    };
    match mode {
        CompareMode::Wipe => {
            let x = rect.left() + view.wipe * rect.width();
            let left = Rect::from_min_max(rect.min, egui::pos2(x, rect.max.y));
            let right = Rect::from_min_max(egui::pos2(x, rect.min.y), rect.max);
            let pa = paint_layer(
                &painter.with_clip_rect(left),
                ctx,
                &s_from_f,
                &a,
                Color32::WHITE,
            );
            let pb = paint_layer(
                &painter.with_clip_rect(right),
                ctx,
                &s_from_f,
                &b,
                Color32::WHITE,
            );
            note_for(&painter.with_clip_rect(left), left, &pa);
            note_for(&painter.with_clip_rect(right), right, &pb);
            if view.grid {
                draw::grid(&painter, &s_from_f, &ctx.frame);
            }
            painter.line_segment(
                [egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())],
                Stroke::new(2.0, Color32::WHITE),
            );
            // The divider's handle, on top of the pane so dragging it does not pan.
            let handle = Rect::from_center_size(
                egui::pos2(x, rect.center().y),
                Vec2::new(24.0, rect.height()),
            );
            let h = ui.interact(handle, Id::unique("wipe-divider"), Sense::drag());
            if h.hovered() || h.dragged() {
                ui.ctx().set_cursor_icon(CursorIcon::ResizeHorizontal);
            }
            if h.dragged() {
                view.wipe = ((x + h.drag_delta().x - rect.left()) / rect.width()).clamp(0.0, 1.0);
            }
            h.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Splitter, true, "Wipe divider"));
            painter.circle_filled(egui::pos2(x, rect.center().y), 10.0, Color32::WHITE);
            painter.text(
                egui::pos2(x, rect.center().y),
                egui::Align2::CENTER_CENTER,
                "<>",
                egui::FontId::proportional(11.0),
                Color32::BLACK,
            );
            draw::caption(
                &painter.with_clip_rect(left),
                left,
                &a.caption,
                a.warning,
                false,
            );
            draw::caption(
                &painter.with_clip_rect(right),
                right,
                &b.caption,
                b.warning,
                false,
            );
        }
        CompareMode::Onion => {
            let pa = paint_layer(&painter, ctx, &s_from_f, &a, Color32::WHITE);
            let tint = Color32::WHITE.gamma_multiply(view.onion_opacity);
            let pb = paint_layer(&painter, ctx, &s_from_f, &b, tint);
            note_for(
                &painter,
                rect,
                if matches!(pa, Painted::Drawn) {
                    &pb
                } else {
                    &pa
                },
            );
            if view.grid {
                draw::grid(&painter, &s_from_f, &ctx.frame);
            }
            let text = format!(
                "{} under {} ({:.0} % see-through)",
                a.caption,
                b.caption,
                (1.0 - view.onion_opacity) * 100.0
            );
            draw::caption(&painter, rect, &text, a.warning.or(b.warning), false);
        }
        CompareMode::RednessChange | CompareMode::SideBySide => {
            let dim = Color32::from_gray(150);
            let pa = paint_layer(&painter, ctx, &s_from_f, &a, dim);
            note_for(&painter, rect, &pa);
            let key = heat_key(ws, &a, &b, view.heat_range);
            if ws.heat.key != Some(key) {
                out.push(Action::HeatMap {
                    before: a.photo.id.clone(),
                    after: b.photo.id.clone(),
                    key,
                    range: view.heat_range,
                });
            }
            match (&ws.heat.map, &ws.heat.error) {
                (Some((k, tex, range, noise)), _) if *k == key => {
                    let (rw, rh) = ctx.reference_size;
                    let heat = ReferenceFrame::with_long_side(rw, rh, HEAT_LONG_SIDE);
                    // Heat map pixels → reference → frame → screen.
                    let s_from_h =
                        s_from_f * ctx.frame.frame_from_reference * heat.reference_from_frame();
                    let tint = Color32::WHITE.gamma_multiply(view.heat_opacity);
                    painter.add(Shape::mesh(draw::textured_quad(
                        tex.id(),
                        tex.size_vec2(),
                        &s_from_h,
                        tint,
                    )));
                    let note = draw::calibration_note(
                        a.photo.white_patch.is_some(),
                        b.photo.white_patch.is_some(),
                    );
                    draw::legend(&painter, rect, *range, *noise, note);
                }
                (_, Some((k, e))) if *k == key => {
                    draw::centred_note(&painter, rect, &format!("No redness map: {e}"))
                }
                _ => draw::centred_note(&painter, rect, "Computing the redness map…"),
            }
            if view.grid {
                draw::grid(&painter, &s_from_f, &ctx.frame);
            }
            let warning = if a.warning.is_some() || b.warning.is_some() {
                Some("a photo is not aligned: the map compares different skin")
            } else {
                None
            };
            draw::caption(
                &painter,
                rect,
                &format!("From {} to {}", a.caption, b.caption),
                warning,
                false,
            );
        }
    }
    if view.show_regions {
        regions_pane::overlay(&painter, ws, &s_from_f, &ctx.frame, None);
    }
}

/// Identifies the inputs of a heat map: both photos and where they lie on the reference.
fn heat_key(ws: &Workspace, a: &Layer, b: &Layer, range: f32) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    range.to_bits().hash(&mut h);
    for l in [a, b] {
        l.photo.id.hash(&mut h);
        for v in l.reference_from_photo.m.iter().flatten() {
            v.to_bits().hash(&mut h);
        }
    }
    frame_reference(ws).map(|r| &r.id).hash(&mut h);
    h.finish()
}

/// The reference whose frame the compare view draws in: that of the active pane's photo's
/// view (`Workspace::pick` keeps every pane in one view), else the main view's.
fn frame_reference(ws: &Workspace) -> Option<&Photo> {
    let project = ws.project();
    ws.focused()
        .and_then(|id| project.photo(id))
        .and_then(|p| project.reference_of(p))
        .or_else(|| project.reference_photo())
}
