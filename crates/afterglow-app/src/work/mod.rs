//! Work off the UI thread: the job runner, its context and typed errors, and
//! the texture cache that loads previews in the background.

pub mod job_context;
pub mod job_error;
pub mod jobs;
pub mod textures;
