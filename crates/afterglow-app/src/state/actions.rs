//! What the UI asks for while drawing a frame. Panels never change the project or start work
//! themselves: they push an [`Action`], and the app applies them all after the frame is drawn,
//! so every change goes through one place (and through `Command`, for undo and autosave).

use std::path::PathBuf;

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{Command, PhotoId};

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A change to the project, undoable.
    Apply(Command),
    Undo,
    Redo,
    /// Open a file or folder dialog (on a worker, so the window keeps drawing).
    Dialog(DialogPurpose),
    OpenProject(PathBuf),
    CreateProject {
        root: PathBuf,
        name: String,
    },
    OpenSample,
    CloseProject,
    /// Close the window (after the unsaved-drafts question was answered).
    Quit,
    ForgetRecent(PathBuf),
    Import(Vec<PathBuf>),
    AlignProject,
    AlignPhoto(PhotoId),
    /// Align this photo again the other way round (mirrored when it is not) and lock it.
    FlipPhoto(PhotoId),
    /// Make this photo the reference of its view (aligned first when its regions need it).
    MakeReference(PhotoId),
    /// Compute the redness change between two photos (unless it is already being computed).
    HeatMap {
        before: PhotoId,
        after: PhotoId,
        key: u64,
        /// Δa* at full colour.
        range: f32,
    },
    /// The user moved a photo over the reference by `change` (reference coordinates).
    Nudged {
        photo: PhotoId,
        change: Affine2,
    },
    /// The user clicked both eye centres of a photo (photo coordinates, left first).
    EyesMarked {
        photo: PhotoId,
        eyes: [Point; 2],
    },
    CancelJob(u64),
    Error(String),
    Info(String),
    /// Measure redness and texture in every photo (on a worker; the cache makes it quick).
    Measure,
    /// Put the photo in the compare view's active pane and switch to the Compare tab.
    ShowInCompare(PhotoId),
    /// Open the Export window (top bar, Ctrl+E).
    OpenExport,
    /// Make the export the Export window describes, the first file at this path.
    ExportTo(PathBuf),
    /// Put `file` back as the missing original of `photo` (checked against its hash).
    Locate {
        photo: PhotoId,
        file: PathBuf,
    },
    /// Show this folder in the system's file manager.
    OpenFolder(PathBuf),
    /// The user dragged a neutral patch (photo coordinates) on a photo: check it, then store it.
    PatchMarked {
        photo: PhotoId,
        patch: afterglow_core::project::Rect,
    },
    /// Place the default regions from the face the detector finds in the reference.
    PlaceDefaultRegions,
    /// Carry this photo's neutral patch to every other aligned photo of its view without one.
    SpreadPatch(PhotoId),
    /// Merge the sync tool's conflict copy at this index of those found into the project.
    MergeConflictCopy(usize),
}

/// Why a file dialog was opened, so its answer goes to the right place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    /// Pick the folder in which to create a project with this name.
    NewProjectIn(String),
    OpenProject,
    Import,
    /// Import every photo in a folder (and its subfolders).
    ImportFolder,
    /// Where to save an export: the folder to start in and the proposed file name.
    Export {
        folder: Option<PathBuf>,
        name: String,
    },
    /// The file to put back as this photo's missing original.
    Locate(afterglow_core::project::PhotoId),
}
