//! How a photo is brought into the reference frame for measuring: the one place that
//! warps. When the alignment module's cached aligned previews arrive, only this file changes.

use image::{Rgb, RgbImage};

use super::window::FrameWindow;
use crate::geometry::{Affine2, Point};
use crate::imaging::sample_rgb;
use crate::import::{ImportError, load_preview};
use crate::project::{Photo, Project};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// The photo's preview as stored in `cache/previews/`. When it has to be rebuilt, it is read
/// back after writing, so a measurement never depends on whether the preview was cached (the
/// stored one has been through JPEG once more than the freshly made one).
pub fn preview_for_measuring(paths: &ProjectPaths, photo: &Photo) -> Result<RgbImage, ImportError> {
    let file = paths.preview(photo);
    if let Ok(img) = image::open(&file) {
        return Ok(img.into_rgb8());
    }
    let fresh = load_preview(paths, photo)?;
    Ok(image::open(&file).map_or(fresh, |img| img.into_rgb8()))
}

/// A window of the reference frame filled from one photo.
#[derive(Clone, Debug)]
pub struct FrameCrop {
    pub window: FrameWindow,
    pub image: RgbImage,
    /// Whether each pixel came from inside the photo (row by row).
    pub valid: Vec<bool>,
}

/// Why a photo cannot be brought into the reference frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotInFrame {
    /// No alignment yet.
    NotAligned,
    /// Aligned to a reference that is no longer the project's.
    StaleAlignment,
    /// The stored transform cannot be inverted.
    BadTransform,
}

impl NotInFrame {
    pub fn message(&self) -> &'static str {
        match self {
            NotInFrame::NotAligned => "not aligned to the reference yet",
            NotInFrame::StaleAlignment => "aligned to an earlier reference; align again",
            NotInFrame::BadTransform => "its alignment cannot be inverted; align again",
        }
    }
}

/// The photo's `reference_from_photo`: its alignment, or the identity for the reference
/// itself.
pub fn reference_from_photo(
    project: &Project,
    reference: &Photo,
    photo: &Photo,
) -> Result<Affine2, NotInFrame> {
    if photo.id == reference.id {
        return Ok(Affine2::IDENTITY);
    }
    let Some(alignment) = &photo.alignment else {
        return Err(NotInFrame::NotAligned);
    };
    if alignment
        .reference
        .as_ref()
        .is_some_and(|r| Some(r) != project.reference_photo().map(|p| &p.id))
    {
        return Err(NotInFrame::StaleAlignment);
    }
    let t = alignment.reference_from_photo;
    if !t.is_finite() || t.inverse().is_none() {
        return Err(NotInFrame::BadTransform);
    }
    Ok(t)
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

/// Samples `src` for each pixel of `window`, through `src_from_frame`.
pub fn warp_window(src: &RgbImage, src_from_frame: &Affine2, window: FrameWindow) -> FrameCrop {
    let mut image = RgbImage::new(window.width, window.height);
    let mut valid = Vec::with_capacity(window.len());
    for (y, row) in image.rows_mut().enumerate() {
        for (x, px) in row.enumerate() {
            let q = Point::new(
                f64::from(window.x0) + x as f64,
                f64::from(window.y0) + y as f64,
            );
            let p = src_from_frame.apply(q);
            match sample_rgb(src, p.x, p.y) {
                Some(v) => {
                    *px = Rgb(v.map(|c| c.round().clamp(0.0, 255.0) as u8));
                    valid.push(true);
                }
                None => valid.push(false),
            }
        }
    }
    FrameCrop {
        window,
        image,
        valid,
    }
}
