//! The "Edit regions" tool: its state, the Regions section of the details panel (place the
//! default regions, add a custom one, rename, remove) and the commands those make. Dragging
//! regions in the pane is in `compare/regions_pane.rs`.

use egui::RichText;

use afterglow_core::geometry::Point;
use afterglow_core::metrics::{DefaultRegion, PlacedRegions};
use afterglow_core::project::{Command, Project, Region, RegionId, Shape};
use afterglow_core::reference_frame::ReferenceFrame;

use crate::state::actions::Action;
use crate::state::toasts::Toasts;
use crate::state::tool::{RegionEditor, Tool};
use crate::state::workspace::Workspace;
use crate::work::jobs::{JobKind, JobOutput, Jobs};

/// One command replacing the default regions placed before (custom ones stay) with `regions`,
/// and what to tell the user (`from`: what they were placed from).
pub fn replace_defaults(project: &Project, regions: Vec<Region>, from: &str) -> (Command, String) {
    let replaced: Vec<Command> = project
        .regions
        .iter()
        .filter(|r| DefaultRegion::from_name(&r.name).is_some())
        .map(|r| Command::RemoveRegion(r.id))
        .collect();
    let n = replaced.len();
    // Numbered after every region there is now, so they never collide with one.
    let first = project.next_region_id().0;
    let mut commands = replaced;
    commands.extend(regions.into_iter().enumerate().map(|(i, mut r)| {
        r.id = RegionId(first + i as u32);
        Command::AddRegion(r)
    }));
    let message = if n == 0 {
        format!("Left cheek, right cheek, forehead and chin placed from {from}.")
    } else {
        format!("The default regions were placed again from {from}.")
    };
    (Command::Batch(commands), message)
}

/// Starts finding the face in the reference to place the default regions from it.
pub fn start_placing_defaults(ctx: &egui::Context, ws: &mut Workspace, jobs: &mut Jobs) {
    let (paths, project) = (ws.open.paths.clone(), ws.open.project.clone());
    jobs.spawn_for(
        ctx,
        ws,
        JobKind::PlaceRegions,
        "Finding the face in the reference",
        move |_| {
            let placed = afterglow_core::metrics::place_default_regions(&paths, &project)?;
            Ok(JobOutput::DefaultRegions(placed))
        },
    );
}

/// The face was found: place the default regions on it (undoable).
pub fn defaults_found(ws: &mut Workspace, toasts: &mut Toasts, placed: PlacedRegions) {
    let from = placed.from.to_string();
    let (command, message) = replace_defaults(ws.project(), placed.regions, &from);
    match ws.apply(command) {
        Ok(()) => toasts.info(message),
        Err(e) => toasts.error(e),
    }
}

/// A name for a region: trimmed, not empty, not another region's.
fn check_name(project: &Project, name: &str, except: Option<RegionId>) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("A region needs a name.".to_owned());
    }
    if project
        .regions
        .iter()
        .any(|r| Some(r.id) != except && r.name.eq_ignore_ascii_case(name))
    {
        return Err(format!("A region is already called \"{name}\"."));
    }
    Ok(name.to_owned())
}

/// Where a new region of `radii` goes: `preferred` (reference coordinates) if nothing is
/// there, else the nearest spot on rings around it where its box meets no other region's
/// box of the main view and stays inside the reference.
pub fn free_spot(project: &Project, preferred: Point, radii: [f64; 2]) -> Point {
    let Some(reference) = project.reference_photo() else {
        return preferred;
    };
    let view = project.main_view();
    let others: Vec<afterglow_core::project::Rect> = (project.regions.iter())
        .filter(|r| r.view == view)
        .map(|r| r.shape.bounds())
        .collect();
    let (w, h) = (f64::from(reference.width), f64::from(reference.height));
    let fits = |c: Point| {
        let (lo, hi) = (
            Point::new(c.x - radii[0], c.y - radii[1]),
            Point::new(c.x + radii[0], c.y + radii[1]),
        );
        let inside = lo.x >= 0.0 && lo.y >= 0.0 && hi.x <= w && hi.y <= h;
        inside
            && others
                .iter()
                .all(|b| hi.x < b.min.x || lo.x > b.max.x || hi.y < b.min.y || lo.y > b.max.y)
    };
    if fits(preferred) {
        return preferred;
    }
    // Rings a radius apart, twelve spots on each, nearest first.
    let step = radii[0].max(radii[1]);
    for ring in 1..=12 {
        let r = step * f64::from(ring);
        for k in 0..12 {
            let a = f64::from(k) * std::f64::consts::TAU / 12.0;
            let c = Point::new(preferred.x + r * a.cos(), preferred.y + r * a.sin());
            if fits(c) {
                return c;
            }
        }
    }
    preferred
}

