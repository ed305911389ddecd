//! Measuring a whole project: every photo × every region, in the reference frame, with the
//! cache making a re-run nearly free. The result is plain data for the command line, the
//! charts and the report.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::NaiveDateTime;
use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use super::cache::{CachedValues, MetricsCache, cache_key};
use super::frame_source::{NotInFrame, reference_from_photo, warp_window};
use super::measure::{
    Calibration, MIN_TEXTURE_DETAIL_PX, RegionValues, Unmeasured, measure_region,
};
use super::noise::ALIGNMENT_MISS_SIGMA_IOD;
use super::normalise::{ColourNormaliser, normalisation_key};
use super::regions::{concern_spoils, default_regions_from_eyes};
use super::texture::TextureParams;
use super::window::{FrameWindow, shape_mask};
use crate::geometry::Affine2;
use crate::guide::{self, Placement};
use crate::project::{Concern, Photo, PhotoId, Project, Region, RegionId, Shape};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// Why a project could not be measured at all.
#[derive(Debug, Error, PartialEq)]
pub enum MetricsError {
    /// The project has no photos.
    #[error("the project has no photos to measure")]
    NoPhotos,
    #[error(
        "the project has no regions yet: `afterglow align` places the default ones (from the \
         reference photo's face), or mark the eyes on the reference photo, or add regions"
    )]
    /// The project has no regions to measure.
    NoRegions,
    /// The user cancelled the run.
    #[error("cancelled")]
    Cancelled,
}

/// How to measure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeasureOptions {
    /// Read and write `cache/metrics.json`.
    pub use_cache: bool,
    /// The texture filter's scales.
    pub texture: TextureParams,
    /// Match each photo's colours to the reference's through the surroundings when it has
    /// no neutral patch of its own (`normalise`).
    pub surroundings: bool,
}

impl Default for MeasureOptions {
    fn default() -> Self {
        Self {
            use_cache: true,
            texture: TextureParams::default(),
            surroundings: true,
        }
    }
}

pub use crate::progress::Progress;

/// Every photo's measurements.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectMeasurements {
    /// The photo whose frame everything was measured in.
    pub reference: PhotoId,
    /// Size of the reference frame (the reference photo at preview size).
    pub frame_size: (u32, u32),
    /// The regions measured, in reference coordinates.
    pub regions: Vec<Region>,
    /// True when the project has no regions and the defaults were placed for this run
    /// (from the reference's eye marks); they are not saved in the project.
    pub placed_default_regions: bool,
    /// One entry per photo, in capture order.
    pub photos: Vec<PhotoMeasurement>,
    /// Region values read from the cache / computed in this run.
    pub from_cache: usize,
    /// Region values computed in this run.
    pub computed: usize,
}

impl ProjectMeasurements {
    /// The measurement of the photo with this id.
    pub fn photo(&self, id: &PhotoId) -> Option<&PhotoMeasurement> {
        self.photos.iter().find(|p| &p.photo == id)
    }

    /// The measured region with this id.
    pub fn region(&self, id: RegionId) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }
}

/// Why a photo has no measurements, or that it has them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum PhotoStatus {
    /// Measured.
    Measured,
    /// The user left the photo out.
    Excluded,
    /// Not aligned to the reference yet.
    NotAligned,
    /// Aligned against an earlier reference.
    StaleAlignment,
    /// Its alignment is unusable.
    BadAlignment,
    /// Its pixels could not be read (the reason says why).
    Unreadable(String),
}

impl PhotoStatus {
    /// True when the photo was measured.
    pub fn is_measured(&self) -> bool {
        matches!(self, PhotoStatus::Measured)
    }

