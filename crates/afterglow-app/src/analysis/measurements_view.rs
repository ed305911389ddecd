//! The Measurements tab: redness and texture in each region of every aligned photo, measured
//! on a worker whenever the project changed (the metrics cache keeps that cheap); the charts,
//! the table of values and the guide-aware remarks. Plain information, not a diagnosis.

use egui::{RichText, Sense};
use egui_extras::{Column, TableBuilder};

use afterglow_core::metrics::{self, MetricRow, NOT_COMPARABLE_VERDICT};
use afterglow_core::project::{PhotoId, Project};

use crate::analysis::measurement_charts::charts_ui;
use crate::state::actions::Action;
use crate::state::analysis::{AnalysisSettings, Measured, RednessMeasure};
use crate::state::dates::format_date;
use crate::state::workspace::Workspace;
use crate::work::jobs::{JobKind, Jobs};

/// Why the project cannot be measured yet, with what to do about it.
enum NotReady {
    NoPhotos,
    NoRegions { reference: PhotoId },
    NotAligned,
}

/// Photos besides the reference that can be measured (aligned to the current reference),
/// and those that cannot.
fn aligned_counts(project: &Project) -> (usize, usize) {
    let Some(reference) = project.reference_photo() else {
        return (0, 0);
    };
    let others = project
        .photos
        .iter()
        .filter(|p| !p.excluded && p.id != reference.id);
    let (mut ok, mut not) = (0, 0);
    for p in others {
        if metrics::reference_from_photo(project, reference, p).is_ok() {
            ok += 1;
        } else {
            not += 1;
        }
    }
    (ok, not)
}

fn readiness(project: &Project) -> Result<usize, NotReady> {
    let reference = project.reference_photo().ok_or(NotReady::NoPhotos)?;
    if metrics::regions_to_measure(project).is_err() {
        return Err(NotReady::NoRegions {
            reference: reference.id.clone(),
        });
    }
    let (ok, not) = aligned_counts(project);
    if ok == 0 && not > 0 {
        return Err(NotReady::NotAligned);
    }
    Ok(not)
}

pub fn measurements_ui(
    ui: &mut egui::Ui,
    ws: &mut Workspace,
    settings: &mut AnalysisSettings,
    jobs: &Jobs,
    out: &mut Vec<Action>,
) {
    let not_aligned = match readiness(ws.project()) {
        Ok(n) => n,
        Err(why) => {
            ui.heading("Measurements");
            not_ready_ui(ui, &why, jobs, out);
            return;
        }
    };
    let key = ws.analysis.measure.key(&ws.open.project, ws.revision);
    if ws.analysis.measure.wants_run(key) {
        out.push(Action::Measure);
    }
    let measure = &ws.analysis.measure;
    let running = measure.job.is_some();
    toolbar_ui(ui, settings, measure.result.as_ref(), running, out);
    if not_aligned > 0 {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(if not_aligned == 1 {
                    "One photo is not aligned to the reference and is not measured.".to_owned()
                } else {
                    format!(
                        "{not_aligned} photos are not aligned to the reference and are not measured."
                    )
                })
                .color(ui.visuals().warn_fg_color),
            );
            if ui
                .add_enabled(
                    !jobs.is_running(JobKind::AlignProject),
                    egui::Button::new("Align all photos"),
                )
                .clicked()
            {
                out.push(Action::AlignProject);
            }
        });
    }
    if let Some((k, e)) = &measure.error
        && *k == key
    {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("Could not measure: {e}"),
        );
    }
    let Some(measured) = measure.result.as_ref() else {
        if running {
            ui.add_space(30.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Measuring every photo… (progress in the status bar)");
            });
        }
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("measurements")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            charts_ui(ui, measured, settings);
            ui.add_space(10.0);
            // Whether the table was wider than the page last frame.
            let clipped_id = egui::Id::unique("values-clipped");
            let clipped = ui.data(|d| d.get_temp::<bool>(clipped_id)).unwrap_or(false);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Values").strong());
                if clipped {
                    ui.label(
                        RichText::new("(scroll sideways or Shift+wheel for every column)").weak(),
                    );
                }
            });
            // The table scrolls sideways on a narrow window instead of widening the page
            // (which would push the remarks past the right edge).
            let shown = egui::ScrollArea::horizontal()
                .id_salt("values-sideways")
                .show(ui, |ui| table_ui(ui, measured, settings.redness, out));
            let wider = shown.content_size.x > shown.inner_rect.width() + 1.0;
            ui.data_mut(|d| d.insert_temp(clipped_id, wider));
            ui.add_space(10.0);
            remarks_ui(ui, measured);
        });
}

