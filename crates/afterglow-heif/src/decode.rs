//! One HEIF file decoded: context, primary image handle and decoded image each owned by a
//! guard that frees it, so an early return never leaks.

use std::ffi::c_int;
use std::ptr;

use crate::api::{self, Api, Ctx, Handle, Image};
use crate::{Codec, ColourDescription, HeifError, Limits, Nclx, Picture, Samples};

struct Context<'a>(&'a Api, *mut Ctx);
impl Drop for Context<'_> {
    fn drop(&mut self) {
        // SAFETY: allocated by heif_context_alloc, freed once.
        unsafe { (self.0.context_free)(self.1) }
    }
}

struct HandleGuard<'a>(&'a Api, *mut Handle);
impl Drop for HandleGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: obtained from heif_context_get_primary_image_handle, released once.
        unsafe { (self.0.image_handle_release)(self.1) }
    }
}

struct ImageGuard<'a>(&'a Api, *mut Image);
impl Drop for ImageGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: obtained from heif_decode_image, released once.
        unsafe { (self.0.image_release)(self.1) }
    }
}

struct OptionsGuard<'a>(&'a Api, *mut api::RawDecodingOptions);
impl Drop for OptionsGuard<'_> {
    fn drop(&mut self) {
        // SAFETY: allocated by heif_decoding_options_alloc, freed once.
        unsafe { (self.0.decoding_options_free)(self.1) }
    }
}

/// Decodes the primary image of the HEIF/AVIF file `bytes`, with its transformations applied,
/// refusing before decoding when the header claims more than `limits` allow.
pub fn decode(bytes: &[u8], limits: Limits) -> Result<Picture, HeifError> {
    let api = Api::get()?;
    // SAFETY: heif_context_alloc takes no arguments; NULL is checked below.
    let ctx = Context(api, unsafe { (api.context_alloc)() });
    if ctx.1.is_null() {
        return Err(HeifError::Damaged(
            "libheif could not allocate a context".into(),
        ));
    }
    // SAFETY: `bytes` outlives the context (both end with this function); NULL options.
    Api::check(unsafe {
        (api.context_read_from_memory_without_copy)(
            ctx.1,
            bytes.as_ptr().cast(),
            bytes.len(),
            ptr::null(),
        )
    })?;
    let mut handle_ptr = ptr::null_mut();
    // SAFETY: a valid context and an out-pointer.
    Api::check(unsafe { (api.context_get_primary_image_handle)(ctx.1, &mut handle_ptr) })?;
    if handle_ptr.is_null() {
        return Err(HeifError::Damaged("the file has no primary image".into()));
    }
    let handle = HandleGuard(api, handle_ptr);
    // SAFETY: queries on a valid handle.
    let (width, height, luma_bits) = unsafe {
        (
            (api.image_handle_get_width)(handle.1),
            (api.image_handle_get_height)(handle.1),
            (api.image_handle_get_luma_bits_per_pixel)(handle.1),
        )
    };
    let (width, height) = positive_size(width, height)?;
    let deep = luma_bits > 8;
    let bytes_per_pixel: u64 = if deep { 6 } else { 3 };
    let pixels = u64::from(width) * u64::from(height);
    // The decoder holds the YCbCr planes and the RGB result at once: about twice the result.
    if pixels > limits.max_pixels || 2 * pixels * bytes_per_pixel > limits.max_bytes {
        return Err(HeifError::TooLarge {
            width,
            height,
            limit_mp: limits.max_pixels / 1_000_000,
        });
    }
    let exif = exif_block(api, handle.1);
    let colour = colour_description(api, handle.1);

    // SAFETY: takes no arguments; NULL is checked below.
    let options = OptionsGuard(api, unsafe { (api.decoding_options_alloc)() });
    if options.1.is_null() {
        return Err(HeifError::Damaged(
            "libheif could not allocate options".into(),
        ));
    }
    // SAFETY: the library allocated at least `version`'s fields; strict decoding exists from
    // version 3: a missing grid tile or a damaged image is an error, not a grey patch.
    unsafe {
        if (*options.1).version >= 3 {
            (*options.1).strict_decoding = 1;
        }
    }
    let chroma = if deep {
        api::CHROMA_INTERLEAVED_RRGGBB_LE
    } else {
        api::CHROMA_INTERLEAVED_RGB
    };
    let mut image_ptr = ptr::null_mut();
    // SAFETY: a valid handle, an out-pointer and valid options.
    let decoded = Api::check(unsafe {
        (api.decode_image)(
            handle.1,
            &mut image_ptr,
            api::COLORSPACE_RGB,
            chroma,
            options.1,
        )
    });
    if let Err(e) = decoded {
        return Err(missing_decoder(api, bytes).unwrap_or(e));
    }
    if image_ptr.is_null() {
        return Err(HeifError::Damaged("libheif returned no image".into()));
    }
    let image = ImageGuard(api, image_ptr);
    // The decoded image can be larger than the handle said (a damaged or hostile file's grid
    // or transformations; found by the fuzzer: 4401 × 23747 from a file whose handle passed
    // the check above). Checked again before it is copied into our memory.
    // SAFETY: queries on a valid image.
    let (decoded_w, decoded_h) = unsafe {
        (
            (api.image_get_width)(image.1, api::CHANNEL_INTERLEAVED),
            (api.image_get_height)(image.1, api::CHANNEL_INTERLEAVED),
        )
    };
    let (decoded_w, decoded_h) = positive_size(decoded_w, decoded_h)?;
    let decoded = u64::from(decoded_w) * u64::from(decoded_h);
    if decoded > limits.max_pixels || decoded * bytes_per_pixel > limits.max_bytes {
        return Err(HeifError::TooLarge {
            width: decoded_w,
            height: decoded_h,
            limit_mp: limits.max_pixels / 1_000_000,
        });
    }
    let (width, height, samples) = copy_samples(api, &image, luma_bits)?;
    Ok(Picture {
        width,
        height,
        samples,
        colour,
        exif,
    })
}

