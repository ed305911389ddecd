//! Why a job did not finish, typed per kind of work so the shell can tell "cancelled" from a
//! failure without comparing strings, and each message is written once, here.

use std::path::PathBuf;

use afterglow_core::align::ProjectAlignError;
use afterglow_core::import::ImportError;
use afterglow_core::metrics::{HeatMapError, MetricsError, PlacementError, WhiteBalanceError};
use afterglow_core::report::ReportError;
use afterglow_core::store::StoreError;
use afterglow_core::store::check::LocateError;

/// The error a job hands back instead of its output.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The user cancelled: not an error to show.
    #[error("cancelled")]
    Cancelled,
    /// The job panicked; the window stays up and says so.
    #[error("an internal error stopped this task")]
    Panicked,
    /// No thread could be started for the job.
    #[error("cannot start a worker thread: {0}")]
    NoThread(#[source] std::io::Error),
    /// Opening, creating or saving the project.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Aligning photos.
    #[error(transparent)]
    Align(#[from] ProjectAlignError),
    /// Measuring redness and texture.
    #[error(transparent)]
    Measure(#[from] MetricsError),
    /// Mapping the redness change between two photos.
    #[error(transparent)]
    HeatMap(#[from] HeatMapError),
    /// Finding the face in the reference to place the default regions.
    #[error(transparent)]
    Regions(#[from] PlacementError),
    /// A file of an export could not be made.
    #[error("Could not make {what} ({file}): {source}")]
    Export {
        /// "the PDF report", "the timelapse"…
        what: &'static str,
        /// The file's name.
        file: String,
        /// Why.
        #[source]
        source: ReportError,
    },
    /// A file of an export could not be written.
    #[error("Could not write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A merged conflict copy could not be renamed to `NAME.merged`.
    #[error(
        "The merge is in the project, but {} could not be set aside: {source}. Delete or \
         rename it by hand, or it will be offered again.",
        path.display()
    )]
    SetAside {
        /// The conflict copy.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A photo's preview could not be read to check a neutral patch.
    #[error("Cannot read {photo} to check the neutral patch: {source}")]
    Preview {
        /// The photo's original name.
        photo: String,
        /// Why.
        #[source]
        source: ImportError,
    },
    /// The marked patch cannot white-balance the photo.
    #[error("Neutral patch not used: {0}. Drag over a plain grey card or white paper.")]
    Patch(#[source] WhiteBalanceError),
    /// The file offered as a missing original is another photo.
    #[error(
        "{}: this file is not the same photo as {original_name}: its content differs, so it \
         was not used.",
        path.display()
    )]
    NotThePhoto {
        /// The file offered.
        path: PathBuf,
        /// The missing photo's original name.
        original_name: String,
    },
    /// Putting a missing original back failed otherwise.
    #[error(transparent)]
    Locate(LocateError),
}

impl From<LocateError> for JobError {
    fn from(e: LocateError) -> Self {
        match e {
            LocateError::NotThePhoto {
                path,
                original_name,
                ..
            } => JobError::NotThePhoto {
                path,
                original_name,
            },
            e => JobError::Locate(e),
        }
    }
}
