//! Dates as the UI writes them: "8 Mar 2026" (the picker is `chrome/date_picker.rs`).

use chrono::NaiveDate;

/// "8 Mar 2026", as the guide's labels write dates.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_the_guide() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        assert_eq!(format_date(d), "8 Mar 2026");
    }
}