fn positive_size(w: c_int, h: c_int) -> Result<(u32, u32), HeifError> {
    match (u32::try_from(w), u32::try_from(h)) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 => Ok((w, h)),
        _ => Err(HeifError::Damaged(format!(
            "the image claims a size of {w}×{h}"
        ))),
    }
}

/// When decoding failed because no decoder is registered for the file's codec, says so
/// (libheif's own message, "Unsupported codec", does not tell the user what to install).
fn missing_decoder(api: &Api, bytes: &[u8]) -> Option<HeifError> {
    let is_avif = bytes.len() >= 12 && matches!(&bytes[8..12], b"avif" | b"avis");
    let (codec, name) = if is_avif {
        (Codec::Av1, "AV1 (AVIF)")
    } else {
        (Codec::Hevc, "HEVC (HEIC)")
    };
    (!api.has_decoder(codec)).then_some(HeifError::NoDecoder(name))
}

/// Copies the interleaved plane out of libheif's memory (its rows may be padded): 8-bit
/// samples as they are, deeper ones as `u16` with `bits` significant bits.
fn copy_samples(
    api: &Api,
    image: &ImageGuard<'_>,
    bits: c_int,
) -> Result<(u32, u32, Samples), HeifError> {
    let deep = bits > 8;
    let mut stride: c_int = 0;
    // SAFETY: a valid image; the plane lives as long as the image.
    let plane =
        unsafe { (api.image_get_plane_readonly)(image.1, api::CHANNEL_INTERLEAVED, &mut stride) };
    // SAFETY: queries on a valid image.
    let (w, h) = unsafe {
        (
            (api.image_get_width)(image.1, api::CHANNEL_INTERLEAVED),
            (api.image_get_height)(image.1, api::CHANNEL_INTERLEAVED),
        )
    };
    let (w, h) = positive_size(w, h)?;
    let stride = usize::try_from(stride).unwrap_or(0);
    let row_bytes = w as usize * if deep { 6 } else { 3 };
    if plane.is_null() || stride < row_bytes {
        return Err(HeifError::Damaged("libheif returned no pixel plane".into()));
    }
    let mut rows = Vec::with_capacity(row_bytes * h as usize);
    for y in 0..h as usize {
        // SAFETY: libheif's plane holds `h` rows of `stride` bytes, each with at least
        // `row_bytes` of pixels (checked above).
        let row = unsafe { std::slice::from_raw_parts(plane.add(y * stride), row_bytes) };
        rows.extend_from_slice(row);
    }
    let samples = if deep {
        Samples::Deep {
            values: rows
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
            // libheif keeps the coded depth in RRGGBB output (10 or 12 bits).
            bits: u8::try_from(bits.clamp(9, 16)).unwrap_or(16),
        }
    } else {
        Samples::Eight(rows)
    };
    Ok((w, h, samples))
}

