//! The command line's arguments, as clap reads them: one subcommand per verb.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "afterglow",
    version,
    about = "Follow a course of skin treatments through aligned, measured photos",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Project folder to open in the app (without a subcommand).
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Create a new, empty project folder.
    New {
        project: PathBuf,
        /// The project's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Import photos (files or folders, walked recursively).
    Import {
        project: PathBuf,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Which photo is the reference afterwards: the one the project has (keep), or the
        /// earliest photo once these are in (earliest; the regions move with it).
        #[arg(long, value_parser = ["keep", "earliest"], default_value = "keep")]
        reference: String,
    },
    /// Add, edit or remove treatment sessions.
    #[command(subcommand)]
    Session(SessionCommand),
    /// List the photos with their dates, sessions and days.
    List {
        project: PathBuf,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Align every photo of a project to its reference, or one image to another.
    ///
    /// `afterglow align PROJECT [--reference PHOTO]` aligns every unlocked photo and caches
    /// its aligned preview. `afterglow align REFERENCE_IMAGE MOVING_IMAGE --json` prints
    /// {"reference_from_moving": [[a, b, tx], [c, d, ty]], "score": s, ...} in the pixel
    /// coordinates of the two files, upright as their EXIF orientation says.
    Align {
        /// A project folder, or a reference image and a moving image.
        #[arg(required = true, num_args = 1..=2, value_name = "PROJECT | REFERENCE_IMAGE MOVING_IMAGE")]
        paths: Vec<PathBuf>,
        /// Make this photo (id, or a unique prefix of at least 4 characters) the reference
        /// first.
        #[arg(long, value_name = "PHOTO")]
        reference: Option<String>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Export a progress report: a PDF (and optionally a comparison sheet).
    Report {
        project: PathBuf,
        /// The PDF to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Also write a comparison sheet (PNG or JPEG, by extension).
        #[arg(long)]
        sheet: Option<PathBuf>,
        /// Photos to compare, as ids or unique prefixes, comma-separated (default: the
        /// baseline, the last photo of each session and the latest).
        #[arg(long, value_delimiter = ',')]
        photos: Option<Vec<String>>,
        /// Page size: a4 or letter.
        #[arg(long, default_value = "a4")]
        page: afterglow_core::report::PageSize,
        /// Show the photos' original file names (left out by default for privacy).
        #[arg(long)]
        keep_names: bool,
        /// Also write the measurements as CSV (one row per photo × region, as `metrics`).
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// Export the aligned photos in date order as an MP4 video (H.264) or an animated GIF.
    Timelapse {
        project: PathBuf,
        /// The file to write: .mp4 (H.264 video, 1080 px) or .gif (480 px), by extension.
        #[arg(short, long)]
        output: PathBuf,
        /// Photos per second.
        #[arg(long, default_value_t = 1.5)]
        fps: f32,
        /// Fade each photo into the next over the second half of its time.
        #[arg(long)]
        crossfade: bool,
        /// Show the photos' original file names in the captions.
        #[arg(long)]
        keep_names: bool,
    },
    /// Measure redness, pigmentation and texture in every photo × region (after alignment).
    Metrics {
        project: PathBuf,
        /// Write the rows as CSV to FILE instead of a table on stdout.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// Correct a photo's capture date by hand.
    SetDate {
        project: PathBuf,
        /// Photo id (or a unique prefix of at least 4 characters).
        photo: String,
        /// "YYYY-MM-DD HH:MM", or "YYYY-MM-DD" for the day only (no time).
        date: String,
    },
    /// Write the man page and the bash, zsh and fish completions, generated from these
    /// definitions, into a folder (for packaging; see `.ci/run` and Cargo.toml's deb metadata).
    #[command(hide = true)]
    GenerateDocs {
        /// The folder to write `afterglow.1` and `completions/` into.
        out: PathBuf,
    },
    /// Set the view a photo was taken from (front, left-45, right-45), or `auto` to follow
    /// the face's turn measured when aligning. Each view is aligned to its own reference.
    SetView {
        project: PathBuf,
        /// Photo id (or a unique prefix of at least 4 characters).
        photo: String,
        /// front, left-45, right-45 or auto.
        view: String,
    },
    /// Verify every photo's file against its hash; report missing, changed and stray files
    /// and a damaged project.json (exit status 1 when something needs attention).
    Check {
        project: PathBuf,
        /// Put back what can be put back (from project.json.bak, the other of photos/ and
        /// trash/, stray copies) and remove leftover temporary files.
        #[arg(long)]
        repair: bool,
        /// Also look for missing photos in this folder, matched by content.
        #[arg(long, value_name = "FOLDER")]
        search: Option<PathBuf>,
    },
    /// Bring a sync tool's conflict copy of project.json (listed by `check`) back into the
    /// project: what the other machine added comes in; where both changed the same thing,
    /// this project's value is kept and the other is written into the note. The copy is then
    /// renamed to NAME.merged.
    Merge {
        project: PathBuf,
        /// The conflict copy, e.g. "project (conflicted copy 2026-03-02).json".
        conflict_file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Add a session.
    Add {
        project: PathBuf,
        #[command(flatten)]
        fields: SessionFields,
    },
    /// Change fields of a session.
    Edit {
        project: PathBuf,
        /// The session's id (see `afterglow list`).
        id: u32,
        #[command(flatten)]
        fields: SessionFields,
    },
    /// Remove a session.
    Remove { project: PathBuf, id: u32 },
}

#[derive(Debug, Args)]
pub struct SessionFields {
    /// Date of the session, YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<String>,
    /// Time the session started, HH:MM (photos earlier that day count as "before"; a photo
    /// dated without a time counts as the session day).
    #[arg(long)]
    pub time: Option<String>,
    #[arg(long)]
    pub treatment: Option<String>,
    /// Needle depth in millimetres.
    #[arg(long)]
    pub depth: Option<f64>,
    #[arg(long)]
    pub device: Option<String>,
    #[arg(long)]
    pub product: Option<String>,
    #[arg(long)]
    pub practitioner: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}
