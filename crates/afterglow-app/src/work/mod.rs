//! Work off the UI thread: the job runner, the calls into the core the workers make, and
//! the texture cache that loads previews in the background.

pub mod core_calls;
pub mod job_context;
pub mod jobs;
pub mod textures;
