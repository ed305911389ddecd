//! The capture time a Google Takeout export keeps beside a photo, in a JSON sidecar
//! (`photoTakenTime.timestamp`, seconds since 1970 in UTC), for photos whose EXIF lost it.
//!
//! Takeout names the sidecar after the photo in several ways over the years:
//! `IMG_1.jpg.json`, `IMG_1.jpg.supplemental-metadata.json` (cut short when the name would pass
//! 51 characters, e.g. `IMG_1.jpg.supplemental-metad.json`), `IMG_1.json`; a duplicate
//! `IMG_1(1).jpg` has `IMG_1.jpg(1).json`; and a name over 46 characters is cut to 46 before
//! `.json`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Local, NaiveDateTime, Utc};

/// What the sidecar beside a photo says about its capture time.
#[derive(Clone, Debug, PartialEq)]
pub enum SidecarDate {
    /// No sidecar, or one without a capture time.
    None,
    /// The capture time in this computer's time zone, and that zone's offset from UTC then.
    Found {
        /// Local time of capture.
        taken_at: NaiveDateTime,
        /// Minutes east of UTC.
        utc_offset_minutes: i32,
    },
    /// A sidecar whose capture time cannot be right; the reason names the file.
    Ignored(String),
}

/// Largest sidecar read (Takeout's are a few kB; anything far larger is not one).
const MAX_SIDECAR_BYTES: u64 = 1 << 20;

/// The capture time in the sidecar of the photo at `photo`, if it has one.
pub fn sidecar_date(photo: &Path) -> SidecarDate {
    let Some(sidecar) = find(photo) else {
        return SidecarDate::None;
    };
    let name = sidecar
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match read(&sidecar) {
        Ok(Some(utc)) => {
            let local = DateTime::<Local>::from(utc);
            SidecarDate::Found {
                taken_at: local.naive_local(),
                utc_offset_minutes: local.offset().local_minus_utc() / 60,
            }
        }
        Ok(None) => SidecarDate::None,
        Err(why) => SidecarDate::Ignored(format!("sidecar {name} ignored: {why}")),
    }
}

/// The sidecar file of `photo`, trying Takeout's namings in turn.
fn find(photo: &Path) -> Option<PathBuf> {
    let dir = photo.parent()?;
    let name = photo.file_name()?.to_str()?;
    let mut candidates = vec![
        format!("{name}.json"),
        format!("{name}.supplemental-metadata.json"),
    ];
    if let Some((stem, ext)) = name.rsplit_once('.') {
        candidates.push(format!("{stem}.json"));
        // IMG_1(1).jpg → IMG_1.jpg(1).json
        if let Some(open) = stem.rfind('(').filter(|_| stem.ends_with(')')) {
            let (base, counter) = stem.split_at(open);
            candidates.push(format!("{base}.{ext}{counter}.json"));
        }
    }
    if name.chars().count() > 46 {
        candidates.push(format!(
            "{}.json",
            name.chars().take(46).collect::<String>()
        ));
    }
    if let Some(found) = candidates.iter().map(|c| dir.join(c)).find(|p| p.is_file()) {
        return Some(found);
    }
    // A cut-short "supplemental-metadata": IMG_1.jpg.supplemental-metad.json, IMG_1.jpg.su.json
    let prefix = format!("{name}.");
    std::fs::read_dir(dir).ok()?.flatten().find_map(|e| {
        let n = e.file_name();
        let n = n.to_str()?;
        let middle = n.strip_prefix(&prefix)?.strip_suffix(".json")?;
        ("supplemental-metadata".starts_with(middle) && !middle.is_empty()).then(|| e.path())
    })
}

