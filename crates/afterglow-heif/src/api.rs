//! libheif's C API as far as Afterglow calls it, loaded once per process and never unloaded.
//!
//! The declarations follow `libheif/heif.h` of libheif 1.15 (the oldest release a supported
//! distribution ships); every function used here exists unchanged since libheif 1.7.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::OnceLock;

use libloading::Library;

use crate::{Codec, HeifError};

/// `struct heif_error`, returned by value.
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct RawError {
    pub code: c_int,
    pub subcode: c_int,
    pub message: *const c_char,
}

/// `struct heif_color_profile_nclx`, version 1 fields.
#[repr(C)]
pub(crate) struct RawNclx {
    pub version: u8,
    pub color_primaries: c_int,
    pub transfer_characteristics: c_int,
    pub matrix_coefficients: c_int,
    pub full_range_flag: u8,
    pub chromaticities: [f32; 8],
}

/// `struct heif_decoding_options` up to version 3 (the library allocates it, possibly larger;
/// a field is written only when the allocated `version` says it exists).
#[repr(C)]
pub(crate) struct RawDecodingOptions {
    pub version: u8,
    pub ignore_transformations: u8,
    pub start_progress: *const c_void,
    pub on_progress: *const c_void,
    pub end_progress: *const c_void,
    pub progress_user_data: *mut c_void,
    pub convert_hdr_to_8bit: u8,
    pub strict_decoding: u8,
}

pub(crate) type Ctx = c_void;
pub(crate) type Handle = c_void;
pub(crate) type Image = c_void;

pub(crate) const COLORSPACE_RGB: c_int = 1;
pub(crate) const CHROMA_INTERLEAVED_RGB: c_int = 10;
pub(crate) const CHROMA_INTERLEAVED_RRGGBB_LE: c_int = 14;
pub(crate) const CHANNEL_INTERLEAVED: c_int = 10;
const COMPRESSION_HEVC: c_int = 1;
const COMPRESSION_AV1: c_int = 4;
pub(crate) const PROFILE_NCLX: u32 = u32::from_be_bytes(*b"nclx");
pub(crate) const PROFILE_RICC: u32 = u32::from_be_bytes(*b"rICC");
pub(crate) const PROFILE_PROF: u32 = u32::from_be_bytes(*b"prof");

/// The functions, as plain pointers copied out of the library (which lives for the process).
#[allow(clippy::type_complexity)]
pub(crate) struct Api {
    _library: Library,
    get_version: unsafe extern "C" fn() -> *const c_char,
    have_decoder_for_format: unsafe extern "C" fn(c_int) -> c_int,
    pub context_alloc: unsafe extern "C" fn() -> *mut Ctx,
    pub context_free: unsafe extern "C" fn(*mut Ctx),
    pub context_read_from_memory_without_copy:
        unsafe extern "C" fn(*mut Ctx, *const c_void, usize, *const c_void) -> RawError,
    pub context_get_primary_image_handle:
        unsafe extern "C" fn(*mut Ctx, *mut *mut Handle) -> RawError,
    pub image_handle_release: unsafe extern "C" fn(*const Handle),
    pub image_handle_get_width: unsafe extern "C" fn(*const Handle) -> c_int,
    pub image_handle_get_height: unsafe extern "C" fn(*const Handle) -> c_int,
    pub image_handle_get_luma_bits_per_pixel: unsafe extern "C" fn(*const Handle) -> c_int,
    pub image_handle_get_number_of_metadata_blocks:
        unsafe extern "C" fn(*const Handle, *const c_char) -> c_int,
    pub image_handle_get_list_of_metadata_block_ids:
        unsafe extern "C" fn(*const Handle, *const c_char, *mut u32, c_int) -> c_int,
    pub image_handle_get_metadata_size: unsafe extern "C" fn(*const Handle, u32) -> usize,
    pub image_handle_get_metadata:
        unsafe extern "C" fn(*const Handle, u32, *mut c_void) -> RawError,
    pub image_handle_get_color_profile_type: unsafe extern "C" fn(*const Handle) -> u32,
    pub image_handle_get_raw_color_profile_size: unsafe extern "C" fn(*const Handle) -> usize,
    pub image_handle_get_raw_color_profile:
        unsafe extern "C" fn(*const Handle, *mut c_void) -> RawError,
    pub image_handle_get_nclx_color_profile:
        unsafe extern "C" fn(*const Handle, *mut *mut RawNclx) -> RawError,
    pub nclx_color_profile_free: unsafe extern "C" fn(*mut RawNclx),
    pub decoding_options_alloc: unsafe extern "C" fn() -> *mut RawDecodingOptions,
    pub decoding_options_free: unsafe extern "C" fn(*mut RawDecodingOptions),
    pub decode_image: unsafe extern "C" fn(
        *const Handle,
        *mut *mut Image,
        c_int,
        c_int,
        *const RawDecodingOptions,
    ) -> RawError,
    pub image_release: unsafe extern "C" fn(*const Image),
    pub image_get_width: unsafe extern "C" fn(*const Image, c_int) -> c_int,
    pub image_get_height: unsafe extern "C" fn(*const Image, c_int) -> c_int,
    pub image_get_plane_readonly:
        unsafe extern "C" fn(*const Image, c_int, *mut c_int) -> *const u8,
}

