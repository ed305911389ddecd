//! Bringing a sync tool's conflict copy of `project.json` back into the project: what the
//! other machine added comes in (photos whose files are present, sessions, regions, notes,
//! scores, tags); where both machines changed the same thing, the current value is kept and
//! the other is written into the photo's or session's note and listed. Nothing is dropped
//! silently. There is no common ancestor to tell who changed what, so "changed on both
//! sides" means: present in both, with different values.

use super::{Annotation, Command, Photo, Project, Session};

/// What a conflict copy holds that the current project does not, in words.
#[derive(Debug, Default, PartialEq)]
pub struct Difference {
    /// Photos the copy lists that the project does not.
    pub photos_only_there: usize,
    /// Sessions the copy lists that the project does not.
    pub sessions_only_there: usize,
    /// Regions the copy has that the project does not.
    pub regions_only_there: usize,
    /// Photos in both whose note, scores or tags differ.
    pub annotations_differ: usize,
    /// Sessions in both that differ.
    pub sessions_differ: usize,
}

impl Difference {
    /// True when the copy holds nothing the current project lacks or disagrees on.
    pub fn is_empty(&self) -> bool {
        *self == Difference::default()
    }

    /// "2 photos and 1 session not in project.json; 1 photo's notes differ".
    pub fn summary(&self) -> String {
        let count = |n: usize, one: &str, many: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        let mut only = Vec::new();
        if self.photos_only_there > 0 {
            only.push(count(self.photos_only_there, "photo", "photos"));
        }
        if self.sessions_only_there > 0 {
            only.push(count(self.sessions_only_there, "session", "sessions"));
        }
        if self.regions_only_there > 0 {
            only.push(count(self.regions_only_there, "region", "regions"));
        }
        let mut parts = Vec::new();
        if !only.is_empty() {
            parts.push(format!("{} not in project.json", only.join(", ")));
        }
        if self.annotations_differ > 0 {
            parts.push(format!(
                "{} in notes, scores or tags",
                count(self.annotations_differ, "photo differs", "photos differ")
            ));
        }
        if self.sessions_differ > 0 {
            parts.push(count(
                self.sessions_differ,
                "session differs",
                "sessions differ",
            ));
        }
        if parts.is_empty() {
            "nothing that project.json does not already hold".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

/// What `other` holds that `current` lacks or disagrees on.
pub fn difference(current: &Project, other: &Project) -> Difference {
    let mut d = Difference::default();
    for p in &other.photos {
        match current.photo(&p.id) {
            None => d.photos_only_there += 1,
            Some(c) if c.annotation != p.annotation => d.annotations_differ += 1,
            Some(_) => {}
        }
    }
    for s in &other.sessions {
        match current.sessions.iter().find(|c| c.id == s.id) {
            None => d.sessions_only_there += 1,
            Some(c) if c != s => d.sessions_differ += 1,
            Some(_) => {}
        }
    }
    d.regions_only_there = (other.regions.iter())
        .filter(|r| !current.regions.iter().any(|c| c.id == r.id))
        .count();
    d
}

/// What a merge did, line by line, for the user.
#[derive(Debug, Default)]
pub struct MergeReport {
    /// "photo IMG_0042.jpg", "session 4 (2026-05-01)", "redness 3 on IMG_0042.jpg"…
    pub brought_in: Vec<String>,
    /// Photos the copy lists whose files are not in the project folder.
    pub missing: Vec<String>,
    /// Changed on both sides: the current value kept, the other written into a note.
    pub both_changed: Vec<String>,
}

impl MergeReport {
    /// True when the copy brought nothing in and disagreed on nothing.
    pub fn is_empty(&self) -> bool {
        self.brought_in.is_empty() && self.missing.is_empty() && self.both_changed.is_empty()
    }
}

/// `current` with what `other` (read from the file `from`) adds; `file_present` says whether a
/// photo's original is in the project folder (a photo without it is not brought in).
pub fn merge(
    current: &Project,
    other: &Project,
    from: &str,
    file_present: impl Fn(&Photo) -> bool,
) -> (Project, MergeReport) {
    let mut merged = current.clone();
    let mut report = MergeReport::default();
    for theirs in &other.photos {
        let name = theirs.original_name.clone();
        match merged.photos.iter_mut().find(|p| p.id == theirs.id) {
            None if file_present(theirs) => {
                merged.photos.push(theirs.clone());
                report.brought_in.push(format!("photo {name}"));
            }
            None => report.missing.push(name),
            Some(ours) => {
                let mut kept = Vec::new();
                merge_annotation(
                    &mut ours.annotation,
                    &theirs.annotation,
                    &name,
                    &mut report,
                    &mut kept,
                );
                // The rest of a photo (date, alignment, exclusion, eyes, patch) is the current
                // side's; a difference is recorded.
                let mut other_fields = Vec::new();
                if ours.taken_at != theirs.taken_at || ours.date_only != theirs.date_only {
                    other_fields.push(format!("date {}", theirs.taken_at.format("%Y-%m-%d %H:%M")));
                }
                if ours.alignment != theirs.alignment {
                    other_fields.push("its alignment".to_owned());
                }
                if ours.excluded != theirs.excluded {
                    let state = if theirs.excluded {
                        "excluded"
                    } else {
                        "included"
                    };
                    other_fields.push(state.to_owned());
                }
                if ours.eyes != theirs.eyes {
                    other_fields.push("its eye marks".to_owned());
                }
                if ours.white_patch != theirs.white_patch {
                    other_fields.push("its neutral patch".to_owned());
                }
                kept.extend(other_fields);
                if !kept.is_empty() {
                    report
                        .both_changed
                        .push(format!("{name}: {}", kept.join(", ")));
                    append_line(
                        &mut ours.annotation.note,
                        &format!("From {from}: {}", kept.join(", ")),
                    );
                }
            }
        }
    }
    for theirs in &other.sessions {
        let label = format!("session {} ({})", theirs.id.0, theirs.date);
        match merged.sessions.iter_mut().find(|s| s.id == theirs.id) {
            None => {
                merged.sessions.push(theirs.clone());
                report.brought_in.push(label);
            }
            Some(ours) if ours != theirs => {
                let words = session_words(theirs);
                append_line(&mut ours.notes, &format!("From {from}: {words}"));
                report
                    .both_changed
                    .push(format!("{label}: kept; theirs was {words}"));
            }
            Some(_) => {}
        }
    }
    for theirs in &other.regions {
        match merged.regions.iter().find(|r| r.id == theirs.id) {
            None if !merged
                .regions
                .iter()
                .any(|r| r.name.eq_ignore_ascii_case(&theirs.name)) =>
            {
                merged.regions.push(theirs.clone());
                report.brought_in.push(format!("region {}", theirs.name));
            }
            None => report.both_changed.push(format!(
                "region {}: a region of that name is already here",
                theirs.name
            )),
            Some(ours) if ours != theirs => report
                .both_changed
                .push(format!("region {}: kept as it is here", ours.name)),
            Some(_) => {}
        }
    }
    if merged.guide != other.guide {
        report
            .both_changed
            .push("the treatment guide: kept as it is here".to_owned());
    }
    merged.sessions.sort_by_key(|s| (s.date, s.time));
    (merged, report)
}

/// The merge as one undoable change: the command that turns `current` into `merged` (what
/// `merge` returned for it), or `None` when the merge changes nothing. The app applies this,
/// so one Undo takes a merge back.
pub fn as_command(current: &Project, merged: &Project) -> Option<Command> {
    let mut commands = Vec::new();
    let added: Vec<Photo> = (merged.photos.iter())
        .filter(|p| current.photo(&p.id).is_none())
        .cloned()
        .collect();
    if !added.is_empty() {
        commands.push(Command::AddPhotos(added));
    }
    for photo in &merged.photos {
        if current.photo(&photo.id).is_some_and(|ours| ours != photo) {
            commands.push(Command::UpdatePhoto(Box::new(photo.clone())));
        }
    }
    for session in &merged.sessions {
        match current.session(session.id) {
            None => commands.push(Command::AddSession(session.clone())),
            Some(ours) if ours != session => {
                commands.push(Command::UpdateSession(session.clone()));
            }
            Some(_) => {}
        }
    }
    for region in &merged.regions {
        if current.region(region.id).is_none() {
            commands.push(Command::AddRegion(region.clone()));
        }
    }
    (!commands.is_empty()).then_some(Command::Batch(commands))
}

/// Scores, note and tags: what only the other side set comes in; what both set differently
/// stays ours, and theirs goes into `kept` (for the note).
fn merge_annotation(
    ours: &mut Annotation,
    theirs: &Annotation,
    name: &str,
    report: &mut MergeReport,
    kept: &mut Vec<String>,
) {
    for (what, mine, other) in [
        ("redness", &mut ours.redness, theirs.redness),
        ("texture", &mut ours.texture, theirs.texture),
    ] {
        match (*mine, other) {
            (None, Some(v)) => {
                *mine = Some(v);
                report.brought_in.push(format!("{what} {v} on {name}"));
            }
            (Some(a), Some(b)) if a != b => kept.push(format!("{what} {b}")),
            _ => {}
        }
    }
    if ours.note.trim().is_empty() && !theirs.note.trim().is_empty() {
        ours.note = theirs.note.clone();
        report.brought_in.push(format!("the note on {name}"));
    } else if !theirs.note.trim().is_empty() && !ours.note.contains(theirs.note.trim()) {
        kept.push(format!("note \"{}\"", theirs.note.trim()));
    }
    for tag in &theirs.tags {
        if !ours.tags.contains(tag) {
            ours.tags.push(tag.clone());
            report.brought_in.push(format!("tag {tag} on {name}"));
        }
    }
}

fn session_words(s: &Session) -> String {
    let mut words = vec![s.date.to_string()];
    if let Some(t) = s.time {
        words.push(t.format("%H:%M").to_string());
    }
    for text in [
        &s.treatment,
        &s.device,
        &s.product,
        &s.practitioner,
        &s.notes,
    ] {
        if !text.trim().is_empty() {
            words.push(text.trim().to_owned());
        }
    }
    if let Some(d) = s.depth_mm {
        words.push(format!("{d} mm"));
    }
    words.join(", ")
}

/// Adds `line` to `text` on a line of its own, unless it is already there (so merging the
/// same copy twice writes it once).
fn append_line(text: &mut String, line: &str) {
    if text.contains(line) {
        return;
    }
    if !text.trim().is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Session, SessionId};
    use chrono::{NaiveDate, Utc};

    fn photo(name: &str) -> Photo {
        let taken = NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        Photo::new(name, taken, 100, 100)
    }

    fn base() -> Project {
        let mut p = Project::new("t", Utc::now());
        p.photos = vec![photo("a"), photo("b")];
        p.sessions = vec![Session::new(
            SessionId(1),
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        )];
        p
    }

    #[test]
    fn the_merge_as_one_command_gives_the_merged_project_and_undoes_to_the_current() {
        let current = base();
        let mut other = base();
        other.photos[0].annotation.redness = Some(3);
        other.photos.push(photo("c"));
        other.sessions.push(Session::new(
            SessionId(2),
            NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        ));
        let (merged, _) = merge(&current, &other, "copy.json", |_| true);
        let command = as_command(&current, &merged).expect("the merge changes something");
        let mut applied = current.clone();
        let undo = command.apply(&mut applied).unwrap();
        let by_date = |p: &Project| {
            let mut p = p.clone();
            p.sessions.sort_by_key(|s| (s.date, s.time));
            p
        };
        assert_eq!(by_date(&applied), by_date(&merged));
        undo.apply(&mut applied).unwrap();
        assert_eq!(applied, current);
        assert_eq!(as_command(&current, &current), None);
    }

    #[test]
    fn what_the_other_machine_added_comes_in_and_both_sides_changes_are_kept_in_notes() {
        let current = {
            let mut p = base();
            p.photos[0].annotation.redness = Some(2);
            p.photos[0].annotation.note = "calm".into();
            p
        };
        let other = {
            let mut p = base();
            p.photos[0].annotation.redness = Some(3);
            p.photos[0].annotation.note = "a bit red".into();
            p.photos[1].annotation.texture = Some(1);
            p.photos.push(photo("c"));
            p.photos.push(photo("gone"));
            p.sessions.push(Session::new(
                SessionId(2),
                NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
            ));
            p
        };
        let diff = difference(&current, &other);
        assert_eq!(diff.photos_only_there, 2);
        assert_eq!(diff.sessions_only_there, 1);
        assert_eq!(diff.annotations_differ, 2);
        assert!(
            diff.summary()
                .contains("2 photos, 1 session not in project.json"),
            "{}",
            diff.summary()
        );

        let from = "project (conflicted copy).json";
        let (merged, report) = merge(&current, &other, from, |p| p.original_name != "gone.jpg");
        assert_eq!(merged.photos.len(), 3, "c came in, gone did not");
        assert_eq!(report.missing, ["gone.jpg"]);
        assert_eq!(merged.sessions.len(), 2);
        let a = merged.photo(&current.photos[0].id).unwrap();
        assert_eq!(a.annotation.redness, Some(2), "ours kept");
        assert!(a.annotation.note.starts_with("calm"));
        assert!(
            a.annotation
                .note
                .contains(&format!("From {from}: redness 3, note \"a bit red\"")),
            "{}",
            a.annotation.note
        );
        let b = merged.photo(&current.photos[1].id).unwrap();
        assert_eq!(b.annotation.texture, Some(1), "set only there: brought in");
        assert!(
            report
                .both_changed
                .iter()
                .any(|l| l.starts_with("a.jpg: redness 3")),
            "{report:?}"
        );

        // Merging the same copy again brings nothing more in and writes nothing twice.
        let (again, report2) = merge(&merged, &other, from, |p| p.original_name != "gone.jpg");
        assert_eq!(again.photos.len(), 3);
        assert_eq!(again.sessions.len(), 2);
        assert!(report2.brought_in.is_empty(), "{report2:?}");
        assert_eq!(
            again.photo(&current.photos[0].id).unwrap().annotation.note,
            a.annotation.note
        );
    }

    #[test]
    fn a_session_changed_on_both_sides_keeps_ours_and_notes_theirs() {
        let current = base();
        let mut other = base();
        other.sessions[0].depth_mm = Some(1.0);
        let (merged, report) = merge(&current, &other, "project 2.json", |_| true);
        assert_eq!(merged.sessions[0].depth_mm, None);
        assert!(
            merged.sessions[0]
                .notes
                .contains("From project 2.json: 2026-03-02"),
            "{}",
            merged.sessions[0].notes
        );
        assert!(merged.sessions[0].notes.contains("1 mm"));
        assert_eq!(report.both_changed.len(), 1);
        assert!(difference(&current, &current).is_empty());
    }
}
