//! The library: every photo as a thumbnail along the timeline, grouped by the session it
//! follows and labelled "Session 2 · day 3 · 8 Mar 2026". Clicking a thumbnail puts the photo
//! in the active pane of the compare view.

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, StrokeKind, Vec2};

use afterglow_core::project::{PhotoId, View};

use crate::state::actions::Action;
use crate::state::actions::DialogPurpose;
use crate::state::library_index::LibraryEntry;
use crate::state::workspace::Workspace;
use crate::work::textures::{TexKind, TexState, TextureCache};

const TILE: Vec2 = Vec2::new(124.0, 128.0);
const THUMB: Vec2 = Vec2::new(116.0, 87.0);

pub fn library_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    textures: &mut TextureCache,
    pane_count: usize,
    importing: bool,
    out: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.heading("Library");
        ui.label(RichText::new(format!("{} photos", ws.project().photos.len())).weak());
    });
    ui.horizontal_wrapped(|ui| {
        let can_import = ws.read_only_reason().is_none() && !importing;
        if ui
            .add_enabled(can_import, egui::Button::new("Import photos…"))
            .on_hover_text(
                "Add photos (JPEG, PNG, WebP, TIFF); or drop files and folders on the window",
            )
            .clicked()
        {
            out.push(Action::Dialog(DialogPurpose::Import));
        }
        ui.label(RichText::new("or drop them here").weak());
    });
    view_filter_ui(ui, ws);
    ui.separator();
    if ws.index.groups.is_empty() {
        ui.label("No photos yet.");
        return;
    }
    let mut clicked: Option<PhotoId> = None;
    let active_photo = ws.focused().cloned();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for group in &ws.index.groups {
                let shown = |e: &&LibraryEntry| ws.library_view.is_none_or(|v| v == e.view);
                if !group.entries.iter().any(|e| shown(&e)) {
                    continue;
                }
                ui.add_space(6.0);
                ui.label(RichText::new(&group.title).strong());
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing = Vec2::new(4.0, 4.0);
                    for entry in group.entries.iter().filter(shown) {
                        let panes: Vec<usize> = (0..pane_count)
                            .filter(|&i| ws.panes.photos[i].as_ref() == Some(&entry.id))
                            .collect();
                        let selected = active_photo.as_ref() == Some(&entry.id);
                        if tile_ui(ui, ws, textures, entry, &panes, selected) {
                            clicked = Some(entry.id.clone());
                        }
                    }
                });
            }
        });
    if let Some(id) = clicked {
        ws.pick(id, pane_count);
    }
}

/// Which views the library shows, when the project has photos of more than one.
fn view_filter_ui(ui: &mut egui::Ui, ws: &mut Workspace) {
    let views = ws.project().views();
    if views.len() < 2 {
        ws.library_view = None;
        return;
    }
    ui.horizontal(|ui| {
        let show = ui.label("Show");
        let label = ws.library_view.map_or("every view", View::label);
        egui::ComboBox::from_id_salt("library-view")
            .selected_text(label)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut ws.library_view, None, "every view");
                for v in views {
                    ui.selectable_value(&mut ws.library_view, Some(v), v.label());
                }
            })
            .response
            .labelled_by(show.id);
    });
}

