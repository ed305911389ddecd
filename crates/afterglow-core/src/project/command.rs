//! Every change to a [`Project`] is a [`Command`]. Applying one returns its inverse, which is
//! what undo runs; redo re-applies the original. Commands only touch the in-memory project:
//! moving files (to and from `trash/`) is the store's job when it saves.

use thiserror::Error;

use super::guide::Guide;
use super::model::{Photo, PhotoId, Project, Region, RegionId, Session, SessionId};
use super::view::View;

/// One undoable change to a `Project`; `apply` returns the command that undoes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Adds newly imported photos (their files are already in `photos/`).
    AddPhotos(Vec<Photo>),
    /// Removes photo records outright; only the inverse of `AddPhotos` uses it.
    ForgetPhotos(Vec<PhotoId>),
    /// Moves a photo to the trash (its file to `trash/` on the next save).
    TrashPhoto(PhotoId),
    /// Brings a photo back from the trash, at position `at` of the photo list (undo puts it
    /// back where it was; `None` appends).
    RestorePhoto {
        /// The photo in the trash.
        id: PhotoId,
        /// Where in the photo list it goes back (`None` appends).
        at: Option<usize>,
    },
    /// Replaces the photo with the same id (annotation, date, alignment, exclusion …).
    UpdatePhoto(Box<Photo>),
    /// Adds a treatment session.
    AddSession(Session),
    /// Replaces the session with the same id.
    UpdateSession(Session),
    /// Removes a session (its photos stay; they are placed against the others).
    RemoveSession(SessionId),
    /// Puts a removed session back at position `at` of the list (the undo of a removal, so
    /// the order comes back too).
    InsertSession {
        /// The session removed.
        session: Session,
        /// Where it was in the list.
        at: usize,
    },
    /// Adds a measurement region.
    AddRegion(Region),
    /// Replaces the region with the same id.
    UpdateRegion(Region),
    /// Removes a region.
    RemoveRegion(RegionId),
    /// Puts a removed region back at position `at` (the undo of a removal).
    InsertRegion {
        /// The region removed.
        region: Region,
        /// Where it was in the list.
        at: usize,
    },
    /// Chooses the reference photo of the main view (`None`: the earliest photo of the view
    /// not excluded).
    SetReference(Option<PhotoId>),
    /// Chooses the reference of a side view (`None`: the earliest photo of that view).
    SetViewReference(View, Option<PhotoId>),
    /// Replaces the project's treatment guide.
    SetGuide(Box<Guide>),
    /// Renames the project.
    Rename(String),
    /// Several changes undone and redone as one.
    Batch(Vec<Command>),
}

/// Why a command could not be applied; the project is then unchanged.
#[derive(Debug, Error, PartialEq)]
pub enum CommandError {
    /// No photo with this id.
    #[error("no photo {0} in the project")]
    NoPhoto(PhotoId),
    /// A photo with this id is already there.
    #[error("photo {0} is already in the project")]
    DuplicatePhoto(PhotoId),
    /// No session with this id.
    #[error("no session {0} in the project")]
    NoSession(u32),
    /// A session with this id is already there.
    #[error("session {0} already exists")]
    DuplicateSession(u32),
    /// No region with this id.
    #[error("no region {0} in the project")]
    NoRegion(u32),
    /// A region with this id is already there.
    #[error("region {0} already exists")]
    DuplicateRegion(u32),
    /// A guide that would not load again (the store checks guides on load).
    #[error("the guide is not valid: {0}")]
    InvalidGuide(String),
}

