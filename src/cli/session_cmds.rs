//! `session` and `set-date`: the treatment sessions and a photo's date.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use afterglow_core::project::{Command, Session, SessionId, View};

use super::args::{SessionCommand, SessionFields};
use super::shared::{Status, apply_and_save, open_for_writing};

pub(super) fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .with_context(|| format!("{text:?} is not a date; write it as YYYY-MM-DD"))
}

pub(super) fn parse_time(text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .with_context(|| format!("{text:?} is not a time; write it as HH:MM"))
}

/// A date with its time, or a date alone (`None` for the time: the photo is then date-only,
/// not placed at midnight).
pub(super) fn parse_date_time(text: &str) -> Result<(NaiveDate, Option<NaiveTime>)> {
    let t = text.trim();
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, f) {
            return Ok((d.date(), Some(d.time())));
        }
    }
    let day = parse_date(t)
        .with_context(|| format!("{text:?} is not a date; write it as YYYY-MM-DD HH:MM"))?;
    Ok((day, None))
}

impl SessionFields {
    fn apply_to(self, s: &mut Session) -> Result<()> {
        if let Some(d) = self.date {
            s.date = parse_date(&d)?;
        }
        if let Some(t) = self.time {
            s.time = Some(parse_time(&t)?);
        }
        if let Some(depth) = self.depth {
            if !(0.0..=5.0).contains(&depth) {
                bail!("needle depth {depth} mm is outside 0–5 mm");
            }
            s.depth_mm = Some(depth);
        }
        for (value, field) in [
            (self.treatment, &mut s.treatment),
            (self.device, &mut s.device),
            (self.product, &mut s.product),
            (self.practitioner, &mut s.practitioner),
            (self.notes, &mut s.notes),
        ] {
            if let Some(v) = value {
                *field = v;
            }
        }
        Ok(())
    }
}

pub(super) fn cmd_session(command: SessionCommand) -> Result<Status> {
    match command {
        SessionCommand::Add { project, fields } => {
            let Some(date) = fields.date.clone() else {
                bail!("session add needs --date YYYY-MM-DD");
            };
            let mut open = open_for_writing(&project)?;
            let id = open.project.next_session_id();
            let mut session = Session::new(id, parse_date(&date)?);
            fields.apply_to(&mut session)?;
            apply_and_save(&mut open, Command::AddSession(session))?;
            eprintln!("added session {} on {date}", id.0);
        }
        SessionCommand::Edit {
            project,
            id,
            fields,
        } => {
            let mut open = open_for_writing(&project)?;
            let mut session = open
                .project
                .session(SessionId(id))
                .cloned()
                .ok_or_else(|| anyhow!("{}: no session {id}", project.display()))?;
            fields.apply_to(&mut session)?;
            apply_and_save(&mut open, Command::UpdateSession(session))?;
        }
        SessionCommand::Remove { project, id } => {
            let mut open = open_for_writing(&project)?;
            apply_and_save(&mut open, Command::RemoveSession(SessionId(id)))?;
        }
    }
    Ok(Status::Ok)
}

pub(super) fn cmd_set_date(root: &Path, photo: &str, date: &str) -> Result<Status> {
    let mut open = open_for_writing(root)?;
    let (day, time) = parse_date_time(date)?;
    let mut p = open
        .project
        .photo_by_prefix(photo)
        .cloned()
        .ok_or_else(|| anyhow!("{}: no photo matches {photo:?}", root.display()))?;
    p.set_taken_by_hand(day, time);
    apply_and_save(&mut open, Command::UpdatePhoto(Box::new(p)))?;
    Ok(Status::Ok)
}

pub(super) fn cmd_set_view(root: &Path, photo: &str, view: &str) -> Result<Status> {
    let mut open = open_for_writing(root)?;
    let view_set = if view.trim().eq_ignore_ascii_case("auto") {
        None
    } else {
        Some(
            view.parse::<View>()
                .map_err(|e| anyhow!("{}: {e} (or auto)", root.display()))?,
        )
    };
    let mut p = open
        .project
        .photo_by_prefix(photo)
        .cloned()
        .ok_or_else(|| anyhow!("{}: no photo matches {photo:?}", root.display()))?;
    p.view_set = view_set;
    let (name, now) = (p.original_name.clone(), p.view());
    apply_and_save(&mut open, Command::UpdatePhoto(Box::new(p)))?;
    let how = if view_set.is_some() {
        "set by hand"
    } else {
        "from the face's turn"
    };
    say!("{name}: {now} view ({how}); run `afterglow align` to align it within that view");
    Ok(Status::Ok)
}
