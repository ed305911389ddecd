//! A minimal EXIF (TIFF, little-endian) writer: just the tags the sample photos carry, so the
//! importer is exercised on real EXIF blocks and the exporters' privacy rules have something
//! to strip (camera make/model and GPS position).

pub struct ExifTags<'a> {
    pub make: &'a str,
    pub model: &'a str,
    pub orientation: u16,
    /// "YYYY:MM:DD HH:MM:SS"
    pub date_time_original: &'a str,
    /// "+01:00"
    pub offset_time_original: &'a str,
    /// Degrees, minutes, seconds.
    pub gps_latitude: [f64; 3],
    pub gps_longitude: [f64; 3],
}

const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const RATIONAL: u16 = 5;

struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    data: Vec<u8>,
}

fn ascii(tag: u16, s: &str) -> Entry {
    let mut data = s.as_bytes().to_vec();
    data.push(0);
    Entry {
        tag,
        kind: ASCII,
        count: data.len() as u32,
        data,
    }
}

fn short(tag: u16, v: u16) -> Entry {
    Entry {
        tag,
        kind: SHORT,
        count: 1,
        data: v.to_le_bytes().to_vec(),
    }
}

fn long(tag: u16, v: u32) -> Entry {
    Entry {
        tag,
        kind: LONG,
        count: 1,
        data: v.to_le_bytes().to_vec(),
    }
}

fn rationals(tag: u16, values: [f64; 3]) -> Entry {
    let mut data = Vec::new();
    for v in values {
        let den = 10_000u32;
        data.extend_from_slice(&((v * den as f64).round() as u32).to_le_bytes());
        data.extend_from_slice(&den.to_le_bytes());
    }
    Entry {
        tag,
        kind: RATIONAL,
        count: 3,
        data,
    }
}

fn ifd_size(entries: &[Entry]) -> usize {
    2 + 12 * entries.len()
        + 4
        + entries
            .iter()
            .map(|e| if e.data.len() > 4 { e.data.len() } else { 0 })
            .sum::<usize>()
}

/// Writes one IFD starting at TIFF offset `start` (entries must be sorted by tag).
fn write_ifd(out: &mut Vec<u8>, start: usize, entries: &[Entry]) {
    let mut data_at = start + 2 + 12 * entries.len() + 4;
    let mut data = Vec::new();
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for e in entries {
        out.extend_from_slice(&e.tag.to_le_bytes());
        out.extend_from_slice(&e.kind.to_le_bytes());
        out.extend_from_slice(&e.count.to_le_bytes());
        if e.data.len() <= 4 {
            let mut inline = e.data.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            out.extend_from_slice(&(data_at as u32).to_le_bytes());
            data.extend_from_slice(&e.data);
            data_at += e.data.len();
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&data);
}

/// The APP1 payload ("Exif\0\0" + TIFF).
pub fn exif_block(tags: &ExifTags) -> Vec<u8> {
    let exif_ifd = vec![
        ascii(0x9003, tags.date_time_original),
        ascii(0x9011, tags.offset_time_original),
    ];
    let gps_ifd = vec![
        ascii(0x0001, "N"),
        rationals(0x0002, tags.gps_latitude),
        ascii(0x0003, "E"),
        rationals(0x0004, tags.gps_longitude),
    ];
    // IFD0 size does not depend on the pointer values, so lay out with placeholders first.
    let ifd0_len = ifd_size(&[
        ascii(0x010F, tags.make),
        ascii(0x0110, tags.model),
        short(0x0112, 1),
        long(0x8769, 0),
        long(0x8825, 0),
    ]);
    let exif_at = 8 + ifd0_len;
    let gps_at = exif_at + ifd_size(&exif_ifd);
    let ifd0 = vec![
        ascii(0x010F, tags.make),
        ascii(0x0110, tags.model),
        short(0x0112, tags.orientation),
        long(0x8769, exif_at as u32),
        long(0x8825, gps_at as u32),
    ];
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    write_ifd(&mut tiff, 8, &ifd0);
    write_ifd(&mut tiff, exif_at, &exif_ifd);
    write_ifd(&mut tiff, gps_at, &gps_ifd);
    let mut block = b"Exif\0\0".to_vec();
    block.extend_from_slice(&tiff);
    block
}

/// Inserts an APP1 EXIF segment right after the JPEG's SOI marker.
pub fn insert_into_jpeg(jpeg: &[u8], block: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(jpeg.len() + block.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((block.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(&jpeg[2..]);
    out
}
