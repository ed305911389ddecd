//! The row above the panes: how to compare, how many panes, zoom, grid and opacity.

use egui::Slider;

use super::view;
use crate::state::settings::{CompareMode, ViewSettings};
use crate::state::tool::Tool;
use crate::state::workspace::Workspace;

pub fn toolbar_ui(ui: &mut egui::Ui, ws: &mut Workspace, view: &mut ViewSettings) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().slider_width = 80.0;
        // One flat row of widgets that do not wrap their own text, so a narrow window moves
        // whole widgets to the next line.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
        for mode in CompareMode::ALL {
            if ui
                .selectable_label(view.mode == mode, mode.label())
                .on_hover_text(mode.hint())
                .clicked()
            {
                view.mode = mode;
            }
        }
        ui.separator();
        match view.mode {
            // Each group stays on one line when the row wraps.
            CompareMode::SideBySide => {
                keep_together(ui, &["Panes", "2", "3", "4"]);
                {
                    ui.label("Panes");
                    for n in 2..=4 {
                        if ui
                            .selectable_label(view.pane_count == n, n.to_string())
                            .on_hover_text(format!("Show {n} photos side by side"))
                            .clicked()
                        {
                            view.pane_count = n;
                            ws.panes.active = ws.panes.active.min(n - 1);
                        }
                    }
                }
            }
            CompareMode::Wipe => {
                keep_slider_together(ui, "Divider");
                ui.add(
                    Slider::new(&mut view.wipe, 0.0..=1.0)
                        .show_value(false)
                        .text("Divider"),
                );
            }
            CompareMode::Onion => {
                keep_slider_together(ui, "Photo 2 opacity");
                ui.add(
                    Slider::new(&mut view.onion_opacity, 0.0..=1.0)
                        .show_value(false)
                        .text("Photo 2 opacity"),
                );
            }
            CompareMode::RednessChange => {
                keep_slider_together(ui, "Map opacity");
                ui.add(
                    Slider::new(&mut view.heat_opacity, 0.0..=1.0)
                        .show_value(false)
                        .text("Map opacity"),
                );
                egui::ComboBox::from_id_salt("heat-scale")
                    .selected_text(format!("±{:.0} a*", view.heat_range))
                    .show_ui(ui, |ui| {
                        for r in crate::state::settings::HEAT_RANGES {
                            ui.selectable_value(&mut view.heat_range, r, format!("±{r:.0} a*"));
                        }
                    })
                    .response
                    .on_hover_text(
                        "The change shown at full colour: one scale for every pair, so two \
                         maps compare by eye",
                    );
            }
        }
        ui.separator();
        keep_together(ui, &["Fit", "Fit face", "100 %", "100 %"]);
        {
            if ui
                .button("Fit")
                .on_hover_text("Show the whole photo (F)")
                .clicked()
            {
                ws.view.fit = true;
            }
            if ui
                .button("Fit face")
                .on_hover_text(
                    "Zoom to the face: around the measurement regions, else the reference's \
                     marked eyes (Shift+F)",
                )
                .clicked()
            {
                ws.view.fit_face = true;
            }
            if ui
                .button("100 %")
                .on_hover_text("One preview pixel per screen pixel")
                .clicked()
            {
                view::actual_size(&mut ws.view, ui.ctx().pixels_per_point());
            }
            let zoom = ws.view.zoom * ui.ctx().pixels_per_point() * 100.0;
            ui.label(format!("{zoom:.0} %"))
                .on_hover_text("Zoom: scroll or pinch over a photo; drag to move");
        }
        keep_together(ui, &["Grid", "Regions"]);
        let toggle = crate::widgets::toggle::toggle_button;
        if ui
            .add(toggle(view.grid, "Grid"))
            .on_hover_text("Lines over the photos, the same skin in every pane (G)")
            .clicked()
        {
            view.grid = !view.grid;
        }
        if ui
            .add(toggle(view.show_regions, "Regions"))
            .on_hover_text("Outline the measurement regions and neutral patches (R)")
            .clicked()
        {
            view.show_regions = !view.show_regions;
        }
    });
    match &ws.tool {
        Tool::None => {}
        Tool::MarkEyes { .. } => {
            tool_hint_ui(
                ui,
                ws,
                "Marking the eyes: click the centre of each eye in the photo.",
            );
        }
        Tool::Nudge { .. } => {
            tool_hint_ui(
                ui,
                ws,
                "Nudging: drag the photo over the reference; arrows move, Q/E turn, −/+ scale.",
            );
        }
        Tool::EditRegions(_) => {
            tool_hint_ui(
                ui,
                ws,
                "Editing regions: drag a region to move it, its squares to resize, the circle to turn.",
            );
        }
        Tool::MarkPatch { .. } => {
            tool_hint_ui(
                ui,
                ws,
                "Marking the neutral patch: drag a rectangle over a grey card or white paper.",
            );
        }
    }
}

/// Starts a new line of the wrapping row unless the widgets labelled `labels` all fit on
/// this one, so a group ("Panes 2 3 4", "Fit 100 % 33 %") is never split.
fn keep_together(ui: &mut egui::Ui, labels: &[&str]) {
    let spacing = ui.spacing();
    let (padding, gap) = (spacing.button_padding.x, spacing.item_spacing.x);
    let width: f32 = labels
        .iter()
        .map(|l| text_width(ui, l) + 2.0 * padding + gap)
        .sum();
    keep_width_together(ui, width);
}

/// [`keep_together`] for a slider with its `label` (a slider does not wrap inside itself).
fn keep_slider_together(ui: &mut egui::Ui, label: &str) {
    let spacing = ui.spacing();
    let width = spacing.slider_width + 2.0 * spacing.item_spacing.x + text_width(ui, label);
    keep_width_together(ui, width);
}

fn keep_width_together(ui: &mut egui::Ui, width: f32) {
    if ui.available_size_before_wrap().x < width {
        ui.end_row();
    }
}

fn text_width(ui: &egui::Ui, text: &str) -> f32 {
    egui::WidgetText::from(text)
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Button,
        )
        .size()
        .x
}

fn tool_hint_ui(ui: &mut egui::Ui, ws: &mut Workspace, text: &str) {
    ui.horizontal(|ui| {
        ui.colored_label(ui.visuals().warn_fg_color, text);
        if ui.button("Done").on_hover_text("Esc").clicked() {
            ws.tool = Tool::None;
        }
    });
}
