//! The comparison sheet: the chosen photos, aligned and cropped to the face, in a grid, each
//! labelled with its date and day — one picture to send in a message. Re-encoded from
//! pixels: no EXIF, GPS or camera data.

use image::{Rgb, RgbImage};

use super::canvas::Weight;
use super::fonts::Fonts;
use super::raster_text::{TextStyle, draw_text, fill_rect};
use super::{ReportError, ReportOptions, images, resolve};
use crate::guide::{self, format_date};
use crate::imaging::{area_resize, encode_jpeg};
use crate::project::Project;
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

const CELL_W: u32 = 420;
const CAPTION_H: u32 = 62;
const PAD: u32 = 12;
const HEADER_H: u32 = 56;

/// The sheet as PNG bytes, or JPEG when `path` ends in .jpg/.jpeg.
pub fn build_sheet(
    paths: &ProjectPaths,
    project: &Project,
    options: &ReportOptions,
    path: &std::path::Path,
) -> Result<Vec<u8>, ReportError> {
    let img = render_sheet(paths, project, options)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if matches!(ext.as_str(), "jpg" | "jpeg") {
        return encode_jpeg(&img, 90).map_err(|e| ReportError::Encode(e.to_string()));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| ReportError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

/// The comparison sheet as one image: the baseline and the chosen photos, aligned.
pub fn render_sheet(
    paths: &ProjectPaths,
    project: &Project,
    options: &ReportOptions,
) -> Result<RgbImage, ReportError> {
    let (chosen, baseline) = resolve(project, options)?;
    let photos: Vec<_> = std::iter::once(baseline).chain(chosen).collect();
    let frame = ReferenceFrame::of(baseline);
    let crop = images::face_crop(project, &frame);
    let cell_h = (f64::from(CELL_W) * f64::from(crop.3) / f64::from(crop.2.max(1))).round() as u32;
    let cols = photos.len().clamp(1, 4) as u32;
    let rows = (photos.len() as u32).div_ceil(cols);
    let width = cols * CELL_W + (cols + 1) * PAD;
    let height = HEADER_H + rows * (cell_h + CAPTION_H) + (rows + 1) * PAD;
    let mut sheet = RgbImage::from_pixel(width, height, Rgb([250, 248, 246]));
    let fonts = Fonts::load()?;
    let style = |weight, px, color| TextStyle { weight, px, color };
    let title = style(Weight::Bold, 26.0, [33, 33, 38]);
    draw_text(&mut sheet, &fonts, title, PAD as f32, 36.0, &project.name);
    let cells: Vec<RgbImage> = {
        use rayon::prelude::*;
        photos
            .par_iter()
            .map(|p| {
                let (img, _) = images::aligned_image(paths, project, p, &frame)?;
                let face = images::crop(&img, crop);
                Ok(area_resize(&face, CELL_W, cell_h))
            })
            .collect::<Result<_, ReportError>>()?
    };
    for (i, (photo, cell)) in photos.iter().zip(&cells).enumerate() {
        let (c, r) = (i as u32 % cols, i as u32 / cols);
        let x = PAD + c * (CELL_W + PAD);
        let y = HEADER_H + PAD + r * (cell_h + CAPTION_H + PAD);
        image::imageops::replace(&mut sheet, cell, i64::from(x), i64::from(y));
        fill_rect(
            &mut sheet,
            x,
            y + cell.height(),
            CELL_W,
            CAPTION_H,
            [255, 255, 255],
        );
        let placement = guide::placement(project, photo);
        let line1 = placement.short_label();
        let line2 = if options.keep_names {
            format!(
                "{} · {}",
                format_date(photo.taken_at.date()),
                photo.original_name
            )
        } else {
            format_date(photo.taken_at.date())
        };
        let ty = (y + cell.height()) as f32;
        let (bold, muted) = (
            style(Weight::Bold, 22.0, [33, 33, 38]),
            style(Weight::Regular, 18.0, [110, 110, 120]),
        );
        draw_text(&mut sheet, &fonts, bold, x as f32 + 10.0, ty + 26.0, &line1);
        draw_text(
            &mut sheet,
            &fonts,
            muted,
            x as f32 + 10.0,
            ty + 50.0,
            &line2,
        );
    }
    Ok(sheet)
}
