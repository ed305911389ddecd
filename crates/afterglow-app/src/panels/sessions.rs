//! The Sessions tab: the treatment sessions of the course — add, edit, remove — and which of
//! the guide's suggested photos each one has.

use chrono::{Local, NaiveTime, Timelike};
use egui::{RichText, TextEdit};

use crate::state::dates::format_date;
use afterglow_core::guide;
use afterglow_core::project::{Command, Session};

use crate::state::actions::Action;
use crate::state::workspace::Workspace;

/// Below this width the list and the editor are stacked instead of side by side: a session's
/// card needs about 290 px for its title with Edit and Remove.
const TWO_COLUMNS_MIN_WIDTH: f32 = 600.0;

pub fn sessions_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Action>) {
    let editable = ws.read_only_reason().is_none();
    ui.horizontal(|ui| {
        ui.heading("Treatment sessions");
        if ui
            .add_enabled(editable, egui::Button::new("New session"))
            .on_hover_text("Fill in the session on the right, then add it")
            .clicked()
        {
            let project = ws.project();
            ws.drafts.session = Some(Session::new(
                project.next_session_id(),
                Local::now().date_naive(),
            ));
        }
    });
    if let Some(due) = guide::next_session_due(ws.project()) {
        ui.label(format!("Next session due around {}.", format_date(due)));
    }
    ui.separator();
    if ui.available_width() >= TWO_COLUMNS_MIN_WIDTH {
        ui.columns(2, |cols| {
            // Columns lay text out justified; sessions read better left-aligned.
            let left = egui::Layout::top_down(egui::Align::Min);
            cols[0].with_layout(left, |ui| session_list_ui(ui, ws, editable));
            cols[1].with_layout(left, |ui| session_editor_ui(ui, ws, out));
        });
    } else {
        // Too narrow for two columns (a small window with both side panels open): the editor
        // (or its hint) on top, where a click on Edit shows its result, then the list.
        session_editor_ui(ui, ws, out);
        ui.separator();
        session_list_ui(ui, ws, editable);
    }
    confirm_removal_ui(ui, ws, out);
}

fn session_list_ui(ui: &mut egui::Ui, ws: &mut Workspace, editable: bool) {
    let project = ws.project();
    if project.sessions.is_empty() {
        ui.label("No sessions yet. Add the sessions of your course so every photo shows its day after a session.");
        return;
    }
    let status = guide::capture_status(project, Local::now().naive_local());
    let mut edit = None;
    let mut remove = None;
    egui::ScrollArea::vertical()
        .id_salt("sessions")
        .show(ui, |ui| {
            for (n, s) in project.sessions_by_date().into_iter().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("Session {} · {}", n + 1, format_date(s.date)))
                                .strong(),
                        );
                        ui.add_enabled_ui(editable, |ui| {
                            if ui.small_button("Edit").clicked() {
                                edit = Some(s.clone());
                            }
                            if ui.small_button("Remove").clicked() {
                                remove = Some(s.id);
                            }
                        });
                    });
                    let mut facts = vec![s.treatment.clone()];
                    if let Some(d) = s.depth_mm {
                        facts.push(format!("{d} mm"));
                    }
                    for f in [&s.device, &s.product, &s.practitioner] {
                        if !f.is_empty() {
                            facts.push(f.clone());
                        }
                    }
                    ui.label(facts.join(" · "));
                    if !s.notes.is_empty() {
                        ui.label(RichText::new(&s.notes).weak());
                    }
                    let slots: Vec<_> = status.iter().filter(|c| c.session == s.id).collect();
                    let names = |keep: &dyn Fn(&guide::CaptureStatus) -> bool| {
                        let v: Vec<&str> = slots
                            .iter()
                            .filter(|c| keep(c))
                            .map(|c| c.label.as_str())
                            .collect();
                        v.join(", ")
                    };
                    let taken = names(&|c| c.taken());
                    let missing = names(&|c| !c.taken() && !c.upcoming);
                    let to_come = names(&|c| !c.taken() && c.upcoming);
                    if !taken.is_empty() {
                        ui.label(RichText::new(format!("Photos taken: {taken}")).small());
                    }
                    if !missing.is_empty() {
                        let warn = ui.visuals().warn_fg_color;
                        ui.label(
                            RichText::new(format!("Missing: {missing}"))
                                .small()
                                .color(warn),
                        );
                    }
                    if !to_come.is_empty() {
                        ui.label(RichText::new(format!("Still to come: {to_come}")).small());
                    }
                });
            }
        });
    if edit.is_some() {
        ws.drafts.session = edit;
    }
    if remove.is_some() {
        ws.drafts.remove_session = remove;
    }
}

