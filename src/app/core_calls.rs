//! The calls into the core's alignment and measurement that the app's workers make. Each is a
//! small function so the `align` and `metrics` modules plug in here without touching the UI.

use image::RgbImage;

use crate::geometry::Affine2;
use crate::imaging::sample_rgb;
use crate::import::load_preview;
use crate::project::{Alignment, Photo, PhotoId, Project};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

use super::alignment_status::display_reference_from_photo;
use super::jobs::JobContext;

/// Why automatic alignment cannot run in this build.
const NO_AUTO_ALIGN: &str = "Automatic alignment is not part of this build yet. \
     Use \"Mark eyes\" or \"Nudge\" to align a photo by hand.";

/// Aligns every photo of the project whose alignment is not locked to the reference.
pub fn align_project(
    _paths: &ProjectPaths,
    _project: &Project,
    _job: &JobContext,
) -> Result<Vec<(PhotoId, Alignment)>, String> {
    // Plugs into `crate::align` once it lands on main.
    Err(NO_AUTO_ALIGN.to_owned())
}

/// Aligns one photo to the reference automatically.
pub fn align_photo(
    _paths: &ProjectPaths,
    _project: &Project,
    _photo: &PhotoId,
    _job: &JobContext,
) -> Result<Vec<(PhotoId, Alignment)>, String> {
    Err(NO_AUTO_ALIGN.to_owned())
}

/// A redness-change map between two photos, in the reference frame, ready to draw.
pub struct HeatMap {
    pub before: PhotoId,
    pub after: PhotoId,
    /// Identifies the inputs (photos and their alignments) the map was made from.
    pub key: u64,
    pub image: egui::ColorImage,
    /// The Δa* shown at full colour; the legend runs from −range to +range.
    pub range: f32,
}

/// The long side of the map: detail enough for cheeks and forehead, quick to compute.
pub const HEAT_LONG_SIDE: u32 = 512;

/// Computes the redness change from `before` to `after`.
pub fn redness_change(
    paths: &ProjectPaths,
    project: &Project,
    before: &Photo,
    after: &Photo,
    key: u64,
    job: &JobContext,
) -> Result<HeatMap, String> {
    let reference = project
        .reference_photo()
        .ok_or("the project has no reference photo")?;
    let frame = ReferenceFrame::with_long_side(reference.width, reference.height, HEAT_LONG_SIDE);
    job.progress.set(0, 3);
    let load = |p: &Photo| load_preview(paths, p).map_err(|e| format!("{}: {e}", p.original_name));
    let a = load(before)?;
    job.progress.set(1, 3);
    let b = load(after)?;
    job.progress.set(2, 3);
    if job.cancelled() {
        return Err("cancelled".to_owned());
    }
    let ta = preview_from_frame(project, &frame, before, &a)?;
    let tb = preview_from_frame(project, &frame, after, &b)?;
    let (delta, range) = temporary_delta_a_star(&a, &ta, &b, &tb, frame.width, frame.height);
    let delta = smooth(
        &delta,
        frame.width as usize,
        frame.height as usize,
        SMOOTH_RADIUS,
    );
    job.progress.set(3, 3);
    Ok(HeatMap {
        before: before.id.clone(),
        after: after.id.clone(),
        key,
        image: colour_map(&delta, frame.width, frame.height, range),
        range,
    })
}

fn preview_from_frame(
    project: &Project,
    frame: &ReferenceFrame,
    photo: &Photo,
    preview: &RgbImage,
) -> Result<Affine2, String> {
    let reference_from_photo = display_reference_from_photo(project, photo);
    frame
        .preview_from_frame(
            photo,
            preview.width(),
            preview.height(),
            &reference_from_photo,
        )
        .ok_or_else(|| format!("{}: its alignment cannot be inverted", photo.original_name))
}

/// TEMPORARY, until `crate::metrics` lands on main and replaces it: Δa* (CIELAB, D65) between
/// two previews sampled through their frame transforms, per pixel of a `w`×`h` frame; `None`
/// where either photo does not cover the frame. Returns the map and a display range (the 95th
/// percentile of |Δa*|, rounded up to an even number, at least 2).
fn temporary_delta_a_star(
    a: &RgbImage,
    a_from_frame: &Affine2,
    b: &RgbImage,
    b_from_frame: &Affine2,
    w: u32,
    h: u32,
) -> (Vec<Option<f32>>, f32) {
    let mut out = Vec::with_capacity((w * h) as usize);
    for y in 0..h {
        for x in 0..w {
            let q = crate::geometry::Point::new(f64::from(x), f64::from(y));
            let pa = a_from_frame.apply(q);
            let pb = b_from_frame.apply(q);
            let d = match (sample_rgb(a, pa.x, pa.y), sample_rgb(b, pb.x, pb.y)) {
                (Some(ca), Some(cb)) => Some(a_star(cb) - a_star(ca)),
                _ => None,
            };
            out.push(d);
        }
    }
    let mut mags: Vec<f32> = out.iter().flatten().map(|d| d.abs()).collect();
    let range = if mags.is_empty() {
        2.0
    } else {
        let i = (mags.len() * 95 / 100).min(mags.len() - 1);
        let (_, p95, _) = mags.select_nth_unstable_by(i, f32::total_cmp);
        (*p95 / 2.0).ceil().max(1.0) * 2.0
    };
    (out, range)
}

