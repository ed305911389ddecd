//! State of the analysis tabs (Timeline, Measurements, Guide): what the app remembers between
//! runs (chart choices) and what one open project holds while it runs (the measurements, the
//! timeline's zoom, the guide being edited).

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use afterglow_core::guide::{Guide, Timeline, timeline};
use afterglow_core::metrics::{self, ChartData, MetricRow, ProjectMeasurements};
use afterglow_core::project::Project;

/// Which redness figure the chart shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RednessMeasure {
    /// Mean CIELAB a*.
    #[default]
    AStar,
    /// Erythema index, 100·log10(R/G).
    ErythemaIndex,
}

impl RednessMeasure {
    pub fn label(self) -> &'static str {
        match self {
            RednessMeasure::AStar => "a*",
            RednessMeasure::ErythemaIndex => "EI",
        }
    }
}

/// The Measurements tab's choices that carry over to the next run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisSettings {
    pub redness: RednessMeasure,
    /// Plot the change from the baseline instead of the values.
    pub change_from_baseline: bool,
    /// The milestone whose windows are shaded on the charts; `None`: every milestone, faint.
    pub shaded_milestone: Option<String>,
}

/// Everything a measurement run produced, with what the views draw prepared once.
#[derive(Clone, Debug)]
pub struct Measured {
    /// The project content the run measured (see [`measure_key`]).
    pub key: u64,
    pub measurements: ProjectMeasurements,
    pub charts: ChartData,
    pub rows: Vec<MetricRow>,
}

impl Measured {
    pub fn new(key: u64, project: &Project, measurements: ProjectMeasurements) -> Self {
        let charts = metrics::chart_data(project, &measurements);
        let rows = metrics::metric_rows(&measurements, &charts.series);
        Self {
            key,
            measurements,
            charts,
            rows,
        }
    }
}

/// A hash of everything in the project a measurement depends on (photos and their
/// alignments, patches and scores, regions, sessions, the guide): a measurement of an
/// older key is out of date.
pub fn measure_key(project: &Project) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    // The project's JSON is its whole content; `name` and `created` do not matter but are cheap.
    match serde_json::to_vec(project) {
        Ok(bytes) => bytes.hash(&mut h),
        Err(_) => project.photos.len().hash(&mut h),
    }
    h.finish()
}

/// The measurements of the open project, the job computing them, or why there are none.
#[derive(Debug, Default)]
pub struct MeasureState {
    /// The revision `key` was computed at.
    key_revision: Option<u64>,
    key: u64,
    /// The running job and the key it measures.
    pub job: Option<(u64, u64)>,
    pub result: Option<Measured>,
    /// The last run's error and the key it was for (so a failing run is not repeated).
    pub error: Option<(u64, String)>,
}

impl MeasureState {
    /// The key of the project as it is at `revision` (computed once per revision).
    pub fn key(&mut self, project: &Project, revision: u64) -> u64 {
        if self.key_revision != Some(revision) {
            self.key = measure_key(project);
            self.key_revision = Some(revision);
        }
        self.key
    }

    /// Whether the project at `key` still needs measuring (not measured, not failed, not
    /// being measured).
    pub fn wants_run(&self, key: u64) -> bool {
        self.job.is_none()
            && self.result.as_ref().is_none_or(|r| r.key != key)
            && self.error.as_ref().is_none_or(|(k, _)| *k != key)
    }

    pub fn started(&mut self, job: u64, key: u64) {
        self.job = Some((job, key));
    }

    pub fn finished(&mut self, job: u64, measured: Measured) {
        if self.job.is_some_and(|(j, _)| j == job) {
            self.job = None;
        }
        self.error = None;
        self.result = Some(measured);
    }

    /// The run `job` failed with `error` (it is not repeated for the same key).
    pub fn failed(&mut self, job: u64, error: String) {
        let Some((j, key)) = self.job else {
            return;
        };
        if j != job {
            return;
        }
        self.job = None;
        self.error = Some((key, error));
    }

    /// The run `job` was cancelled. It is not started again by itself: the Measure button
    /// does that.
    pub fn cancelled(&mut self, job: u64) {
        self.failed(job, "Measuring was cancelled.".to_owned());
    }
}

/// The timeline of the open project (rebuilt when the project changes) and its zoom.
#[derive(Debug, Default)]
pub struct TimelineState {
    cached: Option<(u64, Timeline)>,
    /// The days shown, left to right; `None` fits the whole timeline.
    pub view: Option<(f64, f64)>,
}

impl TimelineState {
    pub fn timeline(&mut self, project: &Project, revision: u64) -> &Timeline {
        if self.cached.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.cached = None;
        }
        &self
            .cached
            .get_or_insert_with(|| (revision, timeline(project)))
            .1
    }
}

/// The guide as the user is editing it, until saved (one undoable change) or discarded.
#[derive(Debug, Default)]
pub struct GuideDraft {
    /// `None` while it equals the project's guide.
    pub guide: Option<Guide>,
    /// Milestone ids whose windows are entered in days (else hours).
    pub in_days: std::collections::HashMap<String, bool>,
    /// The milestone whose details are open.
    pub open: Option<String>,
}

/// The runtime state of the analysis tabs for one open project.
#[derive(Debug, Default)]
pub struct AnalysisState {
    pub timeline: TimelineState,
    pub measure: MeasureState,
    pub guide: GuideDraft,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn the_key_follows_the_content_not_the_revision() {
        let mut p = Project::new("t", Utc::now());
        let mut s = MeasureState::default();
        let k0 = s.key(&p, 0);
        assert_eq!(s.key(&p, 1), k0, "same content, same key");
        p.guide.session_interval_days = 30;
        assert_ne!(s.key(&p, 2), k0);
        assert!(s.wants_run(k0));
        s.started(7, k0);
        assert!(!s.wants_run(k0), "not while a run is going");
        s.failed(7, "no regions".into());
        assert!(!s.wants_run(k0), "a failed key is not run again");
        assert!(s.wants_run(k0 ^ 1), "a changed project is");
        s.started(8, k0);
        s.cancelled(8);
        assert!(
            s.job.is_none() && !s.wants_run(k0),
            "a cancelled run waits for the user"
        );
    }
}
