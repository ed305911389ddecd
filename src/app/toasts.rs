//! Short messages in the corner of the window: errors stay until dismissed, the rest fade after
//! a few seconds.

use std::time::{Duration, Instant};

use egui::{Align2, Color32, RichText};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

#[derive(Clone, Debug)]
pub struct Toast {
    pub kind: ToastKind,
    pub text: String,
    shown_at: Instant,
}

/// How long an information toast stays.
const INFO_FOR: Duration = Duration::from_secs(5);
/// At most this many toasts are kept; the oldest go first.
const MAX_TOASTS: usize = 5;

#[derive(Debug, Default)]
pub struct Toasts {
    items: Vec<Toast>,
}

impl Toasts {
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(ToastKind::Info, text.into());
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }

    fn push(&mut self, kind: ToastKind, text: String) {
        self.items.push(Toast {
            kind,
            text,
            shown_at: Instant::now(),
        });
        if self.items.len() > MAX_TOASTS {
            self.items.remove(0);
        }
    }

    pub fn items(&self) -> &[Toast] {
        &self.items
    }

    /// Draws the toasts in the bottom-right corner.
    pub fn show(&mut self, ctx: &egui::Context) {
        let now = Instant::now();
        self.items
            .retain(|t| t.kind == ToastKind::Error || now.duration_since(t.shown_at) < INFO_FOR);
        if self.items.is_empty() {
            return;
        }
        if self.items.iter().any(|t| t.kind == ToastKind::Info) {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
        let mut dismissed = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(Align2::RIGHT_BOTTOM, [-12.0, -40.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                ui.set_max_width(420.0);
                for (i, toast) in self.items.iter().enumerate() {
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
                            if toast.kind == ToastKind::Error
                                && ui.small_button("×").on_hover_text("Dismiss").clicked()
                            {
                                dismissed = Some(i);
                            }
                        });
                    });
                }
            });
        if let Some(i) = dismissed {
            self.items.remove(i);
        }
    }
}
