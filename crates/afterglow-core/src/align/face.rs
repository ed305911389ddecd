//! The frontal face box: SeetaFace's funnel cascade (the `rustface` crate) with its model
//! compiled into the program, run on a small grey copy of the image.

use std::sync::OnceLock;

use image::GrayImage;
use serde::{Deserialize, Serialize};

use super::luma::{f32_to_gray, gray_shrink, gray_to_f32, shrink_transform};
use crate::geometry::{Affine2, Point};
use crate::imaging::GrayF32;

/// The SeetaFace frontal model (BSD 2-Clause, see `assets/seeta_fd_frontal_v1.0-LICENSE.md`).
static MODEL_BYTES: &[u8] = include_bytes!("../../assets/seeta_fd_frontal_v1.0.bin");

/// Detection runs on a copy at most this many pixels on its long side.
pub const DETECT_SIDE: u32 = 240;

/// The smallest face looked for, in pixels of the detection copy: the detector's own window.
/// A smaller minimum makes it enlarge the image first, which costs more than the rest of the
/// search together. With `DETECT_SIDE`, faces down to 17 % of the photo's long side are found
/// (a selfie's face is 30–60 %).
const MIN_FACE: u32 = 40;

/// The detector's score threshold (its authors suggest 0.95–4.5; 2.0 finds faces that are a
/// little turned or tilted without admitting textures).
const SCORE_THRESHOLD: f64 = 2.0;

/// A face's box: its top-left corner (the outer edge of the first pixel, so a box that covers
/// pixels 0–9 has `x = -0.5`) and its size, in the pixel coordinates of the image it was
/// found in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaceBox {
    /// Left edge, in pixels (the outer edge of the first pixel).
    pub x: f64,
    /// Top edge, in pixels.
    pub y: f64,
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// The detector's confidence (larger is surer; found faces score above 2).
    pub score: f64,
}

impl FaceBox {
    /// The box's centre, in the same pixel coordinates.
    pub fn centre(&self) -> Point {
        Point::new(self.x + 0.5 * self.width, self.y + 0.5 * self.height)
    }

    /// The geometric mean of width and height.
    pub fn size(&self) -> f64 {
        (self.width * self.height).sqrt()
    }

    /// The box carried through a transform that only scales and shifts (a resolution change);
    /// for a general transform, the axis-aligned box of the transformed corners.
    pub fn transformed(&self, t: &Affine2) -> FaceBox {
        let corners = [
            Point::new(self.x, self.y),
            Point::new(self.x + self.width, self.y),
            Point::new(self.x, self.y + self.height),
            Point::new(self.x + self.width, self.y + self.height),
        ]
        .map(|p| t.apply(p));
        let min_x = corners.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
        let max_x = corners
            .iter()
            .map(|p| p.x)
            .fold(f64::NEG_INFINITY, f64::max);
        let min_y = corners.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
        let max_y = corners
            .iter()
            .map(|p| p.y)
            .fold(f64::NEG_INFINITY, f64::max);
        FaceBox {
            x: min_x,
            y: min_y,
            width: max_x - min_x,
            height: max_y - min_y,
            score: self.score,
        }
    }
}

fn model() -> Option<&'static rustface::Model> {
    static MODEL: OnceLock<Option<rustface::Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| rustface::read_model(MODEL_BYTES).ok())
        .as_ref()
}

/// The most confident frontal face in `img`, in `img`'s pixel coordinates; `None` when there
/// is none (a close-up of skin, a profile, a landscape).
pub fn detect_face(img: &GrayImage) -> Option<FaceBox> {
    detect_face_luma(&gray_to_f32(img))
}

/// `detect_face` for a luminance plane in 0–1.
pub fn detect_face_luma(img: &GrayF32) -> Option<FaceBox> {
    let factor = f64::from(img.width().max(img.height())) / f64::from(DETECT_SIDE);
    if factor <= 1.0 {
        return detect_small(img, MIN_FACE);
    }
    let face = detect_small(&gray_shrink(img, factor), MIN_FACE)?;
    Some(face.transformed(&shrink_transform(factor).inverse()?))
}

/// Runs the detector on an image already small enough (a detection copy, or a crop where a
/// face is expected), for faces of at least `min_face` pixels.
pub(crate) fn detect_small(img: &GrayF32, min_face: u32) -> Option<FaceBox> {
    let (w, h) = img.dimensions();
    let min_face = min_face.max(20);
    if w.min(h) < min_face {
        return None;
    }
    let gray = f32_to_gray(img);
    let mut detector = rustface::create_detector_with_model(model()?.clone());
    detector.set_min_face_size(min_face);
    detector.set_score_thresh(SCORE_THRESHOLD);
    detector.set_pyramid_scale_factor(0.8);
    detector.set_slide_window_step(4, 4);
    let faces = detector.detect(&rustface::ImageData::new(gray.as_raw(), w, h));
    faces
        .iter()
        .max_by(|a, b| a.score().total_cmp(&b.score()))
        .map(|f| {
            let b = f.bbox();
            FaceBox {
                x: f64::from(b.x()) - 0.5,
                y: f64::from(b.y()) - 0.5,
                width: f64::from(b.width()),
                height: f64::from(b.height()),
                score: f.score(),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_loads() {
        assert!(model().is_some());
    }

    #[test]
    fn no_face_in_a_flat_image() {
        assert!(detect_face(&GrayImage::from_pixel(200, 150, image::Luma([128]))).is_none());
    }

    #[test]
    fn box_maps_through_a_resolution_change() {
        let b = FaceBox {
            x: -0.5,
            y: -0.5,
            width: 10.0,
            height: 20.0,
            score: 3.0,
        };
        // Doubling the resolution doubles the box, edges onto edges.
        let t = crate::geometry::resample_from(200, 200, 100, 100);
        let d = b.transformed(&t);
        assert!((d.x + 0.5).abs() < 1e-9 && (d.width - 20.0).abs() < 1e-9);
        assert!((d.height - 40.0).abs() < 1e-9);
    }
}
