//! A tiny ISO BMFF (MP4) box writer: big-endian fields, and boxes whose 32-bit size is filled
//! in when they are closed, so nesting is written top-down as the file reads.

/// Bytes being written, with the boxes still open.
#[derive(Default)]
pub struct BoxWriter {
    buf: Vec<u8>,
    open: Vec<usize>,
}

impl BoxWriter {
    /// Opens a plain box of type `kind`.
    pub fn begin(&mut self, kind: &[u8; 4]) {
        self.open.push(self.buf.len());
        self.u32(0);
        self.bytes(kind);
    }

    /// Opens a "full box": a box with a version byte and 24 bits of flags.
    pub fn begin_full(&mut self, kind: &[u8; 4], version: u8, flags: u32) {
        self.begin(kind);
        self.u32((u32::from(version) << 24) | (flags & 0x00FF_FFFF));
    }

    /// Closes the innermost open box, writing its size. `None` when the box is over 4 GiB
    /// (this writer has no 64-bit sizes; a timelapse never comes near).
    #[must_use]
    pub fn end(&mut self) -> Option<()> {
        let start = self.open.pop()?;
        let size = u32::try_from(self.buf.len() - start).ok()?;
        self.buf[start..start + 4].copy_from_slice(&size.to_be_bytes());
        Some(())
    }

    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Appends a big-endian u16.
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends a big-endian u32.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends bytes as they are.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// Appends `n` zero bytes (reserved fields).
    pub fn zeros(&mut self, n: usize) {
        self.buf.resize(self.buf.len() + n, 0);
    }

    /// The finished bytes; `None` if a box was left open.
    pub fn finish(self) -> Option<Vec<u8>> {
        self.open.is_empty().then_some(self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_boxes_get_their_sizes() {
        let mut w = BoxWriter::default();
        w.begin(b"moov");
        w.begin_full(b"mvhd", 0, 3);
        w.u16(7);
        w.end().unwrap();
        w.end().unwrap();
        let b = w.finish().unwrap();
        assert_eq!(&b[0..8], &[0, 0, 0, 22, b'm', b'o', b'o', b'v']);
        assert_eq!(&b[8..16], &[0, 0, 0, 14, b'm', b'v', b'h', b'd']);
        assert_eq!(&b[16..22], &[0, 0, 0, 3, 0, 7]);
    }

    #[test]
    fn an_open_box_is_not_a_file() {
        let mut w = BoxWriter::default();
        w.begin(b"moov");
        assert!(w.finish().is_none());
        let mut w = BoxWriter::default();
        assert!(w.end().is_none());
    }
}