/// TEMPORARY (see above): CIELAB a* of an sRGB pixel (0–255 channels), D65 white.
fn a_star(rgb: [f32; 3]) -> f32 {
    let lin = |v: f32| {
        let v = v / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(rgb[0]), lin(rgb[1]), lin(rgb[2]));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let f = |t: f32| {
        if t > 0.008_856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    500.0 * (f(x) - f(y))
}

/// Half-width of the box the map is averaged over: photo noise is not a change in the skin.
const SMOOTH_RADIUS: usize = 3;

/// TEMPORARY (see above): the mean of the known values in a (2r+1)² box around each pixel,
/// by summed-area tables; unknown pixels stay unknown.
fn smooth(values: &[Option<f32>], w: usize, h: usize, r: usize) -> Vec<Option<f32>> {
    // Summed-area tables of the known values and of how many there are.
    let mut sum = vec![0f64; (w + 1) * (h + 1)];
    let mut count = vec![0u32; (w + 1) * (h + 1)];
    for y in 0..h {
        for x in 0..w {
            let (v, n) = values[y * w + x].map_or((0.0, 0), |v| (f64::from(v), 1));
            let i = (y + 1) * (w + 1) + x + 1;
            sum[i] = v + sum[i - 1] + sum[i - (w + 1)] - sum[i - (w + 1) - 1];
            count[i] = n + count[i - 1] + count[i - (w + 1)] - count[i - (w + 1) - 1];
        }
    }
    let mut out = Vec::with_capacity(values.len());
    for y in 0..h {
        for x in 0..w {
            if values[y * w + x].is_none() {
                out.push(None);
                continue;
            }
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
            let at = |xx: usize, yy: usize| yy * (w + 1) + xx;
            let s = sum[at(x1, y1)] - sum[at(x0, y1)] - sum[at(x1, y0)] + sum[at(x0, y0)];
            let n = count[at(x1, y1)] + count[at(x0, y0)] - count[at(x0, y1)] - count[at(x1, y0)];
            out.push((n > 0).then(|| (s / f64::from(n)) as f32));
        }
    }
    out
}

/// Blue where redness fell, red where it rose, clear where nothing changed or nothing is known.
pub fn heat_colour(delta: f32, range: f32) -> egui::Color32 {
    let t = (delta / range).clamp(-1.0, 1.0);
    let alpha = (t.abs() * 230.0) as u8;
    if t >= 0.0 {
        egui::Color32::from_rgba_unmultiplied(235, 45, 35, alpha)
    } else {
        egui::Color32::from_rgba_unmultiplied(40, 120, 255, alpha)
    }
}

fn colour_map(delta: &[Option<f32>], w: u32, h: u32, range: f32) -> egui::ColorImage {
    let pixels = delta
        .iter()
        .map(|d| d.map_or(egui::Color32::TRANSPARENT, |d| heat_colour(d, range)))
        .collect();
    egui::ColorImage::new([w as usize, h as usize], pixels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn smoothing_averages_known_neighbours_and_keeps_unknowns() {
        let v = [Some(0.0), Some(3.0), None, Some(6.0)];
        let s = smooth(&v, 2, 2, 1);
        assert_eq!(s[2], None);
        assert_eq!(s[0], Some(3.0));
        assert_eq!(s[3], Some(3.0));
    }

    #[test]
    fn a_star_is_zero_for_grey_and_positive_for_red() {
        assert!(a_star([128.0, 128.0, 128.0]).abs() < 0.5);
        assert!(a_star([200.0, 100.0, 100.0]) > 20.0);
        assert!(a_star([100.0, 200.0, 100.0]) < -20.0);
    }

    #[test]
    fn redder_after_gives_positive_delta_where_both_cover() {
        let a = RgbImage::from_pixel(4, 4, Rgb([150, 120, 110]));
        let b = RgbImage::from_pixel(4, 4, Rgb([190, 110, 105]));
        // The frame is 6 px wide: its last two columns fall outside both photos.
        let (d, range) =
            temporary_delta_a_star(&a, &Affine2::IDENTITY, &b, &Affine2::IDENTITY, 6, 4);
        assert!(d[0].unwrap() > 5.0);
        assert!(d[5].is_none());
        assert!(range >= d[0].unwrap());
        assert_eq!(heat_colour(0.0, range).a(), 0);
        assert!(heat_colour(range, range).r() > 200);
    }
}