    /// A few words for a table or a tooltip.
    pub fn message(&self) -> String {
        match self {
            PhotoStatus::Measured => "measured".to_owned(),
            PhotoStatus::Excluded => "excluded".to_owned(),
            PhotoStatus::NotAligned => NotInFrame::NotAligned.message().to_owned(),
            PhotoStatus::StaleAlignment => NotInFrame::StaleAlignment.message().to_owned(),
            PhotoStatus::BadAlignment => NotInFrame::BadTransform.message().to_owned(),
            PhotoStatus::Unreadable(reason) => format!("cannot read the photo: {reason}"),
        }
    }
}

impl From<NotInFrame> for PhotoStatus {
    fn from(e: NotInFrame) -> Self {
        match e {
            NotInFrame::NotAligned => PhotoStatus::NotAligned,
            NotInFrame::StaleAlignment => PhotoStatus::StaleAlignment,
            NotInFrame::BadTransform => PhotoStatus::BadAlignment,
        }
    }
}

/// One photo: where it falls on the guide, how it was measured, and its regions' values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhotoMeasurement {
    /// The photo's id.
    pub photo: PhotoId,
    /// Its original file name.
    pub original_name: String,
    /// When it was taken (local time); midnight for a date-only photo.
    pub taken_at: NaiveDateTime,
    /// Only the day is known, not the time (written only when true).
    #[serde(default, skip_serializing_if = "crate::project::is_false")]
    pub date_only: bool,
    /// The moment standing for it on the timeline's axis (`guide::placed_at`).
    #[serde(skip)]
    pub placed_at: NaiveDateTime,
    /// Where it falls on the guide.
    pub placement: Placement,
    /// Measured, or why not.
    pub status: PhotoStatus,
    /// How it was white-balanced.
    pub calibration: Calibration,
    /// False when the alignment says light or pose differ too much to trust a comparison.
    pub comparable: bool,
    /// Why it is not comparable, in words (the alignment's stored reasons), when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_comparable_because: Option<String>,
    /// The alignment's stored reasons, to tell which regions they spoil (`comparable_in`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<Concern>,
    /// The user's 0–4 scores, shown beside the measured values.
    pub redness_score: Option<u8>,
    /// The user's 0–4 texture score.
    pub texture_score: Option<u8>,
    /// One per measured region, in the order of `ProjectMeasurements::regions`; empty when
    /// the photo was not measured.
    pub regions: Vec<RegionMeasurement>,
}

impl PhotoMeasurement {
    /// Whether this photo's values in `region` may be compared with the baseline's: a smile
    /// spoils the cheeks and the chin, not the forehead (`concern_spoils`). A photo flagged
    /// without stored reasons (an older project) is not comparable anywhere.
    pub fn comparable_in(&self, region: &Region) -> bool {
        self.comparable
            || (!self.concerns.is_empty()
                && !self.concerns.iter().any(|c| concern_spoils(c, region)))
    }

    /// The photo's values in the region with this id, if measured.
    pub fn region(&self, id: RegionId) -> Option<&RegionValues> {
        self.regions
            .iter()
            .find(|r| r.region == id)
            .map(|r| &r.values)
    }
}

/// One region's values in one photo.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RegionMeasurement {
    /// The region.
    pub region: RegionId,
    /// Its values.
    #[serde(flatten)]
    pub values: RegionValues,
}

/// The regions to measure: the project's, else the defaults placed from the reference
/// photo's eye marks (the bool says which).
pub fn regions_to_measure(project: &Project) -> Result<(Vec<Region>, bool), MetricsError> {
    if !project.regions.is_empty() {
        let view = project.main_view();
        let regions: Vec<Region> = (project.regions.iter())
            .filter(|r| r.view == view)
            .cloned()
            .collect();
        return Ok((regions, false));
    }
    let eyes = project
        .reference_photo()
        .and_then(|r| r.eyes)
        .ok_or(MetricsError::NoRegions)?;
    Ok((
        default_regions_from_eyes(eyes, project.next_region_id()),
        true,
    ))
}

/// A measured photo: its index in the results, its cache keys, and its values or why it
/// could not be read.
type Computed = (usize, Vec<String>, Result<Vec<CachedValues>, String>);