/// The names the library goes by: the versioned Linux soname first (what the runtime package
/// installs), then the development symlink, then macOS's.
const LIBRARY_NAMES: &[&str] = &["libheif.so.1", "libheif.so", "libheif.1.dylib"];

impl Api {
    /// The loaded library, loading it on first use; the outcome is kept for the process.
    pub(crate) fn get() -> Result<&'static Api, HeifError> {
        static API: OnceLock<Result<Api, HeifError>> = OnceLock::new();
        API.get_or_init(Api::load).as_ref().map_err(Clone::clone)
    }

    fn load() -> Result<Api, HeifError> {
        Api::load_from(LIBRARY_NAMES)
    }

    fn load_from(names: &[&str]) -> Result<Api, HeifError> {
        let mut reasons = Vec::new();
        for name in names {
            // SAFETY: loading libheif runs its initialisers, which only set up its own state
            // (plugin registry, tables); it is a well-known system library.
            match unsafe { Library::new(name) } {
                Ok(library) => return Api::from_library(library),
                Err(e) => reasons.push(e.to_string()),
            }
        }
        Err(HeifError::NotInstalled(
            reasons.first().cloned().unwrap_or_default(),
        ))
    }

    fn from_library(library: Library) -> Result<Api, HeifError> {
        macro_rules! sym {
            ($name:literal) => {{
                // SAFETY: the symbol's type is the one heif.h declares for that name.
                let symbol = unsafe { library.get(concat!($name, "\0").as_bytes()) }
                    .map_err(|_| HeifError::TooOld($name))?;
                *symbol
            }};
        }
        let api = Api {
            get_version: sym!("heif_get_version"),
            have_decoder_for_format: sym!("heif_have_decoder_for_format"),
            context_alloc: sym!("heif_context_alloc"),
            context_free: sym!("heif_context_free"),
            context_read_from_memory_without_copy: sym!(
                "heif_context_read_from_memory_without_copy"
            ),
            context_get_primary_image_handle: sym!("heif_context_get_primary_image_handle"),
            image_handle_release: sym!("heif_image_handle_release"),
            image_handle_get_width: sym!("heif_image_handle_get_width"),
            image_handle_get_height: sym!("heif_image_handle_get_height"),
            image_handle_get_luma_bits_per_pixel: sym!("heif_image_handle_get_luma_bits_per_pixel"),
            image_handle_get_number_of_metadata_blocks: sym!(
                "heif_image_handle_get_number_of_metadata_blocks"
            ),
            image_handle_get_list_of_metadata_block_ids: sym!(
                "heif_image_handle_get_list_of_metadata_block_IDs"
            ),
            image_handle_get_metadata_size: sym!("heif_image_handle_get_metadata_size"),
            image_handle_get_metadata: sym!("heif_image_handle_get_metadata"),
            image_handle_get_color_profile_type: sym!("heif_image_handle_get_color_profile_type"),
            image_handle_get_raw_color_profile_size: sym!(
                "heif_image_handle_get_raw_color_profile_size"
            ),
            image_handle_get_raw_color_profile: sym!("heif_image_handle_get_raw_color_profile"),
            image_handle_get_nclx_color_profile: sym!("heif_image_handle_get_nclx_color_profile"),
            nclx_color_profile_free: sym!("heif_nclx_color_profile_free"),
            decoding_options_alloc: sym!("heif_decoding_options_alloc"),
            decoding_options_free: sym!("heif_decoding_options_free"),
            decode_image: sym!("heif_decode_image"),
            image_release: sym!("heif_image_release"),
            image_get_width: sym!("heif_image_get_width"),
            image_get_height: sym!("heif_image_get_height"),
            image_get_plane_readonly: sym!("heif_image_get_plane_readonly"),
            _library: library,
        };
        // Since libheif 1.13 decoders may be plugins, registered by heif_init (reference
        // counted; never matched by heif_deinit, as the library stays loaded for the process).
        // SAFETY: heif_init takes an optional parameter struct; NULL asks for the defaults.
        if let Ok(init) = unsafe {
            api._library
                .get::<unsafe extern "C" fn(*const c_void) -> RawError>(b"heif_init\0")
        } {
            // SAFETY: as above.
            let err = unsafe { init(std::ptr::null()) };
            if err.code != 0 {
                return Err(HeifError::NotInstalled(
                    // SAFETY: libheif's error messages are static NUL-terminated strings.
                    unsafe { message(&err) },
                ));
            }
        }
        Ok(api)
    }

    /// "1.15.1".
    pub(crate) fn version(&self) -> String {
        // SAFETY: heif_get_version returns a static NUL-terminated string.
        unsafe { CStr::from_ptr((self.get_version)()) }
            .to_string_lossy()
            .into_owned()
    }

    /// Whether a decoder for `codec` is registered.
    pub(crate) fn has_decoder(&self, codec: Codec) -> bool {
        let format = match codec {
            Codec::Hevc => COMPRESSION_HEVC,
            Codec::Av1 => COMPRESSION_AV1,
        };
        // SAFETY: a plain query taking an enum value.
        unsafe { (self.have_decoder_for_format)(format) != 0 }
    }

    /// `Ok` for libheif's "no error", its message otherwise.
    pub(crate) fn check(err: RawError) -> Result<(), HeifError> {
        if err.code == 0 {
            Ok(())
        } else {
            // SAFETY: libheif's error messages are static NUL-terminated strings (or NULL).
            Err(HeifError::Damaged(unsafe { message(&err) }))
        }
    }
}

// SAFETY: the pointers are functions of a library that stays loaded; libheif's functions
// are thread-safe for distinct contexts, and each decode uses its own context.
unsafe impl Send for Api {}
// SAFETY: as above.
unsafe impl Sync for Api {}

/// The text of a libheif error.
///
/// # Safety
/// `err.message` is NULL or a NUL-terminated string that outlives the call.
unsafe fn message(err: &RawError) -> String {
    if err.message.is_null() {
        return format!("libheif error {}.{}", err.code, err.subcode);
    }
    // SAFETY: the caller's promise.
    unsafe { CStr::from_ptr(err.message) }
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_says_which_package_to_install() {
        let Err(e) = Api::load_from(&["libheif-not-here.so.99"]) else {
            panic!("a library that does not exist loaded");
        };
        let text = e.to_string();
        assert!(matches!(e, HeifError::NotInstalled(_)), "{text}");
        assert!(text.contains("apt install libheif1"), "{text}");
        assert!(
            text.contains("libheif-not-here.so.99"),
            "names what it tried: {text}"
        );
    }
}
