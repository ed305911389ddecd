//! The bar along the bottom: running tasks with their progress and a Cancel button.

use crate::state::actions::Action;
use crate::work::jobs::{JobKind, Jobs};

pub fn status_bar_ui(ui: &mut egui::Ui, jobs: &Jobs, out: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let visible: Vec<_> = jobs
            .running()
            .iter()
            .filter(|j| j.kind.shows_progress())
            .collect();
        if visible.is_empty() {
            ui.label(egui::RichText::new("Ready").weak());
        }
        for job in visible {
            ui.label(&job.label);
            let bar = match job.progress.fraction() {
                // An export counts in fractions of each file: a percentage says it better.
                Some((done, total)) if job.kind == JobKind::Export => {
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .show_percentage()
                        .desired_width(200.0)
                }
                Some((done, total)) => egui::ProgressBar::new(done as f32 / total as f32)
                    .text(format!("{done} of {total}"))
                    .desired_width(200.0),
                None => egui::ProgressBar::new(0.0)
                    .animate(true)
                    .desired_width(200.0),
            };
            ui.add(bar);
            if ui.button("Cancel").clicked() {
                out.push(Action::CancelJob(job.id));
            }
            ui.separator();
        }
    });
}
