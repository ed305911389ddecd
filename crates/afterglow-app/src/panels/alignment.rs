//! Alignment by hand: the Alignment section of the details panel (status, Mark eyes, Nudge,
//! Re-align, Flip, Lock) and the commands those tools produce.

use egui::RichText;

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{
    AlignMethod, Alignment, Command, Photo, PhotoId, Project, View, capture_advice,
};
use afterglow_core::reference_frame::ReferenceFrame;

use crate::state::actions::Action;
use crate::state::alignment_status::{AlignStatus, display_reference_from_photo};
use crate::state::tool::Tool;
use crate::state::workspace::Workspace;

/// One nudge step: a turn of this many degrees, a scale of this fraction.
const TURN_DEGREES: f64 = 0.5;
const SCALE_STEP: f64 = 0.01;

pub fn alignment_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    photo: &Photo,
    busy: bool,
    out: &mut Vec<Action>,
) {
    let status = AlignStatus::of(ws.project(), photo);
    let view = photo.view();
    // Side views have their own reference; say which view this photo is aligned within.
    match (status, view) {
        (_, View::Front) => ui.label(status.describe()),
        (AlignStatus::Reference, view) => ui.label(format!(
            "This is the reference of the {view} view: every {view} photo is aligned to it."
        )),
        (status, view) => ui.label(format!("{} ({view} view)", status.describe())),
    };
    // Derived from the transform (a reflection), so it can never disagree with what is shown.
    if photo
        .alignment
        .as_ref()
        .is_some_and(|a| status.is_aligned() && a.is_mirrored())
    {
        ui.label("Mirrored; shown the right way round.");
    }
    // One verdict with its true reason: the stored concerns when the photo is not comparable.
    let why = photo
        .alignment
        .as_ref()
        .filter(|_| status.is_aligned())
        .and_then(|a| a.not_comparable_because());
    match (why, status.warning()) {
        (Some(why), _) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Not comparable: {why}."),
            );
        }
        (None, Some(w)) => {
            ui.colored_label(ui.visuals().warn_fg_color, format!("This photo is {w}."));
        }
        (None, None) => {}
    }
    // What to do differently next time, for photos aligned automatically.
    if let Some(a) = photo
        .alignment
        .as_ref()
        .filter(|a| status.is_aligned() && a.method == AlignMethod::Auto)
    {
        for advice in capture_advice(a) {
            ui.label(RichText::new(format!("Next time: {advice}.")).weak());
        }
    }
    if photo.eyes.is_some() {
        ui.label(RichText::new("Eye centres marked.").weak());
    }
    let editable = ws.read_only_reason().is_none();
    let is_reference = status == AlignStatus::Reference;
    // Said before the user starts: eyes align a photo only to the reference's eyes.
    let reference_eyes = ws.project().reference_of(photo).map(|r| r.eyes.is_some());
    if !is_reference && reference_eyes == Some(false) {
        ui.label(
            RichText::new(
                "Mark eyes aligns this photo eye to eye with the reference, whose eyes are not \
                 marked yet: mark them too (before or after).",
            )
            .weak(),
        );
    }
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal_wrapped(|ui| {
            let marking = matches!(&ws.tool, Tool::MarkEyes { photo: p, .. } if p == &photo.id);
            if ui
                .add(crate::widgets::toggle::toggle_button(marking, "Mark eyes"))
                .on_hover_text("Click both eye centres; the photo is then aligned by its eyes")
                .clicked()
            {
                ws.tool = if marking {
                    Tool::None
                } else {
                    Tool::MarkEyes {
                        photo: photo.id.clone(),
                        first: None,
                    }
                };
            }
            let nudging = matches!(&ws.tool, Tool::Nudge { photo: p, .. } if p == &photo.id);
            if ui
                .add_enabled(
                    !is_reference,
                    crate::widgets::toggle::toggle_button(nudging, "Nudge"),
                )
                .on_hover_text("Move, turn and scale this photo over the reference by hand")
                .on_disabled_hover_text("The reference stays where it is; nudge the other photos")
                .clicked()
            {
                ws.tool = if nudging {
                    Tool::None
                } else {
                    // Where Cancel and Reset put it back.
                    ws.nudge_start = Some(photo.clone());
                    Tool::Nudge {
                        photo: photo.id.clone(),
                        drag: None,
                    }
                };
            }
            let locked = photo.alignment.as_ref().is_some_and(|a| a.locked);
            if ui
                .add_enabled(
                    !is_reference && !busy,
                    egui::Button::new("Re-align automatically"),
                )
                .on_hover_text(if locked {
                    "Unlock the alignment first: a locked alignment is kept"
                } else {
                    "Align this photo to the reference again"
                })
                .clicked()
            {
                out.push(Action::AlignPhoto(photo.id.clone()));
            }
            if ui
                .add_enabled(!is_reference && !busy, egui::Button::new("Flip"))
                .on_hover_text(
                    "Align this photo mirrored left to right (or back, if it is mirrored now) \
                     and lock it: for a front camera that saved it the other way round",
                )
                .on_disabled_hover_text("The reference is shown as it was taken")
                .clicked()
            {
                out.push(Action::FlipPhoto(photo.id.clone()));
            }
            if let Some(a) = &photo.alignment
                && !is_reference
            {
                let text = if a.locked { "Unlock" } else { "Lock" };
                if ui
                    .button(text)
                    .on_hover_text("A locked alignment is never replaced by automatic alignment")
                    .clicked()
                {
                    let mut p = photo.clone();
                    if let Some(a) = &mut p.alignment {
                        a.locked = !a.locked;
                    }
                    out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
                }
            }
        });
        if matches!(&ws.tool, Tool::Nudge { photo: p, .. } if p == &photo.id) {
            nudge_buttons_ui(ui, ws.project(), photo, out);
            nudge_end_ui(ui, ws, photo, out);
        }
    });
}

