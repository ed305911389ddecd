//! The report's sections, laid out as pages.

use super::canvas::{ACCENT, INK, MUTED, Weight};
use super::fonts::Fonts;
use super::layout::{BODY, Flow, SMALL};
use super::{Entry, Gathered};
use crate::guide::{self, capture_status, format_date, next_session_due};
use crate::project::{Project, SCORE_WORDS};

pub fn lay_out(data: &Gathered<'_>, fonts: &Fonts) -> Vec<super::Page> {
    let mut flow = Flow::new(fonts, data.options.page.points());
    let s = data.options.sections;
    if s.cover {
        cover(&mut flow, data);
    }
    if s.comparisons {
        for entry in &data.others {
            comparison(&mut flow, data, entry);
        }
        let main = data.project.main_view();
        super::side_views::section(&mut flow, &data.side_views, main, data.options.keep_names);
    }
    if s.measurements {
        super::measurements::section(&mut flow, data);
    }
    if s.notes {
        notes(&mut flow, data.project);
    }
    if s.guide {
        guide_page(&mut flow, data.project);
    }
    let footer = format!("Afterglow progress report · {}", data.project.name);
    flow.add_footers(&footer);
    flow.pages
}

fn date_range(project: &Project) -> String {
    let photos = project.photos_by_date();
    match (photos.first(), photos.last()) {
        (Some(a), Some(b)) => format!(
            "{} – {}",
            format_date(a.taken_at.date()),
            format_date(b.taken_at.date())
        ),
        _ => "no photos yet".to_owned(),
    }
}

fn score(v: Option<u8>) -> String {
    match v {
        Some(v) => format!("{v}/4 {}", SCORE_WORDS.get(usize::from(v)).unwrap_or(&"")),
        None => "–".to_owned(),
    }
}

/// Draws an image scaled to `w` wide at the flow's position with a caption under it; returns
/// the height used.
pub(super) fn photo_with_caption(
    flow: &mut Flow,
    entry: &Entry,
    x: f32,
    w: f32,
    caption: &[String],
) -> f32 {
    let (iw, ih) = entry.size;
    let h = w * ih as f32 / iw.max(1) as f32;
    let y = flow.y;
    flow.page().jpeg(x, y, w, h, entry.jpeg.clone());
    let mut ty = y + h + 12.0;
    for (i, line) in caption.iter().enumerate() {
        let (size, weight, color) = if i == 0 {
            (BODY, Weight::Bold, INK)
        } else {
            (SMALL, Weight::Regular, MUTED)
        };
        let text = flow.fonts.fit(weight, size, line, w);
        flow.page().text(x, ty, size, weight, color, &text);
        ty += size * 1.4;
    }
    ty - y
}

fn cover(flow: &mut Flow, data: &Gathered) {
    let p = data.project;
    flow.title("Progress report");
    flow.paragraph(&p.name, 14.0, Weight::Regular, INK, 0.0);
    flow.space(4.0);
    flow.paragraph(
        &format!(
            "Photos from {} · {} photos · {} sessions · prepared {}",
            date_range(p),
            p.photos.len(),
            p.sessions.len(),
            format_date(data.options.created.date())
        ),
        BODY,
        Weight::Regular,
        MUTED,
        0.0,
    );
    flow.space(10.0);

    flow.heading("Treatment sessions");
    let rows: Vec<Vec<String>> = p
        .sessions_by_date()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                format!("{}", i + 1),
                format_date(s.date),
                s.treatment.clone(),
                s.depth_mm
                    .map(|d| format!("{d} mm"))
                    .unwrap_or_else(|| "–".into()),
                s.device.clone(),
                s.product.clone(),
                s.notes.clone(),
            ]
        })
        .collect();
    if rows.is_empty() {
        flow.note("No sessions entered yet.");
    } else {
        flow.table(
            &[
                "#",
                "Date",
                "Treatment",
                "Needle depth",
                "Device",
                "Product",
                "Notes",
            ],
            &[0.4, 1.3, 1.4, 1.1, 1.5, 1.6, 2.6],
            &rows,
        );
    }
    let plan = match next_session_due(p) {
        Some(due) => format!(
            "Next planned session: {} ({} of {} planned sessions done).",
            format_date(due),
            p.sessions.len(),
            p.guide.planned_sessions
        ),
        None if !p.sessions.is_empty() => format!(
            "Course complete: {} of {} planned sessions.",
            p.sessions.len(),
            p.guide.planned_sessions
        ),
        None => String::new(),
    };
    flow.body(&plan);
    flow.space(8.0);

    flow.heading("Reference photo");
    let w = (flow.content_width() * 0.42).min(230.0);
    let (iw, ih) = data.baseline.size;
    flow.ensure(w * ih as f32 / iw.max(1) as f32 + 40.0);
    let mut caption = vec![data.baseline.label.clone()];
    caption.push("Every other photo is aligned to this one.".to_owned());
    if data.options.keep_names {
        caption.push(data.baseline.photo.original_name.clone());
    }
    let x = flow.left();
    let used = photo_with_caption(flow, &data.baseline, x, w, &caption);
    // Beside the photo: how to read the report.
    let tx = flow.left() + w + 20.0;
    let tw = flow.content_width() - w - 20.0;
    let about = [
        "How to read this report",
        "Photos are aligned to the reference so the same skin sits in the same place, and \
         cropped to the face. Light, white balance and camera differ between photos; where \
         an alignment was not possible or the photos are too different to compare, the page \
         says so.",
        "Scores 0–4 (none, faint, mild, moderate, marked) are the person's own notes. This \
         report records observations; it is not a diagnosis.",
    ];
    let mut ty = flow.y + 10.0;
    for (i, text) in about.iter().enumerate() {
        let weight = if i == 0 {
            Weight::Bold
        } else {
            Weight::Regular
        };
        for line in flow.fonts.wrap(weight, SMALL + 0.5, text, tw) {
            flow.page().text(tx, ty, SMALL + 0.5, weight, INK, &line);
            ty += (SMALL + 0.5) * 1.4;
        }
        ty += 4.0;
    }
    flow.y += used.max(ty - flow.y) + 10.0;
}

