//! What an export makes and where: the kinds asked for, the file names beside the one the
//! user chose, and the plan handed to the export job.

use std::path::{Path, PathBuf};

use afterglow_core::project::{PhotoId, Project};
use afterglow_core::report::{PageSize, Sections, TimelapseFormat};

use crate::state::export_choices::{ExportDialog, ExportSettings};

/// One file an export makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    Pdf,
    Sheet,
    Timelapse,
}

impl OutputKind {
    pub fn describe(self) -> &'static str {
        match self {
            OutputKind::Pdf => "the PDF report",
            OutputKind::Sheet => "the comparison sheet",
            OutputKind::Timelapse => "the timelapse",
        }
    }
}

/// Everything an export job needs besides the project.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportPlan {
    /// In date order; the report always adds the baseline.
    pub photos: Vec<PhotoId>,
    pub sections: Sections,
    pub page: PageSize,
    pub keep_names: bool,
    pub fps: f32,
    pub timelapse_format: TimelapseFormat,
    pub crossfade: bool,
    /// What to write where.
    pub outputs: Vec<(OutputKind, PathBuf)>,
}

/// The kinds asked for, in the order they are made.
pub fn kinds(s: &ExportSettings) -> Vec<OutputKind> {
    let mut k = Vec::new();
    if s.pdf {
        k.push(OutputKind::Pdf);
    }
    if s.sheet {
        k.push(OutputKind::Sheet);
    }
    if s.timelapse {
        k.push(OutputKind::Timelapse);
    }
    k
}

fn extension(kind: OutputKind, s: &ExportSettings) -> &'static str {
    match kind {
        OutputKind::Pdf => "pdf",
        OutputKind::Sheet => s.sheet_format.extension(),
        OutputKind::Timelapse => s.timelapse_format.extension(),
    }
}

/// The name the save dialog proposes: "Skin 2026 report.pdf" (or .png / .mp4 / .gif when the
/// PDF is not made).
pub fn suggested_name(project: &Project, s: &ExportSettings) -> String {
    let base: String = project
        .name
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    let kind = kinds(s).first().copied().unwrap_or(OutputKind::Pdf);
    let what = match kind {
        OutputKind::Pdf => "report",
        OutputKind::Sheet => "comparison",
        OutputKind::Timelapse => "timelapse",
    };
    format!("{} {what}.{}", base.trim(), extension(kind, s))
}

/// Where each file goes, from the path the user chose: the first kind there (its extension
/// put right), the others beside it — "report.pdf", "report - sheet.png",
/// "report - timelapse.mp4".
pub fn output_paths(chosen: &Path, s: &ExportSettings) -> Vec<(OutputKind, PathBuf)> {
    let dir = chosen.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = chosen
        .file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
    kinds(s)
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let ext = extension(kind, s);
            let name = match (i, kind) {
                (0, _) => format!("{stem}.{ext}"),
                (_, OutputKind::Sheet) => format!("{stem} - sheet.{ext}"),
                (_, OutputKind::Timelapse) => format!("{stem} - timelapse.{ext}"),
                (_, OutputKind::Pdf) => format!("{stem}.{ext}"),
            };
            (kind, dir.join(name))
        })
        .collect()
}

/// The plan for the path the user chose.
pub fn plan(dialog: &ExportDialog, s: &ExportSettings, chosen: &Path) -> ExportPlan {
    ExportPlan {
        photos: dialog.chosen_in_order(),
        sections: s.sections,
        page: s.page,
        keep_names: dialog.keep_names,
        fps: s.fps.clamp(0.2, 30.0),
        timelapse_format: s.timelapse_format,
        crossfade: s.crossfade,
        outputs: output_paths(chosen, s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::export_choices::SheetFormat;

    #[test]
    fn other_outputs_go_beside_the_chosen_file_with_the_right_extension() {
        let s = ExportSettings {
            sheet: true,
            sheet_format: SheetFormat::Jpeg,
            timelapse: true,
            timelapse_format: TimelapseFormat::Gif,
            ..ExportSettings::default()
        };
        let out = output_paths(Path::new("/x/My report.pdf"), &s);
        assert_eq!(
            out,
            [
                (OutputKind::Pdf, PathBuf::from("/x/My report.pdf")),
                (OutputKind::Sheet, PathBuf::from("/x/My report - sheet.jpg")),
                (
                    OutputKind::Timelapse,
                    PathBuf::from("/x/My report - timelapse.gif")
                ),
            ]
        );
        let only_video = ExportSettings {
            pdf: false,
            timelapse: true,
            ..ExportSettings::default()
        };
        // MP4 is the default, and the chosen name's extension is put right.
        assert_eq!(
            output_paths(Path::new("/x/t.gif"), &only_video),
            [(OutputKind::Timelapse, PathBuf::from("/x/t.mp4"))]
        );
    }
}
