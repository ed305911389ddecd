//! The report's pages for the side views (left and right 45°): each view's reference beside its
//! latest photo, both in that view's own reference frame. The rest of the report — the
//! comparisons with the baseline, the measurements — covers the main view.

use rayon::prelude::*;

use super::canvas::{MUTED, Weight};
use super::images;
use super::layout::{Flow, SMALL};
use super::{Entry, ReportError};
use crate::face::features::FACE_OVAL;
use crate::face::find_landmarks;
use crate::project::{Photo, Project, View};
use crate::reference_frame::ReferenceFrame;
use crate::store::ProjectPaths;

/// One side view: its reference and, when it has another photo, its latest.
pub(crate) struct SideView<'p> {
    pub view: View,
    pub reference: Entry<'p>,
    pub latest: Option<Entry<'p>>,
    /// Photos of the view (excluded ones left out).
    pub count: usize,
}

/// The side views of `project` that hold photos, besides the main view.
pub(crate) fn gather_side_views<'p>(
    paths: &ProjectPaths,
    project: &'p Project,
) -> Result<Vec<SideView<'p>>, ReportError> {
    let main = project.main_view();
    View::ALL
        .into_iter()
        .filter(|&v| v != main)
        .filter_map(|view| {
            let reference = project.reference_photo_for(view)?;
            let photos: Vec<&Photo> = (project.photos_by_date().into_iter())
                .filter(|p| !p.excluded && p.view() == view)
                .collect();
            let latest = photos.last().copied().filter(|p| p.id != reference.id);
            Some((view, reference, latest, photos.len()))
        })
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(view, reference, latest, count)| {
            let frame = ReferenceFrame::of(reference);
            let (reference_image, aligned) =
                images::aligned_image(paths, project, reference, &frame)?;
            let crop = face_crop(&reference_image);
            let reference = Entry::new(project, reference, &reference_image, aligned, crop, None)?;
            let latest = match latest {
                Some(p) => {
                    let (img, aligned) = images::aligned_image(paths, project, p, &frame)?;
                    Some(Entry::new(project, p, &img, aligned, crop, None)?)
                }
                None => None,
            };
            Ok(SideView {
                view,
                reference,
                latest,
                count,
            })
        })
        .collect()
}

/// The face's outline found in the view's reference (in its frame) with a margin, else the
/// whole frame: a side view has no regions to frame it by.
fn face_crop(img: &image::RgbImage) -> (u32, u32, u32, u32) {
    let whole = (0, 0, img.width(), img.height());
    let Ok(mesh) = find_landmarks(img) else {
        return whole;
    };
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &i in FACE_OVAL.iter() {
        let p = mesh.points[i];
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    let (mx, my) = ((x1 - x0) * 0.25, (y1 - y0) * 0.2);
    let clamp = |v: f64, max: u32| v.clamp(0.0, f64::from(max)) as u32;
    let (cx0, cy0) = (clamp(x0 - mx, img.width()), clamp(y0 - my, img.height()));
    let (cx1, cy1) = (clamp(x1 + mx, img.width()), clamp(y1 + my, img.height()));
    if cx1 <= cx0 + 16 || cy1 <= cy0 + 16 {
        return whole;
    }
    (cx0, cy0, cx1 - cx0, cy1 - cy0)
}

/// One page per side view.
pub(crate) fn section(flow: &mut Flow, views: &[SideView], main: View, keep_names: bool) {
    for side in views {
        flow.fresh_page();
        let view = side.view;
        let n = side.count;
        let photos = if n == 1 { "photo" } else { "photos" };
        flow.heading(&format!("The {view} view — {n} {photos}"));
        flow.paragraph(
            &format!(
                "Photos taken from the {view} side are aligned to their own reference, the \
                 first below; they are not measured, and the comparisons and measurements \
                 elsewhere in this report are of the {main} view."
            ),
            SMALL + 0.5,
            Weight::Regular,
            MUTED,
            0.0,
        );
        flow.space(6.0);
        let gap = 14.0;
        let w = (flow.content_width() - gap) / 2.0;
        let caption = |e: &Entry, what: &str| {
            let mut c = vec![e.label.clone(), what.to_owned()];
            if keep_names {
                c.push(e.photo.original_name.clone());
            }
            c
        };
        let x0 = flow.left();
        let first = caption(&side.reference, &format!("the {view} reference"));
        let h0 = super::sections::photo_with_caption(flow, &side.reference, x0, w, &first);
        let mut h1 = 0.0;
        if let Some(latest) = &side.latest {
            let how = match (latest.aligned, latest.photo.alignment.as_ref()) {
                (true, Some(a)) if !a.comparable => format!(
                    "aligned, but not comparable: {}",
                    a.not_comparable_because().unwrap_or_default()
                ),
                (true, Some(_)) => format!("the latest, aligned to the {view} reference"),
                _ => "NOT ALIGNED — shown as taken".to_owned(),
            };
            h1 = super::sections::photo_with_caption(
                flow,
                latest,
                x0 + w + gap,
                w,
                &caption(latest, &how),
            );
        }
        flow.y += h0.max(h1) + 8.0;
    }
}
