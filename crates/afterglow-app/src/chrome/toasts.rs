//! Short messages in the corner of the window: errors stay until dismissed, the rest fade after
//! a few seconds.

use std::path::PathBuf;
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
    /// A folder the toast offers to open ("Open folder"), e.g. where an export went.
    pub folder: Option<PathBuf>,
    shown_at: Instant,
}

/// How long an information toast stays.
const INFO_FOR: Duration = Duration::from_secs(5);
/// How long an information toast with a button stays.
const INFO_WITH_BUTTON_FOR: Duration = Duration::from_secs(15);
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

    /// An information toast with an "Open folder" button for `folder`.
    pub fn info_with_folder(&mut self, text: impl Into<String>, folder: Option<PathBuf>) {
        self.push(ToastKind::Info, text.into());
        if let Some(t) = self.items.last_mut() {
            t.folder = folder;
        }
    }

    fn push(&mut self, kind: ToastKind, text: String) {
        self.items.push(Toast {
            kind,
            text,
            folder: None,
            shown_at: Instant::now(),
        });
        if self.items.len() > MAX_TOASTS {
            self.items.remove(0);
        }
    }

    pub fn items(&self) -> &[Toast] {
        &self.items
    }

    /// Draws the toasts in the bottom-right corner; returns the folder whose "Open folder" was
    /// clicked.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<PathBuf> {
        let now = Instant::now();
        self.items.retain(|t| {
            let stays = if t.folder.is_some() {
                INFO_WITH_BUTTON_FOR
            } else {
                INFO_FOR
            };
            t.kind == ToastKind::Error || now.duration_since(t.shown_at) < stays
        });
        if self.items.is_empty() {
            return None;
        }
        let mut open = None;
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
                            if let Some(folder) = &toast.folder
                                && ui
                                    .button("Open folder")
                                    .on_hover_text(folder.display().to_string())
                                    .clicked()
                            {
                                open = Some(folder.clone());
                            }
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
        open
    }
}
