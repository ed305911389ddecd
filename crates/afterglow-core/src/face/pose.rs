//! Head pose of one face relative to another, from the two meshes' 3-D points.
//!
//! The mesh gives every point an x and y in image pixels and a relative depth z on the same
//! scale (towards the camera negative), so two meshes of one face differ by a 3-D rotation, a
//! scale and a shift, up to expression. Horn's closed form (the unit quaternion that is the
//! top eigenvector of a 4×4 matrix built from the cross-covariance) gives the rotation that
//! best maps the reference's points onto the photo's; the points used are the rigid ones (eye
//! corners, nose, face outline at the cheekbones and temples), not the mouth or brows.

use crate::geometry::Point;

use super::FaceLandmarks;

/// Mesh points that move with the skull, not with expression: eye corners, the nose from bridge
/// to base, the face's sides at the temples and cheekbones, and the forehead.
const RIGID: [usize; 19] = [
    33, 133, 362, 263, 168, 6, 197, 195, 5, 1, 2, 234, 454, 127, 356, 10, 151, 9, 8,
];

/// A head's turn relative to a reference, degrees, in the person's own terms.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HeadPose {
    /// Turn about the vertical axis: positive when the head turned to the person's left
    /// (its nose moved towards the image's right in an unmirrored photo).
    pub yaw: f64,
    /// Nod about the horizontal axis: positive when the chin went up.
    pub pitch: f64,
    /// Tilt in the image plane: positive when the head tipped towards the person's left
    /// shoulder (clockwise on screen in an unmirrored photo).
    pub roll: f64,
}

fn points_3d(lm: &FaceLandmarks) -> Vec<[f64; 3]> {
    RIGID
        .iter()
        .map(|&i| {
            let Point { x, y } = lm.points[i];
            [x, y, lm.depth[i]]
        })
        .collect()
}

/// The rotation matrix taking `from` onto `to` in the least-squares sense (Horn 1987).
pub(crate) fn best_rotation(from: &[[f64; 3]], to: &[[f64; 3]]) -> [[f64; 3]; 3] {
    let centre = |ps: &[[f64; 3]]| {
        let n = ps.len().max(1) as f64;
        let s = ps
            .iter()
            .fold([0.0; 3], |s, p| [s[0] + p[0], s[1] + p[1], s[2] + p[2]]);
        [s[0] / n, s[1] / n, s[2] / n]
    };
    let (ca, cb) = (centre(from), centre(to));
    // S[i][j] = Σ a_i · b_j over the centred points.
    let mut s = [[0.0; 3]; 3];
    for (a, b) in from.iter().zip(to) {
        for i in 0..3 {
            for j in 0..3 {
                s[i][j] += (a[i] - ca[i]) * (b[j] - cb[j]);
            }
        }
    }
    let [[sxx, sxy, sxz], [syx, syy, syz], [szx, szy, szz]] = s;
    let n = [
        [sxx + syy + szz, syz - szy, szx - sxz, sxy - syx],
        [syz - szy, sxx - syy - szz, sxy + syx, szx + sxz],
        [szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy],
        [sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz],
    ];
    let [w, x, y, z] = top_eigenvector(n);
    [
        [
            w * w + x * x - y * y - z * z,
            2.0 * (x * y - w * z),
            2.0 * (x * z + w * y),
        ],
        [
            2.0 * (x * y + w * z),
            w * w - x * x + y * y - z * z,
            2.0 * (y * z - w * x),
        ],
        [
            2.0 * (x * z - w * y),
            2.0 * (y * z + w * x),
            w * w - x * x - y * y + z * z,
        ],
    ]
}

