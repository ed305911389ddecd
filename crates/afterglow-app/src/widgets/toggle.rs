//! A button that stays pressed while its tool or choice is on, framed like every other button
//! even when off (egui's selectable labels look like plain text until hovered, so tools beside
//! framed buttons were missed).

/// A framed toggle button showing `text`, highlighted while `selected`.
pub fn toggle_button<'a>(selected: bool, text: impl Into<egui::WidgetText>) -> egui::Button<'a> {
    egui::Button::selectable(selected, text.into()).frame_when_inactive(true)
}
