//! Dates in the UI: "8 Mar 2026", and a calendar date picker for chrono dates.

use chrono::{Datelike, NaiveDate};

/// "8 Mar 2026", as the guide's labels write dates.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// egui_extras' calendar button (which works on `jiff` dates) for a chrono date.
pub fn date_picker(ui: &mut egui::Ui, date: &mut NaiveDate, id_salt: &str) -> egui::Response {
    let Ok(mut civil) = jiff::civil::Date::new(
        i16::try_from(date.year()).unwrap_or(2026),
        date.month() as i8,
        date.day() as i8,
    ) else {
        return ui.label(format_date(*date));
    };
    let response = ui.add(
        egui_extras::DatePickerButton::new(&mut civil)
            .id_salt(id_salt)
            .show_icon(false)
            .format("%-d %b %Y"),
    );
    if let Some(d) = NaiveDate::from_ymd_opt(
        i32::from(civil.year()),
        civil.month() as u32,
        civil.day() as u32,
    ) {
        *date = d;
    }
    response
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
