//! The default regions placed from the reference's face mesh, on any face shape: each region
//! sits where its anatomy is (the cheek between the lower lid, the side of the nose, the fold
//! to the mouth and the cheekbone; the forehead between the brows and the top of the mesh;
//! the chin below the lower lip), turned with the eye line, and is then shrunk until no point
//! of the eyes, brows, lips, nose or the face's outline lies inside it or near its edge.
//! Hair over the forehead is not visible in the mesh; a fringe must be avoided by hand.

use super::regions::DefaultRegion;
use crate::face::features::{BROWS, FACE_OVAL, LEFT_EYE, LIPS, NOSE, RIGHT_EYE};
use crate::face::{FaceLandmarks, facing_yaw};
use crate::geometry::Point;
use crate::project::{Region, RegionId, Shape, View};

/// Every feature point must lie at least this far out, in the ellipse's own units (1 = on
/// its edge): a margin for the mesh's own error of a few % of the eye distance.
const CLEARANCE: f64 = 1.15;

/// Where a region goes on the mesh: its centre is the mean of `centre`; its half-width is
/// `width.2` times the distance between points `width.0` and `width.1`, its half-height
/// likewise.
struct Layout {
    centre: &'static [usize],
    width: (usize, usize, f64),
    height: (usize, usize, f64),
}

fn layout(region: DefaultRegion) -> Layout {
    match region {
        // The person's right cheek (the image's left): below the lower lid (118), beside the
        // nose (36, 101), above the fold to the mouth (205), inside the cheekbone (123).
        DefaultRegion::RightCheek => Layout {
            centre: &[50, 101, 118, 205, 123, 36],
            width: (123, 36, 0.6),
            height: (118, 205, 0.6),
        },
        // The mirror image: each index is its partner across the face's midline.
        DefaultRegion::LeftCheek => Layout {
            centre: &[280, 330, 347, 425, 352, 266],
            width: (352, 266, 0.6),
            height: (347, 425, 0.6),
        },
        // A third of the way from the mesh's forehead row (151) down to the brows' middle (9),
        // clear of the brows' inner ends, as wide as the forehead row (108 to 337).
        DefaultRegion::Forehead => Layout {
            centre: &[151, 151, 9],
            width: (108, 337, 0.8),
            height: (151, 9, 0.6),
        },
        // The chin's pad between the lower lip's edge (17) and the chin's lowest point (152),
        // nearer the chin (199 lies between them, two thirds of the way down).
        DefaultRegion::Chin => Layout {
            centre: &[17, 199, 199, 152],
            width: (208, 428, 0.6),
            height: (17, 152, 0.35),
        },
    }
}

