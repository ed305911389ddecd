//! Painting the measurement regions (reference coordinates) and a photo's neutral patch
//! (photo coordinates) over a pane, through the same transforms the photos are drawn with.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape as EguiShape, Stroke, Vec2};

use afterglow_core::geometry::Affine2;
use afterglow_core::metrics::DefaultRegion;
use afterglow_core::project::{Rect as PhotoRect, Region, RegionId, Shape};

use crate::compare::view::to_pos;
use crate::state::region_geometry::{self, Grip};

const REGION: Color32 = Color32::from_rgb(255, 214, 90);
const SELECTED: Color32 = Color32::from_rgb(90, 210, 255);
const PATCH: Color32 = Color32::from_rgb(235, 235, 235);
const SHADOW: Color32 = Color32::from_black_alpha(160);

/// Screen points of `shape` drawn through `screen_from_reference`.
fn screen_outline(shape: &Shape, screen_from_reference: &Affine2) -> Vec<Pos2> {
    region_geometry::outline(shape, 72)
        .into_iter()
        .map(|p| to_pos(screen_from_reference.apply(p)))
        .collect()
}

/// The name shown on the photo: a default region's short name (where it is on the photo says
/// which side is meant), else the name as given.
pub fn label_of(name: &str) -> &str {
    match DefaultRegion::from_name(name) {
        Some(_) => name.split(" (").next().unwrap_or(name),
        None => name,
    }
}

/// Every region as an outline with its name above it (below it when the space above is
/// taken by another name); `selected` is drawn in another colour.
pub fn paint_regions(
    painter: &Painter,
    screen_from_reference: &Affine2,
    regions: &[Region],
    selected: Option<RegionId>,
) {
    let mut taken: Vec<Rect> = Vec::new();
    for r in regions {
        let colour = if Some(r.id) == selected {
            SELECTED
        } else {
            REGION
        };
        let points = screen_outline(&r.shape, screen_from_reference);
        if points.len() < 2 {
            continue;
        }
        painter.add(EguiShape::closed_line(
            points.clone(),
            Stroke::new(3.5, SHADOW),
        ));
        painter.add(EguiShape::closed_line(
            points.clone(),
            Stroke::new(1.8, colour),
        ));
        let bounds = Rect::from_points(&points);
        let above = (
            bounds.center_top() - Vec2::new(0.0, 4.0),
            Align2::CENTER_BOTTOM,
        );
        let below = (
            bounds.center_bottom() + Vec2::new(0.0, 4.0),
            Align2::CENTER_TOP,
        );
        let size = tag_size(painter, label_of(&r.name));
        // The selected region's handles are above it: its name goes below.
        let order = if Some(r.id) == selected {
            [below, above]
        } else {
            [above, below]
        };
        let (at, align) = order
            .into_iter()
            .find(|(at, align)| {
                let rect = align.anchor_size(*at, size);
                !taken.iter().any(|t| t.intersects(rect))
            })
            .unwrap_or(order[0]);
        taken.push(name_tag(painter, at, align, label_of(&r.name), colour));
    }
}

fn tag_size(painter: &Painter, text: &str) -> Vec2 {
    painter
        .layout_no_wrap(text.to_owned(), FontId::proportional(12.0), Color32::WHITE)
        .size()
        + Vec2::new(8.0, 2.0)
}

/// A name on a dark tag anchored at `at`; returns the tag's rectangle.
fn name_tag(painter: &Painter, at: Pos2, align: Align2, text: &str, colour: Color32) -> Rect {
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(12.0), colour);
    let tag = align.anchor_size(at, galley.size() + Vec2::new(8.0, 2.0));
    painter.rect_filled(tag, 3.0, SHADOW);
    painter.galley(tag.min + Vec2::new(4.0, 1.0), galley, colour);
    tag
}

/// The handles of the selected region: squares resize, the circle turns, dots are corners.
pub fn paint_handles(
    painter: &Painter,
    screen_from_reference: &Affine2,
    shape: &Shape,
    turn_offset: f64,
) {
    let handles = region_geometry::handles(shape, turn_offset);
    if let (Shape::Ellipse { centre, .. }, Some(turn)) =
        (shape, handles.iter().find(|h| h.grip == Grip::Turn))
    {
        let c = to_pos(screen_from_reference.apply(*centre));
        let t = to_pos(screen_from_reference.apply(turn.at));
        painter.line_segment([c, t], Stroke::new(1.0, SELECTED.gamma_multiply(0.6)));
    }
    for h in handles {
        let at = to_pos(screen_from_reference.apply(h.at));
        match h.grip {
            Grip::Turn => {
                painter.circle_filled(at, 6.0, SELECTED);
                painter.circle_stroke(at, 6.0, Stroke::new(1.5, Color32::BLACK));
            }
            Grip::Vertex(_) => {
                painter.circle_filled(at, 5.0, Color32::WHITE);
                painter.circle_stroke(at, 5.0, Stroke::new(1.5, Color32::BLACK));
            }
            Grip::Axis(_) | Grip::Body => {
                let r = Rect::from_center_size(at, Vec2::splat(10.0));
                painter.rect_filled(r, 1.0, Color32::WHITE);
                painter.rect_stroke(
                    r,
                    1.0,
                    Stroke::new(1.5, Color32::BLACK),
                    egui::StrokeKind::Middle,
                );
            }
        }
    }
}

/// A photo's neutral patch, a rectangle in photo coordinates drawn through `screen_from_photo`
/// (a rotated photo shows it turned), labelled.
pub fn paint_patch(painter: &Painter, screen_from_photo: &Affine2, patch: &PhotoRect, label: &str) {
    let corners: Vec<Pos2> = region_geometry::rect_corners(patch, screen_from_photo)
        .into_iter()
        .map(to_pos)
        .collect();
    painter.add(EguiShape::closed_line(
        corners.clone(),
        Stroke::new(3.5, SHADOW),
    ));
    painter.extend(EguiShape::dashed_line(
        &[corners[0], corners[1], corners[2], corners[3], corners[0]],
        Stroke::new(1.8, PATCH),
        6.0,
        4.0,
    ));
    let bounds = Rect::from_points(&corners);
    name_tag(
        painter,
        bounds.center_top() - Vec2::new(0.0, 4.0),
        Align2::CENTER_BOTTOM,
        label,
        PATCH,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_regions_show_their_short_name_on_the_photo() {
        assert_eq!(label_of(DefaultRegion::LeftCheek.name()), "Left cheek");
        assert_eq!(label_of("Forehead"), "Forehead");
        assert_eq!(label_of("Scar (old)"), "Scar (old)");
    }
}
