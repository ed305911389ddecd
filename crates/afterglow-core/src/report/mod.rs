//! The progress report: a PDF for the practitioner, a comparison sheet and a timelapse — all
//! re-encoded from pixels, private by default (no EXIF, GPS, camera data or original file
//! names unless asked for).
//!
//! Building a report has two halves: `gather` does the slow work (decoding, aligning into
//! the reference frame, encoding the embedded JPEGs) in parallel; the sections lay the
//! gathered data out on pages as drawing operations (`canvas`), which `pdf_render` writes.

mod canvas;
mod fonts;
mod heat;
mod images;
mod layout;
mod measurements;
mod pdf_render;
mod raster_text;
mod sections;
mod selection;
mod sheet;
mod side_views;
mod timelapse;

pub use canvas::{Op, Page, PageSize};
pub use selection::default_selection;
pub use sheet::{build_sheet, render_sheet};
pub use timelapse::{
    Schedule, Step, TimelapseFormat, TimelapseOptions, build_timelapse, schedule, timelapse_frames,
};

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDateTime;
use rayon::prelude::*;

use crate::guide::{self, Placement};
use crate::metrics;
use crate::project::{Photo, PhotoId, Project};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// Why a report, sheet or timelapse could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The project has no photos.
    #[error("the project has no photos to report on")]
    NoPhotos,
    /// A photo asked for by id is not in the project.
    #[error("no photo {0} in the project")]
    UnknownPhoto(String),
    /// One photo could not be read or placed.
    #[error("{photo}: {reason}")]
    Photo {
        /// The photo, as named in the report.
        photo: String,
        /// Why it could not be used.
        reason: String,
    },
    /// The embedded fonts could not be read.
    #[error("font: {0}")]
    Font(String),
    /// The PDF could not be written.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// An image could not be encoded.
    #[error("cannot encode an image: {0}")]
    Encode(String),
    /// The timelapse video could not be encoded.
    #[error("cannot encode the video: {0}")]
    Video(#[from] crate::video::VideoError),
    /// A timelapse was asked for under a name whose extension says no format made here.
    #[error(
        "{}: unknown timelapse format; name the file .mp4 (H.264 video) or .gif (animated GIF)",
        .0.display()
    )]
    TimelapseFormat(std::path::PathBuf),
}

/// Which parts of the PDF to include.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Sections {
    /// The cover page: the course at a glance.
    pub cover: bool,
    /// The comparison pages: each chosen photo beside the baseline.
    pub comparisons: bool,
    /// The measurement tables and charts.
    pub measurements: bool,
    /// The user's notes and scores.
    pub notes: bool,
    /// The guide's milestones.
    pub guide: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Self {
            cover: true,
            comparisons: true,
            measurements: true,
            notes: true,
            guide: true,
        }
    }
}

/// What goes into a report and how it is laid out.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// The photos to compare; `None` means the default selection (baseline, the last photo of
    /// each session, the latest).
    pub photos: Option<Vec<PhotoId>>,
    /// The paper size.
    pub page: PageSize,
    /// Which sections to include.
    pub sections: Sections,
    /// Show original file names (off by default: they can carry dates, places, names).
    pub keep_names: bool,
    /// The creation date written into the PDF (fixed → the same project gives the same bytes).
    pub created: NaiveDateTime,
}

impl ReportOptions {
    /// The defaults (A4, every section, the default photos, no file names), dated `created`.
    pub fn new(created: NaiveDateTime) -> Self {
        Self {
            photos: None,
            page: PageSize::A4,
            sections: Sections::default(),
            keep_names: false,
            created,
        }
    }
}

/// One chosen photo, ready to lay out.
pub(crate) struct Entry<'p> {
    pub photo: &'p Photo,
    pub placement: Placement,
    /// "Session 2 · day 7 · 8 Mar 2026".
    pub label: String,
    pub aligned: bool,
    pub jpeg: Arc<Vec<u8>>,
    /// Pixel size of the embedded image (for its aspect ratio).
    pub size: (u32, u32),
    /// The redness change from the baseline, over this photo (not for the baseline itself).
    pub heat: Option<heat::HeatImage>,
}

impl<'p> Entry<'p> {
    /// A photo's entry: the `crop` of `img` (the photo in the page's frame) as a JPEG,
    /// labelled by where the photo falls in the course.
    pub(crate) fn new(
        project: &Project,
        photo: &'p Photo,
        img: &image::RgbImage,
        aligned: bool,
        crop: (u32, u32, u32, u32),
        heat: Option<heat::HeatImage>,
    ) -> Result<Self, ReportError> {
        let face = images::crop(img, crop);
        let placement = guide::placement(project, photo);
        Ok(Entry {
            photo,
            label: placement.label(photo.taken_at),
            placement,
            aligned,
            jpeg: images::to_jpeg(&face, 900, 85)?,
            size: (face.width(), face.height()),
            heat,
        })
    }
}

