//! The redness-change heat map: Δa* between two photos aligned in the reference frame, and a
//! diverging colour map (blue: less red, clear: unchanged, red: more red) with its legend, for
//! the compare view and the PDF.

use std::borrow::Cow;

use image::{RgbImage, RgbaImage};
use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use super::a_star_field::{AStarField, block_and_sigma, sample_difference};
use super::colour::{a_star_of_linear, srgb8_pixel_to_linear};
use super::frame_source::{FrameCrop, NotInFrame, reference_from_photo};
use super::measure::CLIPPED_LEVEL;
use super::noise::{JUST_VISIBLE_A_STAR, Sigma, half_width};
use super::normalise::ColourNormaliser;
use super::texture::{Plane, gaussian_blur};
use super::white_balance::WhiteBalance;
use super::window::FrameWindow;
use crate::geometry::Affine2;
use crate::project::{Photo, PhotoId, Project};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// The default colour range, one for every map (the app lets the user pick another): ±10 a*
/// units, about a fresh flush, saturate the colours.
pub const DEFAULT_RANGE: f32 = 10.0;
/// Default smoothing of a full-size map (2048-px frame), in frame pixels: pores and noise
/// are not redness changes. Scale it with the frame for smaller maps.
pub const DEFAULT_SMOOTHING: f32 = 2.0;

/// Colour for more red, and for less red (sRGB).
const MORE_RED: [u8; 3] = [215, 38, 38];
const LESS_RED: [u8; 3] = [33, 113, 181];
/// Opacity at the ends of the range (of 255): the photo stays visible under the map.
const MAX_ALPHA: f32 = 210.0;

/// Δa* (after − before) per pixel of a window of the reference frame; NaN where either photo
/// has no pixel.
#[derive(Clone, Debug, PartialEq)]
pub struct RednessChange {
    /// The part of the reference frame it covers.
    pub window: FrameWindow,
    /// Δa* per pixel, row by row; NaN where either photo has no pixel.
    pub delta: Vec<f32>,
    /// Changes smaller than this are left uncoloured: the just-visible threshold or the
    /// pair's noise (`noise::half_width` of the two photos' scatter), whichever is larger,
    /// so a change of light never paints a face. 0 colours every change.
    pub noise: f32,
}

impl RednessChange {
    /// Δa* at (`x`, `y`) of the window.
    pub fn at(&self, x: u32, y: u32) -> f32 {
        self.delta[y as usize * self.window.width as usize + x as usize]
    }
}

/// a* of every pixel of a crop after white balance; NaN outside the photo and where a
/// channel is clipped (its true colour is unknown: an overexposed cheek would otherwise
/// paint itself as less red).
pub fn a_star_plane(crop: &FrameCrop, white_balance: &WhiteBalance) -> Plane {
    let data = crop
        .image
        .pixels()
        .zip(&crop.valid)
        .map(|(p, &valid)| {
            let clipped = p.0.iter().any(|&c| c >= CLIPPED_LEVEL);
            if valid && !clipped {
                a_star_of_linear(white_balance.apply(srgb8_pixel_to_linear(p.0)))
            } else {
                f32::NAN
            }
        })
        .collect();
    Plane::new(
        crop.window.width as usize,
        crop.window.height as usize,
        data,
    )
}

/// Δa* between two crops of the same window, smoothed by a Gaussian of `smoothing` pixels
/// (normalised, so missing pixels do not bleed in).
pub fn redness_change(
    before: &FrameCrop,
    before_wb: &WhiteBalance,
    after: &FrameCrop,
    after_wb: &WhiteBalance,
    smoothing: f32,
) -> RednessChange {
    debug_assert_eq!(before.window, after.window);
    let a0 = a_star_plane(before, before_wb);
    let a1 = a_star_plane(after, after_wb);
    let (w, h) = (a0.width, a0.height);
    let mut weights = Vec::with_capacity(w * h);
    let mut values = Vec::with_capacity(w * h);
    for (x0, x1) in a0.data.iter().zip(&a1.data) {
        let d = x1 - x0;
        if d.is_finite() {
            weights.push(1.0);
            values.push(d);
        } else {
            weights.push(0.0);
            values.push(0.0);
        }
    }
    let num = gaussian_blur(&Plane::new(w, h, values), smoothing);
    let den = gaussian_blur(&Plane::new(w, h, weights.clone()), smoothing);
    let delta = (0..w * h)
        .map(|i| {
            if weights[i] > 0.0 {
                num.data[i] / den.data[i].max(1e-6)
            } else {
                f32::NAN
            }
        })
        .collect();
    RednessChange {
        window: before.window,
        delta,
        noise: 0.0,
    }
}

