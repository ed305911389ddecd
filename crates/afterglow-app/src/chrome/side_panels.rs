//! Hiding and showing the library (left) and the details (right), so a small screen can give
//! the photos the whole width: a button in each panel's corner, a slim strip to bring it back,
//! and F7 / F8.

use egui::{Key, Modifiers};

use crate::state::settings::ViewSettings;

/// One of the two side panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Library,
    Details,
}

impl Side {
    /// The key that hides and shows it.
    pub fn key(self) -> Key {
        match self {
            Side::Library => Key::F7,
            Side::Details => Key::F8,
        }
    }

    fn shown(self, view: &mut ViewSettings) -> &mut bool {
        match self {
            Side::Library => &mut view.show_library,
            Side::Details => &mut view.show_details,
        }
    }

    /// The button that hides the panel: it points where the panel goes.
    pub fn hide_label(self) -> &'static str {
        match self {
            Side::Library => "«",
            Side::Details => "»",
        }
    }

    /// The button that shows it again.
    pub fn show_label(self) -> &'static str {
        match self {
            Side::Library => "»",
            Side::Details => "«",
        }
    }

    /// "Hide the library", "Show the details": the buttons' names for screen readers (their
    /// text is only an arrow).
    pub fn name(self, verb: &str) -> String {
        let what = match self {
            Side::Library => "the library",
            Side::Details => "the details",
        };
        format!("{verb} {what}")
    }

    fn hover(self, verb: &str) -> String {
        let key = match self {
            Side::Library => "F7",
            Side::Details => "F8",
        };
        format!("{} ({key})", self.name(verb))
    }
}

/// The hide button in the top corner of a shown panel (drawn last, over its header).
pub fn hide_button_ui(ui: &mut egui::Ui, side: Side, view: &mut ViewSettings) {
    let panel = ui.max_rect();
    let size = egui::vec2(22.0, 20.0);
    let min = egui::pos2(panel.right() - size.x, panel.top());
    let button = egui::Button::new(side.hide_label()).small();
    let r = ui.put(egui::Rect::from_min_size(min, size), button);
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, side.name("Hide")));
    if r.on_hover_text(side.hover("Hide")).clicked() {
        *side.shown(view) = false;
    }
}

/// The slim strip a hidden panel leaves, with the button that brings it back.
pub fn collapsed_ui(ui: &mut egui::Ui, side: Side, view: &mut ViewSettings) {
    let panel = match side {
        Side::Library => egui::Panel::left("library-hidden"),
        Side::Details => egui::Panel::right("details-hidden"),
    };
    panel.resizable(false).exact_size(26.0).show(ui, |ui| {
        let r = ui.button(side.show_label());
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, side.name("Show")));
        if r.on_hover_text(side.hover("Show")).clicked() {
            *side.shown(view) = true;
        }
    });
}

/// F7 and F8 hide and show the panels.
pub fn handle_keys(ctx: &egui::Context, view: &mut ViewSettings) {
    for side in [Side::Library, Side::Details] {
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, side.key())) {
            let shown = side.shown(view);
            *shown = !*shown;
        }
    }
}
