//! What a photo's EXIF block says: orientation and capture time. A damaged EXIF block is not
//! an error: the photo still imports, dated from its name or file time.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use exif::{In, Tag, Value};

/// What the EXIF block says about a photo, with defaults where it is silent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PhotoMetadata {
    /// EXIF Orientation, 1–8 (1 when absent or out of range).
    pub orientation: u8,
    /// DateTimeOriginal (or DateTimeDigitized), local camera time.
    pub taken_at: Option<NaiveDateTime>,
    /// OffsetTimeOriginal in minutes east of UTC, when present.
    pub utc_offset_minutes: Option<i32>,
}

impl PhotoMetadata {
    /// Nothing known: upright, undated.
    pub fn upright() -> Self {
        Self {
            orientation: 1,
            ..Default::default()
        }
    }
}

/// Reads orientation and capture time from a photo's bytes; never fails (defaults instead).
pub fn read(bytes: &[u8]) -> PhotoMetadata {
    let meta = PhotoMetadata {
        orientation: 1,
        ..Default::default()
    };
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let exif = match reader.read_from_container(&mut std::io::Cursor::new(bytes)) {
        Ok(e) => e,
        Err(exif::Error::PartialResult(partial)) => partial.into_inner().0,
        Err(_) => return meta,
    };
    from_exif(&exif)
}

/// Reads orientation and capture time from a bare EXIF block (TIFF bytes, as HEIF files keep
/// it in an item of their own); never fails (defaults instead).
pub fn read_exif_block(tiff: &[u8]) -> PhotoMetadata {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    match reader.read_raw(tiff.to_vec()) {
        Ok(e) => from_exif(&e),
        Err(exif::Error::PartialResult(partial)) => from_exif(&partial.into_inner().0),
        Err(_) => PhotoMetadata {
            orientation: 1,
            ..Default::default()
        },
    }
}

fn from_exif(exif: &exif::Exif) -> PhotoMetadata {
    let mut meta = PhotoMetadata {
        orientation: 1,
        ..Default::default()
    };
    if let Some(o) = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        && (1..=8).contains(&o)
    {
        meta.orientation = o as u8;
    }
    for tag in [Tag::DateTimeOriginal, Tag::DateTimeDigitized] {
        if let Some(dt) = exif
            .get_field(tag, In::PRIMARY)
            .and_then(|f| ascii(&f.value))
            .and_then(parse_exif_datetime)
        {
            meta.taken_at = Some(dt);
            meta.utc_offset_minutes = exif
                .get_field(Tag::OffsetTimeOriginal, In::PRIMARY)
                .and_then(|f| ascii(&f.value))
                .and_then(parse_offset);
            break;
        }
    }
    meta
}

fn ascii(v: &Value) -> Option<&[u8]> {
    match v {
        Value::Ascii(parts) => parts.first().map(Vec::as_slice),
        _ => None,
    }
}

/// "2026:03:01 09:30:00" → a checked date-time (kamadak's parser does not check ranges).
pub fn parse_exif_datetime(data: &[u8]) -> Option<NaiveDateTime> {
    let dt = exif::DateTime::from_ascii(data).ok()?;
    NaiveDate::from_ymd_opt(i32::from(dt.year), u32::from(dt.month), u32::from(dt.day))?
        .and_hms_opt(
            u32::from(dt.hour),
            u32::from(dt.minute),
            u32::from(dt.second),
        )
        .filter(|d| d.year() >= 1990)
}

/// "+01:00" → 60, "-05:30" → -330; anything else (or beyond ±14 h) → None.
pub fn parse_offset(data: &[u8]) -> Option<i32> {
    let s = std::str::from_utf8(data)
        .ok()?
        .trim_end_matches('\0')
        .trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let (h, m) = (two_digits(h)?, two_digits(m)?);
    // `then`, not `then_some`: the sum must not be computed for out-of-range parts (a fuzzed
    // "-205302026:430" overflowed it).
    ((0..=14).contains(&h) && (0..60).contains(&m)).then(|| sign * (h * 60 + m))
}

/// "05" or "5" → 5; anything else (signs, spaces, longer numbers) → None.
fn two_digits(s: &str) -> Option<i32> {
    (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_datetimes() {
        assert_eq!(
            parse_exif_datetime(b"2026:03:01 09:30:15")
                .unwrap()
                .to_string(),
            "2026-03-01 09:30:15"
        );
        assert!(parse_exif_datetime(b"2026:13:01 09:30:15").is_none());
        assert!(parse_exif_datetime(b"0000:00:00 00:00:00").is_none());
        assert!(parse_exif_datetime(b"    :  :     :  :  ").is_none());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset(b"+01:00"), Some(60));
        assert_eq!(parse_offset(b"-05:30"), Some(-330));
        assert_eq!(parse_offset(b"+25:00"), None);
        assert_eq!(parse_offset(b"garbage"), None);
        // Found by fuzzing: huge parts must not overflow; signs inside the parts are refused.
        assert_eq!(parse_offset(b"-205302026:430"), None);
        assert_eq!(parse_offset(b"++05:00"), None);
        assert_eq!(parse_offset(b"+05:-1"), None);
    }

    #[test]
    fn no_exif_means_defaults() {
        let m = read(b"not an image at all");
        assert_eq!(m.orientation, 1);
        assert!(m.taken_at.is_none());
    }
}
