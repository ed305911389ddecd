//! The bar across the top of an open project: its name, read-only notice, Compare / Sessions,
//! undo and redo, the saved state, and project-wide actions.

use egui::{Color32, RichText};

use crate::chrome::shortcuts::SHORTCUTS;
use crate::state::actions::Action;
use crate::state::workspace::{CentralTab, SaveStatus, Workspace};
use crate::work::jobs::{JobKind, Jobs};

pub fn top_bar_ui(ui: &mut egui::Ui, ws: &mut Workspace, jobs: &Jobs, out: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(&ws.project().name).size(18.0).strong())
            .on_hover_text(ws.open.paths.root.display().to_string());
        if let Some(reason) = ws.read_only_reason() {
            ui.label(
                RichText::new("READ-ONLY")
                    .strong()
                    .color(Color32::BLACK)
                    .background_color(Color32::from_rgb(250, 200, 80)),
            )
            .on_hover_text(format!("Changes cannot be made or saved: {reason}"));
        }
        ui.separator();
        ui.selectable_value(&mut ws.tab, CentralTab::Compare, "Compare");
        ui.selectable_value(&mut ws.tab, CentralTab::Sessions, "Sessions");
        ui.selectable_value(&mut ws.tab, CentralTab::Timeline, "Timeline");
        ui.selectable_value(&mut ws.tab, CentralTab::Measurements, "Measurements");
        ui.selectable_value(&mut ws.tab, CentralTab::Guide, "Guide");
        ui.separator();
        let undo = ws.history.undo_label();
        if ui
            .add_enabled(undo.is_some(), egui::Button::new("Undo"))
            .on_hover_text(undo.map_or_else(
                || "Nothing to undo".to_owned(),
                |l| format!("Undo {l} (Ctrl+Z)"),
            ))
            .clicked()
        {
            out.push(Action::Undo);
        }
        let redo = ws.history.redo_label();
        if ui
            .add_enabled(redo.is_some(), egui::Button::new("Redo"))
            .on_hover_text(redo.map_or_else(
                || "Nothing to redo".to_owned(),
                |l| format!("Redo {l} (Ctrl+Shift+Z)"),
            ))
            .clicked()
        {
            out.push(Action::Redo);
        }
        ui.separator();
        let busy = jobs.is_running(JobKind::AlignProject);
        if ui
            .add_enabled(
                ws.read_only_reason().is_none() && !busy,
                egui::Button::new("Align all photos"),
            )
            .on_hover_text("Align every photo to the reference (locked alignments are kept)")
            .clicked()
        {
            out.push(Action::AlignProject);
        }
        if ui
            .add_enabled(
                !ws.project().photos.is_empty(),
                egui::Button::new("Export…"),
            )
            .on_hover_text("A PDF report, a comparison sheet or a timelapse (Ctrl+E)")
            .clicked()
        {
            out.push(Action::OpenExport);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close project").clicked() {
                out.push(Action::CloseProject);
            }
            crate::chrome::about::about_menu_ui(ui);
            ui.menu_button("Keys", |ui| {
                egui::Grid::new("keys").striped(true).show(ui, |ui| {
                    for (keys, what) in SHORTCUTS {
                        ui.label(RichText::new(keys).monospace());
                        ui.label(what);
                        ui.end_row();
                    }
                });
            });
            save_badge_ui(ui, ws);
        });
    });
}

fn save_badge_ui(ui: &mut egui::Ui, ws: &Workspace) {
    let drafts = crate::panels::unsaved_drafts::unsaved(ws);
    let (text, colour, hover) = match ws.save_status() {
        // "Saved" only when nothing typed is waiting outside the project.
        SaveStatus::Saved if !drafts.is_empty() => (
            "Draft not saved",
            ui.visuals().text_color(),
            format!("Not saved yet: {}", drafts.join(", ")),
        ),
        SaveStatus::Saved => (
            "Saved",
            ui.visuals().weak_text_color(),
            "Every change is on disk".to_owned(),
        ),
        SaveStatus::Pending => (
            "Unsaved changes",
            ui.visuals().text_color(),
            "Saved automatically in a moment".to_owned(),
        ),
        SaveStatus::Saving => (
            "Saving…",
            ui.visuals().text_color(),
            "Writing the project to disk".to_owned(),
        ),
        SaveStatus::Failed(e) => (
            "Not saved",
            ui.visuals().error_fg_color,
            format!("The last save failed: {e}. It is tried again at the next change."),
        ),
        SaveStatus::ReadOnly(r) => (
            "Read-only",
            ui.visuals().warn_fg_color,
            format!("Nothing is saved: {r}"),
        ),
    };
    ui.label(RichText::new(text).color(colour))
        .on_hover_text(hover);
}