/// Everything the sections need.
pub(crate) struct Gathered<'p> {
    pub project: &'p Project,
    pub options: &'p ReportOptions,
    pub baseline: Entry<'p>,
    /// The chosen photos after the baseline, in date order.
    pub others: Vec<Entry<'p>>,
    /// Redness and texture of every photo, or why the project cannot be measured yet.
    pub measurements: Result<(metrics::ProjectMeasurements, metrics::ChartData), String>,
    /// The side views besides the main one, each with its reference and latest photo.
    pub side_views: Vec<side_views::SideView<'p>>,
}

/// Resolves the photo selection (ids or unique prefixes) in date order, baseline first.
fn resolve<'p>(
    project: &'p Project,
    options: &ReportOptions,
) -> Result<(Vec<&'p Photo>, &'p Photo), ReportError> {
    let baseline = project.reference_photo().ok_or(ReportError::NoPhotos)?;
    let ids = match &options.photos {
        Some(ids) => ids.clone(),
        None => default_selection(project),
    };
    let mut chosen = Vec::new();
    for id in &ids {
        let p = project
            .photo(id)
            .or_else(|| project.photo_by_prefix(&id.0))
            .ok_or_else(|| ReportError::UnknownPhoto(id.0.clone()))?;
        if p.view() != baseline.view() {
            return Err(ReportError::Photo {
                photo: p.original_name.clone(),
                reason: format!(
                    "a {} view photo; the report compares {} views, aligned to the same reference",
                    p.view(),
                    baseline.view()
                ),
            });
        }
        if p.id != baseline.id && !chosen.iter().any(|c: &&Photo| c.id == p.id) {
            chosen.push(p);
        }
    }
    chosen.sort_by(|a, b| a.capture_order_key().cmp(&b.capture_order_key()));
    Ok((chosen, baseline))
}

/// Decodes, aligns and encodes the chosen photos (in parallel). `progress` gets 0–1.
pub(crate) fn gather<'p>(
    paths: &ProjectPaths,
    project: &'p Project,
    options: &'p ReportOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> Result<Gathered<'p>, ReportError> {
    let (chosen, baseline) = resolve(project, options)?;
    let frame = ReferenceFrame::of(baseline);
    let crop = images::face_crop(project, &frame);
    let all: Vec<&Photo> = std::iter::once(baseline)
        .chain(chosen.iter().copied())
        .collect();
    // Half the progress for the measurements, half for the photos.
    let measurements = if options.sections.measurements {
        metrics::measure_project(
            paths,
            project,
            &metrics::MeasureOptions::default(),
            &|p| progress(0.5 * p.done as f32 / p.total.max(1) as f32),
            &std::sync::atomic::AtomicBool::new(false),
        )
        .map(|m| {
            let chart = metrics::chart_data(project, &m);
            (m, chart)
        })
        .map_err(|e| e.to_string())
    } else {
        Err("not asked for".to_owned())
    };
    let done = AtomicUsize::new(0);
    let entries: Vec<Entry<'p>> = all
        .par_iter()
        .map(|&photo| {
            let (img, aligned) = images::aligned_image(paths, project, photo, &frame)?;
            let heat = if photo.id != baseline.id && options.sections.comparisons {
                heat::heat_image(paths, project, baseline, photo, &img, crop)?
            } else {
                None
            };
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(0.5 + 0.5 * n as f32 / all.len() as f32);
            Entry::new(project, photo, &img, aligned, crop, heat)
        })
        .collect::<Result<_, ReportError>>()?;
    let side_views = if options.sections.comparisons {
        side_views::gather_side_views(paths, project)?
    } else {
        Vec::new()
    };
    let mut entries = entries.into_iter();
    let baseline = entries.next().ok_or(ReportError::NoPhotos)?;
    Ok(Gathered {
        project,
        options,
        baseline,
        others: entries.collect(),
        measurements,
        side_views,
    })
}

/// Lays the report out as pages of drawing operations (no PDF yet; tests read these).
pub fn layout(
    paths: &ProjectPaths,
    project: &Project,
    options: &ReportOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> Result<Vec<Page>, ReportError> {
    let data = gather(paths, project, options, progress)?;
    let fonts = fonts::Fonts::load()?;
    Ok(sections::lay_out(&data, &fonts))
}

/// The whole PDF.
pub fn build_pdf(
    paths: &ProjectPaths,
    project: &Project,
    options: &ReportOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> Result<Vec<u8>, ReportError> {
    let pages = layout(paths, project, options, progress)?;
    pdf_render::render(
        &pages,
        options.page.points(),
        &format!("Progress report: {}", project.name),
        options.created,
    )
}
