#!/usr/bin/env python3
"""Numerically compare the original TFLite models with the converted ONNX models,
decode a face on a real portrait, and draw the landmarks.

Usage: python verify.py [IMAGE] [MODELS_DIR] [OUT_DIR]
Defaults: ../../../../../assets/portrait.png models out

Writes to OUT_DIR:
  det_input.f32 / lm_input.f32        raw little-endian float32 NHWC input tensors
  det_regressors.f32 / det_classificators.f32 / lm_landmarks.f32 / lm_face_flag.f32
                                       onnxruntime outputs on those inputs (for the Rust check)
  crop.json                            crop box (pixels) used for the landmark model
  landmarks_overlay.png                landmarks drawn on the image
  landmarks_crop.png                   the 192x192 crop with landmarks and indices 33/133/362/263/1
"""
import json
import math
import os
import sys

import numpy as np
import onnxruntime as ort
from ai_edge_litert.interpreter import Interpreter
from PIL import Image, ImageDraw



# ---------------------------------------------------------------- runners
class TfliteRunner:
    def __init__(self, path):
        self.it = Interpreter(model_path=path, num_threads=1)
        self.it.allocate_tensors()
        self.inp = self.it.get_input_details()[0]
        self.outs = self.it.get_output_details()

    def __call__(self, x):
        self.it.set_tensor(self.inp["index"], x)
        self.it.invoke()
        return {o["name"]: self.it.get_tensor(o["index"]).copy() for o in self.outs}


class OnnxRunner:
    def __init__(self, path):
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        self.s = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        self.inp = self.s.get_inputs()[0].name
        self.names = [o.name for o in self.s.get_outputs()]

    def __call__(self, x):
        return dict(zip(self.names, self.s.run(None, {self.inp: x})))


def compare(tag, tfl, onx, x):
    a, b = tfl(x), onx(x)
    assert set(a) == set(b), (a.keys(), b.keys())
    res = {}
    for k in a:
        assert a[k].shape == b[k].shape, (k, a[k].shape, b[k].shape)
        d = float(np.max(np.abs(a[k].astype(np.float64) - b[k])))
        rel = d / max(float(np.max(np.abs(a[k]))), 1e-12)
        res[k] = (d, rel)
        print(f"  {tag:28s} {k:16s} shape={list(a[k].shape)} max|tflite-onnx|={d:.3g} (rel to max|out| {rel:.2g})")
    return a, b, res


# ---------------------------------------------------------------- anchors / decoding
def ssd_anchors():
    """MediaPipe SsdAnchorsCalculator, face_detection_short_range options:
    num_layers=4, strides=[8,16,16,16], input 128x128, anchor_offset=0.5,
    aspect_ratios=[1.0], interpolated_scale_aspect_ratio=1.0, fixed_anchor_size=true
    => stride 8: 16x16 cells x 2 anchors, stride 16: 8x8 cells x 6 anchors = 896."""
    strides = [8, 16, 16, 16]
    anchors = []
    layer = 0
    while layer < len(strides):
        n = 0
        last = layer
        while last < len(strides) and strides[last] == strides[layer]:
            n += 2  # aspect ratio 1.0 + interpolated scale
            last += 1
        fm = math.ceil(128 / strides[layer])
        for y in range(fm):
            for x in range(fm):
                for _ in range(n):
                    anchors.append(((x + 0.5) / fm, (y + 0.5) / fm))
        layer = last
    return np.array(anchors, np.float32)  # [896, 2] (x_center, y_center); w = h = 1


def decode_detections(reg, cls, anchors, thresh=0.5):
    reg = reg.reshape(896, 16).astype(np.float64)
    score = 1 / (1 + np.exp(-np.clip(cls.reshape(896).astype(np.float64), -100, 100)))
    ax, ay = anchors[:, 0], anchors[:, 1]
    xc = reg[:, 0] / 128 + ax
    yc = reg[:, 1] / 128 + ay
    w = reg[:, 2] / 128
    h = reg[:, 3] / 128
    kps = np.stack([reg[:, 4::2] / 128 + ax[:, None], reg[:, 5::2] / 128 + ay[:, None]], -1)  # [896,6,2]
    boxes = np.stack([xc - w / 2, yc - h / 2, xc + w / 2, yc + h / 2], -1)  # xmin,ymin,xmax,ymax (0..1)
    idx = np.where(score >= thresh)[0]
    return boxes, kps, score, idx


