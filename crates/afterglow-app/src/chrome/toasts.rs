//! Draws the toasts (`state/toasts.rs`) at the bottom of the window, in the middle: over the
//! photos rather than over the details panel's controls.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Align2, Color32, RichText};

use crate::state::toasts::{ToastKind, Toasts};

/// Draws the toasts; returns the folder whose "Open folder" was clicked.
pub fn toasts_ui(ctx: &egui::Context, toasts: &mut Toasts) -> Option<PathBuf> {
    toasts.expire(Instant::now());
    if toasts.items().is_empty() {
        return None;
    }
    let mut open = None;
    if toasts.items().iter().any(|t| t.kind == ToastKind::Info) {
        ctx.request_repaint_after(Duration::from_millis(500));
    }
    let mut dismissed = None;
    egui::Area::new(egui::Id::unique("toasts"))
        .anchor(Align2::CENTER_BOTTOM, [0.0, -40.0])
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            ui.set_max_width(420.0);
            for (i, toast) in toasts.items().iter().enumerate() {
                let (fill, icon) = match toast.kind {
                    ToastKind::Info => (ui.visuals().extreme_bg_color, ""),
                    ToastKind::Error => (Color32::from_rgb(90, 30, 30), "Error:"),
                };
                egui::Frame::popup(ui.style()).fill(fill).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if !icon.is_empty() {
                            ui.label(RichText::new(icon).strong());
                        }
                        ui.add(egui::Label::new(&toast.text).wrap());
                        if let Some(folder) = &toast.folder
                            && ui
                                .button("Open folder")
                                .on_hover_text(folder.display().to_string())
                                .clicked()
                        {
                            open = Some(folder.clone());
                        }
                        if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                            dismissed = Some(i);
                        }
                    });
                });
            }
        });
    if let Some(i) = dismissed {
        toasts.dismiss(i);
    }
    open
}
