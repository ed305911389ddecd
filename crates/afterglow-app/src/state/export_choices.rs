//! What the Export window remembers: the choices kept between runs ([`ExportSettings`]) and,
//! while it is open, the photo selection ([`ExportDialog`]). The window itself is
//! `export/dialog.rs`; what the choices make is `export/plan.rs`.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use afterglow_core::project::{PhotoId, Project};
use afterglow_core::report::{PageSize, Sections, TimelapseFormat};

use super::library_index::LibraryIndex;

/// The export choices remembered between runs (the photo selection is per project and is not;
/// nor is "keep original file names", which starts off every time, for privacy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    /// The folder of the last export, where the save dialog opens. Kept for this run only:
    /// the settings file holds no path but the recent projects' (issue 15.5).
    #[serde(skip)]
    pub folder: Option<PathBuf>,
    pub sections: Sections,
    pub page: PageSize,
    pub pdf: bool,
    pub sheet: bool,
    pub sheet_format: SheetFormat,
    pub timelapse: bool,
    /// MP4 (the default: small, plays everywhere) or GIF.
    pub timelapse_format: TimelapseFormat,
    /// Timelapse photos per second (0.2–30).
    pub fps: f32,
    /// Fade each photo of the timelapse into the next.
    pub crossfade: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            folder: None,
            sections: Sections::default(),
            page: PageSize::A4,
            pdf: true,
            sheet: false,
            sheet_format: SheetFormat::Png,
            timelapse: false,
            timelapse_format: TimelapseFormat::Mp4,
            fps: 1.5,
            crossfade: false,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SheetFormat {
    #[default]
    Png,
    Jpeg,
}

impl SheetFormat {
    pub fn extension(self) -> &'static str {
        match self {
            SheetFormat::Png => "png",
            SheetFormat::Jpeg => "jpg",
        }
    }
}

/// One line of the photo list: a session heading or a photo.
#[derive(Clone, Debug)]
pub enum Row {
    Heading(String),
    Photo {
        id: PhotoId,
        pos: usize,
        label: String,
        excluded: bool,
    },
}

/// The open Export window (runtime only; closed with the project).
#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub chosen: HashSet<PhotoId>,
    pub keep_names: bool,
    pub rows: Vec<Row>,
    pub default: Vec<PhotoId>,
    pub baseline: Option<PhotoId>,
}

impl ExportDialog {
    /// The window as it opens: the report's default selection ticked.
    pub fn new(project: &Project, index: &LibraryIndex) -> Self {
        let default = afterglow_core::report::default_selection(project);
        let mut rows = Vec::new();
        for group in &index.groups {
            rows.push(Row::Heading(group.title.clone()));
            for e in &group.entries {
                rows.push(Row::Photo {
                    id: e.id.clone(),
                    pos: e.pos,
                    label: e.label.clone(),
                    excluded: e.excluded,
                });
            }
        }
        Self {
            chosen: default.iter().cloned().collect(),
            keep_names: false,
            rows,
            default,
            baseline: project.reference_photo().map(|p| p.id.clone()),
        }
    }

    /// The chosen photos in date order.
    pub fn chosen_in_order(&self) -> Vec<PhotoId> {
        self.rows
            .iter()
            .filter_map(|r| match r {
                Row::Photo { id, .. } if self.chosen.contains(id) => Some(id.clone()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_without_export_choices_get_the_private_defaults() {
        let s: ExportSettings = serde_json::from_str(r#"{"fps": 4.0}"#).unwrap_or_default();
        assert!(s.pdf && !s.sheet && !s.timelapse);
        assert_eq!(s.fps, 4.0);
        assert_eq!(s.timelapse_format, TimelapseFormat::Mp4);
        assert!(!s.crossfade);
        assert_eq!(s.sections, Sections::default());
    }
}
