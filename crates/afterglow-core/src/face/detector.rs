//! MediaPipe's short-range face detector: the image letterboxed into 128×128 (optionally turned),
//! 896 SSD anchors decoded into boxes with six keypoints, overlaps merged by weighted NMS.

use std::sync::OnceLock;

use image::RgbImage;

use super::FaceError;
use super::crop::{Outside, Shrunk, image_from_square};
use super::model::{DETECTOR_SIDE, run_detector, sigmoid};
use crate::geometry::{Affine2, Point};

/// Turns tried in order until a face is found, radians: upright first, then both ways. The
/// detector itself tolerates about ±30° of roll, so these cover a head rolled past ±45°.
const TURNS_DEGREES: [f64; 5] = [0.0, 35.0, -35.0, 70.0, -70.0];

/// Below this score an anchor is not a face (MediaPipe's threshold).
const MIN_SCORE: f32 = 0.5;

/// One face the detector found, in the image's pixels (pixel centres at integer coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct FaceDetection {
    /// Detector confidence, 0–1.
    pub score: f32,
    /// Centre of the face box.
    pub centre: Point,
    /// Width of the face box, pixels, along `angle`.
    pub width: f64,
    /// Height of the face box, pixels, across `angle`.
    pub height: f64,
    /// The turn (radians) of the detector's input in which the face was found; the box's axes
    /// follow it.
    pub angle: f64,
    /// Keypoints: the person's right eye, left eye, nose tip, mouth centre, right and left ear.
    pub keypoints: [Point; 6],
}

impl FaceDetection {
    /// The angle (radians, image coordinates) of the line from the right eye to the left eye:
    /// 0 for an upright, unmirrored face.
    pub fn eye_angle(&self) -> f64 {
        let [r, l, ..] = self.keypoints;
        (l.y - r.y).atan2(l.x - r.x)
    }
}

/// SSD anchor centres in the unit square (MediaPipe's `SsdAnchorsCalculator` for this model:
/// strides 8, 16, 16, 16; equal strides merged; two anchors per layer and cell).
fn anchors() -> &'static [(f32, f32)] {
    static ANCHORS: OnceLock<Vec<(f32, f32)>> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        let mut out = Vec::with_capacity(896);
        for (stride, per_cell) in [(8usize, 2usize), (16, 6)] {
            let cells = DETECTOR_SIDE.div_ceil(stride);
            for y in 0..cells {
                for x in 0..cells {
                    let centre = (
                        (x as f32 + 0.5) / cells as f32,
                        (y as f32 + 0.5) / cells as f32,
                    );
                    out.extend(std::iter::repeat_n(centre, per_cell));
                }
            }
        }
        out
    })
}

/// A decoded box in the 128-px input: [xmin, ymin, xmax, ymax] and keypoints.
#[derive(Clone, Debug)]
struct Raw {
    score: f32,
    bounds: [f32; 4],
    keypoints: [(f32, f32); 6],
}

fn decode(regressors: &[f32], logits: &[f32]) -> Vec<Raw> {
    let side = DETECTOR_SIDE as f32;
    let mut out = Vec::new();
    for (i, &(ax, ay)) in anchors().iter().enumerate() {
        let score = sigmoid(logits[i]);
        if score < MIN_SCORE {
            continue;
        }
        let r = &regressors[i * 16..i * 16 + 16];
        let (cx, cy) = (r[0] + ax * side, r[1] + ay * side);
        let (w, h) = (r[2], r[3]);
        let keypoints =
            std::array::from_fn(|k| (r[4 + 2 * k] + ax * side, r[5 + 2 * k] + ay * side));
        out.push(Raw {
            score,
            bounds: [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0],
            keypoints,
        });
    }
    out
}

fn iou(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    let iw = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let ih = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    let inter = iw * ih;
    let union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    if union > 0.0 { inter / union } else { 0.0 }
}