fn nudge_buttons_ui(ui: &mut egui::Ui, project: &Project, photo: &Photo, out: &mut Vec<Action>) {
    let mut push = |change: Option<Affine2>| {
        if let Some(change) = change {
            out.push(Action::Nudged {
                photo: photo.id.clone(),
                change,
            });
        }
    };
    ui.horizontal_wrapped(|ui| {
        for (label, hint, dx, dy) in [
            ("Left", "Move left", -1.0, 0.0),
            ("Right", "Move right", 1.0, 0.0),
            ("Up", "Move up", 0.0, -1.0),
            ("Down", "Move down", 0.0, 1.0),
        ] {
            if ui.button(label).on_hover_text(hint).clicked() {
                push(nudge_change(project, NudgeStep::Move(dx, dy)));
            }
        }
        if ui
            .button("Turn left")
            .on_hover_text("Turn left (Q)")
            .clicked()
        {
            push(nudge_change(project, NudgeStep::Turn(-1.0)));
        }
        if ui
            .button("Turn right")
            .on_hover_text("Turn right (E)")
            .clicked()
        {
            push(nudge_change(project, NudgeStep::Turn(1.0)));
        }
        if ui.button("Smaller").on_hover_text("Smaller (−)").clicked() {
            push(nudge_change(project, NudgeStep::Scale(-1.0)));
        }
        if ui.button("Larger").on_hover_text("Larger (+)").clicked() {
            push(nudge_change(project, NudgeStep::Scale(1.0)));
        }
    });
}

/// Done, Reset (back to where the photo was when Nudge started, staying in the tool) and
/// Cancel (the same, then leave): each an undoable change.
fn nudge_end_ui(ui: &mut egui::Ui, ws: &mut Workspace, photo: &Photo, out: &mut Vec<Action>) {
    let start = ws.nudge_start.clone().filter(|s| s.id == photo.id);
    let moved = start
        .as_ref()
        .is_some_and(|s| s.alignment != photo.alignment);
    ui.horizontal(|ui| {
        if ui
            .button("Done")
            .on_hover_text("Keep it here (Esc)")
            .clicked()
        {
            ws.tool = Tool::None;
        }
        let back = |out: &mut Vec<Action>| {
            if let Some(s) = &start {
                let mut p = photo.clone();
                p.alignment = s.alignment.clone();
                out.push(Action::Apply(Command::UpdatePhoto(Box::new(p))));
            }
        };
        if ui
            .add_enabled(moved, egui::Button::new("Reset"))
            .on_hover_text("Put the photo back where it was when Nudge started")
            .clicked()
        {
            back(out);
        }
        if ui
            .add_enabled(moved, egui::Button::new("Cancel"))
            .on_hover_text("Put the photo back where it was and leave Nudge")
            .clicked()
        {
            back(out);
            ws.tool = Tool::None;
        }
    });
}

