//! Alignment: every photo registered to the reference.
//!
//! The pipeline for a pair (see `pair.rs`): both images are read once into luminance at a
//! working size (≤ 1024 px) → SeetaFace finds the face (`face.rs`) → a log-luminance pyramid,
//! band-passed at every level (`pyramid.rs`) → Fourier–Mellin phase correlation on a crop
//! around the face proposes rotation, scale and shift (`coarse.rs`) → inverse-compositional
//! ECC with a similarity model, masked to the face, refines the best proposals coarse to fine
//! (`ecc.rs`) → the final correlation and sanity checks give the quality (`quality.rs`).

mod coarse;
mod ecc;
mod face;
mod fft;
mod luma;
mod pair;
mod pyramid;
mod quality;

pub use face::{DETECT_SIDE, FaceBox, detect_face, detect_face_luma};
pub use pair::{AlignError, PairAlignment, PreparedReference, WORK_SIDE, align_images};
pub use quality::{Concern, MAX_SCALE_RATIO, MIN_OVERLAP, MIN_SCORE};
