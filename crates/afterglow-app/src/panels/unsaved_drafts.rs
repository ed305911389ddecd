//! Nothing typed is lost on close: drafts that are not yet changes to the project (the guide
//! being edited, a session being edited, a date being corrected) are named, and closing the
//! project or the window asks whether to save them, discard them or keep editing.

use afterglow_core::project::Command;

use crate::state::actions::Action;
use crate::state::workspace::Workspace;

/// What waits for the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterDrafts {
    CloseProject,
    Quit,
}

/// The drafts that would be lost, in words ("the guide's changes"), empty when none.
pub fn unsaved(ws: &Workspace) -> Vec<&'static str> {
    let project = ws.project();
    let mut out = Vec::new();
    if (ws.analysis.guide.guide.as_ref()).is_some_and(|g| g != &project.guide) {
        out.push("the guide's changes");
    }
    if let Some(draft) = &ws.drafts.session {
        let saved = project.sessions.iter().find(|s| s.id == draft.id);
        if saved != Some(draft) {
            out.push("the session being edited");
        }
    }
    if ws.drafts.date.is_some() {
        out.push("the date being corrected");
    }
    out
}

/// The commands that keep the drafts that can be kept (a guide that would not load again
/// cannot be), and what could not be kept.
fn keep_commands(ws: &Workspace) -> (Vec<Command>, Vec<String>) {
    let project = ws.project();
    let (mut commands, mut problems) = (Vec::new(), Vec::new());
    if let Some(g) = (ws.analysis.guide.guide.as_ref()).filter(|g| *g != &project.guide) {
        match g.validate() {
            Ok(()) => commands.push(Command::SetGuide(Box::new(g.clone()))),
            Err(e) => problems.push(format!("the guide cannot be saved: {e}")),
        }
    }
    if let Some(draft) = &ws.drafts.session {
        let saved = project.sessions.iter().find(|s| s.id == draft.id);
        match saved {
            None => commands.push(Command::AddSession(draft.clone())),
            Some(s) if s != draft => commands.push(Command::UpdateSession(draft.clone())),
            Some(_) => {}
        }
    }
    (commands, problems)
}

/// Drops every draft (after they were saved, or when the user chose to discard them).
fn clear(ws: &mut Workspace) {
    ws.analysis.guide.guide = None;
    ws.drafts.session = None;
    ws.drafts.date = None;
}

/// The question, while one is open: Save and close, Discard, Keep editing.
pub fn prompt_ui(ctx: &egui::Context, ws: &mut Workspace, out: &mut Vec<Action>) {
    let Some(after) = ws.closing else {
        return;
    };
    let drafts = unsaved(ws);
    let (commands, problems) = keep_commands(ws);
    let what = match after {
        AfterDrafts::CloseProject => "closing the project",
        AfterDrafts::Quit => "quitting",
    };
    let mut choice = None;
    egui::Window::new("Unsaved drafts")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.add(
                egui::Label::new(format!(
                    "Not saved yet: {}. Save before {what}?",
                    drafts.join(", ")
                ))
                .wrap(),
            );
            for p in &problems {
                ui.colored_label(ui.visuals().error_fg_color, p);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(problems.is_empty(), egui::Button::new("Save"))
                    .clicked()
                {
                    choice = Some(true);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(false);
                }
                if ui.button("Keep editing").clicked() {
                    ws.closing = None;
                }
            });
        });
    let Some(save) = choice else {
        return;
    };
    ws.closing = None;
    if save && !commands.is_empty() {
        out.push(Action::Apply(Command::Batch(commands)));
    }
    clear(ws);
    out.push(match after {
        AfterDrafts::CloseProject => Action::CloseProject,
        AfterDrafts::Quit => Action::Quit,
    });
}