/// The overlay colour of a change of `delta` a* units on a scale of ±`range`: the hue says
/// the direction, the opacity the size. NaN is fully transparent.
pub fn colour_for(delta: f32, range: f32) -> [u8; 4] {
    if !delta.is_finite() || range <= 0.0 {
        return [0, 0, 0, 0];
    }
    let t = (delta / range).clamp(-1.0, 1.0);
    let [r, g, b] = if t >= 0.0 { MORE_RED } else { LESS_RED };
    [r, g, b, (t.abs() * MAX_ALPHA).round() as u8]
}

/// [`colour_for`], except that a change within `noise` is not coloured at all.
pub fn colour_beyond_noise(delta: f32, range: f32, noise: f32) -> [u8; 4] {
    if delta.abs() < noise {
        return [0, 0, 0, 0];
    }
    colour_for(delta, range)
}

/// The map as an RGBA overlay, the size of its window; changes within its noise are clear.
pub fn render_change(change: &RednessChange, range: f32) -> RgbaImage {
    let (w, h) = (change.window.width, change.window.height);
    let mut image = RgbaImage::new(w, h);
    let raw: &mut [u8] = &mut image;
    raw.par_chunks_mut(4 * w.max(1) as usize)
        .zip(change.delta.par_chunks(w.max(1) as usize))
        .for_each(|(out, deltas)| {
            for (o, &d) in out.chunks_exact_mut(4).zip(deltas) {
                o.copy_from_slice(&colour_beyond_noise(d, range, change.noise));
            }
        });
    image
}

/// The legend's words for the uncoloured band of a map with this `noise`.
pub fn noise_words(noise: f32) -> String {
    format!("within ±{noise:.1}: no colour (within noise)")
}

/// One labelled stop of the legend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegendStop {
    /// Δa* at this stop.
    pub value: f32,
    /// The overlay colour there (RGBA).
    pub colour: [u8; 4],
    /// The legend's text for this stop.
    pub label: String,
}

/// The legend's title, for the app and the PDF.
pub const LEGEND_TITLE: &str = "Change in redness (Δa*)";

/// Five stops from −range to +range; the ends say what the colours mean.
pub fn legend(range: f32) -> Vec<LegendStop> {
    [-1.0, -0.5, 0.0, 0.5, 1.0]
        .into_iter()
        .map(|f| {
            let value = f * range;
            let number = if value == 0.0 {
                "0".to_owned()
            } else {
                format!("{value:+.1}").replace(".0", "")
            };
            let label = match f {
                -1.0 => format!("{number} less red"),
                1.0 => format!("{number} more red"),
                0.0 => format!("{number} no change"),
                _ => number,
            };
            LegendStop {
                value,
                colour: colour_for(value, range),
                label,
            }
        })
        .collect()
}

/// Why a redness-change map could not be made.
#[derive(Debug, Error)]
pub enum HeatMapError {
    /// The photo is not in the project.
    #[error("photo {0} is not in the project")]
    NoPhoto(PhotoId),
    /// The project has no reference photo to map into.
    #[error("the project has no reference photo")]
    NoReference,
    /// The photo cannot be placed in the reference frame (the reason follows).
    #[error("photo {0} is {1}")]
    NotInFrame(PhotoId, &'static str),
    /// The photo's preview could not be read.
    #[error("photo {0}: {1}")]
    Read(PhotoId, crate::photo_file::ImportError),
}

/// A pair's redness change from their decoded previews, without computing a* for every
/// frame pixel: each photo's a* is smoothed in its own preview ([`AStarField`]) and only
/// interpolated into the `frame`. Smoothing is `smoothing` frame pixels, as in
/// [`redness_change`], which this follows within a fraction of a unit (tested).
pub fn change_from_previews(
    frame: &ReferenceFrame,
    before: (&RgbImage, &WhiteBalance, &Affine2),
    after: (&RgbImage, &WhiteBalance, &Affine2),
    smoothing: f32,
) -> RednessChange {
    // Each photo is smoothed by the same amount of the frame, in its own preview's pixels.
    let field = |(preview, wb, preview_from_frame): (&RgbImage, &WhiteBalance, &Affine2)| {
        let sigma = smoothing * preview_from_frame.mean_scale() as f32;
        let (block, block_sigma) = block_and_sigma(sigma);
        let field = AStarField::new(preview, wb, block, block_sigma);
        let field_from_frame = field.field_from_frame(preview_from_frame);
        (field, field_from_frame)
    };
    let ((b, b_from_frame), (a, a_from_frame)) = rayon::join(|| field(before), || field(after));
    let window = FrameWindow::whole(frame);
    let delta = sample_difference(
        &b,
        &b_from_frame,
        &a,
        &a_from_frame,
        window.width as usize,
        window.height as usize,
    );
    RednessChange {
        window,
        delta,
        noise: 0.0,
    }
}

/// The reference side of redness-change maps, prepared once: the reference's preview and its
/// colour correction (reading its face and surroundings takes tens of milliseconds), so that
/// choosing another pair costs only the two photos.
pub struct RednessMapper {
    reference: Photo,
    reference_preview: RgbImage,
    normaliser: ColourNormaliser,
}

impl RednessMapper {
    /// Prepares maps in the view of photo `photo` (in the frame of its reference). Reads the
    /// reference's preview: a worker's job.
    pub fn prepare(
        paths: &ProjectPaths,
        project: &Project,
        photo: &PhotoId,
    ) -> Result<Self, HeatMapError> {
        let reference = (project.photo(photo))
            .and_then(|p| project.reference_of(p))
            .ok_or(HeatMapError::NoReference)?
            .clone();
        let reference_preview = crate::previews::load_preview(paths, &reference)
            .map_err(|e| HeatMapError::Read(reference.id.clone(), e))?;
        // The same colour correction as the measurements: a photo's patch, else its
        // surroundings matched to the reference's, so a change of light does not paint the
        // face.
        let normaliser = ColourNormaliser::new(&reference, &reference_preview, true);
        Ok(Self {
            reference,
            reference_preview,
            normaliser,
        })
    }

