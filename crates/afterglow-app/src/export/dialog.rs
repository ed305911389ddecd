//! The Export window (top bar "Export…", Ctrl+E): which photos, which sections of the PDF, the
//! page size, whether original file names may appear, and what to make — a PDF report, a
//! comparison sheet, a timelapse GIF. "Export…" asks where to save (a file dialog on a
//! worker); the files are made by `export_job` on another.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use egui::RichText;
use serde::{Deserialize, Serialize};

use afterglow_core::project::{PhotoId, Project};
use afterglow_core::report::{PageSize, Sections};

use crate::state::actions::Action;
use crate::state::workspace::Workspace;
use crate::work::jobs::DialogPurpose;
use crate::work::textures::{TexKind, TexState, TextureCache};

/// The export choices remembered between runs (the photo selection is per project and is not;
/// nor is "keep original file names", which starts off every time, for privacy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    /// The folder of the last export, where the save dialog opens.
    pub folder: Option<PathBuf>,
    pub sections: Sections,
    pub page: PageSize,
    pub pdf: bool,
    pub sheet: bool,
    pub sheet_format: SheetFormat,
    pub timelapse: bool,
    /// Timelapse frames per second (0.2–30).
    pub fps: f32,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            folder: None,
            sections: Sections::default(),
            page: PageSize::A4,
            pdf: true,
            sheet: false,
            sheet_format: SheetFormat::Png,
            timelapse: false,
            fps: 1.5,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SheetFormat {
    #[default]
    Png,
    Jpeg,
}

impl SheetFormat {
    fn extension(self) -> &'static str {
        match self {
            SheetFormat::Png => "png",
            SheetFormat::Jpeg => "jpg",
        }
    }
}

/// One file an export makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    Pdf,
    Sheet,
    Timelapse,
}

impl OutputKind {
    pub fn describe(self) -> &'static str {
        match self {
            OutputKind::Pdf => "the PDF report",
            OutputKind::Sheet => "the comparison sheet",
            OutputKind::Timelapse => "the timelapse",
        }
    }
}

/// Everything an export job needs besides the project.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportPlan {
    /// In date order; the report always adds the baseline.
    pub photos: Vec<PhotoId>,
    pub sections: Sections,
    pub page: PageSize,
    pub keep_names: bool,
    pub fps: f32,
    /// What to write where.
    pub outputs: Vec<(OutputKind, PathBuf)>,
}

/// One line of the photo list: a session heading or a photo.
#[derive(Clone, Debug)]
enum Row {
    Heading(String),
    Photo {
        id: PhotoId,
        pos: usize,
        label: String,
        excluded: bool,
    },
}

/// The open Export window (runtime only; closed with the project).
#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub chosen: HashSet<PhotoId>,
    pub keep_names: bool,
    rows: Vec<Row>,
    default: Vec<PhotoId>,
    baseline: Option<PhotoId>,
}

impl ExportDialog {
    /// The window as it opens: the report's default selection ticked.
    pub fn new(ws: &Workspace) -> Self {
        let project = ws.project();
        let default = afterglow_core::report::default_selection(project);
        let mut rows = Vec::new();
        for group in &ws.index.groups {
            rows.push(Row::Heading(group.title.clone()));
            for e in &group.entries {
                rows.push(Row::Photo {
                    id: e.id.clone(),
                    pos: e.pos,
                    label: e.label.clone(),
                    excluded: e.excluded,
                });
            }
        }
        Self {
            chosen: default.iter().cloned().collect(),
            keep_names: false,
            rows,
            default,
            baseline: project.reference_photo().map(|p| p.id.clone()),
        }
    }

    /// The chosen photos in date order.
    pub fn chosen_in_order(&self) -> Vec<PhotoId> {
        self.rows
            .iter()
            .filter_map(|r| match r {
                Row::Photo { id, .. } if self.chosen.contains(id) => Some(id.clone()),
                _ => None,
            })
            .collect()
    }
}

/// The kinds asked for, in the order they are made.
pub fn kinds(s: &ExportSettings) -> Vec<OutputKind> {
    let mut k = Vec::new();
    if s.pdf {
        k.push(OutputKind::Pdf);
    }
    if s.sheet {
        k.push(OutputKind::Sheet);
    }
    if s.timelapse {
        k.push(OutputKind::Timelapse);
    }
    k
}