/// The default regions on the face `landmarks` found, in the same pixels, numbered from
/// `first_id`: all four on a face seen from the front, the far cheek left out on a face seen
/// from 45° (see `View::from_yaw`), the regions' `view` saying which.
pub fn default_regions_from_landmarks(
    landmarks: &FaceLandmarks,
    first_id: RegionId,
) -> Vec<Region> {
    let p = |i: usize| landmarks.points[i];
    let [right_eye, left_eye] = landmarks.eye_centres();
    // The person's right eye is on the image's left in an unmirrored photo: the eye line runs
    // left to right, so an upright face has angle 0.
    let angle = (left_eye.y - right_eye.y).atan2(left_eye.x - right_eye.x);
    let mut features: Vec<Point> = [
        &RIGHT_EYE[..],
        &LEFT_EYE[..],
        &BROWS[..],
        &LIPS[..],
        &NOSE[..],
    ]
    .concat()
    .into_iter()
    .map(p)
    .collect();
    // The outline's points lie a cheek's width apart on a turned face: four steps along each
    // of its edges keep a region from reaching out between two of them.
    for (k, &i) in FACE_OVAL.iter().enumerate() {
        let (a, b) = (p(i), p(FACE_OVAL[(k + 1) % FACE_OVAL.len()]));
        features.extend((0..4).map(|s| {
            let t = f64::from(s) / 4.0;
            Point::new(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
        }));
    }
    // Seen from 45°, the far cheek is turned away: only the near one is placed.
    let view = View::from_yaw(facing_yaw(landmarks));
    let far_cheek = match view {
        View::Front => None,
        View::Left45 => Some(DefaultRegion::RightCheek),
        View::Right45 => Some(DefaultRegion::LeftCheek),
    };
    DefaultRegion::ALL
        .iter()
        .filter(|&&region| Some(region) != far_cheek)
        .enumerate()
        .map(|(k, &region)| {
            let l = layout(region);
            let n = l.centre.len() as f64;
            let sum = l.centre.iter().fold(Point::new(0.0, 0.0), |s, &i| {
                Point::new(s.x + p(i).x, s.y + p(i).y)
            });
            let centre = Point::new(sum.x / n, sum.y / n);
            let rx = l.width.2 * p(l.width.0).distance(p(l.width.1));
            let ry = l.height.2 * p(l.height.0).distance(p(l.height.1));
            Region {
                id: RegionId(first_id.0 + k as u32),
                name: region.name().to_owned(),
                shape: Shape::Ellipse {
                    centre,
                    radii: clear_of(&features, centre, [rx, ry], angle),
                    angle,
                },
                view,
            }
        })
        .collect()
}

/// The largest radii, at most `wanted`, that keep every point of `features` at least
/// `CLEARANCE` out: shrunk alike until clear, then each axis grown back alone as far as it
/// stays clear (a forehead hemmed in by the brows' inner ends can still be wide).
fn clear_of(features: &[Point], centre: Point, wanted: [f64; 2], angle: f64) -> [f64; 2] {
    let clear = |radii: [f64; 2]| {
        features
            .iter()
            .all(|&q| ellipse_radius(q, centre, radii, angle) >= CLEARANCE)
    };
    let nearest = features
        .iter()
        .map(|&q| ellipse_radius(q, centre, wanted, angle))
        .fold(f64::INFINITY, f64::min);
    let shrink = (nearest / CLEARANCE).min(1.0);
    let mut radii = wanted.map(|r| r * shrink);
    for axis in 0..2 {
        // Bisection between what is clear and what was wanted.
        let (mut lo, mut hi) = (radii[axis], wanted[axis]);
        for _ in 0..20 {
            let mid = (lo + hi) / 2.0;
            let mut trial = radii;
            trial[axis] = mid;
            if clear(trial) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        radii[axis] = lo;
    }
    radii
}

pub use crate::project::ellipse_radius;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_on_a_turned_ellipse_edge_has_radius_one() {
        let centre = Point::new(10.0, 20.0);
        let angle = 0.5_f64;
        // The end of the first semi-axis (length 4), turned by the angle.
        let q = Point::new(10.0 + 4.0 * angle.cos(), 20.0 + 4.0 * angle.sin());
        assert!((ellipse_radius(q, centre, [4.0, 2.0], angle) - 1.0).abs() < 1e-12);
        assert!(ellipse_radius(centre, centre, [4.0, 2.0], angle) < 1e-12);
        // The end of the second semi-axis is at 2 along the perpendicular.
        let q = Point::new(10.0 - 2.0 * angle.sin(), 20.0 + 2.0 * angle.cos());
        assert!((ellipse_radius(q, centre, [4.0, 2.0], angle) - 1.0).abs() < 1e-12);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever the features and the wanted size, the cleared ellipse keeps every feature
        /// point `CLEARANCE` out and never grows past what was wanted.
        #[test]
        fn clearing_keeps_every_feature_out(
            points in proptest::collection::vec((-50.0f64..50.0, -50.0f64..50.0), 1..40),
            rx in 1.0f64..40.0,
            ry in 1.0f64..40.0,
            angle in -1.5f64..1.5,
        ) {
            let centre = Point::new(0.0, 0.0);
            // A feature exactly at the centre cannot be cleared by any ellipse: keep them off it.
            let features: Vec<Point> = points
                .iter()
                .map(|&(x, y)| Point::new(x, y))
                .filter(|p| p.x.hypot(p.y) > 0.5)
                .collect();
            let radii = clear_of(&features, centre, [rx, ry], angle);
            proptest::prop_assert!(radii[0] <= rx + 1e-9 && radii[1] <= ry + 1e-9);
            for &q in &features {
                proptest::prop_assert!(
                    ellipse_radius(q, centre, radii, angle) >= CLEARANCE - 1e-9,
                    "{q:?} inside {radii:?}"
                );
            }
        }
    }
}