fn session_editor_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Action>) {
    let saved = ws
        .drafts
        .session
        .as_ref()
        .and_then(|d| ws.open.project.session(d.id).cloned());
    let Some(draft) = ws.drafts.session.as_mut() else {
        ui.label(RichText::new("Choose Edit on a session to change it.").weak());
        return;
    };
    ui.label(
        RichText::new(if saved.is_some() {
            "Edit session"
        } else {
            "New session"
        })
        .strong(),
    );
    egui::Grid::new("session-editor")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.label("Date");
            crate::widgets::date_picker::date_picker_ui(ui, &mut draft.date, "session-date");
            ui.end_row();
            ui.label("Time");
            ui.horizontal(|ui| {
                let mut known = draft.time.is_some();
                if ui.checkbox(&mut known, "known").changed() {
                    draft.time = known.then(|| NaiveTime::from_hms_opt(10, 0, 0)).flatten();
                }
                if let Some(t) = draft.time {
                    let (mut h, mut m) = (t.hour(), t.minute());
                    ui.add(egui::DragValue::new(&mut h).range(0..=23).suffix(" h"));
                    ui.add(egui::DragValue::new(&mut m).range(0..=59).suffix(" min"));
                    draft.time = NaiveTime::from_hms_opt(h, m, 0);
                }
            });
            ui.end_row();
            text_row_ui(ui, "Treatment", &mut draft.treatment);
            ui.label("Needle depth");
            ui.horizontal(|ui| {
                let mut known = draft.depth_mm.is_some();
                if ui.checkbox(&mut known, "known").changed() {
                    draft.depth_mm = known.then_some(0.5);
                }
                if let Some(d) = draft.depth_mm.as_mut() {
                    ui.add(
                        egui::DragValue::new(d)
                            .range(0.1..=3.0)
                            .speed(0.05)
                            .fixed_decimals(2)
                            .suffix(" mm"),
                    );
                }
            });
            ui.end_row();
            text_row_ui(ui, "Device", &mut draft.device);
            text_row_ui(ui, "Product", &mut draft.product);
            text_row_ui(ui, "Practitioner", &mut draft.practitioner);
            ui.label("Notes");
            ui.add(TextEdit::multiline(&mut draft.notes).desired_rows(3));
            ui.end_row();
        });
    let mut close = false;
    ui.horizontal(|ui| {
        match &saved {
            None => {
                if ui.button("Add this session").clicked() {
                    out.push(Action::Apply(Command::AddSession(draft.clone())));
                }
            }
            Some(saved) => {
                let changed = saved != &*draft;
                if ui
                    .add_enabled(changed, egui::Button::new("Save session"))
                    .clicked()
                {
                    out.push(Action::Apply(Command::UpdateSession(draft.clone())));
                }
            }
        }
        close = ui.button("Close").clicked();
    });
    if close {
        // Removed (or its addition undone) while being edited.
        ws.drafts.session = None;
    }
}

fn text_row_ui(ui: &mut egui::Ui, label: &str, value: &mut String) {
    let l = ui.label(label);
    ui.add(TextEdit::singleline(value).desired_width(220.0))
        .labelled_by(l.id);
    ui.end_row();
}

fn confirm_removal_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Action>) {
    let Some(id) = ws.drafts.remove_session else {
        return;
    };
    let Some(session) = ws.project().session(id).cloned() else {
        ws.drafts.remove_session = None;
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("remove-session")).show(ui.ctx(), |ui| {
        ui.heading("Remove this session?");
        ui.label(format!(
            "The session of {} is removed. Photos stay; they then count from the session before. Undo brings it back.",
            format_date(session.date)
        ));
        ui.horizontal(|ui| {
            if ui.button("Remove session").clicked() {
                out.push(Action::Apply(Command::RemoveSession(id)));
                ws.drafts.remove_session = None;
            }
            if ui.button("Keep it").clicked() {
                ws.drafts.remove_session = None;
            }
        });
    });
    if modal.should_close() {
        ws.drafts.remove_session = None;
    }
}
