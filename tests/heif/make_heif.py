#!/usr/bin/env python3
"""Makes the HEIC/AVIF test files in this folder from assets/portrait.png.

Recipe (run from the repository root, on Debian 12 with the runtime libheif1 1.15.1, which
encodes HEVC through libx265 and AV1 through libaom; no -dev package needed):

    python3 -m venv target/heif-venv
    target/heif-venv/bin/pip install pillow==13.0.0
    target/heif-venv/bin/python tests/heif/make_heif.py tests/heif

Pillow only reads the PNG; the encoding is libheif's own, called through ctypes. The files are
deliberately small (the portrait at 256 px, quality 70) so they can be committed. Encoders are
not bit-exact across versions: regenerating gives different bytes, but the same pictures, and
the tests compare against the portrait with tolerances, never against these bytes.

Each file tests one thing the decoder must get right:
- portrait.heic          8-bit HEVC, an EXIF block dated 2026:03:01 09:30:00 +01:00
- portrait-rotated.heic  pixels stored turned 90° anticlockwise, an `irot` box and EXIF
                         Orientation 6 saying the same (as iPhones write): upright when both
                         are applied once, wrong when applied twice
- portrait-mirrored.heic pixels stored mirrored, an `imir` box undoing it
- portrait-p3.heic       pixels in Display P3, with a Display P3 ICC profile
- portrait-pq10.heic     10-bit HEVC, BT.2020 primaries, PQ transfer (an HDR photo): the
                         portrait's sRGB white at 203 cd/m² (the BT.2408 reference white)
- portrait.avif          8-bit AV1 (decodes only where libheif has an AV1 decoder)
"""

import ctypes as C
import math
import struct
import sys
from pathlib import Path

from PIL import Image

SIDE = 256
QUALITY = 70

heif = C.CDLL("libheif.so.1")


class HeifError(C.Structure):
    _fields_ = [("code", C.c_int), ("subcode", C.c_int), ("message", C.c_char_p)]


class Nclx(C.Structure):
    _fields_ = [
        ("version", C.c_uint8),
        ("color_primaries", C.c_int),
        ("transfer_characteristics", C.c_int),
        ("matrix_coefficients", C.c_int),
        ("full_range_flag", C.c_uint8),
    ] + [(n, C.c_float) for n in "rx ry gx gy bx by wx wy".split()]


class EncodingOptions(C.Structure):
    _fields_ = [
        ("version", C.c_uint8),
        ("save_alpha_channel", C.c_uint8),
        ("macOS_compatibility_workaround", C.c_uint8),
        ("save_two_colr_boxes", C.c_uint8),
        ("output_nclx_profile", C.c_void_p),
        ("macOS_compatibility_workaround_no_nclx_profile", C.c_uint8),
        ("image_orientation", C.c_int),
    ]


for name in [
    "heif_image_create",
    "heif_image_add_plane",
    "heif_context_get_encoder_for_format",
    "heif_encoder_set_lossy_quality",
    "heif_context_encode_image",
    "heif_context_add_exif_metadata",
    "heif_context_write_to_file",
    "heif_image_set_raw_color_profile",
    "heif_image_set_nclx_color_profile",
]:
    getattr(heif, name).restype = HeifError
heif.heif_context_alloc.restype = C.c_void_p
heif.heif_image_get_plane.restype = C.POINTER(C.c_uint8)
heif.heif_encoding_options_alloc.restype = C.POINTER(EncodingOptions)
heif.heif_nclx_color_profile_alloc.restype = C.POINTER(Nclx)

HEVC, AV1 = 1, 4
RGB, INTERLEAVED_RGB, INTERLEAVED_RRGGBB_LE = 1, 10, 14
CHANNEL_INTERLEAVED = 10


def check(err, what):
    if err.code != 0:
        raise SystemExit(f"{what}: {err.message.decode()}")


def srgb_to_linear(v):
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def linear_to_srgb(v):
    v = min(max(v, 0.0), 1.0)
    return v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def primaries_matrix(rx, ry, gx, gy, bx, by, wx, wy):
    """RGB → XYZ for the given primaries and white (the usual derivation)."""
    cols = []
    for x, y in [(rx, ry), (gx, gy), (bx, by)]:
        cols.append([x / y, 1.0, (1 - x - y) / y])
    m = [[cols[j][i] for j in range(3)] for i in range(3)]
    w = [wx / wy, 1.0, (1 - wx - wy) / wy]
    s = solve(m, w)
    return [[m[i][j] * s[j] for j in range(3)] for i in range(3)]


