//! The state of one open project: the project and its undo history, what is selected, the view,
//! drafts of text being typed, and whether the latest change is saved.

use std::time::{Duration, Instant};

use afterglow_core::project::{Command, CommandError, History, PhotoId, Project, SessionId, View};
use afterglow_core::store::OpenProject;

use super::analysis::AnalysisState;
use super::export_choices::ExportDialog;
use super::heat::HeatState;
use super::library_index::LibraryIndex;
use super::missing::MissingState;
use super::tool::Tool;

/// Changes are saved this long after the last one (typing a note does not save per key).
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(800);

/// How long after a failed save it is tried again by itself.
pub const SAVE_RETRY_DELAY: Duration = Duration::from_secs(20);

/// Which part of the project the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CentralTab {
    #[default]
    Compare,
    Sessions,
    Timeline,
    Measurements,
    Guide,
}

/// The synced zoom and pan of every pane, in the reference frame's pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    /// Screen points per frame pixel.
    pub zoom: f32,
    /// The frame point at the centre of each pane.
    pub centre: egui::Pos2,
    /// Recompute zoom and centre so the whole frame fits each frame.
    pub fit: bool,
    /// Zoom to the face once, at the next frame (Fit face).
    pub fit_face: bool,
}

impl Default for ViewTransform {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            centre: egui::Pos2::ZERO,
            fit: true,
            fit_face: false,
        }
    }
}

/// The compare view's panes: which photo each shows and which one takes the next pick.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Panes {
    pub photos: [Option<PhotoId>; 4],
    /// 0-based index of the pane the next clicked thumbnail goes to.
    pub active: usize,
}

/// The note typed so far for one photo, and the saved note it started from.
#[derive(Clone, Debug)]
pub struct NoteDraft {
    pub photo: PhotoId,
    pub text: String,
    pub base: String,
}

/// A photo's date being corrected: the day, and the time unless only the day is known.
#[derive(Clone, Debug)]
pub struct DateDraft {
    pub photo: PhotoId,
    pub date: chrono::NaiveDate,
    /// Off when the user knows the day but not the time: the photo is then stored date-only.
    pub time_known: bool,
    pub hour: u32,
    pub minute: u32,
}

/// Text the user is typing, committed as one command when the field loses focus.
#[derive(Clone, Debug, Default)]
pub struct Drafts {
    /// The note being typed.
    pub note: Option<NoteDraft>,
    pub new_tag: String,
    /// Date correction in progress.
    pub date: Option<DateDraft>,
    /// The session being edited and its edited copy.
    pub session: Option<afterglow_core::project::Session>,
    /// Session id to confirm removal of.
    pub remove_session: Option<SessionId>,
    /// Photo to confirm moving to the trash.
    pub trash_photo: Option<PhotoId>,
    /// "Place default regions" waits for the user to confirm replacing the ones there are.
    pub confirm_default_regions: bool,
}

/// Whether the project on disk holds the latest change.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    Saved,
    /// Changed; saved shortly.
    Pending,
    Saving,
    Failed(String),
    ReadOnly(String),
}

#[derive(Debug, Default)]
pub struct SaveState {
    /// The revision last known to be on disk.
    pub saved_revision: u64,
    /// The revision a running save job is writing.
    pub in_flight: Option<u64>,
    pub last_change: Option<Instant>,
    pub error: Option<String>,
    /// When the last save failed: it is tried again [`SAVE_RETRY_DELAY`] later (the disk may
    /// have room again), as well as on the next change.
    pub failed_at: Option<Instant>,
}

pub struct Workspace {
    pub open: OpenProject,
    pub history: History,
    /// Bumped by every change to the project.
    pub revision: u64,
    pub save: SaveState,
    pub index: LibraryIndex,
    pub panes: Panes,
    pub tab: CentralTab,
    pub view: ViewTransform,
    pub tool: Tool,
    pub drafts: Drafts,
    pub heat: HeatState,
    /// Files the last import refused, with the reason, until the user closes the list.
    pub rejected: Vec<String>,
    /// Files the last import brought in with something to know (a sidecar date ignored),
    /// listed under the refused ones until the list is closed.
    pub import_notes: Vec<String>,
    /// Jobs started for this project; results of others (an earlier project) are ignored.
    pub jobs: Vec<u64>,
    /// The timeline, the measurements and the guide being edited.
    pub analysis: AnalysisState,
    /// The Export window, while it is open.
    pub export: Option<ExportDialog>,
    /// Photos whose original file is missing.
    pub missing: MissingState,
    /// The library shows only this view's photos (`None`: every view).
    pub library_view: Option<View>,
    /// The gesture the last change was a step of, and when (see `apply_step`).
    pub gesture: Option<(String, Instant)>,
    /// Photos an import brought that are older than the reference: the question whether to
    /// keep it is open while this is not empty.
    pub older_photos: Vec<PhotoId>,
    /// The photo to become the reference once its alignment comes back.
    pub pending_reference: Option<PhotoId>,
    /// The photo as it was when the Nudge tool started (what Reset and Cancel put back).
    pub nudge_start: Option<afterglow_core::project::Photo>,
    /// Closing (the project or the window) waits for the answer about unsaved drafts.
    pub closing: Option<crate::panels::unsaved_drafts::AfterDrafts>,
    /// Sync tools' conflict copies of project.json found on open, to offer for merging.
    pub conflicts: crate::panels::sync_conflicts::ConflictState,
}

