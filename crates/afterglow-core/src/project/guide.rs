//! The treatment guide as data: the course's rhythm, its milestones after each session and the
//! photos to take. The default guide (microneedling) is a TOML file compiled into the binary
//! and copied into every new project, so the user's edits live with the project. Where a photo
//! falls on the guide, and the timeline, are `crate::guide`, above the project.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The embedded default guide, as TOML.
pub const MICRONEEDLING_TOML: &str = include_str!("microneedling.toml");

/// A treatment guide: the course's rhythm, its milestones after each session and the photos
/// to take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    /// The guide's name as shown in the app and the report ("Microneedling").
    pub name: String,
    /// The treatment it describes, in words; may be empty.
    #[serde(default)]
    pub treatment: String,
    /// Days planned between sessions; the next session is due this long after the last.
    pub session_interval_days: u32,
    /// The planned number of sessions in the course (3–6).
    pub planned_sessions: u32,
    /// Hours after a session by which redness is expected to have settled (default 72).
    #[serde(default = "default_settle")]
    pub redness_settles_hours: f64,
    /// The windows after each session (day 0 redness, the no-actives window, …), in order.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// The photos the guide asks for after each session.
    #[serde(default)]
    pub capture_plan: Vec<CaptureSlot>,
}

fn default_settle() -> f64 {
    72.0
}

/// What a window's hours count from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The session the photo follows.
    #[default]
    Session,
    /// The next session: the real one when entered, else the planned due date.
    NextSession,
}

/// One window of time after a session with its advice, e.g. "no actives for 48 h".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// A stable key (lower case, '-' between words); placements name milestones by it.
    pub id: String,
    /// How the guide words the window, e.g. "0 – 48 h".
    pub window: String,
    /// The milestone's heading, e.g. "Avoid actives".
    pub title: String,
    /// What the window's hours count from.
    #[serde(default)]
    pub anchor: Anchor,
    /// Start of the window, hours after the anchor.
    pub start_hours: f64,
    /// End of the window, hours after the anchor (not before `start_hours`).
    pub end_hours: f64,
    /// A few words for captions: "no retinol, AHA/BHA or vitamin C until 48 h".
    pub short: String,
    /// The full advice, as the app's guide panel shows it.
    pub text: String,
}

/// One photo of the capture plan: a window of hours, or a calendar day after the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaptureSlot {
    /// The slot's name, e.g. "Day 7 results".
    pub label: String,
    /// What the slot's hours count from.
    #[serde(default)]
    pub anchor: Anchor,
    /// Start of the slot's window, hours after the anchor.
    #[serde(default)]
    pub start_hours: Option<f64>,
    /// End of the slot's window, hours after the anchor.
    #[serde(default)]
    pub end_hours: Option<f64>,
    /// A calendar day after the session (local time), instead of hours.
    #[serde(default)]
    pub day: Option<i64>,
}

/// Why a guide was refused; each names the value that broke the rule.
#[derive(Debug, Error)]
pub enum GuideError {
    /// The text is not valid TOML or lacks a required field.
    #[error("the guide is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// The planned number of sessions is outside 1–12.
    #[error("the guide plans {0} sessions; a course has 1 to 12")]
    PlannedSessions(u32),
    /// The interval between sessions is outside 1–365 days.
    #[error("the guide's interval between sessions is {0} days; it must be 1 to 365")]
    Interval(u32),
    /// A milestone (by title) ends before it starts, or a bound is not a number.
    #[error("milestone \"{0}\" ends before it starts")]
    Window(String),
    /// A milestone (by title) has an empty id.
    #[error("milestone \"{0}\" has no id")]
    EmptyId(String),
    /// Two milestones share this id.
    #[error("two milestones share the id \"{0}\"")]
    DuplicateId(String),
    /// The settling time is outside 0–720 hours.
    #[error("redness settling after {0} hours is outside 0 to 720 hours")]
    SettleHours(f64),
    /// A capture slot (by label) ends before it starts.
    #[error("capture slot \"{0}\" ends before it starts")]
    CaptureWindow(String),
}

impl Guide {
    /// Parses and checks a guide written as TOML.
    pub fn from_toml(text: &str) -> Result<Self, GuideError> {
        let guide: Guide = toml::from_str(text)?;
        guide.validate()?;
        Ok(guide)
    }

