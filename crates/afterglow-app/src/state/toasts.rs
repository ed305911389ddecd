//! Short messages for the user: errors stay until dismissed, the rest fade after a few
//! seconds. Drawn by `chrome/toasts.rs`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

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

    /// Drops information toasts whose time is up; errors stay until dismissed.
    pub fn expire(&mut self, now: Instant) {
        self.items.retain(|t| {
            let stays = if t.folder.is_some() {
                INFO_WITH_BUTTON_FOR
            } else {
                INFO_FOR
            };
            t.kind == ToastKind::Error || now.duration_since(t.shown_at) < stays
        });
    }

    /// Removes the `i`-th toast (the user dismissed it).
    pub fn dismiss(&mut self, i: usize) {
        if i < self.items.len() {
            self.items.remove(i);
        }
    }
}