impl Command {
    /// A short description for menus and toasts ("Undo: set annotation").
    pub fn label(&self) -> &'static str {
        match self {
            Command::AddPhotos(_) => "import photos",
            Command::ForgetPhotos(_) => "remove imported photos",
            Command::TrashPhoto(_) => "move photo to trash",
            Command::RestorePhoto { .. } => "restore photo",
            Command::UpdatePhoto(_) => "edit photo",
            Command::AddSession(_) | Command::InsertSession { .. } => "add session",
            Command::UpdateSession(_) => "edit session",
            Command::RemoveSession(_) => "remove session",
            Command::AddRegion(_) | Command::InsertRegion { .. } => "add region",
            Command::UpdateRegion(_) => "edit region",
            Command::RemoveRegion(_) => "remove region",
            Command::SetReference(_) | Command::SetViewReference(..) => "change reference",
            Command::SetGuide(_) => "edit guide",
            Command::Rename(_) => "rename project",
            Command::Batch(_) => "several changes",
        }
    }

    /// The label, told more precisely from what the command changes in `project` ("Undo
    /// annotation" rather than "Undo edit photo").
    pub fn label_in(&self, project: &Project) -> &'static str {
        let new = match self {
            Command::UpdatePhoto(new) => new,
            // A batch of one change (an alignment run of one photo) is told as that change.
            Command::Batch(commands) if commands.len() == 1 => {
                return commands
                    .first()
                    .map_or(self.label(), |only| only.label_in(project));
            }
            _ => return self.label(),
        };
        let Some(old) = project.photo(&new.id) else {
            return self.label();
        };
        let mirrored = |p: &Photo| p.alignment.as_ref().is_some_and(|a| a.is_mirrored());
        if old.annotation != new.annotation {
            "annotation"
        } else if old.alignment.is_some() && mirrored(old) != mirrored(new) {
            "flip photo"
        } else if old.alignment != new.alignment {
            "alignment"
        } else if old.excluded != new.excluded {
            if new.excluded {
                "exclude photo"
            } else {
                "include photo"
            }
        } else if old.taken_at != new.taken_at || old.date_only != new.date_only {
            "date correction"
        } else if old.eyes != new.eyes {
            "eye marks"
        } else if old.white_patch != new.white_patch {
            "neutral patch"
        } else if old.view_set != new.view_set {
            "view"
        } else {
            self.label()
        }
    }

    /// Applies the command and returns the command that undoes it. On error the project is
    /// unchanged (a failing `Batch` rolls back the steps it already applied).
    pub fn apply(self, project: &mut Project) -> Result<Command, CommandError> {
        Ok(match self {
            Command::AddPhotos(photos) => {
                for p in &photos {
                    if project.photo(&p.id).is_some() || project.trash.iter().any(|t| t.id == p.id)
                    {
                        return Err(CommandError::DuplicatePhoto(p.id.clone()));
                    }
                }
                let ids = photos.iter().map(|p| p.id.clone()).collect();
                project.photos.extend(photos);
                Command::ForgetPhotos(ids)
            }
            Command::ForgetPhotos(ids) => {
                let mut removed = Vec::with_capacity(ids.len());
                for id in &ids {
                    if project.photo(id).is_none() {
                        return Err(CommandError::NoPhoto(id.clone()));
                    }
                }
                project.photos.retain(|p| {
                    if ids.contains(&p.id) {
                        removed.push(p.clone());
                        false
                    } else {
                        true
                    }
                });
                Command::AddPhotos(removed)
            }
            Command::TrashPhoto(id) => {
                let i = index_of(&project.photos, &id)?;
                let mut photo = project.photos.remove(i);
                photo.file = format!("trash/{}", photo.file_name());
                project.trash.push(photo);
                // A project never names a trashed photo as a reference: the view falls back
                // to its earliest photo, and undo names it again.
                let mut undo = vec![Command::RestorePhoto {
                    id: id.clone(),
                    at: Some(i),
                }];
                if project.reference.as_ref() == Some(&id) {
                    project.reference = None;
                    undo.push(Command::SetReference(Some(id.clone())));
                }
                let views: Vec<View> = (project.view_references.iter())
                    .filter(|(_, r)| **r == id)
                    .map(|(v, _)| *v)
                    .collect();
                for view in views {
                    project.view_references.remove(&view);
                    undo.push(Command::SetViewReference(view, Some(id.clone())));
                }
                if undo.len() == 1 {
                    undo.remove(0)
                } else {
                    Command::Batch(undo)
                }
            }
            Command::RestorePhoto { id, at } => {
                let i = index_of(&project.trash, &id)?;
                let mut photo = project.trash.remove(i);
                photo.file = format!("photos/{}", photo.file_name());
                let at = at.unwrap_or(project.photos.len()).min(project.photos.len());
                project.photos.insert(at, photo);
                Command::TrashPhoto(id)
            }
            Command::UpdatePhoto(photo) => {
                let slot = project
                    .photo_mut(&photo.id)
                    .ok_or_else(|| CommandError::NoPhoto(photo.id.clone()))?;
                let before = std::mem::replace(slot, *photo);
                Command::UpdatePhoto(Box::new(before))
            }
            Command::AddSession(session) => {
                if project.session(session.id).is_some() {
                    return Err(CommandError::DuplicateSession(session.id.0));
                }
                let id = session.id;
                project.sessions.push(session);
                Command::RemoveSession(id)
            }
            Command::UpdateSession(session) => {
                let slot = project
                    .sessions
                    .iter_mut()
                    .find(|s| s.id == session.id)
                    .ok_or(CommandError::NoSession(session.id.0))?;
                Command::UpdateSession(std::mem::replace(slot, session))
            }
            Command::RemoveSession(id) => {
                let i = project
                    .sessions
                    .iter()
                    .position(|s| s.id == id)
                    .ok_or(CommandError::NoSession(id.0))?;
                Command::InsertSession {
                    session: project.sessions.remove(i),
                    at: i,
                }
            }
            Command::InsertSession { session, at } => {
                if project.session(session.id).is_some() {
                    return Err(CommandError::DuplicateSession(session.id.0));
                }
                let id = session.id;
                project
                    .sessions
                    .insert(at.min(project.sessions.len()), session);
                Command::RemoveSession(id)
            }
            Command::AddRegion(region) => {
                if project.region(region.id).is_some() {
                    return Err(CommandError::DuplicateRegion(region.id.0));
                }
                let id = region.id;
                project.regions.push(region);
                Command::RemoveRegion(id)
            }
            Command::UpdateRegion(region) => {
                let slot = project
                    .regions
                    .iter_mut()
                    .find(|r| r.id == region.id)
                    .ok_or(CommandError::NoRegion(region.id.0))?;
                Command::UpdateRegion(std::mem::replace(slot, region))
            }
            Command::RemoveRegion(id) => {
                let i = project
                    .regions
                    .iter()
                    .position(|r| r.id == id)
                    .ok_or(CommandError::NoRegion(id.0))?;
                Command::InsertRegion {
                    region: project.regions.remove(i),
                    at: i,
                }
            }
            Command::InsertRegion { region, at } => {
                if project.region(region.id).is_some() {
                    return Err(CommandError::DuplicateRegion(region.id.0));
                }
                let id = region.id;
                project
                    .regions
                    .insert(at.min(project.regions.len()), region);
                Command::RemoveRegion(id)
            }
            Command::SetReference(id) => {
                if let Some(id) = &id
                    && project.photo(id).is_none()
                {
                    return Err(CommandError::NoPhoto(id.clone()));
                }
                Command::SetReference(std::mem::replace(&mut project.reference, id))
            }
            Command::SetViewReference(view, id) => {
                if let Some(id) = &id
                    && project.photo(id).is_none()
                {
                    return Err(CommandError::NoPhoto(id.clone()));
                }
                let old = match id {
                    Some(id) => project.view_references.insert(view, id),
                    None => project.view_references.remove(&view),
                };
                Command::SetViewReference(view, old)
            }
            Command::SetGuide(guide) => {
                guide
                    .validate()
                    .map_err(|e| CommandError::InvalidGuide(e.to_string()))?;
                Command::SetGuide(Box::new(std::mem::replace(&mut project.guide, *guide)))
            }
            Command::Rename(name) => Command::Rename(std::mem::replace(&mut project.name, name)),
            Command::Batch(commands) => {
                let mut inverses = Vec::with_capacity(commands.len());
                for c in commands {
                    match c.apply(project) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            for inv in inverses.into_iter().rev() {
                                // Inverses of just-applied commands cannot fail.
                                inv.apply(project).ok();
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Command::Batch(inverses)
            }
        })
    }
}

fn index_of(photos: &[Photo], id: &PhotoId) -> Result<usize, CommandError> {
    photos
        .iter()
        .position(|p| &p.id == id)
        .ok_or_else(|| CommandError::NoPhoto(id.clone()))
}

/// Undo and redo stacks of inverse commands.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<(Command, &'static str)>,
    redo: Vec<(Command, &'static str)>,
}

impl History {
    /// Applies `command` and records how to undo it; clears the redo stack.
    pub fn apply(&mut self, project: &mut Project, command: Command) -> Result<(), CommandError> {
        let label = command.label_in(project);
        let inverse = command.apply(project)?;
        self.undo.push((inverse, label));
        self.redo.clear();
        Ok(())
    }

    /// Applies `command` as part of the last change (the next step of one gesture, such as a
    /// nudge by keys): one undo takes back both. The last change's inverse already restores
    /// the state before the gesture, so the new step's inverse is dropped. With nothing to
    /// undo it is an ordinary `apply`.
    pub fn apply_merged(
        &mut self,
        project: &mut Project,
        command: Command,
    ) -> Result<(), CommandError> {
        if self.undo.is_empty() {
            return self.apply(project, command);
        }
        command.apply(project)?;
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last change; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<&'static str>, CommandError> {
        let Some((inverse, label)) = self.undo.pop() else {
            return Ok(None);
        };
        match inverse.clone().apply(project) {
            Ok(redo) => {
                self.redo.push((redo, label));
                Ok(Some(label))
            }
            Err(e) => {
                self.undo.push((inverse, label));
                Err(e)
            }
        }
    }

    /// Redoes the last undone change; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<&'static str>, CommandError> {
        let Some((command, label)) = self.redo.pop() else {
            return Ok(None);
        };
        match command.clone().apply(project) {
            Ok(inverse) => {
                self.undo.push((inverse, label));
                Ok(Some(label))
            }
            Err(e) => {
                self.redo.push((command, label));
                Err(e)
            }
        }
    }

    /// True when there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The label of the change `undo` would undo ("Undo" + label in menus).
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|(_, l)| *l)
    }

    /// The label of the change `redo` would redo.
    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|(_, l)| *l)
    }

    /// Forgets every change, undo and redo alike.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use chrono::{NaiveDate, Utc};

    #[test]
    fn undoing_a_removed_session_puts_it_back_where_it_was() {
        let mut p = Project::new("t", Utc::now());
        for (id, day) in [(1, 2), (2, 9), (3, 16)] {
            p.sessions.push(Session::new(
                SessionId(id),
                NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
            ));
        }
        let before = p.clone();
        let mut history = History::default();
        history
            .apply(&mut p, Command::RemoveSession(SessionId(1)))
            .unwrap();
        assert_eq!(p.sessions.len(), 2);
        history.undo(&mut p).unwrap();
        assert_eq!(p, before, "the first session is first again");
        history.redo(&mut p).unwrap();
        assert_eq!(p.sessions.len(), 2);
    }

    #[test]
    fn an_edit_of_a_photo_is_labelled_by_what_it_changes() {
        let mut p = Project::new("t", chrono::Utc::now());
        Command::AddPhotos(vec![photo("aaaa")])
            .apply(&mut p)
            .unwrap();
        let mut history = History::default();
        let mut edited = photo("aaaa");
        edited.annotation.redness = Some(2);
        history
            .apply(&mut p, Command::UpdatePhoto(Box::new(edited.clone())))
            .unwrap();
        assert_eq!(history.undo_label(), Some("annotation"));
        edited.excluded = true;
        history
            .apply(&mut p, Command::UpdatePhoto(Box::new(edited)))
            .unwrap();
        assert_eq!(history.undo_label(), Some("exclude photo"));
    }

    #[test]
    fn a_change_of_the_way_round_is_a_flip_and_undo_gives_the_alignment_back() {
        use crate::geometry::Affine2;
        use crate::project::{AlignMethod, Alignment};
        let mut p = Project::new("t", chrono::Utc::now());
        let mut aligned = photo("aaaa");
        aligned.alignment = Some(Alignment {
            reference_from_photo: Affine2::similarity(1.02, 0.03, 4.0, -7.5),
            method: AlignMethod::Auto,
            score: 0.83,
            comparable: true,
            locked: false,
            reference: Some(PhotoId("bbbb".into())),
            concerns: Vec::new(),
        });
        Command::AddPhotos(vec![aligned.clone()])
            .apply(&mut p)
            .unwrap();
        let mut flipped = aligned.clone();
        if let Some(a) = &mut flipped.alignment {
            a.reference_from_photo = a.reference_from_photo * Affine2::flip_horizontal(640);
            a.locked = true;
        }
        let mut history = History::default();
        history
            .apply(
                &mut p,
                Command::Batch(vec![Command::UpdatePhoto(Box::new(flipped))]),
            )
            .unwrap();
        assert_eq!(history.undo_label(), Some("flip photo"));
        assert!(p.photos[0].alignment.as_ref().unwrap().is_mirrored());
        history.undo(&mut p).unwrap();
        assert_eq!(p.photos[0], aligned);
    }

    #[test]
    fn trashing_the_reference_lets_go_of_it_and_undo_names_it_again() {
        let mut p = Project::new("t", chrono::Utc::now());
        Command::AddPhotos(vec![photo("aaaa"), photo("bbbb")])
            .apply(&mut p)
            .unwrap();
        Command::SetReference(Some(PhotoId("bbbb".into())))
            .apply(&mut p)
            .unwrap();
        let before = p.clone();
        let undo = Command::TrashPhoto(PhotoId("bbbb".into()))
            .apply(&mut p)
            .unwrap();
        assert_eq!(p.reference, None);
        assert_eq!(p.reference_photo().unwrap().id.0, "aaaa");
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
    }

    fn photo(id: &str) -> Photo {
        Photo {
            byte_len: 10,
            ..Photo::new(
                id,
                NaiveDate::from_ymd_opt(2026, 3, 1)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
                10,
                10,
            )
        }
    }

    #[test]
    fn every_command_undoes_and_redoes() {
        let mut p = Project::new("t", Utc::now());
        let mut h = History::default();
        let original = p.clone();
        let s = Session::new(SessionId(1), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let mut edited = photo("aaaa");
        edited.annotation.redness = Some(2);
        let steps = vec![
            Command::AddPhotos(vec![photo("aaaa"), photo("bbbb")]),
            Command::AddSession(s.clone()),
            Command::UpdateSession(Session {
                notes: "n".into(),
                ..s.clone()
            }),
            Command::UpdatePhoto(Box::new(edited)),
            Command::SetReference(Some(PhotoId("bbbb".into()))),
            Command::SetViewReference(View::Left45, Some(PhotoId("aaaa".into()))),
            Command::TrashPhoto(PhotoId("aaaa".into())),
            Command::Rename("new".into()),
            Command::RemoveSession(SessionId(1)),
        ];
        let mut snapshots = vec![p.clone()];
        for c in steps {
            h.apply(&mut p, c).unwrap();
            snapshots.push(p.clone());
        }
        assert_eq!(p.trash.len(), 1);
        assert_eq!(p.trash[0].file, "trash/aaaa.jpg");
        for expected in snapshots.iter().rev().skip(1) {
            h.undo(&mut p).unwrap().unwrap();
            assert_eq!(&p, expected);
        }
        assert_eq!(p, original);
        assert_eq!(h.undo(&mut p).unwrap(), None);
        for expected in snapshots.iter().skip(1) {
            h.redo(&mut p).unwrap().unwrap();
            assert_eq!(&p, expected);
        }
    }

    #[test]
    fn merged_steps_undo_and_redo_as_one() {
        let mut p = Project::new("t", Utc::now());
        let mut h = History::default();
        h.apply(&mut p, Command::AddPhotos(vec![photo("aaaa")]))
            .unwrap();
        let before = p.clone();
        let step = |redness| {
            let mut q = photo("aaaa");
            q.annotation.redness = Some(redness);
            Command::UpdatePhoto(Box::new(q))
        };
        h.apply(&mut p, step(1)).unwrap();
        h.apply_merged(&mut p, step(2)).unwrap();
        h.apply_merged(&mut p, step(3)).unwrap();
        let after = p.clone();
        h.undo(&mut p).unwrap().unwrap();
        assert_eq!(p, before, "one undo takes back the whole gesture");
        h.redo(&mut p).unwrap().unwrap();
        assert_eq!(p, after, "and one redo brings its end back");
        // With nothing to undo, a merged step is an ordinary one.
        let mut fresh = History::default();
        let mut q = Project::new("t", Utc::now());
        fresh
            .apply_merged(&mut q, Command::Rename("x".into()))
            .unwrap();
        assert!(fresh.can_undo());
    }

    #[test]
    fn guide_edits_undo_and_redo_and_invalid_guides_are_refused() {
        let mut p = Project::new("t", Utc::now());
        let mut h = History::default();
        let original = p.guide.clone();
        let mut edited = original.clone();
        edited.session_interval_days = 42;
        edited.planned_sessions = 5;
        edited.milestones.remove(0);
        h.apply(&mut p, Command::SetGuide(Box::new(edited.clone())))
            .unwrap();
        assert_eq!(p.guide, edited);
        assert_eq!(h.undo(&mut p).unwrap(), Some("edit guide"));
        assert_eq!(p.guide, original);
        h.redo(&mut p).unwrap();
        assert_eq!(p.guide, edited);

        let mut bad = edited.clone();
        bad.milestones[0].end_hours = bad.milestones[0].start_hours - 1.0;
        let err = h.apply(&mut p, Command::SetGuide(Box::new(bad)));
        assert!(matches!(err, Err(CommandError::InvalidGuide(_))), "{err:?}");
        assert_eq!(p.guide, edited, "a refused guide changes nothing");
    }

    #[test]
    fn failing_batch_changes_nothing() {
        let mut p = Project::new("t", Utc::now());
        let before = p.clone();
        let err = Command::Batch(vec![
            Command::AddPhotos(vec![photo("aaaa")]),
            Command::TrashPhoto(PhotoId("zzzz".into())),
        ])
        .apply(&mut p)
        .unwrap_err();
        assert_eq!(err, CommandError::NoPhoto(PhotoId("zzzz".into())));
        assert_eq!(p, before);
    }

    #[test]
    fn duplicate_photo_is_refused() {
        let mut p = Project::new("t", Utc::now());
        Command::AddPhotos(vec![photo("aaaa")])
            .apply(&mut p)
            .unwrap();
        assert!(
            Command::AddPhotos(vec![photo("aaaa")])
                .apply(&mut p)
                .is_err()
        );
        assert_eq!(p.photos.len(), 1);
    }

    #[test]
    fn new_edit_clears_redo() {
        let mut p = Project::new("t", Utc::now());
        let mut h = History::default();
        h.apply(&mut p, Command::Rename("a".into())).unwrap();
        h.undo(&mut p).unwrap();
        assert!(h.can_redo());
        h.apply(&mut p, Command::Rename("b".into())).unwrap();
        assert!(!h.can_redo());
    }
}
