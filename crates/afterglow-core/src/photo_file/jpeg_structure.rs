//! A walk over a JPEG's markers: its size and whether the file is whole. Decoders fill a
//! truncated scan with grey and say nothing, so we check for the end-of-image marker ourselves.

/// What the markers say about a JPEG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JpegStructure {
    /// Width in pixels from the frame header (as stored, before EXIF orientation).
    pub width: u32,
    /// Height in pixels from the frame header (as stored).
    pub height: u32,
    /// Colour components: 1 for grey, 3 for YCbCr, 4 for CMYK.
    pub components: u8,
}

/// Why a file is not a whole JPEG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JpegStructureError {
    /// The file does not start with the start-of-image marker.
    NotJpeg,
    /// The file ends before the end-of-image marker.
    Truncated,
    /// A marker segment is inconsistent (length runs past the end, no frame header …).
    Malformed(&'static str),
}

/// Walks the markers from start of image to end of image; refuses a file cut short.
pub fn walk(bytes: &[u8]) -> Result<JpegStructure, JpegStructureError> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(JpegStructureError::NotJpeg);
    }
    let mut frame: Option<JpegStructure> = None;
    let mut i = 2;
    loop {
        // Find the next marker: 0xFF followed by a byte that is not 0xFF (fill).
        while i < bytes.len() && bytes[i] != 0xFF {
            i += 1;
        }
        while i < bytes.len() && bytes[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else {
            return Err(JpegStructureError::Truncated);
        };
        i += 1;
        match marker {
            0xD9 => {
                return frame.ok_or(JpegStructureError::Malformed(
                    "no frame header before the end",
                ));
            }
            0x01 | 0xD0..=0xD7 => continue, // stand-alone markers
            0x00 => return Err(JpegStructureError::Malformed("stray 0xFF00 outside a scan")),
            _ => {}
        }
        let len = match bytes.get(i..i + 2) {
            Some(b) => usize::from(u16::from_be_bytes([b[0], b[1]])),
            None => return Err(JpegStructureError::Truncated),
        };
        if len < 2 {
            return Err(JpegStructureError::Malformed("segment length below 2"));
        }
        let end = i + len;
        if end > bytes.len() {
            return Err(JpegStructureError::Truncated);
        }
        let body = &bytes[i + 2..end];
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            if body.len() < 6 {
                return Err(JpegStructureError::Malformed("frame header too short"));
            }
            let height = u32::from(u16::from_be_bytes([body[1], body[2]]));
            let width = u32::from(u16::from_be_bytes([body[3], body[4]]));
            if width == 0 || height == 0 {
                return Err(JpegStructureError::Malformed(
                    "frame header gives a zero size",
                ));
            }
            frame = Some(JpegStructure {
                width,
                height,
                components: body[5],
            });
        }
        i = end;
        if marker == 0xDA {
            if frame.is_none() {
                return Err(JpegStructureError::Malformed(
                    "scan before the frame header",
                ));
            }
            // Entropy-coded data: skip to the next real marker (not a stuffed 0xFF00 or a
            // restart marker).
            loop {
                match bytes[i..].iter().position(|&b| b == 0xFF) {
                    None => return Err(JpegStructureError::Truncated),
                    Some(p) => i += p,
                }
                match bytes.get(i + 1) {
                    None => return Err(JpegStructureError::Truncated),
                    Some(0x00) | Some(0xD0..=0xD7) | Some(0xFF) => i += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_jpeg() -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(16, 8, |x, y| image::Rgb([x as u8 * 10, y as u8 * 20, 7]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn whole_jpeg_reads_its_size() {
        let s = walk(&tiny_jpeg()).unwrap();
        assert_eq!((s.width, s.height, s.components), (16, 8, 3));
    }

    #[test]
    fn every_cut_is_caught() {
        let j = tiny_jpeg();
        for cut in 0..j.len() - 1 {
            assert!(
                walk(&j[..cut]).is_err(),
                "cut at {cut} of {} passed",
                j.len()
            );
        }
    }

    #[test]
    fn not_a_jpeg() {
        assert_eq!(walk(b"hello"), Err(JpegStructureError::NotJpeg));
    }
}
