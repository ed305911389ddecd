#!/usr/bin/env python3
"""Convert MediaPipe's face detector and face-mesh landmark models to ONNX.

Usage:
    python convert.py WHEEL [OUT_DIR]

WHEEL   mediapipe-0.10.14-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
        (from `pip download --no-deps mediapipe==0.10.14`)
OUT_DIR defaults to ./models

Outputs (in OUT_DIR):
    face_detection_short_range.tflite / .onnx
    face_landmark.tflite / .onnx
    LICENSE.mediapipe (licence text copied from the wheel's dist-info)

This is a small self-contained TFLite -> ONNX translator (no TensorFlow, no
tflite2onnx) covering exactly the operators used by these two models:
CONV_2D, DEPTHWISE_CONV_2D, ADD, RELU, PRELU, PAD, RESHAPE, MAX_POOL_2D,
CONCATENATION and DEQUANTIZE (float16 weights -> folded into float32
initializers).  Any other operator raises an error.

Conventions of the produced ONNX graphs:
  * float32 everywhere, opset 13, fixed shapes;
  * input and output tensors keep the TFLite names, shapes and NHWC layout
    (the graph transposes to NCHW internally), so outputs can be compared
    1:1 with the TFLite interpreter.
"""
import hashlib
import os
import sys
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
import tflite

OPSET = 13

# Expected hashes (mediapipe 0.10.14, cp311 manylinux x86_64 wheel).
EXPECTED_SHA256 = {
    "wheel": "a807328339e7356fda0bb14df12fedbf1d33bdf81649c5f8666b0026b1cc30b4",
    "face_detection_short_range.tflite": "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8",
    "face_landmark.tflite": "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814",
}

MEMBERS = {
    "face_detection_short_range.tflite": "mediapipe/modules/face_detection/face_detection_short_range.tflite",
    "face_landmark.tflite": "mediapipe/modules/face_landmark/face_landmark.tflite",
}
LICENSE_MEMBER = "mediapipe-0.10.14.dist-info/LICENSE"

