//! The geometry of editing regions and marking patches, as plain functions: where a region's
//! handles are, which handle a point is on, what a drag does to a shape, and the rectangle a
//! drag marks. Everything here is in one frame (reference coordinates for regions, photo
//! coordinates for patches); the screen is converted before and after by the caller.

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{Rect, Shape};

/// An ellipse's semi-axis never shrinks below this (reference pixels).
pub const MIN_RADIUS: f64 = 2.0;

/// What part of a region a drag holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Grip {
    /// The whole region: the drag moves it.
    Body,
    /// An end of the ellipse's first (0) or second (1) semi-axis: the drag resizes that axis.
    Axis(usize),
    /// The turning handle above the ellipse: the drag turns it about its centre.
    Turn,
    /// A polygon's corner: the drag moves that corner.
    Vertex(usize),
}

/// A handle's grip and position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Handle {
    pub grip: Grip,
    pub at: Point,
}

fn add(a: Point, b: Point) -> Point {
    Point::new(a.x + b.x, a.y + b.y)
}

fn sub(a: Point, b: Point) -> Point {
    Point::new(a.x - b.x, a.y - b.y)
}

fn scale(a: Point, k: f64) -> Point {
    Point::new(a.x * k, a.y * k)
}

fn dot(a: Point, b: Point) -> f64 {
    a.x * b.x + a.y * b.y
}

/// The unit vectors of an ellipse's two axes turned by `angle` (y down).
fn axes(angle: f64) -> [Point; 2] {
    let (s, c) = angle.sin_cos();
    [Point::new(c, s), Point::new(-s, c)]
}

/// The handles of `shape`. The turning handle sits `turn_offset` beyond the top of the
/// ellipse (pass the screen distance converted to the shape's frame).
pub fn handles(shape: &Shape, turn_offset: f64) -> Vec<Handle> {
    match shape {
        Shape::Ellipse {
            centre,
            radii,
            angle,
        } => {
            let [u, v] = axes(*angle);
            let mut out = Vec::with_capacity(5);
            for (k, axis) in [u, v].into_iter().enumerate() {
                for side in [1.0, -1.0] {
                    out.push(Handle {
                        grip: Grip::Axis(k),
                        at: add(*centre, scale(axis, side * radii[k])),
                    });
                }
            }
            out.push(Handle {
                grip: Grip::Turn,
                at: add(*centre, scale(v, -(radii[1] + turn_offset))),
            });
            out
        }
        Shape::Polygon { points } => points
            .iter()
            .enumerate()
            .map(|(i, p)| Handle {
                grip: Grip::Vertex(i),
                at: *p,
            })
            .collect(),
    }
}

/// The handle of `shape` nearest `p`, if one is within `tolerance`.
pub fn handle_at(shape: &Shape, p: Point, tolerance: f64, turn_offset: f64) -> Option<Grip> {
    handles(shape, turn_offset)
        .into_iter()
        .map(|h| (h.at.distance(p), h.grip))
        .filter(|(d, _)| *d <= tolerance)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, g)| g)
}

/// `shape` after its `grip` was dragged from `from` to `to`.
pub fn dragged(shape: &Shape, grip: Grip, from: Point, to: Point) -> Shape {
    let delta = sub(to, from);
    match (shape, grip) {
        (
            Shape::Ellipse {
                centre,
                radii,
                angle,
            },
            grip,
        ) => {
            let (mut centre, mut radii, mut angle) = (*centre, *radii, *angle);
            match grip {
                Grip::Body | Grip::Vertex(_) => centre = add(centre, delta),
                Grip::Axis(k) => {
                    let axis = axes(angle)[k.min(1)];
                    // Keep the handle where it was grabbed relative to the pointer.
                    let grabbed_off = radii[k.min(1)] - dot(sub(from, centre), axis).abs();
                    let r = dot(sub(to, centre), axis).abs() + grabbed_off;
                    radii[k.min(1)] = r.max(MIN_RADIUS);
                }
                Grip::Turn => {
                    let (a, b) = (sub(from, centre), sub(to, centre));
                    if a.x.hypot(a.y) > 1e-9 && b.x.hypot(b.y) > 1e-9 {
                        angle += b.y.atan2(b.x) - a.y.atan2(a.x);
                        angle = normalise_angle(angle);
                    }
                }
            }
            Shape::Ellipse {
                centre,
                radii,
                angle,
            }
        }
        (Shape::Polygon { points }, Grip::Vertex(i)) if i < points.len() => {
            let mut points = points.clone();
            points[i] = add(points[i], delta);
            Shape::Polygon { points }
        }
        (Shape::Polygon { points }, _) => Shape::Polygon {
            points: points.iter().map(|p| add(*p, delta)).collect(),
        },
    }
}

/// An angle in (−π, π].
fn normalise_angle(a: f64) -> f64 {
    let tau = std::f64::consts::TAU;
    let r = a.rem_euclid(tau);
    if r > std::f64::consts::PI { r - tau } else { r }
}

/// The axis-aligned rectangle with corners `a` and `b`, in either order.
pub fn rect_from_corners(a: Point, b: Point) -> Rect {
    Rect {
        min: Point::new(a.x.min(b.x), a.y.min(b.y)),
        max: Point::new(a.x.max(b.x), a.y.max(b.y)),
    }
}

/// A patch smaller than this many preview pixels on a side is refused: too few pixels to judge
/// a colour, and most likely a slip of the mouse.
pub const MIN_PATCH_PREVIEW_PX: f64 = 6.0;

