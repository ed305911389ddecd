//! The Annotation section: redness and texture on the 0–4 scale, a note and tags; and beside
//! it, where the photo falls on the treatment guide.

use egui::{RichText, TextEdit};

use afterglow_core::guide;
use afterglow_core::project::{Command, Photo, Project, SCORE_WORDS};

use crate::state::actions::Action;
use crate::state::workspace::{NoteDraft, Workspace};

pub fn annotation_ui(ui: &mut egui::Ui, ws: &mut Workspace, photo: &Photo, out: &mut Vec<Action>) {
    let editable = ws.read_only_reason().is_none();
    ui.add_enabled_ui(editable, |ui| {
        if let Some(v) = score_row_ui(ui, "Redness", photo.annotation.redness) {
            let mut p = photo.clone();
            p.annotation.redness = v;
            out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
        }
        if let Some(v) = score_row_ui(ui, "Texture", photo.annotation.texture) {
            let mut p = photo.clone();
            p.annotation.texture = v;
            out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
        }
        note_ui(ui, ws, photo, out);
        tags_ui(ui, ws, photo, out);
    });
}

/// Five segmented buttons with words; clicking the chosen one again clears it. Returns the
/// new value when the user changed it.
fn score_row_ui(ui: &mut egui::Ui, what: &str, value: Option<u8>) -> Option<Option<u8>> {
    let mut changed = None;
    ui.label(RichText::new(what).strong());
    // Wrapped, so a narrow details panel puts the last chips on a second line.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        for (n, word) in SCORE_WORDS.iter().enumerate() {
            let n = n as u8;
            let selected = value == Some(n);
            let r = ui
                .add(
                    crate::widgets::toggle::toggle_button(selected, format!("{n} {word}"))
                        .min_size(egui::vec2(58.0, 26.0)),
                )
                .on_hover_text(format!("{what} {n} of 4: {word}"));
            r.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::Button,
                    ui.is_enabled(),
                    selected,
                    format!("{what} {n}: {word}"),
                )
            });
            if r.clicked() {
                changed = Some(if selected { None } else { Some(n) });
            }
        }
    });
    changed
}

/// A command for a note typed but not yet committed, if any (before undo, closing, …).
pub fn pending_note(ws: &mut Workspace) -> Option<Command> {
    let draft = ws.drafts.note.as_mut()?;
    if draft.text == draft.base {
        return None;
    }
    let mut p = ws.open.project.photo(&draft.photo)?.clone();
    draft.base = draft.text.clone();
    p.annotation.note = draft.text.trim_end().to_owned();
    Some(Command::UpdatePhoto(Box::new(p)))
}

fn note_ui(ui: &mut egui::Ui, ws: &mut Workspace, photo: &Photo, out: &mut Vec<Action>) {
    let label = ui.label(RichText::new("Note").strong());
    let id = ui.make_persistent_id(("note", &photo.id));
    let focused = ui.memory(|m| m.has_focus(id));
    let fresh = match &ws.drafts.note {
        Some(d) if d.photo == photo.id => {
            // The saved note changed underneath (undo, redo): show it unless the user is typing.
            d.base != photo.annotation.note && !focused && d.text == d.base
        }
        Some(_) => {
            if let Some(c) = pending_note(ws) {
                out.push(Action::Apply(c));
            }
            true
        }
        None => true,
    };
    if fresh {
        ws.drafts.note = Some(NoteDraft {
            photo: photo.id.clone(),
            text: photo.annotation.note.clone(),
            base: photo.annotation.note.clone(),
        });
    }
    let Some(draft) = ws.drafts.note.as_mut() else {
        return;
    };
    let r = ui
        .add(
            TextEdit::multiline(&mut draft.text)
                .id(id)
                .hint_text("How does the skin look and feel? e.g. smoother on the left cheek")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if (r.lost_focus() || !r.has_focus())
        && draft.text != draft.base
        && let Some(c) = pending_note(ws)
    {
        out.push(Action::Apply(c));
    }
}

fn tags_ui(ui: &mut egui::Ui, ws: &mut Workspace, photo: &Photo, out: &mut Vec<Action>) {
    ui.label(RichText::new("Tags").strong());
    ui.horizontal_wrapped(|ui| {
        for tag in &photo.annotation.tags {
            if ui
                .small_button(format!("{tag} ×"))
                .on_hover_text(format!("Remove the tag \"{tag}\""))
                .clicked()
            {
                let mut p = photo.clone();
                p.annotation.tags.retain(|t| t != tag);
                out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
            }
        }
        let r = ui.add(
            TextEdit::singleline(&mut ws.drafts.new_tag)
                .hint_text("add a tag")
                .desired_width(110.0),
        );
        let entered = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (entered || ui.small_button("Add").clicked()) && !ws.drafts.new_tag.trim().is_empty() {
            let tag = ws.drafts.new_tag.trim().to_owned();
            ws.drafts.new_tag.clear();
            if !photo.annotation.tags.contains(&tag) {
                let mut p = photo.clone();
                p.annotation.tags.push(tag);
                out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
            }
        }
    });
}

/// Said under the heading of a photo known only by its day, so "day 1" is not read as
/// "24 hours later".
pub const DATE_ONLY_NOTE: &str =
    "Only the date is known, not the time: placed by calendar day from the session.";

/// "Day 1 after session 2", "Day of session 2", or "Before the first session".
pub fn day_heading(place: &guide::Placement) -> String {
    match (place.session_number, place.day) {
        (Some(n), Some(0)) => format!("Day of session {n}"),
        (Some(n), Some(d)) => format!("Day {d} after session {n}"),
        _ => "Before the first session (baseline)".to_owned(),
    }
}

/// The guide's milestones in effect when the photo was taken.
pub fn guide_notes_ui(ui: &mut egui::Ui, project: &Project, photo: &Photo) {
    let place = guide::placement(project, photo);
    let milestones: Vec<&guide::Milestone> = place
        .milestones
        .iter()
        .filter_map(|id| project.guide.milestone(id))
        .collect();
    let heading = day_heading(&place);
    if milestones.is_empty() {
        ui.label(RichText::new(heading).strong());
        ui.label("No milestone of the guide applies on this day.");
        return;
    }
    let summary: Vec<&str> = milestones.iter().map(|m| m.short.as_str()).collect();
    ui.label(RichText::new(format!("{heading} — {}", summary.join("; "))).strong());
    if let Some(h) = place.hours.filter(|h| *h < 72.0) {
        ui.label(RichText::new(format!("Taken {h:.0} h after the session started.")).weak());
    } else if photo.date_only && place.session.is_some() {
        ui.label(RichText::new(DATE_ONLY_NOTE).weak());
    }
    for m in milestones {
        ui.add_space(4.0);
        ui.label(RichText::new(format!("{} · {}", m.window, m.title)).italics());
        ui.add(egui::Label::new(RichText::new(&m.text).weak()).wrap());
    }
}
