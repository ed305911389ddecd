//! Alignment: every photo registered to the reference, automatically or by hand.
//!
//! The pipeline for a pair (`pair.rs`): both images are read once into luminance at a working
//! size (the reference within 1024 px, the photo at the same area; `luma.rs`, `pyramid.rs`) →
//! SeetaFace finds the reference's face (`face.rs`), which sets the ECC region → Fourier–Mellin
//! phase correlation on a crop around it proposes rotation, scale and shift (`coarse.rs`,
//! `fft.rs`) → inverse-compositional ECC with a similarity model and photometric terms refines
//! the best proposals coarse to fine (`ecc.rs`) → the detector confirms the face where the
//! result puts it, and the correlation and sanity checks give the verdict (`quality.rs`).
//!
//! When both photos show a face the face mesh can read (`crate::face`), alignment is driven by
//! it instead (`by_face.rs`): the eye corners give the similarity, ECC refines it on
//! stable skin only and is refused if it moves the eyes, and the meshes add pose, expression
//! and the eyes' miss to the verdict. The correlation pipeline above is the fallback.
//!
//! Around it: alignment from marked eyes (`landmarks.rs`), a whole project in parallel
//! (`project_run.rs`), and the cached aligned previews (`aligned_preview.rs`).

mod aligned_preview;
mod by_face;
mod coarse;
mod ecc;
mod face;
mod fft;
mod landmarks;
mod lighting;
mod luma;
mod pair;
mod project_run;
mod pyramid;
mod quality;

pub use aligned_preview::{
    ALIGNED_DIR, AlignedPreview, AlignedPreviewError, OUTSIDE, aligned_preview,
    aligned_preview_path, current_reference_from_photo, make_and_cache,
};
pub use by_face::{
    LIGHT_SIDE_CHANGE, MAX_EYE_ERROR, MAX_REFINE_EYE_SHIFT, MAX_ROLL_DEGREES, MAX_TURN_DEGREES,
    eye_error, find_landmarks_within, similarity_from_meshes,
};
pub use face::{DETECT_SIDE, FaceBox, detect_face, detect_face_luma};
pub use landmarks::{eye_alignment, from_eyes, from_landmarks};
pub use pair::{
    AlignError, Facing, MIRROR_MARGIN, PairAlignment, PreparedReference, WORK_SIDE, align_images,
};
pub use project_run::{
    Outcome, PhotoReport, ProjectAlignError, align_photos, align_project, flip_photo,
    new_alignments, update_command,
};
pub use quality::{Concern, MAX_SCALE_RATIO, MIN_OVERLAP, MIN_SCORE};
