//! `align`: a project's photos to its reference (then the default regions), or one pair
//! of files.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, anyhow, bail};

use afterglow_core::import::{self};

use super::output::TerminalBar;
use super::shared::{Status, open_for_writing, switch_reference};

pub(super) fn cmd_align(paths: &[PathBuf], reference: Option<&str>, json: bool) -> Result<Status> {
    use afterglow_core::align::{self, PreparedReference};
    use afterglow_core::prepare;
    match paths {
        [root] => {
            let mut open = open_for_writing(root)?;
            if let Some(prefix) = reference {
                let photo = open
                    .project
                    .photo_by_prefix(prefix)
                    .ok_or_else(|| anyhow!("{}: no photo matches {prefix:?}", root.display()))?;
                // The reference of the photo's own view; its regions move with it.
                let id = photo.id.clone();
                switch_reference(&mut open, &id)?;
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
                    if let align::Outcome::Aligned { alignment, .. } = &r.outcome {
                        for advice in afterglow_core::project::capture_advice(alignment) {
                            say!("  next time: {advice}");
                        }
                    }
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
                    "mirrored": pair.is_mirrored(),
                    "concerns": pair.concerns,
                });
                say!("{doc}");
            } else {
                say!("reference_from_moving: {}", serde_json::to_string(&t)?);
                if pair.is_mirrored() {
                    say!("mirrored; shown the right way round");
                }
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

/// A photo file, decoded upright the way import decodes it (under the same limits), at
/// preview size, and the map from those pixels to the file's full-size pixels.
pub(super) fn load_upright(
    path: &Path,
) -> Result<(image::RgbImage, afterglow_core::geometry::Affine2)> {
    let bytes = import::read_photo_file(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let d = import::decode_file(&bytes, path, None, Some(import::PREVIEW_SIDE))
        .map_err(|e| anyhow!("{}: {e}", path.display()))?
        .decoded;
    let file_from_image = afterglow_core::geometry::resample_from(
        d.width,
        d.height,
        d.image.width(),
        d.image.height(),
    );
    Ok((d.image, file_from_image))
}
