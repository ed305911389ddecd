//! 8-bit sRGB pixels → planar Y′CbCr 4:2:0 (I420), BT.709 matrix, limited ("TV") range: the
//! form every browser and phone decodes, and the one the stream's VUI and the MP4's `colr` box
//! declare. The conversion is ours (not the encoder crate's) so the matrix and range are known.

use image::RgbImage;
use rayon::prelude::*;

/// BT.709 luma weights of R and B (G's is the rest).
const KR: f32 = 0.2126;
const KB: f32 = 0.0722;

/// One picture as three planes: Y at full size, Cb and Cr at half size each way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Yuv420 {
    /// Width in pixels (even).
    pub width: usize,
    /// Height in pixels (even).
    pub height: usize,
    /// Luma, `width × height`, 16–235.
    pub y: Vec<u8>,
    /// Blue-difference chroma, `width/2 × height/2`, 16–240.
    pub u: Vec<u8>,
    /// Red-difference chroma, `width/2 × height/2`, 16–240.
    pub v: Vec<u8>,
}

fn luma(r: f32, g: f32, b: f32) -> f32 {
    KR * r + (1.0 - KR - KB) * g + KB * b
}

fn to_u8(x: f32) -> u8 {
    x.round().clamp(0.0, 255.0) as u8
}

impl Yuv420 {
    /// Converts `rgb`, whose sides must be even (the caller makes them so; odd sides are an
    /// error of the caller and give `None`).
    pub fn from_rgb(rgb: &RgbImage) -> Option<Self> {
        let (w, h) = (rgb.width() as usize, rgb.height() as usize);
        if w == 0 || h == 0 || w % 2 == 1 || h % 2 == 1 {
            return None;
        }
        let raw = rgb.as_raw();
        let mut y = vec![0u8; w * h];
        y.par_chunks_mut(w).enumerate().for_each(|(row, out)| {
            let line = &raw[row * w * 3..(row + 1) * w * 3];
            for (o, p) in out.iter_mut().zip(line.chunks_exact(3)) {
                let l = luma(f32::from(p[0]), f32::from(p[1]), f32::from(p[2]));
                *o = to_u8(16.0 + l * (219.0 / 255.0));
            }
        });
        let (cw, ch) = (w / 2, h / 2);
        let mut u = vec![0u8; cw * ch];
        let mut v = vec![0u8; cw * ch];
        u.par_chunks_mut(cw)
            .zip(v.par_chunks_mut(cw))
            .enumerate()
            .for_each(|(row, (us, vs))| {
                let top = &raw[2 * row * w * 3..(2 * row + 1) * w * 3];
                let bottom = &raw[(2 * row + 1) * w * 3..(2 * row + 2) * w * 3];
                for x in 0..cw {
                    // The mean of the 2×2 block (the conversion is linear, so this is the
                    // mean of the four pixels' chroma).
                    let mut sum = [0f32; 3];
                    for line in [top, bottom] {
                        for p in line[x * 6..x * 6 + 6].chunks_exact(3) {
                            for c in 0..3 {
                                sum[c] += f32::from(p[c]);
                            }
                        }
                    }
                    let [r, g, b] = sum.map(|s| s / 4.0);
                    let l = luma(r, g, b);
                    us[x] = to_u8(128.0 + (b - l) / (2.0 * (1.0 - KB)) * (224.0 / 255.0));
                    vs[x] = to_u8(128.0 + (r - l) / (2.0 * (1.0 - KR)) * (224.0 / 255.0));
                }
            });
        Some(Self {
            width: w,
            height: h,
            y,
            u,
            v,
        })
    }

    /// `self` faded towards `other` by `t` (0 = self, 1 = other), plane by plane: the
    /// crossfade's in-between pictures. Both must have the same size.
    pub fn blend(&self, other: &Self, t: f32) -> Self {
        let t = t.clamp(0.0, 1.0);
        let mix = |a: &[u8], b: &[u8]| -> Vec<u8> {
            a.par_iter()
                .zip(b.par_iter())
                .map(|(&a, &b)| to_u8(f32::from(a) + (f32::from(b) - f32::from(a)) * t))
                .collect()
        };
        Self {
            width: self.width,
            height: self.height,
            y: mix(&self.y, &other.y),
            u: mix(&self.u, &other.u),
            v: mix(&self.v, &other.v),
        }
    }
}

impl openh264::formats::YUVSource for Yuv420 {
    fn dimensions(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    fn strides(&self) -> (usize, usize, usize) {
        (self.width, self.width / 2, self.width / 2)
    }

    fn y(&self) -> &[u8] {
        &self.y
    }

    fn u(&self) -> &[u8] {
        &self.u
    }

    fn v(&self) -> &[u8] {
        &self.v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_white_and_primaries_land_on_the_bt709_limited_range_values() {
        let mut img = RgbImage::new(8, 2);
        let colours = [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255]];
        for (i, c) in colours.iter().enumerate() {
            for x in 0..2 {
                for y in 0..2 {
                    img.put_pixel(i as u32 * 2 + x, y, image::Rgb(*c));
                }
            }
        }
        let yuv = Yuv420::from_rgb(&img).unwrap();
        // Black and white: Y 16 and 235, chroma neutral.
        assert_eq!((yuv.y[0], yuv.u[0], yuv.v[0]), (16, 128, 128));
        assert_eq!((yuv.y[2], yuv.u[1], yuv.v[1]), (235, 128, 128));
        // Red (BT.709): Y = 16 + 219·0.2126 ≈ 63, Cr at the top of its range 240.
        assert_eq!((yuv.y[4], yuv.v[2]), (63, 240));
        // Blue: Y = 16 + 219·0.0722 ≈ 32, Cb 240.
        assert_eq!((yuv.y[6], yuv.u[3]), (32, 240));
    }

    #[test]
    fn odd_sides_are_refused_and_blends_go_between() {
        assert!(Yuv420::from_rgb(&RgbImage::new(3, 2)).is_none());
        let a = Yuv420::from_rgb(&RgbImage::from_pixel(4, 4, image::Rgb([0, 0, 0]))).unwrap();
        let b = Yuv420::from_rgb(&RgbImage::from_pixel(4, 4, image::Rgb([255; 3]))).unwrap();
        let mid = a.blend(&b, 0.5);
        assert!(mid.y.iter().all(|&y| y == 126), "{:?}", mid.y);
        assert_eq!(a.blend(&b, 0.0), a);
        assert_eq!(a.blend(&b, 1.0), b);
    }
}
