//! Which kind of file this is, judged by its content (never by its name alone).

use std::path::Path;

/// Formats Afterglow imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoFormat {
    /// JPEG (`.jpg`, `.jpeg`), the camera default.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    WebP,
    /// TIFF.
    Tiff,
    /// HEIC/HEIF (HEVC inside), what iPhones save; decoded by the system's libheif.
    Heic,
    /// AVIF (AV1 inside); decoded by libheif where it has an AV1 decoder.
    Avif,
}

impl PhotoFormat {
    /// The extension the original is stored under in `photos/`.
    pub fn extension(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "jpg",
            PhotoFormat::Png => "png",
            PhotoFormat::WebP => "webp",
            PhotoFormat::Tiff => "tif",
            PhotoFormat::Heic => "heic",
            PhotoFormat::Avif => "avif",
        }
    }

    /// The `image` crate's name for the format, to pick its decoder; `None` for the HEIF
    /// family, which libheif decodes.
    pub fn image_format(self) -> Option<image::ImageFormat> {
        match self {
            PhotoFormat::Jpeg => Some(image::ImageFormat::Jpeg),
            PhotoFormat::Png => Some(image::ImageFormat::Png),
            PhotoFormat::WebP => Some(image::ImageFormat::WebP),
            PhotoFormat::Tiff => Some(image::ImageFormat::Tiff),
            PhotoFormat::Heic | PhotoFormat::Avif => None,
        }
    }
}

/// What the first bytes say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sniffed {
    /// A format Afterglow imports.
    Supported(PhotoFormat),
    /// A picture format we do not read, with advice on converting it.
    Unsupported {
        /// The format's name, e.g. "HEIC/HEIF".
        format: &'static str,
        /// What to do instead, e.g. how to export a JPEG.
        advice: &'static str,
    },
    /// Not a picture format we recognise.
    Unknown,
}

const RAW_ADVICE: &str = "camera RAW files are not supported; export a JPEG or TIFF from your \
    camera app or raw converter (e.g. darktable, Lightroom, `dcraw -T`)";

/// Extensions of camera RAW formats (several are TIFF inside, so the name decides).
const RAW_EXTENSIONS: &[&str] = &[
    "dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf", "sr2", "orf", "rw2", "raf", "pef",
    "srw", "x3f", "3fr", "erf", "kdc", "mrw", "raw", "rwl", "iiq",
];

/// Extensions worth looking at when walking a folder (the rest is skipped silently).
pub fn looks_like_photo(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "jpg"
            | "jpeg"
            | "jpe"
            | "jfif"
            | "png"
            | "webp"
            | "tif"
            | "tiff"
            | "heic"
            | "heif"
            | "avif"
            | "hif"
            | "gif"
            | "bmp"
    ) || RAW_EXTENSIONS.contains(&ext.as_str())
}

/// What `bytes` hold, judged from their first bytes; `path` only words the advice.
pub fn sniff(bytes: &[u8], path: &Path) -> Sniffed {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if RAW_EXTENSIONS.contains(&ext.as_str()) {
        return Sniffed::Unsupported {
            format: "camera RAW",
            advice: RAW_ADVICE,
        };
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Supported(PhotoFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Supported(PhotoFormat::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Supported(PhotoFormat::WebP);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Sniffed::Supported(PhotoFormat::Tiff);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match heif_brand(bytes) {
            Some(format) => Sniffed::Supported(format),
            None => Sniffed::Unsupported {
                format: "camera RAW",
                advice: RAW_ADVICE,
            },
        };
    }
    if bytes.starts_with(b"GIF8") {
        return Sniffed::Unsupported {
            format: "GIF",
            advice: "GIF is not a photo format Afterglow imports; use the original JPEG",
        };
    }
    if bytes.starts_with(b"BM") {
        return Sniffed::Unsupported {
            format: "BMP",
            advice: "BMP is not supported; convert to PNG or JPEG first",
        };
    }
    Sniffed::Unknown
}

/// Which HEIF-family format an ISO-BMFF file (`ftyp` at byte 4) holds: AVIF when its major or
/// a compatible brand says so, HEIC for the other image brands (heic, heix, mif1, msf1…);
/// `None` for Canon's CR3 (`crx `), a RAW format in the same container.
fn heif_brand(bytes: &[u8]) -> Option<PhotoFormat> {
    let major = &bytes[8..12];
    if major == b"crx " {
        return None;
    }
    let box_len = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let compatible = bytes
        .get(16..box_len.min(bytes.len()).max(16))
        .unwrap_or_default()
        .chunks_exact(4);
    let is_avif = |b: &[u8]| b == b"avif" || b == b"avis";
    if is_avif(major) || (major == b"mif1" && compatible.clone().any(is_avif)) {
        Some(PhotoFormat::Avif)
    } else {
        Some(PhotoFormat::Heic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        let p = Path::new("x.jpg");
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n....", p),
            Sniffed::Supported(PhotoFormat::Png)
        );
        assert_eq!(sniff(b"hello, world", p), Sniffed::Unknown);
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", Path::new("a.jpg")),
            Sniffed::Supported(PhotoFormat::Heic)
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypmif1\0\0\0\0mif1avif", Path::new("a.heic")),
            Sniffed::Supported(PhotoFormat::Avif)
        );
        assert!(matches!(
            sniff(b"\0\0\0\x18ftypcrx \0\0\0\0crx isom", Path::new("a.cr3")),
            Sniffed::Unsupported {
                format: "camera RAW",
                ..
            }
        ));
        assert!(matches!(
            sniff(b"II*\0abcd", Path::new("a.DNG")),
            Sniffed::Unsupported {
                format: "camera RAW",
                ..
            }
        ));
    }
}