/// A pause this long between two steps of a gesture makes the second a new undo step.
pub const GESTURE_PAUSE: Duration = Duration::from_millis(1500);

impl Workspace {
    pub fn new(open: OpenProject) -> Self {
        let index = LibraryIndex::build(&open.project, 0);
        Self {
            open,
            history: History::default(),
            revision: 0,
            save: SaveState::default(),
            index,
            panes: Panes::default(),
            tab: CentralTab::default(),
            view: ViewTransform::default(),
            tool: Tool::default(),
            drafts: Drafts::default(),
            heat: HeatState::default(),
            library_view: None,
            gesture: None,
            older_photos: Vec::new(),
            pending_reference: None,
            closing: None,
            conflicts: Default::default(),
            nudge_start: None,
            rejected: Vec::new(),
            import_notes: Vec::new(),
            jobs: Vec::new(),
            analysis: Default::default(),
            export: None,
            missing: MissingState::default(),
        }
        .with_default_panes()
    }

    fn with_default_panes(mut self) -> Self {
        self.fill_empty_panes();
        self.panes.active = 1;
        self
    }

    /// Fills empty first and second panes with the comparison people come for: the reference
    /// (the baseline) and the latest photo.
    /// Both of the main view, or of the first pane's view when it holds a photo.
    pub fn fill_empty_panes(&mut self) {
        let project = &self.open.project;
        let reference = project.reference_photo().map(|p| p.id.clone());
        if self.panes.photos[0].is_none() {
            self.panes.photos[0] = reference.clone();
        }
        let view = (self.panes.photos[0].as_ref())
            .and_then(|id| project.photo(id))
            .map_or_else(|| project.main_view(), |p| p.view());
        if self.panes.photos[1].is_none() {
            self.panes.photos[1] = project
                .photos_by_date()
                .into_iter()
                .rev()
                .find(|p| {
                    !p.excluded && p.view() == view && Some(&p.id) != self.panes.photos[0].as_ref()
                })
                .map(|p| p.id.clone());
        }
    }

    pub fn project(&self) -> &Project {
        &self.open.project
    }

    /// Where the compare view is now, to be brought back when the project is opened again.
    pub fn left_view(&self) -> crate::state::settings::ProjectView {
        crate::state::settings::ProjectView {
            root: self.open.paths.root.clone(),
            panes: self.panes.photos.clone(),
            active: self.panes.active,
            zoom: self.view.zoom,
            centre: [self.view.centre.x, self.view.centre.y],
            fit: self.view.fit,
        }
    }

    /// Brings back the panes and zoom of `view`: photos no longer in the project are left out
    /// (their panes get the defaults), and a zoom that makes no sense is fitted instead.
    pub fn restore_view(&mut self, view: &crate::state::settings::ProjectView) {
        for (pane, id) in self.panes.photos.iter_mut().zip(&view.panes) {
            if let Some(id) = id
                .as_ref()
                .filter(|id| self.open.project.photo(id).is_some())
            {
                *pane = Some(id.clone());
            }
        }
        self.panes.active = view.active.min(3);
        let sensible =
            view.zoom.is_finite() && view.zoom > 0.0 && view.centre.iter().all(|c| c.is_finite());
        if !view.fit && sensible {
            self.view.zoom = view.zoom;
            self.view.centre = egui::pos2(view.centre[0], view.centre[1]);
            self.view.fit = false;
        }
    }

    pub fn read_only_reason(&self) -> Option<&str> {
        self.open.read_only_reason.as_deref()
    }

    /// The photo the details panel shows: the one in the active pane.
    pub fn focused(&self) -> Option<&PhotoId> {
        self.panes.photos[self.panes.active].as_ref()
    }

