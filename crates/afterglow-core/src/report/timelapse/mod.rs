//! The timelapse: every photo in date order, aligned and cropped to the face, captioned with
//! its date and day, as an MP4 (H.264) or an animated GIF. The pictures are made once
//! (`frames.rs`) and encoded by either (`mp4.rs`, `gif.rs`). Frames are re-encoded from
//! pixels: no EXIF, GPS, camera data or file names (unless asked); the MP4 carries its
//! creation time and nothing else.

mod frames;
mod gif;
mod mp4;

use std::path::Path;

pub use frames::{Schedule, Step, schedule, timelapse_frames};

use super::ReportError;
use crate::project::Project;
use crate::store::ProjectPaths;

/// The file a timelapse is written as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimelapseFormat {
    /// H.264 video in an MP4: small, plays in browsers, phones and messengers.
    #[default]
    Mp4,
    /// An animated GIF.
    Gif,
}

impl TimelapseFormat {
    /// The format an output path asks for by its extension (.mp4 or .gif, any case).
    pub fn from_path(path: &Path) -> Result<Self, ReportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("mp4") => Ok(Self::Mp4),
            Some("gif") => Ok(Self::Gif),
            _ => Err(ReportError::TimelapseFormat(path.to_path_buf())),
        }
    }

    /// "mp4" or "gif".
    pub fn extension(self) -> &'static str {
        match self {
            Self::Mp4 => "mp4",
            Self::Gif => "gif",
        }
    }

    /// The frames' long side unless asked otherwise: full HD for video; smaller for a GIF,
    /// whose size grows fast with its pixels.
    pub fn default_max_side(self) -> u32 {
        match self {
            Self::Mp4 => 1080,
            Self::Gif => 480,
        }
    }
}

/// How the timelapse is made.
#[derive(Clone, Copy, Debug)]
pub struct TimelapseOptions {
    /// MP4 or GIF.
    pub format: TimelapseFormat,
    /// Photos per second (0.2–30).
    pub fps: f32,
    /// The long side of each frame's photo in pixels (a smaller face crop is enlarged).
    pub max_side: u32,
    /// Fade each photo into the next over the second half of its time.
    pub crossfade: bool,
    /// Show original file names in the captions (off by default: they can carry private details).
    pub keep_names: bool,
    /// The MP4's creation time, seconds since 1970 UTC (`None`: when it is made). Fixed, the
    /// same project gives the same bytes.
    pub created_unix: Option<u64>,
}

impl TimelapseOptions {
    /// The defaults for `format`: 1.5 photos a second, its default size, no crossfade, no
    /// file names.
    pub fn new(format: TimelapseFormat) -> Self {
        Self {
            format,
            fps: 1.5,
            max_side: format.default_max_side(),
            crossfade: false,
            keep_names: false,
            created_unix: None,
        }
    }
}

impl Default for TimelapseOptions {
    fn default() -> Self {
        Self::new(TimelapseFormat::default())
    }
}

/// Share of the progress for making the frames; the rest is encoding.
const FRAMES_SHARE: f32 = 0.6;

/// The timelapse file's bytes, in `options.format`. `progress` gets 0–1.
pub fn build_timelapse(
    paths: &ProjectPaths,
    project: &Project,
    options: &TimelapseOptions,
    progress: &(dyn Fn(f32) + Sync),
) -> Result<Vec<u8>, ReportError> {
    let frames = timelapse_frames(paths, project, options, &|f| progress(f * FRAMES_SHARE))?;
    let schedule = schedule(frames.len(), options.fps, options.crossfade);
    let encoding = |f: f32| progress(FRAMES_SHARE + (1.0 - FRAMES_SHARE) * f);
    match options.format {
        TimelapseFormat::Gif => gif::encode_gif(&frames, &schedule, &encoding),
        TimelapseFormat::Mp4 => {
            let created = options.created_unix.unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            });
            mp4::encode_mp4(&frames, &schedule, created, &encoding)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_chooses_the_format_and_others_are_refused_by_name() {
        assert_eq!(
            TimelapseFormat::from_path(Path::new("a/x.MP4")).unwrap(),
            TimelapseFormat::Mp4
        );
        assert_eq!(
            TimelapseFormat::from_path(Path::new("x.gif")).unwrap(),
            TimelapseFormat::Gif
        );
        for bad in ["x.mov", "x", "x.mp4.txt"] {
            let e = TimelapseFormat::from_path(Path::new(bad)).unwrap_err();
            let m = e.to_string();
            assert!(
                m.contains(bad) && m.contains(".mp4") && m.contains(".gif"),
                "{m}"
            );
        }
    }
}
