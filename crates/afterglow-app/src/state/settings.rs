//! What the app remembers between runs (through eframe's storage): recent projects and the last
//! view settings. Window size and position are persisted by eframe itself.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The storage key of [`Settings`].
pub const SETTINGS_KEY: &str = "afterglow-settings";

/// How many recent projects the start screen lists.
const MAX_RECENT: usize = 8;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub view: ViewSettings,
    /// The name proposed for a new project on the start screen.
    pub new_project_name: String,
    /// The Measurements tab's choices.
    pub analysis: crate::state::analysis::AnalysisSettings,
    /// The last export's folder and choices.
    pub export: super::export_choices::ExportSettings,
    /// Open the most recent project when the app starts without one named.
    pub reopen_last: bool,
    /// Where each recent project's compare view was left (photo ids are content hashes: no
    /// photo, name or path beyond the project's own, which `recent` holds anyway).
    pub project_views: Vec<ProjectView>,
}

/// Where a project's compare view was left: the photo in each pane, the pane the next photo
/// goes to, and the zoom; brought back when the project is opened again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectView {
    /// The project's folder, as `recent` holds it.
    pub root: PathBuf,
    pub panes: [Option<afterglow_core::project::PhotoId>; 4],
    pub active: usize,
    /// Screen points per frame pixel, and the frame point at the panes' centre.
    pub zoom: f32,
    pub centre: [f32; 2],
    /// The photos were fitted to the panes (then zoom and centre follow the window).
    pub fit: bool,
}

impl Default for ProjectView {
    fn default() -> Self {
        Self {
            root: PathBuf::new(),
            panes: Default::default(),
            active: 1,
            zoom: 1.0,
            centre: [0.0, 0.0],
            fit: true,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            view: ViewSettings::default(),
            new_project_name: "My skin".to_owned(),
            analysis: Default::default(),
            export: super::export_choices::ExportSettings::default(),
            reopen_last: false,
            project_views: Vec::new(),
        }
    }
}

impl Settings {
    /// Puts `root` at the top of the recent list.
    pub fn remember(&mut self, root: &Path) {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
        self.recent.retain(|p| p != &root);
        self.recent.insert(0, root);
        self.recent.truncate(MAX_RECENT);
    }

    pub fn forget(&mut self, root: &Path) {
        self.recent.retain(|p| p != root);
        self.project_views.retain(|v| v.root != root);
    }

    /// Keeps `view` as where its project was left; views of projects no longer recent go.
    pub fn remember_view(&mut self, mut view: ProjectView) {
        view.root = view.root.canonicalize().unwrap_or(view.root);
        self.project_views.retain(|v| v.root != view.root);
        self.project_views.push(view);
        let recent = &self.recent;
        self.project_views.retain(|v| recent.contains(&v.root));
    }

    /// Where the project at `root` was left, if it is remembered.
    pub fn view_of(&self, root: &Path) -> Option<&ProjectView> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
        self.project_views.iter().find(|v| v.root == root)
    }
}

/// How the compare view shows the chosen photos.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompareMode {
    /// 2 to 4 panes next to each other.
    #[default]
    SideBySide,
    /// Photo 1 on the left of a draggable divider, photo 2 on the right.
    Wipe,
    /// Photo 2 over photo 1, see-through.
    Onion,
    /// Where redness went up or down between photo 1 and photo 2.
    RednessChange,
}

impl CompareMode {
    pub const ALL: [CompareMode; 4] = [
        CompareMode::SideBySide,
        CompareMode::Wipe,
        CompareMode::Onion,
        CompareMode::RednessChange,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CompareMode::SideBySide => "Side by side",
            CompareMode::Wipe => "Wipe",
            CompareMode::Onion => "Onion skin",
            CompareMode::RednessChange => "Redness change",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            CompareMode::SideBySide => "The photos next to each other, zoomed and moved together",
            CompareMode::Wipe => "Photo 1 and photo 2 in one view; drag the divider (Space)",
            CompareMode::Onion => "Photo 2 laid over photo 1, see-through",
            CompareMode::RednessChange => {
                "A map of where photo 2 is redder (red) or less red (blue) than photo 1"
            }
        }
    }
}

/// The redness-change map's scales to choose from (Δa* at full colour).
pub const HEAT_RANGES: [f32; 3] = [5.0, 10.0, 20.0];
/// The scale a new map uses: a fresh flush reads about +10 a*.
pub const DEFAULT_HEAT_RANGE: f32 = 10.0;

/// The compare view's settings that carry over to the next run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    pub mode: CompareMode,
    /// Panes in side-by-side mode (2–4).
    pub pane_count: usize,
    pub grid: bool,
    /// Opacity of photo 2 in the onion skin, 0–1.
    pub onion_opacity: f32,
    /// Opacity of the redness-change map, 0–1.
    pub heat_opacity: f32,
    /// The Δa* the redness-change map shows at full colour: one fixed scale for every pair,
    /// so two maps compare by eye (one of `HEAT_RANGES`).
    pub heat_range: f32,
    /// Where the wipe divider sits, 0 (left edge) to 1 (right edge).
    pub wipe: f32,
    /// Outline the measurement regions (and each photo's neutral patch) over the photos.
    pub show_regions: bool,
    /// The library on the left is shown (F7 hides and shows it).
    pub show_library: bool,
    /// The details on the right are shown (F8 hides and shows them).
    pub show_details: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        Self {
            mode: CompareMode::SideBySide,
            pane_count: 2,
            grid: false,
            onion_opacity: 0.5,
            heat_opacity: 0.7,
            heat_range: DEFAULT_HEAT_RANGE,
            wipe: 0.5,
            show_regions: false,
            show_library: true,
            show_details: true,
        }
    }
}

impl ViewSettings {
    /// Keeps values from an edited or older settings file in range.
    pub fn sanitised(mut self) -> Self {
        self.pane_count = self.pane_count.clamp(2, 4);
        self.onion_opacity = clamp01(self.onion_opacity, 0.5);
        self.heat_opacity = clamp01(self.heat_opacity, 0.7);
        if !HEAT_RANGES.contains(&self.heat_range) {
            self.heat_range = DEFAULT_HEAT_RANGE;
        }
        self.wipe = clamp01(self.wipe, 0.5);
        self
    }
}

fn clamp01(v: f32, fallback: f32) -> f32 {
    if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_list_is_most_recent_first_without_duplicates() {
        let mut s = Settings::default();
        for p in ["/nonexistent/a", "/nonexistent/b", "/nonexistent/a"] {
            s.remember(Path::new(p));
        }
        assert_eq!(
            s.recent,
            [
                PathBuf::from("/nonexistent/a"),
                PathBuf::from("/nonexistent/b")
            ]
        );
    }

    #[test]
    fn settings_from_an_older_file_fill_in_defaults() {
        let s: Settings = serde_json::from_str(r#"{"recent": ["/x"]}"#).unwrap();
        assert_eq!(s.view, ViewSettings::default());
        let v = ViewSettings {
            pane_count: 9,
            wipe: f32::NAN,
            ..ViewSettings::default()
        }
        .sanitised();
        assert_eq!((v.pane_count, v.wipe), (4, 0.5));
    }
}
