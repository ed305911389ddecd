//! Measurements: redness (mean CIELAB a*, erythema index) and texture (band-pass roughness of
//! luminance) per region of skin, in the reference frame after alignment, with colour
//! normalisation (a neutral patch, else the surroundings matched to the reference's); the
//! redness-change heat map; charts' series and guide-aware remarks.
//!
//! Layers, bottom up: `colour` and `white_balance` (per pixel), `redness` and `texture`
//! (per set of pixels), `window` + `frame_source` (a region's pixels of a photo in the
//! reference frame), `surround_balance` + `surroundings` + `normalise` (each photo's colour
//! correction), `measure` (one region of one photo), `noise` (how far a change can be
//! trusted), `project_measurements` (every
//! photo × region, cached by `cache`), then `series`, `recovery`, `remarks` and `charts` for people.

mod a_star_field;
mod cache;
mod charts;
mod colour;
mod frame_source;
mod heatmap;
mod measure;
mod noise;
mod normalise;
mod pigment;
mod placement;
mod project_measurements;
mod recovery;
mod redness;
mod regions;
mod regions_from_face;
mod remarks;
mod rows;
mod series;
mod surround_balance;
mod surroundings;
mod texture;
mod white_balance;
mod window;

pub use cache::{CachedValues, METHOD_VERSION, MetricsCache, cache_key};
pub use charts::{ChartData, chart_data};
pub use colour::{
    D65_WHITE, LUMINANCE, Lab, a_star_of_linear, lab_to_srgb, lab_to_xyz, linear_rgb_to_xyz,
    linear_to_srgb, luminance, srgb_to_lab, srgb_to_linear, srgb8_pixel_to_linear, srgb8_to_lab,
    srgb8_to_linear, xyz_to_lab, xyz_to_linear_rgb,
};
pub use frame_source::{
    FrameCrop, NotInFrame, crop_from_preview, reference_from_photo, warp_window,
};
pub use heatmap::{
    DEFAULT_RANGE, DEFAULT_SMOOTHING, HeatMapError, LEGEND_TITLE, LegendStop, RednessChange,
    RednessMapper, a_star_plane, change_from_previews, colour_beyond_noise, colour_for, legend,
    load_redness_change, noise_words, redness_change, render_change,
};
pub use measure::{
    Calibration, MIN_COVERAGE, MIN_PIXELS, MIN_TEXTURE_DETAIL_PX, RegionValues,
    SurroundCalibration, Unmeasured, measure_region,
};
pub use noise::{
    ALIGNMENT_MISS_SIGMA_IOD, JUST_VISIBLE_A_STAR, JUST_VISIBLE_TEXTURE_PERCENT,
    SHARPNESS_TEXTURE_SIGMA_PERCENT, Sigma, Verdict, a_star_sigma, half_width,
    sharpness_texture_sigma,
};
pub use normalise::{
    ColourNormaliser, NORMALISATION_VERSION, normalisation_key, patch_balance, reference_face,
};
pub use pigment::{
    Chromophores, HAEMOGLOBIN_OD, JUST_VISIBLE_MELANIN, MELANIN_OD, chromophores, melanin_index,
};
pub use placement::{
    PlacedFrom, PlacedRegions, PlacementError, default_regions_command, face_box_from_detection,
    place_default_regions,
};
pub use project_measurements::{
    MeasureOptions, MetricsError, PhotoMeasurement, PhotoStatus, Progress, ProjectMeasurements,
    RegionMeasurement, measure_project, regions_to_measure,
};
pub use recovery::{SessionRecovery, recovery_summary, session_recovery};
pub use redness::{Redness, RednessSum, erythema_index, redness_of};
pub use regions::{
    DefaultRegion, EYE_LINE, EYE_SPAN, FACE_ASPECT, default_regions, default_regions_from_eyes,
    face_box_from_eyes,
};
pub use regions_from_face::{default_regions_from_landmarks, ellipse_radius};
pub use remarks::{NOTICEABLE_A_STAR, Remark, RemarkKind, pair_caveats, remarks};
pub use rows::{
    CSV_HEADER, MetricRow, NOT_COMPARABLE_VERDICT, TEXTURE_TOO_COARSE, metric_rows, rows_to_csv,
    rows_to_table,
};
pub use series::{
    Baseline, Change, RegionSeries, SeriesPoint, Uncertainty, Verdicts, region_series,
};
pub use surround_balance::{
    MAX_RESIDUAL, MIN_INLIER_SHARE, MIN_SURROUND_PIXELS, SurroundError, SurroundFit,
    fit_surround_balance,
};
pub use surroundings::{FaceOutline, SURROUND_SIDE, Surroundings};
pub use texture::{
    LUMINANCE_FLOOR, Plane, TextureParams, TextureReading, gaussian_blur, log_luminance,
    texture_index, texture_index_of_luminance, texture_reading,
};
pub use white_balance::{WhiteBalance, WhiteBalanceError};
pub use window::{FrameWindow, shape_mask};