fn not_ready_ui(ui: &mut egui::Ui, why: &NotReady, jobs: &Jobs, out: &mut Vec<Action>) {
    ui.add_space(30.0);
    match why {
        NotReady::NoPhotos => {
            ui.label(RichText::new("No photos yet").strong());
            ui.label("Import photos first; measurements compare them with the baseline.");
        }
        NotReady::NoRegions { reference } => {
            ui.label(RichText::new("No regions to measure").strong());
            ui.label(
                "Measurements are taken in regions of skin (cheeks, forehead, chin) placed on \
                 the reference photo. To place them: show the reference photo in Compare, \
                 choose Mark eyes in the Alignment section on the right and click both eye \
                 centres. The default regions are then placed from the eyes.",
            );
            if ui.button("Show the reference photo").clicked() {
                out.push(Action::ShowInCompare(reference.clone()));
            }
        }
        NotReady::NotAligned => {
            ui.label(RichText::new("Align all photos first").strong());
            ui.label(
                "Measurements compare the same skin in every photo, so every photo must be \
                 aligned to the reference photo first.",
            );
            if ui
                .add_enabled(
                    !jobs.is_running(JobKind::AlignProject),
                    egui::Button::new("Align all photos"),
                )
                .clicked()
            {
                out.push(Action::AlignProject);
            }
        }
    }
}

fn toolbar_ui(
    ui: &mut egui::Ui,
    settings: &mut AnalysisSettings,
    measured: Option<&Measured>,
    running: bool,
    out: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Measurements");
        if running {
            ui.spinner();
        }
        if ui
            .add_enabled(!running, egui::Button::new("Measure again"))
            .on_hover_text("Measure every photo again (unchanged photos come from the cache)")
            .clicked()
        {
            out.push(Action::Measure);
        }
        ui.separator();
        ui.label("Redness as");
        for m in [RednessMeasure::AStar, RednessMeasure::ErythemaIndex] {
            ui.selectable_value(&mut settings.redness, m, m.label())
                .on_hover_text(match m {
                    RednessMeasure::AStar => "Mean CIELAB a* (green − / red +)",
                    RednessMeasure::ErythemaIndex => "Erythema index, 100·log10(R/G)",
                });
        }
        ui.checkbox(&mut settings.change_from_baseline, "Change from baseline");
        if let Some(m) = measured {
            let windows = &m.charts.timeline.windows;
            let mut names: Vec<(&str, &str)> = Vec::new();
            for w in windows {
                if !names.iter().any(|(id, _)| *id == w.milestone) {
                    names.push((&w.milestone, &w.title));
                }
            }
            let current = settings
                .shaded_milestone
                .as_deref()
                .and_then(|id| names.iter().find(|(i, _)| *i == id))
                .map_or("every milestone", |(_, t)| t);
            egui::ComboBox::from_label("shaded")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut settings.shaded_milestone, None, "every milestone");
                    for (id, title) in &names {
                        ui.selectable_value(
                            &mut settings.shaded_milestone,
                            Some((*id).to_owned()),
                            *title,
                        );
                    }
                });
        }
    });
    if let Some(m) = measured {
        let ms = &m.measurements;
        let measured_photos = ms.photos.iter().filter(|p| p.status.is_measured()).count();
        let regions: Vec<&str> = ms.regions.iter().map(|r| r.name.as_str()).collect();
        ui.label(
            RichText::new(format!(
                "{measured_photos} of {} photos measured in {}",
                ms.photos.len(),
                regions.join(", "),
            ))
            .weak(),
        )
        .on_hover_text(format!(
            "{} values read from the cache, {} computed",
            ms.from_cache, ms.computed
        ));
    }
}

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.decimals$}"))
}

/// The change column: each change with its uncertainty and verdict ("a* +3.1 ± 1.0 redder ·
/// texture +4 % ± 6 within noise"), and whether any of them is a real change.
fn change_text(row: &MetricRow, ei_change: Option<f64>, redness: RednessMeasure) -> (String, bool) {
    let mut parts = Vec::new();
    let noise = row
        .uncertainty
        .map_or_else(String::new, |u| format!(" ± {u:.1}"));
    let verdict = |v: &str| {
        if v.is_empty() {
            String::new()
        } else {
            format!(" {v}")
        }
    };
    match redness {
        RednessMeasure::AStar => {
            if let Some(d) = row.a_star_change {
                parts.push(format!("a* {d:+.1}{noise}{}", verdict(&row.verdict)));
            }
        }
        RednessMeasure::ErythemaIndex => {
            if let Some(d) = ei_change {
                parts.push(format!("EI {d:+.1}{}", verdict(&row.verdict)));
            }
        }
    }
    if let Some(t) = row.texture_change_percent {
        let noise =
            (row.texture_uncertainty_percent).map_or_else(String::new, |u| format!(" ± {u:.0}"));
        parts.push(format!(
            "texture {t:+.0} %{noise}{}",
            verdict(&row.texture_verdict)
        ));
    }
    if let Some(m) = row.melanin_change {
        let noise = (row.melanin_uncertainty).map_or_else(String::new, |u| format!(" ± {u:.1}"));
        parts.push(format!(
            "melanin {m:+.1}{noise}{}",
            verdict(&row.pigment_verdict)
        ));
    }
    let real = [&row.verdict, &row.texture_verdict, &row.pigment_verdict]
        .iter()
        .any(|v| {
            !v.is_empty() && v.as_str() != "within noise" && v.as_str() != NOT_COMPARABLE_VERDICT
        });
    (parts.join(" · "), real)
}

