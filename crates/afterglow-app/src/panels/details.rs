//! The right-hand panel: everything about the photo in the active pane — annotation, the guide,
//! alignment, and the photo's own facts (date and where it came from, size, name), with
//! make-reference, exclude and move-to-trash.

use chrono::{NaiveTime, Timelike};
use egui::{CollapsingHeader, RichText};

use afterglow_core::project::{Command, DateSource, Photo, PhotoId, View};

use crate::compare::{patch_tool, region_editing};
use crate::panels::{alignment, annotation};
use crate::state::actions::Action;
use crate::state::workspace::{DateDraft, Workspace};

pub fn details_ui(ui: &mut egui::Ui, ws: &mut Workspace, align_busy: bool, out: &mut Vec<Action>) {
    let Some(id) = ws.focused().cloned() else {
        ui.add_space(20.0);
        ui.label("Choose a photo in the library to annotate it.");
        return;
    };
    let Some(photo) = ws.project().photo(&id).cloned() else {
        return;
    };
    let label = ws
        .index
        .entry(&id)
        .map_or_else(|| photo.original_name.clone(), |e| e.label.clone());
    ui.label(RichText::new(format!("Pane {}", ws.panes.active + 1)).weak());
    ui.heading(label);
    if photo.excluded {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Left out of comparisons and measurements.",
        );
    }
    ui.separator();
    if ws.missing.contains(&photo.id) {
        crate::panels::locate::missing_notice_ui(
            ui,
            &photo,
            ws.read_only_reason().is_some(),
            ws.missing.locating.is_some(),
            out,
        );
    }
    // Another photo's details start at the top, not where the last one's were scrolled to.
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("details")
        .auto_shrink([false, false]);
    if changed_since_last_frame(ui, "details-photo", &photo.id) {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    scroll.show(ui, |ui| {
        CollapsingHeader::new("Annotation")
            .default_open(true)
            .show(ui, |ui| {
                annotation::annotation_ui(ui, ws, &photo, out);
            });
        CollapsingHeader::new("Treatment guide")
            .default_open(true)
            .show(ui, |ui| {
                annotation::guide_notes_ui(ui, ws.project(), &photo);
            });
        CollapsingHeader::new("Alignment")
            .default_open(true)
            .show(ui, |ui| {
                alignment::alignment_ui(ui, ws, &photo, align_busy, out);
            });
        CollapsingHeader::new("Calibration")
            .default_open(true)
            .show(ui, |ui| {
                patch_tool::panel_ui(ui, ws, &photo, out);
            });
        CollapsingHeader::new("Regions")
            .default_open(true)
            .show(ui, |ui| {
                region_editing::panel_ui(ui, ws, out);
            });
        CollapsingHeader::new("Photo")
            .default_open(false)
            .show(ui, |ui| {
                facts_ui(ui, ws, &photo, out);
            });
    });
}

fn facts_ui(ui: &mut egui::Ui, ws: &mut Workspace, photo: &Photo, out: &mut Vec<Action>) {
    let editable = ws.read_only_reason().is_none();
    egui::Grid::new("photo-facts")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label("Taken");
            ui.label(photo.taken_label());
            ui.end_row();
            ui.label("Date from");
            ui.label(match photo.taken_at_source {
                DateSource::Exif => "the camera (EXIF)",
                DateSource::FileName => "the file's name",
                DateSource::Sidecar => "the export's sidecar file",
                DateSource::FileTime => "the file's time (may be wrong)",
                DateSource::Manual => "set by hand",
            });
            ui.end_row();
            ui.label("Size");
            ui.label(format!("{} × {} px", photo.width, photo.height));
            ui.end_row();
            ui.label("File");
            ui.label(format!(
                "{} ({:.1} MB)",
                photo.original_name,
                photo.byte_len as f64 / 1e6
            ));
            ui.end_row();
        });
    ui.add_enabled_ui(editable, |ui| {
        date_correction_ui(ui, ws, photo, out);
        ui.separator();
        view_ui(ui, photo, out);
        let project = ws.project();
        let is_reference = project
            .reference_of(photo)
            .is_some_and(|r| r.id == photo.id);
        let view = photo.view();
        let (hover, is_hover) = if view == project.main_view() {
            (
                "Align every photo of this view to this one".to_owned(),
                "This photo is the reference".to_owned(),
            )
        } else {
            (
                format!("Align every {view} photo to this one"),
                format!("This photo is the reference of the {view} view"),
            )
        };
        if ui
            .add_enabled(!is_reference, egui::Button::new("Make reference"))
            .on_hover_text(hover)
            .on_disabled_hover_text(is_hover)
            .clicked()
        {
            out.push(Action::MakeReference(photo.id.clone()));
        }
        let mut excluded = photo.excluded;
        if ui
            .checkbox(&mut excluded, "Exclude from comparisons")
            .on_hover_text("Leave this photo out of comparisons, measurements and reports")
            .changed()
        {
            let mut p = photo.clone();
            p.excluded = excluded;
            out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
        }
        if ui
            .button("Move to trash")
            .on_hover_text("The photo goes to the project's trash folder; Undo brings it back")
            .clicked()
        {
            // A project must not name a trashed photo as its reference: the earliest photo
            // takes over (one undoable change).
            let trash = Command::TrashPhoto(photo.id.clone());
            let project = ws.project();
            let side = (project.view_references.iter())
                .find(|(_, id)| **id == photo.id)
                .map(|(v, _)| *v);
            let command = if project.reference.as_ref() == Some(&photo.id) {
                Command::Batch(vec![Command::SetReference(None), trash])
            } else if let Some(view) = side {
                Command::Batch(vec![Command::SetViewReference(view, None), trash])
            } else {
                trash
            };
            out.push(Action::Apply(command));
            out.push(Action::Info(format!(
                "{} moved to the trash. Undo (Ctrl+Z) brings it back.",
                photo.original_name
            )));
        }
    });
}

