//! Placing the default regions when a project has none: from the reference photo's face mesh
//! (`regions_from_face.rs`), else from the eyes marked on it, else from the face box the
//! detector finds in it.
//!
//! The detector's box (SeetaFace, via `align::detect_face`) is a square around the brows,
//! eyes, nose and mouth; the regions' face box runs from the hairline to the bottom of the
//! chin. Measured on the portrait and the 15 sample photos against the box their eye
//! positions imply (`face_box_from_eyes`): the centres agree within 2–5 % of the width (the
//! detector sits a little to the photo's left, about 2.5 %) and the detector's side is 0.92–
//! 1.03 (median 0.965) of the face box's width.

use thiserror::Error;

use super::regions::{FACE_ASPECT, default_regions, default_regions_from_eyes};
use super::regions_from_face::default_regions_from_landmarks;
use crate::align::{FaceBox, detect_face, find_landmarks_within};
use crate::geometry::{Affine2, Point, resample_from};
use crate::photo_file::ImportError;
use crate::previews::load_preview;
use crate::project::{Command, Project, Rect, Region, Shape};
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

/// What the default regions were placed from, most trusted first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlacedFrom {
    /// The reference's face mesh: each region on its own anatomy.
    FaceMesh,
    /// The eyes marked on the reference (by hand, or where the mesh disagrees with the marks).
    MarkedEyes,
    /// The face detector's box (no mesh could be read and no eyes are marked).
    FaceBox,
}

impl std::fmt::Display for PlacedFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::FaceMesh => "the face found in the reference",
            Self::MarkedEyes => "the eyes marked on the reference",
            Self::FaceBox => "the face box found in the reference (no face mesh could be read)",
        })
    }
}

/// The default regions and what they were placed from.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedRegions {
    /// The four regions, in reference coordinates.
    pub regions: Vec<Region>,
    /// What placed them.
    pub from: PlacedFrom,
}

/// Marked eyes further than this share of the eye distance from the mesh's eyes: the user
/// marked them because the mesh is wrong, so the marks place the regions.
const MARKS_OVERRIDE_MESH: f64 = 0.15;

/// The four default regions for `project`, in reference coordinates (the reference photo's
/// upright full-resolution pixels), numbered after its existing regions: from the
/// reference's face mesh, else its marked eyes, else the face detector's box.
///
/// The regions belong to the project's main view, on whose reference they are placed.
pub fn place_default_regions(
    paths: &ProjectPaths,
    project: &Project,
) -> Result<PlacedRegions, PlacementError> {
    let view = project.main_view();
    let mut placed = place_on_reference(paths, project)?;
    for r in &mut placed.regions {
        r.view = view;
    }
    Ok(placed)
}

fn place_on_reference(
    paths: &ProjectPaths,
    project: &Project,
) -> Result<PlacedRegions, PlacementError> {
    let reference = project.reference_photo().ok_or(PlacementError::NoPhotos)?;
    let first_id = project.next_region_id();
    let from_marks = |eyes| PlacedRegions {
        regions: default_regions_from_eyes(eyes, first_id),
        from: PlacedFrom::MarkedEyes,
    };
    let preview = match (load_preview(paths, reference), reference.eyes) {
        (Ok(preview), _) => preview,
        // The marks need no pixels: an unreadable preview does not stop them.
        (Err(_), Some(eyes)) => return Ok(from_marks(eyes)),
        (Err(source), None) => {
            return Err(PlacementError::Unreadable {
                name: reference.original_name.clone(),
                source,
            });
        }
    };
    let reference_from_preview = resample_from(
        reference.width,
        reference.height,
        preview.width(),
        preview.height(),
    );
    let mesh = find_landmarks_within(&preview).ok().filter(|lm| {
        reference.eyes.is_none_or(|marks| {
            let iod = lm.inter_ocular() * reference_from_preview.mean_scale();
            let eyes = lm.eye_centres().map(|p| reference_from_preview.apply(p));
            let off = |m: Point| eyes.iter().map(|e| e.distance(m)).fold(f64::MAX, f64::min);
            marks.iter().all(|&m| off(m) <= MARKS_OVERRIDE_MESH * iod)
        })
    });
    if let Some(lm) = mesh {
        let regions = default_regions_from_landmarks(&lm, first_id)
            .into_iter()
            .map(|r| transformed(r, &reference_from_preview))
            .collect();
        return Ok(PlacedRegions {
            regions,
            from: PlacedFrom::FaceMesh,
        });
    }
    if let Some(eyes) = reference.eyes {
        return Ok(from_marks(eyes));
    }
    let grey = image::DynamicImage::ImageRgb8(preview).into_luma8();
    let face = detect_face(&grey).ok_or_else(|| PlacementError::NoFace {
        name: reference.original_name.clone(),
    })?;
    let face = face.transformed(&reference_from_preview);
    Ok(PlacedRegions {
        regions: default_regions(&face_box_from_detection(&face), first_id),
        from: PlacedFrom::FaceBox,
    })
}

/// An elliptical region carried from the preview's pixels into the reference's (a scale,
/// the same both ways up to rounding).
fn transformed(mut region: Region, reference_from_preview: &Affine2) -> Region {
    if let Shape::Ellipse {
        centre,
        radii,
        angle,
    } = &mut region.shape
    {
        *centre = reference_from_preview.apply(*centre);
        let s = reference_from_preview.mean_scale();
        *radii = radii.map(|r| r * s);
        *angle += reference_from_preview.rotation();
    }
    region
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
    let placed = place_default_regions(paths, project)?;
    Ok(Some(Command::Batch(
        placed.regions.into_iter().map(Command::AddRegion).collect(),
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
