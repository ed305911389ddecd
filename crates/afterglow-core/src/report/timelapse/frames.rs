//! The timelapse's pictures, shared by the GIF and the MP4: every photo in date order,
//! aligned and cropped to the face, captioned with its day and date; and the schedule that
//! turns them into a constant-rate sequence (held photos, optional crossfades).

use image::RgbImage;
use rayon::prelude::*;

use super::TimelapseOptions;
use crate::guide::{self, format_date};
use crate::imaging::area_resize;
use crate::project::Project;
use crate::reference_frame::ReferenceFrame;
use crate::report::canvas::Weight;
use crate::report::fonts::Fonts;
use crate::report::raster_text::{TextStyle, draw_text, fill_rect};
use crate::report::{ReportError, images};
use crate::store::ProjectPaths;

/// The caption strip's height at 480 px wide; wider frames scale it (and the text) up.
const CAPTION_H: f32 = 44.0;
/// The caption's layout scales from this width.
const CAPTION_BASE_W: f32 = 480.0;
/// With a crossfade, pictures per second of the sequence (about: each photo gets a whole
/// number of pictures, so the rate is a multiple of the photos per second).
const CROSSFADE_RATE: f32 = 12.0;

/// The frames, captioned, in date order (excluded photos left out). Both sides are even (as
/// 4:2:0 video needs): the width rounded down by a pixel at most, the caption strip one pixel
/// taller if needed. `progress` gets 0–1 as photos are done.
pub fn timelapse_frames(
    paths: &ProjectPaths,
    project: &Project,
    options: &TimelapseOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> Result<Vec<RgbImage>, ReportError> {
    let reference = project.reference_photo().ok_or(ReportError::NoPhotos)?;
    let frame = ReferenceFrame::of(reference);
    let crop = images::face_crop(project, &frame);
    // The long side is `max_side`, enlarging a small face crop too (a player would scale it
    // up anyway; this way the size asked for is the size made).
    let long = f64::from(crop.2.max(crop.3).max(1));
    let s = f64::from(options.max_side.max(16)) / long;
    let (w, h) = (
        ((f64::from(crop.2) * s).round() as u32).max(2),
        ((f64::from(crop.3) * s).round() as u32).max(1),
    );
    let w = (w & !1).max(2);
    let scale = (w as f32 / CAPTION_BASE_W).max(1.0);
    let mut caption_h = (CAPTION_H * scale).round() as u32;
    caption_h += (h + caption_h) % 2;
    let photos: Vec<_> = project
        .photos_by_date()
        .into_iter()
        .filter(|p| !p.excluded)
        .collect();
    if photos.is_empty() {
        return Err(ReportError::NoPhotos);
    }
    let fonts = Fonts::load()?;
    let style = TextStyle {
        weight: Weight::Bold,
        px: 18.0 * scale,
        color: [33, 33, 38],
    };
    let done = std::sync::atomic::AtomicUsize::new(0);
    photos
        .par_iter()
        .map(|photo| {
            let (img, aligned) = images::aligned_image(paths, project, photo, &frame)?;
            let cropped = images::crop(&img, crop);
            let face = if w > cropped.width() || h > cropped.height() {
                // area_resize only shrinks; enlarge by interpolation.
                image::imageops::resize(&cropped, w, h, image::imageops::FilterType::Triangle)
            } else {
                area_resize(&cropped, w, h)
            };
            debug_assert_eq!(face.dimensions(), (w, h));
            let mut out = RgbImage::from_pixel(w, h + caption_h, image::Rgb([255, 255, 255]));
            image::imageops::replace(&mut out, &face, 0, 0);
            fill_rect(&mut out, 0, h, w, caption_h, [255, 255, 255]);
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
            let margin = 8.0 * scale;
            let caption = fonts.fit(style.weight, style.px, &caption, w as f32 - 2.0 * margin);
            let baseline = h as f32 + 29.0 * scale;
            draw_text(&mut out, &fonts, style, margin, baseline, &caption);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n as f32 / photos.len() as f32);
            Ok(out)
        })
        .collect()
}

/// One picture of the sequence: photo `from` faded towards photo `to` by `t` (0 = `from`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// The photo shown (index into the frames).
    pub from: usize,
    /// The photo faded towards.
    pub to: usize,
    /// How far (0–1).
    pub t: f32,
}

/// The sequence at a constant rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// Every picture in order.
    pub steps: Vec<Step>,
    /// Pictures per second.
    pub rate: f64,
}

/// `photos` photos at `fps` photos per second: one picture each, or with `crossfade` a whole
/// number of pictures each (about `CROSSFADE_RATE` a second), the second half of each
/// photo's time fading into the next. Either way every photo takes 1/fps s.
pub fn schedule(photos: usize, fps: f32, crossfade: bool) -> Schedule {
    let fps = fps.clamp(0.2, 30.0);
    if !crossfade || photos < 2 {
        return Schedule {
            steps: (0..photos)
                .map(|i| Step {
                    from: i,
                    to: i,
                    t: 0.0,
                })
                .collect(),
            rate: f64::from(fps),
        };
    }
    let per_photo = ((CROSSFADE_RATE / fps).round() as usize).max(2);
    let fade = per_photo / 2;
    let mut steps = Vec::with_capacity(photos * per_photo);
    for i in 0..photos {
        let hold = if i + 1 == photos {
            per_photo
        } else {
            per_photo - fade
        };
        steps.extend((0..hold).map(|_| Step {
            from: i,
            to: i,
            t: 0.0,
        }));
        steps.extend((1..=per_photo - hold).map(|k| Step {
            from: i,
            to: i + 1,
            t: k as f32 / (fade + 1) as f32,
        }));
    }
    Schedule {
        steps,
        rate: f64::from(fps) * per_photo as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_crossfade_each_photo_is_one_picture_at_fps() {
        let s = schedule(3, 1.5, false);
        assert_eq!(s.rate, 1.5);
        assert_eq!(
            s.steps.iter().map(|s| (s.from, s.to)).collect::<Vec<_>>(),
            [(0, 0), (1, 1), (2, 2)]
        );
    }

    #[test]
    fn a_crossfade_keeps_each_photo_for_one_over_fps_and_fades_into_the_next() {
        // 1.5 photos a second → 8 pictures each at 12 a second: 4 held, 4 fading.
        let s = schedule(3, 1.5, true);
        assert_eq!(s.rate, 12.0);
        assert_eq!(s.steps.len(), 24);
        assert_eq!(s.steps.len() as f64 / s.rate, 3.0 / 1.5);
        let first: Vec<(usize, usize, f32)> =
            s.steps[..8].iter().map(|s| (s.from, s.to, s.t)).collect();
        assert_eq!(
            first,
            [
                (0, 0, 0.0),
                (0, 0, 0.0),
                (0, 0, 0.0),
                (0, 0, 0.0),
                (0, 1, 0.2),
                (0, 1, 0.4),
                (0, 1, 0.6),
                (0, 1, 0.8)
            ]
        );
        // The fade climbs and the last photo is held to the end.
        assert!(s.steps[16..].iter().all(|s| s.from == 2 && s.t == 0.0));
        // Fast: at least two pictures a photo.
        let fast = schedule(2, 30.0, true);
        assert_eq!(fast.steps.len(), 4);
        assert_eq!(fast.rate, 60.0);
    }
}