/// A new elliptical region named `name` (or "Region N"), about a tenth of the reference's
/// width across, at `centre` (reference coordinates) or the nearest spot with room
/// ([`free_spot`]).
pub fn add_custom(project: &Project, name: &str, centre: Point) -> Result<Command, String> {
    let reference = project
        .reference_photo()
        .ok_or("The project has no photos yet.")?;
    let id = project.next_region_id();
    let name = if name.trim().is_empty() {
        format!("Region {}", id.0)
    } else {
        name.to_owned()
    };
    let name = check_name(project, &name, None)?;
    let rx = f64::from(reference.width) * 0.06;
    let radii = [rx, rx * 0.7];
    let centre = free_spot(project, centre, radii);
    Ok(Command::AddRegion(Region {
        id,
        name,
        shape: Shape::Ellipse {
            centre,
            radii,
            angle: 0.0,
        },
        view: project.main_view(),
    }))
}

pub fn rename(project: &Project, id: RegionId, name: &str) -> Result<Command, String> {
    let region = project
        .region(id)
        .ok_or("That region is no longer in the project.")?;
    let name = check_name(project, name, Some(id))?;
    Ok(Command::UpdateRegion(Region {
        name,
        ..region.clone()
    }))
}

/// The Regions section of the details panel.
pub fn panel_ui(ui: &mut egui::Ui, ws: &mut Workspace, out: &mut Vec<Action>) {
    let editable = ws.read_only_reason().is_none();
    let regions = ws.project().regions.clone();
    if regions.is_empty() {
        ui.label("No measurement regions yet.");
    } else {
        let count = match regions.len() {
            1 => "One region".to_owned(),
            n => format!("{n} regions"),
        };
        ui.label(format!(
            "{count}, the same skin in every aligned photo. Show them with Regions (R)."
        ));
    }
    let editing = matches!(ws.tool, Tool::EditRegions(_));
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal_wrapped(|ui| {
            if ui
                .add(crate::widgets::toggle::toggle_button(
                    editing,
                    "Edit regions",
                ))
                .on_hover_text(
                    "Drag regions over the photo to move, resize and turn them (Esc stops)",
                )
                .clicked()
            {
                ws.tool = if editing {
                    Tool::None
                } else {
                    Tool::EditRegions(RegionEditor::default())
                };
            }
            if ui
                .button("Place default regions")
                .on_hover_text(
                    "Left cheek, right cheek, forehead and chin, placed on the face found in the \
                     reference (clear of eyes, brows, lips, nose and hair line), else from its \
                     marked eyes",
                )
                .clicked()
            {
                let existing = (regions.iter())
                    .filter(|r| DefaultRegion::from_name(&r.name).is_some())
                    .count();
                if existing > 0 {
                    // They may have been moved by hand: ask before replacing them.
                    ws.drafts.confirm_default_regions = true;
                } else {
                    // The face mesh reads the reference's preview: a worker's job.
                    out.push(Action::PlaceDefaultRegions);
                }
            }
        });
        if ws.drafts.confirm_default_regions {
            ui.add(
                egui::Label::new(
                    "Place the default regions again? The cheeks, forehead and chin you have \
                     are replaced, with any changes you made to them (Undo brings them back).",
                )
                .wrap(),
            );
            ui.horizontal(|ui| {
                if ui.button("Replace them").clicked() {
                    ws.drafts.confirm_default_regions = false;
                    out.push(Action::PlaceDefaultRegions);
                }
                if ui.button("Keep them").clicked() {
                    ws.drafts.confirm_default_regions = false;
                }
            });
        }
    });
    let view_centre = view_centre_in_reference(ws);
    let project = ws.open.project.clone();
    let Tool::EditRegions(editor) = &mut ws.tool else {
        for r in &regions {
            ui.label(RichText::new(format!("• {}", r.name)).weak());
        }
        return;
    };
    ui.add_enabled_ui(editable, |ui| {
        region_list_ui(ui, &project, editor, &regions, out);
        ui.separator();
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut editor.new_name)
                    .hint_text("Name, e.g. Scar on the chin")
                    .desired_width(170.0),
            );
            if ui
                .button("Add region")
                .on_hover_text(
                    "A new ellipse in the middle of the view, or beside it where another region \
                     is; drag it into place",
                )
                .clicked()
            {
                match add_custom(&project, &editor.new_name, view_centre) {
                    Ok(command) => {
                        if let Command::AddRegion(r) = &command {
                            editor.selected = Some(r.id);
                        }
                        editor.new_name.clear();
                        out.push(Action::Apply(command));
                    }
                    Err(e) => out.push(Action::Error(e)),
                }
            }
        });
    });
}

