//! The timelapse as an MP4 (H.264): each photo's frame converted to 4:2:0 once, the
//! crossfade's pictures blended from those, every picture of the schedule encoded in turn.

use image::RgbImage;
use rayon::prelude::*;

use super::frames::Schedule;
use crate::report::ReportError;
use crate::video::{Mp4Encoder, Yuv420};

/// Encodes `frames` in the order and timing of `schedule`, the file dated `created_unix`.
/// `progress` gets 0–1.
pub fn encode_mp4(
    frames: &[RgbImage],
    schedule: &Schedule,
    created_unix: u64,
    progress: &dyn Fn(f32),
) -> Result<Vec<u8>, ReportError> {
    let first = frames.first().ok_or(ReportError::NoPhotos)?;
    let yuv: Vec<Yuv420> = frames
        .par_iter()
        .map(|f| {
            Yuv420::from_rgb(f).ok_or_else(|| {
                ReportError::Encode(format!(
                    "a {} × {} frame has an odd side",
                    f.width(),
                    f.height()
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let mut encoder = Mp4Encoder::new(
        first.width() as usize,
        first.height() as usize,
        schedule.rate,
        created_unix,
    )?;
    let missing = || ReportError::Encode("the schedule names a missing frame".into());
    for (i, step) in schedule.steps.iter().enumerate() {
        let a = yuv.get(step.from).ok_or_else(missing)?;
        if step.t > 0.0 && step.from != step.to {
            let b = yuv.get(step.to).ok_or_else(missing)?;
            encoder.push(&a.blend(b, step.t))?;
        } else {
            encoder.push(a)?;
        }
        progress((i + 1) as f32 / schedule.steps.len() as f32);
    }
    Ok(encoder.finish()?)
}
