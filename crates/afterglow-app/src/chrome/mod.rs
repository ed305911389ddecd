//! The window's frame around a project: top bar, status bar, toasts, the start screen,
//! file dialogs (the desktop's or the in-app browser), keyboard shortcuts and the theme.

pub mod about;
pub mod file_browser;
pub mod file_dialog;
pub mod portal;
pub mod shortcuts;
pub mod side_panels;
pub mod start;
pub mod status_bar;
pub mod theme;
pub mod toasts;
pub mod top_bar;