/// One step of the nudge keys and buttons.
#[derive(Clone, Copy, Debug)]
pub enum NudgeStep {
    /// Move by this many preview pixels.
    Move(f64, f64),
    /// Turn by this many steps (positive: clockwise on screen).
    Turn(f64),
    /// Scale by this many steps (positive: larger).
    Scale(f64),
}

/// The change (in reference coordinates) one nudge step makes, about the reference's centre.
pub fn nudge_change(project: &Project, step: NudgeStep) -> Option<Affine2> {
    let reference = project.reference_photo()?;
    let frame = ReferenceFrame::of(reference);
    let centre = Point::new(
        (f64::from(reference.width) - 1.0) / 2.0,
        (f64::from(reference.height) - 1.0) / 2.0,
    );
    // One preview pixel, in reference pixels.
    let px = 1.0 / frame.frame_from_reference.mean_scale().max(1e-9);
    Some(match step {
        NudgeStep::Move(dx, dy) => Affine2::translation(dx * px, dy * px),
        NudgeStep::Turn(n) => {
            Affine2::similarity_about(centre, 1.0, (n * TURN_DEGREES).to_radians(), 0.0, 0.0)
        }
        NudgeStep::Scale(n) => {
            Affine2::similarity_about(centre, 1.0 + n * SCALE_STEP, 0.0, 0.0, 0.0)
        }
    })
}

/// The command that moves `photo` by `change` on the reference: a manual, locked alignment.
pub fn nudged(project: &Project, photo: &PhotoId, change: &Affine2) -> Option<Command> {
    let original = project.photo(photo)?;
    let reference = project.reference_of(original)?;
    let mut p = original.clone();
    let current = display_reference_from_photo(project, original);
    p.alignment = Some(Alignment {
        concerns: Vec::new(),
        reference_from_photo: *change * current,
        method: AlignMethod::Manual,
        score: original.alignment.as_ref().map_or(0.0, |a| a.score),
        comparable: true,
        locked: true,
        reference: Some(reference.id.clone()),
    });
    Some(Command::UpdatePhoto(Box::new(p)))
}

/// The command for eyes marked on `photo`, and a sentence telling the user what it did.
/// Marking the reference's eyes also aligns every photo whose eyes are marked (unless its
/// alignment is locked).
pub fn eyes_marked(
    project: &Project,
    id: &PhotoId,
    eyes: [Point; 2],
) -> Result<(Command, String), String> {
    let photo = project
        .photo(id)
        .ok_or("the photo is no longer in the project")?;
    let reference = project
        .reference_of(photo)
        .ok_or("the project has no reference photo")?;
    if eyes[0].distance(eyes[1]) < 2.0 {
        return Err("Both clicks were on the same spot; click the centre of each eye.".to_owned());
    }
    let mut marked = photo.clone();
    marked.eyes = Some(eyes);
    if reference.id == *id {
        let mut commands = vec![Command::UpdatePhoto(Box::new(marked))];
        for other in project.photos.iter().filter(|p| p.id != *id) {
            let (Some(their), false) = (
                other.eyes,
                other.alignment.as_ref().is_some_and(|a| a.locked),
            ) else {
                continue;
            };
            if let Some(a) = landmark_alignment(their, eyes, &reference.id) {
                let mut p = other.clone();
                p.alignment = Some(a);
                commands.push(Command::UpdatePhoto(Box::new(p)));
            }
        }
        let n = commands.len() - 1;
        let msg = if n == 0 {
            "Eyes marked on the reference. Mark the eyes on other photos to align them.".to_owned()
        } else {
            format!(
                "Eyes marked on the reference; {n} photo{} aligned by their eyes.",
                if n == 1 { "" } else { "s" }
            )
        };
        return Ok((Command::Batch(commands), msg));
    }
    match reference.eyes {
        Some(reference_eyes) => {
            let a = landmark_alignment(eyes, reference_eyes, &reference.id)
                .ok_or("These eye positions cannot be matched to the reference's.")?;
            marked.alignment = Some(a);
            Ok((Command::UpdatePhoto(Box::new(marked)), "Aligned by the eyes.".to_owned()))
        }
        None => Ok((
            Command::UpdatePhoto(Box::new(marked)),
            "Eyes marked. Mark the eyes on the reference photo too; then this photo is aligned by them."
                .to_owned(),
        )),
    }
}