/// The unit eigenvector of the largest eigenvalue of a symmetric 4×4 matrix (cyclic Jacobi).
fn top_eigenvector(mut a: [[f64; 4]; 4]) -> [f64; 4] {
    let mut v = [[0.0; 4]; 4];
    for (i, row) in v.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for _sweep in 0..50 {
        let off: f64 = (0..4)
            .flat_map(|i| (0..4).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        if off < 1e-22 {
            break;
        }
        for p in 0..3 {
            for q in p + 1..4 {
                if a[p][q].abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in a.iter_mut() {
                    let (akp, akq) = (row[p], row[q]);
                    row[p] = c * akp - s * akq;
                    row[q] = s * akp + c * akq;
                }
                // p < q, so row p lies before the split and row q starts it.
                let (before, from_q) = a.split_at_mut(q);
                for (apk, aqk) in before[p].iter_mut().zip(from_q[0].iter_mut()) {
                    let (x, y) = (*apk, *aqk);
                    *apk = c * x - s * y;
                    *aqk = s * x + c * y;
                }
                for row in v.iter_mut() {
                    let (vp, vq) = (row[p], row[q]);
                    row[p] = c * vp - s * vq;
                    row[q] = s * vp + c * vq;
                }
            }
        }
    }
    let best = (0..4)
        .max_by(|&i, &j| a[i][i].total_cmp(&a[j][j]))
        .unwrap_or(0);
    let e = [v[0][best], v[1][best], v[2][best], v[3][best]];
    let norm = e.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-300);
    e.map(|x| x / norm)
}

/// Yaw, pitch and roll (degrees) of a rotation matrix `r = Rz(roll) · Rx(pitch) · Ry(yaw)` in
/// image axes (x right, y down, z away from the camera).
fn angles(r: &[[f64; 3]; 3]) -> (f64, f64, f64) {
    // With that order: r[2][0] = -cos(pitch)·sin(yaw), r[2][2] = cos(pitch)·cos(yaw),
    // r[2][1] = sin(pitch), r[0][1] = -sin(roll)·cos(pitch), r[1][1] = cos(roll)·cos(pitch).
    let pitch = r[2][1].clamp(-1.0, 1.0).asin();
    let yaw = (-r[2][0]).atan2(r[2][2]);
    let roll = (-r[0][1]).atan2(r[1][1]);
    (yaw.to_degrees(), pitch.to_degrees(), roll.to_degrees())
}

/// How `photo`'s head is turned relative to `reference`'s, from their meshes.
pub fn relative_pose(reference: &FaceLandmarks, photo: &FaceLandmarks) -> HeadPose {
    let r = best_rotation(&points_3d(reference), &points_3d(photo));
    let (yaw, pitch, roll) = angles(&r);
    // Image axes to the person's terms: turning to the person's left moves the nose towards
    // +x, which is a negative turn about the downward y axis; a clockwise on-screen tilt is a
    // positive turn about +z (into the screen), and chin up is a negative turn about +x.
    HeadPose {
        yaw: -yaw,
        pitch: -pitch,
        roll,
    }
}

/// Mirror pairs of mesh points that move with the skull: (the person's right, left) eye
/// corners, temples, cheekbones and jaw angles. In an unmirrored photo the first of each pair
/// is on the image's left.
const MIRROR_PAIRS: [(usize, usize); 6] = [
    (33, 263),
    (133, 362),
    (127, 356),
    (234, 454),
    (93, 323),
    (132, 361),
];

