//! Zoom and pan shared by every pane: the maths between the reference frame (the reference
//! photo at preview size) and the screen.

use egui::{Pos2, Rect, Vec2};

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::reference_frame::ReferenceFrame;

use crate::state::workspace::ViewTransform;

pub const MIN_ZOOM: f32 = 0.02;
pub const MAX_ZOOM: f32 = 32.0;

/// Maps frame pixels to screen points for a pane occupying `rect`.
pub fn screen_from_frame(view: &ViewTransform, rect: Rect) -> Affine2 {
    let z = f64::from(view.zoom);
    let c = rect.center();
    Affine2 {
        m: [
            [z, 0.0, f64::from(c.x) - z * f64::from(view.centre.x)],
            [0.0, z, f64::from(c.y) - z * f64::from(view.centre.y)],
        ],
    }
}

/// Zoom and centre that show the whole frame in `pane` with a small margin.
pub fn fit(view: &mut ViewTransform, frame: &ReferenceFrame, pane: Vec2) {
    let (w, h) = (frame.width.max(1) as f32, frame.height.max(1) as f32);
    view.zoom = ((pane.x / w).min(pane.y / h) * 0.98).clamp(MIN_ZOOM, MAX_ZOOM);
    view.centre = Pos2::new((w - 1.0) / 2.0, (h - 1.0) / 2.0);
    view.fit = true;
}

/// Zoom and centre that show `face` (a rectangle of frame pixels) in `pane` with a margin.
pub fn fit_rect(view: &mut ViewTransform, face: Rect, pane: Vec2) {
    let (w, h) = (face.width().max(1.0), face.height().max(1.0));
    view.zoom = ((pane.x / w).min(pane.y / h) * 0.95).clamp(MIN_ZOOM, MAX_ZOOM);
    view.centre = face.center();
    view.fit = false;
}

/// The face in the frame of `reference`: around the measurement regions drawn on its view,
/// else around its marked eyes (a face is about 2.6 eye distances wide and 3.4 tall, its
/// centre half an eye distance below the eyes); `None` without either.
pub fn face_in_frame(
    project: &afterglow_core::project::Project,
    reference: &afterglow_core::project::Photo,
    frame: &ReferenceFrame,
) -> Option<Rect> {
    let view = reference.view();
    let bounds: Vec<afterglow_core::project::Rect> = (project.regions.iter())
        .filter(|r| r.view == view)
        .map(|r| r.shape.bounds())
        .collect();
    let in_reference = if bounds.is_empty() {
        let [a, b] = reference.eyes?;
        let d = a.distance(b);
        let centre = Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0 + 0.5 * d);
        Rect::from_center_size(
            to_pos(centre),
            Vec2::new((2.6 * d) as f32, (3.4 * d) as f32),
        )
    } else {
        let min = |f: fn(&afterglow_core::project::Rect) -> f64| {
            bounds.iter().map(f).fold(f64::INFINITY, f64::min)
        };
        let max = |f: fn(&afterglow_core::project::Rect) -> f64| {
            bounds.iter().map(f).fold(f64::NEG_INFINITY, f64::max)
        };
        let r = Rect::from_min_max(
            Pos2::new(min(|b| b.min.x) as f32, min(|b| b.min.y) as f32),
            Pos2::new(max(|b| b.max.x) as f32, max(|b| b.max.y) as f32),
        );
        // The regions sit inside the face: widen them to take in its edges.
        r.expand2(r.size() * 0.2)
    };
    let t = frame.frame_from_reference;
    let face = Rect::from_two_pos(
        to_pos(t.apply(to_point(in_reference.min))),
        to_pos(t.apply(to_point(in_reference.max))),
    );
    (face.is_finite() && face.width() > 1.0 && face.height() > 1.0).then_some(face)
}

/// One frame pixel per physical screen pixel ("100 %"), keeping the centre.
pub fn actual_size(view: &mut ViewTransform, pixels_per_point: f32) {
    view.zoom = (1.0 / pixels_per_point).clamp(MIN_ZOOM, MAX_ZOOM);
    view.fit = false;
}

/// Zooms by `factor` keeping the frame point under `pointer` where it is.
pub fn zoom_about(view: &mut ViewTransform, factor: f32, pointer: Pos2, rect: Rect) {
    if !(factor.is_finite() && factor > 0.0) {
        return;
    }
    let offset = pointer - rect.center();
    let under = view.centre + offset / view.zoom;
    view.zoom = (view.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
    view.centre = under - offset / view.zoom;
    view.fit = false;
}

/// Moves the view with a drag of `delta` screen points.
pub fn pan(view: &mut ViewTransform, delta: Vec2) {
    view.centre -= delta / view.zoom;
    view.fit = false;
}

pub fn to_pos(p: Point) -> Pos2 {
    Pos2::new(p.x as f32, p.y as f32)
}

pub fn to_point(p: Pos2) -> Point {
    Point::new(f64::from(p.x), f64::from(p.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect() -> Rect {
        Rect::from_min_size(Pos2::new(100.0, 50.0), Vec2::new(400.0, 300.0))
    }

    #[test]
    fn fit_puts_the_frame_centre_at_the_pane_centre() {
        let frame = ReferenceFrame::with_long_side(4000, 3000, 2000);
        let mut v = ViewTransform::default();
        fit(&mut v, &frame, rect().size());
        let t = screen_from_frame(&v, rect());
        let c = t.apply(Point::new(999.5, 749.5));
        assert!((c.x - 300.0).abs() < 1e-3 && (c.y - 200.0).abs() < 1e-3);
        // The whole frame is inside the pane.
        let far = t.apply(Point::new(1999.5, 1499.5));
        assert!(far.x <= 500.0 && far.y <= 350.0);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let mut v = ViewTransform {
            zoom: 0.5,
            centre: Pos2::new(300.0, 200.0),
            fit: true,
            fit_face: false,
        };
        let pointer = Pos2::new(420.0, 90.0);
        let before = screen_from_frame(&v, rect())
            .inverse()
            .unwrap()
            .apply(to_point(pointer));
        zoom_about(&mut v, 2.5, pointer, rect());
        let after = screen_from_frame(&v, rect())
            .inverse()
            .unwrap()
            .apply(to_point(pointer));
        assert!(before.distance(after) < 1e-3);
        assert!(!v.fit && (v.zoom - 1.25).abs() < 1e-6);
    }

    #[test]
    fn pan_moves_with_the_drag() {
        let mut v = ViewTransform {
            zoom: 2.0,
            centre: Pos2::new(10.0, 10.0),
            fit: false,
            fit_face: false,
        };
        let p = screen_from_frame(&v, rect()).apply(Point::new(10.0, 10.0));
        pan(&mut v, Vec2::new(30.0, -8.0));
        let q = screen_from_frame(&v, rect()).apply(Point::new(10.0, 10.0));
        assert!((q.x - p.x - 30.0).abs() < 1e-4 && (q.y - p.y + 8.0).abs() < 1e-4);
    }
}
