//! The About menu: the version, that nothing leaves the computer, and the licences of what the
//! program carries inside it (models, fonts, icon, the video encoder).

use egui::RichText;

/// What the program embeds, with its licence, in the words the About menu shows.
pub const BUNDLED: [(&str, &str); 7] = [
    (
        "Face detector and face mesh",
        "MediaPipe's short-range face detector and 468-point face mesh, converted to ONNX: Apache-2.0",
    ),
    (
        "Face box detector",
        "SeetaFace frontal detection model (from the rustface crate): BSD 2-Clause",
    ),
    (
        "Report fonts",
        "Noto Sans Regular and Bold: SIL Open Font License 1.1",
    ),
    (
        "Interface fonts",
        "egui's bundled fonts: Ubuntu Light (Ubuntu Font Licence 1.0), Hack (MIT), Noto Emoji \
         (SIL Open Font License 1.1), emoji-icon-font (MIT)",
    ),
    (
        "H.264 video encoder (MP4 timelapse)",
        "OpenH264, Copyright (c) 2013 Cisco Systems, compiled from source: BSD 2-Clause",
    ),
    ("Icon", "drawn for Afterglow: CC0"),
    (
        "Sample photos",
        "made from a public-domain NASA portrait (no known copyright restrictions)",
    ),
];

/// Whether HEIC/AVIF photos can be imported here: the system's libheif, loaded on first use
/// (the About menu is opened rarely; loading takes a few milliseconds once per process).
fn heif_support_text() -> String {
    match afterglow_core::photo_file::heif_support() {
        Ok(version) => format!("HEIC and AVIF photos: read by the system's libheif {version}."),
        Err(why) => format!("HEIC and AVIF photos cannot be imported here: {why}"),
    }
}

/// The "About" menu button and its contents.
pub fn about_menu_ui(ui: &mut egui::Ui) {
    ui.menu_button("About", |ui| {
        ui.set_max_width(420.0);
        ui.label(RichText::new(format!("Afterglow {}", env!("CARGO_PKG_VERSION"))).strong());
        ui.label("Follow a course of skin treatments through aligned, measured photos.");
        ui.label(
            "Your photos stay on this computer: Afterglow makes no network connections, and \
             exports carry no camera or location data unless you ask.",
        );
        ui.label(heif_support_text());
        ui.separator();
        egui::Grid::new("about-bundled")
            .num_columns(2)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for (what, licence) in BUNDLED {
                    ui.label(RichText::new(what).strong());
                    ui.label(licence);
                    ui.end_row();
                }
            });
    });
}
