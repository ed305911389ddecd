//! The timelapse as an animated GIF, looping forever: each run of identical pictures of the
//! schedule becomes one GIF frame shown for the run's time.

use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, RgbImage, RgbaImage};

use super::frames::{Schedule, Step};
use crate::report::ReportError;

/// Encodes `frames` in the order and timing of `schedule`. `progress` gets 0–1.
pub fn encode_gif(
    frames: &[RgbImage],
    schedule: &Schedule,
    progress: &dyn Fn(f32),
) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut out, 10);
        encoder
            .set_repeat(Repeat::Infinite)
            .map_err(|e| ReportError::Encode(e.to_string()))?;
        let runs = runs(&schedule.steps);
        for (i, (step, count)) in runs.iter().enumerate() {
            let picture = picture(frames, step)?;
            let ms = (*count as f64 * 1000.0 / schedule.rate).round() as u32;
            let rgba: RgbaImage = image::DynamicImage::ImageRgb8(picture).into_rgba8();
            encoder
                .encode_frame(Frame::from_parts(
                    rgba,
                    0,
                    0,
                    Delay::from_numer_denom_ms(ms.max(10), 1),
                ))
                .map_err(|e| ReportError::Encode(e.to_string()))?;
            progress((i + 1) as f32 / runs.len() as f32);
        }
    }
    Ok(out)
}

/// Consecutive equal steps as (step, how many).
fn runs(steps: &[Step]) -> Vec<(Step, usize)> {
    let mut out: Vec<(Step, usize)> = Vec::new();
    for s in steps {
        match out.last_mut() {
            Some((last, n)) if last == s => *n += 1,
            _ => out.push((*s, 1)),
        }
    }
    out
}

/// The step's picture: a photo's frame, or two blended.
fn picture(frames: &[RgbImage], step: &Step) -> Result<RgbImage, ReportError> {
    let missing = || ReportError::Encode("the schedule names a missing frame".into());
    let a = frames.get(step.from).ok_or_else(missing)?;
    if step.t <= 0.0 || step.from == step.to {
        return Ok(a.clone());
    }
    let b = frames.get(step.to).ok_or_else(missing)?;
    let mut out = a.clone();
    for (o, &q) in out.iter_mut().zip(b.iter()) {
        *o = (f32::from(*o) + (f32::from(q) - f32::from(*o)) * step.t).round() as u8;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::timelapse::frames::schedule;

    #[test]
    fn held_pictures_merge_into_one_gif_frame() {
        let s = schedule(2, 1.5, true);
        let r = runs(&s.steps);
        // Photo 0 held, 4 fading pictures, photo 1 held.
        assert_eq!(r.len(), 6);
        assert_eq!(r[0].1, 4);
        assert_eq!(r[5].1, 8);
        assert_eq!(r.iter().map(|(_, n)| n).sum::<usize>(), s.steps.len());
    }
}