def weighted_nms(boxes, kps, score, idx, iou_thr=0.3):
    """MediaPipe NonMaxSuppressionCalculator, algorithm WEIGHTED, IoU 0.3."""
    order = idx[np.argsort(-score[idx])]
    out = []
    remaining = list(order)
    while remaining:
        top = remaining[0]
        b = boxes[top]
        ious = []
        for j in remaining:
            c = boxes[j]
            iw = max(0, min(b[2], c[2]) - max(b[0], c[0]))
            ih = max(0, min(b[3], c[3]) - max(b[1], c[1]))
            inter = iw * ih
            union = (b[2] - b[0]) * (b[3] - b[1]) + (c[2] - c[0]) * (c[3] - c[1]) - inter
            ious.append(inter / union if union > 0 else 0)
        group = [j for j, iou in zip(remaining, ious) if iou > iou_thr]
        rest = [j for j, iou in zip(remaining, ious) if iou <= iou_thr]
        wts = score[group]
        out.append(dict(
            score=float(score[top]),
            box=(boxes[group] * wts[:, None]).sum(0) / wts.sum(),
            kps=(kps[group] * wts[:, None, None]).sum(0) / wts.sum(),
            merged=len(group)))
        remaining = rest
    return out


def main():
    IMG = sys.argv[1] if len(sys.argv) > 1 else "../../../../../assets/portrait.png"
    MODELS = sys.argv[2] if len(sys.argv) > 2 else "models"
    OUT = sys.argv[3] if len(sys.argv) > 3 else "out"
    os.makedirs(OUT, exist_ok=True)
    img = Image.open(IMG).convert("RGB")
    W, H = img.size
    det_t = TfliteRunner(os.path.join(MODELS, "face_detection_short_range.tflite"))
    det_o = OnnxRunner(os.path.join(MODELS, "face_detection_short_range.onnx"))
    lm_t = TfliteRunner(os.path.join(MODELS, "face_landmark.tflite"))
    lm_o = OnnxRunner(os.path.join(MODELS, "face_landmark.onnx"))
    rng = np.random.default_rng(0)
    results = {}

    print("== random inputs (5 each)")
    for k in range(5):
        x = rng.uniform(-1, 1, (1, 128, 128, 3)).astype(np.float32)
        results[f"det_random{k}"] = compare(f"detector random #{k}", det_t, det_o, x)[2]
        x = rng.uniform(0, 1, (1, 192, 192, 3)).astype(np.float32)
        results[f"lm_random{k}"] = compare(f"landmark random #{k}", lm_t, lm_o, x)[2]

    # ---- detector on the whole image (square, so no letterbox needed) -----------
    assert W == H, "this check assumes a square image (else letterbox to square first)"
    det_in = np.asarray(img.resize((128, 128), Image.BILINEAR), np.float32)[None] / 127.5 - 1.0
    print("== portrait")
    a, b, results["det_portrait"] = compare("detector portrait", det_t, det_o, det_in)
    anchors = ssd_anchors()
    boxes, kps, score, idx = decode_detections(b["regressors"], b["classificators"], anchors)
    dets = weighted_nms(boxes, kps, score, idx)
    print(f"  raw anchors >= 0.5: {len(idx)}, after weighted NMS: {len(dets)}")
    d = dets[0]
    bx = d["box"] * [W, H, W, H]
    kp = d["kps"] * [W, H]
    print(f"  face score {d['score']:.4f}  box px xmin={bx[0]:.1f} ymin={bx[1]:.1f} xmax={bx[2]:.1f} ymax={bx[3]:.1f}")
    names = ["eye(img-left/subject-right)", "eye(img-right/subject-left)", "nose tip", "mouth", "ear(img-left)", "ear(img-right)"]
    for n, p in zip(names, kp):
        print(f"    kp {n:30s} ({p[0]:.1f}, {p[1]:.1f})")
    # ROI as in MediaPipe face_detection_front_detection_to_roi: centre of box,
    # rotation from kp0->kp1 (reported only; crop below is axis-aligned), square of
    # the long side * 1.5.
    angle = -math.atan2(-(kp[1][1] - kp[0][1]), kp[1][0] - kp[0][0])
    cx, cy = (bx[0] + bx[2]) / 2, (bx[1] + bx[3]) / 2
    side = max(bx[2] - bx[0], bx[3] - bx[1]) * 1.5
    print(f"  roi centre=({cx:.1f},{cy:.1f}) side={side:.1f}px rotation={math.degrees(angle):.2f} deg (ignored: axis-aligned crop)")
    x0, y0 = cx - side / 2, cy - side / 2
    crop = img.crop((round(x0), round(y0), round(x0 + side), round(y0 + side)))
    x0, y0, side = round(x0), round(y0), round(x0 + side) - round(x0)
    crop192 = crop.resize((192, 192), Image.BILINEAR)
    lm_in = np.asarray(crop192, np.float32)[None] / 255.0
    a2, b2, results["lm_portrait"] = compare("landmark portrait", lm_t, lm_o, lm_in)
    lms = b2["conv2d_21"].reshape(468, 3)
    flag = float(b2["conv2d_31"].reshape(()))
    presence = 1 / (1 + math.exp(-flag))
    print(f"  face flag logit {flag:.3f} -> presence {presence:.4f} (sigmoid of logit; face present if >= 0.5)")
    for i, n in [(33, "right eye outer (img-left)"), (133, "right eye inner"), (362, "left eye inner"),
                 (263, "left eye outer (img-right)"), (1, "nose tip")]:
        x, y, z = lms[i]
        print(f"    lm[{i:3d}] {n:28s} crop192=({x:6.2f},{y:6.2f},{z:6.2f})  image=({x0 + x / 192 * side:6.1f},{y0 + y / 192 * side:6.1f})")

    # ---- dump tensors for the Rust check --------------------------------------
    det_in.astype("<f4").tofile(os.path.join(OUT, "det_input.f32"))
    lm_in.astype("<f4").tofile(os.path.join(OUT, "lm_input.f32"))
    b["regressors"].astype("<f4").tofile(os.path.join(OUT, "det_regressors.f32"))
    b["classificators"].astype("<f4").tofile(os.path.join(OUT, "det_classificators.f32"))
    b2["conv2d_21"].astype("<f4").tofile(os.path.join(OUT, "lm_landmarks.f32"))
    b2["conv2d_31"].astype("<f4").tofile(os.path.join(OUT, "lm_face_flag.f32"))
    json.dump(dict(x0=x0, y0=y0, side=side, det_box_px=[float(v) for v in bx], det_score=d["score"],
                   lm_presence=presence,
                   lm_image_px={str(i): [float(x0 + lms[i][0] / 192 * side), float(y0 + lms[i][1] / 192 * side)]
                                for i in (33, 133, 362, 263, 1)}),
              open(os.path.join(OUT, "crop.json"), "w"), indent=1)

    # ---- drawings ----------------------------------------------------------------
    ov = img.copy()
    dr = ImageDraw.Draw(ov)
    dr.rectangle(list(bx), outline=(0, 255, 0), width=1)
    dr.rectangle([x0, y0, x0 + side, y0 + side], outline=(255, 255, 0), width=1)
    for x, y, _ in lms:
        px, py = x0 + x / 192 * side, y0 + y / 192 * side
        dr.point((px, py), fill=(0, 255, 255))
    for p in kp:
        dr.ellipse([p[0] - 2, p[1] - 2, p[0] + 2, p[1] + 2], outline=(255, 0, 255))
    ov.save(os.path.join(OUT, "landmarks_overlay.png"))
    big = crop192.resize((768, 768), Image.BICUBIC)
    dr = ImageDraw.Draw(big)
    for x, y, _ in lms:
        dr.ellipse([x * 4 - 1.5, y * 4 - 1.5, x * 4 + 1.5, y * 4 + 1.5], fill=(0, 255, 255))
    for i, col in [(33, (255, 0, 0)), (133, (255, 128, 0)), (362, (0, 128, 255)), (263, (0, 0, 255)), (1, (255, 0, 255))]:
        x, y = lms[i][0] * 4, lms[i][1] * 4
        dr.ellipse([x - 5, y - 5, x + 5, y + 5], outline=col, width=2)
        dr.text((x + 6, y - 14), str(i), fill=col)
    big.save(os.path.join(OUT, "landmarks_crop.png"))

    worst = {k: max(v[0] for v in r.values()) for k, r in results.items()}
    print("== worst max-abs difference per case:", json.dumps({k: float(f"{v:.3g}") for k, v in worst.items()}))


if __name__ == "__main__":
    main()
