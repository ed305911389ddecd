//! Files that come with photos but are not photos: the videos of Live Photos and phone
//! exports, and the sidecars that export tools write beside each photo. An import skips them
//! without a word each, and counts them for its summary.

use std::path::Path;

/// Why a file was skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkipKind {
    /// A video (a Live Photo's `.MOV`, a clip in an export).
    Video,
    /// A sidecar: Google Takeout's `.json`, Apple's `.AAE` edits, an `.xmp`, a `.THM` thumbnail.
    Sidecar,
}

const VIDEO_EXTENSIONS: &[&str] = &[
    "mov", "mp4", "m4v", "3gp", "3g2", "avi", "mkv", "webm", "mts", "m2ts", "wmv",
];
const SIDECAR_EXTENSIONS: &[&str] = &["json", "aae", "xmp", "thm"];

/// What kind of companion file `path` is, by its extension; `None` for anything else.
pub fn skip_kind(path: &Path) -> Option<SkipKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if VIDEO_EXTENSIONS.contains(&ext.as_str()) {
        Some(SkipKind::Video)
    } else if SIDECAR_EXTENSIONS.contains(&ext.as_str()) {
        Some(SkipKind::Sidecar)
    } else {
        None
    }
}

/// "skipped 12 videos and 30 sidecar files", or `None` when nothing was skipped.
pub fn skipped_summary(videos: usize, sidecars: usize) -> Option<String> {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let parts: Vec<String> = [
        (videos > 0).then(|| plural(videos, "video", "videos")),
        (sidecars > 0).then(|| plural(sidecars, "sidecar file", "sidecar files")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("skipped {}", parts.join(" and ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_photo_videos_and_export_sidecars_are_recognised_in_any_case() {
        assert_eq!(skip_kind(Path::new("IMG_0001.MOV")), Some(SkipKind::Video));
        assert_eq!(skip_kind(Path::new("clip.mp4")), Some(SkipKind::Video));
        assert_eq!(
            skip_kind(Path::new("IMG_0001.AAE")),
            Some(SkipKind::Sidecar)
        );
        assert_eq!(
            skip_kind(Path::new("IMG_0001.jpg.supplemental-metadata.json")),
            Some(SkipKind::Sidecar)
        );
        assert_eq!(skip_kind(Path::new("IMG_0001.HEIC")), None);
        assert_eq!(skip_kind(Path::new("notes.txt")), None);
    }

    #[test]
    fn the_summary_counts_in_words() {
        assert_eq!(skipped_summary(0, 0), None);
        assert_eq!(
            skipped_summary(12, 30).as_deref(),
            Some("skipped 12 videos and 30 sidecar files")
        );
        assert_eq!(skipped_summary(1, 0).as_deref(), Some("skipped 1 video"));
        assert_eq!(
            skipped_summary(0, 1).as_deref(),
            Some("skipped 1 sidecar file")
        );
    }
}