/// What one photo needs measuring: its transform and the cache keys of its regions.
struct Job<'a> {
    photo: &'a Photo,
    is_reference: bool,
    reference_from_photo: Affine2,
    keys: Vec<String>,
}

/// Measures every photo of the project in every region. `progress` is called as photos
/// finish; setting `cancel` stops early with [`MetricsError::Cancelled`].
pub fn measure_project(
    paths: &ProjectPaths,
    project: &Project,
    options: &MeasureOptions,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<ProjectMeasurements, MetricsError> {
    let reference = project.reference_photo().ok_or(MetricsError::NoPhotos)?;
    let frame = ReferenceFrame::of(reference);
    let (regions, placed_default_regions) = regions_to_measure(project)?;
    let mut cache = if options.use_cache {
        MetricsCache::load(paths)
    } else {
        MetricsCache::disabled()
    };

    let colour = normalisation_key(reference, options.surroundings);
    // The main view's photos, in its reference's frame and regions; side views are not
    // measured (yet).
    let view = reference.view();
    let photos: Vec<&Photo> = (project.photos_by_date().into_iter())
        .filter(|p| p.view() == view)
        .collect();
    let mut results: Vec<PhotoMeasurement> = Vec::with_capacity(photos.len());
    let mut jobs: Vec<(usize, Job)> = Vec::new();
    let mut from_cache = 0;
    for photo in &photos {
        let mut m = PhotoMeasurement {
            photo: photo.id.clone(),
            original_name: photo.original_name.clone(),
            taken_at: photo.taken_at,
            date_only: photo.date_only,
            placed_at: guide::placed_at(project, photo),
            placement: guide::placement(project, photo),
            status: PhotoStatus::Measured,
            calibration: Calibration::NoPatch,
            comparable: photo.id == reference.id
                || photo.alignment.as_ref().is_none_or(|a| a.comparable),
            not_comparable_because: (photo.id != reference.id)
                .then(|| photo.alignment.as_ref()?.not_comparable_because())
                .flatten(),
            concerns: match &photo.alignment {
                Some(a) if photo.id != reference.id && !a.comparable => a.concerns.clone(),
                _ => Vec::new(),
            },
            redness_score: photo.annotation.redness,
            texture_score: photo.annotation.texture,
            regions: Vec::new(),
        };
        let transform = if photo.excluded {
            Err(PhotoStatus::Excluded)
        } else {
            reference_from_photo(project, reference, photo).map_err(PhotoStatus::from)
        };
        match transform {
            Err(status) => m.status = status,
            Ok(t) => {
                let keys: Vec<String> = regions
                    .iter()
                    .map(|r| cache_key(photo, &t, &frame, &r.shape, &options.texture, &colour))
                    .collect();
                let cached: Option<Vec<CachedValues>> = keys.iter().map(|k| cache.get(k)).collect();
                match cached {
                    Some(values) => {
                        from_cache += values.len();
                        fill(&mut m, &regions, values);
                    }
                    None => jobs.push((
                        results.len(),
                        Job {
                            photo,
                            is_reference: photo.id == reference.id,
                            reference_from_photo: t,
                            keys,
                        },
                    )),
                }
            }
        }
        results.push(m);
    }

    // The reference's side of the colour correction (its face mesh is read here), only when
    // something has to be measured.
    let normaliser = if jobs.is_empty() {
        None
    } else {
        Some(match crate::previews::load_preview(paths, reference) {
            Ok(preview) => ColourNormaliser::new(reference, &preview, options.surroundings),
            Err(e) => ColourNormaliser::patches_only(reference, e.to_string()),
        })
    };
    let total = jobs.len();
    let done = AtomicUsize::new(0);
    progress(Progress { done: 0, total });
    let computed: Vec<Computed> = jobs
        .into_par_iter()
        .map(|(index, job)| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            // Always there when there are jobs (made just above).
            let normaliser = normaliser.as_ref()?;
            let values = measure_photo(paths, &frame, &regions, &job, &options.texture, normaliser);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Progress { done: n, total });
            Some((index, job.keys, values))
        })
        .collect::<Option<Vec<_>>>()
        .ok_or(MetricsError::Cancelled)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(MetricsError::Cancelled);
    }

    let mut computed_count = 0;
    for (index, keys, values) in computed {
        match values {
            Ok(values) => {
                computed_count += values.len();
                for (k, v) in keys.into_iter().zip(&values) {
                    cache.insert(k, v.clone());
                }
                fill(&mut results[index], &regions, values);
            }
            Err(reason) => results[index].status = PhotoStatus::Unreadable(reason),
        }
    }
    // The cache only saves time: failing to write it changes no result.
    cache.save().ok();

    Ok(ProjectMeasurements {
        reference: reference.id.clone(),
        frame_size: (frame.width, frame.height),
        regions,
        placed_default_regions,
        photos: results,
        from_cache,
        computed: computed_count,
    })
}

