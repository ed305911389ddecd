//! HEIC, HEIF and AVIF photos decoded by the system's libheif, loaded at run time.
//!
//! Phones save HEIC; every desktop distribution ships libheif (`libheif1` on Debian and
//! Ubuntu). Linking it would need its `-dev` package to build Afterglow, so the library is
//! opened with `dlopen` the first time a HEIF file is decoded, and where it is missing the file
//! is refused with a message naming the package to install.
//!
//! This crate only moves bytes across the C boundary: the primary image's pixels (after the
//! file's `irot`/`imir`/`clap` transformations, which libheif applies), its bit depth, its EXIF
//! block and its colour description. Turning those into upright 8-bit sRGB (colour profiles,
//! HDR tone mapping) is safe Rust in `afterglow-core`.

mod api;
mod decode;

pub use decode::decode;

/// Bounds on what a file may make libheif allocate, checked against the image's header
/// before any pixel is decoded.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most pixels (width × height) the primary image may have.
    pub max_pixels: u64,
    /// Most bytes the decoded pixels may take.
    pub max_bytes: u64,
}

/// A decoded primary image, after the file's geometric transformations.
#[derive(Clone, Debug)]
pub struct Picture {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Interleaved RGB samples, row by row without padding.
    pub samples: Samples,
    /// What the file says about its colours.
    pub colour: ColourDescription,
    /// The EXIF block as TIFF bytes (from the "MM"/"II" header on), when the file has one.
    pub exif: Option<Vec<u8>>,
}

/// Interleaved RGB samples at the file's bit depth.
#[derive(Clone, Debug)]
pub enum Samples {
    /// 8 bits per sample, 3 per pixel.
    Eight(Vec<u8>),
    /// More than 8 bits per sample (10 or 12), each in a `u16` whose largest value is
    /// `(1 << bits) - 1`, 3 per pixel.
    Deep {
        /// The samples.
        values: Vec<u16>,
        /// Significant bits per sample.
        bits: u8,
    },
}

/// The colour description a HEIF file carries in its `colr` box.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ColourDescription {
    /// None: the pixels are taken as sRGB.
    #[default]
    Unspecified,
    /// An ICC profile (Apple writes Display P3 this way).
    Icc(Vec<u8>),
    /// Coded primaries and transfer (ITU-T H.273), as HDR files carry them.
    Nclx(Nclx),
}

/// The ITU-T H.273 code points of an `nclx` colour box, and the primaries they stand for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nclx {
    /// `colour_primaries` (1 = BT.709/sRGB, 9 = BT.2020, 12 = Display P3).
    pub primaries: u16,
    /// `transfer_characteristics` (13 = sRGB, 16 = PQ, 18 = HLG).
    pub transfer: u16,
    /// Chromaticities (x, y) of red, green, blue and white, as libheif decodes them.
    pub chromaticities: [(f32, f32); 4],
}

/// Which compression a HEIF file's image uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// HEVC (H.265): HEIC, what phones save.
    Hevc,
    /// AV1: AVIF.
    Av1,
}

/// Why a HEIF file could not be decoded.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeifError {
    /// The system has no libheif to load.
    #[error(
        "HEIC/HEIF photos need the libheif library, which is not installed \
         (Debian/Ubuntu: `sudo apt install libheif1`; Fedora: `sudo dnf install libheif`): {0}"
    )]
    NotInstalled(String),
    /// The library lacks a function Afterglow calls (a libheif older than 1.7).
    #[error("the installed libheif is too old (it has no `{0}`); libheif 1.7 or newer is needed")]
    TooOld(&'static str),
    /// libheif has no decoder for the file's compression.
    #[error(
        "the installed libheif cannot decode {0} images (its decoder plugin is missing; \
         Debian/Ubuntu: install `libheif-plugin-libde265` for HEIC or `libheif-plugin-dav1d` for AVIF \
         where your release splits them out)"
    )]
    NoDecoder(&'static str),
    /// The image is larger than the limits allow.
    #[error("the image claims {width}×{height} pixels, more than the {limit_mp} MP limit")]
    TooLarge {
        /// Width the file claims.
        width: u32,
        /// Height the file claims.
        height: u32,
        /// The limit, in megapixels.
        limit_mp: u64,
    },
    /// libheif refused the file; its own words follow.
    #[error("{0}")]
    Damaged(String),
}

/// The version of the libheif that would decode, e.g. "1.15.1", or why there is none.
pub fn library_version() -> Result<String, HeifError> {
    api::Api::get().map(api::Api::version)
}

/// Whether the loaded libheif can decode `codec`.
pub fn can_decode(codec: Codec) -> Result<bool, HeifError> {
    api::Api::get().map(|api| api.has_decoder(codec))
}