/// Whether `patch` (photo coordinates) is big enough, given how many photo pixels one preview
/// pixel spans.
pub fn patch_big_enough(patch: &Rect, photo_px_per_preview_px: f64) -> bool {
    let side = MIN_PATCH_PREVIEW_PX * photo_px_per_preview_px;
    (patch.max.x - patch.min.x) >= side && (patch.max.y - patch.min.y) >= side
}

/// The four corners of `rect` in order round it, mapped by `b_from_a`.
pub fn rect_corners(rect: &Rect, b_from_a: &Affine2) -> [Point; 4] {
    [
        rect.min,
        Point::new(rect.max.x, rect.min.y),
        rect.max,
        Point::new(rect.min.x, rect.max.y),
    ]
    .map(|p| b_from_a.apply(p))
}

/// Points round `shape`'s outline (enough for a smooth ellipse on screen).
pub fn outline(shape: &Shape, segments: usize) -> Vec<Point> {
    match shape {
        Shape::Ellipse {
            centre,
            radii,
            angle,
        } => {
            let [u, v] = axes(*angle);
            (0..segments.max(8))
                .map(|i| {
                    let t = i as f64 / segments.max(8) as f64 * std::f64::consts::TAU;
                    add(
                        *centre,
                        add(scale(u, radii[0] * t.cos()), scale(v, radii[1] * t.sin())),
                    )
                })
                .collect()
        }
        Shape::Polygon { points } => points.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ellipse(angle: f64) -> Shape {
        Shape::Ellipse {
            centre: Point::new(100.0, 50.0),
            radii: [20.0, 10.0],
            angle,
        }
    }

    #[test]
    fn handles_sit_on_the_axes_and_the_turn_handle_above() {
        let hs = handles(&ellipse(0.0), 5.0);
        assert!(hs.contains(&Handle {
            grip: Grip::Axis(0),
            at: Point::new(120.0, 50.0)
        }));
        assert!(hs.contains(&Handle {
            grip: Grip::Axis(1),
            at: Point::new(100.0, 40.0)
        }));
        let turn = hs.iter().find(|h| h.grip == Grip::Turn).unwrap();
        assert!(turn.at.distance(Point::new(100.0, 35.0)) < 1e-9);
        assert_eq!(
            handle_at(&ellipse(0.0), Point::new(81.0, 51.0), 3.0, 5.0),
            Some(Grip::Axis(0))
        );
        assert_eq!(
            handle_at(&ellipse(0.0), Point::new(100.0, 50.0), 3.0, 5.0),
            None
        );
    }

    #[test]
    fn dragging_moves_resizes_and_turns() {
        let e = ellipse(0.0);
        let moved = dragged(&e, Grip::Body, Point::new(0.0, 0.0), Point::new(7.0, -3.0));
        assert!(
            matches!(moved, Shape::Ellipse { centre, .. } if centre == Point::new(107.0, 47.0))
        );
        let wider = dragged(
            &e,
            Grip::Axis(0),
            Point::new(121.0, 50.0),
            Point::new(131.0, 60.0),
        );
        let Shape::Ellipse { radii, .. } = wider else {
            unreachable!()
        };
        assert!(
            (radii[0] - 30.0).abs() < 1e-9 && radii[1] == 10.0,
            "{radii:?}"
        );
        let tiny = dragged(
            &e,
            Grip::Axis(1),
            Point::new(100.0, 60.0),
            Point::new(100.0, 50.0),
        );
        assert!(matches!(tiny, Shape::Ellipse { radii, .. } if radii[1] == MIN_RADIUS));
        let turned = dragged(
            &e,
            Grip::Turn,
            Point::new(100.0, 35.0),
            Point::new(115.0, 50.0),
        );
        let Shape::Ellipse { angle, .. } = turned else {
            unreachable!()
        };
        assert!(
            (angle - std::f64::consts::FRAC_PI_2).abs() < 1e-9,
            "{angle}"
        );
    }

    #[test]
    fn polygon_corners_move_alone_and_the_body_moves_all() {
        let p = Shape::Polygon {
            points: vec![
                Point::new(0.0, 0.0),
                Point::new(10.0, 0.0),
                Point::new(0.0, 10.0),
            ],
        };
        assert_eq!(
            handle_at(&p, Point::new(9.0, 1.0), 2.0, 0.0),
            Some(Grip::Vertex(1))
        );
        let Shape::Polygon { points } = dragged(
            &p,
            Grip::Vertex(1),
            Point::new(10.0, 0.0),
            Point::new(12.0, 3.0),
        ) else {
            unreachable!()
        };
        assert_eq!(points[1], Point::new(12.0, 3.0));
        assert_eq!(points[0], Point::new(0.0, 0.0));
        let Shape::Polygon { points } =
            dragged(&p, Grip::Body, Point::new(0.0, 0.0), Point::new(1.0, 1.0))
        else {
            unreachable!()
        };
        assert_eq!(points[2], Point::new(1.0, 11.0));
    }

    #[test]
    fn corners_in_any_order_make_one_rectangle_and_map_round_it() {
        let r = rect_from_corners(Point::new(50.0, 20.0), Point::new(10.0, 100.0));
        assert_eq!(r.min, Point::new(10.0, 20.0));
        assert_eq!(r.max, Point::new(50.0, 100.0));
        assert!(patch_big_enough(&r, 2.0));
        assert!(!patch_big_enough(&r, 10.0));
        // Screen = 2 × photo, shifted: the corners go round the rectangle on screen.
        let screen_from_photo = Affine2 {
            m: [[2.0, 0.0, 10.0], [0.0, 2.0, 20.0]],
        };
        let c = rect_corners(&r, &screen_from_photo);
        assert_eq!(c[0], Point::new(30.0, 60.0));
        assert_eq!(c[2], Point::new(110.0, 220.0));
    }
}
