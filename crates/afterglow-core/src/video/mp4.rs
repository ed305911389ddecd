//! One H.264 video track as an MP4 file: `ftyp`, then `moov` (the index) before `mdat` (the
//! samples, in one chunk) — "faststart", so a browser or phone can play it while it loads.
//! The only metadata is the creation time (in `mvhd`, `tkhd` and `mdhd`); no `udta`, no names.

use super::VideoError;
use super::boxes::BoxWriter;

/// Seconds from 1904-01-01 (the MP4 epoch) to 1970-01-01 (Unix).
const MP4_EPOCH_TO_UNIX: u64 = 2_082_844_800;

/// The movie's own timescale (`mvhd`, `tkhd` durations): milliseconds.
const MOVIE_TIMESCALE: u32 = 1000;

/// The identity transform of `mvhd` and `tkhd` (16.16 and 2.30 fixed point).
const MATRIX: [u32; 9] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];

/// One coded picture: its NAL units each behind a 4-byte length (AVCC), and whether a
/// decoder can start there (an IDR picture).
#[derive(Clone, Debug)]
pub struct Sample {
    /// Length-prefixed NAL units.
    pub data: Vec<u8>,
    /// An IDR picture (listed in `stss`).
    pub sync: bool,
}

/// Everything the file says about the track.
#[derive(Clone, Debug)]
pub struct Track {
    /// Picture size in pixels.
    pub width: u16,
    /// Picture size in pixels.
    pub height: u16,
    /// Ticks per second of the sample times.
    pub timescale: u32,
    /// Every sample lasts this many ticks (a constant frame rate).
    pub sample_delta: u32,
    /// The sequence parameter set (without start code or length).
    pub sps: Vec<u8>,
    /// The picture parameter set.
    pub pps: Vec<u8>,
    /// The samples in decoding order (= presentation order: no B-frames).
    pub samples: Vec<Sample>,
    /// Seconds since 1970-01-01 UTC when the file was made.
    pub created_unix: u64,
}

/// The whole file.
pub fn write_mp4(track: &Track) -> Result<Vec<u8>, VideoError> {
    if track.samples.is_empty() {
        return Err(VideoError::NoFrames);
    }
    if track.sps.len() < 4 || track.pps.is_empty() {
        return Err(VideoError::Encoder(
            "the encoder gave no sequence or picture parameter set".into(),
        ));
    }
    let ftyp = ftyp();
    // moov's size does not depend on the chunk offset it holds: write it once to learn where
    // mdat's payload starts, then again with that offset.
    let probe = moov(track, 0)?;
    let offset = ftyp.len() + probe.len() + 8;
    let moov = moov(
        track,
        u32::try_from(offset).map_err(|_| VideoError::TooLarge)?,
    )?;
    let payload: usize = track.samples.iter().map(|s| s.data.len()).sum();
    let mut out = Vec::with_capacity(offset + payload);
    out.extend_from_slice(&ftyp);
    out.extend_from_slice(&moov);
    let mdat_size = u32::try_from(payload + 8).map_err(|_| VideoError::TooLarge)?;
    out.extend_from_slice(&mdat_size.to_be_bytes());
    out.extend_from_slice(b"mdat");
    for s in &track.samples {
        out.extend_from_slice(&s.data);
    }
    Ok(out)
}

fn ftyp() -> Vec<u8> {
    let mut w = BoxWriter::default();
    w.begin(b"ftyp");
    w.bytes(b"isom");
    w.u32(0x200);
    for brand in [b"isom", b"iso2", b"avc1", b"mp41"] {
        w.bytes(brand);
    }
    close(&mut w);
    w.finish().unwrap_or_default()
}

/// Closes a box the caller opened; the sizes here are far below 4 GiB (checked before).
fn close(w: &mut BoxWriter) {
    let closed = w.end();
    debug_assert!(closed.is_some());
}