/// One thumbnail with its caption; returns whether it was clicked.
fn tile_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    textures: &mut TextureCache,
    entry: &LibraryEntry,
    panes: &[usize],
    selected: bool,
) -> bool {
    let (rect, response) = ui.allocate_exact_size(TILE, Sense::click());
    let missing = ws.missing.contains(&entry.id);
    response.widget_info(|| {
        let label = if missing {
            format!("{} (original file missing)", entry.label)
        } else {
            entry.label.clone()
        };
        egui::WidgetInfo::selected(egui::Role::Button, true, selected, label)
    });
    // Only tiles on screen cost anything beyond their layout slot.
    if !ui.is_rect_visible(rect) {
        return response.clicked();
    }
    let painter = ui.painter();
    let visuals = ui.visuals();
    let bg = if response.hovered() {
        visuals.widgets.hovered.bg_fill
    } else {
        visuals.faint_bg_color
    };
    painter.rect_filled(rect, 6.0, bg);
    let thumb_area = Rect::from_min_size(rect.min + Vec2::new(4.0, 4.0), THUMB);
    let photo = ws
        .project()
        .photos
        .get(entry.pos)
        .filter(|p| p.id == entry.id);
    match photo.map(|p| textures.get(&ws.open.paths, p, TexKind::Thumb)) {
        Some(TexState::Ready { id, size }) => {
            let scale = (THUMB.x / size.x).min(THUMB.y / size.y);
            let r = Rect::from_center_size(thumb_area.center(), size * scale);
            let tint = if entry.excluded || missing {
                Color32::from_gray(90)
            } else {
                Color32::WHITE
            };
            painter.image(
                id,
                r,
                Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
                tint,
            );
        }
        // Without its original (and its cached thumbnail), a photo says so below, not here.
        Some(TexState::Failed(_)) if missing => {
            painter.rect_filled(thumb_area, 4.0, visuals.extreme_bg_color);
        }
        Some(TexState::Failed(_)) => {
            painter.text(
                thumb_area.center(),
                Align2::CENTER_CENTER,
                "cannot read",
                FontId::proportional(12.0),
                visuals.warn_fg_color,
            );
        }
        _ => {
            painter.rect_filled(thumb_area, 4.0, visuals.extreme_bg_color);
        }
    }
    let text_colour = visuals.text_color();
    painter.text(
        Pos2::new(rect.left() + 6.0, thumb_area.bottom() + 6.0),
        Align2::LEFT_TOP,
        &entry.caption,
        FontId::proportional(12.0),
        text_colour,
    );
    let mut flags = String::new();
    if entry.excluded {
        flags.push_str("excluded ");
    }
    if entry.annotated {
        flags.push_str("noted");
    }
    if !flags.is_empty() {
        painter.text(
            Pos2::new(rect.left() + 6.0, thumb_area.bottom() + 22.0),
            Align2::LEFT_TOP,
            flags,
            FontId::proportional(11.0),
            visuals.weak_text_color(),
        );
    }
    if missing {
        let band = Rect::from_min_max(
            Pos2::new(thumb_area.left(), thumb_area.center().y - 11.0),
            Pos2::new(thumb_area.right(), thumb_area.center().y + 11.0),
        );
        painter.rect_filled(band, 0.0, Color32::from_rgb(150, 40, 40));
        painter.text(
            band.center(),
            Align2::CENTER_CENTER,
            "MISSING",
            FontId::proportional(12.5),
            Color32::WHITE,
        );
    }
    if entry.warning.is_some() {
        let at = Pos2::new(thumb_area.right() - 10.0, thumb_area.top() + 10.0);
        painter.circle_filled(at, 9.0, Color32::from_rgb(250, 200, 80));
        painter.text(
            at,
            Align2::CENTER_CENTER,
            "!",
            FontId::proportional(13.0),
            Color32::BLACK,
        );
    }
    for (k, pane) in panes.iter().enumerate() {
        let at = Pos2::new(
            thumb_area.left() + 11.0 + k as f32 * 20.0,
            thumb_area.top() + 11.0,
        );
        painter.circle_filled(at, 9.0, visuals.selection.bg_fill);
        painter.text(
            at,
            Align2::CENTER_CENTER,
            (pane + 1).to_string(),
            FontId::proportional(12.0),
            Color32::WHITE,
        );
    }
    if selected {
        painter.rect_stroke(
            rect,
            6.0,
            Stroke::new(2.0, visuals.selection.bg_fill),
            StrokeKind::Inside,
        );
    }
    let response = match entry.warning {
        _ if missing => response.on_hover_text(format!(
            "{}\nThe original file is missing from the project folder: choose the photo and \
             use Locate… in the details panel",
            entry.label
        )),
        Some(w) => response.on_hover_text(format!("{}\n{w}", entry.label)),
        None => response.on_hover_text(&entry.label),
    };
    response.clicked()
}