def solve(m, v):
    inv = invert(m)
    return [sum(inv[i][j] * v[j] for j in range(3)) for i in range(3)]


def invert(m):
    a, b, c = m[0]
    d, e, f = m[1]
    g, h, i = m[2]
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return [
        [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
        [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
        [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
    ]


def mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


D65 = (0.3127, 0.3290)
SRGB = primaries_matrix(0.64, 0.33, 0.30, 0.60, 0.15, 0.06, *D65)
P3 = primaries_matrix(0.680, 0.320, 0.265, 0.690, 0.150, 0.060, *D65)
BT2020 = primaries_matrix(0.708, 0.292, 0.170, 0.797, 0.131, 0.046, *D65)


def convert_pixels(pixels, target_from_xyz, encode):
    m = mul(target_from_xyz, SRGB)
    out = []
    for r, g, b in pixels:
        lin = [srgb_to_linear(c / 255) for c in (r, g, b)]
        t = [sum(m[i][j] * lin[j] for j in range(3)) for i in range(3)]
        out.append(tuple(encode(c) for c in t))
    return out


def pq_encode(linear_sdr):
    """sRGB-relative linear light (1.0 = 203 cd/m²) → PQ signal 0–1 (SMPTE ST 2084)."""
    y = max(linear_sdr, 0.0) * 203.0 / 10000.0
    m1, m2 = 2610 / 16384, 2523 / 4096 * 128
    c1, c2, c3 = 3424 / 4096, 2413 / 4096 * 32, 2392 / 4096 * 32
    p = y**m1
    return ((c1 + c2 * p) / (1 + c3 * p)) ** m2


def display_p3_icc():
    """A minimal ICC v2 matrix/TRC profile for Display P3 (D50-adapted colorants, sRGB curve)."""
    bradford = [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
    d65 = [0.95047, 1.0, 1.08883]
    d50 = [0.96422, 1.0, 0.82521]
    src = [sum(bradford[i][j] * d65[j] for j in range(3)) for i in range(3)]
    dst = [sum(bradford[i][j] * d50[j] for j in range(3)) for i in range(3)]
    scale = [[dst[i] / src[i] if i == j else 0 for j in range(3)] for i in range(3)]
    adapt = mul(invert(bradford), mul(scale, bradford))
    p3_d50 = mul(adapt, P3)

    def s15(v):
        return struct.pack(">i", round(v * 65536))

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    # sRGB's curve as parametric type 3: Y = (aX+b)^g for X >= d, else cX.
    para = b"para\0\0\0\0" + struct.pack(">H", 3) + b"\0\0" + b"".join(
        s15(v) for v in [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045]
    )
    desc_text = b"Display P3\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 79
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(*d50)),
        (b"rXYZ", xyz(*(p3_d50[i][0] for i in range(3)))),
        (b"gXYZ", xyz(*(p3_d50[i][1] for i in range(3)))),
        (b"bXYZ", xyz(*(p3_d50[i][2] for i in range(3)))),
        (b"rTRC", para),
        (b"gTRC", para),
        (b"bTRC", para),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    body = struct.pack(">I", len(tags)) + table + data
    size = 128 + len(body)
    header = (
        struct.pack(">I", size)
        + b"none"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + s15(d50[0]) + s15(d50[1]) + s15(d50[2])
        + b"\0" * 48
    )
    assert len(header) == 128, len(header)
    return header + body


def exif_block(orientation):
    """A big-endian TIFF-structured EXIF block: Orientation, and an Exif IFD with the date."""
    entries0 = [(0x0112, 3, 1, struct.pack(">HH", orientation, 0)), (0x8769, 4, 1, None)]
    date = b"2026:03:01 09:30:00\0"
    offset_time = b"+01:00\0"
    ifd0_size = 2 + 12 * len(entries0) + 4
    exif_ifd_at = 8 + ifd0_size
    exif_entries = [(0x9003, 2, len(date)), (0x9011, 2, len(offset_time))]
    exif_ifd_size = 2 + 12 * len(exif_entries) + 4
    data_at = exif_ifd_at + exif_ifd_size
    out = b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", len(entries0))
    for tag, typ, count, value in entries0:
        value = value if value is not None else struct.pack(">I", exif_ifd_at)
        out += struct.pack(">HHI", tag, typ, count) + value
    out += struct.pack(">I", 0) + struct.pack(">H", len(exif_entries))
    out += struct.pack(">HHII", 0x9003, 2, len(date), data_at)
    out += struct.pack(">HHII", 0x9011, 2, len(offset_time), data_at + len(date))
    out += struct.pack(">I", 0) + date + offset_time
    return out


def encode(path, pixels, size, fmt=HEVC, bits=8, orientation=1, exif_orientation=None,
           icc=None, nclx=None):
    w, h = size
    img = C.c_void_p()
    chroma = INTERLEAVED_RGB if bits == 8 else INTERLEAVED_RRGGBB_LE
    check(heif.heif_image_create(w, h, RGB, chroma, C.byref(img)), "image_create")
    check(heif.heif_image_add_plane(img, CHANNEL_INTERLEAVED, w, h, bits), "add_plane")
    stride = C.c_int()
    plane = heif.heif_image_get_plane(img, CHANNEL_INTERLEAVED, C.byref(stride))
    for y in range(h):
        row = pixels[y * w:(y + 1) * w]
        if bits == 8:
            raw = bytes(v for px in row for v in px)
        else:
            raw = b"".join(struct.pack("<HHH", *px) for px in row)
        C.memmove(C.addressof(plane.contents) + y * stride.value, raw, len(raw))
    if icc is not None:
        check(heif.heif_image_set_raw_color_profile(img, b"prof", icc, len(icc)), "icc")
    if nclx is not None:
        check(heif.heif_image_set_nclx_color_profile(img, nclx), "nclx")
    ctx = C.c_void_p(heif.heif_context_alloc())
    enc = C.c_void_p()
    check(heif.heif_context_get_encoder_for_format(ctx, fmt, C.byref(enc)), "encoder")
    check(heif.heif_encoder_set_lossy_quality(enc, QUALITY), "quality")
    opts = heif.heif_encoding_options_alloc()
    opts.contents.image_orientation = orientation
    if nclx is not None:
        opts.contents.output_nclx_profile = C.cast(nclx, C.c_void_p)
        # On by default: it drops the nclx box, which the HDR file needs.
        opts.contents.macOS_compatibility_workaround_no_nclx_profile = 0
    handle = C.c_void_p()
    check(heif.heif_context_encode_image(ctx, img, enc, opts, C.byref(handle)), "encode")
    if exif_orientation is not None:
        block = exif_block(exif_orientation)
        check(heif.heif_context_add_exif_metadata(ctx, handle, block, len(block)), "exif")
    check(heif.heif_context_write_to_file(ctx, str(path).encode()), "write")
    print(path, Path(path).stat().st_size, "bytes")


def pixels(img):
    raw = img.tobytes()
    return [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/heif")
    src = Image.open("assets/portrait.png").convert("RGB").resize((SIDE, SIDE), Image.LANCZOS)
    px = pixels(src)
    size = (SIDE, SIDE)
    encode(out / "portrait.heic", px, size, exif_orientation=1)
    turned = src.transpose(Image.Transpose.ROTATE_90)  # anticlockwise; irot 6 turns it back
    encode(out / "portrait-rotated.heic", pixels(turned), turned.size,
           orientation=6, exif_orientation=6)
    mirrored = src.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    encode(out / "portrait-mirrored.heic", pixels(mirrored), size, orientation=2)
    p3 = convert_pixels(px, invert(P3), lambda c: round(linear_to_srgb(c) * 255))
    encode(out / "portrait-p3.heic", p3, size, icc=display_p3_icc())
    nclx = heif.heif_nclx_color_profile_alloc()
    nclx.contents.color_primaries = 9  # BT.2020
    nclx.contents.transfer_characteristics = 16  # SMPTE ST 2084 (PQ)
    nclx.contents.matrix_coefficients = 9  # BT.2020 non-constant luminance
    nclx.contents.full_range_flag = 1
    pq = convert_pixels(px, invert(BT2020), lambda c: round(pq_encode(c) * 1023))
    encode(out / "portrait-pq10.heic", pq, size, bits=10, nclx=nclx)
    encode(out / "portrait.avif", px, size, fmt=AV1, exif_orientation=1)


if __name__ == "__main__":
    main()