/// The first EXIF block of the primary image, without its 4-byte offset prefix.
fn exif_block(api: &Api, handle: *mut Handle) -> Option<Vec<u8>> {
    let filter = c"Exif";
    // SAFETY: a valid handle and a NUL-terminated filter.
    let count =
        unsafe { (api.image_handle_get_number_of_metadata_blocks)(handle, filter.as_ptr()) };
    if count <= 0 {
        return None;
    }
    let mut id = 0u32;
    // SAFETY: room for one id.
    let got = unsafe {
        (api.image_handle_get_list_of_metadata_block_ids)(handle, filter.as_ptr(), &mut id, 1)
    };
    if got < 1 {
        return None;
    }
    // SAFETY: a valid handle and id.
    let size = unsafe { (api.image_handle_get_metadata_size)(handle, id) };
    if !(4..=16 << 20).contains(&size) {
        return None;
    }
    let mut data = vec![0u8; size];
    // SAFETY: `data` holds the size libheif reported.
    Api::check(unsafe { (api.image_handle_get_metadata)(handle, id, data.as_mut_ptr().cast()) })
        .ok()?;
    // HEIF's Exif item starts with the offset of the TIFF header past these 4 bytes (0, or 6
    // when an "Exif\0\0" marker precedes it).
    let offset = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
    let start = 4usize.checked_add(offset)?;
    (start < data.len()).then(|| data[start..].to_vec())
}

/// The `colr` box of the primary image.
fn colour_description(api: &Api, handle: *mut Handle) -> ColourDescription {
    // SAFETY: a valid handle.
    let kind = unsafe { (api.image_handle_get_color_profile_type)(handle) };
    if kind == api::PROFILE_PROF || kind == api::PROFILE_RICC {
        // SAFETY: a valid handle.
        let size = unsafe { (api.image_handle_get_raw_color_profile_size)(handle) };
        if size == 0 || size > 4 << 20 {
            return ColourDescription::Unspecified;
        }
        let mut icc = vec![0u8; size];
        // SAFETY: `icc` holds the size libheif reported.
        let got = Api::check(unsafe {
            (api.image_handle_get_raw_color_profile)(handle, icc.as_mut_ptr().cast())
        });
        return match got {
            Ok(()) => ColourDescription::Icc(icc),
            Err(_) => ColourDescription::Unspecified,
        };
    }
    if kind == api::PROFILE_NCLX {
        let mut nclx = ptr::null_mut();
        // SAFETY: a valid handle and an out-pointer; freed below.
        let got =
            Api::check(unsafe { (api.image_handle_get_nclx_color_profile)(handle, &mut nclx) });
        if got.is_err() || nclx.is_null() {
            return ColourDescription::Unspecified;
        }
        // SAFETY: libheif returned a valid profile, read then freed once.
        let description = unsafe {
            let raw = &*nclx;
            let c = raw.chromaticities;
            let out = Nclx {
                primaries: u16::try_from(raw.color_primaries).unwrap_or(2),
                transfer: u16::try_from(raw.transfer_characteristics).unwrap_or(2),
                chromaticities: [(c[0], c[1]), (c[2], c[3]), (c[4], c[5]), (c[6], c[7])],
            };
            (api.nclx_color_profile_free)(nclx);
            out
        };
        return ColourDescription::Nclx(description);
    }
    ColourDescription::Unspecified
}
