//! The 468-point face mesh read from a turned square crop around a detected face: first from
//! the detector's box, then from the box of its own points (eyes level, 1.5× the points'
//! extent, as MediaPipe's tracking does) until that box settles.

use image::RgbImage;

use super::FaceError;
use super::crop::{Outside, Shrunk, image_from_square};
use super::detector::{FaceDetection, detect_faces, detect_small_faces};
use super::model::{MESH_SIDE, run_mesh, sigmoid};
use super::points::MeshPoint;
use crate::geometry::Point;

/// Number of points in the face mesh.
pub const LANDMARK_COUNT: usize = 468;

/// Side of the crop relative to the face: MediaPipe's 1.5 (the mesh was trained on this).
const CROP_SCALE: f64 = 1.5;

/// Below this the mesh model does not see a face in its crop.
const MIN_PRESENCE: f32 = 0.5;

/// At most this many reads after the first; most faces settle after one or two.
const MAX_REREADS: usize = 3;

/// The face mesh of one face in an image.
#[derive(Clone, Debug)]
pub struct FaceLandmarks {
    /// The 468 mesh points in the image's pixels (pixel centres at integer coordinates).
    pub points: Vec<Point>,
    /// Relative depth of each point, image pixels, negative towards the camera.
    pub depth: Vec<f64>,
    /// The mesh model's confidence that its crop holds a face, 0–1.
    pub presence: f32,
    /// The detection the mesh was read from.
    pub detection: FaceDetection,
    /// How many faces the detector found (the mesh is of the first, the largest central one).
    pub faces_found: usize,
}

impl FaceLandmarks {
    /// The position of one named point.
    pub fn point(&self, which: MeshPoint) -> Point {
        self.points[which.0]
    }

    /// Centres of the person's right and left eye: the mean of each eye's corners and the
    /// middles of its lids, which lands near the pupil (where a person marks an eye by hand).
    pub fn eye_centres(&self) -> [Point; 2] {
        let mean = |ps: [MeshPoint; 4]| {
            let sum = ps.iter().fold(Point::new(0.0, 0.0), |s, &p| {
                let q = self.point(p);
                Point::new(s.x + q.x, s.y + q.y)
            });
            Point::new(sum.x / 4.0, sum.y / 4.0)
        };
        [
            mean([
                MeshPoint::RIGHT_EYE_OUTER,
                MeshPoint::RIGHT_EYE_INNER,
                MeshPoint::RIGHT_EYE_UPPER,
                MeshPoint::RIGHT_EYE_LOWER,
            ]),
            mean([
                MeshPoint::LEFT_EYE_INNER,
                MeshPoint::LEFT_EYE_OUTER,
                MeshPoint::LEFT_EYE_UPPER,
                MeshPoint::LEFT_EYE_LOWER,
            ]),
        ]
    }

    /// Distance between the eye centres, pixels: the unit every landmark error is quoted in.
    pub fn inter_ocular(&self) -> f64 {
        let [r, l] = self.eye_centres();
        r.distance(l)
    }
}

/// The face mesh of the best face in `image` (see `detect_faces`). Errors name why none could
/// be read: no face, a face the mesh does not confirm, a too-small image, a model failure.
pub fn find_landmarks(image: &RgbImage) -> Result<FaceLandmarks, FaceError> {
    let faces = detect_faces(image)?;
    let mut error = FaceError::NoFace;
    // The whole frame's best finds first; when the mesh confirms none of them, a closer look
    // (a face a tenth of the frame wide, or one behind a false find such as a helmet).
    for pass in 0..2 {
        let faces = if pass == 0 {
            faces.clone()
        } else {
            detect_small_faces(image)?
        };
        for (k, face) in faces.iter().take(MAX_TRIES).enumerate() {
            match landmarks_in_box(image, face) {
                Ok(mut landmarks) => {
                    // Weak finds beside the face (a helmet, a pattern) are not counted.
                    let others = faces
                        .iter()
                        .enumerate()
                        .filter(|&(j, f)| j != k && f.score >= OTHER_FACE_SCORE)
                        .count();
                    landmarks.faces_found = 1 + others;
                    return Ok(landmarks);
                }
                Err(e @ FaceError::NotConfirmed) => error = e,
                Err(e) => return Err(e),
            }
        }
    }
    Err(error)
}

