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
        // What follows goes into one "More" menu when the window is too narrow for it.
        let inline = project_actions_width(ui) + save_badge_width(ui, ws);
        let fits = ui.available_width() >= inline;
        if fits {
            project_actions_ui(ui, ws, jobs, out);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if fits {
                window_actions_ui(ui, out);
            } else {
                ui.menu_button(MORE, |ui| {
                    ui.set_min_width(180.0);
                    project_actions_ui(ui, ws, jobs, out);
                    ui.separator();
                    window_actions_ui(ui, out);
                })
                .response
                .on_hover_text("Align all photos, Export…, Keys, About, Close project");
            }
            save_badge_ui(ui, ws);
        });
    });
}

/// The overflow menu's button when the window is too narrow for every action.
pub const MORE: &str = "More ☰";

/// The labels of the buttons [`project_actions_ui`] and [`window_actions_ui`] show.
const ACTION_LABELS: [&str; 5] = [
    "Align all photos",
    "Export…",
    "Close project",
    "About",
    "Keys",
];

/// The width the project and window actions take in one row.
fn project_actions_width(ui: &egui::Ui) -> f32 {
    let spacing = ui.spacing();
    ACTION_LABELS
        .iter()
        .map(|label| {
            text_width(ui, label, egui::TextStyle::Button)
                + 2.0 * spacing.button_padding.x
                + spacing.item_spacing.x
        })
        .sum::<f32>()
        // The separator and a little room so the row never touches the edge.
        + 2.0 * spacing.item_spacing.x + 16.0
}

fn text_width(ui: &egui::Ui, text: &str, style: egui::TextStyle) -> f32 {
    egui::WidgetText::from(text)
        .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
        .size()
        .x
}

/// Align all photos and Export…: work on the whole project.
fn project_actions_ui(ui: &mut egui::Ui, ws: &Workspace, jobs: &Jobs, out: &mut Vec<Action>) {
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
}

/// Close project, About and Keys (laid out right to left in the bar).
fn window_actions_ui(ui: &mut egui::Ui, out: &mut Vec<Action>) {
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
}

/// The save badge's widest text, so the bar keeps room for it whatever it says.
fn save_badge_width(ui: &egui::Ui, ws: &Workspace) -> f32 {
    let (text, ..) = save_badge(ui, ws);
    text_width(ui, text, egui::TextStyle::Body) + ui.spacing().item_spacing.x
}

fn save_badge_ui(ui: &mut egui::Ui, ws: &Workspace) {
    let (text, colour, hover) = save_badge(ui, ws);
    ui.label(RichText::new(text).color(colour))
        .on_hover_text(hover);
}

/// What the save badge says, in which colour, and its hover text.
fn save_badge(ui: &egui::Ui, ws: &Workspace) -> (&'static str, Color32, String) {
    let drafts = crate::panels::unsaved_drafts::unsaved(ws);
    match ws.save_status() {
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
    }
}
