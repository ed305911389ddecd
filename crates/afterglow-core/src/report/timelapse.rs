//! The timelapse: every photo in date order, aligned and cropped to the face, captioned with
//! its date and day, as an animated GIF. Frames are re-encoded from pixels: no EXIF, GPS,
//! camera data or file names (unless asked).

use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, RgbImage, RgbaImage};
use rayon::prelude::*;

use super::canvas::Weight;
use super::fonts::Fonts;
use super::raster_text::{TextStyle, draw_text, fill_rect};
use super::{ReportError, images};
use crate::guide::{self, format_date};
use crate::imaging::{area_resize, fit_within};
use crate::project::Project;
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// How the timelapse is made.
#[derive(Clone, Copy, Debug)]
pub struct TimelapseOptions {
    /// Frames per second (0.2–30).
    pub fps: f32,
    /// The long side of each frame in pixels.
    pub max_side: u32,
    /// Show original file names in the captions (off by default: they can carry private details).
    pub keep_names: bool,
}

impl Default for TimelapseOptions {
    fn default() -> Self {
        Self {
            fps: 1.5,
            max_side: 480,
            keep_names: false,
        }
    }
}

const CAPTION_H: u32 = 44;

/// The frames, captioned, in date order (excluded photos left out).
pub fn timelapse_frames(
    paths: &ProjectPaths,
    project: &Project,
    options: &TimelapseOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> Result<Vec<RgbImage>, ReportError> {
    let reference = project.reference_photo().ok_or(ReportError::NoPhotos)?;
    let frame = ReferenceFrame::of(reference);
    let crop = images::face_crop(project, &frame);
    let (w, h) = fit_within(crop.2, crop.3, options.max_side);
    let photos: Vec<_> = project
        .photos_by_date()
        .into_iter()
        .filter(|p| !p.excluded)
        .collect();
    let fonts = Fonts::load()?;
    let done = std::sync::atomic::AtomicUsize::new(0);
    photos
        .par_iter()
        .map(|photo| {
            let (img, aligned) = images::aligned_image(paths, project, photo, &frame)?;
            let face = area_resize(&images::crop(&img, crop), w, h);
            let mut out = RgbImage::from_pixel(w, h + CAPTION_H, image::Rgb([255, 255, 255]));
            image::imageops::replace(&mut out, &face, 0, 0);
            fill_rect(&mut out, 0, h, w, CAPTION_H, [255, 255, 255]);
            let placement = guide::placement(project, photo);
            let mut caption = format!(
                "{} · {}",
                placement.short_label(),
                format_date(photo.taken_at.date())
            );
            if !aligned {
                caption.push_str(" · not aligned");
            }
            if options.keep_names {
                caption = format!("{caption} · {}", photo.original_name);
            }
            let caption = fonts.fit(Weight::Bold, 18.0, &caption, w as f32 - 16.0);
            let style = TextStyle {
                weight: Weight::Bold,
                px: 18.0,
                color: [33, 33, 38],
            };
            draw_text(&mut out, &fonts, style, 8.0, (h + 29) as f32, &caption);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n as f32 / photos.len() as f32);
            Ok(out)
        })
        .collect()
}

/// The animated GIF, looping forever.
pub fn build_timelapse(
    paths: &ProjectPaths,
    project: &Project,
    options: &TimelapseOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> Result<Vec<u8>, ReportError> {
    let frames = timelapse_frames(paths, project, options, progress)?;
    let fps = options.fps.clamp(0.2, 30.0);
    let delay = Delay::from_numer_denom_ms((1000.0 / fps).round() as u32, 1);
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut out, 10);
        encoder
            .set_repeat(Repeat::Infinite)
            .map_err(|e| ReportError::Encode(e.to_string()))?;
        for f in frames {
            let rgba: RgbaImage = image::DynamicImage::ImageRgb8(f).into_rgba8();
            encoder
                .encode_frame(Frame::from_parts(rgba, 0, 0, delay))
                .map_err(|e| ReportError::Encode(e.to_string()))?;
        }
    }
    Ok(out)
}
