//! Test–retest on skin that did not change (issue 13, item 3), shared by
//! `tests/repeatability.rs` (which holds the figures to their targets) and
//! `benches/repeatability.rs` (which prints them and times the measuring).
//!
//! Unchanged skin is the sample's redness-free photos (the baseline, each session's day 7
//! and the photo before the next session — in the region under the pigmented patch only
//! those without it — aligned with the generator's true transforms) and
//! repeats of the baseline rendered by the sample generator itself — a new pose (up to 6° of
//! roll, ±10 % of distance, 5 % off centre), white balance, exposure (±20 %), light gradient
//! and sensor noise (`Variation::random`) on the baseline's skin — imported and aligned by the
//! app's own alignment, so the figures include alignment error, as a user's repeats would.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use afterglow_core::align::{align_project, update_command};
use afterglow_core::imaging::encode_jpeg;
use afterglow_core::import::Outcome;
use afterglow_core::metrics::ProjectMeasurements;
use afterglow_core::project::{PhotoId, Project};
use afterglow_core::store::{self, ProjectPaths};

use super::{Truth, aligned_demo, common, render};

/// The demo project (no neutral patches) with `n` repeats of its baseline added and aligned.
pub struct RepeatSet {
    pub paths: ProjectPaths,
    pub project: Project,
    pub truth: HashMap<String, Truth>,
    pub repeats: Vec<PhotoId>,
}

/// Makes the [`RepeatSet`] in `dir`: the repeats are dated a minute apart after the baseline
/// photo, so they are baseline photos too, and the reference stays where it was.
pub fn demo_with_repeats(dir: &Path, n: u32) -> RepeatSet {
    demo_with_renders(dir, n, |_, _| {})
}

/// As [`demo_with_repeats`], with each repeat's random variation changed by `adjust` (given
/// the repeat's number from 1) before it is rendered.
pub fn demo_with_renders(
    dir: &Path,
    n: u32,
    adjust: impl Fn(u32, &mut render::Variation),
) -> RepeatSet {
    let (paths, project, truth) = aligned_demo(dir, false);
    let reference = project.reference_photo().unwrap().clone();
    let portrait = image::open(common::repo().join("assets/portrait.png"))
        .unwrap()
        .into_rgb8();
    let source = render::Source::new(&portrait);
    let skin = render::Texture::new(7);
    let inbox = dir.join("repeats");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut rng = common::Rng::new(13);
    let files: Vec<PathBuf> = (1..=n)
        .map(|k| {
            let when = reference.taken_at + chrono::Duration::minutes(i64::from(k));
            let file = inbox.join(format!("IMG_{}.jpg", when.format("%Y%m%d_%H%M%S")));
            let mut v =
                render::Variation::random(&mut rng, render::CANON_W, render::CANON_H, 0.0, 1.0);
            adjust(k, &mut v);
            let img = render::render(&source, &skin, &v, &mut rng);
            std::fs::write(&file, encode_jpeg(&img, 88).unwrap()).unwrap();
            file
        })
        .collect();

    let mut project = store::load(&paths.root).unwrap();
    let photos: Vec<_> = common::import_into(&paths.root, &files)
        .into_iter()
        .filter_map(|r| match r.outcome {
            Outcome::Imported(photo) => Some(*photo),
            _ => None,
        })
        .collect();
    let repeats: Vec<PhotoId> = photos.iter().map(|p| p.id.clone()).collect();
    assert_eq!(repeats.len(), n as usize, "every repeat imported");
    project
        .add_photos_keeping_reference(photos)
        .apply(&mut project)
        .unwrap();
    assert_eq!(project.reference, Some(reference.id), "the reference stays");
    let reports = align_project(&paths, &project, &|_| {}, &AtomicBool::new(false)).unwrap();
    update_command(&project, &reports)
        .unwrap()
        .apply(&mut project)
        .unwrap();
    store::save(&paths.root, &project).unwrap();
    RepeatSet {
        paths,
        project,
        truth,
        repeats,
    }
}

