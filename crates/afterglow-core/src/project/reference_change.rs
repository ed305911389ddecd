//! The reference only moves when the user moves it, and the regions move with it.
//!
//! Regions are drawn in their view's reference frame, so choosing another reference carries
//! them into the new reference's frame in the same undo step. Importing older photos keeps
//! the reference the project already has: a project whose reference slid to the earliest
//! photo would see every other photo turn "not aligned" and its regions land on other skin.

use crate::geometry::Affine2;

use super::command::Command;
use super::model::{Photo, Project, Region, Shape};
use super::view::View;

impl Project {
    /// The command making `photo` the reference of its view: the main reference when the
    /// photo is in the main view (or the front view), else its side view's. The view's
    /// regions move into the photo's frame when it is aligned to the reference it replaces
    /// (see `new_reference_from_old`); otherwise they stay where they are.
    pub fn choose_reference(&self, photo: &Photo) -> Command {
        let view = photo.view();
        let set = if view == self.main_view() || view == View::Front {
            Command::SetReference(Some(photo.id.clone()))
        } else {
            Command::SetViewReference(view, Some(photo.id.clone()))
        };
        let Some(new_from_old) = self.new_reference_from_old(photo) else {
            return set;
        };
        let moved: Vec<Command> = (self.regions.iter())
            .filter(|r| r.view == view)
            .map(|r| {
                Command::UpdateRegion(Region {
                    shape: r.shape.transformed(&new_from_old),
                    ..r.clone()
                })
            })
            .collect();
        if moved.is_empty() {
            return set;
        }
        Command::Batch(std::iter::once(set).chain(moved).collect())
    }

    /// How the current reference of `photo`'s view maps into `photo`'s own frame, when
    /// `photo` is aligned to it (`None` when `photo` is already the reference or is not
    /// aligned to the current one, so its view's regions cannot follow it).
    pub fn new_reference_from_old(&self, photo: &Photo) -> Option<Affine2> {
        let old = self.reference_of(photo)?;
        if old.id == photo.id {
            return None;
        }
        let a = photo.alignment.as_ref()?;
        if a.reference.as_ref().is_some_and(|r| r != &old.id) {
            return None;
        }
        a.reference_from_photo.inverse()
    }

    /// The command adding freshly imported `photos` without moving the reference: a project
    /// that has one (chosen, or the earliest photo so far) keeps it, so photos older than it
    /// do not take its place; a project without photos takes the earliest new one.
    pub fn add_photos_keeping_reference(&self, photos: Vec<Photo>) -> Command {
        if self.reference.is_some() {
            return Command::AddPhotos(photos);
        }
        let keep = match self.reference_photo() {
            Some(current) => current.id.clone(),
            None => {
                let earliest = (photos.iter())
                    .filter(|p| !p.excluded)
                    .min_by(|a, b| a.capture_order_key().cmp(&b.capture_order_key()));
                match earliest {
                    Some(p) => p.id.clone(),
                    None => return Command::AddPhotos(photos),
                }
            }
        };
        Command::Batch(vec![
            Command::AddPhotos(photos),
            Command::SetReference(Some(keep)),
        ])
    }

    /// The main view's photos taken before its reference, earliest first (photos a user may
    /// want as the reference instead: see `choose_reference`).
    pub fn photos_older_than_reference(&self) -> Vec<&Photo> {
        let Some(reference) = self.reference_photo() else {
            return Vec::new();
        };
        (self.photos_by_date().into_iter())
            .filter(|p| !p.excluded && p.view() == reference.view())
            .filter(|p| p.capture_order_key() < reference.capture_order_key())
            .collect()
    }
}

impl Shape {
    /// The outline carried by `b_from_a` (any invertible affine map; an ellipse stays the
    /// exact ellipse its boundary maps onto, a polygon maps corner by corner).
    pub fn transformed(&self, b_from_a: &Affine2) -> Shape {
        match self {
            Shape::Polygon { points } => Shape::Polygon {
                points: points.iter().map(|p| b_from_a.apply(*p)).collect(),
            },
            Shape::Ellipse {
                centre,
                radii,
                angle,
            } => {
                let (radii, angle) = transformed_axes(b_from_a, *radii, *angle);
                Shape::Ellipse {
                    centre: b_from_a.apply(*centre),
                    radii,
                    angle,
                }
            }
        }
    }
}