/// The photo's view: from its face's turn, or set by hand (undoable like any edit).
fn view_ui(ui: &mut egui::Ui, photo: &Photo, out: &mut Vec<Action>) {
    let auto = match photo.face_yaw {
        Some(yaw) => format!(
            "Automatic: {} (turned {:.0}°)",
            View::from_yaw(yaw),
            yaw.abs()
        ),
        None => "Automatic (measured when aligned)".to_owned(),
    };
    let mut chosen = photo.view_set;
    ui.horizontal(|ui| {
        let label = ui.label("View");
        egui::ComboBox::from_id_salt("photo-view")
            .selected_text(chosen.map_or(auto.clone(), |v| format!("{v} (set by hand)")))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, auto);
                for v in View::ALL {
                    ui.selectable_value(&mut chosen, Some(v), v.label());
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(
                "Front, left 45° or right 45°: each view is aligned to its own reference and \
                 compared only with photos of the same view",
            );
    });
    if chosen != photo.view_set {
        let mut p = photo.clone();
        p.view_set = chosen;
        out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
    }
}

fn date_correction_ui(ui: &mut egui::Ui, ws: &mut Workspace, photo: &Photo, out: &mut Vec<Action>) {
    let editing = matches!(&ws.drafts.date, Some(d) if d.photo == photo.id);
    if !editing {
        if ui.button("Correct the date…").clicked() {
            ws.drafts.date = Some(draft_of(photo));
        }
        return;
    }
    let Some(draft) = ws.drafts.date.as_mut() else {
        return;
    };
    ui.horizontal(|ui| {
        crate::widgets::date_picker::date_picker_ui(ui, &mut draft.date, "photo-date");
        ui.checkbox(&mut draft.time_known, "Time known")
            .on_hover_text(
                "Off: only the day is known; the photo is placed by calendar day, without a time",
            );
        ui.add_enabled(
            draft.time_known,
            egui::DragValue::new(&mut draft.hour)
                .range(0..=23)
                .suffix(" h"),
        );
        ui.add_enabled(
            draft.time_known,
            egui::DragValue::new(&mut draft.minute)
                .range(0..=59)
                .suffix(" min"),
        );
    });
    let (day, chosen) = (draft.date, chosen_time(draft));
    ui.horizontal(|ui| {
        if ui.button("Set date").clicked() {
            if let Some(time) = chosen {
                let mut p = photo.clone();
                p.set_taken_by_hand(day, time);
                out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
            }
            ws.drafts.date = None;
        }
        if ui.button("Cancel").clicked() {
            ws.drafts.date = None;
        }
    });
}

/// The draft a correction starts from: the photo's date, and its time when it has one
/// (a date-only photo starts with the time off, so setting it as is keeps it date-only).
fn draft_of(photo: &Photo) -> DateDraft {
    let time = photo.time_taken();
    DateDraft {
        photo: photo.id.clone(),
        date: photo.taken_on(),
        time_known: time.is_some(),
        // Midday, not the stored midnight placeholder, is offered when the user turns the time
        // on: a neutral start that they then set.
        hour: time.map_or(12, |t| t.hour()),
        minute: time.map_or(0, |t| t.minute()),
    }
}

/// The time the draft sets: `Some(None)` for the day only, `Some(Some(t))` with a time,
/// `None` when the typed time is not one.
fn chosen_time(draft: &DateDraft) -> Option<Option<NaiveTime>> {
    if !draft.time_known {
        return Some(None);
    }
    NaiveTime::from_hms_opt(draft.hour, draft.minute, 0).map(Some)
}

/// True when `photo` differs from the one `key` held last frame (and remembers it): for
/// panels that react once to the photo changing.
pub(crate) fn changed_since_last_frame(ui: &egui::Ui, key: &str, photo: &PhotoId) -> bool {
    let id = egui::Id::unique(key);
    let before = ui.data(|d| d.get_temp::<PhotoId>(id));
    ui.data_mut(|d| d.insert_temp(id, photo.clone()));
    before.is_some_and(|b| b != *photo)
}
