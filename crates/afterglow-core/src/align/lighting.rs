//! Which side the light comes from: the two cheeks' brightness on the face mesh, in linear
//! light. A photo lit from another side than the reference shades one cheek and not the
//! other, which the person can change next time ("light from your left").

use crate::face::FaceLandmarks;
use crate::geometry::{Affine2, Point};
use crate::imaging::{GrayF32, srgb_to_linear};

/// Points on the person's right cheek (the image's left): below the eye, beside the nose.
const RIGHT_CHEEK: [usize; 4] = [50, 101, 118, 205];
/// Their partners across the face's midline, on the left cheek.
const LEFT_CHEEK: [usize; 4] = [280, 330, 347, 425];

/// The cheeks are sampled within this share of the eye distance around each point.
const SAMPLE_RADIUS: f64 = 0.12;

/// How much brighter the person's left cheek is than the right: ln(left / right) of the mean
/// linear luminance. 0 for even light; +0.4 when the left cheek is half as bright again (lit
/// from the person's left). `luma` holds gamma-encoded luminance in 0–1, and
/// `plane_from_image` maps the mesh's pixels onto it. `None` when a cheek falls outside the
/// plane or is black.
pub fn cheek_light_balance(
    luma: &GrayF32,
    landmarks: &FaceLandmarks,
    plane_from_image: &Affine2,
) -> Option<f64> {
    let radius = SAMPLE_RADIUS * landmarks.inter_ocular() * plane_from_image.mean_scale();
    let mean = |points: [usize; 4]| -> Option<f64> {
        let (mut sum, mut n) = (0.0, 0usize);
        for i in points {
            let c = plane_from_image.apply(landmarks.points[i]);
            disk_sum(luma, c, radius.max(1.0), &mut sum, &mut n)?;
        }
        (n > 0).then(|| sum / n as f64)
    };
    let (left, right) = (mean(LEFT_CHEEK)?, mean(RIGHT_CHEEK)?);
    (left > 1e-4 && right > 1e-4).then(|| (left / right).ln())
}

/// Adds the linear luminance of the pixels within `radius` of `c` to `sum`, counting them in
/// `n`. `None` when the disk reaches outside the plane.
fn disk_sum(luma: &GrayF32, c: Point, radius: f64, sum: &mut f64, n: &mut usize) -> Option<()> {
    let (w, h) = luma.dimensions();
    let (x0, x1) = ((c.x - radius).floor(), (c.x + radius).ceil());
    let (y0, y1) = ((c.y - radius).floor(), (c.y + radius).ceil());
    if x0 < 0.0 || y0 < 0.0 || x1 >= f64::from(w) || y1 >= f64::from(h) {
        return None;
    }
    for y in y0 as u32..=y1 as u32 {
        for x in x0 as u32..=x1 as u32 {
            if (f64::from(x) - c.x).hypot(f64::from(y) - c.y) <= radius {
                // sRGB's curve undone on luminance: close enough for a ratio of two cheeks.
                *sum += srgb_to_linear(f64::from(luma.get_pixel(x, y).0[0]).clamp(0.0, 1.0));
                *n += 1;
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face::{FaceDetection, LANDMARK_COUNT};

    /// A mesh with the cheek points at x = 30 (right cheek) and x = 70 (left cheek).
    fn mesh() -> FaceLandmarks {
        let mut points = vec![Point::new(50.0, 50.0); LANDMARK_COUNT];
        for (k, (&r, &l)) in RIGHT_CHEEK.iter().zip(&LEFT_CHEEK).enumerate() {
            let y = 45.0 + 3.0 * k as f64;
            points[r] = Point::new(30.0, y);
            points[l] = Point::new(70.0, y);
        }
        // Eyes 40 px apart, so the samples are about 5 px across.
        for (i, x) in [(33, 25.0), (133, 45.0), (362, 55.0), (263, 75.0)] {
            points[i] = Point::new(x, 30.0);
        }
        for (i, x) in [(159, 35.0), (145, 35.0), (386, 65.0), (374, 65.0)] {
            points[i] = Point::new(x, 30.0);
        }
        FaceLandmarks {
            points,
            depth: vec![0.0; LANDMARK_COUNT],
            presence: 1.0,
            detection: FaceDetection {
                score: 1.0,
                centre: Point::new(50.0, 50.0),
                width: 60.0,
                height: 60.0,
                angle: 0.0,
                keypoints: [Point::default(); 6],
            },
            faces_found: 1,
        }
    }

    #[test]
    fn even_light_balances_and_a_brighter_left_cheek_reads_positive() {
        let even = GrayF32::from_pixel(100, 100, image::Luma([0.5]));
        let b = cheek_light_balance(&even, &mesh(), &Affine2::IDENTITY).unwrap();
        assert!(b.abs() < 1e-12, "{b}");
        // The image's right half (the person's left cheek) twice as bright in linear light.
        let lit = GrayF32::from_fn(100, 100, |x, _| {
            image::Luma([if x >= 50 { 0.7354 } else { 0.5371 }])
        });
        let b = cheek_light_balance(&lit, &mesh(), &Affine2::IDENTITY).unwrap();
        assert!((b - 2f64.ln()).abs() < 0.01, "{b}");
    }

    #[test]
    fn a_cheek_off_the_plane_gives_nothing() {
        let small = GrayF32::from_pixel(60, 100, image::Luma([0.5]));
        assert!(cheek_light_balance(&small, &mesh(), &Affine2::IDENTITY).is_none());
    }
}