/// The semi-axes and turn of the ellipse `R(angle)·diag(radii)·(unit disc)` after the linear
/// part of `t`: the singular values and left singular vectors of `L·R(angle)·diag(radii)`.
/// Similarities (and reflections) keep the axes' order, so a region's handles stay put.
fn transformed_axes(t: &Affine2, radii: [f64; 2], angle: f64) -> ([f64; 2], f64) {
    let [[a, b, _], [c, d, _]] = t.m;
    let scale = t.mean_scale();
    let rotation = t.rotation();
    let tolerance = 1e-9 * scale.max(1e-300);
    if (a - d).abs() <= tolerance && (b + c).abs() <= tolerance {
        return ([radii[0] * scale, radii[1] * scale], angle + rotation);
    }
    if (a + d).abs() <= tolerance && (b - c).abs() <= tolerance {
        // s·R(φ)·diag(1, −1)·R(α) = s·R(φ − α)·diag(1, −1).
        return ([radii[0] * scale, radii[1] * scale], rotation - angle);
    }
    let (s, co) = angle.sin_cos();
    // F = L · R(angle) · diag(radii).
    let e = [
        [co * radii[0], -s * radii[1]],
        [s * radii[0], co * radii[1]],
    ];
    let f = [
        [a * e[0][0] + b * e[1][0], a * e[0][1] + b * e[1][1]],
        [c * e[0][0] + d * e[1][0], c * e[0][1] + d * e[1][1]],
    ];
    // F·Fᵀ = U·Σ²·Uᵀ.
    let p = f[0][0] * f[0][0] + f[0][1] * f[0][1];
    let q = f[0][0] * f[1][0] + f[0][1] * f[1][1];
    let r = f[1][0] * f[1][0] + f[1][1] * f[1][1];
    let mean = (p + r) / 2.0;
    let spread = (((p - r) / 2.0).powi(2) + q * q).sqrt();
    let theta = 0.5 * (2.0 * q).atan2(p - r);
    let big = (mean + spread).max(0.0).sqrt();
    let small = (mean - spread).max(0.0).sqrt();
    ([big, small], theta)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::geometry::Point;
    use crate::project::ellipse_radius;

    /// A point on the boundary of an ellipse, at parameter `t`.
    fn ellipse_point(centre: Point, radii: [f64; 2], angle: f64, t: f64) -> Point {
        let (s, c) = angle.sin_cos();
        let (u, v) = (radii[0] * t.cos(), radii[1] * t.sin());
        Point::new(centre.x + c * u - s * v, centre.y + s * u + c * v)
    }

    fn any_affine() -> impl Strategy<Value = Affine2> {
        (
            prop::array::uniform4(-3.0f64..3.0),
            -500.0f64..500.0,
            -500.0f64..500.0,
        )
            .prop_filter("invertible", |(l, _, _)| {
                (l[0] * l[3] - l[1] * l[2]).abs() > 0.05
            })
            .prop_map(|(l, tx, ty)| Affine2 {
                m: [[l[0], l[1], tx], [l[2], l[3], ty]],
            })
    }

    fn any_similarity() -> impl Strategy<Value = Affine2> {
        (
            0.2f64..5.0,
            -4.0f64..4.0,
            -500.0f64..500.0,
            -500.0f64..500.0,
            any::<bool>(),
        )
            .prop_map(|(s, a, tx, ty, mirror)| {
                let t = Affine2::similarity(s, a, tx, ty);
                if mirror {
                    t * Affine2::scale_xy(-1.0, 1.0)
                } else {
                    t
                }
            })
    }

    fn boundary_maps_onto_boundary(t: Affine2, radii: [f64; 2], angle: f64) {
        let centre = Point::new(120.0, -40.0);
        let moved = Shape::Ellipse {
            centre,
            radii,
            angle,
        }
        .transformed(&t);
        let Shape::Ellipse {
            centre: c2,
            radii: r2,
            angle: a2,
        } = moved
        else {
            panic!("an ellipse stays an ellipse")
        };
        for k in 0..16 {
            let p = ellipse_point(centre, radii, angle, k as f64 * 0.4);
            let rho = ellipse_radius(t.apply(p), c2, r2, a2);
            assert!((rho - 1.0).abs() < 1e-6, "point {k}: {rho}");
        }
    }

    proptest! {
        #[test]
        fn an_ellipse_boundary_maps_onto_the_new_boundary(
            t in any_affine(), r0 in 1.0f64..80.0, r1 in 1.0f64..80.0, angle in -3.0f64..3.0,
        ) {
            boundary_maps_onto_boundary(t, [r0, r1], angle);
        }

        #[test]
        fn similarities_keep_the_axes_in_order(
            t in any_similarity(), r0 in 1.0f64..80.0, r1 in 1.0f64..80.0, angle in -3.0f64..3.0,
        ) {
            boundary_maps_onto_boundary(t, [r0, r1], angle);
            let Shape::Ellipse { radii, .. } = (Shape::Ellipse {
                centre: Point::new(0.0, 0.0), radii: [r0, r1], angle,
            }).transformed(&t) else { unreachable!() };
            let s = t.mean_scale();
            prop_assert!((radii[0] - r0 * s).abs() < 1e-6 && (radii[1] - r1 * s).abs() < 1e-6);
        }

        #[test]
        fn a_transform_then_its_inverse_gives_the_region_back(
            t in any_similarity(), r0 in 1.0f64..80.0, r1 in 1.0f64..80.0, angle in -3.0f64..3.0,
        ) {
            let shape = Shape::Ellipse { centre: Point::new(33.0, 71.0), radii: [r0, r1], angle };
            let back = shape.transformed(&t).transformed(&t.inverse().unwrap());
            let Shape::Ellipse { centre, radii, angle: a2 } = back else { unreachable!() };
            prop_assert!(centre.distance(Point::new(33.0, 71.0)) < 1e-6);
            prop_assert!((radii[0] - r0).abs() < 1e-6 && (radii[1] - r1).abs() < 1e-6);
            // The same ellipse: angles agree modulo a half turn.
            let d = (a2 - angle).rem_euclid(std::f64::consts::PI);
            prop_assert!(d < 1e-6 || std::f64::consts::PI - d < 1e-6, "{angle} → {a2}");
        }
    }

    fn day(d: u32) -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    fn circle(id: u32, x: f64, y: f64) -> Region {
        Region {
            id: crate::project::RegionId(id),
            name: format!("r{id}"),
            shape: Shape::Ellipse {
                centre: Point::new(x, y),
                radii: [10.0, 10.0],
                angle: 0.0,
            },
            view: View::Front,
        }
    }

    #[test]
    fn older_photos_do_not_take_the_references_place() {
        let mut project = Project::new("t", chrono::Utc::now());
        let first = vec![
            Photo::new("b", day(10), 100, 100),
            Photo::new("c", day(20), 100, 100),
        ];
        project
            .add_photos_keeping_reference(first)
            .apply(&mut project)
            .unwrap();
        assert_eq!(
            project.reference_photo().unwrap().id.0,
            "b",
            "the earliest of the first import"
        );
        let older = vec![Photo::new("a", day(1), 100, 100)];
        let undo = project
            .add_photos_keeping_reference(older)
            .apply(&mut project)
            .unwrap();
        assert_eq!(project.reference_photo().unwrap().id.0, "b", "kept");
        let names: Vec<&str> = (project.photos_older_than_reference().iter())
            .map(|p| p.id.0.as_str())
            .collect();
        assert_eq!(names, ["a"]);
        undo.apply(&mut project).unwrap();
        assert_eq!(project.photos.len(), 2);
    }

    #[test]
    fn a_new_reference_carries_the_regions_onto_the_same_skin() {
        let mut project = Project::new("t", chrono::Utc::now());
        let mut b = Photo::new("b", day(2), 100, 100);
        // b shows a's face twice as large, shifted.
        let a_from_b = Affine2::similarity(0.5, 0.0, -2.5, 1.5);
        b.alignment = Some(crate::project::Alignment {
            reference_from_photo: a_from_b,
            method: crate::project::AlignMethod::Auto,
            score: 1.0,
            comparable: true,
            locked: false,
            reference: Some(crate::project::PhotoId("a".into())),
            concerns: Vec::new(),
        });
        let unaligned = Photo::new("c", day(3), 100, 100);
        Command::AddPhotos(vec![
            Photo::new("a", day(1), 100, 100),
            b.clone(),
            unaligned.clone(),
        ])
        .apply(&mut project)
        .unwrap();
        project.regions.push(circle(1, 40.0, 30.0));
        let before = project.clone();

        let undo = project.choose_reference(&b).apply(&mut project).unwrap();
        assert_eq!(project.reference_photo().unwrap().id.0, "b");
        let Shape::Ellipse { centre, radii, .. } = &project.regions[0].shape else {
            panic!()
        };
        let expected = a_from_b.inverse().unwrap().apply(Point::new(40.0, 30.0));
        assert!(
            centre.distance(expected) < 1e-9,
            "{centre:?} vs {expected:?}"
        );
        assert!((radii[0] - 20.0).abs() < 1e-9);
        undo.apply(&mut project).unwrap();
        assert_eq!(
            project, before,
            "one undo step puts reference and regions back"
        );

        // A photo not aligned to the current reference cannot carry them: they stay.
        project
            .choose_reference(&unaligned)
            .apply(&mut project)
            .unwrap();
        assert_eq!(project.regions, before.regions);
    }

    #[test]
    fn a_polygon_moves_corner_by_corner() {
        let shape = Shape::Polygon {
            points: vec![
                Point::new(0.0, 0.0),
                Point::new(10.0, 0.0),
                Point::new(0.0, 5.0),
            ],
        };
        let Shape::Polygon { points } = shape.transformed(&Affine2::translation(2.0, 3.0)) else {
            unreachable!()
        };
        assert_eq!(
            points,
            vec![
                Point::new(2.0, 3.0),
                Point::new(12.0, 3.0),
                Point::new(2.0, 8.0)
            ]
        );
    }
}
