//! Shared by the metrics tests: the demo project aligned with the generator's true
//! transforms (the alignment module is not merged yet), and measuring it.
#![allow(dead_code)]

use std::collections::HashMap;

use afterglow_core::geometry::{Affine2, Point};
use afterglow_core::project::{AlignMethod, Alignment, Project, Rect};
use afterglow_core::store::{self, ProjectPaths};

use super::common;

pub mod course;
pub mod repeats;
pub mod skin_tone;

/// The sample generator's own renderer, so a photo made by a test is made exactly as the
/// sample photos were.
#[path = "../../examples/make-sample-data/render.rs"]
pub mod render;
/// `render` draws from `super::rng::Rng`: the generator's one, which `common` already loads.
mod rng {
    pub use super::common::Rng;
}

/// What the generator says about one photo.
pub struct Truth {
    pub redness: f64,
    pub texture: f64,
    pub session: u64,
    pub slot: String,
}

/// A temporary copy of the demo project aligned with the true transforms, the reference's
/// eyes marked, and what the generator says about each photo (by photo id). With
/// `patches`, every photo gets a neutral patch on the same spot of the studio backdrop (the
/// backdrop is the same in every photo, so it serves as the grey card a user would hold).
pub fn aligned_demo(
    dir: &std::path::Path,
    patches: bool,
) -> (ProjectPaths, Project, HashMap<String, Truth>) {
    let root = common::demo_copy(dir);
    let mut project = store::load(&root).unwrap();
    // Measured in the default regions placed from the true eye positions (set below), not
    // in the ones the demo ships with (placed by the face detector).
    project.regions.clear();
    let truth = common::truth();
    let reference_name = truth["reference"].as_str().unwrap();
    let reference_id = project
        .photos
        .iter()
        .find(|p| p.original_name == reference_name)
        .unwrap()
        .id
        .clone();
    project.reference = Some(reference_id.clone());
    let mut by_id = HashMap::new();
    for t in truth["photos"].as_array().unwrap() {
        let name = t["file"].as_str().unwrap();
        let photo = project
            .photos
            .iter_mut()
            .find(|p| p.original_name == name)
            .unwrap();
        let m: Affine2 = serde_json::from_value(t["reference_from_photo"].clone()).unwrap();
        photo.alignment = Some(Alignment {
            concerns: Vec::new(),
            reference_from_photo: m,
            method: AlignMethod::Manual,
            score: 1.0,
            comparable: true,
            locked: true,
            reference: Some(reference_id.clone()),
        });
        if patches {
            // Backdrop to the right of the face, at (1080, 760) in the reference.
            let c = m.inverse().unwrap().apply(Point::new(1080.0, 760.0));
            photo.white_patch = Some(Rect {
                min: Point::new(c.x - 40.0, c.y - 40.0),
                max: Point::new(c.x + 40.0, c.y + 40.0),
            });
        }
        if photo.id == reference_id {
            let e: [[f64; 2]; 2] = serde_json::from_value(t["eyes"].clone()).unwrap();
            photo.eyes = Some(e.map(Point::from));
        }
        by_id.insert(
            photo.id.0.clone(),
            Truth {
                redness: t["redness"].as_f64().unwrap(),
                texture: t["texture"].as_f64().unwrap(),
                session: t["session"].as_u64().unwrap(),
                slot: t["slot"].as_str().unwrap().to_owned(),
            },
        );
    }
    store::save(&root, &project).unwrap();
    (ProjectPaths::new(root), project, by_id)
}

/// Every photo × region of `project` measured (no cache), with the colour normalisation by
/// the surroundings on or off.
pub fn measure_with(
    paths: &ProjectPaths,
    project: &Project,
    surroundings: bool,
) -> afterglow_core::metrics::ProjectMeasurements {
    let options = afterglow_core::metrics::MeasureOptions {
        surroundings,
        ..afterglow_core::metrics::MeasureOptions::default()
    };
    afterglow_core::metrics::measure_project(
        paths,
        project,
        &options,
        &|_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap()
}
