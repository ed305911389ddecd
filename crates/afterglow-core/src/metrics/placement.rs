//! Placing the default regions when a project has none: from the eyes marked on the reference
//! photo when there are marks, else from the face the detector finds in it.
//!
//! The detector's box (SeetaFace, via `align::detect_face`) is a square around the brows,
//! eyes, nose and mouth; the regions' face box runs from the hairline to the bottom of the
//! chin. Measured on the portrait and the 15 sample photos against the box their eye
//! positions imply (`face_box_from_eyes`): the centres agree within 2–5 % of the width (the
//! detector sits a little to the photo's left, about 2.5 %) and the detector's side is 0.92–
//! 1.03 (median 0.965) of the face box's width.

use thiserror::Error;

use super::regions::{FACE_ASPECT, default_regions, default_regions_from_eyes};
use crate::align::{FaceBox, detect_face};
use crate::geometry::{Point, resample_from};
use crate::photo_file::ImportError;
use crate::previews::load_preview;
use crate::project::{Command, Project, Rect, Region};
use crate::store::ProjectPaths;

/// The detector's side over the face box's width (see the module's note).
const DETECTOR_SIDE_OVER_FACE_WIDTH: f64 = 0.965;
/// How far the detector's centre sits left of the face box's, in face widths.
const DETECTOR_CENTRE_LEFT: f64 = 0.025;

/// Why default regions could not be placed.
#[derive(Debug, Error)]
pub enum PlacementError {
    /// The project has no photos.
    #[error("the project has no photos")]
    NoPhotos,
    /// The reference photo's preview could not be read.
    #[error("cannot read the reference photo {name}: {source}")]
    Unreadable {
        /// The reference photo's original name.
        name: String,
        /// Why it could not be read.
        #[source]
        source: ImportError,
    },
    /// No face was found on the reference and no eyes are marked on it.
    #[error(
        "no face found in the reference photo {name}; mark the eyes on it (Mark eyes) or add \
         regions by hand"
    )]
    NoFace {
        /// The reference photo's original name.
        name: String,
    },
}

/// The regions' face box (hairline to chin, cheek to cheek) implied by a detector box.
pub fn face_box_from_detection(face: &FaceBox) -> Rect {
    let width = face.size() / DETECTOR_SIDE_OVER_FACE_WIDTH;
    let height = width * FACE_ASPECT;
    let c = face.centre();
    let centre = Point::new(c.x + DETECTOR_CENTRE_LEFT * width, c.y);
    Rect {
        min: Point::new(centre.x - width / 2.0, centre.y - height / 2.0),
        max: Point::new(centre.x + width / 2.0, centre.y + height / 2.0),
    }
}

/// The four default regions for `project`, in reference coordinates (the reference photo's
/// upright full-resolution pixels), numbered after its existing regions. Reads the
/// reference's preview only when it has no eye marks.
pub fn place_default_regions(
    paths: &ProjectPaths,
    project: &Project,
) -> Result<Vec<Region>, PlacementError> {
    let reference = project.reference_photo().ok_or(PlacementError::NoPhotos)?;
    let first_id = project.next_region_id();
    if let Some(eyes) = reference.eyes {
        return Ok(default_regions_from_eyes(eyes, first_id));
    }
    let preview = load_preview(paths, reference).map_err(|source| PlacementError::Unreadable {
        name: reference.original_name.clone(),
        source,
    })?;
    let grey = image::DynamicImage::ImageRgb8(preview).into_luma8();
    let face = detect_face(&grey).ok_or_else(|| PlacementError::NoFace {
        name: reference.original_name.clone(),
    })?;
    let reference_from_preview = resample_from(
        reference.width,
        reference.height,
        grey.width(),
        grey.height(),
    );
    let face = face.transformed(&reference_from_preview);
    Ok(default_regions(&face_box_from_detection(&face), first_id))
}

/// One undoable command adding the default regions, or `None` when the project already has
/// regions (they are the user's; never replaced).
pub fn default_regions_command(
    paths: &ProjectPaths,
    project: &Project,
) -> Result<Option<Command>, PlacementError> {
    if !project.regions.is_empty() {
        return Ok(None);
    }
    let regions = place_default_regions(paths, project)?;
    Ok(Some(Command::Batch(
        regions.into_iter().map(Command::AddRegion).collect(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detector_square_becomes_a_taller_face_box_around_the_same_centre() {
        let face = FaceBox {
            x: 100.0,
            y: 200.0,
            width: 193.0,
            height: 193.0,
            score: 5.0,
        };
        let b = face_box_from_detection(&face);
        let (w, h) = (b.max.x - b.min.x, b.max.y - b.min.y);
        assert!((w - 200.0).abs() < 1e-9, "{w}");
        assert!((h - 200.0 * FACE_ASPECT).abs() < 1e-9, "{h}");
        assert!(((b.min.y + b.max.y) / 2.0 - 296.5).abs() < 1e-9);
        assert!(((b.min.x + b.max.x) / 2.0 - (196.5 + 5.0)).abs() < 1e-9);
    }
}
