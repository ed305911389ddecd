//! The window's frame around a project: top bar, status bar, toasts, the start screen,
//! keyboard shortcuts and the theme.

pub mod about;
pub mod file_dialog;
pub mod shortcuts;
pub mod start;
pub mod status_bar;
pub mod theme;
pub mod toasts;
pub mod top_bar;
