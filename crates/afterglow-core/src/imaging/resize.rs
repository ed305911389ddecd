//! Area-averaging downscale: every output pixel is the mean of the input pixels it covers
//! (fractionally at the edges). The right filter for thumbnails and previews: no aliasing,
//! no ringing, and fast because it is separable with precomputed weights.

#[cfg(test)]
use image::Rgb;
use image::RgbImage;

/// For each output index, the first input index and the weights of the inputs it covers.
fn weights(src: u32, dst: u32) -> Vec<(usize, Vec<f32>)> {
    let scale = src as f64 / dst as f64;
    (0..dst)
        .map(|o| {
            let start = o as f64 * scale;
            let end = (start + scale).min(src as f64);
            let first = start.floor() as usize;
            let last = (end.ceil() as usize).min(src as usize).max(first + 1);
            let w: Vec<f32> = (first..last)
                .map(|i| {
                    let lo = (i as f64).max(start);
                    let hi = ((i + 1) as f64).min(end);
                    ((hi - lo).max(0.0) / scale) as f32
                })
                .collect();
            (first, w)
        })
        .collect()
}

/// Downscales (or keeps) `img` to `width`×`height` by area averaging. Upscaling is not its
/// job: a target larger than the source is clamped to the source size.
pub fn area_resize(img: &RgbImage, width: u32, height: u32) -> RgbImage {
    let (sw, sh) = img.dimensions();
    let (width, height) = (width.clamp(1, sw.max(1)), height.clamp(1, sh.max(1)));
    if (width, height) == (sw, sh) {
        return img.clone();
    }
    let wx = weights(sw, width);
    let wy = weights(sh, height);
    // Horizontal pass into f32 rows, then vertical.
    let mut tmp = vec![0f32; sh as usize * width as usize * 3];
    let raw = img.as_raw();
    for y in 0..sh as usize {
        let row = &raw[y * sw as usize * 3..(y + 1) * sw as usize * 3];
        let out = &mut tmp[y * width as usize * 3..(y + 1) * width as usize * 3];
        for (ox, (first, w)) in wx.iter().enumerate() {
            let mut acc = [0f32; 3];
            for (k, &wk) in w.iter().enumerate() {
                let p = &row[(first + k) * 3..(first + k) * 3 + 3];
                acc[0] += wk * f32::from(p[0]);
                acc[1] += wk * f32::from(p[1]);
                acc[2] += wk * f32::from(p[2]);
            }
            out[ox * 3..ox * 3 + 3].copy_from_slice(&acc);
        }
    }
    let stride = width as usize * 3;
    let mut out = vec![0u8; height as usize * stride];
    for (oy, (first, w)) in wy.iter().enumerate() {
        let mut acc = vec![0f32; stride];
        for (k, &wk) in w.iter().enumerate() {
            let row = &tmp[(first + k) * stride..(first + k + 1) * stride];
            for (a, &v) in acc.iter_mut().zip(row) {
                *a += wk * v;
            }
        }
        for (o, a) in out[oy * stride..(oy + 1) * stride].iter_mut().zip(&acc) {
            *o = a.round().clamp(0.0, 255.0) as u8;
        }
    }
    RgbImage::from_raw(width, height, out).unwrap_or_else(|| RgbImage::new(width, height))
}

/// The mean of each whole `factor`×`factor` block (a partial last row or column of blocks is
/// dropped): one pass over the pixels, in integers.
pub fn block_average(image: &RgbImage, factor: u32) -> RgbImage {
    let (w, h) = image.dimensions();
    let (sw, sh) = ((w / factor).max(1), (h / factor).max(1));
    let mut out = RgbImage::new(sw, sh);
    let mut sums = vec![0u32; sw as usize * 3];
    let n = factor * factor;
    for by in 0..sh {
        sums.iter_mut().for_each(|v| *v = 0);
        for y in by * factor..((by + 1) * factor).min(h) {
            let row = &image.as_raw()[(y * w * 3) as usize..((y + 1) * w * 3) as usize];
            for (bx, block) in row
                .chunks_exact((factor * 3) as usize)
                .take(sw as usize)
                .enumerate()
            {
                for px in block.chunks_exact(3) {
                    for c in 0..3 {
                        sums[bx * 3 + c] += u32::from(px[c]);
                    }
                }
            }
        }
        for bx in 0..sw {
            let i = bx as usize * 3;
            out.put_pixel(
                bx,
                by,
                image::Rgb([0, 1, 2].map(|c| ((sums[i + c] + n / 2) / n) as u8)),
            );
        }
    }
    out
}

/// The size that fits `w`×`h` inside a `max_side` square, keeping the aspect ratio.
pub fn fit_within(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max_side {
        return (w, h);
    }
    let s = max_side as f64 / long as f64;
    (
        ((w as f64 * s).round() as u32).max(1),
        ((h as f64 * s).round() as u32).max(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halving_averages_two_by_two_blocks() {
        let img = RgbImage::from_raw(
            2,
            2,
            vec![0, 0, 0, 100, 100, 100, 200, 200, 200, 100, 100, 100],
        )
        .unwrap();
        let out = area_resize(&img, 1, 1);
        assert_eq!(out.get_pixel(0, 0).0, [100, 100, 100]);
    }

    #[test]
    fn flat_stays_flat_at_odd_ratios() {
        let img = RgbImage::from_pixel(37, 23, Rgb([10, 120, 250]));
        let out = area_resize(&img, 11, 7);
        assert!(out.pixels().all(|p| p.0 == [10, 120, 250]));
    }

    #[test]
    fn fit_keeps_aspect() {
        assert_eq!(fit_within(4032, 3024, 2048), (2048, 1536));
        assert_eq!(fit_within(100, 50, 256), (100, 50));
    }
}
