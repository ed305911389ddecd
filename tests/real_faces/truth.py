"""Write truth.json: the eye corners of every image of the set, by a different landmark model
from the one Afterglow runs (dlib's 68-point shape predictor, not MediaPipe's face mesh).

Run inside a virtual environment with `dlib-bin==20.0.1.post1 numpy pillow` after
`make_set.py`, with the models of `face_recognition_models==0.3.0` unpacked somewhere:

    python tests/real_faces/truth.py SET_DIR MODELS_DIR

The 68-point model is used here only to measure; it is not shipped (its training data, iBUG
300-W, is not licensed for commercial use).
"""

import hashlib
import json
import os
import sys

import dlib
import numpy as np
from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))


def pairs(names):
    """(reference, photo, group): the tuning pairs the thresholds were chosen on, and the
    held-out pairs (the frames between them, against another reference) that check them."""
    out = []
    def add(ref, prefix, frames, group):
        for i in frames:
            n = f"{prefix}_{i:04d}.png"
            if n in names and n != ref:
                out.append((ref, n, group))
    add("wl_0000.png", "wl", range(24, 472, 24), "tuning")
    add("sf_0000.png", "sf", range(12, 72, 12), "tuning")
    add("fn_0000.png", "fn", range(12, 72, 12), "tuning")
    add("fn_0000.png", "nf", range(96, 169, 12), "tuning")
    for m in ["obama2.jpg", "obama3.jpg", "obama_partial_face.jpg", "obama_partial_face2.jpg"]:
        out.append(("obama.jpg", m, "tuning"))
    out.append(("obama2.jpg", "obama3.jpg", "tuning"))
    add("wl_0012.png", "wl", range(36, 472, 24), "held_out")
    add("sf_0006.png", "sf", range(18, 72, 12), "held_out")
    add("fn_0006.png", "fn", range(18, 72, 12), "held_out")
    add("fn_0006.png", "nf", range(102, 169, 12), "held_out")
    return out


def main(set_dir, models):
    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(os.path.join(models, "shape_predictor_68_face_landmarks.dat"))
    images = {}
    for name in sorted(os.listdir(set_dir)):
        path = os.path.join(set_dir, name)
        pixels = np.array(ImageOps.exif_transpose(Image.open(path)).convert("RGB"))
        faces = detector(pixels, 1)
        entry = {"sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
                 "faces": len(faces), "eye_corners": None}
        if name.endswith("-ph.jpg"):
            # The still's label: the head's turn in degrees, the first part of its name.
            entry["turn_degrees"] = int(name.split("-")[0])
        if faces:
            shape = predictor(pixels, max(faces, key=lambda r: r.area()))
            # dlib 36, 39, 42, 45: the person's right eye outer and inner corner, then the left
            # eye's inner and outer corner — the order of Afterglow's `face::EYE_CORNERS`.
            entry["eye_corners"] = [[round(shape.part(i).x + 0.0, 1), round(shape.part(i).y + 0.0, 1)]
                                    for i in (36, 39, 42, 45)]
        images[name] = entry
    with_face = {n for n, v in images.items() if v["eye_corners"]}
    listed = [{"reference": r, "photo": p, "group": g} for r, p, g in pairs(with_face)
              if r in with_face]
    json.dump({"model": "dlib 20.0.1 shape_predictor_68_face_landmarks (face_recognition_models 0.3.0)",
               "images": images, "pairs": listed},
              open(os.path.join(HERE, "truth.json"), "w"), indent=1)
    print(f"{len(images)} images, {len(listed)} pairs")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