fn region_list_ui(
    ui: &mut egui::Ui,
    project: &Project,
    editor: &mut RegionEditor,
    regions: &[Region],
    out: &mut Vec<Action>,
) {
    for r in regions {
        let renaming = matches!(&editor.rename, Some((id, _)) if *id == r.id);
        ui.horizontal_wrapped(|ui| {
            if renaming {
                // One command when the name is confirmed (Enter or OK); an unchanged name
                // changes nothing.
                let mut commit = false;
                if let Some((_, name)) = editor.rename.as_mut() {
                    let field = ui.add(
                        egui::TextEdit::singleline(name)
                            .desired_width(170.0)
                            .id_salt(("rename-region", r.id.0)),
                    );
                    if std::mem::take(&mut editor.focus_rename) {
                        field.request_focus();
                    }
                    commit = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                }
                commit |= ui.small_button("OK").clicked();
                if ui.small_button("Cancel").clicked() {
                    editor.rename = None;
                }
                if commit && let Some((id, name)) = editor.rename.take() {
                    match rename(project, id, &name) {
                        Ok(c) if name.trim() != r.name => out.push(Action::Apply(c)),
                        Ok(_) => {}
                        Err(e) => out.push(Action::Error(e)),
                    }
                }
                return;
            }
            let selected = editor.selected == Some(r.id);
            if ui
                .selectable_label(selected, &r.name)
                .on_hover_text("Show this region's handles")
                .clicked()
            {
                editor.selected = Some(r.id);
            }
            if ui
                .small_button("Rename…")
                .on_hover_text(format!("Rename {}", r.name))
                .clicked()
            {
                editor.rename = Some((r.id, r.name.clone()));
                editor.focus_rename = true;
            }
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove {} (Undo brings it back)", r.name))
                .clicked()
            {
                if editor.selected == Some(r.id) {
                    editor.selected = None;
                }
                out.push(Action::Apply(Command::RemoveRegion(r.id)));
            }
        });
    }
}

/// The reference point at the middle of the panes.
fn view_centre_in_reference(ws: &Workspace) -> Point {
    let Some(reference) = ws.project().reference_photo() else {
        return Point::default();
    };
    let frame = ReferenceFrame::of(reference);
    let c = ws.view.centre;
    frame
        .reference_from_frame()
        .apply(Point::new(f64::from(c.x), f64::from(c.y)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use afterglow_core::metrics::default_regions_from_eyes;
    use afterglow_core::project::Photo;
    use chrono::{NaiveDate, Utc};

    fn project_with_reference(eyes: Option<[Point; 2]>) -> Project {
        let mut p = Project::new("t", Utc::now());
        p.photos = vec![Photo {
            eyes,
            ..Photo::new(
                "ref0",
                NaiveDate::from_ymd_opt(2026, 3, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
                1200,
                1600,
            )
        }];
        p
    }

    /// The defaults from the eyes, as the placement job would return them.
    fn defaults(p: &Project) -> (Command, String) {
        let eyes = [Point::new(530.0, 500.0), Point::new(750.0, 520.0)];
        let regions = default_regions_from_eyes(eyes, p.next_region_id());
        replace_defaults(p, regions, "the eyes marked on the reference")
    }

    #[test]
    fn placing_defaults_again_replaces_earlier_defaults_only() {
        let mut p = project_with_reference(None);
        add_custom(&p, "Scar", Point::new(600.0, 900.0))
            .unwrap()
            .apply(&mut p)
            .unwrap();
        let (command, message) = defaults(&p);
        assert!(message.contains("placed from the eyes marked"), "{message}");
        command.apply(&mut p).unwrap();
        assert_eq!(p.regions.len(), 5);
        let (command, message) = defaults(&p);
        assert!(message.contains("placed again"), "{message}");
        command.apply(&mut p).unwrap();
        assert_eq!(p.regions.len(), 5, "placing again replaces the defaults");
        assert!(p.regions.iter().any(|r| r.name == "Scar"));
    }

    #[test]
    fn a_new_region_goes_beside_the_others_not_on_top() {
        let mut p = project_with_reference(None);
        let middle = Point::new(600.0, 800.0);
        for name in ["One", "Two", "Three"] {
            add_custom(&p, name, middle).unwrap().apply(&mut p).unwrap();
        }
        let boxes: Vec<_> = p.regions.iter().map(|r| r.shape.bounds()).collect();
        let centre = |b: &afterglow_core::project::Rect| {
            Point::new((b.min.x + b.max.x) / 2.0, (b.min.y + b.max.y) / 2.0)
        };
        // The first where asked; none overlapping; all inside the 1200×1600 reference.
        assert!(centre(&boxes[0]).distance(middle) < 1e-9);
        for (i, a) in boxes.iter().enumerate() {
            assert!(a.min.x >= 0.0 && a.min.y >= 0.0 && a.max.x <= 1200.0 && a.max.y <= 1600.0);
            for b in &boxes[i + 1..] {
                let apart = a.max.x < b.min.x
                    || b.max.x < a.min.x
                    || a.max.y < b.min.y
                    || b.max.y < a.min.y;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        // Near the middle still: within three region widths.
        assert!(
            boxes
                .iter()
                .all(|b| centre(b).distance(middle) < 3.0 * 2.0 * 72.0)
        );
    }

    #[test]
    fn names_must_be_given_and_different() {
        let mut p = project_with_reference(None);
        let c = add_custom(&p, "", Point::new(1.0, 1.0)).unwrap();
        c.apply(&mut p).unwrap();
        assert_eq!(p.regions[0].name, "Region 1");
        assert!(add_custom(&p, "region 1", Point::new(1.0, 1.0)).is_err());
        assert!(rename(&p, RegionId(1), "  ").is_err());
        rename(&p, RegionId(1), " Jaw ")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert_eq!(p.regions[0].name, "Jaw");
    }
}