    /// True while this preparation still holds for `project`'s view of `photo` (the same
    /// reference, its record unchanged: a new patch or alignment needs a new one).
    pub fn fits(&self, project: &Project, photo: &PhotoId) -> bool {
        (project.photo(photo))
            .and_then(|p| project.reference_of(p))
            .is_some_and(|r| *r == self.reference)
    }

    /// The redness change from photo `before` to photo `after` over the whole reference frame
    /// at `long_side` pixels (`import::PREVIEW_SIDE` for full detail, less for a quick map),
    /// smoothed by `smoothing` pixels of that frame. Reads the previews it needs.
    pub fn change(
        &self,
        paths: &ProjectPaths,
        project: &Project,
        before: &PhotoId,
        after: &PhotoId,
        long_side: u32,
        smoothing: f32,
    ) -> Result<RednessChange, HeatMapError> {
        let reference = &self.reference;
        let frame = ReferenceFrame::with_long_side(reference.width, reference.height, long_side);
        let load = |id: &PhotoId| -> Result<_, HeatMapError> {
            let photo = project
                .photo(id)
                .ok_or_else(|| HeatMapError::NoPhoto(id.clone()))?;
            let t = reference_from_photo(project, reference, photo)
                .map_err(|e: NotInFrame| HeatMapError::NotInFrame(id.clone(), e.message()))?;
            let preview = if photo.id == reference.id {
                Cow::Borrowed(&self.reference_preview)
            } else {
                Cow::Owned(
                    crate::previews::load_preview(paths, photo)
                        .map_err(|e| HeatMapError::Read(id.clone(), e))?,
                )
            };
            let (wb, calibration) = self.normaliser.balance(photo, &preview, &t);
            let preview_from_frame = frame
                .preview_from_frame(photo, preview.width(), preview.height(), &t)
                .ok_or(HeatMapError::NotInFrame(
                    id.clone(),
                    NotInFrame::BadTransform.message(),
                ))?;
            let comparable =
                photo.id == reference.id || photo.alignment.as_ref().is_none_or(|a| a.comparable);
            Ok((
                preview,
                wb,
                preview_from_frame,
                Sigma::of_photo(&calibration, comparable),
            ))
        };
        // Reading and matching the two previews is most of a map's time: side by side.
        let (before, after) = rayon::join(|| load(before), || load(after));
        let (b, b_wb, b_t, b_sigma) = before?;
        let (a, a_wb, a_t, a_sigma) = after?;
        let mut change =
            change_from_previews(&frame, (&b, &b_wb, &b_t), (&a, &a_wb, &a_t), smoothing);
        change.noise = half_width(b_sigma.a_star, a_sigma.a_star).max(JUST_VISIBLE_A_STAR) as f32;
        Ok(change)
    }
}

/// The redness change from photo `before` to photo `after`, in the frame of `before`'s view:
/// [`RednessMapper::prepare`] then [`RednessMapper::change`], for a single map.
pub fn load_redness_change(
    paths: &ProjectPaths,
    project: &Project,
    before: &PhotoId,
    after: &PhotoId,
    long_side: u32,
    smoothing: f32,
) -> Result<RednessChange, HeatMapError> {
    RednessMapper::prepare(paths, project, before)?
        .change(paths, project, before, after, long_side, smoothing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::warp_window;

    /// Skin with a gentle gradient, pixel noise and (with `flush`) a red patch in the middle.
    fn skin(flush: f32, seed: u32) -> RgbImage {
        RgbImage::from_fn(300, 400, |x, y| {
            let noise = ((x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663) ^ seed) % 13)
                as f32
                - 6.0;
            let (dx, dy) = (x as f32 - 150.0, y as f32 - 200.0);
            let patch = flush * (-(dx * dx + dy * dy) / (2.0 * 50.0 * 50.0)).exp();
            let r = 190.0 + x as f32 * 0.05 + noise + 10.0 * patch;
            let g = 140.0 + y as f32 * 0.03 + noise - 25.0 * patch;
            let b = 120.0 + noise - 10.0 * patch;
            image::Rgb([r, g, b].map(|v| v.round().clamp(0.0, 255.0) as u8))
        })
    }

    #[test]
    fn the_quick_map_follows_the_per_pixel_definition() {
        let frame = ReferenceFrame::with_long_side(300, 400, 512);
        let window = FrameWindow::whole(&frame);
        let before_from_frame = Affine2::scale(300.0 / f64::from(frame.width));
        let after_from_frame = Affine2::similarity_about(
            crate::geometry::Point::new(150.0, 200.0),
            1.06,
            0.05,
            4.0,
            -3.0,
        ) * before_from_frame;
        let (before, after) = (skin(0.0, 1), skin(1.0, 2));
        let (wb_before, wb_after) = (
            WhiteBalance::default(),
            WhiteBalance {
                gains: [0.95, 1.0, 1.08],
            },
        );
        for smoothing in [1.0, 2.0, 4.0] {
            let exact = redness_change(
                &warp_window(&before, &before_from_frame, window),
                &wb_before,
                &warp_window(&after, &after_from_frame, window),
                &wb_after,
                smoothing,
            );
            let quick = change_from_previews(
                &frame,
                (&before, &wb_before, &before_from_frame),
                (&after, &wb_after, &after_from_frame),
                smoothing,
            );
            let peak = exact
                .delta
                .iter()
                .copied()
                .filter(|d| d.is_finite())
                .fold(0f32, f32::max);
            assert!(peak > 8.0, "the patch shows: {peak}");
            let mut diffs: Vec<f32> = (exact.delta.iter().zip(&quick.delta))
                .filter(|(e, q)| e.is_finite() && q.is_finite())
                .map(|(e, q)| (e - q).abs())
                .collect();
            let only_one = (exact.delta.iter().zip(&quick.delta))
                .filter(|(e, q)| e.is_finite() != q.is_finite())
                .count();
            // Coverage may differ along the photo's edges only: within 2 pixels of them.
            let edge = 2 * (window.width + window.height) as usize;
            assert!(
                only_one < 2 * edge,
                "{only_one} pixels differ in coverage, against {edge} along the edges"
            );
            diffs.sort_by(f32::total_cmp);
            let at = |q: f64| diffs[((diffs.len() - 1) as f64 * q) as usize];
            assert!(
                at(0.5) < 0.1 && at(0.99) < 0.3,
                "σ {smoothing}: median {} and 99th percentile {} a*",
                at(0.5),
                at(0.99)
            );
        }
    }

    #[test]
    fn a_clipped_pixel_in_either_photo_is_left_uncoloured() {
        use crate::metrics::FrameCrop;
        let window = FrameWindow {
            x0: 0,
            y0: 0,
            width: 3,
            height: 1,
        };
        let crop = |pixels: [[u8; 3]; 3]| FrameCrop {
            window,
            image: image::RgbImage::from_fn(3, 1, |x, _| image::Rgb(pixels[x as usize])),
            valid: vec![true; 3],
        };
        let skin = [200, 150, 130];
        let flushed = [210, 130, 120];
        let before = crop([skin, [255, 230, 220], skin]);
        let after = crop([flushed, flushed, [255, 200, 190]]);
        let wb = WhiteBalance::default();
        let change = redness_change(&before, &wb, &after, &wb, 0.0);
        assert!(change.at(0, 0) > 2.0, "{}", change.at(0, 0));
        assert!(change.at(1, 0).is_nan(), "clipped before");
        assert!(change.at(2, 0).is_nan(), "clipped after");
    }

    #[test]
    fn colours_say_direction_and_size() {
        assert_eq!(colour_for(0.0, 8.0)[3], 0);
        assert_eq!(colour_for(f32::NAN, 8.0), [0, 0, 0, 0]);
        let more = colour_for(4.0, 8.0);
        let less = colour_for(-4.0, 8.0);
        assert!(more[0] > more[2] && less[2] > less[0]);
        assert_eq!(more[3], less[3]);
        assert!(colour_for(100.0, 8.0)[3] == colour_for(8.0, 8.0)[3]);
        assert!(colour_for(2.0, 8.0)[3] < more[3]);
    }

    #[test]
    fn legend_runs_from_less_to_more_red() {
        let l = legend(8.0);
        let labels: Vec<&str> = l.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            labels,
            ["-8 less red", "-4", "0 no change", "+4", "+8 more red"]
        );
        assert_eq!(l[4].colour, colour_for(8.0, 8.0));
    }
}
