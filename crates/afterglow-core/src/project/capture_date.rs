//! A photo's capture date as people read it: with its time when the time is known, as a day
//! only when it is not (`Photo::date_only`), and the order photos are listed in.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{DateSource, Photo};

/// "2 Jan 2026, 14:05", or "2 Jan 2026" when only the date is known.
pub fn readable_taken(at: NaiveDateTime, date_only: bool) -> String {
    if date_only {
        at.format("%-d %b %Y").to_string()
    } else {
        at.format("%-d %b %Y, %H:%M").to_string()
    }
}

/// "2026-01-02 14:05", or "2026-01-02" when only the date is known.
pub fn iso_taken(at: NaiveDateTime, date_only: bool) -> String {
    if date_only {
        at.format("%Y-%m-%d").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M").to_string()
    }
}

impl Photo {
    /// The day the photo was taken.
    pub fn taken_on(&self) -> NaiveDate {
        self.taken_at.date()
    }

    /// The time of day it was taken, `None` when only the day is known (the midnight stored
    /// in `taken_at` is then a placeholder, not a time to show or count hours from).
    pub fn time_taken(&self) -> Option<NaiveTime> {
        (!self.date_only).then(|| self.taken_at.time())
    }

    /// "2 Jan 2026, 14:05", or "2 Jan 2026" for a date-only photo.
    pub fn taken_label(&self) -> String {
        readable_taken(self.taken_at, self.date_only)
    }

    /// "2026-01-02 14:05", or "2026-01-02" for a date-only photo (the CLI's and CSV's form).
    pub fn taken_iso(&self) -> String {
        iso_taken(self.taken_at, self.date_only)
    }

    /// Sorts photos by capture: by day, a date-only photo after the timed ones of its day
    /// (it may have been taken at any hour, and on a session day the guide counts it from
    /// the session, so listing it first would put it before the day's "before" photos),
    /// then by time and id. Photos that all have times keep their old order.
    pub fn capture_order_key(&self) -> (NaiveDate, bool, NaiveDateTime, &str) {
        (self.taken_on(), self.date_only, self.taken_at, &self.id.0)
    }

    /// Sets the capture date by hand: with a time, or the day only (`time` `None`, stored
    /// at midnight and marked `date_only`).
    pub fn set_taken_by_hand(&mut self, day: NaiveDate, time: Option<NaiveTime>) {
        self.taken_at = day.and_time(time.unwrap_or(NaiveTime::MIN));
        self.date_only = time.is_none();
        self.taken_at_source = DateSource::Manual;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    fn photo(id: &str, at: &str, date_only: bool) -> Photo {
        Photo {
            date_only,
            ..Photo::new(id, at.parse().unwrap(), 10, 10)
        }
    }

    #[test]
    fn a_date_only_photo_reads_without_a_time() {
        let p = photo("a", "2026-01-02T00:00:00", true);
        assert_eq!(p.time_taken(), None);
        assert_eq!(p.taken_label(), "2 Jan 2026");
        assert_eq!(p.taken_iso(), "2026-01-02");
        // Midnight is a real time when the camera said so.
        let timed = photo("b", "2026-01-02T00:00:00", false);
        assert_eq!(timed.taken_label(), "2 Jan 2026, 00:00");
        assert_eq!(timed.taken_iso(), "2026-01-02 00:00");
    }

    #[test]
    fn a_date_only_photo_sorts_after_the_timed_photos_of_its_day() {
        let early = photo("z", "2026-01-02T09:00:00", false);
        let day_only = photo("a", "2026-01-02T00:00:00", true);
        let next_day = photo("b", "2026-01-03T08:00:00", false);
        let mut v = [&next_day, &day_only, &early];
        v.sort_by(|a, b| a.capture_order_key().cmp(&b.capture_order_key()));
        let ids: Vec<&str> = v.iter().map(|p| p.id.0.as_str()).collect();
        assert_eq!(ids, ["z", "a", "b"]);
    }

    #[test]
    fn setting_the_date_by_hand_keeps_or_clears_date_only() {
        let mut p = photo("a", "2026-01-02T10:30:00", false);
        p.set_taken_by_hand(day("2026-01-05"), None);
        assert!(p.date_only);
        assert_eq!(p.taken_at.to_string(), "2026-01-05 00:00:00");
        assert_eq!(p.taken_at_source, DateSource::Manual);
        p.set_taken_by_hand(day("2026-01-05"), NaiveTime::from_hms_opt(14, 0, 0));
        assert!(!p.date_only);
        assert_eq!(p.taken_at.to_string(), "2026-01-05 14:00:00");
    }

    #[test]
    fn date_only_is_written_only_when_set_and_old_files_load() {
        let timed = photo("a", "2026-01-02T00:00:00", false);
        let json = serde_json::to_string(&timed).unwrap();
        assert!(!json.contains("date_only"), "{json}");
        // A file written before the field existed reads as timed.
        let back: Photo = serde_json::from_str(&json).unwrap();
        assert!(!back.date_only);
        let day = Photo {
            date_only: true,
            ..timed
        };
        let json = serde_json::to_string(&day).unwrap();
        assert!(json.contains("\"date_only\":true"), "{json}");
        let back: Photo = serde_json::from_str(&json).unwrap();
        assert!(back.date_only);
    }
}
