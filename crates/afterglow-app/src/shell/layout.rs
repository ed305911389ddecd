//! The window's layout for an open project: top bar, status bar, library on the left, details
//! on the right, the chosen tab in the middle, and the windows above them.

use crate::analysis::{guide_editor, measurements_view, timeline_view};
use crate::chrome::side_panels::{self, Side};
use crate::chrome::{status_bar, top_bar};
use crate::compare;
use crate::panels::{details, import, library, sessions};
use crate::state::actions::Action;
use crate::state::settings::Settings;
use crate::state::workspace::{CentralTab, Workspace};
use crate::work::jobs::{JobKind, Jobs};
use crate::work::textures::TextureCache;

pub(super) fn project_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    settings: &mut Settings,
    textures: &mut TextureCache,
    jobs: &Jobs,
    out: &mut Vec<Action>,
) {
    egui::Panel::top("top-bar").show(ui, |ui| {
        ui.add_space(4.0);
        top_bar::top_bar_ui(ui, ws, jobs, out);
        ui.add_space(2.0);
    });
    egui::Panel::bottom("status-bar").show(ui, |ui| status_bar::status_bar_ui(ui, jobs, out));
    let importing = jobs.is_running(JobKind::Import);
    let pane_count = settings.view.pane_count.clamp(2, 4);
    // Side panels in proportion to the window, so a small screen keeps room for the photos.
    let window = ui.ctx().content_rect().width();
    let view = &mut settings.view;
    if view.show_library {
        egui::Panel::left("library")
            .resizable(true)
            .default_size((0.2 * window).clamp(180.0, 292.0))
            .size_range(150.0..=(0.25 * window).max(150.0))
            .show(ui, |ui| {
                library::library_ui(ui, ws, textures, pane_count, importing, out);
                side_panels::hide_button_ui(ui, Side::Library, view);
            });
    } else {
        side_panels::collapsed_ui(ui, Side::Library, view);
    }
    let align_busy = jobs.is_running(JobKind::AlignPhoto) || jobs.is_running(JobKind::AlignProject);
    if view.show_details {
        egui::Panel::right("details")
            .resizable(true)
            .default_size((0.27 * window).clamp(260.0, 380.0))
            .size_range(240.0..=(0.3 * window).max(240.0))
            .show(ui, |ui| {
                details::details_ui(ui, ws, align_busy, out);
                side_panels::hide_button_ui(ui, Side::Details, view);
            });
    } else {
        side_panels::collapsed_ui(ui, Side::Details, view);
    }
    egui::CentralPanel::default().show(ui, |ui| match ws.tab {
        CentralTab::Compare => compare::compare_ui(ui, ws, &mut settings.view, textures, out),
        CentralTab::Sessions => sessions::sessions_ui(ui, ws, out),
        CentralTab::Timeline => timeline_view::timeline_ui(ui, ws, textures, out),
        CentralTab::Measurements => {
            measurements_view::measurements_ui(ui, ws, &mut settings.analysis, jobs, out)
        }
        CentralTab::Guide => guide_editor::guide_editor_ui(ui, ws, out),
    });
    import::rejected_list_ui(ui.ctx(), ws);
    crate::panels::reference_switch::older_photos_ui(ui.ctx(), ws, out);
    crate::panels::sync_conflicts::conflicts_ui(ui.ctx(), ws, out);
    crate::panels::unsaved_drafts::prompt_ui(ui.ctx(), ws, out);
    crate::export::dialog::export_dialog_ui(
        ui.ctx(),
        ws,
        &mut settings.export,
        textures,
        jobs.is_running(JobKind::Export),
        out,
    );
}

/// While files are dragged over the window: say what dropping them does.
pub(super) fn drop_hint(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop"),
    ));
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        "Drop photos or folders to import them",
        egui::FontId::proportional(24.0),
        egui::Color32::WHITE,
    );
}
