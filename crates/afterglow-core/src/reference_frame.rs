//! The frame every comparison and measurement happens in: the reference photo at preview
//! resolution. A photo P is brought into it through
//! `P_preview_from_frame = P_preview_from_P · P_from_reference · reference_from_frame`.

use image::{Rgb, RgbImage};

use crate::geometry::{Affine2, resample_from};
use crate::imaging::{fit_within, warp_rgb};
use crate::previews::PREVIEW_SIDE;
use crate::project::{Photo, Project};

/// The reference photo's preview-sized frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReferenceFrame {
    /// Width of the frame in pixels.
    pub width: u32,
    /// Height of the frame in pixels.
    pub height: u32,
    /// Maps full-resolution reference coordinates into this frame.
    pub frame_from_reference: Affine2,
}

impl ReferenceFrame {
    /// The frame of `reference` at preview size (≤ 2048 px on the long side).
    pub fn of(reference: &Photo) -> Self {
        Self::with_long_side(reference.width, reference.height, PREVIEW_SIDE)
    }

    /// The frame of a `width`×`height` reference scaled to fit `long_side`.
    pub fn with_long_side(width: u32, height: u32, long_side: u32) -> Self {
        let (w, h) = fit_within(width, height, long_side);
        Self {
            width: w,
            height: h,
            frame_from_reference: resample_from(w, h, width, height),
        }
    }

    /// Maps frame pixels back to full-resolution reference coordinates.
    pub fn reference_from_frame(&self) -> Affine2 {
        self.frame_from_reference
            .inverse()
            .unwrap_or(Affine2::IDENTITY)
    }

    /// Where to sample a photo's preview (`preview_w`×`preview_h`) for each pixel of this
    /// frame, given the photo's `reference_from_photo`.
    pub fn preview_from_frame(
        &self,
        photo: &Photo,
        preview_w: u32,
        preview_h: u32,
        reference_from_photo: &Affine2,
    ) -> Option<Affine2> {
        let preview_from_photo = resample_from(preview_w, preview_h, photo.width, photo.height);
        let photo_from_reference = reference_from_photo.inverse()?;
        Some(preview_from_photo * photo_from_reference * self.reference_from_frame())
    }

    /// The photo's preview warped into this frame; outside the photo is `fill`.
    pub fn warp_preview(
        &self,
        photo: &Photo,
        preview: &RgbImage,
        reference_from_photo: &Affine2,
        fill: Rgb<u8>,
    ) -> Option<RgbImage> {
        let t = self.preview_from_frame(
            photo,
            preview.width(),
            preview.height(),
            reference_from_photo,
        )?;
        Some(warp_rgb(preview, &t, self.width, self.height, fill))
    }
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
    /// The reason in words, as the app and the command line show it.
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
        .is_some_and(|r| Some(r) != project.reference_of(photo).map(|p| &p.id))
    {
        return Err(NotInFrame::StaleAlignment);
    }
    let t = alignment.reference_from_photo;
    if !t.is_finite() || t.inverse().is_none() {
        return Err(NotInFrame::BadTransform);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point;

    #[test]
    fn reference_itself_maps_to_its_own_preview() {
        let f = ReferenceFrame::with_long_side(4000, 3000, 2000);
        assert_eq!((f.width, f.height), (2000, 1500));
        let p = f.frame_from_reference.apply(Point::new(3999.5, 2999.5));
        assert!((p.x - 1999.5).abs() < 1e-9 && (p.y - 1499.5).abs() < 1e-9);
    }
}
