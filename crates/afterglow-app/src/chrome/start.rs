//! The start screen: new project, open project, recent projects, the sample project.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::state::actions::Action;
use crate::state::actions::DialogPurpose;
use crate::state::settings::Settings;

pub fn start_ui(
    ui: &mut egui::Ui,
    settings: &mut Settings,
    sample: Option<&Path>,
    busy: bool,
    out: &mut Vec<Action>,
) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.12);
            ui.label(RichText::new("Afterglow").size(34.0).strong());
            ui.label(
                RichText::new("See honestly how your skin changes over a course of treatments.")
                    .size(16.0),
            );
            ui.add_space(28.0);
            ui.set_max_width(460.0);
            ui.add_enabled_ui(!busy, |ui| {
                boxed_ui(ui, |ui| {
                    ui.label(RichText::new("New project").strong());
                    ui.horizontal(|ui| {
                        let l = ui.label("Name");
                        ui.text_edit_singleline(&mut settings.new_project_name)
                            .labelled_by(l.id);
                    });
                    let name = settings.new_project_name.trim().to_owned();
                    if ui
                        .add_enabled(!name.is_empty(), egui::Button::new("Create in a folder…"))
                        .on_hover_text(format!("Choose where to keep \"{name}.afterglow\""))
                        .clicked()
                    {
                        out.push(Action::Dialog(DialogPurpose::NewProjectIn(name)));
                    }
                    ui.add_space(10.0);
                    ui.separator();
                    ui.add_space(6.0);
                    ui.horizontal(|ui| {
                        if ui.button("Open project…").clicked() {
                            out.push(Action::Dialog(DialogPurpose::OpenProject));
                        }
                        let sample_button = ui.add_enabled(
                            sample.is_some(),
                            egui::Button::new("Open the sample project"),
                        );
                        let sample_button = sample_button
                            .on_hover_text("A demo course: a baseline and three sessions of photos")
                            .on_disabled_hover_text(
                                "The sample project (sample-data/demo.afterglow) was not found",
                            );
                        if sample_button.clicked() {
                            out.push(Action::OpenSample);
                        }
                    });
                });
                if !settings.recent.is_empty() {
                    ui.add_space(16.0);
                    let mut forget: Option<PathBuf> = None;
                    boxed_ui(ui, |ui| {
                        ui.label(RichText::new("Recent projects").strong());
                        for path in &settings.recent {
                            ui.horizontal(|ui| {
                                let name = path.file_stem().map_or_else(
                                    || path.display().to_string(),
                                    |s| s.to_string_lossy().into_owned(),
                                );
                                if ui
                                    .link(name)
                                    .on_hover_text(path.display().to_string())
                                    .clicked()
                                {
                                    out.push(Action::OpenProject(path.clone()));
                                }
                                ui.label(RichText::new(path.display().to_string()).weak().small());
                                if ui
                                    .small_button("×")
                                    .on_hover_text("Remove from this list")
                                    .clicked()
                                {
                                    forget = Some(path.clone());
                                }
                            });
                        }
                    });
                    ui.checkbox(
                        &mut settings.reopen_last,
                        "Reopen the last project on start",
                    )
                    .on_hover_text(
                        "Start Afterglow on the project you had open last, not on this screen",
                    );
                    if let Some(p) = forget {
                        out.push(Action::ForgetRecent(p));
                    }
                }
            });
            if busy {
                ui.add_space(12.0);
                ui.spinner();
            }
            ui.add_space(24.0);
            ui.label(
                RichText::new(
                    "Your photos stay on this computer: Afterglow makes no network connections.",
                )
                .weak(),
            );
            crate::chrome::about::about_menu_ui(ui);
        });
    });
}

/// A framed box of fixed width, its contents left-aligned.
fn boxed_ui(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::group(ui.style())
        .inner_margin(16.0)
        .show(ui, |ui| {
            ui.set_width(420.0);
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), add);
        });
}

/// Where the sample project is: `sample-data/demo.afterglow` in the current folder or one of
/// its parents, beside the program (or up to four folders above it, as in `target/release`),
/// or in the source tree the program was built from.
pub fn find_sample() -> Option<PathBuf> {
    let rel = Path::new("sample-data").join("demo.afterglow");
    let mut starts = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        starts.push(cwd);
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        starts.push(dir);
    }
    // A build run from its source tree (`cargo run`) finds the tree's sample wherever it runs.
    starts.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    starts.iter().find_map(|start| {
        start
            .ancestors()
            .take(5)
            .map(|d| d.join(&rel))
            .find(|p| p.join(afterglow_core::store::PROJECT_FILE).is_file())
    })
}