fn moov(t: &Track, chunk_offset: u32) -> Result<Vec<u8>, VideoError> {
    let n = u32::try_from(t.samples.len()).map_err(|_| VideoError::TooLarge)?;
    let ticks = u64::from(n) * u64::from(t.sample_delta);
    let media_duration = u32::try_from(ticks).map_err(|_| VideoError::TooLarge)?;
    let movie_duration = u32::try_from(
        (ticks * u64::from(MOVIE_TIMESCALE) + u64::from(t.timescale) / 2) / u64::from(t.timescale),
    )
    .map_err(|_| VideoError::TooLarge)?;
    // 32-bit times (version 0 boxes) reach to 2040.
    let created = u32::try_from(t.created_unix + MP4_EPOCH_TO_UNIX).unwrap_or(u32::MAX);
    let mut w = BoxWriter::default();
    w.begin(b"moov");

    w.begin_full(b"mvhd", 0, 0);
    w.u32(created);
    w.u32(created);
    w.u32(MOVIE_TIMESCALE);
    w.u32(movie_duration);
    w.u32(0x0001_0000); // rate 1.0
    w.u16(0x0100); // volume 1.0
    w.zeros(10);
    for m in MATRIX {
        w.u32(m);
    }
    w.zeros(24); // pre_defined
    w.u32(2); // next_track_ID
    close(&mut w);

    w.begin(b"trak");
    w.begin_full(b"tkhd", 0, 0x3); // enabled, in the movie
    w.u32(created);
    w.u32(created);
    w.u32(1); // track_ID
    w.zeros(4);
    w.u32(movie_duration);
    w.zeros(8);
    w.u16(0); // layer
    w.u16(0); // alternate_group
    w.u16(0); // volume: a video track has none
    w.zeros(2);
    for m in MATRIX {
        w.u32(m);
    }
    w.u32(u32::from(t.width) << 16);
    w.u32(u32::from(t.height) << 16);
    close(&mut w);

    w.begin(b"mdia");
    w.begin_full(b"mdhd", 0, 0);
    w.u32(created);
    w.u32(created);
    w.u32(t.timescale);
    w.u32(media_duration);
    w.u16(0x55C4); // language "und", packed ISO 639-2/T
    w.u16(0);
    close(&mut w);
    w.begin_full(b"hdlr", 0, 0);
    w.u32(0);
    w.bytes(b"vide");
    w.zeros(12);
    w.bytes(b"VideoHandler\0");
    close(&mut w);

    w.begin(b"minf");
    w.begin_full(b"vmhd", 0, 1);
    w.zeros(8); // graphicsmode, opcolor
    close(&mut w);
    w.begin(b"dinf");
    w.begin_full(b"dref", 0, 0);
    w.u32(1);
    w.begin_full(b"url ", 0, 1); // the data is in this file
    close(&mut w);
    close(&mut w);
    close(&mut w);

    w.begin(b"stbl");
    stsd(&mut w, t);
    w.begin_full(b"stts", 0, 0);
    w.u32(1);
    w.u32(n);
    w.u32(t.sample_delta);
    close(&mut w);
    let sync: Vec<u32> = (1..=n)
        .zip(&t.samples)
        .filter(|(_, s)| s.sync)
        .map(|(i, _)| i)
        .collect();
    w.begin_full(b"stss", 0, 0);
    w.u32(sync.len() as u32);
    for i in sync {
        w.u32(i);
    }
    close(&mut w);
    w.begin_full(b"stsc", 0, 0); // every sample in one chunk
    w.u32(1);
    w.u32(1);
    w.u32(n);
    w.u32(1);
    close(&mut w);
    w.begin_full(b"stsz", 0, 0);
    w.u32(0); // sizes differ: listed
    w.u32(n);
    for s in &t.samples {
        w.u32(u32::try_from(s.data.len()).map_err(|_| VideoError::TooLarge)?);
    }
    close(&mut w);
    w.begin_full(b"stco", 0, 0);
    w.u32(1);
    w.u32(chunk_offset);
    close(&mut w);
    close(&mut w); // stbl
    close(&mut w); // minf
    close(&mut w); // mdia
    close(&mut w); // trak
    close(&mut w); // moov
    w.finish().ok_or(VideoError::TooLarge)
}