/// The user moved `photo` over the reference by `change`: store it as its locked alignment.
pub fn apply_nudge(
    ws: &mut Workspace,
    photo: &PhotoId,
    change: &Affine2,
) -> Result<Option<String>, String> {
    if let Tool::Nudge { photo: p, drag } = &mut ws.tool
        && p == photo
    {
        *drag = None;
    }
    let command =
        nudged(ws.project(), photo, change).ok_or("That photo can no longer be moved.")?;
    // A run of nudges without a pause is one undo step.
    ws.apply_step(command, format!("nudge {photo}"))
        .map(|()| None)
}

/// The user clicked both eyes of `photo`: store them (and align by them) and say what happened.
pub fn apply_eyes(
    ws: &mut Workspace,
    photo: &PhotoId,
    eyes: [Point; 2],
) -> Result<Option<String>, String> {
    let (command, message) = eyes_marked(ws.project(), photo, eyes)?;
    ws.apply(command).map(|()| Some(message))
}

fn landmark_alignment(
    eyes: [Point; 2],
    reference_eyes: [Point; 2],
    reference: &PhotoId,
) -> Option<Alignment> {
    let t = Affine2::similarity_from_two_points(eyes, reference_eyes)?;
    Some(Alignment {
        concerns: Vec::new(),
        reference_from_photo: t,
        method: AlignMethod::Landmarks,
        // Correlation is measured by automatic alignment only; a hand alignment has none.
        score: 0.0,
        comparable: true,
        locked: false,
        reference: Some(reference.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use chrono::{NaiveDate, Utc};

    fn photo(id: &str, day: u32) -> Photo {
        Photo::new(
            id,
            NaiveDate::from_ymd_opt(2026, 3, day)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            3000,
            4000,
        )
    }

    fn eyes(a: f64, b: f64, y: f64) -> [Point; 2] {
        [Point::new(a, y), Point::new(b, y + 8.0)]
    }

    #[test]
    fn eyes_on_a_photo_then_the_reference_align_the_photo_by_them() {
        let mut p = Project::new("t", Utc::now());
        p.photos = vec![photo("ref0", 1), photo("pic1", 2)];
        let (c, msg) = eyes_marked(&p, &PhotoId("pic1".into()), eyes(430.0, 720.0, 610.0)).unwrap();
        c.apply(&mut p).unwrap();
        assert!(msg.contains("reference"), "{msg}");
        assert!(p.photos[1].alignment.is_none());
        let (c, _) = eyes_marked(&p, &PhotoId("ref0".into()), eyes(400.0, 690.0, 600.0)).unwrap();
        c.apply(&mut p).unwrap();
        let a = p.photos[1].alignment.clone().unwrap();
        assert_eq!(a.method, AlignMethod::Landmarks);
        for (from, to) in eyes(430.0, 720.0, 610.0)
            .into_iter()
            .zip(eyes(400.0, 690.0, 600.0))
        {
            assert!(a.reference_from_photo.apply(from).distance(to) < 1e-9);
        }
        assert_eq!(AlignStatus::of(&p, &p.photos[1]).warning(), None);
    }

    #[test]
    fn a_nudge_locks_a_manual_alignment_and_moves_by_the_change() {
        let mut p = Project::new("t", Utc::now());
        p.photos = vec![photo("ref0", 1), photo("pic1", 2)];
        let id = PhotoId("pic1".into());
        let change = nudge_change(&p, NudgeStep::Move(2.0, 0.0)).unwrap();
        let before = display_reference_from_photo(&p, &p.photos[1]);
        nudged(&p, &id, &change).unwrap().apply(&mut p).unwrap();
        let a = p.photos[1].alignment.clone().unwrap();
        assert!(a.locked && a.method == AlignMethod::Manual);
        let q = Point::new(100.0, 100.0);
        let moved = a.reference_from_photo.apply(q).x - before.apply(q).x;
        // Two preview pixels of a 3000 × 4000 reference whose preview is 2048 px tall.
        assert!((moved - 2.0 * 4000.0 / 2048.0).abs() < 1e-6, "{moved}");
    }
}
