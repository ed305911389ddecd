//! The command line: a stable contract for scripts and tests. Each command is a thin call into
//! the core. Exit status: 0 all went well; 1 some inputs were rejected (the rest were
//! processed); 2 bad usage or the project could not be opened. Messages go to stderr, one line
//! each, naming the file.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use clap::{Args, Parser, Subcommand};

use afterglow_core::guide::{self, Placement};
use afterglow_core::import::{self, Outcome};
use afterglow_core::project::{Command, DateSource, Project, Session, SessionId};
use afterglow_core::store::{self, OpenProject};

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
    /// Export the aligned photos in date order as an animated GIF.
    Timelapse {
        project: PathBuf,
        /// The GIF to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Frames per second.
        #[arg(long, default_value_t = 1.5)]
        fps: f32,
        /// Show the photos' original file names in the captions.
        #[arg(long)]
        keep_names: bool,
    },
    /// Measure redness and texture in every photo × region (after alignment).
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
        /// "YYYY-MM-DD HH:MM" or "YYYY-MM-DD".
        date: String,
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
    /// Time the session started, HH:MM (photos earlier that day count as "before").
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

/// Prints a line on stdout. When the reader has gone (`afterglow list | head`), the command
/// ends quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::print_line(format_args!($($arg)*))
    };
}

/// A progress bar on stderr, only when stderr is a terminal (scripts get clean output).
struct TerminalBar(Option<indicatif::ProgressBar>);

impl TerminalBar {
    fn new(template: &str) -> Self {
        Self(std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }

    fn set(&self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

#[doc(hidden)]
pub fn print_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("afterglow: cannot write the output: {e}");
        std::process::exit(2);
    }
}

/// How a command ended, as the exit status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    SomeRejected,
}

/// Runs a subcommand; errors are printed once, by `main`, and exit with 2.
pub fn run(command: CliCommand) -> Result<Status> {
    match command {
        CliCommand::New { project, name } => cmd_new(&project, name),
        CliCommand::Import { project, paths } => cmd_import(&project, &paths),
        CliCommand::Session(c) => cmd_session(c),
        CliCommand::List { project, json } => cmd_list(&project, json),
        CliCommand::Metrics { project, csv } => cmd_metrics(&project, csv.as_deref()),
        CliCommand::Align {
            paths,
            reference,
            json,
        } => cmd_align(&paths, reference.as_deref(), json),
        CliCommand::SetDate {
            project,
            photo,
            date,
        } => cmd_set_date(&project, &photo, &date),
        CliCommand::Report {
            project,
            output,
            sheet,
            photos,
            page,
            keep_names,
            csv,
        } => cmd_report(
            &project,
            &ReportFiles {
                pdf: &output,
                sheet: sheet.as_deref(),
                csv: csv.as_deref(),
            },
            photos,
            page,
            keep_names,
        ),
        CliCommand::Timelapse {
            project,
            output,
            fps,
            keep_names,
        } => cmd_timelapse(&project, &output, fps, keep_names),
        CliCommand::Check {
            project,
            repair,
            search,
        } => cmd_check(&project, repair, search.as_deref()),
    }
}

