//! The library: every photo as a thumbnail along the timeline, grouped by the session it
//! follows and labelled "Session 2 · day 3 · 8 Mar 2026". Clicking a thumbnail puts the photo
//! in the active pane of the compare view.

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, StrokeKind, Vec2};

use afterglow_core::project::{Command, PhotoId, View};

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
        if ui
            .add_enabled(can_import, egui::Button::new("Folder…"))
            .on_hover_text("Import every photo in a folder and its subfolders")
            .clicked()
        {
            out.push(Action::Dialog(DialogPurpose::ImportFolder));
        }
        ui.label(RichText::new("or drop them here").weak());
    });
    view_filter_ui(ui, ws);
    ui.separator();
    if ws.index.groups.is_empty() {
        ui.label("No photos yet.");
        return;
    }
    let mut chosen: Option<(PhotoId, TileChoice)> = None;
    let active_photo = ws.focused().cloned();
    // The library follows the photo shown (Left / Right, the timeline): its tile is scrolled
    // into view once when it changes.
    let follow = active_photo
        .as_ref()
        .is_some_and(|p| crate::panels::details::changed_since_last_frame(ui, "library-photo", p));
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
                        if let Some(choice) = tile_ui(
                            ui,
                            ws,
                            textures,
                            entry,
                            &panes,
                            (selected, selected && follow),
                            pane_count,
                        ) {
                            chosen = Some((entry.id.clone(), choice));
                        }
                    }
                });
            }
        });
    if let Some((id, choice)) = chosen {
        apply_choice(ws, id, choice, pane_count, out);
    }
}

/// What a thumbnail was asked to do: by a click, or from its context menu.
#[derive(Clone, Copy, Debug, PartialEq)]
enum TileChoice {
    /// Show it in the active pane.
    Show,
    /// Show it in pane `n` (0-based), which becomes the active one.
    ShowIn(usize),
    MakeReference,
    SetExcluded(bool),
    /// Open the folder that holds its original.
    ShowFile,
}

fn apply_choice(
    ws: &mut Workspace,
    id: PhotoId,
    choice: TileChoice,
    pane_count: usize,
    out: &mut Vec<Action>,
) {
    match choice {
        TileChoice::Show => ws.pick(id, pane_count),
        TileChoice::ShowIn(pane) => {
            ws.panes.active = pane.min(pane_count - 1);
            ws.pick(id, pane_count);
        }
        TileChoice::MakeReference => out.push(Action::MakeReference(id)),
        TileChoice::SetExcluded(excluded) => {
            if let Some(photo) = ws.project().photo(&id) {
                let mut p = photo.clone();
                p.excluded = excluded;
                out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
            }
        }
        TileChoice::ShowFile => {
            if let Some(photo) = ws.project().photo(&id) {
                let file = ws.open.paths.original(photo);
                if let Some(folder) = file.parent() {
                    out.push(Action::OpenFolder(folder.to_owned()));
                }
            }
        }
    }
}

/// The thumbnail's right-click menu.
fn tile_menu_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    entry: &LibraryEntry,
    pane_count: usize,
) -> Option<TileChoice> {
    let mut choice = None;
    for pane in 0..pane_count {
        if ui.button(format!("Show in pane {}", pane + 1)).clicked() {
            choice = Some(TileChoice::ShowIn(pane));
        }
    }
    ui.separator();
    let is_reference = ws
        .project()
        .reference_photo_for(entry.view)
        .is_some_and(|r| r.id == entry.id);
    let read_only = ws.read_only_reason().is_some();
    if ui
        .add_enabled(
            !is_reference && !read_only,
            egui::Button::new("Make reference"),
        )
        .clicked()
    {
        choice = Some(TileChoice::MakeReference);
    }
    let exclude = if entry.excluded {
        "Include in comparisons"
    } else {
        "Exclude from comparisons"
    };
    if ui
        .add_enabled(!read_only, egui::Button::new(exclude))
        .clicked()
    {
        choice = Some(TileChoice::SetExcluded(!entry.excluded));
    }
    if ui
        .button("Show file")
        .on_hover_text("Open the folder that holds this photo's original")
        .clicked()
    {
        choice = Some(TileChoice::ShowFile);
    }
    choice
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

/// One thumbnail with its caption: clicked, dragged into a pane (the photo id is the
/// payload), or right-clicked for its menu. Returns what it was asked to do.
fn tile_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    textures: &mut TextureCache,
    entry: &LibraryEntry,
    panes: &[usize],
    (selected, scroll_to): (bool, bool),
    pane_count: usize,
) -> Option<TileChoice> {
    let (rect, response) = ui.allocate_exact_size(TILE, Sense::click_and_drag());
    if scroll_to {
        response.scroll_to_me(Some(egui::Align::Center));
    }
    response.dnd_set_drag_payload(entry.id.clone());
    let mut choice = response.clicked().then_some(TileChoice::Show);
    response.context_menu(|ui| {
        if let Some(c) = tile_menu_ui(ui, ws, entry, pane_count) {
            choice = Some(c);
        }
    });
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
        return choice;
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
    let hover = match entry.warning {
        _ if missing => format!(
            "{}\nThe original file is missing from the project folder: choose the photo and \
             use Locate… in the details panel",
            entry.label
        ),
        Some(w) => format!("{}\n{w}", entry.label),
        None => entry.label.clone(),
    };
    response.on_hover_text(hover);
    choice
}
