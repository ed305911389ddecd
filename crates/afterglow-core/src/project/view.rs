//! The view a photo was taken from: front, or either side at about 45°.
//!
//! Clinical photos are taken front, left 45° and right 45°, and microneedling on the cheeks
//! shows best at 45°. Each view is its own series: its own reference, alignment, regions and
//! comparisons, because skin seen at 45° cannot be laid over skin seen from the front.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// From which side a photo shows the face.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Facing the camera.
    #[default]
    Front,
    /// The person's left cheek towards the camera (the head turned to the person's right).
    #[serde(rename = "left_45")]
    Left45,
    /// The person's right cheek towards the camera (the head turned to the person's left).
    #[serde(rename = "right_45")]
    Right45,
}

/// A head turned further than this (degrees) from the camera is a side view. Halfway would be
/// 22.5°, but a front selfie turned 25° is a poor front photo, not a side view: it stays in
/// the front series, where the turn is named as a concern.
pub const SIDE_VIEW_YAW: f64 = 30.0;

impl View {
    /// Every view, front first.
    pub const ALL: [View; 3] = [View::Front, View::Left45, View::Right45];

    /// The view of a face turned `yaw` degrees (positive to the person's left, see
    /// `face::facing_yaw`).
    pub fn from_yaw(yaw: f64) -> View {
        if yaw >= SIDE_VIEW_YAW {
            View::Right45
        } else if yaw <= -SIDE_VIEW_YAW {
            View::Left45
        } else {
            View::Front
        }
    }

    /// The view in words, as the app and reports show it.
    pub fn label(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Left45 => "left 45°",
            View::Right45 => "right 45°",
        }
    }

    /// The name typed on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Left45 => "left-45",
            View::Right45 => "right-45",
        }
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A view name that is none of `front`, `left-45`, `right-45`.
#[derive(Debug, thiserror::Error)]
#[error("unknown view {0:?}: use front, left-45 or right-45")]
pub struct UnknownView(String);

impl FromStr for View {
    type Err = UnknownView;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace(['_', ' ', '°'], "-");
        match t.trim_end_matches('-') {
            "front" | "frontal" => Ok(View::Front),
            "left-45" | "left45" | "left" => Ok(View::Left45),
            "right-45" | "right45" | "right" => Ok(View::Right45),
            _ => Err(UnknownView(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaw_picks_the_view_past_the_side_threshold() {
        assert_eq!(View::from_yaw(0.0), View::Front);
        assert_eq!(View::from_yaw(25.0), View::Front);
        assert_eq!(View::from_yaw(-29.9), View::Front);
        assert_eq!(View::from_yaw(45.0), View::Right45);
        assert_eq!(View::from_yaw(-45.0), View::Left45);
        assert_eq!(View::from_yaw(-SIDE_VIEW_YAW), View::Left45);
    }

    #[test]
    fn names_read_back() {
        for v in View::ALL {
            assert_eq!(v.cli_name().parse::<View>().unwrap(), v);
            assert_eq!(v.label().parse::<View>().unwrap(), v);
        }
        assert!("sideways".parse::<View>().is_err());
        let json = serde_json::to_string(&View::Left45).unwrap();
        assert_eq!(json, "\"left_45\"");
        assert_eq!(serde_json::from_str::<View>(&json).unwrap(), View::Left45);
    }
}