fn milestone_lines(project: &Project, entry: &Entry) -> Vec<String> {
    entry
        .placement
        .milestones
        .iter()
        .filter_map(|id| project.guide.milestone(id))
        .map(|m| format!("{} ({}): {}", m.title, m.window, m.text))
        .collect()
}

fn comparison(flow: &mut Flow, data: &Gathered, entry: &Entry) {
    let project = data.project;
    flow.fresh_page();
    flow.heading(&format!("{} — compared with the baseline", entry.label));
    let gap = 14.0;
    let w = (flow.content_width() - gap) / 2.0;
    let mut captions = Vec::new();
    for e in [&data.baseline, entry] {
        let mut c = vec![e.label.clone()];
        c.push(match (e.aligned, e.photo.alignment.as_ref()) {
            (true, Some(a)) if !a.comparable => format!(
                "aligned, but not comparable: {}",
                a.not_comparable_because().unwrap_or_default()
            ),
            (true, Some(a)) => format!("aligned to the baseline (score {:.2})", a.score),
            (true, None) => "the reference photo".to_owned(),
            (false, _) => "NOT ALIGNED — shown as taken".to_owned(),
        });
        if data.options.keep_names {
            c.push(e.photo.original_name.clone());
        }
        captions.push(c);
    }
    let x0 = flow.left();
    let h0 = photo_with_caption(flow, &data.baseline, x0, w, &captions[0]);
    let h1 = photo_with_caption(flow, entry, x0 + w + gap, w, &captions[1]);
    flow.y += h0.max(h1) + 8.0;
    heat_and_values(flow, data, entry, w, gap);

    let a = &entry.photo.annotation;
    if !a.is_empty() {
        flow.subheading("Notes on this photo");
        flow.body(&format!(
            "Redness {} · texture {}{}",
            score(a.redness),
            score(a.texture),
            if a.tags.is_empty() {
                String::new()
            } else {
                format!(" · tags: {}", a.tags.join(", "))
            }
        ));
        if !a.note.is_empty() {
            flow.body(&format!("“{}”", a.note));
        }
        flow.space(6.0);
    }
    let lines = milestone_lines(project, entry);
    if !lines.is_empty() {
        flow.subheading("Where this photo falls on the treatment guide");
        for l in lines {
            flow.paragraph(&format!("• {l}"), SMALL + 0.5, Weight::Regular, INK, 0.0);
        }
    }
    if !entry.aligned {
        flow.space(6.0);
        flow.paragraph(
            "This photo has not been aligned yet: run “Align” in the app or `afterglow align` \
             before comparing it closely.",
            SMALL + 0.5,
            Weight::Bold,
            ACCENT,
            0.0,
        );
    }
}

fn notes(flow: &mut Flow, project: &Project) {
    flow.fresh_page();
    flow.heading("Notes, in date order");
    let mut rows = Vec::new();
    for p in project.photos_by_date() {
        let a = &p.annotation;
        if a.is_empty() {
            continue;
        }
        let pl = guide::placement(project, p);
        let guide_text: Vec<&str> = pl
            .milestones
            .iter()
            .filter_map(|id| project.guide.milestone(id))
            .map(|m| m.short.as_str())
            .collect();
        rows.push(vec![
            pl.label(p.taken_at),
            score(a.redness),
            score(a.texture),
            a.note.clone(),
            a.tags.join(", "),
            guide_text.join("; "),
        ]);
    }
    if rows.is_empty() {
        flow.note("No photo has notes or scores yet.");
        return;
    }
    flow.table(
        &[
            "Photo",
            "Redness",
            "Texture",
            "Note",
            "Tags",
            "Guide at that time",
        ],
        &[2.0, 1.1, 1.1, 2.6, 1.0, 2.4],
        &rows,
    );
}

