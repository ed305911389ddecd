//! Face landmarks in-process: MediaPipe's short-range face detector and its 468-point face mesh,
//! converted to ONNX (`assets/face-mesh/`, Apache-2.0, with the recipe) and run by `tract`.
//!
//! The pipeline for one image (`find_landmarks`): the detector looks at the image letterboxed
//! into 128×128 (`detector.rs`), turned by 0°, then ±35° and ±70° until a face is found, so a
//! head rolled up to ±45° (and further) is still found; the largest, most central face is used
//! and the others are counted. The face mesh then reads a 192×192 crop turned so the eyes are
//! level (`mesh.rs`), and reads it a second time from the crop its own points give, which is
//! how MediaPipe tracks a face from frame to frame and steadies the points on a still image.
//! Points come back in the image's pixels (pixel centres at integer coordinates, as in
//! `imaging::warp`). `points.rs` names the mesh indices the rest of the code uses.

mod crop;
mod detector;
mod expression;
pub mod features;
mod mesh;
mod model;
mod points;
mod pose;

pub use detector::{FaceDetection, detect_faces, detect_small_faces};
pub use expression::{Expression, ExpressionConcern, expression, expression_concerns};
pub use mesh::{FaceLandmarks, LANDMARK_COUNT, find_landmarks, landmarks_in_box};
pub use points::{EYE_CORNERS, MeshPoint, STABLE_POINTS};
pub use pose::{HeadPose, facing_yaw, relative_pose};

use thiserror::Error;

/// Why no landmarks could be read from an image.
#[derive(Debug, Error)]
pub enum FaceError {
    /// The detector found no face at any of the tried turns.
    #[error("no face found")]
    NoFace,
    /// A face was detected but the mesh model did not confirm it (presence below 0.5).
    #[error("a face-like area was found, but the landmark model does not see a face in it")]
    NotConfirmed,
    /// The image is too small to read a face from (either side under 32 px).
    #[error("the image is too small ({width}×{height}) to find a face in")]
    TooSmall {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The embedded model failed to load or run (a bug or a damaged build, not bad input).
    #[error("face model: {0}")]
    Model(String),
}
