//! How a photo is brought into the reference frame for measuring: the one place that
//! warps.

use image::RgbImage;

use super::window::FrameWindow;
use crate::geometry::{Affine2, Point};
use crate::project::Photo;
use crate::reference_frame::ReferenceFrame;
pub use crate::reference_frame::{NotInFrame, reference_from_photo};

/// A window of the reference frame filled from one photo.
#[derive(Clone, Debug)]
pub struct FrameCrop {
    /// The part of the reference frame it covers.
    pub window: FrameWindow,
    /// Its pixels, row by row.
    pub image: RgbImage,
    /// Whether each pixel came from inside the photo (row by row).
    pub valid: Vec<bool>,
}

/// `window` of the frame filled from the photo's `preview`.
pub fn crop_from_preview(
    frame: &ReferenceFrame,
    photo: &Photo,
    preview: &RgbImage,
    reference_from_photo: &Affine2,
    window: FrameWindow,
) -> Option<FrameCrop> {
    let preview_from_frame = frame.preview_from_frame(
        photo,
        preview.width(),
        preview.height(),
        reference_from_photo,
    )?;
    Some(warp_window(preview, &preview_from_frame, window))
}

/// Samples `src` bilinearly for each pixel of `window`, through `src_from_frame` (pixels
/// that fall outside `src` are marked invalid). Same sampling as `imaging::sample_rgb`,
/// written out over the raw buffer because it runs for every measured pixel.
pub fn warp_window(src: &RgbImage, src_from_frame: &Affine2, window: FrameWindow) -> FrameCrop {
    let (sw, sh) = (src.width() as usize, src.height() as usize);
    let raw = src.as_raw();
    let (max_x, max_y) = (sw as f64 - 1.0, sh as f64 - 1.0);
    let [[a, _, _], [c, _, _]] = src_from_frame.m;
    let mut image = RgbImage::new(window.width, window.height);
    let mut valid = Vec::with_capacity(window.len());
    let out = image.as_mut();
    let mut i = 0;
    for y in 0..window.height {
        let row_start =
            src_from_frame.apply(Point::new(f64::from(window.x0), f64::from(window.y0 + y)));
        for x in 0..window.width {
            // Stepping along the row adds the first column of the matrix.
            let px = row_start.x + a * f64::from(x);
            let py = row_start.y + c * f64::from(x);
            let inside = px >= 0.0 && py >= 0.0 && px <= max_x && py <= max_y;
            valid.push(inside);
            if inside {
                let (x0, y0) = (px as usize, py as usize);
                let (x1, y1) = ((x0 + 1).min(sw - 1), (y0 + 1).min(sh - 1));
                let (fx, fy) = ((px - x0 as f64) as f32, (py - y0 as f64) as f32);
                let p00 = (y0 * sw + x0) * 3;
                let p10 = (y0 * sw + x1) * 3;
                let p01 = (y1 * sw + x0) * 3;
                let p11 = (y1 * sw + x1) * 3;
                for k in 0..3 {
                    let top = f32::from(raw[p00 + k]) * (1.0 - fx) + f32::from(raw[p10 + k]) * fx;
                    let bottom =
                        f32::from(raw[p01 + k]) * (1.0 - fx) + f32::from(raw[p11 + k]) * fx;
                    out[i * 3 + k] =
                        (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8;
                }
            }
            i += 1;
        }
    }
    FrameCrop {
        window,
        image,
        valid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imaging::sample_rgb;
    use image::Rgb;

    #[test]
    fn window_warp_samples_like_imaging() {
        let src = RgbImage::from_fn(23, 17, |x, y| {
            Rgb([(x * 11) as u8, (y * 13) as u8, (x * y) as u8])
        });
        let t = Affine2::similarity(0.9, 0.3, 4.0, -2.0);
        let window = FrameWindow {
            x0: 3,
            y0: 2,
            width: 20,
            height: 15,
        };
        let crop = warp_window(&src, &t, window);
        let mut inside = 0;
        for y in 0..window.height {
            for x in 0..window.width {
                let q = t.apply(Point::new(f64::from(x + 3), f64::from(y + 2)));
                let i = (y * window.width + x) as usize;
                match sample_rgb(&src, q.x, q.y) {
                    Some(v) => {
                        inside += 1;
                        assert!(crop.valid[i]);
                        let want = v.map(|c| c.round() as u8);
                        let got = crop.image.get_pixel(x, y).0;
                        for k in 0..3 {
                            assert!(want[k].abs_diff(got[k]) <= 1, "{want:?} vs {got:?}");
                        }
                    }
                    None => assert!(!crop.valid[i]),
                }
            }
        }
        assert!(inside > 100);
    }
}