/// How much one region's values vary on unchanged skin.
pub struct Spread {
    pub region: String,
    /// The region holds the centre of the sample's pigmented patch.
    pub under_patch: bool,
    /// Photos of unchanged skin measured in the region.
    pub photos: usize,
    /// Standard deviation of a*.
    pub a_star_sd: f64,
    /// Standard deviation of the melanin index.
    pub melanin_sd: f64,
    /// Coefficient of variation of texture (0–1), about each session's own level: the
    /// generator smooths the skin from session to session, so only photos of one texture
    /// level are compared with each other.
    pub texture_cv: f64,
}

impl Spread {
    /// The smallest difference between two photos that unchanged skin exceeds less than one
    /// time in twenty: 1.96·√2·σ.
    pub fn smallest_trustworthy_change(&self) -> f64 {
        1.96 * std::f64::consts::SQRT_2 * self.a_star_sd
    }
}

/// The spread of every region of `m` over the photos of unchanged skin (generator redness 0)
/// that are comparable in it.
pub fn spreads(set: &RepeatSet, m: &ProjectMeasurements) -> Vec<Spread> {
    let baseline = &set.truth[&set.project.reference.as_ref().unwrap().0];
    // Photo id → (redness, pigment, texture) the generator gave it; the repeats are the
    // baseline's.
    let state = |id: &PhotoId| -> Option<(f64, f64, f64)> {
        if set.repeats.contains(id) {
            return Some((baseline.redness, baseline.pigment, baseline.texture));
        }
        set.truth
            .get(&id.0)
            .map(|t| (t.redness, t.pigment, t.texture))
    };
    let patch = super::pigment_patch_centre();
    m.regions
        .iter()
        .map(|region| {
            let mut a_star = Vec::new();
            let mut melanin = Vec::new();
            let mut texture: HashMap<u64, Vec<f64>> = HashMap::new();
            for photo in &m.photos {
                let Some((redness, pigment, tex)) = state(&photo.photo) else {
                    continue;
                };
                let changed = redness != 0.0 || (pigment != 0.0 && region.shape.contains(patch));
                if changed || !photo.comparable_in(region) {
                    continue;
                }
                let values = photo
                    .region(region.id)
                    .unwrap_or_else(|| panic!("{} not measured", photo.original_name));
                a_star.push(values.a_star.unwrap());
                melanin.push(values.melanin_index.unwrap());
                texture
                    .entry(tex.to_bits())
                    .or_default()
                    .push(values.texture.unwrap());
            }
            let groups: Vec<Vec<f64>> = texture.into_values().collect();
            Spread {
                region: region.name.clone(),
                under_patch: region.shape.contains(patch),
                photos: a_star.len(),
                a_star_sd: pooled_sd(&[a_star]),
                melanin_sd: pooled_sd(&[melanin]),
                texture_cv: pooled_cv(&groups),
            }
        })
        .collect()
}

/// The spreads as a table, one line per region.
pub fn table(spreads: &[Spread]) -> String {
    let mut out = format!(
        "{:<34} {:>3} {:>7} {:>11} {:>12} {:>11}\n",
        "region", "n", "a* sd", "texture cv", "1.96·√2·sd", "melanin sd"
    );
    for s in spreads {
        out += &format!(
            "{:<34} {:>3} {:>7.2} {:>10.1}% {:>12.2} {:>11.2}\n",
            s.region,
            s.photos,
            s.a_star_sd,
            s.texture_cv * 100.0,
            s.smallest_trustworthy_change(),
            s.melanin_sd
        );
    }
    out
}

/// Standard deviation of `groups` pooled: each group is photos of skin in one true state, so
/// the spread is measured about each group's own mean.
pub fn pooled_sd(groups: &[Vec<f64>]) -> f64 {
    let (mut sum, mut dof) = (0.0, 0usize);
    for g in groups.iter().filter(|g| g.len() >= 2) {
        let mean = g.iter().sum::<f64>() / g.len() as f64;
        sum += g.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
        dof += g.len() - 1;
    }
    (sum / dof as f64).sqrt()
}

/// Coefficient of variation of `groups` pooled (each value relative to its group's mean).
pub fn pooled_cv(groups: &[Vec<f64>]) -> f64 {
    let relative: Vec<Vec<f64>> = groups
        .iter()
        .map(|g| {
            let mean = g.iter().sum::<f64>() / g.len() as f64;
            g.iter().map(|v| v / mean).collect()
        })
        .collect();
    pooled_sd(&relative)
}
