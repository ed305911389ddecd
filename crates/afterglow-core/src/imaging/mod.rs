//! Small image utilities shared by import, alignment, metrics and reports: pure functions over
//! `image` types.

mod colour_profile;
mod encode;
mod orientation;
mod resize;
mod srgb;
mod warp;

pub use colour_profile::{ColourSpace, Transfer, to_srgb8};
pub use encode::{EncodeError, encode_jpeg, write_atomic_unique, write_export, write_jpeg_atomic};
pub use orientation::{apply_orientation, oriented_size};
pub use resize::{area_resize, block_average, fit_within};
pub use srgb::{linear_to_srgb, srgb_to_linear};
pub use warp::{GrayF32, sample_f32, sample_rgb, warp_f32, warp_rgb};
