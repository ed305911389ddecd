//! Capture dates written into file names by phones and cameras:
//! `IMG_20260301_101500.jpg`, `PXL_20260301_101500123.jpg`, `2026-03-01 10.15.00.jpg`,
//! `Screenshot 2026-03-01 at 10.15.00.png`, `20260301.jpg`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A date found in a file name, and whether a time followed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileNameDate {
    /// The date, at the time found (midnight when none was).
    pub at: NaiveDateTime,
    /// False when the name gives a day only (`20260301.jpg`): the midnight in `at` is a
    /// placeholder, not a capture time, and must not be shown or used for hour arithmetic.
    pub time_known: bool,
}

/// The first plausible date (1990–2100) in `name`, with the time when one follows it
/// (midnight otherwise; see `parse_dated` to know which).
pub fn parse(name: &str) -> Option<NaiveDateTime> {
    parse_dated(name).map(|d| d.at)
}

/// Like `parse`, and says whether the name carried a time.
pub fn parse_dated(name: &str) -> Option<FileNameDate> {
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A date must not be glued to a digit on its left (it would be part of a longer number).
        if b[i].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && let Some((date, end)) = date_at(b, i)
        {
            let time = time_at(b, end);
            return Some(FileNameDate {
                at: date.and_time(time.unwrap_or(NaiveTime::MIN)),
                time_known: time.is_some(),
            });
        }
        i += 1;
    }
    None
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    s.iter()
        .all(u8::is_ascii_digit)
        .then(|| s.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
}

fn plausible(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    (1990..=2100)
        .contains(&y)
        .then(|| NaiveDate::from_ymd_opt(y as i32, m, d))
        .flatten()
}

/// `YYYYMMDD` or `YYYY-MM-DD` (also `_` or `.` between) at `i`; returns the date and where it ends.
fn date_at(b: &[u8], i: usize) -> Option<(NaiveDate, usize)> {
    let y = digits(b, i, 4)?;
    if let (Some(m), Some(d)) = (digits(b, i + 4, 2), digits(b, i + 6, 2)) {
        // Compact form: not followed by more digits unless a time is glued on (rare) — we
        // accept exactly 8 digits or 8 followed by a separator / end / letters.
        if !b.get(i + 8).is_some_and(u8::is_ascii_digit) {
            return plausible(y, m, d).map(|date| (date, i + 8));
        }
        return None;
    }
    let sep = *b.get(i + 4)?;
    if !matches!(sep, b'-' | b'_' | b'.') || b.get(i + 7) != Some(&sep) {
        return None;
    }
    let m = digits(b, i + 5, 2)?;
    let d = digits(b, i + 8, 2)?;
    if b.get(i + 10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    plausible(y, m, d).map(|date| (date, i + 10))
}

/// A time right after the date: `_101500`, `-101500123`, ` 10.15.00`, ` at 10.15.00`,
/// `_10-15-00`, `T10:15:00`.
fn time_at(b: &[u8], mut i: usize) -> Option<NaiveTime> {
    match b.get(i)? {
        b'_' | b'-' | b' ' | b'T' | b'.' => i += 1,
        _ => return None,
    }
    if b.get(i..i + 3) == Some(b"at ") {
        i += 3;
    }
    let h = digits(b, i, 2)?;
    let (m, s) = if let (Some(m), Some(s)) = (digits(b, i + 2, 2), digits(b, i + 4, 2)) {
        (m, s)
    } else {
        let sep = *b.get(i + 2)?;
        if !matches!(sep, b'.' | b':' | b'-' | b'_') {
            return None;
        }
        (digits(b, i + 3, 2)?, digits(b, i + 6, 2).unwrap_or(0))
    };
    NaiveTime::from_hms_opt(h, m, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str) -> Option<String> {
        parse(name).map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
    }

    #[test]
    fn phone_and_camera_names() {
        assert_eq!(
            p("IMG_20260301_101500.jpg").as_deref(),
            Some("2026-03-01 10:15:00")
        );
        assert_eq!(
            p("PXL_20260301_101500123.jpg").as_deref(),
            Some("2026-03-01 10:15:00")
        );
        assert_eq!(
            p("2026-03-01 10.15.00.jpg").as_deref(),
            Some("2026-03-01 10:15:00")
        );
        assert_eq!(
            p("Screenshot 2026-03-01 at 10.15.00.png").as_deref(),
            Some("2026-03-01 10:15:00")
        );
        assert_eq!(p("20260301.jpg").as_deref(), Some("2026-03-01 00:00:00"));
        assert_eq!(
            p("day3_2026-03-04.jpg").as_deref(),
            Some("2026-03-04 00:00:00")
        );
        assert_eq!(
            p("IMG-20260301-WA0003.jpg").as_deref(),
            Some("2026-03-01 00:00:00")
        );
    }

    #[test]
    fn says_whether_the_name_had_a_time() {
        let known = |n: &str| parse_dated(n).map(|d| d.time_known);
        assert_eq!(known("IMG_20260301_101500.jpg"), Some(true));
        assert_eq!(known("2026-03-01 10.15.00.jpg"), Some(true));
        // A name at exactly midnight still has a time: the flag is about presence, not value.
        assert_eq!(known("IMG_20260301_000000.jpg"), Some(true));
        assert_eq!(known("2026-01-02.jpg"), Some(false));
        assert_eq!(known("20260301.jpg"), Some(false));
        assert_eq!(known("IMG-20260301-WA0003.jpg"), Some(false));
        assert_eq!(known("IMG_1234.jpg"), None);
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert_eq!(p("IMG_1234.jpg"), None);
        assert_eq!(p("DSC_99999999.jpg"), None);
        assert_eq!(p("photo_20261301.jpg"), None);
        assert_eq!(p("123456789012.jpg"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("2026"), None);
    }
}
