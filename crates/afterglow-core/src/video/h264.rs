//! H.264 through OpenH264 (built from its bundled source by the `openh264` crate): Constrained
//! Baseline, which every browser and phone decodes. One picture in, one MP4 sample out; the
//! parameter sets are kept aside for the MP4's `avcC`.

use openh264::OpenH264API;
use openh264::encoder::{
    Complexity, Encoder, EncoderConfig, FrameRate, FrameType, IntraFramePeriod, QpRange,
    RateControlMode, UsageType, VuiConfig,
};

use super::VideoError;
use super::mp4::Sample;
use super::yuv::Yuv420;

/// The quantiser for every picture: fixed, so quality does not depend on a bit-rate guess.
/// 26 keeps skin texture and caption edges (decoded frames are checked against the source in
/// tests/timelapse_mp4.rs) at well under 2 MB for 15 frames at 1080 px.
const QP: u8 = 26;

/// NAL unit types (H.264 Table 7-1) the muxer treats apart.
const NAL_SPS: u8 = 7;
const NAL_PPS: u8 = 8;
const NAL_IDR: u8 = 5;

/// Encodes pictures of one size into MP4 samples.
pub struct H264Encoder {
    encoder: Encoder,
    /// The first sequence and picture parameter sets seen (OpenH264 repeats them unchanged
    /// before each IDR picture).
    pub sps: Option<Vec<u8>>,
    /// See `sps`.
    pub pps: Option<Vec<u8>>,
}

impl H264Encoder {
    /// An encoder for `rate` pictures per second, with an IDR picture every `keyframe_every`
    /// pictures (so a player can seek).
    pub fn new(rate: f64, keyframe_every: u32) -> Result<Self, VideoError> {
        let config = EncoderConfig::new()
            .usage_type(UsageType::CameraVideoRealTime)
            .rate_control_mode(RateControlMode::Off)
            .qp(QpRange::new(QP, QP))
            // Every picture is kept: the frame count and timing are the video's.
            .skip_frames(false)
            .max_frame_rate(FrameRate::from_hz(rate as f32))
            .intra_frame_period(IntraFramePeriod::from_num_frames(keyframe_every.max(1)))
            .complexity(Complexity::Medium)
            .vui(VuiConfig::bt709());
        let encoder = Encoder::with_api_config(OpenH264API::from_source(), config)
            .map_err(|e| VideoError::Encoder(e.to_string()))?;
        Ok(Self {
            encoder,
            sps: None,
            pps: None,
        })
    }

    /// Encodes one picture at `millis` into a sample.
    pub fn encode(&mut self, picture: &Yuv420, millis: u64) -> Result<Sample, VideoError> {
        let stream = self
            .encoder
            .encode_at(picture, openh264::Timestamp::from_millis(millis))
            .map_err(|e| VideoError::Encoder(e.to_string()))?;
        if matches!(
            stream.frame_type(),
            FrameType::Skip | FrameType::Invalid | FrameType::IPMixed
        ) {
            return Err(VideoError::Encoder(format!(
                "the encoder gave a {:?} picture",
                stream.frame_type()
            )));
        }
        let mut data = Vec::new();
        let mut sync = false;
        for l in 0..stream.num_layers() {
            let Some(layer) = stream.layer(l) else {
                continue;
            };
            for n in 0..layer.nal_count() {
                let Some(nal) = layer.nal_unit(n).map(strip_start_code) else {
                    continue;
                };
                let Some(&header) = nal.first() else {
                    continue;
                };
                match header & 0x1F {
                    NAL_SPS => keep_once(&mut self.sps, nal)?,
                    NAL_PPS => keep_once(&mut self.pps, nal)?,
                    kind => {
                        sync |= kind == NAL_IDR;
                        let len = u32::try_from(nal.len()).map_err(|_| VideoError::TooLarge)?;
                        data.extend_from_slice(&len.to_be_bytes());
                        data.extend_from_slice(nal);
                    }
                }
            }
        }
        if data.is_empty() {
            return Err(VideoError::Encoder(
                "the encoder gave an empty picture".into(),
            ));
        }
        Ok(Sample { data, sync })
    }
}

/// Keeps the first parameter set; a different one later would need a second sample entry,
/// which this muxer does not write.
fn keep_once(slot: &mut Option<Vec<u8>>, nal: &[u8]) -> Result<(), VideoError> {
    match slot {
        None => *slot = Some(nal.to_vec()),
        Some(kept) if kept.as_slice() == nal => {}
        Some(_) => {
            return Err(VideoError::Encoder(
                "the encoder changed its parameter sets mid-stream".into(),
            ));
        }
    }
    Ok(())
}

/// The NAL unit without its Annex B start code (00 00 01 or 00 00 00 01).
fn strip_start_code(nal: &[u8]) -> &[u8] {
    let zeros = nal.iter().take_while(|&&b| b == 0).count();
    if zeros >= 2 && nal.get(zeros) == Some(&1) {
        &nal[zeros + 1..]
    } else {
        nal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_codes_of_both_lengths_are_stripped() {
        assert_eq!(strip_start_code(&[0, 0, 0, 1, 0x67, 5]), &[0x67, 5]);
        assert_eq!(strip_start_code(&[0, 0, 1, 0x68]), &[0x68]);
        assert_eq!(strip_start_code(&[0x65, 0, 0, 1]), &[0x65, 0, 0, 1]);
    }

    #[test]
    fn pictures_become_length_prefixed_samples_with_parameter_sets_aside() {
        let img =
            image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
        let yuv = Yuv420::from_rgb(&img).unwrap();
        let mut enc = H264Encoder::new(2.0, 2).unwrap();
        let samples: Vec<Sample> = (0..3).map(|i| enc.encode(&yuv, i * 500).unwrap()).collect();
        assert_eq!(
            samples.iter().map(|s| s.sync).collect::<Vec<_>>(),
            [true, false, true]
        );
        let sps = enc.sps.unwrap();
        assert_eq!(sps[0] & 0x1F, NAL_SPS);
        assert_eq!(sps[1], 66, "Baseline profile");
        assert_eq!(enc.pps.unwrap()[0] & 0x1F, NAL_PPS);
        for s in &samples {
            // Walk the length prefixes: they cover the sample exactly, no parameter sets.
            let mut at = 0;
            while at < s.data.len() {
                let len = u32::from_be_bytes(s.data[at..at + 4].try_into().unwrap()) as usize;
                let kind = s.data[at + 4] & 0x1F;
                assert!(kind != NAL_SPS && kind != NAL_PPS);
                at += 4 + len;
            }
            assert_eq!(at, s.data.len());
        }
    }
}
