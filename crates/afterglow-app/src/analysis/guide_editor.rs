//! The Guide tab: the project's copy of the treatment guide — sessions planned, the interval
//! between them, and the milestones (a window after each session, with the guide's advice).
//! Edits collect in a draft; "Save guide" makes them one undoable change.

use egui::{DragValue, RichText, TextEdit};

use afterglow_core::guide::{Anchor, Guide, Milestone};
use afterglow_core::project::Command;

use crate::state::actions::Action;
use crate::state::analysis::GuideDraft;
use crate::state::workspace::Workspace;

pub fn guide_editor_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Action>) {
    let editable = ws.read_only_reason().is_none();
    let saved = ws.open.project.guide.clone();
    let draft = &mut ws.analysis.guide;
    let mut guide = draft.guide.clone().unwrap_or_else(|| saved.clone());

    ui.horizontal(|ui| {
        ui.heading("Treatment guide");
        ui.label(RichText::new(&guide.name).weak());
    });
    ui.label(
        "The course plan and the milestones after each session, drawn on the timeline and \
         the charts. This copy belongs to the project; changes can be undone.",
    );
    ui.separator();
    let mut save = false;
    let mut discard = false;
    // Both ways: on a narrow window the milestone table scrolls sideways rather than losing
    // its last column under the details panel. Solid bars: egui's floating ones stay hidden
    // until hovered, and nothing else would tell that Advice… and Remove are off to the right.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    egui::ScrollArea::both()
        .id_salt("guide-editor")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_enabled_ui(editable, |ui| {
                course_ui(ui, &mut guide);
                ui.add_space(8.0);
                milestones_ui(ui, &mut guide, draft);
                ui.add_space(8.0);
                ui.separator();
                let changed = guide != saved;
                let problem = guide.validate().err();
                if let Some(e) = &problem {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Cannot save: {e}."));
                }
                ui.horizontal(|ui| {
                    save = ui
                        .add_enabled(
                            changed && problem.is_none(),
                            egui::Button::new("Save guide"),
                        )
                        .on_hover_text("Save the changes (one step to undo)")
                        .clicked();
                    discard = ui
                        .add_enabled(changed, egui::Button::new("Discard changes"))
                        .clicked();
                    if ui
                        .button("Use the default guide")
                        .on_hover_text(
                            "Start again from the built-in microneedling guide (then Save)",
                        )
                        .clicked()
                    {
                        guide = Guide::default();
                    }
                    if changed {
                        ui.label(RichText::new("Unsaved changes to the guide").italics());
                    }
                });
            });
        });
    if save {
        out.push(Action::Apply(Command::SetGuide(Box::new(guide.clone()))));
        draft.guide = None;
    } else if discard {
        draft.guide = None;
    } else {
        draft.guide = (guide != saved).then_some(guide);
    }
}

fn course_ui(ui: &mut egui::Ui, guide: &mut Guide) {
    ui.label(RichText::new("Course").strong());
    egui::Grid::new("guide-course")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label("Sessions planned");
            // A microneedling course is 3–6 sessions; a guide loaded with another number (the
            // file format allows 1–12) keeps it until the user edits it here.
            ui.add(DragValue::new(&mut guide.planned_sessions).range(3..=6))
                .labelled_by(l.id)
                .on_hover_text("A course is 3–6 sessions");
            ui.end_row();
            let l = ui.label("Days between sessions");
            ui.horizontal(|ui| {
                ui.add(
                    DragValue::new(&mut guide.session_interval_days)
                        .range(1..=365)
                        .suffix(" days"),
                )
                .labelled_by(l.id);
                let weeks = f64::from(guide.session_interval_days) / 7.0;
                ui.label(RichText::new(format!("≈ {weeks:.1} weeks")).weak());
            });
            ui.end_row();
            let l = ui.label("Redness usually settles within");
            ui.add(
                DragValue::new(&mut guide.redness_settles_hours)
                    .range(0.0..=720.0)
                    .speed(1.0)
                    .max_decimals(0)
                    .suffix(" h"),
            )
            .labelled_by(l.id)
            .on_hover_text("Used by the measurements' remarks");
            ui.end_row();
        });
}

/// Whether a milestone's window reads better in days: whole days, at least one.
fn reads_in_days(m: &Milestone) -> bool {
    m.end_hours >= 24.0 && m.start_hours % 24.0 == 0.0 && m.end_hours % 24.0 == 0.0
}