fn extension(kind: OutputKind, s: &ExportSettings) -> &'static str {
    match kind {
        OutputKind::Pdf => "pdf",
        OutputKind::Sheet => s.sheet_format.extension(),
        OutputKind::Timelapse => "gif",
    }
}

/// The name the save dialog proposes: "Skin 2026 report.pdf" (or .png / .gif when the PDF is
/// not made).
pub fn suggested_name(project: &Project, s: &ExportSettings) -> String {
    let base: String = project
        .name
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let kind = kinds(s).first().copied().unwrap_or(OutputKind::Pdf);
    let what = match kind {
        OutputKind::Pdf => "report",
        OutputKind::Sheet => "comparison",
        OutputKind::Timelapse => "timelapse",
    };
    format!("{} {what}.{}", base.trim(), extension(kind, s))
}

/// Where each file goes, from the path the user chose: the first kind there (its extension
/// put right), the others beside it — "report.pdf", "report - sheet.png",
/// "report - timelapse.gif".
pub fn output_paths(chosen: &Path, s: &ExportSettings) -> Vec<(OutputKind, PathBuf)> {
    let dir = chosen.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = chosen
        .file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
    kinds(s)
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let ext = extension(kind, s);
            let name = match (i, kind) {
                (0, _) => format!("{stem}.{ext}"),
                (_, OutputKind::Sheet) => format!("{stem} - sheet.{ext}"),
                (_, OutputKind::Timelapse) => format!("{stem} - timelapse.{ext}"),
                (_, OutputKind::Pdf) => format!("{stem}.{ext}"),
            };
            (kind, dir.join(name))
        })
        .collect()
}

/// The plan for the path the user chose.
pub fn plan(dialog: &ExportDialog, s: &ExportSettings, chosen: &Path) -> ExportPlan {
    ExportPlan {
        photos: dialog.chosen_in_order(),
        sections: s.sections,
        page: s.page,
        keep_names: dialog.keep_names,
        fps: s.fps.clamp(0.2, 30.0),
        outputs: output_paths(chosen, s),
    }
}

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
    ui.horizontal(|ui| {
        ui.checkbox(&mut s.timelapse, "Timelapse GIF")
            .on_hover_text("Every photo that is not excluded, in date order");
        ui.add_enabled(
            s.timelapse,
            egui::DragValue::new(&mut s.fps)
                .range(0.2..=30.0)
                .speed(0.1)
                .max_decimals(1)
                .suffix(" fps"),
        );
    });
    ui.add_space(10.0);
    ui.add_enabled_ui(s.pdf, |ui| {
        ui.label(RichText::new("Sections of the PDF").strong());
        let sec = &mut s.sections;
        ui.checkbox(&mut sec.cover, "Cover: course summary");
        ui.checkbox(&mut sec.comparisons, "Comparisons with the baseline");
        ui.checkbox(&mut sec.measurements, "Measurements: redness and texture");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_outputs_go_beside_the_chosen_file_with_the_right_extension() {
        let s = ExportSettings {
            sheet: true,
            sheet_format: SheetFormat::Jpeg,
            timelapse: true,
            ..ExportSettings::default()
        };
        let out = output_paths(Path::new("/x/My report.pdf"), &s);
        assert_eq!(
            out,
            [
                (OutputKind::Pdf, PathBuf::from("/x/My report.pdf")),
                (OutputKind::Sheet, PathBuf::from("/x/My report - sheet.jpg")),
                (
                    OutputKind::Timelapse,
                    PathBuf::from("/x/My report - timelapse.gif")
                ),
            ]
        );
        let only_gif = ExportSettings {
            pdf: false,
            timelapse: true,
            ..ExportSettings::default()
        };
        assert_eq!(
            output_paths(Path::new("/x/t"), &only_gif),
            [(OutputKind::Timelapse, PathBuf::from("/x/t.gif"))]
        );
    }

    #[test]
    fn settings_without_export_choices_get_the_private_defaults() {
        let s: ExportSettings = serde_json::from_str(r#"{"fps": 4.0}"#).unwrap_or_default();
        assert!(s.pdf && !s.sheet && !s.timelapse);
        assert_eq!(s.fps, 4.0);
        assert_eq!(s.sections, Sections::default());
    }
}
