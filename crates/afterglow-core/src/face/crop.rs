//! Sampling a turned square out of an image into a model's input tensor.
//!
//! `image_from_input` maps continuous input coordinates (0..side, pixel centres at +0.5) to
//! continuous image coordinates (pixel centres at +0.5 too); sampling is bilinear. Both models
//! see a strong downscale (a 2048-px preview into 128 px), so the image is first shrunk by area
//! averaging until a step of the input covers at most ~1.5 image pixels: bilinear sampling alone
//! would alias.

use std::borrow::Cow;

use image::RgbImage;

use crate::geometry::{Affine2, Point};

/// What the sampler returns for points outside the image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outside {
    /// Black (the detector's letterbox, as MediaPipe pads).
    Zero,
    /// The nearest edge pixel (the mesh crop, as MediaPipe's BORDER_REPLICATE).
    Replicate,
}

/// A shrunk copy of an image and the map from the original's coordinates into it.
pub struct Shrunk<'a> {
    image: Cow<'a, RgbImage>,
    shrunk_from_image: Affine2,
}

impl<'a> Shrunk<'a> {
    /// The part of `image` that a `side`² input mapped by `image_from_input` reads, shrunk so
    /// that one input step covers about 1.5 of its pixels (or borrowed when no shrinking is
    /// needed). Only the square's bounding box is copied: shrinking a whole 2048-px preview for
    /// a face crop would cost more than the model.
    pub fn for_square(image: &'a RgbImage, image_from_input: &Affine2, side: usize) -> Self {
        let (w, h) = image.dimensions();
        let span = image_from_input.mean_scale() * side as f64;
        let factor = (side as f64 * 1.5 / span).min(1.0);
        if factor >= 0.95 {
            return Self {
                image: Cow::Borrowed(image),
                shrunk_from_image: Affine2::IDENTITY,
            };
        }
        let corners = [
            (0.0, 0.0),
            (side as f64, 0.0),
            (0.0, side as f64),
            (side as f64, side as f64),
        ]
        .map(|(u, v)| image_from_input.apply(Point::new(u, v)));
        let lo = |f: fn(&Point) -> f64, max: u32| {
            (corners.iter().map(f).fold(f64::MAX, f64::min).floor() - 2.0)
                .clamp(0.0, f64::from(max - 1)) as u32
        };
        let hi = |f: fn(&Point) -> f64, max: u32| {
            (corners.iter().map(f).fold(f64::MIN, f64::max).ceil() + 2.0).clamp(1.0, f64::from(max))
                as u32
        };
        let (x0, y0) = (lo(|p| p.x, w), lo(|p| p.y, h));
        let (x1, y1) = (hi(|p| p.x, w).max(x0 + 1), hi(|p| p.y, h).max(y0 + 1));
        // A whole number of pixels per block keeps the shrink a cheap sum; bilinear sampling
        // covers the rest (at most 1.5 pixels a step, little aliasing).
        let k = ((1.0 / factor).floor() as u32).max(1);
        Self {
            image: Cow::Owned(box_shrink(image, (x0, y0, x1, y1), k)),
            shrunk_from_image: Affine2::scale(1.0 / f64::from(k))
                * Affine2::translation(-f64::from(x0), -f64::from(y0)),
        }
    }

    /// The input tensor (NHWC, `value · scale + offset`) of a `side`² square whose continuous
    /// coordinates map into the original image by `image_from_input`.
    pub fn sample(
        &self,
        image_from_input: &Affine2,
        side: usize,
        outside: Outside,
        scale: f32,
        offset: f32,
    ) -> Vec<f32> {
        let shrunk_from_input = self.shrunk_from_image * *image_from_input;
        let (w, h) = self.image.dimensions();
        let mut out = Vec::with_capacity(side * side * 3);
        for v in 0..side {
            for u in 0..side {
                let p = shrunk_from_input.apply(Point::new(u as f64 + 0.5, v as f64 + 0.5));
                // Continuous (centres at +0.5) to integer-centre coordinates.
                let (x, y) = (p.x - 0.5, p.y - 0.5);
                let inside = x >= -0.5 && y >= -0.5 && x <= w as f64 - 0.5 && y <= h as f64 - 0.5;
                if !inside && outside == Outside::Zero {
                    out.extend([offset; 3]);
                    continue;
                }
                let rgb = bilinear_replicate(&self.image, x, y);
                out.extend(rgb.map(|c| c * scale + offset));
            }
        }
        out
    }
}

