//! What the app knows about photos whose original file is missing (runtime only); the checks
//! and the "Locate…" notice are `panels/locate.rs`.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use afterglow_core::project::PhotoId;

/// How often the originals' existence is checked while the app is drawing.
pub const RECHECK_EVERY: Duration = Duration::from_secs(4);

/// What the app knows about missing originals (runtime only).
#[derive(Debug, Default)]
pub struct MissingState {
    pub photos: HashSet<PhotoId>,
    pub checked_at: Option<Instant>,
    pub job: Option<u64>,
    /// The Locate job running, if any.
    pub locating: Option<u64>,
    /// Whether the window had the focus last frame (a check runs when it comes back).
    pub focused: bool,
}

impl MissingState {
    pub fn contains(&self, id: &PhotoId) -> bool {
        self.photos.contains(id)
    }

    /// Whether a check should start now.
    pub fn due(&mut self, now: Instant, focused: bool) -> bool {
        let regained = focused && !self.focused;
        self.focused = focused;
        self.job.is_none()
            && (regained
                || self
                    .checked_at
                    .is_none_or(|t| now.duration_since(t) >= RECHECK_EVERY))
    }
}
