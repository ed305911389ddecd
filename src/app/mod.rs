//! The egui shell. The only part of the crate that touches egui, eframe or rfd.

use std::path::PathBuf;

use anyhow::{Result, anyhow};

use crate::guide;
use crate::store::OpenProject;

/// Opens the window on `project` (or on an empty start screen).
pub fn run(project: Option<PathBuf>) -> Result<()> {
    let opened = match project {
        Some(root) => Some(OpenProject::open(&root)?),
        None => None,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Afterglow")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Afterglow",
        options,
        Box::new(|_cc| Ok(Box::new(ListApp { opened }))),
    )
    .map_err(|e| anyhow!("cannot open a window: {e}"))
}

/// A plain list of the project's photos.
struct ListApp {
    opened: Option<OpenProject>,
}

impl eframe::App for ListApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            let Some(open) = &self.opened else {
                ui.heading("Afterglow");
                ui.label("Open a project: afterglow PATH/TO/PROJECT.afterglow");
                return;
            };
            let project = &open.project;
            ui.heading(&project.name);
            if let Some(reason) = &open.read_only_reason {
                ui.colored_label(ui.visuals().warn_fg_color, format!("Read-only: {reason}"));
            }
            ui.label(format!(
                "{} photos · {} sessions · folder {}",
                project.photos.len(),
                project.sessions.len(),
                open.paths.root.display()
            ));
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("photos").striped(true).show(ui, |ui| {
                    for p in project.photos_by_date() {
                        let placement = guide::placement(project, p);
                        ui.label(placement.label(p.taken_at));
                        ui.label(p.taken_at.format("%H:%M").to_string());
                        ui.label(format!("date from {}", p.taken_at_source.label()));
                        ui.label(&p.original_name);
                        ui.end_row();
                    }
                });
            });
        });
    }
}