/// Which way one face looks, degrees about the vertical axis, in the person's own terms:
/// 0 facing the camera, positive when the head is turned to the person's left (its right
/// cheek towards the camera), as [`HeadPose::yaw`].
///
/// A face is mirror-symmetric, so the line through each pair of mirrored points (eye
/// corners, temples, cheekbones, jaw) is level in depth when the face looks at the camera and
/// turns with the head: the sum of the pairs' 3-D vectors gives the turn without a reference
/// face. Roll is taken out by measuring the in-image length of that vector, whatever its
/// direction.
pub fn facing_yaw(lm: &FaceLandmarks) -> f64 {
    let mut sum = [0.0f64; 3];
    for &(right, left) in &MIRROR_PAIRS {
        let (a, b) = (lm.points[right], lm.points[left]);
        sum[0] += b.x - a.x;
        sum[1] += b.y - a.y;
        sum[2] += lm.depth[left] - lm.depth[right];
    }
    // Turning to the person's left brings the right side (image left) towards the camera
    // (depth more negative), so the left point's depth minus the right's grows.
    sum[2].atan2(sum[0].hypot(sum[1])).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rot(yaw: f64, pitch: f64, roll: f64) -> [[f64; 3]; 3] {
        let (sy, cy) = yaw.to_radians().sin_cos();
        let (sp, cp) = pitch.to_radians().sin_cos();
        let (sr, cr) = roll.to_radians().sin_cos();
        let ry = [[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]];
        let rx = [[1.0, 0.0, 0.0], [0.0, cp, -sp], [0.0, sp, cp]];
        let rz = [[cr, -sr, 0.0], [sr, cr, 0.0], [0.0, 0.0, 1.0]];
        mul(&rz, &mul(&rx, &ry))
    }

    fn mul(a: &[[f64; 3]; 3], b: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
        std::array::from_fn(|i| std::array::from_fn(|j| (0..3).map(|k| a[i][k] * b[k][j]).sum()))
    }

    fn apply(r: &[[f64; 3]; 3], p: [f64; 3]) -> [f64; 3] {
        std::array::from_fn(|i| (0..3).map(|k| r[i][k] * p[k]).sum())
    }

    proptest::proptest! {
        #[test]
        fn recovers_a_known_rotation(
            yaw in -50.0f64..50.0,
            pitch in -30.0f64..30.0,
            roll in -45.0f64..45.0,
            scale in 0.5f64..2.0,
        ) {
            // A face-sized, non-planar cloud of points.
            let from: Vec<[f64; 3]> = (0..19)
                .map(|i| {
                    let t = i as f64;
                    [(t * 1.7).sin() * 60.0, (t * 0.9).cos() * 80.0, (t * 2.3).sin() * 30.0]
                })
                .collect();
            let r = rot(yaw, pitch, roll);
            let to: Vec<[f64; 3]> = from
                .iter()
                .map(|&p| apply(&r, p).map(|c| c * scale + 5.0))
                .collect();
            let (y, p, ro) = angles(&best_rotation(&from, &to));
            proptest::prop_assert!((y - yaw).abs() < 1e-6, "yaw {} vs {}", y, yaw);
            proptest::prop_assert!((p - pitch).abs() < 1e-6, "pitch {} vs {}", p, pitch);
            proptest::prop_assert!((ro - roll).abs() < 1e-6, "roll {} vs {}", ro, roll);
        }
    }

    /// A mesh-like face: mirror pairs at their sides, turned by `yaw` about the vertical axis
    /// and `roll` in the image plane.
    fn turned_face(yaw: f64, roll: f64) -> FaceLandmarks {
        let r = rot(-yaw, 0.0, roll);
        let n = crate::face::LANDMARK_COUNT;
        // Every point on a non-planar cloud, then the mirror pairs at mirrored places.
        let mut face: Vec<[f64; 3]> = (0..n)
            .map(|i| {
                let t = i as f64;
                [
                    (t * 1.7).sin() * 60.0,
                    (t * 0.9).cos() * 80.0,
                    (t * 2.3).sin() * 30.0,
                ]
            })
            .collect();
        for (k, &(right, left)) in MIRROR_PAIRS.iter().enumerate() {
            let half = 30.0 + 12.0 * k as f64;
            let y = -40.0 + 15.0 * k as f64;
            let z = 10.0 * (k as f64 - 2.0);
            face[right] = [-half, y, z];
            face[left] = [half, y, z];
        }
        let turned: Vec<[f64; 3]> = face.iter().map(|&p| apply(&r, p)).collect();
        let points = turned
            .iter()
            .map(|p| Point::new(500.0 + p[0], 400.0 + p[1]))
            .collect();
        let depth = turned.iter().map(|p| p[2]).collect();
        FaceLandmarks {
            points,
            depth,
            presence: 1.0,
            detection: crate::face::FaceDetection {
                score: 1.0,
                centre: Point::new(500.0, 400.0),
                width: 200.0,
                height: 200.0,
                angle: 0.0,
                keypoints: [Point::new(500.0, 400.0); 6],
            },
            faces_found: 1,
        }
    }

    proptest::proptest! {
        /// The facing yaw of a symmetric face is the turn it was given, whatever its roll.
        #[test]
        fn facing_yaw_is_the_turn(yaw in -80.0f64..80.0, roll in -45.0f64..45.0) {
            let got = facing_yaw(&turned_face(yaw, roll));
            proptest::prop_assert!((got - yaw).abs() < 1e-6, "{got} for {yaw}");
        }

        /// The facing yaws of two faces differ by their relative pose's yaw.
        #[test]
        fn facing_yaw_agrees_with_relative_pose(a in -50.0f64..50.0, b in -50.0f64..50.0) {
            let pose = relative_pose(&turned_face(a, 0.0), &turned_face(b, 0.0));
            proptest::prop_assert!((pose.yaw - (b - a)).abs() < 1e-3, "{} for {}", pose.yaw, b - a);
        }
    }
}
