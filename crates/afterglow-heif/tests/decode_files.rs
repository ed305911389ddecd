//! The committed HEIC/AVIF files of tests/heif (made by tests/heif/make_heif.py) decoded by the
//! system's libheif. CI installs libheif1 and sets AFTERGLOW_REQUIRE_HEIF, so these run there;
//! a machine without it skips them with the install advice, which is the message users get too.

use std::path::PathBuf;

use afterglow_heif::{ColourDescription, HeifError, Limits, Samples, decode};

const LIMITS: Limits = Limits {
    max_pixels: 120_000_000,
    max_bytes: 1 << 30,
};

mod support;
use support::libheif_loads;

fn file(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/heif")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn library_loads_and_reports_its_version() {
    if !libheif_loads() {
        return;
    }
    let version = afterglow_heif::library_version().expect("libheif1 is installed");
    assert!(version.starts_with("1."), "{version}");
}

#[test]
fn eight_bit_heic_decodes_with_its_exif() {
    if !libheif_loads() {
        return;
    }
    let pic = decode(&file("portrait.heic"), LIMITS).expect("decodes");
    assert_eq!((pic.width, pic.height), (256, 256));
    let Samples::Eight(px) = &pic.samples else {
        panic!("8-bit file decoded deep");
    };
    assert_eq!(px.len(), 256 * 256 * 3);
    let exif = pic.exif.expect("EXIF block");
    assert!(exif.starts_with(b"MM\0*"), "{:?}", &exif[..4]);
    assert!(exif.windows(19).any(|w| w == b"2026:03:01 09:30:00"));
}

#[test]
fn rotation_is_applied_by_libheif() {
    if !libheif_loads() {
        return;
    }
    // Stored turned anticlockwise (256 wide, 256 high: square, so compare pixels instead).
    let upright = decode(&file("portrait.heic"), LIMITS).expect("decodes");
    let rotated = decode(&file("portrait-rotated.heic"), LIMITS).expect("decodes");
    let mirrored = decode(&file("portrait-mirrored.heic"), LIMITS).expect("decodes");
    let diff = |a: &Samples, b: &Samples| -> f64 {
        let (Samples::Eight(a), Samples::Eight(b)) = (a, b) else {
            panic!("8-bit expected");
        };
        a.iter()
            .zip(b)
            .map(|(x, y)| (f64::from(*x) - f64::from(*y)).abs())
            .sum::<f64>()
            / a.len() as f64
    };
    assert!(diff(&upright.samples, &rotated.samples) < 4.0);
    assert!(diff(&upright.samples, &mirrored.samples) < 4.0);
}

#[test]
fn colour_descriptions_are_read() {
    if !libheif_loads() {
        return;
    }
    let p3 = decode(&file("portrait-p3.heic"), LIMITS).expect("decodes");
    assert!(matches!(p3.colour, ColourDescription::Icc(ref icc) if icc.len() > 128));
    let pq = decode(&file("portrait-pq10.heic"), LIMITS).expect("decodes");
    let ColourDescription::Nclx(nclx) = pq.colour else {
        panic!("nclx expected, got {:?}", pq.colour);
    };
    assert_eq!((nclx.primaries, nclx.transfer), (9, 16));
    assert!(
        matches!(pq.samples, Samples::Deep { bits: 10, .. }),
        "10-bit samples"
    );
}

#[test]
fn damaged_and_oversized_files_are_refused() {
    if !libheif_loads() {
        return;
    }
    let bytes = file("portrait.heic");
    let cut = decode(&bytes[..bytes.len() / 2], LIMITS);
    assert!(matches!(cut, Err(HeifError::Damaged(_))), "{cut:?}");
    let tiny = Limits {
        max_pixels: 10_000,
        ..LIMITS
    };
    assert!(matches!(
        decode(&bytes, tiny),
        Err(HeifError::TooLarge {
            width: 256,
            height: 256,
            ..
        })
    ));
    assert!(matches!(
        decode(b"not a heif", LIMITS),
        Err(HeifError::Damaged(_))
    ));
}
