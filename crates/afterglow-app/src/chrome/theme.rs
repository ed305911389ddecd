//! A calm, readable look: slightly larger text and more room than egui's defaults.

pub fn apply(ctx: &egui::Context) {
    ctx.global_style_mut(|style| {
        for (text_style, font) in style.text_styles.iter_mut() {
            font.size = match text_style {
                egui::TextStyle::Heading => 21.0,
                egui::TextStyle::Small => 11.5,
                egui::TextStyle::Monospace => 13.5,
                _ => 14.5,
            };
        }
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}
