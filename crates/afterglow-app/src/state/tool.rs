//! The tool that decides what clicks and drags in the compare view do, with the state of the
//! "Edit regions" tool (its drawing and commands are `compare/region_editing.rs`).

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{PhotoId, Project, Region, RegionId, Shape};

use super::region_geometry::Grip;

/// A tool that changes how clicks and drags in the compare view behave.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Tool {
    #[default]
    None,
    /// Click both eye centres of `photo` (left on screen first or not: they are sorted).
    MarkEyes {
        photo: PhotoId,
        first: Option<Point>,
    },
    /// Move, turn and scale `photo` over the reference, with the onion skin on. `drag` is the
    /// change of the drag in progress (in reference coordinates), committed on release.
    Nudge {
        photo: PhotoId,
        drag: Option<Affine2>,
    },
    /// Move, resize and turn the measurement regions (reference coordinates) over the photo
    /// in the active pane; add, rename and remove them.
    EditRegions(RegionEditor),
    /// Drag a rectangle over a grey card or white paper in `photo`. `drag` is the rectangle
    /// being dragged, both corners in photo coordinates.
    MarkPatch {
        photo: PhotoId,
        drag: Option<[Point; 2]>,
    },
}

/// The state of the "Edit regions" tool.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionEditor {
    /// The region whose handles are shown.
    pub selected: Option<RegionId>,
    /// The drag in progress, applied as one command on release.
    pub drag: Option<RegionDrag>,
    /// The name typed for a new region.
    pub new_name: String,
    /// The region being renamed and the name typed so far.
    pub rename: Option<(RegionId, String)>,
    /// Give the rename field the keyboard on its first frame.
    pub focus_rename: bool,
}

/// A drag of a region's body or handle.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionDrag {
    pub region: RegionId,
    pub grip: Grip,
    /// Where the drag started, in reference coordinates.
    pub from: Point,
    /// The shape as it will be if the drag ends now.
    pub preview: Shape,
}

impl RegionEditor {
    /// The regions to draw: the project's, with the one being dragged in its new shape.
    pub fn shown(&self, project: &Project) -> Vec<Region> {
        project
            .regions
            .iter()
            .map(|r| match &self.drag {
                Some(d) if d.region == r.id => Region {
                    shape: d.preview.clone(),
                    ..r.clone()
                },
                _ => r.clone(),
            })
            .collect()
    }
}
