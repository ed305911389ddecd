//! Video out: pictures → H.264 (OpenH264) → an MP4 file that browsers and phones play
//! (Constrained Baseline, 4:2:0, even sides, BT.709 limited range, constant frame rate, the
//! index before the data). No external program is run.

mod boxes;
mod h264;
mod mp4;
mod yuv;

pub use yuv::Yuv420;

/// Why a video could not be made.
#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    /// Nothing to encode.
    #[error("no frames to encode")]
    NoFrames,
    /// Width or height odd, zero, over H.264's 3840 × 2160 or not the first picture's.
    #[error("a {width} × {height} picture cannot go into this video ({reason})")]
    BadSize {
        /// The picture's width.
        width: usize,
        /// The picture's height.
        height: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The H.264 encoder failed.
    #[error("H.264 encoder: {0}")]
    Encoder(String),
    /// The file would pass MP4's 32-bit sizes or durations.
    #[error("the video is too long for this MP4 writer")]
    TooLarge,
}

/// Writes an MP4 picture by picture.
pub struct Mp4Encoder {
    encoder: h264::H264Encoder,
    track: mp4::Track,
    rate: f64,
}

/// Ticks per second of the samples' times: 90 kHz, as MPEG video uses.
const TIMESCALE: u32 = 90_000;

impl Mp4Encoder {
    /// A video of `width × height` pictures (even, at most 3840 × 2160 either way round) at
    /// `rate` pictures per second, created at `created_unix` (seconds since 1970, UTC).
    pub fn new(
        width: usize,
        height: usize,
        rate: f64,
        created_unix: u64,
    ) -> Result<Self, VideoError> {
        check_size(width, height)?;
        if !(rate.is_finite() && rate > 0.01 && rate <= 120.0) {
            return Err(VideoError::Encoder(format!(
                "{rate} frames per second is outside 0.01–120"
            )));
        }
        // An IDR picture every two seconds or so, for seeking.
        let keyframe_every = (2.0 * rate).round().max(1.0) as u32;
        Ok(Self {
            encoder: h264::H264Encoder::new(rate, keyframe_every)?,
            track: mp4::Track {
                width: width as u16,
                height: height as u16,
                timescale: TIMESCALE,
                sample_delta: (f64::from(TIMESCALE) / rate).round() as u32,
                sps: Vec::new(),
                pps: Vec::new(),
                samples: Vec::new(),
                created_unix,
            },
            rate,
        })
    }

    /// Encodes the next picture; it must have the video's size.
    pub fn push(&mut self, picture: &Yuv420) -> Result<(), VideoError> {
        if (picture.width, picture.height)
            != (
                usize::from(self.track.width),
                usize::from(self.track.height),
            )
        {
            return Err(VideoError::BadSize {
                width: picture.width,
                height: picture.height,
                reason: "not the video's size",
            });
        }
        let millis = (self.track.samples.len() as f64 * 1000.0 / self.rate).round() as u64;
        let sample = self.encoder.encode(picture, millis)?;
        self.track.samples.push(sample);
        Ok(())
    }

    /// The finished file.
    pub fn finish(mut self) -> Result<Vec<u8>, VideoError> {
        self.track.sps = self.encoder.sps.take().unwrap_or_default();
        self.track.pps = self.encoder.pps.take().unwrap_or_default();
        mp4::write_mp4(&self.track)
    }
}

fn check_size(width: usize, height: usize) -> Result<(), VideoError> {
    let reason = if width == 0 || height == 0 {
        "empty"
    } else if width % 2 == 1 || height % 2 == 1 {
        "4:2:0 video needs even sides"
    } else if width.max(height) > 3840 || width.min(height) > 2160 {
        "H.264 level 5.2 stops at 3840 × 2160"
    } else {
        return Ok(());
    };
    Err(VideoError::BadSize {
        width,
        height,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_that_cannot_be_encoded_are_refused_by_name() {
        let e = Mp4Encoder::new(641, 480, 2.0, 0).err().unwrap();
        assert!(e.to_string().contains("641 × 480"), "{e}");
        assert!(Mp4Encoder::new(4000, 480, 2.0, 0).is_err());
        assert!(Mp4Encoder::new(640, 480, 0.0, 0).is_err());
        let mut enc = Mp4Encoder::new(64, 48, 2.0, 0).unwrap();
        let small = Yuv420::from_rgb(&image::RgbImage::new(32, 48)).unwrap();
        assert!(matches!(enc.push(&small), Err(VideoError::BadSize { .. })));
        assert!(matches!(enc.finish(), Err(VideoError::NoFrames)));
    }
}