/// What the change column's figures mean, on hover.
const CHANGE_HINT: &str = "Change from the baseline ± its uncertainty (95 %: from how each \
    photo's colours were corrected, the baseline's own spread and a doubted alignment). A \
    change counts only when it passes both the just-visible threshold (2.5 a*; 10 % texture; \
    5 for the melanin index, where \"darker\" can mean pigmentation after a session) and that \
    uncertainty; others read \"within noise\" and are shown faint. Where light, pose or \
    expression differ too much from the reference, no change is called (\"not comparable\").";

fn table_ui(
    ui: &mut egui::Ui,
    measured: &Measured,
    redness: RednessMeasure,
    out: &mut Vec<Action>,
) {
    let rows = &measured.rows;
    let series = &measured.charts.series;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt("measurement-table")
        .striped(true)
        .vscroll(true)
        .max_scroll_height(360.0)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(230.0).at_least(120.0).resizable(true))
        .column(Column::initial(100.0).resizable(true))
        .columns(Column::initial(60.0), 4)
        .column(Column::initial(380.0).resizable(true))
        .column(Column::remainder().at_least(80.0))
        .header(row_height, |mut header| {
            for title in [
                "Photo",
                "Region",
                "a*",
                "EI",
                "Texture",
                "Melanin",
                "Δ from baseline",
                "Calibrated",
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut table_row| {
                let Some(row) = rows.get(table_row.index()) else {
                    return;
                };
                let label = format!("{} · {}", row.label, format_date(row.taken_at.date()));
                table_row.col(|ui| {
                    let r = ui
                        .add(egui::Label::new(&label).sense(Sense::click()).truncate())
                        .on_hover_text(format!("{}\nClick to show it in Compare", row.file));
                    if r.clicked() {
                        out.push(Action::ShowInCompare(row.photo.clone()));
                    }
                });
                table_row.col(|ui| {
                    ui.label(&row.region_name);
                });
                let measured_row = row.a_star.is_some();
                for v in [
                    row.a_star,
                    row.erythema_index,
                    row.texture,
                    row.melanin_index,
                ] {
                    table_row.col(|ui| {
                        ui.label(num(v, 1));
                    });
                }
                let ei_change = series
                    .iter()
                    .find(|s| s.region == row.region)
                    .and_then(|s| s.points.iter().find(|p| p.photo == row.photo))
                    .and_then(|p| p.change.erythema_index);
                table_row.col(|ui| {
                    if measured_row {
                        let (text, real) = change_text(row, ei_change, redness);
                        let text = if real {
                            RichText::new(text).strong()
                        } else {
                            RichText::new(text).weak()
                        };
                        ui.add(egui::Label::new(text).truncate())
                            .on_hover_text(CHANGE_HINT);
                    } else {
                        ui.label(RichText::new(&row.status).weak());
                    }
                });
                table_row.col(|ui| {
                    if !measured_row {
                        return;
                    }
                    let calibration = measured
                        .measurements
                        .photo(&row.photo)
                        .map(|p| &p.calibration);
                    let (text, hint) = match calibration {
                        Some(c) => (c.source(), c.describe()),
                        None => ("no", "Not measured".to_owned()),
                    };
                    ui.label(text).on_hover_text(hint);
                    if !row.comparable {
                        let warn = ui.visuals().warn_fg_color;
                        ui.label(RichText::new("not comparable").color(warn));
                    }
                });
            });
        });
}

fn remarks_ui(ui: &mut egui::Ui, measured: &Measured) {
    let remarks = &measured.charts.remarks;
    ui.label(RichText::new("Remarks").strong());
    ui.label(
        RichText::new("Information next to the treatment guide, not a diagnosis.")
            .small()
            .weak(),
    );
    if remarks.is_empty() {
        ui.label("Nothing to remark on.");
    }
    for r in remarks {
        ui.horizontal_top(|ui| {
            ui.label("•");
            ui.add(egui::Label::new(&r.text).wrap());
        });
    }
}