fn milestones_ui(ui: &mut egui::Ui, guide: &mut Guide, draft: &mut GuideDraft) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Milestones").strong());
        if ui
            .button("Add milestone")
            .on_hover_text("A new window after each session; fill in its details below")
            .clicked()
        {
            let id = guide.new_milestone_id("New milestone");
            guide.milestones.push(Milestone {
                id: id.clone(),
                window: "0 – 24 h".to_owned(),
                title: "New milestone".to_owned(),
                anchor: Anchor::Session,
                start_hours: 0.0,
                end_hours: 24.0,
                short: String::new(),
                text: String::new(),
            });
            draft.open = Some(id);
        }
    });
    let mut remove = None;
    // The title field gives way on a narrow window, so Advice… and Remove stay in view.
    let title_width = (ui.available_width() - 560.0).clamp(120.0, 200.0);
    egui::Grid::new("guide-milestones")
        .num_columns(6)
        .striped(true)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Title").weak());
            ui.label(RichText::new("From").weak());
            ui.label(RichText::new("To").weak());
            ui.label(RichText::new("Counted from").weak());
            ui.label("");
            ui.label("");
            ui.end_row();
            for (i, m) in guide.milestones.iter_mut().enumerate() {
                let days = *draft
                    .in_days
                    .entry(m.id.clone())
                    .or_insert_with(|| reads_in_days(m));
                ui.add_sized([title_width, 22.0], TextEdit::singleline(&mut m.title))
                    .on_hover_text(&m.text);
                let unit = if days { 24.0 } else { 1.0 };
                let suffix = if days { " d" } else { " h" };
                let (mut from, mut to) = (m.start_hours / unit, m.end_hours / unit);
                let lo = if m.anchor == Anchor::NextSession {
                    -8760.0
                } else {
                    0.0
                };
                if ui
                    .add(
                        DragValue::new(&mut from)
                            .range(lo..=8760.0)
                            .max_decimals(1)
                            .suffix(suffix),
                    )
                    .changed()
                {
                    m.start_hours = from * unit;
                }
                ui.horizontal(|ui| {
                    if ui
                        .add(
                            DragValue::new(&mut to)
                                .range(lo..=8760.0)
                                .max_decimals(1)
                                .suffix(suffix),
                        )
                        .changed()
                    {
                        m.end_hours = to * unit;
                    }
                    let mut in_days = days;
                    egui::ComboBox::from_id_salt(("milestone-unit", i))
                        .width(70.0)
                        .selected_text(if days { "days" } else { "hours" })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut in_days, false, "hours");
                            ui.selectable_value(&mut in_days, true, "days");
                        });
                    draft.in_days.insert(m.id.clone(), in_days);
                });
                egui::ComboBox::from_id_salt(("milestone-anchor", i))
                    .width(150.0)
                    .selected_text(anchor_words(m.anchor))
                    .show_ui(ui, |ui| {
                        for a in [Anchor::Session, Anchor::NextSession] {
                            ui.selectable_value(&mut m.anchor, a, anchor_words(a));
                        }
                    });
                let open = draft.open.as_ref() == Some(&m.id);
                if ui
                    .add(crate::widgets::toggle::toggle_button(open, "Advice…"))
                    .clicked()
                {
                    draft.open = if open { None } else { Some(m.id.clone()) };
                }
                if ui.button("Remove").clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        let m = guide.milestones.remove(i);
        if draft.open.as_ref() == Some(&m.id) {
            draft.open = None;
        }
    }
    let open = draft.open.clone();
    if let Some(m) = guide
        .milestones
        .iter_mut()
        .find(|m| Some(&m.id) == open.as_ref())
    {
        ui.add_space(8.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(format!("“{}”", m.title)).strong());
            egui::Grid::new("guide-milestone-detail")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let l = ui.label("Window as the guide words it");
                    ui.add(TextEdit::singleline(&mut m.window).desired_width(260.0))
                        .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Caption");
                    ui.add(
                        TextEdit::singleline(&mut m.short)
                            .desired_width(420.0)
                            .hint_text("a few words for captions"),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Advice");
                    ui.add(
                        TextEdit::multiline(&mut m.text)
                            .desired_width(420.0)
                            .desired_rows(4),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                });
        });
    }
}

fn anchor_words(a: Anchor) -> &'static str {
    match a {
        Anchor::Session => "after the session",
        Anchor::NextSession => "around the next session",
    }
}
