//! The side panels: the library of photos, the details of the focused photo (annotation,
//! alignment, missing originals) and the sessions tab.

pub mod align_job;
pub mod alignment;
pub mod annotation;
pub mod details;
pub mod import;
pub mod library;
pub mod locate;
pub mod reference_switch;
pub mod sessions;
pub mod sync_conflicts;
pub mod unsaved_drafts;
