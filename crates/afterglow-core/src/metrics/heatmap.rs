//! The redness-change heat map: Δa* between two photos aligned in the reference frame, and a
//! diverging colour map (blue: less red, clear: unchanged, red: more red) with its legend, for
//! the compare view and the PDF.

use image::{Rgba, RgbaImage};
use serde::Serialize;
use thiserror::Error;

use super::colour::{a_star_of_linear, srgb8_pixel_to_linear};
use super::frame_source::{FrameCrop, NotInFrame, crop_from_preview, reference_from_photo};
use super::measure::CLIPPED_LEVEL;
use super::noise::{JUST_VISIBLE_A_STAR, Sigma, half_width};
use super::normalise::ColourNormaliser;
use super::texture::{Plane, gaussian_blur};
use super::white_balance::WhiteBalance;
use super::window::FrameWindow;
use crate::project::{PhotoId, Project};
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
    RgbaImage::from_fn(change.window.width, change.window.height, |x, y| {
        Rgba(colour_beyond_noise(change.at(x, y), range, change.noise))
    })
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

/// The redness change from photo `before` to photo `after`, over the whole reference frame
/// at `long_side` pixels (`ReferenceFrame::with_long_side(reference.width, reference.height,
/// long_side)`; `import::PREVIEW_SIDE` for full detail, less for a quick map), smoothed by
/// `smoothing` pixels of that frame. Reads both previews: a worker's job, not the UI
/// thread's.
pub fn load_redness_change(
    paths: &ProjectPaths,
    project: &Project,
    before: &PhotoId,
    after: &PhotoId,
    long_side: u32,
    smoothing: f32,
) -> Result<RednessChange, HeatMapError> {
    // Both photos are compared in the frame of the first one's view.
    let reference = (project.photo(before))
        .and_then(|p| project.reference_of(p))
        .ok_or(HeatMapError::NoReference)?;
    let frame = ReferenceFrame::with_long_side(reference.width, reference.height, long_side);
    let window = FrameWindow::whole(&frame);
    // The same colour correction as the measurements: a photo's patch, else its surroundings
    // matched to the reference's, so a change of light does not paint the face.
    let reference_preview = crate::previews::load_preview(paths, reference)
        .map_err(|e| HeatMapError::Read(reference.id.clone(), e))?;
    let normaliser = ColourNormaliser::new(reference, &reference_preview, true);
    let load = |id: &PhotoId| -> Result<(FrameCrop, WhiteBalance, Sigma), HeatMapError> {
        let photo = project
            .photo(id)
            .ok_or_else(|| HeatMapError::NoPhoto(id.clone()))?;
        let t = reference_from_photo(project, reference, photo)
            .map_err(|e: NotInFrame| HeatMapError::NotInFrame(id.clone(), e.message()))?;
        let preview = if photo.id == reference.id {
            reference_preview.clone()
        } else {
            crate::previews::load_preview(paths, photo)
                .map_err(|e| HeatMapError::Read(id.clone(), e))?
        };
        let (wb, calibration) = normaliser.balance(photo, &preview, &t);
        let crop = crop_from_preview(&frame, photo, &preview, &t, window).ok_or(
            HeatMapError::NotInFrame(id.clone(), NotInFrame::BadTransform.message()),
        )?;
        let comparable =
            photo.id == reference.id || photo.alignment.as_ref().is_none_or(|a| a.comparable);
        Ok((crop, wb, Sigma::of_photo(&calibration, comparable)))
    };
    let (b, b_wb, b_sigma) = load(before)?;
    let (a, a_wb, a_sigma) = load(after)?;
    let mut change = redness_change(&b, &b_wb, &a, &a_wb, smoothing);
    change.noise = half_width(b_sigma.a_star, a_sigma.a_star).max(JUST_VISIBLE_A_STAR) as f32;
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;

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
