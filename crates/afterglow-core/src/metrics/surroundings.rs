//! The reference's surroundings: everything in the reference frame outside the face's skin
//! (the face's outline grown a little, and the neck below the chin), at a small working
//! size, ready to match each photo's colours to the reference's (`surround_balance`).

use image::RgbImage;

use super::frame_source::warp_window;
use super::regions::face_box_from_eyes;
use super::surround_balance::{SurroundError, SurroundFit, fit_surround_balance};
use super::window::FrameWindow;
use crate::geometry::{Affine2, Point, resample_from};
use crate::imaging::block_average;
use crate::project::Photo;
use crate::reference_frame::ReferenceFrame;

/// The previews are averaged down in whole blocks to a long side of this to 2× this: that
/// removes most sensor and JPEG noise and keeps the fit within a few milliseconds.
pub const SURROUND_SIDE: u32 = 256;
/// The face's outline is grown by this share about its centre: the edge of the face (and the
/// skin just beyond the mesh's outline) is left out too.
const OUTLINE_GROWTH: f64 = 0.15;
/// The neck, left out below the chin: this share of the face's width wide…
const NECK_WIDTH: f64 = 0.75;
/// …down to this share of the face's height below the chin.
const NECK_DEPTH: f64 = 0.6;

/// The face's outline in reference coordinates (full-resolution pixels), with its top and
/// its chin to find the neck.
#[derive(Clone, Debug, PartialEq)]
pub struct FaceOutline {
    /// The outline, a closed polygon.
    pub points: Vec<Point>,
    /// The top of the forehead on the outline.
    pub top: Point,
    /// The bottom of the chin on the outline.
    pub chin: Point,
}

impl FaceOutline {
    /// The outline of the face mesh (`face::features::FACE_OVAL`), mapped by
    /// `reference_from_mesh` (the mesh is read in the preview's pixels).
    pub fn from_mesh(points: &[Point], reference_from_mesh: &Affine2) -> Option<Self> {
        use crate::face::features::FACE_OVAL;
        let pts: Option<Vec<Point>> = FACE_OVAL
            .iter()
            .map(|&i| points.get(i).map(|&p| reference_from_mesh.apply(p)))
            .collect();
        let pts = pts?;
        // 10 is the top of the forehead and 152 the chin in the mesh's numbering.
        let at = |i: usize| FACE_OVAL.iter().position(|&k| k == i).map(|k| pts[k]);
        Some(Self {
            top: at(10)?,
            chin: at(152)?,
            points: pts,
        })
    }

    /// An ellipse through the face box the eye marks imply (`face_box_from_eyes`), for a
    /// reference whose face mesh cannot be read.
    pub fn from_eyes(eyes: [Point; 2]) -> Self {
        let b = face_box_from_eyes(eyes);
        let c = Point::new((b.min.x + b.max.x) / 2.0, (b.min.y + b.max.y) / 2.0);
        let (rx, ry) = ((b.max.x - b.min.x) / 2.0, (b.max.y - b.min.y) / 2.0);
        let points = (0..36)
            .map(|k| {
                let t = std::f64::consts::TAU * f64::from(k) / 36.0;
                Point::new(c.x + rx * t.sin(), c.y - ry * t.cos())
            })
            .collect();
        Self {
            points,
            top: Point::new(c.x, c.y - ry),
            chin: Point::new(c.x, c.y + ry),
        }
    }

    /// The polygons to leave out, mapped by `to`: the grown outline and the neck.
    fn left_out(&self, to: &Affine2) -> [Vec<Point>; 2] {
        let n = self.points.len().max(1) as f64;
        let centre = self.points.iter().fold(Point::new(0.0, 0.0), |s, p| {
            Point::new(s.x + p.x / n, s.y + p.y / n)
        });
        let grow = |p: &Point| {
            to.apply(Point::new(
                centre.x + (p.x - centre.x) * (1.0 + OUTLINE_GROWTH),
                centre.y + (p.y - centre.y) * (1.0 + OUTLINE_GROWTH),
            ))
        };
        let outline = self.points.iter().map(grow).collect();
        // Down the face's axis from the chin, across it by the face's width.
        let axis = Point::new(self.chin.x - self.top.x, self.chin.y - self.top.y);
        let height = axis.x.hypot(axis.y).max(1e-9);
        let (dx, dy) = (axis.x / height, axis.y / height);
        let width = self
            .points
            .iter()
            .map(|p| (p.x - centre.x) * -dy + (p.y - centre.y) * dx)
            .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let half = NECK_WIDTH * (width.1 - width.0).max(0.0) / 2.0;
        let depth = NECK_DEPTH * height;
        let corner = |along: f64, across: f64| {
            to.apply(Point::new(
                self.chin.x + dx * along - dy * across,
                self.chin.y + dy * along + dx * across,
            ))
        };
        let neck = vec![
            corner(-0.1 * height, -half),
            corner(-0.1 * height, half),
            corner(depth, half),
            corner(depth, -half),
        ];
        [outline, neck]
    }
}