fn fill(m: &mut PhotoMeasurement, regions: &[Region], values: Vec<CachedValues>) {
    if let Some(first) = values.first() {
        m.calibration = first.calibration.clone();
    }
    m.regions = regions
        .iter()
        .zip(values)
        .map(|(r, v)| RegionMeasurement {
            region: r.id,
            values: v.values,
        })
        .collect();
}

/// The smaller half-axis of `shape` (frame pixels) in the photo's preview pixels, through
/// `preview_from_frame`.
fn detail_px(preview_from_frame: &Affine2, shape: &Shape) -> f64 {
    let half_axis = match shape {
        Shape::Ellipse { radii, .. } => radii[0].min(radii[1]),
        Shape::Polygon { .. } => {
            let b = shape.bounds();
            0.5 * (b.max.x - b.min.x).min(b.max.y - b.min.y)
        }
    };
    half_axis * preview_from_frame.determinant().abs().sqrt()
}

/// Reads the photo's preview once and measures every region in it.
fn measure_photo(
    paths: &ProjectPaths,
    frame: &ReferenceFrame,
    regions: &[Region],
    job: &Job,
    texture: &TextureParams,
    normaliser: &ColourNormaliser,
) -> Result<Vec<CachedValues>, String> {
    let photo = job.photo;
    let preview = crate::previews::load_preview(paths, photo).map_err(|e| e.to_string())?;
    let (white_balance, calibration) =
        normaliser.balance(photo, &preview, &job.reference_from_photo);
    // The reference is where the others are put, so it has no miss of its own.
    let misregistration_px = match normaliser.eye_distance() {
        Some(eyes) if !job.is_reference => {
            ALIGNMENT_MISS_SIGMA_IOD * eyes * frame.frame_from_reference.mean_scale()
        }
        _ => 0.0,
    };
    // One map from the frame into this preview serves every region.
    let preview_from_frame = frame.preview_from_frame(
        photo,
        preview.width(),
        preview.height(),
        &job.reference_from_photo,
    );
    let values = regions
        .iter()
        .map(|region| {
            let values = FrameWindow::around(&region.shape, frame, texture.margin())
                .zip(preview_from_frame)
                .map(|(window, preview_from_frame)| {
                    let crop = warp_window(&preview, &preview_from_frame, window);
                    let mask = shape_mask(&region.shape, frame, &window);
                    let mut values =
                        measure_region(&crop, &mask, &white_balance, texture, misregistration_px);
                    values.detail_px = detail_px(&preview_from_frame, &region.shape);
                    if values.detail_px < MIN_TEXTURE_DETAIL_PX {
                        values.texture = None;
                    }
                    values
                })
                .unwrap_or(RegionValues::none(Unmeasured::TooFewPixels));
            CachedValues {
                values,
                calibration: calibration.clone(),
            }
        })
        .collect();
    Ok(values)
}
