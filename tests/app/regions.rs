//! Regions and neutral patches in the app, driven like a user would (egui_kittest): place the
//! default regions, drag one, undo; mark a neutral patch by dragging, find it on disk.

use crate::{app_support, common};

use afterglow_app::{AfterglowApp, SaveStatus, Settings, ToastKind, Tool};
use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{Command, Shape};
use afterglow_core::reference_frame::ReferenceFrame;
use afterglow_core::store::{self, OpenProject};
use app_support::project;
use egui::{Key, Modifiers, Pos2, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: AfterglowApp) -> Harness<'static, AfterglowApp> {
    app_support::harness_of_height(app, 2000.0)
}

fn settle(h: &mut Harness<'_, AfterglowApp>, what: &str, done: impl Fn(&AfterglowApp) -> bool) {
    app_support::settle_within(h, what, 30, done);
}

/// Screen points from reference coordinates for the single pane occupying `pane`, as the
/// compare view draws it (zoom and centre are the workspace's, in frame pixels).
fn screen_from_reference(h: &Harness<'_, AfterglowApp>, pane: Rect) -> Affine2 {
    let ws = h.state().workspace.as_ref().unwrap();
    let frame = ReferenceFrame::of(ws.project().reference_photo().unwrap());
    let (z, c, m) = (f64::from(ws.view.zoom), ws.view.centre, pane.center());
    let screen_from_frame = Affine2 {
        m: [
            [z, 0.0, f64::from(m.x) - z * f64::from(c.x)],
            [0.0, z, f64::from(m.y) - z * f64::from(c.y)],
        ],
    };
    screen_from_frame * frame.frame_from_reference
}

fn pos(p: Point) -> Pos2 {
    Pos2::new(p.x as f32, p.y as f32)
}

fn point(p: Pos2) -> Point {
    Point::new(f64::from(p.x), f64::from(p.y))
}

/// A press at `from`, a few moves, a release at `to`, a frame between each.
fn drag(h: &mut Harness<'_, AfterglowApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for t in [0.1, 0.4, 0.7, 1.0] {
        h.hover_at(from + (to - from) * t);
        h.step();
    }
    h.drop_at(to);
    h.step();
    h.step();
}

fn errors(app: &AfterglowApp) -> Vec<String> {
    app.toasts
        .items()
        .iter()
        .filter(|t| t.kind == ToastKind::Error)
        .map(|t| t.text.clone())
        .collect()
}