fn guide_page(flow: &mut Flow, project: &Project) {
    let g = &project.guide;
    flow.fresh_page();
    flow.heading(&format!("The treatment guide: {}", g.name));
    flow.body(&format!(
        "Sessions every {} days; {} sessions planned. What the guide expects after each session:",
        g.session_interval_days, g.planned_sessions
    ));
    flow.space(4.0);
    let rows: Vec<Vec<String>> = g
        .milestones
        .iter()
        .map(|m| vec![m.window.clone(), m.title.clone(), m.text.clone()])
        .collect();
    flow.table(
        &["When", "Milestone", "What to expect and do"],
        &[1.2, 1.6, 5.0],
        &rows,
    );
    match next_session_due(project) {
        Some(due) => flow.body(&format!("Next planned session: {}.", format_date(due))),
        None if !project.sessions.is_empty() => flow.body("All planned sessions are done."),
        None => {}
    }
    flow.space(8.0);
    flow.subheading("Photos taken against the capture plan");
    let now = project
        .photos_by_date()
        .last()
        .map(|p| p.taken_at)
        .unwrap_or_default();
    let status = capture_status(project, now);
    let mut rows = Vec::new();
    for s in 1..=project.sessions.len() {
        let list = |f: &dyn Fn(&guide::CaptureStatus) -> bool| {
            let v: Vec<&str> = status
                .iter()
                .filter(|c| c.session_number == s && f(c))
                .map(|c| c.label.as_str())
                .collect();
            if v.is_empty() {
                "–".to_owned()
            } else {
                v.join(", ")
            }
        };
        rows.push(vec![
            format!("Session {s}"),
            list(&|c| c.taken()),
            list(&|c| !c.taken() && !c.upcoming),
        ]);
    }
    if rows.is_empty() {
        flow.note("No sessions entered yet.");
    } else {
        flow.table(&["Session", "Taken", "Missing"], &[1.0, 4.0, 2.5], &rows);
    }
}

/// The redness-change map beside its legend and the measured values of this photo.
fn heat_and_values(flow: &mut Flow, data: &Gathered, entry: &Entry, w: f32, gap: f32) {
    let Some(heat) = &entry.heat else {
        return;
    };
    // A smaller map than the photos so the page holds the notes too.
    let mw = w * 0.62;
    let mh = mw * heat.size.1 as f32 / heat.size.0.max(1) as f32;
    flow.ensure(mh + 20.0);
    let (x0, y0) = (flow.left(), flow.y);
    flow.page().jpeg(x0, y0, mw, mh, heat.jpeg.clone());
    let tx = x0 + mw + gap;
    let mut ty = y0 + 10.0;
    flow.page().text(
        tx,
        ty,
        BODY,
        Weight::Bold,
        INK,
        crate::metrics::LEGEND_TITLE,
    );
    ty += 14.0;
    for stop in crate::metrics::legend(heat.range) {
        let [r, g, b, a] = stop.colour;
        // The colour as it looks over the light grey photo.
        let a = f32::from(a) / 255.0;
        let mix = |c: u8| (235.0 * (1.0 - a) + f32::from(c) * a).round() as u8;
        flow.page()
            .fill_rect(tx, ty - 8.0, 14.0, 10.0, [mix(r), mix(g), mix(b)]);
        flow.page()
            .text(tx + 20.0, ty, SMALL, Weight::Regular, INK, &stop.label);
        ty += 13.0;
    }
    if heat.noise > 0.0 {
        flow.page().text(
            tx,
            ty,
            SMALL,
            Weight::Regular,
            INK,
            &crate::metrics::noise_words(heat.noise),
        );
        ty += 13.0;
    }
    ty += 6.0;
    let caveats =
        crate::metrics::pair_caveats(data.project, &data.baseline.photo.id, &entry.photo.id);
    let tw = flow.content_width() - mw - gap;
    let mut lines: Vec<String> = vec![
        "From the baseline to this photo, white-balanced where a neutral patch is marked."
            .to_owned(),
    ];
    if let Ok((_, chart)) = &data.measurements {
        for s in &chart.series {
            if let Some(p) = s.points.iter().find(|p| p.photo == entry.photo.id) {
                let noise = p.uncertainty.a_star.unwrap_or_default();
                let verdict = p.verdict.redness.map_or("", |v| v.redness_words());
                let change = (p.change.a_star).map_or(String::new(), |c| {
                    format!(", {c:+.1} ± {noise:.1} from baseline: {verdict}")
                });
                let a = p
                    .values
                    .a_star
                    .map_or("–".to_owned(), |v| format!("{v:.1}"));
                lines.push(format!("{}: a* {a}{change}", s.name));
            }
        }
    }
    lines.extend(caveats);
    for text in lines {
        for line in flow.fonts.wrap(Weight::Regular, SMALL, &text, tw) {
            flow.page()
                .text(tx, ty, SMALL, Weight::Regular, MUTED, &line);
            ty += SMALL * 1.4;
        }
        ty += 2.0;
    }
    flow.y = (y0 + mh).max(ty) + 10.0;
}