/// The rectangle `[x0, x1) × [y0, y1)` of `image`, each `k`×`k` block averaged into one pixel
/// (a partial block at the right or bottom edge is dropped).
fn box_shrink(image: &RgbImage, (x0, y0, x1, y1): (u32, u32, u32, u32), k: u32) -> RgbImage {
    let (ow, oh) = (((x1 - x0) / k).max(1), ((y1 - y0) / k).max(1));
    let (w, h) = image.dimensions();
    let raw = image.as_raw();
    let stride = w as usize * 3;
    let mut sums = vec![0u32; ow as usize * 3];
    let mut out = RgbImage::new(ow, oh);
    for oy in 0..oh {
        sums.fill(0);
        let mut rows = 0;
        for y in (y0 + oy * k)..(y0 + (oy + 1) * k).min(h) {
            rows += 1;
            let row = &raw[y as usize * stride..(y as usize + 1) * stride];
            for (ox, sum) in sums.chunks_exact_mut(3).enumerate() {
                let start = (x0 as usize + ox * k as usize) * 3;
                let end = (start + k as usize * 3).min(row.len());
                for px in row[start..end].chunks_exact(3) {
                    sum[0] += u32::from(px[0]);
                    sum[1] += u32::from(px[1]);
                    sum[2] += u32::from(px[2]);
                }
            }
        }
        let count = (rows * k).max(1);
        for (ox, sum) in sums.chunks_exact(3).enumerate() {
            let px = out.get_pixel_mut(ox as u32, oy);
            px.0 = [0, 1, 2].map(|c| ((sum[c] + count / 2) / count) as u8);
        }
    }
    out
}

/// Bilinear sample with coordinates clamped to the image (edge pixels repeat outward).
fn bilinear_replicate(img: &RgbImage, x: f64, y: f64) -> [f32; 3] {
    let (w, h) = img.dimensions();
    let x = x.clamp(0.0, (w - 1) as f64);
    let y = y.clamp(0.0, (h - 1) as f64);
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = ((x - x0 as f64) as f32, (y - y0 as f64) as f32);
    let (p00, p10) = (img.get_pixel(x0, y0).0, img.get_pixel(x1, y0).0);
    let (p01, p11) = (img.get_pixel(x0, y1).0, img.get_pixel(x1, y1).0);
    std::array::from_fn(|c| {
        let top = f32::from(p00[c]) * (1.0 - fx) + f32::from(p10[c]) * fx;
        let bottom = f32::from(p01[c]) * (1.0 - fx) + f32::from(p11[c]) * fx;
        top * (1.0 - fy) + bottom * fy
    })
}

/// The map from a `side`² input to a square of `span` image pixels centred on `centre`, turned
/// by `angle` radians (the input's x axis points along `angle` in the image).
pub fn image_from_square(centre: Point, span: f64, angle: f64, side: usize) -> Affine2 {
    let s = span / side as f64;
    let half = side as f64 / 2.0;
    // input → centred input → scaled and turned → image
    Affine2::translation(centre.x, centre.y)
        * Affine2::similarity(s, angle, 0.0, 0.0)
        * Affine2::translation(-half, -half)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_maps_its_centre_to_the_centre_and_its_x_axis_along_the_angle() {
        let t = image_from_square(
            Point::new(100.0, 50.0),
            60.0,
            std::f64::consts::FRAC_PI_2,
            192,
        );
        let c = t.apply(Point::new(96.0, 96.0));
        assert!((c.x - 100.0).abs() < 1e-9 && (c.y - 50.0).abs() < 1e-9);
        // One input step along x moves 60/192 image pixels along +y when turned by 90°.
        let d = t.apply(Point::new(97.0, 96.0));
        assert!((d.x - 100.0).abs() < 1e-9 && (d.y - 50.0 - 60.0 / 192.0).abs() < 1e-9);
    }

    #[test]
    fn replicate_repeats_the_edge_and_zero_pads_with_the_offset() {
        let img = RgbImage::from_fn(4, 4, |x, _| image::Rgb([(x * 60) as u8, 0, 0]));
        let t = image_from_square(Point::new(2.0, 2.0), 8.0, 0.0, 4);
        let shrunk = Shrunk::for_square(&img, &t, 4);
        // A square twice the image's size, centred on it: the corners fall outside.
        let zero = shrunk.sample(&t, 4, Outside::Zero, 1.0, -7.0);
        assert_eq!(zero[0], -7.0);
        let rep = shrunk.sample(&t, 4, Outside::Replicate, 1.0, 0.0);
        assert_eq!(rep[0], 0.0); // the left edge's red is 0
        assert_eq!(rep[3 * 3], 180.0); // the right edge's red repeats
    }

    #[test]
    fn box_shrink_averages_whole_blocks() {
        let img = RgbImage::from_fn(5, 4, |x, y| image::Rgb([(x * 10 + y) as u8, 100, 0]));
        let s = box_shrink(&img, (1, 0, 5, 4), 2);
        assert_eq!(s.dimensions(), (2, 2));
        // Block x 1–2, y 0–1: (10 + 20 + 11 + 21) / 4 = 15.5 → 16.
        assert_eq!(s.get_pixel(0, 0).0, [16, 100, 0]);
        // Block x 3–4, y 2–3: (32 + 42 + 33 + 43) / 4 = 37.5 → 38.
        assert_eq!(s.get_pixel(1, 1).0, [38, 100, 0]);
    }
}
