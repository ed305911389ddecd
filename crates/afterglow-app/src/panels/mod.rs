//! The side panels: the library of photos, the details of the focused photo (annotation,
//! alignment, missing originals) and the sessions tab.

pub mod alignment;
pub mod annotation;
pub mod details;
pub mod library;
pub mod locate;
pub mod sessions;