/// The UTC capture time in a sidecar; `Ok(None)` when it has none, `Err` when it cannot be
/// read or its time is not plausible (before 1990 or more than a day in the future).
fn read(sidecar: &Path) -> Result<Option<DateTime<Utc>>, String> {
    let len = std::fs::metadata(sidecar).map_err(|e| e.to_string())?.len();
    if len > MAX_SIDECAR_BYTES {
        return Err(format!("{len} bytes is too large for a sidecar"));
    }
    let text = std::fs::read_to_string(sidecar).map_err(|e| e.to_string())?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("not valid JSON ({e})"))?;
    let Some(stamp) = json.get("photoTakenTime").and_then(|t| t.get("timestamp")) else {
        return Ok(None);
    };
    let seconds = match stamp {
        serde_json::Value::String(s) => s.trim().parse::<i64>().ok(),
        serde_json::Value::Number(n) => n.as_i64(),
        _ => None,
    }
    .ok_or_else(|| format!("its photoTakenTime {stamp} is not a number of seconds"))?;
    let utc = DateTime::<Utc>::from_timestamp(seconds, 0)
        .ok_or_else(|| format!("its photoTakenTime {seconds} is out of range"))?;
    if utc.year() < 1990 || utc > Utc::now() + chrono::Duration::days(1) {
        return Err(format!(
            "its photoTakenTime {} cannot be a capture time",
            utc.format("%Y-%m-%d %H:%M UTC")
        ));
    }
    Ok(Some(utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn takeout(dir: &Path, sidecar: &str, timestamp: &str) {
        std::fs::write(
            dir.join(sidecar),
            format!(
                r#"{{"title": "x", "photoTakenTime": {{"timestamp": {timestamp}, "formatted": "…"}}}}"#
            ),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    fn utc_of(found: SidecarDate) -> DateTime<Utc> {
        let SidecarDate::Found {
            taken_at,
            utc_offset_minutes,
        } = found
        else {
            panic!("{found:?}");
        };
        (taken_at - chrono::Duration::minutes(i64::from(utc_offset_minutes))).and_utc()
    }

    #[test]
    fn every_takeout_naming_is_found() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path();
        let cases = [
            ("a.jpg", "a.jpg.json"),
            ("b.jpg", "b.jpg.supplemental-metadata.json"),
            ("c.jpg", "c.jpg.supplemental-metad.json"),
            ("d.jpg", "d.json"),
            ("e(1).jpg", "e.jpg(1).json"),
            (
                "PXL_20260301_091500123.PORTRAIT-01.ORIGINAL.COVER.jpg",
                "PXL_20260301_091500123.PORTRAIT-01.ORIGINAL.CO.json",
            ),
        ];
        for (photo, sidecar) in cases {
            takeout(d, sidecar, "\"1772356500\"");
            let found = sidecar_date(&d.join(photo));
            assert!(
                matches!(found, SidecarDate::Found { .. }),
                "{photo}: {found:?}"
            );
            assert_eq!(
                utc_of(found).timestamp(),
                1_772_356_500,
                "{photo} → {sidecar}"
            );
        }
        assert_eq!(sidecar_date(&d.join("none.jpg")), SidecarDate::None);
    }

    #[test]
    fn nonsense_dates_and_broken_files_are_ignored_with_the_reason() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path();
        takeout(d, "zero.jpg.json", "\"0\"");
        takeout(d, "future.jpg.json", "\"99999999999\"");
        takeout(d, "words.jpg.json", "\"yesterday\"");
        std::fs::write(d.join("broken.jpg.json"), "{ not json").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(d.join("album.jpg.json"), r#"{"title": "no time here"}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        for name in ["zero.jpg", "future.jpg", "words.jpg", "broken.jpg"] {
            let SidecarDate::Ignored(why) = sidecar_date(&d.join(name)) else {
                panic!("{name}: not ignored");
            };
            assert!(
                why.contains(&format!("{name}.json")),
                "names the file: {why}"
            );
        }
        assert_eq!(sidecar_date(&d.join("album.jpg")), SidecarDate::None);
        // A number, not a string, is read too.
        takeout(d, "n.jpg.json", "1772356500");
        assert_eq!(
            utc_of(sidecar_date(&d.join("n.jpg"))).timestamp(),
            1_772_356_500
        );
    }
}
