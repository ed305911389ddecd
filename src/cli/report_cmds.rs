//! `report`, `timelapse` and `metrics`: what a practitioner is handed.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, anyhow, bail};

use afterglow_core::store::{self};

use super::output::TerminalBar;
use super::shared::Status;

/// Where `report` writes.
pub(super) struct ReportFiles<'a> {
    pub(super) pdf: &'a Path,
    pub(super) sheet: Option<&'a Path>,
    pub(super) csv: Option<&'a Path>,
}

pub(super) fn cmd_report(
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

pub(super) fn cmd_timelapse(
    root: &Path,
    output: &Path,
    fps: f32,
    crossfade: bool,
    keep_names: bool,
) -> Result<Status> {
    use afterglow_core::report::{TimelapseFormat, TimelapseOptions};
    // The name decides the format: checked before any work.
    let format = TimelapseFormat::from_path(output)?;
    if !(0.2..=30.0).contains(&fps) {
        bail!("--fps {fps} is outside 0.2–30");
    }
    let project = store::load(root)?;
    let paths = store::ProjectPaths::new(root);
    let options = TimelapseOptions {
        fps,
        crossfade,
        keep_names,
        ..TimelapseOptions::new(format)
    };
    let bar = TerminalBar::new("{bar:40} {percent}% of the timelapse {elapsed}");
    let bytes = afterglow_core::report::build_timelapse(&paths, &project, &options, &|f| {
        bar.set((f * 100.0).round() as usize, 100)
    });
    bar.finish();
    let bytes = bytes.with_context(|| root.display().to_string())?;
    afterglow_core::imaging::write_export(output, &bytes)
        .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("wrote {}", output.display());
    Ok(Status::Ok)
}

pub(super) fn cmd_metrics(root: &Path, csv: Option<&Path>) -> Result<Status> {
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
