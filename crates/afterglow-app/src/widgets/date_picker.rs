//! A calendar date picker for chrono dates.

use chrono::{Datelike, NaiveDate};

use crate::state::dates::format_date;

/// egui_extras' calendar button (which works on `jiff` dates) for a chrono date.
pub fn date_picker_ui(ui: &mut egui::Ui, date: &mut NaiveDate, id_salt: &str) -> egui::Response {
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
