//! Progress of long work (import, alignment, measurement) in items, for a bar.

/// How far a long run has come: `done` of `total` items (files, photos).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Items finished so far.
    pub done: usize,
    /// Items in the whole run.
    pub total: usize,
}