    /// The guide as TOML, in the form `from_toml` reads (empty if it cannot be written).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the rules `from_toml` enforces; the first broken one is the error.
    pub fn validate(&self) -> Result<(), GuideError> {
        if !(1..=12).contains(&self.planned_sessions) {
            return Err(GuideError::PlannedSessions(self.planned_sessions));
        }
        if !(1..=365).contains(&self.session_interval_days) {
            return Err(GuideError::Interval(self.session_interval_days));
        }
        if !(0.0..=720.0).contains(&self.redness_settles_hours) {
            return Err(GuideError::SettleHours(self.redness_settles_hours));
        }
        for (i, m) in self.milestones.iter().enumerate() {
            if m.end_hours.is_nan() || m.start_hours.is_nan() || m.end_hours < m.start_hours {
                return Err(GuideError::Window(m.title.clone()));
            }
            if m.id.trim().is_empty() {
                return Err(GuideError::EmptyId(m.title.clone()));
            }
            // Placements name milestones by id, so an id must say which one.
            if self.milestones[..i].iter().any(|o| o.id == m.id) {
                return Err(GuideError::DuplicateId(m.id.clone()));
            }
        }
        for slot in &self.capture_plan {
            if let (Some(a), Some(b)) = (slot.start_hours, slot.end_hours)
                && (a.is_nan() || b.is_nan() || b < a)
            {
                return Err(GuideError::CaptureWindow(slot.label.clone()));
            }
        }
        Ok(())
    }

    /// The milestone with this id, if the guide has one.
    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id == id)
    }

    /// An id for a new milestone titled `title`: its words in lower case joined by '-',
    /// with a number added when the guide already has it ("sun-2").
    pub fn new_milestone_id(&self, title: &str) -> String {
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let base = if words.is_empty() {
            "milestone".to_owned()
        } else {
            words.join("-")
        };
        if self.milestone(&base).is_none() {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| self.milestone(id).is_none())
            .unwrap_or(base)
    }
}

impl Default for Guide {
    /// The embedded microneedling guide.
    fn default() -> Self {
        match Guide::from_toml(MICRONEEDLING_TOML) {
            Ok(g) => g,
            // The embedded file is checked by a test; this arm is unreachable in a release.
            Err(e) => panic!("embedded guide is invalid: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_guide_parses_with_every_milestone_of_the_design() {
        let g = Guide::from_toml(MICRONEEDLING_TOML).unwrap();
        assert_eq!(g.session_interval_days, 28);
        assert_eq!(g.milestones.len(), 7);
        assert_eq!(g.milestone("no-actives").unwrap().end_hours, 48.0);
        assert_eq!(g.milestone("sun").unwrap().end_hours, 7.0 * 24.0);
        assert_eq!(g.capture_plan.len(), 6);
    }

    #[test]
    fn guide_round_trips_through_toml() {
        let g = Guide::default();
        assert_eq!(Guide::from_toml(&g.to_toml()).unwrap(), g);
    }

    #[test]
    fn invalid_guides_are_refused() {
        let bad = MICRONEEDLING_TOML.replace("planned_sessions = 3", "planned_sessions = 0");
        assert!(matches!(
            Guide::from_toml(&bad),
            Err(GuideError::PlannedSessions(0))
        ));
        assert!(Guide::from_toml("name = ").is_err());
        let twice = MICRONEEDLING_TOML.replace("id = \"sun\"", "id = \"redness\"");
        assert!(matches!(
            Guide::from_toml(&twice),
            Err(GuideError::DuplicateId(id)) if id == "redness"
        ));
        let g = Guide {
            redness_settles_hours: -1.0,
            ..Guide::default()
        };
        assert!(matches!(g.validate(), Err(GuideError::SettleHours(_))));
    }

    #[test]
    fn new_milestone_ids_are_unique_slugs() {
        let g = Guide::default();
        assert_eq!(g.new_milestone_id("Peel ends!"), "peel-ends");
        assert_eq!(g.new_milestone_id("Sun"), "sun-2");
        assert_eq!(g.new_milestone_id("  "), "milestone");
    }
}