/// MediaPipe's weighted non-maximum suppression (IoU 0.3): each group of overlapping boxes
/// becomes the score-weighted mean of its boxes and keypoints, with the best score.
fn weighted_nms(mut raws: Vec<Raw>) -> Vec<Raw> {
    raws.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(top) = raws.first().cloned() {
        let (group, rest): (Vec<Raw>, Vec<Raw>) = raws
            .into_iter()
            .partition(|r| iou(&top.bounds, &r.bounds) > 0.3);
        let total: f32 = group.iter().map(|r| r.score).sum();
        let mut merged = Raw {
            score: top.score,
            bounds: [0.0; 4],
            keypoints: [(0.0, 0.0); 6],
        };
        for r in &group {
            let w = r.score / total;
            for k in 0..4 {
                merged.bounds[k] += r.bounds[k] * w;
            }
            for k in 0..6 {
                merged.keypoints[k].0 += r.keypoints[k].0 * w;
                merged.keypoints[k].1 += r.keypoints[k].1 * w;
            }
        }
        out.push(merged);
        raws = rest;
    }
    out
}

/// Continuous coordinates (pixel centres at +0.5) to the crate's (centres at integers).
fn to_pixel(p: Point) -> Point {
    Point::new(p.x - 0.5, p.y - 0.5)
}

fn to_detection(raw: &Raw, image_from_input: &Affine2, angle: f64) -> FaceDetection {
    let map = |(x, y): (f32, f32)| {
        to_pixel(image_from_input.apply(Point::new(f64::from(x), f64::from(y))))
    };
    let [x0, y0, x1, y1] = raw.bounds;
    let s = image_from_input.mean_scale();
    FaceDetection {
        score: raw.score,
        centre: map(((x0 + x1) / 2.0, (y0 + y1) / 2.0)),
        width: f64::from(x1 - x0) * s,
        height: f64::from(y1 - y0) * s,
        angle,
        keypoints: raw.keypoints.map(map),
    }
}

/// How much a face is preferred: its area, discounted by its distance from the image centre
/// (a face at a corner counts half), so the largest, central face comes first.
fn preference(face: &FaceDetection, width: u32, height: u32) -> f64 {
    let centre = Point::new(f64::from(width) / 2.0, f64::from(height) / 2.0);
    let half_diagonal = centre.distance(Point::new(0.0, 0.0)).max(1.0);
    let off = (face.centre.distance(centre) / half_diagonal).min(1.0);
    face.width * face.height * (1.0 - 0.5 * off)
}

/// When the whole frame shows no face, the detector looks again at overlapping squares this
/// share of the frame's long side across (upright only): a face a tenth of the frame wide is
/// under 13 of the detector's 128 pixels in the whole frame, too few for its anchors, and
/// twice that in a half-frame square.
const ZOOM_SHARE: f64 = 0.5;

/// The faces the detector finds in the square `image_from_input` maps its input onto.
fn detect_in(
    image: &RgbImage,
    shrunk: Option<&Shrunk>,
    image_from_input: &Affine2,
    angle: f64,
) -> Result<Vec<FaceDetection>, FaceError> {
    let own;
    let shrunk = match shrunk {
        Some(s) => s,
        None => {
            own = Shrunk::for_square(image, image_from_input, DETECTOR_SIDE);
            &own
        }
    };
    let input = shrunk.sample(
        image_from_input,
        DETECTOR_SIDE,
        Outside::Zero,
        1.0 / 127.5,
        -1.0,
    );
    let (regressors, logits) = run_detector(input)?;
    Ok(weighted_nms(decode(&regressors, &logits))
        .iter()
        .map(|r| to_detection(r, image_from_input, angle))
        .collect())
}

/// Where the squares of side `side` go along an image edge of `length`: evenly spaced, each
/// overlapping the next by half, the first and last flush with the edges.
fn square_centres(length: f64, side: f64) -> Vec<f64> {
    if length <= side {
        return vec![length / 2.0];
    }
    let n = ((length - side) / (side / 2.0)).ceil() as usize + 1;
    (0..n)
        .map(|i| side / 2.0 + (length - side) * i as f64 / (n - 1) as f64)
        .collect()
}