/// The sample description: `avc1` with its decoder configuration (`avcC`) and colour (`colr`).
fn stsd(w: &mut BoxWriter, t: &Track) {
    w.begin_full(b"stsd", 0, 0);
    w.u32(1);
    w.begin(b"avc1");
    w.zeros(6);
    w.u16(1); // data_reference_index
    w.zeros(16);
    w.u16(t.width);
    w.u16(t.height);
    w.u32(0x0048_0000); // 72 dpi
    w.u32(0x0048_0000);
    w.zeros(4);
    w.u16(1); // frame_count
    w.zeros(32); // compressorname: empty
    w.u16(0x0018); // depth
    w.u16(0xFFFF); // pre_defined = -1

    w.begin(b"avcC");
    w.u8(1);
    w.bytes(&t.sps[1..4]); // profile, compatibility, level
    w.u8(0xFF); // 4-byte NAL lengths
    w.u8(0xE1); // one SPS
    w.u16(t.sps.len() as u16);
    w.bytes(&t.sps);
    w.u8(1); // one PPS
    w.u16(t.pps.len() as u16);
    w.bytes(&t.pps);
    close(w);

    // BT.709 primaries, transfer and matrix, limited range: what `yuv.rs` makes and the
    // stream's VUI says.
    w.begin(b"colr");
    w.bytes(b"nclx");
    w.u16(1);
    w.u16(1);
    w.u16(1);
    w.u8(0);
    close(w);

    close(w); // avc1
    close(w); // stsd
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (type, start, size) of each box in `b[from..to]`, one level.
    fn boxes(b: &[u8], from: usize, to: usize) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        let mut at = from;
        while at < to {
            let size = u32::from_be_bytes(b[at..at + 4].try_into().unwrap()) as usize;
            assert!(size >= 8 && at + size <= to, "box at {at} of size {size}");
            out.push((
                String::from_utf8_lossy(&b[at + 4..at + 8]).into_owned(),
                at,
                size,
            ));
            at += size;
        }
        assert_eq!(at, to, "the boxes fill their parent exactly");
        out
    }

    fn child(b: &[u8], parent: (usize, usize), skip: usize, kind: &str) -> (usize, usize) {
        let found = boxes(b, parent.0 + 8 + skip, parent.0 + parent.1);
        let (_, at, size) = found
            .into_iter()
            .find(|(k, _, _)| k == kind)
            .unwrap_or_else(|| panic!("no {kind}"));
        (at, size)
    }

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
    }

    fn track() -> Track {
        Track {
            width: 640,
            height: 360,
            timescale: 90_000,
            sample_delta: 60_000,
            sps: vec![0x67, 0x42, 0xC0, 0x1F, 0xAA],
            pps: vec![0x68, 0xCE, 0x3C, 0x80],
            samples: vec![
                Sample {
                    data: vec![0, 0, 0, 3, 0x65, 1, 2],
                    sync: true,
                },
                Sample {
                    data: vec![0, 0, 0, 2, 0x41, 9],
                    sync: false,
                },
                Sample {
                    data: vec![0, 0, 0, 1, 0x65],
                    sync: true,
                },
            ],
            created_unix: 1_780_000_000,
        }
    }

    #[test]
    fn ftyp_then_moov_then_mdat_and_the_chunk_offset_points_at_the_first_sample() {
        let t = track();
        let b = write_mp4(&t).unwrap();
        let top = boxes(&b, 0, b.len());
        let kinds: Vec<&str> = top.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(kinds, ["ftyp", "moov", "mdat"]);
        let (_, mdat_at, mdat_size) = top[2];
        assert_eq!(mdat_size, 8 + 7 + 6 + 5);
        let moov = (top[1].1, top[1].2);
        let trak = child(&b, moov, 0, "trak");
        let kids: Vec<String> = boxes(&b, moov.0 + 8, moov.0 + moov.1)
            .into_iter()
            .map(|(k, _, _)| k)
            .collect();
        assert_eq!(kids, ["mvhd", "trak"], "no udta or other metadata");
        let mdia = child(&b, trak, 0, "mdia");
        let minf = child(&b, mdia, 0, "minf");
        let stbl = child(&b, minf, 0, "stbl");
        let kids: Vec<String> = boxes(&b, stbl.0 + 8, stbl.0 + stbl.1)
            .into_iter()
            .map(|(k, _, _)| k)
            .collect();
        assert_eq!(kids, ["stsd", "stts", "stss", "stsc", "stsz", "stco"]);
        let stco = child(&b, stbl, 0, "stco");
        let offset = u32_at(&b, stco.0 + 16) as usize;
        assert_eq!(offset, mdat_at + 8);
        assert_eq!(&b[offset..offset + 7], &t.samples[0].data[..]);
        // Sample sizes, then the sync samples 1 and 3.
        let stsz = child(&b, stbl, 0, "stsz");
        assert_eq!(u32_at(&b, stsz.0 + 16), 3);
        assert_eq!(
            [
                u32_at(&b, stsz.0 + 20),
                u32_at(&b, stsz.0 + 24),
                u32_at(&b, stsz.0 + 28)
            ],
            [7, 6, 5]
        );
        let stss = child(&b, stbl, 0, "stss");
        assert_eq!(stss.1, 16 + 8);
        assert_eq!([u32_at(&b, stss.0 + 16), u32_at(&b, stss.0 + 20)], [1, 3]);
    }

    #[test]
    fn durations_and_creation_times_are_in_the_headers() {
        let t = track();
        let b = write_mp4(&t).unwrap();
        let top = boxes(&b, 0, b.len());
        let moov = (top[1].1, top[1].2);
        let mvhd = child(&b, moov, 0, "mvhd");
        let created = (t.created_unix + MP4_EPOCH_TO_UNIX) as u32;
        assert_eq!(u32_at(&b, mvhd.0 + 12), created);
        assert_eq!(u32_at(&b, mvhd.0 + 20), 1000);
        // 3 samples × 60000 / 90000 s = 2 s.
        assert_eq!(u32_at(&b, mvhd.0 + 24), 2000);
        let trak = child(&b, moov, 0, "trak");
        let tkhd = child(&b, trak, 0, "tkhd");
        assert_eq!(u32_at(&b, tkhd.0 + 12), created);
        assert_eq!(u32_at(&b, tkhd.0 + 28), 2000);
        assert_eq!(u32_at(&b, tkhd.0 + 84), 640 << 16);
        assert_eq!(u32_at(&b, tkhd.0 + 88), 360 << 16);
        let mdia = child(&b, trak, 0, "mdia");
        let mdhd = child(&b, mdia, 0, "mdhd");
        assert_eq!(u32_at(&b, mdhd.0 + 20), 90_000);
        assert_eq!(u32_at(&b, mdhd.0 + 24), 180_000);
        let stbl = child(&b, child(&b, mdia, 0, "minf"), 0, "stbl");
        let stts = child(&b, stbl, 0, "stts");
        assert_eq!(
            [
                u32_at(&b, stts.0 + 12),
                u32_at(&b, stts.0 + 16),
                u32_at(&b, stts.0 + 20)
            ],
            [1, 3, 60_000]
        );
    }

    #[test]
    fn the_sample_entry_carries_avcc_and_colour() {
        let t = track();
        let b = write_mp4(&t).unwrap();
        let top = boxes(&b, 0, b.len());
        let moov = (top[1].1, top[1].2);
        let trak = child(&b, moov, 0, "trak");
        let mdia = child(&b, trak, 0, "mdia");
        let stbl = child(&b, child(&b, mdia, 0, "minf"), 0, "stbl");
        let stsd = child(&b, stbl, 0, "stsd");
        let avc1 = child(&b, stsd, 8, "avc1");
        assert_eq!(u16::from_be_bytes([b[avc1.0 + 32], b[avc1.0 + 33]]), 640);
        let inner: Vec<String> = boxes(&b, avc1.0 + 86, avc1.0 + avc1.1)
            .into_iter()
            .map(|(k, _, _)| k)
            .collect();
        assert_eq!(inner, ["avcC", "colr"]);
        let avcc = child(&b, avc1, 78, "avcC");
        let c = &b[avcc.0 + 8..avcc.0 + avcc.1];
        assert_eq!(&c[..7], &[1, 0x42, 0xC0, 0x1F, 0xFF, 0xE1, 0]);
        assert_eq!(&c[8..13], &t.sps[..]);
        assert_eq!(&c[13..16], &[1, 0, 4]);
        assert_eq!(&c[16..], &t.pps[..]);
        let colr = child(&b, avc1, 78, "colr");
        assert_eq!(&b[colr.0 + 8..colr.0 + colr.1], b"nclx\0\x01\0\x01\0\x01\0");
    }

    #[test]
    fn no_samples_is_an_error() {
        let mut t = track();
        t.samples.clear();
        assert!(matches!(write_mp4(&t), Err(VideoError::NoFrames)));
    }
}
