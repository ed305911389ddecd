//! Makes a folder of large photos to measure import memory on (issue 15.6):
//!
//!     cargo run --release --example make-big-photos -- /tmp/big-photos [PHOTOS] [MEGAPIXELS]
//!
//! PHOTOS defaults to 200, MEGAPIXELS to 12 (4000 × 3000). Each is the public-domain portrait
//! in `assets/portrait.png`, scaled up, with its own tint and grain so that no two are the
//! same file (import folds identical files into one), saved as a JPEG of quality 90 named by
//! its date ("2026-01-01 09.00.00.jpg", a day apart), as a phone names them.

use std::path::PathBuf;
use std::process::ExitCode;

use image::{RgbImage, imageops};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(folder) = args.first().map(PathBuf::from) else {
        eprintln!("usage: make-big-photos FOLDER [PHOTOS] [MEGAPIXELS]");
        return ExitCode::from(2);
    };
    let number = |i: usize, default: f64| match args.get(i).map(|a| a.parse::<f64>()) {
        None => Ok(default),
        Some(Ok(n)) if n > 0.0 => Ok(n),
        Some(_) => Err(format!("argument {}: a positive number", i + 1)),
    };
    let (photos, megapixels) = match (number(1, 200.0), number(2, 12.0)) {
        (Ok(p), Ok(m)) => (p as usize, m),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("make-big-photos: {e}");
            return ExitCode::from(2);
        }
    };
    match make(&folder, photos, megapixels) {
        Ok(bytes) => {
            eprintln!(
                "made {photos} photos of {megapixels} MP in {} ({:.0} MB)",
                folder.display(),
                bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("make-big-photos: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the photos; returns the bytes written.
fn make(folder: &std::path::Path, photos: usize, megapixels: f64) -> Result<u64, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let portrait = image::open(root.join("assets/portrait.png"))
        .map_err(|e| format!("assets/portrait.png: {e}"))?
        .to_rgb8();
    // 4:3 landscape at the asked size, the portrait centred on a plain wall.
    let width = (megapixels * 1e6 * 4.0 / 3.0).sqrt().round() as u32;
    let height = (f64::from(width) * 3.0 / 4.0).round() as u32;
    let scale = f64::from(height) / f64::from(portrait.height());
    let face = imageops::resize(
        &portrait,
        (f64::from(portrait.width()) * scale) as u32,
        height,
        imageops::FilterType::Triangle,
    );
    let mut base = RgbImage::from_pixel(width, height, image::Rgb([182, 176, 168]));
    imageops::overlay(&mut base, &face, i64::from((width - face.width()) / 2), 0);

    std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut written = 0;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..photos {
        let mut photo = base.clone();
        let tint = [
            1.0 + 0.02 * ((i % 5) as f32 - 2.0),
            1.0,
            1.0 - 0.02 * ((i % 3) as f32 - 1.0),
        ];
        for p in photo.pixels_mut() {
            // xorshift grain, ±3 levels
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let grain = (state % 7) as f32 - 3.0;
            for (v, t) in p.0.iter_mut().zip(tint) {
                *v = (f32::from(*v) * t + grain).clamp(0.0, 255.0) as u8;
            }
        }
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        let year = 2026 + i / (28 * 12);
        let path = folder.join(format!("{year}-{month:02}-{day:02} 09.00.00.jpg"));
        let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&photo)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        drop(out);
        written += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    }
    Ok(written)
}