/// The detector needs at least 32 pixels each way.
fn big_enough(width: u32, height: u32) -> Result<(), FaceError> {
    if width < 32 || height < 32 {
        return Err(FaceError::TooSmall { width, height });
    }
    Ok(())
}

/// Every face in `image`, best first (the largest, most central one). Tries the image upright,
/// then turned, and stops at the first turn that finds a face; an empty list means no face.
/// (`detect_small_faces` looks closer.)
pub fn detect_faces(image: &RgbImage) -> Result<Vec<FaceDetection>, FaceError> {
    let (w, h) = image.dimensions();
    big_enough(w, h)?;
    let span = f64::from(w.max(h));
    let centre = Point::new(f64::from(w) / 2.0, f64::from(h) / 2.0);
    // One shrunk copy of the whole image serves every turn.
    let shrunk = Shrunk::for_square(
        image,
        &image_from_square(centre, span, 0.0, DETECTOR_SIDE),
        DETECTOR_SIDE,
    );
    for degrees in TURNS_DEGREES {
        let angle = degrees.to_radians();
        let image_from_input = image_from_square(centre, span, angle, DETECTOR_SIDE);
        let mut faces = detect_in(image, Some(&shrunk), &image_from_input, angle)?;
        if !faces.is_empty() {
            faces.sort_by(|a, b| preference(b, w, h).total_cmp(&preference(a, w, h)));
            return Ok(faces);
        }
    }
    Ok(Vec::new())
}

/// The faces in overlapping half-frame squares of `image`, upright, best first: for a face too
/// small for the whole frame's pass (or hidden there behind a false find).
pub fn detect_small_faces(image: &RgbImage) -> Result<Vec<FaceDetection>, FaceError> {
    let (w, h) = image.dimensions();
    big_enough(w, h)?;
    let side = ZOOM_SHARE * f64::from(w.max(h));
    let mut faces: Vec<FaceDetection> = Vec::new();
    for &cy in &square_centres(f64::from(h), side) {
        for &cx in &square_centres(f64::from(w), side) {
            let image_from_input = image_from_square(Point::new(cx, cy), side, 0.0, DETECTOR_SIDE);
            for face in detect_in(image, None, &image_from_input, 0.0)? {
                // Squares overlap: the same face found twice keeps its better finding.
                match faces
                    .iter_mut()
                    .find(|f| f.centre.distance(face.centre) < 0.5 * f.width.max(face.width))
                {
                    Some(f) if f.score >= face.score => {}
                    Some(f) => *f = face,
                    None => faces.push(face),
                }
            }
        }
    }
    faces.sort_by(|a, b| preference(b, w, h).total_cmp(&preference(a, w, h)));
    Ok(faces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_the_896_of_the_short_range_model() {
        let a = anchors();
        assert_eq!(a.len(), 896);
        assert_eq!(a[0], (0.5 / 16.0, 0.5 / 16.0));
        assert_eq!(a[1], a[0]);
        assert_eq!(a[512], (0.5 / 8.0, 0.5 / 8.0));
        assert_eq!(a[895], (7.5 / 8.0, 7.5 / 8.0));
    }

    #[test]
    fn overlapping_boxes_merge_by_score_and_apart_ones_stay() {
        let raw = |score, x0: f32| Raw {
            score,
            bounds: [x0, 0.0, x0 + 10.0, 10.0],
            keypoints: [(x0, 0.0); 6],
        };
        let merged = weighted_nms(vec![raw(0.9, 0.0), raw(0.6, 1.0), raw(0.8, 50.0)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].score, 0.9);
        // (0·0.9 + 1·0.6) / 1.5 = 0.4
        assert!((merged[0].bounds[0] - 0.4).abs() < 1e-6);
        assert_eq!(merged[1].bounds[0], 50.0);
    }
}