    /// Applies a change through the history (so it can be undone) and schedules a save.
    pub fn apply(&mut self, command: Command) -> Result<(), String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(format!("This project is open read-only ({reason})."));
        }
        self.history
            .apply(&mut self.open.project, command)
            .map_err(describe)?;
        self.gesture = None;
        self.changed();
        Ok(())
    }

    /// Applies one step of a gesture (`gesture` names it, e.g. nudging one photo): steps of
    /// the same gesture less than `GESTURE_PAUSE` apart are one undo step, so thirteen key
    /// presses of a nudge are undone at once, and a pause starts a new step.
    pub fn apply_step(&mut self, command: Command, gesture: String) -> Result<(), String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(format!("This project is open read-only ({reason})."));
        }
        let now = Instant::now();
        let continues = matches!(&self.gesture, Some((g, at)) if *g == gesture
            && now.duration_since(*at) < GESTURE_PAUSE);
        let project = &mut self.open.project;
        if continues {
            self.history.apply_merged(project, command)
        } else {
            self.history.apply(project, command)
        }
        .map_err(describe)?;
        self.gesture = Some((gesture, now));
        self.changed();
        Ok(())
    }

    /// Undoes the last change; returns what was undone.
    pub fn undo(&mut self) -> Result<Option<&'static str>, String> {
        // Whatever comes next starts a new undo step.
        self.gesture = None;
        let label = self
            .history
            .undo(&mut self.open.project)
            .map_err(describe)?;
        if label.is_some() {
            self.changed();
        }
        Ok(label)
    }

    pub fn redo(&mut self) -> Result<Option<&'static str>, String> {
        self.gesture = None;
        let label = self
            .history
            .redo(&mut self.open.project)
            .map_err(describe)?;
        if label.is_some() {
            self.changed();
        }
        Ok(label)
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.save.error = None;
        self.save.last_change = Some(Instant::now());
        // Photos may have left the project (trash, undone import): empty their panes.
        let project = &self.open.project;
        for slot in &mut self.panes.photos {
            if slot.as_ref().is_some_and(|id| project.photo(id).is_none()) {
                *slot = None;
            }
        }
    }

    /// Rebuilds the library index when the project changed since it was built.
    pub fn refresh_index(&mut self) {
        if self.index.revision != self.revision {
            self.index = LibraryIndex::build(&self.open.project, self.revision);
        }
    }

    pub fn save_status(&self) -> SaveStatus {
        if let Some(reason) = self.read_only_reason() {
            return SaveStatus::ReadOnly(reason.to_owned());
        }
        if let Some(e) = &self.save.error {
            return SaveStatus::Failed(e.clone());
        }
        if self.save.saved_revision == self.revision {
            SaveStatus::Saved
        } else if self.save.in_flight.is_some() {
            SaveStatus::Saving
        } else {
            SaveStatus::Pending
        }
    }

    /// The revision to save now, if a save is due (debounced, one at a time).
    pub fn due_save(&self, now: Instant) -> Option<u64> {
        if self.read_only_reason().is_some()
            || self.save.in_flight.is_some()
            || self.save.saved_revision == self.revision
        {
            return None;
        }
        let quiet = self
            .save
            .last_change
            .is_none_or(|t| now.duration_since(t) >= AUTOSAVE_DELAY);
        // After a failure, wait for the next change or the retry delay rather than loop.
        let retry_due = self
            .save
            .failed_at
            .is_none_or(|t| now.duration_since(t) >= SAVE_RETRY_DELAY);
        (quiet && (self.save.error.is_none() || retry_due)).then_some(self.revision)
    }

    /// Puts `photo` in the active pane (the details panel then shows it). Choose another pane
    /// by clicking it or with the keys 1–4.
    ///
    /// A comparison stays within one view: panes showing a photo of another view than the one
    /// picked are given that view's reference (or, for the picked reference itself, the
    /// view's latest photo).
    pub fn pick(&mut self, photo: PhotoId, pane_count: usize) {
        self.panes.active = self.panes.active.min(pane_count - 1);
        let project = &self.open.project;
        if let Some(view) = project.photo(&photo).map(|p| p.view()) {
            let of_view: Vec<&PhotoId> = (project.photos_by_date().into_iter())
                .filter(|p| !p.excluded && p.view() == view)
                .map(|p| &p.id)
                .collect();
            let reference = project.reference_photo_for(view).map(|p| &p.id);
            let other = reference
                .filter(|r| **r != photo)
                .or_else(|| of_view.iter().rev().copied().find(|p| **p != photo))
                .cloned();
            for (i, slot) in self.panes.photos.iter_mut().enumerate() {
                let elsewhere = slot
                    .as_ref()
                    .and_then(|id| project.photo(id))
                    .is_some_and(|p| p.view() != view);
                if i != self.panes.active && elsewhere {
                    *slot = other.clone();
                }
            }
        }
        self.panes.photos[self.panes.active] = Some(photo);
    }

    /// Steps the active pane to the previous (`-1`) or next (`+1`) photo by date.
    pub fn step(&mut self, by: isize) {
        let order = &self.index.order;
        if order.is_empty() {
            return;
        }
        let current = self.panes.photos[self.panes.active]
            .as_ref()
            .and_then(|id| order.iter().position(|o| o == id));
        let next = match current {
            Some(i) => (i as isize + by).clamp(0, order.len() as isize - 1) as usize,
            None if by < 0 => order.len() - 1,
            None => 0,
        };
        let count = self.panes.photos.len();
        self.pick(order[next].clone(), count);
    }
}

fn describe(e: CommandError) -> String {
    format!("That change could not be made: {e}.")
}
