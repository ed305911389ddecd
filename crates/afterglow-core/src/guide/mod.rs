//! The treatment guide at work: where each photo falls on it (its placement, the next session
//! due, the captures still to take) and the timeline. The guide's data type lives with the
//! project (`project::guide`), below this.

mod schedule;
mod timeline;

pub use schedule::{
    CaptureStatus, Placement, capture_status, format_date, next_session_due, placed_at, placement,
    placement_at, placement_on_day, taken_within,
};
pub use timeline::{MilestoneWindow, PhotoMark, SessionMark, Timeline, days_between, timeline};

pub use crate::project::guide::{
    Anchor, CaptureSlot, Guide, GuideError, MICRONEEDLING_TOML, Milestone,
};
