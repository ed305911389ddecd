//! A photo's aligned preview: its preview warped into the `ReferenceFrame` (the reference at
//! preview size), cached as a JPEG in `cache/aligned/`. The file name carries a hash of
//! everything the pixels depend on — the photo, the reference, the frame and the exact
//! transform — so a new alignment or another reference simply misses the cache; older files
//! of the same photo are removed when a new one is written.

use std::path::PathBuf;

use image::{Rgb, RgbImage};

use crate::geometry::{Affine2, Point};
use crate::imaging::write_jpeg_atomic;
use crate::photo_file::ImportError;
use crate::previews::{PREVIEW_SIDE, load_preview};
use crate::project::{Photo, Project};
use crate::reference_frame::{NotInFrame, ReferenceFrame, reference_from_photo};
use crate::store::ProjectPaths;

/// `cache/aligned/`.
pub const ALIGNED_DIR: &str = "aligned";

/// JPEG quality of the cached file: high, since metrics and reports read it.
const QUALITY: u8 = 94;

/// Bumped when the way aligned previews are made changes, so old files are not reused.
const RECIPE: u32 = 1;

/// What lies outside the photo in an aligned preview.
pub const OUTSIDE: Rgb<u8> = Rgb([0, 0, 0]);

/// Why a photo has no aligned preview.
#[derive(Debug, thiserror::Error)]
pub enum AlignedPreviewError {
    /// The project has no reference photo to align to.
    #[error("the project has no reference photo")]
    NoReference,
    /// The photo has no alignment yet.
    #[error("not aligned to the reference yet")]
    NotAligned,
    /// The photo was aligned to a reference that is no longer the project's.
    #[error("aligned to an earlier reference; align again")]
    StaleAlignment,
    /// The stored transform is singular or not finite.
    #[error("its alignment cannot be inverted; align again")]
    BadTransform,
    /// The photo's preview could not be read or rebuilt.
    #[error(transparent)]
    Preview(#[from] ImportError),
}

/// A photo in the reference frame.
#[derive(Clone, Debug)]
pub struct AlignedPreview {
    /// `frame.width`×`frame.height`; black where the photo does not reach.
    pub image: RgbImage,
    /// The reference frame the image is drawn in.
    pub frame: ReferenceFrame,
    /// Maps frame pixels to the photo's preview pixels.
    pub preview_from_frame: Affine2,
    /// The size of the photo's preview.
    pub preview_size: (u32, u32),
}

impl AlignedPreview {
    /// Whether frame pixel (x, y) shows the photo (rather than the black outside it).
    pub fn covers(&self, x: f64, y: f64) -> bool {
        let p = self.preview_from_frame.apply(Point::new(x, y));
        let (w, h) = self.preview_size;
        p.x >= 0.0 && p.y >= 0.0 && p.x <= f64::from(w) - 1.0 && p.y <= f64::from(h) - 1.0
    }
}

/// The photo's current `reference_from_photo`: the identity for the reference itself, else
/// its alignment when it was made against the current reference of its view.
pub fn current_reference_from_photo(
    project: &Project,
    photo: &Photo,
) -> Result<Affine2, AlignedPreviewError> {
    let reference = project
        .reference_of(photo)
        .ok_or(AlignedPreviewError::NoReference)?;
    reference_from_photo(project, reference, photo).map_err(|e| match e {
        NotInFrame::NotAligned => AlignedPreviewError::NotAligned,
        NotInFrame::StaleAlignment => AlignedPreviewError::StaleAlignment,
        NotInFrame::BadTransform => AlignedPreviewError::BadTransform,
    })
}

/// Where the photo's aligned preview is cached for the project as it is now.
pub fn aligned_preview_path(
    paths: &ProjectPaths,
    project: &Project,
    photo: &Photo,
) -> Result<PathBuf, AlignedPreviewError> {
    let reference = project
        .reference_of(photo)
        .ok_or(AlignedPreviewError::NoReference)?;
    let t = current_reference_from_photo(project, photo)?;
    Ok(cache_path(paths, reference, photo, &t))
}

/// The photo's aligned preview, from the cache or made (and cached) from its preview.
pub fn aligned_preview(
    paths: &ProjectPaths,
    project: &Project,
    photo: &Photo,
) -> Result<AlignedPreview, AlignedPreviewError> {
    let reference = project
        .reference_of(photo)
        .ok_or(AlignedPreviewError::NoReference)?;
    let t = current_reference_from_photo(project, photo)?;
    let frame = ReferenceFrame::of(reference);
    let path = cache_path(paths, reference, photo, &t);
    if let Ok(img) = image::open(&path) {
        let image = img.into_rgb8();
        if image.dimensions() == (frame.width, frame.height) {
            // The preview's size follows from the photo's; no need to read it.
            let (pw, ph) = crate::imaging::fit_within(photo.width, photo.height, PREVIEW_SIDE);
            if let Some(preview_from_frame) = frame.preview_from_frame(photo, pw, ph, &t) {
                return Ok(AlignedPreview {
                    image,
                    frame,
                    preview_from_frame,
                    preview_size: (pw, ph),
                });
            }
        }
    }
    let preview = load_preview(paths, photo)?;
    make_and_cache(paths, reference, photo, &preview, &t).ok_or(AlignedPreviewError::BadTransform)
}

/// Warps `preview` (the photo's preview) into the reference frame through `reference_from_photo`
/// and caches it. A cache that cannot be written is not an error: the image is returned all the
/// same. `None` when the transform cannot be inverted.
pub fn make_and_cache(
    paths: &ProjectPaths,
    reference: &Photo,
    photo: &Photo,
    preview: &RgbImage,
    reference_from_photo: &Affine2,
) -> Option<AlignedPreview> {
    let frame = ReferenceFrame::of(reference);
    let preview_from_frame = frame.preview_from_frame(
        photo,
        preview.width(),
        preview.height(),
        reference_from_photo,
    )?;
    let image = frame.warp_preview(photo, preview, reference_from_photo, OUTSIDE)?;
    let path = cache_path(paths, reference, photo, reference_from_photo);
    if write_jpeg_atomic(&path, &image, QUALITY).is_ok() {
        remove_older(paths, photo, &path);
    }
    Some(AlignedPreview {
        image,
        frame,
        preview_from_frame,
        preview_size: preview.dimensions(),
    })
}

/// `cache/aligned/<photo id>-<16 hex>.jpg`, the hex from everything the pixels depend on.
fn cache_path(
    paths: &ProjectPaths,
    reference: &Photo,
    photo: &Photo,
    reference_from_photo: &Affine2,
) -> PathBuf {
    let frame = ReferenceFrame::of(reference);
    let mut h = blake3::Hasher::new();
    h.update(&RECIPE.to_le_bytes());
    h.update(&PREVIEW_SIDE.to_le_bytes());
    for part in [&photo.id.0, &photo.hash, &reference.id.0] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    for v in [
        photo.width,
        photo.height,
        reference.width,
        reference.height,
        frame.width,
        frame.height,
    ] {
        h.update(&v.to_le_bytes());
    }
    for v in reference_from_photo.m.iter().flatten() {
        h.update(&v.to_bits().to_le_bytes());
    }
    let key = h.finalize().to_hex();
    paths.cache_file(ALIGNED_DIR, &format!("{}-{}.jpg", photo.id, &key[..16]))
}

/// Deletes the photo's other aligned previews (made with an older alignment or reference).
fn remove_older(paths: &ProjectPaths, photo: &Photo, keep: &std::path::Path) {
    let prefix = format!("{}-", photo.id);
    let Ok(entries) = std::fs::read_dir(paths.cache_dir().join(ALIGNED_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".jpg") && path != keep {
            std::fs::remove_file(&path).ok();
        }
    }
}