#[test]
fn default_regions_are_placed_on_the_face_dragged_as_one_step_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    {
        // The demo ships with regions; start without.
        let mut open = OpenProject::open_for_writing(&root).unwrap();
        open.project.regions.clear();
        open.save().unwrap();
    }
    let open = OpenProject::open(&root).unwrap();
    assert!(open.project.regions.is_empty());
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();

    // The defaults are placed on the face mesh found in the reference, on a worker.
    h.get_by_label("Edit regions").click();
    h.step();
    h.get_by_label("Place default regions").click();
    settle(&mut h, "regions placed from the face", |app| {
        app.workspace.as_ref().unwrap().project().regions.len() == 4
    });
    assert!(errors(h.state()).is_empty(), "{:?}", errors(h.state()));
    let from_face = project(&h).regions.clone();
    let Shape::Ellipse { centre, .. } = from_face
        .iter()
        .find(|r| r.name.starts_with("Left cheek"))
        .unwrap()
        .shape
    else {
        panic!("a default region is an ellipse")
    };
    // Right of the eyes' midpoint and below them (the eyes are near (533, 495), (753, 522)).
    assert!(centre.x > 643.0 && centre.y > 522.0, "{centre:?}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert!(project(&h).regions.is_empty(), "one undo removes all four");

    // Eye marks on the reference (where the demo portrait's eyes are): they agree with the
    // mesh's eyes, so the mesh places the regions again.
    {
        let ws = h.state_mut().workspace.as_mut().unwrap();
        let mut reference = ws.project().reference_photo().unwrap().clone();
        reference.eyes = Some([Point::new(533.0, 495.0), Point::new(753.0, 522.0)]);
        ws.apply(Command::UpdatePhoto(Box::new(reference))).unwrap();
    }
    // A frame for the panel to show the change (the details' text changes with the eye
    // marks, moving the buttons), as a user sees it before clicking.
    h.step();
    h.get_by_label("Place default regions").click();
    settle(&mut h, "regions placed again", |app| {
        app.workspace.as_ref().unwrap().project().regions.len() == 4
    });
    let regions = project(&h).regions.clone();
    assert_eq!(regions.len(), 4, "{regions:?}");
    let cheek = regions
        .iter()
        .find(|r| r.name.starts_with("Left cheek"))
        .unwrap()
        .clone();
    let Shape::Ellipse { centre, radii, .. } = cheek.shape else {
        panic!("a default region is an ellipse")
    };
    // The person's left cheek is on the right of the photo, below the eyes.
    assert!(centre.x > 643.0 && centre.y > 522.0, "{centre:?}");
    assert!(matches!(
        h.state().workspace.as_ref().unwrap().tool,
        Tool::EditRegions(_)
    ));

    // Placing them again asks first, as they may have been edited: Keep them leaves them.
    h.get_by_label("Place default regions").click();
    h.step();
    h.step();
    assert!(
        h.query_by_label_contains("Place the default regions again?")
            .is_some()
    );
    h.get_by_label("Keep them").click();
    h.step();
    h.step();
    assert_eq!(project(&h).regions, regions);
    assert!(
        h.query_by_label_contains("Place the default regions again?")
            .is_none()
    );

    // Drag the cheek by its middle.
    let pane = h.get_by_label("Regions editor").rect();
    let s_from_r = screen_from_reference(&h, pane);
    let from = pos(s_from_r.apply(centre));
    assert!(
        pane.contains(from),
        "the cheek is in view: {from:?} in {pane:?}"
    );
    let to = from + egui::vec2(40.0, -25.0);
    let undo_depth = h.state().workspace.as_ref().unwrap().revision;
    drag(&mut h, from, to);
    let moved = project(&h).region(cheek.id).unwrap().clone();
    let Shape::Ellipse {
        centre: new_centre,
        radii: new_radii,
        ..
    } = moved.shape
    else {
        panic!("still an ellipse")
    };
    let r_from_s = s_from_r.inverse().unwrap();
    let expected = Point::new(
        centre.x + r_from_s.apply_vector(Point::new(40.0, -25.0)).x,
        centre.y + r_from_s.apply_vector(Point::new(40.0, -25.0)).y,
    );
    // Within a screen point's worth of reference pixels.
    let tolerance = 1.0 / s_from_r.mean_scale();
    assert!(
        new_centre.distance(expected) < tolerance,
        "moved to {new_centre:?}, expected {expected:?} (± {tolerance})"
    );
    assert!(new_centre.distance(centre) > 20.0, "it really moved");
    assert_eq!(new_radii, radii, "a move keeps the size");
    assert_eq!(
        h.state().workspace.as_ref().unwrap().revision,
        undo_depth + 1,
        "the whole drag is one change"
    );
    // The other regions stayed.
    for r in &regions {
        if r.id != cheek.id {
            assert_eq!(project(&h).region(r.id), Some(r));
        }
    }

    // One undo puts it back, and the tool is still on.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    h.step();
    assert_eq!(project(&h).region(cheek.id).unwrap().shape, cheek.shape);
    assert!(matches!(
        h.state().workspace.as_ref().unwrap().tool,
        Tool::EditRegions(_)
    ));

    // The square at the end of the selected cheek's first axis widens it, and only that.
    let Shape::Ellipse { angle, .. } = cheek.shape else {
        unreachable!()
    };
    let end = Point::new(
        centre.x + radii[0] * angle.cos(),
        centre.y + radii[0] * angle.sin(),
    );
    let from = pos(s_from_r.apply(end));
    drag(&mut h, from, from + egui::vec2(30.0, 0.0));
    let Shape::Ellipse {
        centre: c2,
        radii: r2,
        angle: a2,
    } = project(&h).region(cheek.id).unwrap().shape.clone()
    else {
        panic!("still an ellipse")
    };
    let wider = 30.0 / s_from_r.mean_scale() * angle.cos();
    assert!(
        (r2[0] - radii[0] - wider).abs() < tolerance,
        "radius {} → {}, expected + {wider}",
        radii[0],
        r2[0]
    );
    assert_eq!((c2, r2[1], a2), (centre, radii[1], angle));

    // Rename the chin: the field takes the keyboard, Enter commits one change.
    let chin = project(&h)
        .regions
        .iter()
        .position(|r| r.name == "Chin")
        .unwrap();
    let chin_id = project(&h).regions[chin].id;
    h.get_all_by_label("Rename…").nth(chin).unwrap().click();
    h.step();
    h.step();
    let field = h
        .query_all_by_role(egui::Role::TextInput)
        .find(|n| n.value().as_deref() == Some("Chin"))
        .expect("the rename field holds the old name");
    field.click();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text("Jawline".into()));
    h.step();
    h.get_by_label("OK").click();
    h.step();
    h.step();
    assert_eq!(
        project(&h).region(chin_id).unwrap().name,
        "Jawline",
        "{:?} {:?} {:?}",
        project(&h)
            .regions
            .iter()
            .map(|r| &r.name)
            .collect::<Vec<_>>(),
        h.state().workspace.as_ref().unwrap().tool,
        errors(h.state())
    );

    // Esc leaves the tool; R shows the regions over the ordinary panes.
    h.key_press(Key::Escape);
    h.step();
    assert_eq!(h.state().workspace.as_ref().unwrap().tool, Tool::None);
    assert!(!h.state().settings.view.show_regions);
    h.key_press(Key::R);
    h.step();
    assert!(h.state().settings.view.show_regions);
}