pub fn exit_code(result: Result<Status>) -> ExitCode {
    match result {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::SomeRejected) => ExitCode::from(1),
        Err(e) => {
            eprintln!("afterglow: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn open_for_writing(root: &Path) -> Result<OpenProject> {
    Ok(OpenProject::open_for_writing(root)?)
}

/// Applies `command` and saves.
fn apply_and_save(open: &mut OpenProject, command: Command) -> Result<()> {
    command
        .apply(&mut open.project)
        .map_err(|e| anyhow!("{}: {e}", open.paths.root.display()))?;
    open.save()?;
    Ok(())
}

fn cmd_new(root: &Path, name: Option<String>) -> Result<Status> {
    let name = name.unwrap_or_else(|| default_name(root));
    store::create(root, &name)?;
    eprintln!("created {} (\"{name}\")", root.display());
    Ok(Status::Ok)
}

/// "Skin 2026.afterglow" → "Skin 2026".
pub fn default_name(root: &Path) -> String {
    root.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "My treatment".to_owned())
}

fn cmd_import(root: &Path, inputs: &[PathBuf]) -> Result<Status> {
    let mut open = open_for_writing(root)?;
    let bar = TerminalBar::new("{bar:40} {pos}/{len} photos {elapsed}");
    let progress = |p: import::Progress| bar.set(p.done, p.total);
    let reports = import::import_files(
        &open.paths,
        &open.project,
        inputs,
        &progress,
        &AtomicBool::new(false),
    );
    bar.finish();
    let mut imported = Vec::new();
    let mut rejected = 0;
    for report in reports {
        match report.outcome {
            Outcome::Rejected(_) => {
                rejected += 1;
                eprintln!("{}", report.line());
            }
            _ => say!("{}", report.line()),
        }
        if let Outcome::Imported(photo) = report.outcome {
            imported.push(*photo);
        }
    }
    if !imported.is_empty() {
        apply_and_save(&mut open, Command::AddPhotos(imported))?;
    }
    Ok(if rejected > 0 {
        Status::SomeRejected
    } else {
        Status::Ok
    })
}

fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .with_context(|| format!("{text:?} is not a date; write it as YYYY-MM-DD"))
}

fn parse_time(text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .with_context(|| format!("{text:?} is not a time; write it as HH:MM"))
}

fn parse_date_time(text: &str) -> Result<NaiveDateTime> {
    let t = text.trim();
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(d);
        }
    }
    Ok(parse_date(t)
        .with_context(|| format!("{text:?} is not a date; write it as YYYY-MM-DD HH:MM"))?
        .and_time(NaiveTime::MIN))
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

fn cmd_session(command: SessionCommand) -> Result<Status> {
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

fn cmd_set_date(root: &Path, photo: &str, date: &str) -> Result<Status> {
    let mut open = open_for_writing(root)?;
    let when = parse_date_time(date)?;
    let mut p = open
        .project
        .photo_by_prefix(photo)
        .cloned()
        .ok_or_else(|| anyhow!("{}: no photo matches {photo:?}", root.display()))?;
    p.taken_at = when;
    p.taken_at_source = DateSource::Manual;
    apply_and_save(&mut open, Command::UpdatePhoto(Box::new(p)))?;
    Ok(Status::Ok)
}

/// Where `report` writes.
struct ReportFiles<'a> {
    pdf: &'a Path,
    sheet: Option<&'a Path>,
    csv: Option<&'a Path>,
}

