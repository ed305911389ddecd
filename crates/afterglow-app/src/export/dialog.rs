//! The Export window (top bar "Export…", Ctrl+E): which photos, which sections of the PDF, the
//! page size, whether original file names may appear, and what to make — a PDF report, a
//! comparison sheet, a timelapse (MP4 video or GIF). "Export…" asks where to save (a file dialog on a
//! worker); the files are made by `export_job` on another.

use std::collections::HashSet;

use egui::RichText;

use afterglow_core::project::PhotoId;
use afterglow_core::report::{PageSize, TimelapseFormat};

use crate::export::plan::{OutputKind, kinds, suggested_name};
use crate::state::actions::{Action, DialogPurpose};
use crate::state::export_choices::{ExportDialog, ExportSettings, Row, SheetFormat};
use crate::state::workspace::Workspace;
use crate::work::textures::{TexKind, TexState, TextureCache};

const ROW_H: f32 = 40.0;
const THUMB_H: f32 = 36.0;

/// Draws the Export window while it is open.
pub fn export_dialog_ui(
    ctx: &egui::Context,
    ws: &mut Workspace,
    settings: &mut ExportSettings,
    textures: &mut TextureCache,
    busy: bool,
    out: &mut Vec<Action>,
) {
    let Some(mut dialog) = ws.export.take() else {
        return;
    };
    let mut open = true;
    let mut close = false;
    // Tall enough for the whole photo list when the screen allows; it scrolls otherwise.
    let list_h = dialog.rows.len() as f32 * ROW_H;
    let height = (ctx.content_rect().height() - 110.0)
        .min(list_h + 150.0)
        .max(380.0);
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .fixed_size([760.0, height])
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .show(ctx, |ui| {
            ui.columns(2, |cols| {
                photos_ui(&mut cols[0], ws, &mut dialog, textures);
                choices_ui(&mut cols[1], settings, &mut dialog);
            });
            ui.separator();
            ui.horizontal(|ui| {
                let kinds = kinds(settings);
                let n = dialog.chosen.len();
                let ready = !kinds.is_empty() && !busy;
                let button = ui
                    .add_enabled(ready, egui::Button::new(RichText::new("Save as…").strong()))
                    .on_hover_text("Choose where to save; the files are made in the background")
                    .on_disabled_hover_text(if busy {
                        "An export is running"
                    } else {
                        "Choose at least one thing to make"
                    });
                if button.clicked() {
                    out.push(Action::Dialog(DialogPurpose::Export {
                        folder: settings.folder.clone(),
                        name: suggested_name(ws.project(), settings),
                    }));
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
                let names: Vec<&str> = kinds
                    .iter()
                    .map(|k| match k {
                        OutputKind::Pdf => "PDF",
                        OutputKind::Sheet => "sheet",
                        OutputKind::Timelapse => "timelapse",
                    })
                    .collect();
                ui.label(
                    RichText::new(format!(
                        "{n} photo{} · {}",
                        if n == 1 { "" } else { "s" },
                        if names.is_empty() {
                            "nothing to make".to_owned()
                        } else {
                            names.join(" + ")
                        }
                    ))
                    .weak(),
                );
            });
        });
    if open && !close {
        ws.export = Some(dialog);
    }
}

fn photos_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    dialog: &mut ExportDialog,
    textures: &mut TextureCache,
) {
    ui.label(RichText::new("Photos").strong());
    ui.horizontal(|ui| {
        if ui
            .small_button("Default")
            .on_hover_text("The baseline, the last photo of each session and the latest")
            .clicked()
        {
            dialog.chosen = dialog.default.iter().cloned().collect();
        }
        if ui.small_button("All").clicked() {
            dialog.chosen = dialog
                .rows
                .iter()
                .filter_map(|r| match r {
                    Row::Photo { id, excluded, .. } if !excluded => Some(id.clone()),
                    _ => None,
                })
                .collect();
        }
        if ui.small_button("None").clicked() {
            dialog.chosen.clear();
            dialog.chosen.extend(dialog.baseline.clone());
        }
    });
    let ExportDialog {
        rows,
        chosen,
        baseline,
        ..
    } = dialog;
    // Only the rows on screen are laid out (and ask for a thumbnail): a library of
    // thousands costs nothing more.
    egui::ScrollArea::vertical()
        .id_salt("export-photos")
        .max_height((ui.available_height() - 48.0).max(160.0))
        .auto_shrink([false, true])
        .show_rows(ui, ROW_H, rows.len(), |ui, range| {
            for row in &rows[range] {
                match row {
                    Row::Heading(title) => {
                        ui.allocate_ui(egui::vec2(ui.available_width(), ROW_H), |ui| {
                            ui.add_space(14.0);
                            ui.label(RichText::new(title).strong().size(12.5));
                        });
                    }
                    Row::Photo {
                        id,
                        pos,
                        label,
                        excluded,
                    } => {
                        ui.allocate_ui(egui::vec2(ui.available_width(), ROW_H), |ui| {
                            ui.horizontal(|ui| {
                                ui.set_height(ROW_H);
                                photo_row_ui(
                                    ui,
                                    ws,
                                    textures,
                                    (id, *pos, label, *excluded),
                                    chosen,
                                    baseline.as_ref(),
                                );
                            });
                        });
                    }
                }
            }
        });
}