BUILTIN_NAMES = {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}
TT = tflite.TensorType
ACT = tflite.ActivationFunctionType
NP_TYPES = {TT.FLOAT32: np.float32, TT.FLOAT16: np.float16, TT.INT32: np.int32, TT.INT64: np.int64}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Converter:
    def __init__(self, buf: bytes, doc: str):
        self.model = tflite.Model.GetRootAsModel(buf, 0)
        if self.model.SubgraphsLength() != 1:
            raise ValueError("expected exactly one subgraph")
        self.g = self.model.Subgraphs(0)
        self.doc = doc
        self.nodes = []
        self.inits = {}          # name -> np.ndarray (float32/int64 initializers)
        self.consts = {}         # tflite tensor index -> np.ndarray (NHWC / TFLite layout)
        self.onnx_name = {}      # tflite tensor index -> ONNX value name (4-D values are NCHW)
        self.uid = 0

    # ---- helpers -------------------------------------------------------
    def tensor(self, i):
        return self.g.Tensors(i)

    def tname(self, i):
        return self.tensor(i).Name().decode()

    def shape(self, i):
        return [int(s) for s in self.tensor(i).ShapeAsNumpy()]

    def fresh(self, base):
        self.uid += 1
        return f"{base}__{self.uid}"

    def buffer_data(self, i):
        t = self.tensor(i)
        b = self.model.Buffers(t.Buffer())
        if b is None or b.DataLength() == 0:
            return None
        arr = np.frombuffer(b.DataAsNumpy().tobytes(), dtype=NP_TYPES[t.Type()])
        return arr.reshape(self.shape(i)) if self.shape(i) else arr.reshape(())

    def add_init(self, base, arr):
        name = self.fresh(base)
        self.inits[name] = arr
        return name

    def node(self, op, inputs, outputs, **attrs):
        self.nodes.append(helper.make_node(op, inputs, outputs, name=self.fresh(op), **attrs))

    def const(self, i):
        """NumPy value of a constant TFLite tensor (DEQUANTIZE already folded)."""
        if i in self.consts:
            return self.consts[i]
        d = self.buffer_data(i)
        if d is None:
            raise ValueError(f"tensor {self.tname(i)} is not constant")
        self.consts[i] = d
        return d

    def value(self, i):
        """ONNX name of a TFLite tensor; constants are materialised in NCHW for 4-D."""
        if i in self.onnx_name:
            return self.onnx_name[i]
        c = self.const(i).astype(np.float32)
        if c.ndim == 4:
            c = c.transpose(0, 3, 1, 2)
        name = self.add_init(self.tname(i), c)
        self.onnx_name[i] = name
        return name

    def out(self, op, k=0):
        i = op.Outputs(k)
        name = self.tname(i)
        self.onnx_name[i] = name
        return name

    def activation(self, name_in, act, final_name):
        if act == ACT.NONE:
            return name_in
        if act == ACT.RELU:
            self.node("Relu", [name_in], [final_name])
        elif act == ACT.RELU6:
            lo = self.add_init("zero", np.array(0.0, np.float32))
            hi = self.add_init("six", np.array(6.0, np.float32))
            self.node("Clip", [name_in, lo, hi], [final_name])
        else:
            raise NotImplementedError(f"fused activation {act}")
        return final_name

    @staticmethod
    def same_pads(in_hw, k_hw, s_hw, d_hw):
        """TF 'SAME' padding as explicit ONNX pads [top, left, bottom, right]."""
        begin, end = [], []
        for i, k, s, d in zip(in_hw, k_hw, s_hw, d_hw):
            ke = (k - 1) * d + 1
            o = -(-i // s)
            total = max((o - 1) * s + ke - i, 0)
            begin.append(total // 2)
            end.append(total - total // 2)
        return begin + end

    # ---- operator translations ----------------------------------------
    def conv(self, op, depthwise):
        x, w, b = op.Inputs(0), op.Inputs(1), op.Inputs(2)
        o = (tflite.DepthwiseConv2DOptions if depthwise else tflite.Conv2DOptions)()
        opt = op.BuiltinOptions()
        o.Init(opt.Bytes, opt.Pos)
        W = self.const(w).astype(np.float32)            # [O,KH,KW,I] or [1,KH,KW,C*M]
        in_shape = self.shape(x)                        # NHWC
        if depthwise:
            cin = in_shape[3]
            Wo = W.transpose(3, 0, 1, 2)                # [C*M,1,KH,KW]
            group = cin
        else:
            Wo = W.transpose(0, 3, 1, 2)                # [O,I,KH,KW]
            group = 1
        kh, kw = W.shape[1], W.shape[2]
        strides = [o.StrideH(), o.StrideW()]
        dil = [o.DilationHFactor(), o.DilationWFactor()]
        if o.Padding() == tflite.Padding.SAME:
            pads = self.same_pads(in_shape[1:3], [kh, kw], strides, dil)
        else:
            pads = [0, 0, 0, 0]
        inputs = [self.value(x), self.add_init(self.tname(w), Wo)]
        if b >= 0:
            inputs.append(self.add_init(self.tname(b), self.const(b).astype(np.float32)))
        final = self.out(op)
        act = o.FusedActivationFunction()
        mid = final if act == ACT.NONE else self.fresh(final + "_pre_act")
        self.node("Conv", inputs, [mid], kernel_shape=[kh, kw], strides=strides,
                  dilations=dil, pads=pads, group=group)
        self.activation(mid, act, final)

    def add(self, op):
        o = tflite.AddOptions()
        opt = op.BuiltinOptions()
        o.Init(opt.Bytes, opt.Pos)
        a, b = op.Inputs(0), op.Inputs(1)
        if self.shape(a) != self.shape(b):
            raise NotImplementedError("ADD with broadcasting")
        final = self.out(op)
        act = o.FusedActivationFunction()
        mid = final if act == ACT.NONE else self.fresh(final + "_pre_act")
        self.node("Add", [self.value(a), self.value(b)], [mid])
        self.activation(mid, act, final)

    def prelu(self, op):
        x, alpha = op.Inputs(0), op.Inputs(1)
        al = self.const(alpha).astype(np.float32)
        c = self.shape(x)[-1]
        if al.size != c:
            raise NotImplementedError(f"PRELU alpha shape {al.shape}")
        al = al.reshape(c, 1, 1)                        # broadcast over NCHW
        self.node("PRelu", [self.value(x), self.add_init(self.tname(alpha), al)], [self.out(op)])

    def pad(self, op):
        x, p = op.Inputs(0), op.Inputs(1)
        P = self.const(p).astype(np.int64)              # [4,2] in NHWC order
        if P.shape != (4, 2):
            raise NotImplementedError("PAD on non-4-D tensor")
        nchw = P[[0, 3, 1, 2]]
        pads = np.concatenate([nchw[:, 0], nchw[:, 1]]).astype(np.int64)
        self.node("Pad", [self.value(x), self.add_init("pads", pads)], [self.out(op)], mode="constant")

    def maxpool(self, op):
        o = tflite.Pool2DOptions()
        opt = op.BuiltinOptions()
        o.Init(opt.Bytes, opt.Pos)
        x = op.Inputs(0)
        k = [o.FilterHeight(), o.FilterWidth()]
        s = [o.StrideH(), o.StrideW()]
        pads = self.same_pads(self.shape(x)[1:3], k, s, [1, 1]) if o.Padding() == tflite.Padding.SAME else [0] * 4
        final = self.out(op)
        act = o.FusedActivationFunction()
        mid = final if act == ACT.NONE else self.fresh(final + "_pre_act")
        self.node("MaxPool", [self.value(x)], [mid], kernel_shape=k, strides=s, pads=pads)
        self.activation(mid, act, final)

    def relu(self, op):
        self.node("Relu", [self.value(op.Inputs(0))], [self.out(op)])

    def reshape(self, op):
        x = op.Inputs(0)
        src = self.value(x)
        if len(self.shape(x)) == 4:                     # back to NHWC before flattening
            t = self.fresh(self.tname(x) + "_nhwc")
            self.node("Transpose", [src], [t], perm=[0, 2, 3, 1])
            src = t
        new_shape = np.array(self.shape(op.Outputs(0)), np.int64)
        out_name = self.out(op)
        self.node("Reshape", [src, self.add_init("shape", new_shape)], [out_name])
        if len(new_shape) == 4:                         # keep the NCHW invariant
            raise NotImplementedError("RESHAPE to 4-D")

    def concat(self, op):
        o = tflite.ConcatenationOptions()
        opt = op.BuiltinOptions()
        o.Init(opt.Bytes, opt.Pos)
        ins = [op.Inputs(k) for k in range(op.InputsLength())]
        rank = len(self.shape(ins[0]))
        axis = o.Axis() % rank
        if rank == 4:
            axis = [0, 2, 3, 1][axis]
        final = self.out(op)
        act = o.FusedActivationFunction()
        mid = final if act == ACT.NONE else self.fresh(final + "_pre_act")
        self.node("Concat", [self.value(i) for i in ins], [mid], axis=axis)
        self.activation(mid, act, final)

    def dequantize(self, op):
        i, o = op.Inputs(0), op.Outputs(0)
        src = self.tensor(i)
        if src.Type() != TT.FLOAT16 or self.buffer_data(i) is None:
            raise NotImplementedError("DEQUANTIZE of a non-constant or non-float16 tensor")
        self.consts[o] = self.buffer_data(i).astype(np.float32)   # exact fp16 -> fp32

    # ---- driver --------------------------------------------------------
    def run(self):
        g = self.g
        graph_inputs, graph_outputs = [], []
        for k in range(g.InputsLength()):
            i = g.Inputs(k)
            name = self.tname(i)
            graph_inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, self.shape(i)))
            nchw = name + "_nchw"
            self.node("Transpose", [name], [nchw], perm=[0, 3, 1, 2])
            self.onnx_name[i] = nchw
        handlers = {
            "CONV_2D": lambda op: self.conv(op, False),
            "DEPTHWISE_CONV_2D": lambda op: self.conv(op, True),
            "ADD": self.add, "PRELU": self.prelu, "PAD": self.pad,
            "MAX_POOL_2D": self.maxpool, "RELU": self.relu, "RESHAPE": self.reshape,
            "CONCATENATION": self.concat, "DEQUANTIZE": self.dequantize,
        }
        for n in range(g.OperatorsLength()):
            op = g.Operators(n)
            oc = self.model.OperatorCodes(op.OpcodeIndex())
            code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
            name = BUILTIN_NAMES.get(code, str(code))
            if name not in handlers:
                raise NotImplementedError(f"TFLite operator {name}")
            handlers[name](op)
        for k in range(g.OutputsLength()):
            i = g.Outputs(k)
            name = self.tname(i)
            shape = self.shape(i)
            internal = self.onnx_name[i]
            if len(shape) == 4:
                # rename the producing node's output, then transpose NCHW -> NHWC
                tmp = name + "_nchw"
                for nd in self.nodes:
                    for j, o in enumerate(nd.output):
                        if o == internal:
                            nd.output[j] = tmp
                    for j, o in enumerate(nd.input):
                        if o == internal:
                            nd.input[j] = tmp
                self.node("Transpose", [tmp], [name], perm=[0, 2, 3, 1])
            graph_outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
        inits = [numpy_helper.from_array(v, k) for k, v in self.inits.items()]
        graph = helper.make_graph(self.nodes, self.doc, graph_inputs, graph_outputs, inits)
        model = helper.make_model(graph, producer_name="afterglow-convert.py",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 8
        model.doc_string = self.doc
        onnx.checker.check_model(model, full_check=True)
        return model


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    wheel = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "models"
    os.makedirs(out_dir, exist_ok=True)
    wbytes = open(wheel, "rb").read()
    h = sha256(wbytes)
    print(f"wheel {os.path.basename(wheel)} sha256={h}")
    if h != EXPECTED_SHA256["wheel"]:
        print("WARNING: wheel hash differs from the recorded one")
    with zipfile.ZipFile(wheel) as z:
        lic = z.read(LICENSE_MEMBER)
        open(os.path.join(out_dir, "LICENSE.mediapipe"), "wb").write(lic)
        for fname, member in MEMBERS.items():
            data = z.read(member)
            hh = sha256(data)
            status = "ok" if hh == EXPECTED_SHA256[fname] else "MISMATCH"
            print(f"{fname} sha256={hh} ({status})")
            if status != "ok":
                sys.exit("refusing to convert an unexpected model file")
            open(os.path.join(out_dir, fname), "wb").write(data)
            doc = (f"Converted from {member} in mediapipe==0.10.14 (Apache-2.0), "
                   f"tflite sha256 {hh}, by convert.py")
            model = Converter(data, doc).run()
            onnx_path = os.path.join(out_dir, fname.replace(".tflite", ".onnx"))
            onnx.save(model, onnx_path)
            ob = open(onnx_path, "rb").read()
            print(f"  -> {onnx_path} ({len(ob)} bytes, {len(model.graph.node)} nodes, "
                  f"sha256={sha256(ob)})")


if __name__ == "__main__":
    main()
