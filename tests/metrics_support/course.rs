//! A short course of photos rendered by the sample generator and run through the real
//! command line — `new`, `import`, `session add` (2 March 2026, 10:00), `align`, `metrics
//! --csv` — without neutral patches; the CSV is read back by column name. Used by
//! `tests/skin_tones.rs` and `tests/pigmentation.rs`.

use std::collections::HashMap;
use std::path::Path;

use afterglow_core::imaging::encode_jpeg;
use image::RgbImage;

use super::common;
use super::render::{self, CANON_H, CANON_W, Source, Texture, Variation};

/// One photo of the course: its file name (which dates it), the portrait it is rendered
/// from (the skin as it is that day) and the generator's simulated redness.
pub struct Shot<'a> {
    pub name: &'a str,
    pub portrait: &'a RgbImage,
    pub redness: f64,
}

/// One CSV row of `metrics`, by column name.
pub type Row = HashMap<String, String>;

/// Renders `shots` (each in its own pose, white balance and exposure, from a generator
/// seeded with `seed`), runs them through the CLI in `dir` and returns the CSV's rows.
pub fn run_course(dir: &Path, shots: &[Shot], seed: u64) -> Vec<Row> {
    let skin = Texture::new(7);
    let mut rng = common::Rng::new(seed);
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for shot in shots {
        let v = Variation::random(&mut rng, CANON_W, CANON_H, shot.redness, 1.0);
        let img = render::render(&Source::new(shot.portrait), &skin, &v, &mut rng);
        std::fs::write(inbox.join(shot.name), encode_jpeg(&img, 88).unwrap()).unwrap();
    }
    let project = dir.join("course.afterglow");
    let csv = dir.join("metrics.csv");
    let run = |args: &[&str]| {
        common::afterglow().args(args).assert().success();
    };
    let p = project.to_str().unwrap();
    run(&["new", p]);
    run(&["import", p, inbox.to_str().unwrap()]);
    run(&[
        "session",
        "add",
        p,
        "--date",
        "2026-03-02",
        "--time",
        "10:00",
    ]);
    run(&["align", p]);
    run(&["metrics", p, "--csv", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .map(|l| {
            // No field of these rows holds a comma (file names, plain numbers and words;
            // a status with a comma would be quoted, and none of these photos has one).
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The number in `column` of `row`; panics naming the row when it is empty.
pub fn number(row: &Row, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} of {} is {:?}", row["file"], row[column]))
}
