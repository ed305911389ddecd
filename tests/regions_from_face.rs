//! The default regions placed from the face mesh keep clear of the eyes, brows, lips, nose and
//! the face's outline, sit on their own side of the face, and are big enough to measure: on
//! the portrait, on Grace Hopper's portrait, and on every face of the real-face set when
//! `AFTERGLOW_REAL_FACES` points at it (see `tests/real_faces/README.md`).

// Tests panic on failure by design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use afterglow_core::face::features::{BROWS, FACE_OVAL, LEFT_EYE, LIPS, NOSE, RIGHT_EYE};
use afterglow_core::face::{FaceLandmarks, MeshPoint, facing_yaw, find_landmarks};
use afterglow_core::geometry::Point;
use afterglow_core::metrics::{DefaultRegion, default_regions_from_landmarks, ellipse_radius};
use afterglow_core::project::{RegionId, Shape, View};
use std::path::PathBuf;

fn images() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![
        root.join("assets/portrait.png"),
        root.join("assets/real-faces/grace_hopper.jpg"),
    ];
    if let Some(dir) = std::env::var_os("AFTERGLOW_REAL_FACES") {
        let mut real: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        real.sort();
        out.extend(real);
    }
    out
}

/// Whether `q` lies inside the closed polygon `outline` (even-odd rule).
fn inside(outline: &[Point], q: Point) -> bool {
    let mut crossings = false;
    for (i, a) in outline.iter().enumerate() {
        let b = outline[(i + 1) % outline.len()];
        if (a.y > q.y) != (b.y > q.y) && q.x < a.x + (q.y - a.y) / (b.y - a.y) * (b.x - a.x) {
            crossings = !crossings;
        }
    }
    crossings
}

/// The problems with the regions placed on `lm`, in words.
fn problems(lm: &FaceLandmarks) -> Vec<String> {
    let mut out = Vec::new();
    let regions = default_regions_from_landmarks(lm, RegionId(1));
    let iod = lm.inter_ocular();
    let [right_eye, left_eye] = lm.eye_centres();
    // The face's own frame: x along the eye line, y down the face, in eye distances.
    let origin = Point::new(
        (right_eye.x + left_eye.x) / 2.0,
        (right_eye.y + left_eye.y) / 2.0,
    );
    let (c, s) = (
        (left_eye.x - right_eye.x) / iod,
        (left_eye.y - right_eye.y) / iod,
    );
    let local = |p: Point| {
        let (dx, dy) = (p.x - origin.x, p.y - origin.y);
        Point::new((dx * c + dy * s) / iod, (-dx * s + dy * c) / iod)
    };
    let oval: Vec<Point> = FACE_OVAL.iter().map(|&i| lm.points[i]).collect();
    let features = [
        ("right eye", &RIGHT_EYE[..]),
        ("left eye", &LEFT_EYE[..]),
        ("brows", &BROWS[..]),
        ("lips", &LIPS[..]),
        ("nose", &NOSE[..]),
        ("face outline", &FACE_OVAL[..]),
    ];
    let nose = local(lm.point(MeshPoint::NOSE_TIP));
    let mouth = local(lm.point(MeshPoint::LIP_LOWER_INNER));
    // A face seen from 45° gets three: the far cheek is turned away.
    let wanted = match View::from_yaw(facing_yaw(lm)) {
        View::Front => 4,
        _ => 3,
    };
    if regions.len() != wanted {
        out.push(format!("{} regions placed, not {wanted}", regions.len()));
    }
    for region in &regions {
        let Shape::Ellipse {
            centre,
            radii,
            angle,
        } = region.shape
        else {
            out.push(format!("{} is not an ellipse", region.name));
            continue;
        };
        for (what, points) in features {
            for &i in points {
                let r = ellipse_radius(lm.points[i], centre, radii, angle);
                if r < 1.0 {
                    out.push(format!(
                        "{} covers {what} point {i} (at {r:.2})",
                        region.name
                    ));
                }
            }
        }
        // The ends of both axes lie inside the face's outline.
        let (sn, cs) = angle.sin_cos();
        for (dx, dy) in [
            (radii[0] * cs, radii[0] * sn),
            (-radii[0] * cs, -radii[0] * sn),
            (-radii[1] * sn, radii[1] * cs),
            (radii[1] * sn, -radii[1] * cs),
        ] {
            if !inside(&oval, Point::new(centre.x + dx, centre.y + dy)) {
                out.push(format!("{} reaches outside the face", region.name));
            }
        }
        if radii[0].min(radii[1]) < 0.08 * iod {
            out.push(format!(
                "{} is too small to measure: {:.2} × {:.2} IOD",
                region.name,
                radii[0] / iod,
                radii[1] / iod
            ));
        }
        let at = local(centre);
        let Some(which) = DefaultRegion::from_name(&region.name) else {
            out.push(format!("{} is not a default region", region.name));
            continue;
        };
        let placed_right = match which {
            DefaultRegion::RightCheek => at.x < nose.x && at.y > 0.0 && at.y < mouth.y,
            DefaultRegion::LeftCheek => at.x > nose.x && at.y > 0.0 && at.y < mouth.y,
            DefaultRegion::Forehead => at.y < -0.3,
            DefaultRegion::Chin => at.y > mouth.y,
        };
        if !placed_right {
            out.push(format!("{} is not where it belongs: {at:?}", region.name));
        }
    }
    out
}

#[test]
fn default_regions_from_the_mesh_keep_clear_of_the_features() {
    let mut faces = 0;
    let mut failures = Vec::new();
    for path in images() {
        let image = image::open(&path).unwrap().into_rgb8();
        let Ok(lm) = find_landmarks(&image) else {
            continue;
        };
        faces += 1;
        for p in problems(&lm) {
            failures.push(format!("{}: {p}", path.display()));
        }
    }
    println!("{faces} faces checked");
    assert!(faces >= 2);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