#[test]
fn a_neutral_patch_dragged_on_the_reference_is_stored_in_photo_coordinates_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::demo_copy(dir.path());
    let open = OpenProject::open(&root).unwrap();
    let mut h = harness(AfterglowApp::with_project(Settings::default(), open));
    h.step();
    // Pane 1 shows the reference: its photo coordinates are reference coordinates.
    h.key_press(Key::Num1);
    h.step();
    let reference = project(&h).reference_photo().unwrap().clone();
    assert_eq!(
        h.state().workspace.as_ref().unwrap().focused(),
        Some(&reference.id)
    );
    assert!(reference.white_patch.is_none());
    assert!(h.query_by_label_contains("no neutral patch").is_some());

    h.get_by_label("Mark neutral patch").click();
    h.step();
    let pane = h.get_by_label("Neutral patch marker").rect();
    let s_from_r = screen_from_reference(&h, pane);

    // A slip of the mouse is refused with a reason, and nothing is stored.
    let a = pos(s_from_r.apply(Point::new(120.0, 120.0)));
    drag(&mut h, a, a + egui::vec2(3.0, 40.0));
    assert!(
        errors(h.state()).iter().any(|e| e.contains("too small")),
        "{:?}",
        errors(h.state())
    );
    assert!(
        project(&h)
            .photo(&reference.id)
            .unwrap()
            .white_patch
            .is_none()
    );

    // The light background at the top left is neutral enough.
    let from = pos(s_from_r.apply(Point::new(80.0, 90.0)));
    let to = pos(s_from_r.apply(Point::new(260.0, 230.0)));
    drag(&mut h, to, from);
    settle(&mut h, "the patch to be checked and stored", |a| {
        a.workspace
            .as_ref()
            .unwrap()
            .open
            .project
            .photo(&reference.id)
            .unwrap()
            .white_patch
            .is_some()
            || a.toasts.items().len() > 1
    });
    let stored = project(&h)
        .photo(&reference.id)
        .unwrap()
        .white_patch
        .unwrap_or_else(|| panic!("patch refused: {:?}", errors(h.state())));
    let r_from_s = s_from_r.inverse().unwrap();
    let (pa, pb) = (r_from_s.apply(point(from)), r_from_s.apply(point(to)));
    let tolerance = 1.0 / s_from_r.mean_scale();
    for (got, want) in [
        (stored.min, Point::new(pa.x.min(pb.x), pa.y.min(pb.y))),
        (stored.max, Point::new(pa.x.max(pb.x), pa.y.max(pb.y))),
    ] {
        assert!(
            got.distance(want) < tolerance,
            "{got:?} vs {want:?} (± {tolerance})"
        );
    }
    assert!((stored.max.x - stored.min.x - 180.0).abs() < 2.0 * tolerance);
    h.step();
    assert_eq!(h.state().workspace.as_ref().unwrap().tool, Tool::None);
    assert!(
        h.query_by_label("White balance: from neutral patch")
            .is_some()
    );

    // The autosave writes it to disk.
    settle(&mut h, "the autosave", |a| {
        a.workspace.as_ref().unwrap().save_status() == SaveStatus::Saved
    });
    let on_disk = store::load(&root).unwrap();
    assert_eq!(
        on_disk.photo(&reference.id).unwrap().white_patch,
        Some(stored)
    );

    // Clearing is one undoable change.
    h.get_by_label("Clear neutral patch").click();
    h.step();
    h.step();
    assert!(
        project(&h)
            .photo(&reference.id)
            .unwrap()
            .white_patch
            .is_none()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    assert_eq!(
        project(&h).photo(&reference.id).unwrap().white_patch,
        Some(stored)
    );
}