/// Sets `mask` (a `width`-wide raster, row by row) to false inside `polygon` (even–odd rule,
/// pixel centres).
fn clear_polygon(mask: &mut [bool], width: usize, polygon: &[Point]) {
    if polygon.len() < 3 || width == 0 {
        return;
    }
    let height = mask.len() / width;
    let mut xs: Vec<f64> = Vec::new();
    for y in 0..height {
        let yc = y as f64;
        xs.clear();
        for (k, a) in polygon.iter().enumerate() {
            let b = polygon[(k + 1) % polygon.len()];
            if (a.y <= yc) != (b.y <= yc) {
                xs.push(a.x + (yc - a.y) / (b.y - a.y) * (b.x - a.x));
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let x0 = pair[0].ceil().max(0.0) as usize;
            let x1 = pair[1].floor().min(width as f64 - 1.0);
            if x1 < 0.0 {
                continue;
            }
            for m in mask[y * width..(y + 1) * width]
                .iter_mut()
                .take(x1 as usize + 1)
                .skip(x0)
            {
                *m = false;
            }
        }
    }
}

/// `image` averaged in whole blocks to a long side of [`SURROUND_SIDE`]–2×, and the map from
/// the image's pixels to the averaged one's.
fn averaged(image: &RgbImage) -> (RgbImage, Affine2) {
    let factor = (image.width().max(image.height()) / SURROUND_SIDE).max(1);
    // Block i covers pixels factor·i … factor·i + factor − 1: its centre is at
    // factor·i + (factor − 1) / 2.
    let f = f64::from(factor);
    let small_from_image =
        Affine2::scale(1.0 / f) * Affine2::translation(-(f - 1.0) / 2.0, -(f - 1.0) / 2.0);
    (block_average(image, factor), small_from_image)
}

/// The reference's surroundings in the working frame.
#[derive(Clone, Debug)]
pub struct Surroundings {
    frame: ReferenceFrame,
    reference: RgbImage,
    mask: Vec<bool>,
    pixels: usize,
}

impl Surroundings {
    /// The surroundings of `reference` (read from its `preview`) around `face`. Refused when
    /// fewer than [`super::surround_balance::MIN_SURROUND_PIXELS`] pixels lie outside the face.
    pub fn new(
        reference: &Photo,
        preview: &RgbImage,
        face: &FaceOutline,
    ) -> Result<Self, SurroundError> {
        let (small, small_from_preview) = averaged(preview);
        let preview_from_reference = resample_from(
            preview.width(),
            preview.height(),
            reference.width,
            reference.height,
        );
        let frame = ReferenceFrame {
            width: small.width(),
            height: small.height(),
            frame_from_reference: small_from_preview * preview_from_reference,
        };
        let mut mask = vec![true; small.len() / 3];
        for polygon in face.left_out(&frame.frame_from_reference) {
            clear_polygon(&mut mask, small.width() as usize, &polygon);
        }
        let pixels = mask.iter().filter(|&&m| m).count();
        if pixels < super::surround_balance::MIN_SURROUND_PIXELS {
            return Err(SurroundError::TooFewPixels {
                found: pixels,
                needed: super::surround_balance::MIN_SURROUND_PIXELS,
            });
        }
        Ok(Self {
            frame,
            reference: small,
            mask,
            pixels,
        })
    }

    /// Pixels of the working frame that count as surroundings.
    pub fn pixels(&self) -> usize {
        self.pixels
    }

    /// The share of the working frame that counts as surroundings (0–1).
    pub fn share(&self) -> f64 {
        self.pixels as f64 / self.mask.len().max(1) as f64
    }

    /// Whether each pixel of the working frame is surroundings (row by row).
    pub fn mask(&self) -> &[bool] {
        &self.mask
    }

    /// The gains that bring `photo` (read from its `preview`, placed by
    /// `reference_from_photo`) to the reference's colours.
    pub fn fit(
        &self,
        photo: &Photo,
        preview: &RgbImage,
        reference_from_photo: &Affine2,
    ) -> Result<SurroundFit, SurroundError> {
        let (small, small_from_preview) = averaged(preview);
        // A transform that cannot be inverted places no pixel of the photo.
        let Some(preview_from_frame) = self.frame.preview_from_frame(
            photo,
            preview.width(),
            preview.height(),
            reference_from_photo,
        ) else {
            return Err(SurroundError::TooFewPixels {
                found: 0,
                needed: super::surround_balance::MIN_SURROUND_PIXELS,
            });
        };
        let crop = warp_window(
            &small,
            &(small_from_preview * preview_from_frame),
            FrameWindow::whole(&self.frame),
        );
        let usable: Vec<bool> = self
            .mask
            .iter()
            .zip(&crop.valid)
            .map(|(&m, &v)| m && v)
            .collect();
        fit_surround_balance(&self.reference, &crop.image, &usable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polygon_is_cleared_at_pixel_centres() {
        let mut mask = vec![true; 10 * 10];
        let square = [
            Point::new(1.5, 1.5),
            Point::new(4.5, 1.5),
            Point::new(4.5, 4.5),
            Point::new(1.5, 4.5),
        ];
        clear_polygon(&mut mask, 10, &square);
        let cleared: Vec<usize> = (0..100).filter(|&i| !mask[i]).collect();
        // Rows 2–4, columns 2–4.
        assert_eq!(cleared.len(), 9, "{cleared:?}");
        assert!(!mask[2 * 10 + 2] && !mask[4 * 10 + 4] && mask[5 * 10 + 5]);
    }

    #[test]
    fn the_neck_is_left_out_below_the_chin() {
        let face = FaceOutline::from_eyes([Point::new(40.0, 40.0), Point::new(60.0, 40.0)]);
        let [outline, neck] = face.left_out(&Affine2::IDENTITY);
        assert!(outline.len() == 36 && neck.len() == 4);
        let lowest_neck = neck.iter().map(|p| p.y).fold(f64::MIN, f64::max);
        assert!(lowest_neck > face.chin.y);
    }
}