fn cmd_report(
    root: &Path,
    files: &ReportFiles<'_>,
    photos: Option<Vec<String>>,
    page: afterglow_core::report::PageSize,
    keep_names: bool,
) -> Result<Status> {
    let project = store::load(root)?;
    let paths = store::ProjectPaths::new(root);
    let mut options =
        afterglow_core::report::ReportOptions::new(chrono::Local::now().naive_local());
    if let Some(prefixes) = photos {
        let ids = prefixes
            .iter()
            .map(|prefix| {
                project
                    .photo_by_prefix(prefix)
                    .map(|p| p.id.clone())
                    .ok_or_else(|| {
                        anyhow!(
                            "{}: no photo matches {prefix:?} (give an id or a unique prefix of \
                             at least 4 characters; `afterglow list` shows them)",
                            root.display()
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        options.photos = Some(ids);
    }
    options.page = page;
    options.keep_names = keep_names;
    let bar = TerminalBar::new("{bar:40} {percent}% of the report {elapsed}");
    let pdf = afterglow_core::report::build_pdf(&paths, &project, &options, &|f| {
        bar.set((f * 100.0).round() as usize, 100)
    });
    bar.finish();
    let pdf = pdf.with_context(|| root.display().to_string())?;
    afterglow_core::imaging::write_export(files.pdf, &pdf)
        .with_context(|| format!("cannot write {}", files.pdf.display()))?;
    eprintln!("wrote {}", files.pdf.display());
    if let Some(sheet) = files.sheet {
        let bytes = afterglow_core::report::build_sheet(&paths, &project, &options, sheet)
            .with_context(|| root.display().to_string())?;
        afterglow_core::imaging::write_export(sheet, &bytes)
            .with_context(|| format!("cannot write {}", sheet.display()))?;
        eprintln!("wrote {}", sheet.display());
    }
    if let Some(csv) = files.csv {
        let measured = afterglow_core::metrics::measure_project(
            &paths,
            &project,
            &afterglow_core::metrics::MeasureOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .with_context(|| root.display().to_string())?;
        let charts = afterglow_core::metrics::chart_data(&project, &measured);
        let rows = afterglow_core::metrics::metric_rows(&measured, &charts.series);
        afterglow_core::imaging::write_export(
            csv,
            afterglow_core::metrics::rows_to_csv(&rows).as_bytes(),
        )
        .with_context(|| format!("cannot write {}", csv.display()))?;
        eprintln!("wrote {} ({} rows)", csv.display(), rows.len());
    }
    Ok(Status::Ok)
}

fn cmd_timelapse(root: &Path, output: &Path, fps: f32, keep_names: bool) -> Result<Status> {
    if !(0.2..=30.0).contains(&fps) {
        bail!("--fps {fps} is outside 0.2–30");
    }
    let project = store::load(root)?;
    let paths = store::ProjectPaths::new(root);
    let options = afterglow_core::report::TimelapseOptions {
        fps,
        keep_names,
        ..Default::default()
    };
    let bar = TerminalBar::new("{bar:40} {percent}% of the timelapse {elapsed}");
    let gif = afterglow_core::report::build_timelapse(&paths, &project, &options, &|f| {
        bar.set((f * 100.0).round() as usize, 100)
    });
    bar.finish();
    let gif = gif.with_context(|| root.display().to_string())?;
    afterglow_core::imaging::write_export(output, &gif)
        .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("wrote {}", output.display());
    Ok(Status::Ok)
}

fn cmd_list(root: &Path, json: bool) -> Result<Status> {
    let project = store::load(root)?;
    if json {
        say!("{}", serde_json::to_string_pretty(&list_json(&project))?);
        return Ok(Status::Ok);
    }
    say!("{}", project.name);
    for (i, s) in project.sessions_by_date().iter().enumerate() {
        let depth = s.depth_mm.map(|d| format!(", {d} mm")).unwrap_or_default();
        say!(
            "  session {} (id {}): {} {}{depth}",
            i + 1,
            s.id.0,
            s.date,
            s.treatment
        );
    }
    if let Some(due) = guide::next_session_due(&project) {
        say!("  next session due: {due}");
    }
    for p in project.photos_by_date() {
        let placement = guide::placement(&project, p);
        let mark = if Some(&p.id) == project.reference_photo().map(|r| &r.id) {
            " (reference)"
        } else if p.excluded {
            " (excluded)"
        } else {
            ""
        };
        say!(
            "{}  {}  {:<9}  {:<20}  {}×{}  {}{mark}",
            p.id,
            p.taken_at.format("%Y-%m-%d %H:%M"),
            p.taken_at_source.label(),
            placement.short_label(),
            p.width,
            p.height,
            p.original_name,
        );
    }
    Ok(Status::Ok)
}

/// The `list --json` document.
pub fn list_json(project: &Project) -> serde_json::Value {
    use serde_json::json;
    let reference = project.reference_photo().map(|p| p.id.clone());
    let photos: Vec<_> = project
        .photos_by_date()
        .into_iter()
        .map(|p| {
            let pl: Placement = guide::placement(project, p);
            let milestones: Vec<_> = pl
                .milestones
                .iter()
                .filter_map(|id| project.guide.milestone(id))
                .map(
                    |m| json!({"id": m.id, "title": m.title, "window": m.window, "short": m.short}),
                )
                .collect();
            json!({
                "id": p.id,
                "file": p.file,
                "original_name": p.original_name,
                "taken_at": p.taken_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                "date_source": p.taken_at_source,
                "utc_offset_minutes": p.utc_offset_minutes,
                "width": p.width,
                "height": p.height,
                "orientation": p.orientation,
                "session": pl.session,
                "session_number": pl.session_number,
                "day": pl.day,
                "label": pl.label(p.taken_at),
                "milestones": milestones,
                "annotation": p.annotation,
                "alignment": p.alignment,
                "excluded": p.excluded,
                "reference": Some(&p.id) == reference.as_ref(),
            })
        })
        .collect();
    json!({
        "name": project.name,
        "reference": reference,
        "sessions": project.sessions_by_date(),
        "next_session_due": guide::next_session_due(project),
        "photos": photos,
    })
}

fn cmd_align(paths: &[PathBuf], reference: Option<&str>, json: bool) -> Result<Status> {
    use afterglow_core::align::{self, PreparedReference};
    use afterglow_core::prepare;
    match paths {
        [root] => {
            let mut open = open_for_writing(root)?;
            if let Some(prefix) = reference {
                let id = open
                    .project
                    .photo_by_prefix(prefix)
                    .map(|p| p.id.clone())
                    .ok_or_else(|| anyhow!("{}: no photo matches {prefix:?}", root.display()))?;
                Command::SetReference(Some(id))
                    .apply(&mut open.project)
                    .map_err(|e| anyhow!("{}: {e}", root.display()))?;
            }
            let bar = TerminalBar::new("{bar:40} {pos}/{len} photos {elapsed}");
            let progress = |p: import::Progress| bar.set(p.done, p.total);
            // A project without regions gets the default ones, placed on the reference's
            // face, so `metrics` has something to measure; the user's regions are kept.
            let run = prepare::align_and_place_regions(
                &open.paths,
                &open.project,
                &prepare::Which::All,
                &progress,
                &AtomicBool::new(false),
            )
            .map_err(|e| anyhow!("{}: {e}", root.display()))?;
            bar.finish();
            let change = run.into_change(&open.project);
            if let Some(e) = &change.regions_error {
                eprintln!("{}: default regions not placed: {e}", root.display());
            }
            if let Some(command) = change.command {
                command
                    .apply(&mut open.project)
                    .map_err(|e| anyhow!("{}: {e}", root.display()))?;
            }
            let (placed, reports) = (change.placed_regions, change.reports);
            open.save()?;
            if placed && !json {
                let names: Vec<&str> = open
                    .project
                    .regions
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect();
                say!(
                    "placed the default regions on the reference: {}",
                    names.join(", ")
                );
            }
            if json {
                say!("{}", serde_json::to_string_pretty(&reports)?);
            }
            for r in &reports {
                if r.failed() {
                    eprintln!("{}", r.line());
                } else if !json {
                    say!("{}", r.line());
                }
            }
            Ok(if reports.iter().any(align::PhotoReport::failed) {
                Status::SomeRejected
            } else {
                Status::Ok
            })
        }
        [reference_image, moving_image] => {
            if reference.is_some() {
                bail!(
                    "--reference is for a project; with two images the first one is the reference"
                );
            }
            let (r, file_from_r) = load_upright(reference_image)?;
            let (m, file_from_m) = load_upright(moving_image)?;
            let prepared = PreparedReference::new(&r)
                .map_err(|e| anyhow!("{}: {e}", reference_image.display()))?;
            let pair = prepared
                .align(&m)
                .map_err(|e| anyhow!("{}: {e}", moving_image.display()))?;
            let m_from_file = file_from_m.inverse().context("degenerate image size")?;
            let t = file_from_r * pair.reference_from_moving * m_from_file;
            if json {
                let doc = serde_json::json!({
                    "reference_from_moving": t,
                    "score": pair.score,
                    "comparable": pair.comparable,
                    "concerns": pair.concerns,
                });
                say!("{doc}");
            } else {
                say!("reference_from_moving: {}", serde_json::to_string(&t)?);
                say!(
                    "score: {:.3}{}",
                    pair.score,
                    if pair.comparable {
                        ""
                    } else {
                        " (not comparable)"
                    }
                );
                for c in &pair.concerns {
                    say!("  {c}");
                }
            }
            Ok(Status::Ok)
        }
        _ => bail!("align takes a project, or a reference image and a moving image"),
    }
}

/// An image file decoded upright (EXIF orientation applied), at a reduced scale when that is
/// enough for alignment, and the map from its pixels to the upright file's.
fn load_upright(path: &Path) -> Result<(image::RgbImage, afterglow_core::geometry::Affine2)> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    let format = match import::sniff(&bytes, path) {
        import::Sniffed::Supported(f) => f,
        import::Sniffed::Unsupported { format, advice } => {
            bail!("{}: {format}: {advice}", path.display())
        }
        import::Sniffed::Unknown => bail!(
            "{}: not a photo: the content is not JPEG, PNG, WebP or TIFF",
            path.display()
        ),
    };
    let meta = import::read_metadata(&bytes);
    let d = import::decode(
        &bytes,
        format,
        meta.orientation,
        Some(import::PREVIEW_SIDE),
        import::DecodeLimits::default(),
    )
    .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let file_from_image = afterglow_core::geometry::resample_from(
        d.width,
        d.height,
        d.image.width(),
        d.image.height(),
    );
    Ok((d.image, file_from_image))
}

fn cmd_check(root: &Path, repair: bool, search: Option<&Path>) -> Result<Status> {
    use store::check;
    let report = check::check(root)?;
    if !repair {
        for line in report.problem_lines() {
            say!("{line}");
        }
        if let (Some(dir), Ok(project)) = (search, store::load(root)) {
            let paths = store::ProjectPaths::new(root);
            let missing = check::missing_photos(&paths, &project);
            let wanted: Vec<_> = project
                .photos
                .iter()
                .chain(&project.trash)
                .filter(|p| missing.contains(&p.id))
                .collect();
            for (id, path) in check::find_in_folder(&wanted, dir) {
                say!(
                    "found: photo {id} at {} (`--repair` copies it back)",
                    path.display()
                );
            }
        }
        say!("{}", report.summary());
        return Ok(if report.is_clean() {
            Status::Ok
        } else {
            Status::SomeRejected
        });
    }
    // Repairing writes: take the writer's lock, then check again under it.
    let lock = match store::ProjectLock::try_acquire(&store::ProjectPaths::new(root).lock_file())? {
        store::LockOutcome::Acquired(lock) => lock,
        store::LockOutcome::HeldByOther { holder } => bail!(
            "{}: cannot repair while the project is open elsewhere ({holder}); close it first",
            root.display()
        ),
    };
    let report = check::check(root)?;
    for line in report.problem_lines() {
        say!("{line}");
    }
    let repaired = check::repair(&report, search)?;
    for line in &repaired.done {
        say!("repaired: {line}");
    }
    for line in &repaired.not_done {
        say!("not repaired: {line}");
    }
    let after = check::check(root)?;
    drop(lock);
    say!("after repair: {}", after.summary());
    Ok(if after.is_clean() {
        Status::Ok
    } else {
        Status::SomeRejected
    })
}

fn cmd_metrics(root: &Path, csv: Option<&Path>) -> Result<Status> {
    use afterglow_core::metrics;
    let project = store::load(root)?;
    let paths = store::ProjectPaths::new(root);
    let bar = TerminalBar::new("{bar:40} {pos}/{len} photos measured");
    let progress = |p: metrics::Progress| bar.set(p.done, p.total);
    let measured = metrics::measure_project(
        &paths,
        &project,
        &metrics::MeasureOptions::default(),
        &progress,
        &AtomicBool::new(false),
    )
    .with_context(|| root.display().to_string())?;
    bar.finish();
    let charts = metrics::chart_data(&project, &measured);
    let rows = metrics::metric_rows(&measured, &charts.series);
    match csv {
        Some(file) => {
            afterglow_core::imaging::write_export(file, metrics::rows_to_csv(&rows).as_bytes())
                .with_context(|| format!("{}: cannot write the CSV", file.display()))?;
            eprintln!("wrote {} ({} rows)", file.display(), rows.len());
        }
        None => say!("{}", metrics::rows_to_table(&rows).trim_end_matches('\n')),
    }
    if !charts.remarks.is_empty() {
        if csv.is_none() {
            say!("");
        }
        say!("Remarks:");
        for r in &charts.remarks {
            say!("  - {}", r.text);
        }
    }
    let mut unreadable = false;
    for p in measured.photos.iter().filter(|p| !p.status.is_measured()) {
        if p.status == metrics::PhotoStatus::Excluded {
            continue;
        }
        unreadable |= matches!(p.status, metrics::PhotoStatus::Unreadable(_));
        eprintln!("{}: not measured: {}", p.original_name, p.status.message());
    }
    Ok(if unreadable {
        Status::SomeRejected
    } else {
        Status::Ok
    })
}
