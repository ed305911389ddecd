//! Everything the charts and the timeline view draw, in one call: the guide's timeline
//! (session lines, milestone windows, photo markers), one series per region on the same axis
//! of days, and the remarks.

use serde::Serialize;

use super::project_measurements::ProjectMeasurements;
use super::remarks::{Remark, remarks};
use super::series::{RegionSeries, region_series};
use crate::guide::{Timeline, timeline};
use crate::project::Project;

/// Everything the charts draw: the timeline, one series per region, and the remarks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChartData {
    /// Sessions, milestone windows and photos on the day axis.
    pub timeline: Timeline,
    /// Days in `series` count from `timeline.origin`.
    pub series: Vec<RegionSeries>,
    /// What the values suggest, in words (information, not diagnosis).
    pub remarks: Vec<Remark>,
}

/// The charts' data for `project` measured as `measurements`. Cheap: no pixels are read.
pub fn chart_data(project: &Project, measurements: &ProjectMeasurements) -> ChartData {
    let timeline = timeline(project);
    let series = region_series(measurements, timeline.origin);
    let remarks = remarks(&project.guide, measurements, &series);
    ChartData {
        timeline,
        series,
        remarks,
    }
}
