//! The Export window and the job that writes what it chose.

pub mod dialog;
pub mod job;
pub mod plan;
