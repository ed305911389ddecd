//! Photos as the report shows them: aligned into the reference frame, cropped to the face,
//! re-encoded from pixels (so nothing of the original file's metadata can ride along).

use std::sync::Arc;

use image::{Rgb, RgbImage};

use super::ReportError;
use crate::geometry::{Affine2, Point};
use crate::imaging::{area_resize, encode_jpeg, fit_within};
use crate::project::{Photo, Project};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// The photo warped into the reference frame, and whether a real alignment was used.
pub fn aligned_image(
    paths: &ProjectPaths,
    project: &Project,
    photo: &Photo,
    frame: &ReferenceFrame,
) -> Result<(RgbImage, bool), ReportError> {
    let preview = crate::previews::load_preview(paths, photo).map_err(|e| ReportError::Photo {
        photo: photo.original_name.clone(),
        reason: e.to_string(),
    })?;
    let is_reference = project
        .reference_of(photo)
        .is_some_and(|r| r.id == photo.id);
    let (reference_from_photo, aligned) = match &photo.alignment {
        Some(a) => (a.reference_from_photo, true),
        None if is_reference => (Affine2::IDENTITY, true),
        // Unaligned: stretch the photo over the reference's frame so it can still be shown.
        None => {
            let r = project.reference_of(photo).unwrap_or(photo);
            (
                Affine2::scale_xy(
                    f64::from(r.width) / f64::from(photo.width),
                    f64::from(r.height) / f64::from(photo.height),
                ),
                false,
            )
        }
    };
    let img = frame
        .warp_preview(photo, &preview, &reference_from_photo, Rgb([236, 236, 236]))
        .ok_or_else(|| ReportError::Photo {
            photo: photo.original_name.clone(),
            reason: "its alignment cannot be inverted".into(),
        })?;
    Ok((img, aligned))
}

/// The part of the frame worth showing: the regions (or the marked eyes) with a margin, or
/// the whole frame when the project has neither. (x, y, w, h) in frame pixels.
pub fn face_crop(project: &Project, frame: &ReferenceFrame) -> (u32, u32, u32, u32) {
    let whole = (0, 0, frame.width, frame.height);
    let mut pts: Vec<Point> = Vec::new();
    // The regions measured: the project's, else the defaults placed from the eyes.
    let regions = crate::metrics::regions_to_measure(project)
        .map(|(r, _)| r)
        .unwrap_or_default();
    for r in &regions {
        let b = r.shape.bounds();
        pts.push(b.min);
        pts.push(b.max);
    }
    if pts.is_empty()
        && let Some(eyes) = project.reference_photo().and_then(|r| r.eyes)
    {
        // A face is about 2.5 eye distances wide and 3.5 tall around the eyes.
        let d = eyes[0].distance(eyes[1]);
        let c = Point::new((eyes[0].x + eyes[1].x) / 2.0, (eyes[0].y + eyes[1].y) / 2.0);
        pts.push(Point::new(c.x - 1.25 * d, c.y - 1.2 * d));
        pts.push(Point::new(c.x + 1.25 * d, c.y + 2.3 * d));
    }
    if pts.is_empty() {
        return whole;
    }
    let pts: Vec<Point> = pts
        .iter()
        .map(|p| frame.frame_from_reference.apply(*p))
        .collect();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &pts {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    let (mx, my) = ((x1 - x0) * 0.3, (y1 - y0) * 0.3);
    let clamp_x = |v: f64| v.clamp(0.0, f64::from(frame.width)) as u32;
    let clamp_y = |v: f64| v.clamp(0.0, f64::from(frame.height)) as u32;
    let (cx0, cy0, cx1, cy1) = (
        clamp_x(x0 - mx),
        clamp_y(y0 - my),
        clamp_x(x1 + mx),
        clamp_y(y1 + my),
    );
    if cx1 <= cx0 + 16 || cy1 <= cy0 + 16 {
        return whole;
    }
    (cx0, cy0, cx1 - cx0, cy1 - cy0)
}

pub fn crop(img: &RgbImage, (x, y, w, h): (u32, u32, u32, u32)) -> RgbImage {
    image::imageops::crop_imm(img, x, y, w, h).to_image()
}

/// Shrinks to `max_side` and encodes as JPEG for embedding.
pub fn to_jpeg(img: &RgbImage, max_side: u32, quality: u8) -> Result<Arc<Vec<u8>>, ReportError> {
    let (w, h) = fit_within(img.width(), img.height(), max_side);
    let small = area_resize(img, w, h);
    encode_jpeg(&small, quality)
        .map(Arc::new)
        .map_err(|e| ReportError::Encode(e.to_string()))
}