fn photo_row_ui(
    ui: &mut egui::Ui,
    ws: &Workspace,
    textures: &mut TextureCache,
    (id, pos, label, excluded): (&PhotoId, usize, &str, bool),
    chosen: &mut HashSet<PhotoId>,
    baseline: Option<&PhotoId>,
) {
    let photo = ws.project().photos.get(pos).filter(|p| &p.id == id);
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(THUMB_H * 4.0 / 3.0, THUMB_H),
        egui::Sense::hover(),
    );
    match photo.map(|p| textures.get(&ws.open.paths, p, TexKind::Thumb)) {
        Some(TexState::Ready { id: tex, size }) => {
            let scale = (rect.width() / size.x).min(rect.height() / size.y);
            let r = egui::Rect::from_center_size(rect.center(), size * scale);
            ui.painter().image(
                tex,
                r,
                egui::Rect::from_min_max(egui::Pos2::ZERO, egui::pos2(1.0, 1.0)),
                egui::Color32::WHITE,
            );
        }
        _ => {
            ui.painter()
                .rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
        }
    }
    let is_baseline = baseline == Some(id);
    let mut on = chosen.contains(id) || is_baseline;
    let text = match (is_baseline, excluded) {
        (true, _) => format!("{label} (baseline)"),
        (false, true) => format!("{label} (excluded)"),
        (false, false) => label.to_owned(),
    };
    let response = ui
        .add_enabled(!is_baseline, egui::Checkbox::new(&mut on, text))
        .on_disabled_hover_text("Every report starts from the baseline (the reference photo)");
    if response.changed() {
        if on {
            chosen.insert(id.clone());
        } else {
            chosen.remove(id);
        }
    }
}

fn choices_ui(ui: &mut egui::Ui, s: &mut ExportSettings, dialog: &mut ExportDialog) {
    ui.label(RichText::new("Make").strong());
    ui.checkbox(&mut s.pdf, "PDF report");
    ui.horizontal(|ui| {
        ui.checkbox(&mut s.sheet, "Comparison sheet");
        ui.add_enabled_ui(s.sheet, |ui| {
            egui::ComboBox::from_id_salt("sheet-format")
                .width(70.0)
                .selected_text(match s.sheet_format {
                    SheetFormat::Png => "PNG",
                    SheetFormat::Jpeg => "JPEG",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut s.sheet_format, SheetFormat::Png, "PNG");
                    ui.selectable_value(&mut s.sheet_format, SheetFormat::Jpeg, "JPEG");
                });
        });
    });
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut s.timelapse, "Timelapse")
            .on_hover_text("Every photo that is not excluded, in date order");
        ui.add_enabled_ui(s.timelapse, |ui| {
            egui::ComboBox::from_id_salt("timelapse-format")
                .width(70.0)
                .selected_text(match s.timelapse_format {
                    TimelapseFormat::Mp4 => "MP4",
                    TimelapseFormat::Gif => "GIF",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut s.timelapse_format, TimelapseFormat::Mp4, "MP4")
                        .on_hover_text("H.264 video, 1080 px: small, plays in browsers and phones");
                    ui.selectable_value(&mut s.timelapse_format, TimelapseFormat::Gif, "GIF")
                        .on_hover_text("Animated GIF, 480 px");
                });
            ui.add(
                egui::DragValue::new(&mut s.fps)
                    .range(0.2..=30.0)
                    .speed(0.1)
                    .max_decimals(1)
                    .suffix(" photos/s"),
            );
            ui.checkbox(&mut s.crossfade, "Crossfade")
                .on_hover_text("Fade each photo into the next");
        });
    });
    ui.add_space(10.0);
    ui.add_enabled_ui(s.pdf, |ui| {
        ui.label(RichText::new("Sections of the PDF").strong());
        let sec = &mut s.sections;
        ui.checkbox(&mut sec.cover, "Cover: course summary");
        ui.checkbox(&mut sec.comparisons, "Comparisons with the baseline");
        ui.checkbox(
            &mut sec.measurements,
            "Measurements: redness, pigmentation, texture",
        );
        ui.checkbox(&mut sec.notes, "Notes");
        ui.checkbox(&mut sec.guide, "The treatment guide");
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label("Page");
            ui.radio_value(&mut s.page, PageSize::A4, "A4");
            ui.radio_value(&mut s.page, PageSize::Letter, "Letter");
        });
    });
    ui.add_space(10.0);
    ui.label(RichText::new("Privacy").strong());
    ui.checkbox(&mut dialog.keep_names, "Keep original file names")
        .on_hover_text(
            "Off: photos are labelled by session, day and date only. File names can carry \
             dates, places or names.",
        );
    ui.label(
        RichText::new(
            "Photos are re-encoded from pixels: no location, camera or EXIF data is exported.",
        )
        .weak()
        .size(11.5),
    );
}
