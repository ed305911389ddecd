//! EXIF orientation: the stored pixels are turned for display, measurement and export; the
//! original file is never touched.

use image::{DynamicImage, RgbImage, metadata::Orientation};

/// Turns `img` as EXIF orientation `exif` (1–8) says; other values leave it as it is.
pub fn apply_orientation(img: RgbImage, exif: u8) -> RgbImage {
    let Some(o) = Orientation::from_exif(exif) else {
        return img;
    };
    if o == Orientation::NoTransforms {
        return img;
    }
    let mut d = DynamicImage::ImageRgb8(img);
    d.apply_orientation(o);
    d.into_rgb8()
}

/// The displayed size of a `w`×`h` image stored with EXIF orientation `exif`.
pub fn oriented_size(w: u32, h: u32, exif: u8) -> (u32, u32) {
    if (5..=8).contains(&exif) {
        (h, w)
    } else {
        (w, h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn orientation_6_turns_clockwise() {
        // A 2×1 image: red on the left, blue on the right. Orientation 6 means the camera was
        // turned; displaying it turns the pixels 90° clockwise: red on top.
        let mut img = RgbImage::new(2, 1);
        img.put_pixel(0, 0, Rgb([255, 0, 0]));
        img.put_pixel(1, 0, Rgb([0, 0, 255]));
        let out = apply_orientation(img, 6);
        assert_eq!(out.dimensions(), (1, 2));
        assert_eq!(out.get_pixel(0, 0).0, [255, 0, 0]);
        assert_eq!(oriented_size(2, 1, 6), (1, 2));
    }
}
