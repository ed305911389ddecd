"""Draw Afterglow's application icon: a sun half-set on a horizon, glowing, on a dusk-coloured
rounded square. Writes `afterglow.svg` and `afterglow-N.png` for N in SIZES.

Run with Pillow (any recent version) installed:

    python3 assets/icon/make_icon.py

The PNGs are drawn with Pillow from the same geometry as the SVG (4× supersampled), so no SVG
renderer is needed. Drawn for Afterglow; CC0 (see LICENSE.md beside this file).
"""

import os

from PIL import Image, ImageDraw, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = [16, 32, 48, 64, 128, 256, 512]

# Geometry on a 512-unit canvas.
CORNER = 112
HORIZON = 322
SUN = (256, HORIZON, 124)  # centre x, centre y, radius
RINGS = [(166, 0.55), (206, 0.32), (246, 0.16)]  # radius, opacity
SKY_TOP, SKY_BOTTOM = (0x2A, 0x17, 0x3D), (0x8C, 0x2F, 0x55)
GROUND = (0x1C, 0x10, 0x29)
SUN_TOP, SUN_BOTTOM = (0xFF, 0xD2, 0x6A), (0xFF, 0x6F, 0x61)
GLOW = (0xFF, 0x9A, 0x6A)
LINE = (0xFF, 0xE3, 0xB0)


def hexc(c):
    return "#%02x%02x%02x" % c


def svg():
    rings = "\n".join(
        f'    <circle cx="{SUN[0]}" cy="{SUN[1]}" r="{r}" fill="none" stroke="{hexc(GLOW)}" '
        f'stroke-width="10" stroke-opacity="{a}"/>' for r, a in RINGS)
    return f'''<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>Afterglow</title>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="{hexc(SKY_TOP)}"/>
      <stop offset="{HORIZON / 512:.3f}" stop-color="{hexc(SKY_BOTTOM)}"/>
    </linearGradient>
    <linearGradient id="sun" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="{hexc(SUN_TOP)}"/>
      <stop offset="1" stop-color="{hexc(SUN_BOTTOM)}"/>
    </linearGradient>
    <clipPath id="square"><rect width="512" height="512" rx="{CORNER}"/></clipPath>
    <clipPath id="sky-only"><rect width="512" height="{HORIZON}"/></clipPath>
  </defs>
  <g clip-path="url(#square)">
    <rect width="512" height="512" fill="url(#sky)"/>
    <g clip-path="url(#sky-only)">
{rings}
      <circle cx="{SUN[0]}" cy="{SUN[1]}" r="{SUN[2]}" fill="url(#sun)"/>
    </g>
    <rect y="{HORIZON}" width="512" height="{512 - HORIZON}" fill="{hexc(GROUND)}"/>
    <rect x="64" y="{HORIZON - 4}" width="384" height="8" rx="4" fill="{hexc(LINE)}"/>
  </g>
</svg>
'''


def lerp(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def png(size):
    s = 4 * size / 512  # supersampled scale
    n = 4 * size
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    sky = Image.new("RGBA", (n, n))
    d = ImageDraw.Draw(sky)
    for y in range(n):
        t = min(y / (HORIZON * s), 1.0)
        d.line([(0, y), (n, y)], fill=lerp(SKY_TOP, SKY_BOTTOM, t) + (255,))
    cx, cy, r = (v * s for v in SUN)
    glow = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    g = ImageDraw.Draw(glow)
    for rr, a in RINGS:
        rr *= s
        g.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], outline=GLOW + (round(255 * a),),
                  width=max(1, round(10 * s)))
    sun = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    sd = ImageDraw.Draw(sun)
    for y in range(int(cy - r), int(cy + r) + 1):
        t = (y - (cy - r)) / (2 * r)
        half = max(0.0, r * r - (y - cy) ** 2) ** 0.5
        sd.line([(cx - half, y), (cx + half, y)], fill=lerp(SUN_TOP, SUN_BOTTOM, t) + (255,))
    sky = Image.alpha_composite(sky, glow)
    sky = Image.alpha_composite(sky, sun)
    d = ImageDraw.Draw(sky)
    d.rectangle([0, HORIZON * s, n, n], fill=GROUND + (255,))
    d.rounded_rectangle([64 * s, (HORIZON - 4) * s, 448 * s, (HORIZON + 4) * s], radius=4 * s,
                        fill=LINE + (255,))
    mask = Image.new("L", (n, n), 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, n - 1, n - 1], radius=CORNER * s, fill=255)
    img.paste(sky, (0, 0), mask)
    return img.resize((size, size), Image.LANCZOS)


def main():
    with open(os.path.join(HERE, "afterglow.svg"), "w") as f:
        f.write(svg())
    for size in SIZES:
        png(size).save(os.path.join(HERE, f"afterglow-{size}.png"), optimize=True)
    print(f"wrote afterglow.svg and {len(SIZES)} PNGs")


if __name__ == "__main__":
    main()