/// At most this many of a pass's finds are read by the mesh before the next pass.
const MAX_TRIES: usize = 3;

/// Another find counts as a second face from this detector score (0–1): real faces score 0.9
/// and more, false finds just over the 0.5 threshold.
const OTHER_FACE_SCORE: f32 = 0.75;

/// One read of the mesh from a square of `span` pixels centred on `centre`, turned by `angle`.
fn read(
    image: &RgbImage,
    centre: Point,
    span: f64,
    angle: f64,
) -> Result<(Vec<Point>, Vec<f64>, f32), FaceError> {
    // `centre` is in the crate's pixel coordinates; the crop works in continuous ones.
    let continuous = Point::new(centre.x + 0.5, centre.y + 0.5);
    let image_from_input = image_from_square(continuous, span, angle, MESH_SIDE);
    let shrunk = Shrunk::for_square(image, &image_from_input, MESH_SIDE);
    let input = shrunk.sample(
        &image_from_input,
        MESH_SIDE,
        Outside::Replicate,
        1.0 / 255.0,
        0.0,
    );
    let (raw, logit) = run_mesh(input)?;
    let scale = image_from_input.mean_scale();
    let mut points = Vec::with_capacity(LANDMARK_COUNT);
    let mut depth = Vec::with_capacity(LANDMARK_COUNT);
    for xyz in raw.chunks_exact(3) {
        let p = image_from_input.apply(Point::new(f64::from(xyz[0]), f64::from(xyz[1])));
        points.push(Point::new(p.x - 0.5, p.y - 0.5));
        depth.push(f64::from(xyz[2]) * scale);
    }
    Ok((points, depth, sigmoid(logit)))
}

/// The square a set of mesh points asks for: eyes level, centred on the points' extent in that
/// turned frame, 1.5× its longer side.
fn square_of(points: &[Point]) -> (Point, f64, f64) {
    let (r, l) = (
        points[MeshPoint::RIGHT_EYE_OUTER.0],
        points[MeshPoint::LEFT_EYE_OUTER.0],
    );
    let angle = (l.y - r.y).atan2(l.x - r.x);
    let (s, c) = angle.sin_cos();
    // Coordinates along (u) and across (v) the eye line.
    let (mut u0, mut u1, mut v0, mut v1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in points {
        let (u, v) = (p.x * c + p.y * s, -p.x * s + p.y * c);
        (u0, u1, v0, v1) = (u0.min(u), u1.max(u), v0.min(v), v1.max(v));
    }
    let (uc, vc) = ((u0 + u1) / 2.0, (v0 + v1) / 2.0);
    let centre = Point::new(uc * c - vc * s, uc * s + vc * c);
    (centre, (u1 - u0).max(v1 - v0) * CROP_SCALE, angle)
}

/// The face mesh inside one detected face.
pub fn landmarks_in_box(
    image: &RgbImage,
    face: &FaceDetection,
) -> Result<FaceLandmarks, FaceError> {
    let span = face.width.max(face.height) * CROP_SCALE;
    let (first, first_depth, presence) = read(image, face.centre, span, face.eye_angle())?;
    if presence < MIN_PRESENCE {
        return Err(FaceError::NotConfirmed);
    }
    // Re-read from the square the points ask for until it settles: a detection of a small or
    // turned face can be off by 10° and a fifth of its size, and the first read inherits that.
    let (mut points, mut depth, mut presence) = (first, first_depth, presence);
    let mut used = (face.centre, span, face.eye_angle());
    for _ in 0..MAX_REREADS {
        let (centre, side, angle) = square_of(&points);
        // The points agree with the square they were read from: re-reading would not move them.
        let settled = centre.distance(used.0) < 0.03 * side
            && (side / used.1 - 1.0).abs() < 0.05
            && (angle - used.2).abs() < 2f64.to_radians();
        if settled {
            break;
        }
        (points, depth, presence) = read(image, centre, side, angle)?;
        used = (centre, side, angle);
    }
    if presence < MIN_PRESENCE {
        return Err(FaceError::NotConfirmed);
    }
    Ok(FaceLandmarks {
        points,
        depth,
        presence,
        detection: face.clone(),
        faces_found: 1,
    })
}
