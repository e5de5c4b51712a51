#!/usr/bin/env python3
"""Generates the ONNX model zoo the importer and end-to-end tests run on.

    /usr/bin/python3 scripts/gen_model_zoo.py [--out build/models] \
        [--opsets 13 17] [--only resnet18 bert_encoder ...] [--list]

Needs Debian's python3-torch (1.13), python3-torchvision (0.14), python3-onnx
and numpy (hence /usr/bin/python3: another python3 first on PATH may not see
them). No network: every model is randomly initialised (weights=None) from a
fixed seed, so the files are reproducible, not downloaded. The quantized
models (qdq_cnn, qlinear_cnn, integer_ops) are built with onnx.helper and need
only onnx and numpy.

For every model and opset it writes

    <out>/<name>_opset<N>.onnx
    <out>/<name>_opset<N>/<input name>.npy    one per graph input (the sample)
    <out>/<name>_opset<N>/<output name>.npy   one per graph output (reference)
    <out>/<name>_opset<N>/manifest.json       names, shapes, dtypes, op types
                                              with counts, checks, file sizes
and finally <out>/index.json summarising every manifest in <out>.

Reference outputs come from torch (eager, fp32, model.eval()) for the torch
models and from the numpy evaluator of ONNX semantics in this file for the
quantized ones; each manifest says which ("reference" key). Every file is
checked with onnx.checker.check_model(full_check=True), and the per-model
properties the zoo exists for (BatchNormalization kept or folded,
LayerNormalization at opset 17 and decomposed at 13, the YOLO op mix, the
symbolic batch dimension) are asserted: a failed expectation is an error.

The outputs are generated on demand into build/ and never committed
(ResNet-50 is ~100 MB per opset).
"""

import argparse
import hashlib
import json
import math
import os
import re
import sys
import time
import warnings
import zlib
from collections import Counter

try:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as e:  # pragma: no cover
    sys.exit(f"gen_model_zoo.py: {e}; needs numpy and onnx: run it with /usr/bin/python3 "
             "(Debian's python3-numpy, python3-onnx)")

DEFAULT_OPSETS = (13, 17)
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------

def seed_of(key):
    """A stable 31-bit seed per model family (same on every machine)."""
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


def image_input(seed, shape=(1, 3, 224, 224)):
    return np.random.default_rng(seed).standard_normal(shape, dtype=np.float32)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_torch():
    try:
        import torch
        import torchvision  # noqa: F401
    except ImportError as e:
        sys.exit(f"gen_model_zoo.py: {e}; the torch models need torch 1.13 and "
                 "torchvision 0.14: run with /usr/bin/python3 (python3-torch, "
                 "python3-torchvision)")
    return torch


def op_counts(model):
    c = Counter()
    for n in model.graph.node:
        c[n.op_type if n.domain in ("", "ai.onnx") else f"{n.domain}::{n.op_type}"] += 1
    return dict(sorted(c.items()))


def value_info_desc(vi):
    t = vi.type.tensor_type
    dims = []
    for d in t.shape.dim:
        dims.append(d.dim_param if d.HasField("dim_param") else d.dim_value)
    return {"name": vi.name,
            "elem_type": TensorProto.DataType.Name(t.elem_type).lower(),
            "shape": dims}


def np_dtype(elem_type):
    if hasattr(helper, "tensor_dtype_to_np_dtype"):  # onnx >= 1.13
        return np.dtype(helper.tensor_dtype_to_np_dtype(elem_type))
    return np.dtype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[elem_type])


class ExpectationError(RuntimeError):
    pass


def expect(cond, msg):
    if not cond:
        raise ExpectationError(msg)


# ----------------------------------------------------------------------------
# Torch model families
# ----------------------------------------------------------------------------

def torchvision_model(name):
    def build(torch):
        import torchvision
        return getattr(torchvision.models, name)(weights=None)
    return build


PERTURB_NOTE = ("Random init leaves BatchNorm an identity (mean 0, var 1, gamma 1, beta 0), "
                "LayerNorm gamma 1 / beta 0 and many biases 0 (which torch would then "
                "deduplicate into Identity nodes); these were given seeded non-trivial values "
                "after construction (BN mean N(0,0.1), var U(1,1.5), gamma U(0.8,1.2), beta "
                "N(0,0.1); LN gamma U(0.8,1.2), beta N(0,0.1); all-zero Conv/Linear biases "
                "N(0,0.05)) so that folded Conv biases and LN affine parameters are "
                "non-zero; var >= 1 keeps deep residual nets from growing (resnet50 peak "
                "activation ~50).")


def perturb_init(torch, model):
    """See PERTURB_NOTE: makes the parameters a compiler could wrongly drop
    (BN statistics and affine, LN affine, biases) non-trivial."""
    nn = torch.nn
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, nn.modules.batchnorm._BatchNorm) and mod.track_running_stats:
                mod.running_mean.normal_(0.0, 0.1)
                mod.running_var.uniform_(1.0, 1.5)
                if mod.affine:
                    mod.weight.uniform_(0.8, 1.2)
                    mod.bias.normal_(0.0, 0.1)
            elif isinstance(mod, nn.LayerNorm) and mod.elementwise_affine:
                mod.weight.uniform_(0.8, 1.2)
                mod.bias.normal_(0.0, 0.1)
            elif (isinstance(mod, (nn.Conv2d, nn.Linear)) and mod.bias is not None
                  and not bool(mod.bias.any())):
                mod.bias.normal_(0.0, 0.05)
    return model


def build_bn_cnn(torch):
    """conv-bn-relu x3, maxpool, global pool, linear; BN statistics and
    affine parameters randomised so that folding them into Conv matters."""
    nn = torch.nn

    class SmallBNCNN(nn.Module):
        def __init__(self):
            super().__init__()
            chans = [(3, 16, False), (16, 32, True), (32, 32, False)]
            layers = []
            for i, (cin, cout, bias) in enumerate(chans):
                layers += [nn.Conv2d(cin, cout, 3, stride=1 if i == 0 else 2,
                                     padding=1, bias=bias),
                           nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
            self.features = nn.Sequential(*layers)
            self.pool = nn.MaxPool2d(2)
            self.gap = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(32, 10)

        def forward(self, x):
            x = self.gap(self.pool(self.features(x)))
            return self.fc(torch.flatten(x, 1))

    m = SmallBNCNN()
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d):
                c = mod.num_features
                mod.running_mean.copy_(torch.randn(c) * 0.5)
                mod.running_var.copy_(torch.rand(c) * 1.5 + 0.5)
                mod.weight.copy_(torch.rand(c) + 0.5)
                mod.bias.copy_(torch.randn(c) * 0.2)
    return m


BERT_VOCAB, BERT_HIDDEN, BERT_HEADS, BERT_LAYERS, BERT_FFN = 1000, 256, 4, 2, 1024
BERT_SEQ, BERT_MAX_POS = 128, 512


def build_bert_encoder(torch):
    """BERT-style post-LN encoder in plain torch.nn (no transformers)."""
    nn = torch.nn
    F = torch.nn.functional

    class SelfAttention(nn.Module):
        def __init__(self, hidden, heads):
            super().__init__()
            self.heads, self.head_dim = heads, hidden // heads
            self.query = nn.Linear(hidden, hidden)
            self.key = nn.Linear(hidden, hidden)
            self.value = nn.Linear(hidden, hidden)
            self.out = nn.Linear(hidden, hidden)

        def split(self, t):  # [B, L, H] -> [B, heads, L, head_dim]
            b, l, _ = t.shape
            return t.reshape(b, l, self.heads, self.head_dim).transpose(1, 2)

        def forward(self, x):
            b, l, h = x.shape
            q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
            probs = torch.softmax(scores, dim=-1)
            ctx = torch.matmul(probs, v).transpose(1, 2).reshape(b, l, h)
            return self.out(ctx)

    class EncoderLayer(nn.Module):
        def __init__(self, hidden, heads, ffn):
            super().__init__()
            self.attention = SelfAttention(hidden, heads)
            self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
            self.intermediate = nn.Linear(hidden, ffn)
            self.output = nn.Linear(ffn, hidden)
            self.output_norm = nn.LayerNorm(hidden, eps=1e-12)

        def forward(self, x):
            x = self.attention_norm(x + self.attention(x))
            y = self.output(F.gelu(self.intermediate(x)))  # erf GELU
            return self.output_norm(x + y)

    class BertEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.word_embeddings = nn.Embedding(BERT_VOCAB, BERT_HIDDEN)
            self.position_embeddings = nn.Embedding(BERT_MAX_POS, BERT_HIDDEN)
            self.embedding_norm = nn.LayerNorm(BERT_HIDDEN, eps=1e-12)
            self.layers = nn.ModuleList(
                EncoderLayer(BERT_HIDDEN, BERT_HEADS, BERT_FFN) for _ in range(BERT_LAYERS))

        def forward(self, input_ids):
            # Position ids derived from the input (as RoBERTa does), so that the
            # position-embedding Gather survives constant folding instead of
            # becoming a [1, 128, 256] constant.
            position_ids = torch.cumsum(torch.ones_like(input_ids), dim=1) - 1
            x = self.word_embeddings(input_ids) + self.position_embeddings(position_ids)
            x = self.embedding_norm(x)
            for layer in self.layers:
                x = layer(x)
            return x

    return BertEncoder()


YOLO_ANCHORS = {16: [(10, 14), (23, 27), (37, 58)], 8: [(81, 82), (135, 169), (344, 319)]}
YOLO_CLASSES = 4


def build_yolo_detector(torch):
    """A small YOLOv3-tiny-like detector with the decode step in the graph."""
    nn = torch.nn

    def cbl(cin, cout, k, s):
        return nn.Sequential(nn.Conv2d(cin, cout, k, s, k // 2, bias=False),
                             nn.BatchNorm2d(cout), nn.LeakyReLU(0.1))

    class Decode(nn.Module):
        def __init__(self, stride, anchors, nc):
            super().__init__()
            self.stride, self.na, self.no = stride, len(anchors), nc + 5
            self.register_buffer("anchors", torch.tensor(anchors, dtype=torch.float32))

        def forward(self, p):
            bs, _, ny, nx = p.shape
            # [bs, na*no, ny, nx] -> [bs, na, ny, nx, no]
            p = p.reshape(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2)
            # Cell grid built from the feature-map shape inside forward.
            yv, xv = torch.meshgrid(torch.arange(ny), torch.arange(nx), indexing="ij")
            grid = torch.stack((xv, yv), dim=2).unsqueeze(0).unsqueeze(0).float()
            anchor_grid = self.anchors.reshape(1, self.na, 1, 1, 2).expand(
                bs, self.na, ny, nx, 2)
            xy = (torch.sigmoid(p[..., 0:2]) + grid) * self.stride
            wh = torch.exp(p[..., 2:4]) * anchor_grid
            conf = torch.sigmoid(p[..., 4:])
            return torch.cat((xy, wh, conf), dim=-1).reshape(bs, -1, self.no)

    class YoloDetector(nn.Module):
        def __init__(self, nc=YOLO_CLASSES):
            super().__init__()
            no = 3 * (nc + 5)
            self.stem = nn.Sequential(cbl(3, 16, 3, 1), cbl(16, 32, 3, 2),
                                      cbl(32, 64, 3, 2), cbl(64, 128, 3, 2))  # /8
            self.down = cbl(128, 256, 3, 2)                                  # /16
            self.lateral = cbl(256, 128, 1, 1)
            self.upsample = nn.Upsample(scale_factor=2, mode="nearest")
            self.merge = cbl(256, 128, 3, 1)
            self.head16 = nn.Conv2d(128, no, 1)
            self.head8 = nn.Conv2d(128, no, 1)
            self.decode16 = Decode(16, YOLO_ANCHORS[8], nc)
            self.decode8 = Decode(8, YOLO_ANCHORS[16], nc)

        def forward(self, x):
            p8 = self.stem(x)
            lat = self.lateral(self.down(p8))
            p8 = self.merge(torch.cat((self.upsample(lat), p8), dim=1))
            return torch.cat((self.decode8(self.head8(p8)),
                              self.decode16(self.head16(lat))), dim=1)

    return YoloDetector()


# ----------------------------------------------------------------------------
# Per-model expectations on the exported graph (raise ExpectationError)
# ----------------------------------------------------------------------------

def bn_kept_check(count):
    """A check that the graph has `count` BatchNormalization nodes, all in
    inference form: one output (no running statistics), training_mode 0 where
    the opset has the attribute (>= 14), scale, bias, mean and variance
    initializers."""
    def check(model, opset, ops):
        bns = [n for n in model.graph.node if n.op_type == "BatchNormalization"]
        expect(len(bns) == count,
               f"expected {count} BatchNormalization nodes, found {len(bns)}")
        inits = {i.name for i in model.graph.initializer}
        for n in bns:
            expect(len(n.output) == 1,
                   f"BatchNormalization {n.name} exported with training outputs")
            for a in n.attribute:
                if a.name == "training_mode":
                    expect(a.i == 0, f"BatchNormalization {n.name} exported in training mode")
            expect(len(n.input) == 5 and all(i in inits for i in n.input[1:]),
                   f"BatchNormalization {n.name}: statistics are not initializers")
        return {"batchnorm_nodes": len(bns),
                "batchnorm_form": "inference (one output, training_mode 0 or absent, "
                                  "statistics as initializers)"}
    return check


check_bn_kept = bn_kept_check(3)


def check_bn_folded(model, opset, ops):
    expect("BatchNormalization" not in ops, "BatchNormalization was not folded")
    return {"batchnorm_nodes": 0}


def check_bert(model, opset, ops):
    ln = ops.get("LayerNormalization", 0)
    if opset >= 17:
        expect(ln == 2 * BERT_LAYERS + 1,
               f"opset {opset}: expected {2 * BERT_LAYERS + 1} LayerNormalization, got {ln}")
        expect("ReduceMean" not in ops, "opset 17: LayerNorm still decomposed")
        form = "LayerNormalization"
    else:
        expect(ln == 0, f"opset {opset} has no LayerNormalization, found {ln}")
        for op in ("ReduceMean", "Sub", "Pow", "Sqrt", "Div"):
            expect(op in ops, f"opset {opset}: decomposed LayerNorm lacks {op}")
        form = "decomposed (ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add)"
    expect("Erf" in ops, "GELU is not the erf form")
    # Word and position embeddings are both Gathers of initializers.
    inits = {i.name for i in model.graph.initializer}
    emb = [n for n in model.graph.node if n.op_type == "Gather" and n.input[0] in inits]
    expect(len(emb) >= 2, f"expected word + position embedding Gathers, found {len(emb)}")
    return {"layer_norm": form, "embedding_gathers": len(emb),
            "softmax_nodes": ops.get("Softmax", 0)}


YOLO_REQUIRED = ("LeakyRelu", "Resize", "Concat", "Slice", "Sigmoid", "Exp", "Expand",
                 "Unsqueeze", "Cast", "Reshape", "Transpose")


def check_yolo(model, opset, ops):
    missing = [op for op in YOLO_REQUIRED if op not in ops]
    expect(not missing, f"YOLO graph lacks {missing}")
    return {"required_ops_present": list(YOLO_REQUIRED)}


def check_symbolic(model, opset, ops):
    for vi in list(model.graph.input) + list(model.graph.output):
        d0 = vi.type.tensor_type.shape.dim[0]
        expect(d0.dim_param == "batch", f"{vi.name}: dim 0 is not symbolic 'batch'")
    return {"symbolic_dims": {"input": {"0": "batch"}, "output": {"0": "batch"}}}


def check_no_bn(model, opset, ops):
    expect("BatchNormalization" not in ops, "unexpected BatchNormalization")
    return {}


# ----------------------------------------------------------------------------
# Numpy evaluator of the ONNX ops the quantized models use
# ----------------------------------------------------------------------------

def _pads4(pads):
    pads = list(pads) if pads else [0, 0, 0, 0]
    return pads[0], pads[1], pads[2], pads[3]  # top, left, bottom, right


def conv2d(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), group=1,
           acc=np.float64):
    """NCHW convolution (ONNX Conv semantics) accumulated in `acc` (float64 or
    int64, exact for the sizes here)."""
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    pt, pl, pb, pr = _pads4(pads)
    sh, sw = strides
    dh, dw = dilations
    x = np.pad(x.astype(acc), ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    ho = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    wo = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    w = w.astype(acc)
    mg = m // group
    out = np.empty((n, m, ho, wo), dtype=acc)
    for g in range(group):
        xg = x[:, g * cg:(g + 1) * cg]
        cols = np.empty((n, cg, kh, kw, ho, wo), dtype=acc)
        for i in range(kh):
            for j in range(kw):
                cols[:, :, i, j] = xg[:, :, i * dh:i * dh + sh * (ho - 1) + 1:sh,
                                      j * dw:j * dw + sw * (wo - 1) + 1:sw]
        wg = w[g * mg:(g + 1) * mg].reshape(mg, -1)
        out[:, g * mg:(g + 1) * mg] = np.einsum(
            "mk,nkp->nmp", wg, cols.reshape(n, cg * kh * kw, ho * wo)).reshape(n, mg, ho, wo)
    if b is not None:
        out += b.astype(acc).reshape(1, -1, 1, 1)
    return out


def _per_axis(v, ndim, axis):
    v = np.asarray(v)
    if v.ndim == 0 or v.size == 1:
        return v.reshape(())
    shape = [1] * ndim
    shape[axis] = v.size
    return v.reshape(shape)


def quantize_linear(x, scale, zp=None, axis=1):
    """QuantizeLinear-13: saturate(round_half_even(x / scale) + zp); the
    division in float32 as x and scale are float32."""
    dtype = zp.dtype if zp is not None else np.uint8
    s = _per_axis(scale, x.ndim, axis).astype(np.float32)
    q = np.rint(x.astype(np.float32) / s).astype(np.int64)
    if zp is not None:
        q = q + _per_axis(zp, x.ndim, axis).astype(np.int64)
    info = np.iinfo(dtype)
    return np.clip(q, info.min, info.max).astype(dtype)


def dequantize_linear(x, scale, zp=None, axis=1):
    """DequantizeLinear-13: (x - zp) * scale in float32."""
    v = x.astype(np.int64)
    if zp is not None:
        v = v - _per_axis(zp, x.ndim, axis).astype(np.int64)
    s = _per_axis(scale, x.ndim, axis).astype(np.float32)
    return (v.astype(np.float32) * s).astype(np.float32)


def requantize(acc, multiplier, zp, dtype, axis):
    """acc (int) * (float32 multiplier, per tensor or per `axis`) + zp, then
    round half to even and saturate -- the ONNX reference's QLinearConv /
    QLinearMatMul, which scales in float64 the float32 product
    x_scale * w_scale / y_scale."""
    r = acc.astype(np.float64) * _per_axis(multiplier, acc.ndim, axis).astype(np.float64)
    r = np.rint(r + np.int64(zp))
    info = np.iinfo(dtype)
    return np.clip(r, info.min, info.max).astype(dtype)


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _conv_attrs(a):
    return dict(strides=tuple(a.get("strides", (1, 1))), pads=a.get("pads", (0, 0, 0, 0)),
                dilations=tuple(a.get("dilations", (1, 1))), group=a.get("group", 1))


def _zero_shift(w, zp, axis):
    v = w.astype(np.int64)
    return v if zp is None else v - _per_axis(zp, w.ndim, axis).astype(np.int64)


def _opt(inputs, i):
    return inputs[i] if len(inputs) > i and inputs[i] is not None else None


def run_numpy(model, feeds):
    """Evaluates `model` node by node with the numpy ops above. Only the ops
    the quantized models use are implemented; anything else is an error."""
    env = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    env.update(feeds)
    mismatch = 0  # requantizations whose result depends on float32 vs float64
    for node in model.graph.node:
        ins = [env[n] if n else None for n in node.input]
        a = _attrs(node)
        op = node.op_type
        if op == "QuantizeLinear":
            out = quantize_linear(ins[0], ins[1], _opt(ins, 2), a.get("axis", 1))
        elif op == "DequantizeLinear":
            out = dequantize_linear(ins[0], ins[1], _opt(ins, 2), a.get("axis", 1))
        elif op == "Conv":
            out = conv2d(ins[0], ins[1], _opt(ins, 2), **_conv_attrs(a)).astype(np.float32)
        elif op == "Relu":
            out = np.maximum(ins[0], 0).astype(ins[0].dtype)
        elif op == "Reshape":
            shape = [d if d != 0 else ins[0].shape[i] for i, d in enumerate(ins[1].tolist())]
            out = ins[0].reshape(shape)
        elif op == "MatMul":
            out = np.matmul(ins[0].astype(np.float64), ins[1].astype(np.float64)).astype(np.float32)
        elif op == "ConvInteger":
            x = _zero_shift(ins[0], _opt(ins, 2), 1)
            w = _zero_shift(ins[1], _opt(ins, 3), 0)
            out = conv2d(x, w, None, acc=np.int64, **_conv_attrs(a)).astype(np.int32)
        elif op == "MatMulInteger":
            x = _zero_shift(ins[0], _opt(ins, 2), 1)
            w = _zero_shift(ins[1], _opt(ins, 3), 1)  # per-column zero points
            out = np.matmul(x, w).astype(np.int32)
        elif op == "QLinearConv":
            x, xs, xz, w, ws, wz, ys, yz = ins[:8]
            acc = conv2d(_zero_shift(x, xz, 1), _zero_shift(w, wz, 0), _opt(ins, 8),
                         acc=np.int64, **_conv_attrs(a))
            mult = (xs.astype(np.float32) * ws.astype(np.float32)) / ys.astype(np.float32)
            out = requantize(acc, mult, yz, yz.dtype, axis=1)
            f32 = np.clip(np.rint(acc.astype(np.float32) * _per_axis(mult, 4, 1) + np.float32(yz)),
                          np.iinfo(yz.dtype).min, np.iinfo(yz.dtype).max).astype(yz.dtype)
            mismatch += int(np.count_nonzero(f32 != out))
        elif op == "QLinearMatMul":
            a_, as_, az, b, bs, bz, ys, yz = ins
            acc = np.matmul(_zero_shift(a_, az, 1), _zero_shift(b, bz, 1))
            mult = (as_.astype(np.float32) * bs.astype(np.float32)) / ys.astype(np.float32)
            out = requantize(acc, mult, yz, yz.dtype, axis=acc.ndim - 1)
            f32 = np.clip(np.rint(acc.astype(np.float32) * _per_axis(mult, acc.ndim, acc.ndim - 1)
                                  + np.float32(yz)),
                          np.iinfo(yz.dtype).min, np.iinfo(yz.dtype).max).astype(yz.dtype)
            mismatch += int(np.count_nonzero(f32 != out))
        else:
            raise NotImplementedError(f"numpy evaluator: {op}")
        env[node.output[0]] = out
    return [env[o.name] for o in model.graph.output], mismatch


# ----------------------------------------------------------------------------
# Quantized model families (onnx.helper)
# ----------------------------------------------------------------------------

QCNN_INPUT = (1, 3, 32, 32)
# (out channels, stride) of the three 3x3 pad-1 convs, then a 10-way classifier
QCNN_LAYERS = [(8, 1), (16, 2), (16, 2)]
QCNN_CLASSES = 10


def asym_u8(lo, hi):
    """uint8 affine params covering [min(lo, 0), max(hi, 0)]."""
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    scale = np.float32((hi - lo) / 255.0) if hi > lo else np.float32(1.0)
    zp = np.uint8(np.clip(np.rint(-lo / float(scale)), 0, 255))
    return scale, zp


def sym_i8_per_channel(w):
    """Symmetric int8 per-output-channel (axis 0) weight quantization."""
    amax = np.abs(w.reshape(w.shape[0], -1)).max(axis=1)
    scale = (np.where(amax > 0, amax, 1.0) / 127.0).astype(np.float32)
    q = np.clip(np.rint(w / scale.reshape(-1, *([1] * (w.ndim - 1)))), -127, 127).astype(np.int8)
    return q, scale


class QCNNParams:
    """Float weights (seeded), their int8 quantization, and activation
    scales calibrated by a float64 numpy forward pass on the sample input."""

    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        self.x = image_input(seed, QCNN_INPUT)
        self.convs = []
        cin, hw = QCNN_INPUT[1], QCNN_INPUT[2]
        for cout, stride in QCNN_LAYERS:
            w = rng.standard_normal((cout, cin, 3, 3)) * math.sqrt(2.0 / (cin * 9))
            w = w.astype(np.float32)
            b = (rng.standard_normal(cout) * 0.1).astype(np.float32)
            self.convs.append(dict(w=w, b=b, stride=stride))
            cin, hw = cout, (hw - 1) // stride + 1
        self.flat = cin * hw * hw
        self.fc = rng.standard_normal((self.flat, QCNN_CLASSES)) / math.sqrt(self.flat)
        self.fc = self.fc.astype(np.float32)

        # Calibration: float forward pass.
        self.in_scale, self.in_zp = asym_u8(self.x.min(), self.x.max())
        act = self.x.astype(np.float64)
        for L in self.convs:
            act = np.maximum(conv2d(act, L["w"], L["b"], (L["stride"],) * 2, (1, 1, 1, 1)), 0)
            L["y_scale"], L["y_zp"] = asym_u8(act.min(), act.max())
        logits = act.reshape(1, -1) @ self.fc.astype(np.float64)
        self.out_scale, self.out_zp = asym_u8(logits.min(), logits.max())
        self.float_logits = logits.astype(np.float32)

        # Weight and bias quantization. The bias is int32 at scale
        # x_scale * w_scale; the QDQ model's float bias is that value
        # dequantized, so both models are the same quantized network.
        x_scale = self.in_scale
        for L in self.convs:
            L["wq"], L["w_scale"] = sym_i8_per_channel(L["w"])
            bscale = (np.float32(x_scale) * L["w_scale"]).astype(np.float32)
            L["bq"] = np.rint(L["b"] / bscale).astype(np.int32)
            L["b_deq"] = (L["bq"].astype(np.float32) * bscale).astype(np.float32)
            x_scale = L["y_scale"]
        amax = float(np.abs(self.fc).max())
        self.fc_scale = np.float32(amax / 127.0)
        self.fc_q = np.clip(np.rint(self.fc / self.fc_scale), -127, 127).astype(np.int8)


def _t(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def _scalar(name, v, dtype):
    return numpy_helper.from_array(np.array(v, dtype=dtype), name)


def build_qdq_cnn(opset, seed):
    P = QCNNParams(seed)
    nodes, inits = [], []
    inits += [_scalar("input_scale", P.in_scale, np.float32),
              _scalar("input_zero_point", P.in_zp, np.uint8)]
    nodes += [helper.make_node("QuantizeLinear", ["input", "input_scale", "input_zero_point"],
                               ["input_q"], name="input_quantize"),
              helper.make_node("DequantizeLinear", ["input_q", "input_scale", "input_zero_point"],
                               ["input_dq"], name="input_dequantize")]
    x = "input_dq"
    for i, L in enumerate(P.convs, 1):
        c = f"conv{i}"
        inits += [_t(f"{c}.weight_q", L["wq"]), _t(f"{c}.weight_scale", L["w_scale"]),
                  _t(f"{c}.weight_zero_point", np.zeros(len(L["w_scale"]), np.int8)),
                  _t(f"{c}.bias", L["b_deq"]),
                  _scalar(f"{c}.out_scale", L["y_scale"], np.float32),
                  _scalar(f"{c}.out_zero_point", L["y_zp"], np.uint8)]
        nodes += [
            helper.make_node("DequantizeLinear",
                             [f"{c}.weight_q", f"{c}.weight_scale", f"{c}.weight_zero_point"],
                             [f"{c}.weight_dq"], name=f"{c}/weight_dequantize", axis=0),
            helper.make_node("Conv", [x, f"{c}.weight_dq", f"{c}.bias"], [f"{c}.conv"],
                             name=f"{c}/Conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                             strides=[L["stride"]] * 2),
            helper.make_node("Relu", [f"{c}.conv"], [f"{c}.relu"], name=f"{c}/Relu"),
            helper.make_node("QuantizeLinear",
                             [f"{c}.relu", f"{c}.out_scale", f"{c}.out_zero_point"],
                             [f"{c}.q"], name=f"{c}/quantize"),
            helper.make_node("DequantizeLinear",
                             [f"{c}.q", f"{c}.out_scale", f"{c}.out_zero_point"],
                             [f"{c}.dq"], name=f"{c}/dequantize")]
        x = f"{c}.dq"
    inits += [_t("flatten_shape", np.array([1, P.flat], np.int64)),
              _t("fc.weight_q", P.fc_q), _scalar("fc.weight_scale", P.fc_scale, np.float32),
              _scalar("fc.weight_zero_point", 0, np.int8),
              _scalar("output_scale", P.out_scale, np.float32),
              _scalar("output_zero_point", P.out_zp, np.uint8)]
    nodes += [
        helper.make_node("Reshape", [x, "flatten_shape"], ["flat"], name="flatten"),
        helper.make_node("DequantizeLinear",
                         ["fc.weight_q", "fc.weight_scale", "fc.weight_zero_point"],
                         ["fc.weight_dq"], name="fc/weight_dequantize"),
        helper.make_node("MatMul", ["flat", "fc.weight_dq"], ["fc.matmul"], name="fc/MatMul"),
        helper.make_node("QuantizeLinear", ["fc.matmul", "output_scale", "output_zero_point"],
                         ["output_q"], name="output_quantize"),
        helper.make_node("DequantizeLinear", ["output_q", "output_scale", "output_zero_point"],
                         ["output"], name="output_dequantize")]
    graph = helper.make_graph(
        nodes, "qdq_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, list(QCNN_INPUT))],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, QCNN_CLASSES])], inits)
    return graph, {"input": P.x}, P


def build_qlinear_cnn(opset, seed):
    P = QCNNParams(seed)
    nodes, inits = [], []
    inits += [_scalar("input_scale", P.in_scale, np.float32),
              _scalar("input_zero_point", P.in_zp, np.uint8)]
    nodes += [helper.make_node("QuantizeLinear", ["input", "input_scale", "input_zero_point"],
                               ["input_q"], name="input_quantize")]
    x, xs, xz = "input_q", "input_scale", "input_zero_point"
    for i, L in enumerate(P.convs, 1):
        c = f"conv{i}"
        inits += [_t(f"{c}.weight_q", L["wq"]), _t(f"{c}.weight_scale", L["w_scale"]),
                  _t(f"{c}.weight_zero_point", np.zeros(len(L["w_scale"]), np.int8)),
                  _t(f"{c}.bias_q", L["bq"]),
                  _scalar(f"{c}.out_scale", L["y_scale"], np.float32),
                  _scalar(f"{c}.out_zero_point", L["y_zp"], np.uint8)]
        # Relu is implied: the output zero point is 0, so saturation clamps at 0.
        assert int(L["y_zp"]) == 0
        nodes.append(helper.make_node(
            "QLinearConv",
            [x, xs, xz, f"{c}.weight_q", f"{c}.weight_scale", f"{c}.weight_zero_point",
             f"{c}.out_scale", f"{c}.out_zero_point", f"{c}.bias_q"],
            [f"{c}.q"], name=f"{c}/QLinearConv", kernel_shape=[3, 3], pads=[1, 1, 1, 1],
            strides=[L["stride"]] * 2))
        x, xs, xz = f"{c}.q", f"{c}.out_scale", f"{c}.out_zero_point"
    inits += [_t("flatten_shape", np.array([1, P.flat], np.int64)),
              _t("fc.weight_q", P.fc_q), _scalar("fc.weight_scale", P.fc_scale, np.float32),
              _scalar("fc.weight_zero_point", 0, np.int8),
              _scalar("output_scale", P.out_scale, np.float32),
              _scalar("output_zero_point", P.out_zp, np.uint8)]
    nodes += [
        helper.make_node("Reshape", [x, "flatten_shape"], ["flat_q"], name="flatten"),
        helper.make_node("QLinearMatMul",
                         ["flat_q", xs, xz, "fc.weight_q", "fc.weight_scale",
                          "fc.weight_zero_point", "output_scale", "output_zero_point"],
                         ["output_q"],
                         name="fc/QLinearMatMul"),
        helper.make_node("DequantizeLinear", ["output_q", "output_scale", "output_zero_point"],
                         ["output"], name="output_dequantize")]
    graph = helper.make_graph(
        nodes, "qlinear_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, list(QCNN_INPUT))],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, QCNN_CLASSES])], inits)
    return graph, {"input": P.x}, P


INT_CONV_INPUT = (1, 3, 16, 16)
INT_MM_INPUT = (4, 64)


def build_integer_ops(opset, seed):
    rng = np.random.default_rng(seed)
    conv_x = rng.integers(0, 256, INT_CONV_INPUT, dtype=np.uint8)
    mm_a = rng.integers(0, 256, INT_MM_INPUT, dtype=np.uint8)
    conv_w = rng.integers(0, 256, (8, 3, 3, 3), dtype=np.uint8)
    mm_b = rng.integers(-128, 128, (INT_MM_INPUT[1], 16), dtype=np.int8)
    mm_b_zp = rng.integers(-4, 5, (16,), dtype=np.int8)  # per column
    # Per-tensor weight zero point: ONNX allows per-channel for ConvInteger
    # but onnxruntime's CPU kernel rejects it.
    inits = [_t("conv.weight", conv_w), _scalar("conv.input_zero_point", 121, np.uint8),
             _scalar("conv.weight_zero_point", 131, np.uint8),
             _t("matmul.b", mm_b), _scalar("matmul.a_zero_point", 130, np.uint8),
             _t("matmul.b_zero_point", mm_b_zp)]
    nodes = [
        helper.make_node("ConvInteger", ["conv_input", "conv.weight", "conv.input_zero_point",
                                         "conv.weight_zero_point"], ["conv_output"],
                         name="conv/ConvInteger", kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         strides=[1, 1]),
        helper.make_node("MatMulInteger", ["matmul_input", "matmul.b", "matmul.a_zero_point",
                                           "matmul.b_zero_point"], ["matmul_output"],
                         name="matmul/MatMulInteger")]
    graph = helper.make_graph(
        nodes, "integer_ops",
        [helper.make_tensor_value_info("conv_input", TensorProto.UINT8, list(INT_CONV_INPUT)),
         helper.make_tensor_value_info("matmul_input", TensorProto.UINT8, list(INT_MM_INPUT))],
        [helper.make_tensor_value_info("conv_output", TensorProto.INT32, [1, 8, 16, 16]),
         helper.make_tensor_value_info("matmul_output", TensorProto.INT32, [INT_MM_INPUT[0], 16])],
        inits)
    return graph, {"conv_input": conv_x, "matmul_input": mm_a}, None


# ----------------------------------------------------------------------------
# Registry
# ----------------------------------------------------------------------------

class TorchSpec:
    kind = "torch"

    def __init__(self, name, build, inputs, outputs=("output",), seed_key=None,
                 check=None, export_kwargs=None, dynamic_axes=None, notes=(), perturb=True):
        self.name, self.build, self.inputs, self.outputs = name, build, inputs, list(outputs)
        self.perturb = perturb
        notes = list(notes) + ([PERTURB_NOTE] if perturb else [])
        self.seed_key = seed_key or name
        self.check, self.export_kwargs = check, export_kwargs or {}
        self.dynamic_axes, self.notes = dynamic_axes, list(notes)


class OnnxSpec:
    kind = "onnx"

    def __init__(self, name, build, seed_key=None, notes=()):
        self.name, self.build, self.notes = name, build, list(notes)
        self.seed_key = seed_key or name


def img(h):
    return lambda seed: {"input": image_input(seed, (1, 3, h, h))}


def bert_inputs(seed):
    rng = np.random.default_rng(seed)
    return {"input_ids": rng.integers(0, BERT_VOCAB, (1, BERT_SEQ), dtype=np.int64)}


QUANT_NOTE = ("Reference outputs come from the numpy evaluator of ONNX semantics in "
              "scripts/gen_model_zoo.py (QuantizeLinear: round half to even then saturate; "
              "QLinearConv/QLinearMatMul: int accumulator times float32 "
              "x_scale*w_scale/y_scale, round half to even, + zero point, saturate), not torch.")
ORT_U8S8_NOTE = ("Weights use the full int8 range: onnxruntime's x86 kernels on CPUs without VNNI "
                 "sum u8*s8 product pairs in saturating int16 and then disagree with ONNX "
                 "semantics (and with these references) on some elements; with 7-bit weights "
                 "onnxruntime matches these references exactly.")


def registry():
    specs = []
    for name in ("resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small",
                 "efficientnet_b0"):
        specs.append(TorchSpec(name, torchvision_model(name), img(224)))
    specs.append(TorchSpec("squeezenet1_1", torchvision_model("squeezenet1_1"), img(224),
                           check=check_no_bn, notes=["no BatchNormalization in this network"]))
    specs.append(TorchSpec(
        "bn_kept", build_bn_cnn, img(64), seed_key="bn_cnn", check=check_bn_kept, perturb=False,
        export_kwargs={"training": "PRESERVE"},
        notes=["Exported with training=TrainingMode.PRESERVE on an eval() model: "
               "BatchNormalization stays (inference form, training_mode=0 at opset >= 14). "
               "do_constant_folding=False alone does not keep BN: torch's eval-mode "
               "peephole fuses Conv+BN regardless.",
               "Same weights, input and reference output as bn_folded."]))
    specs.append(TorchSpec(
        "bn_folded", build_bn_cnn, img(64), seed_key="bn_cnn", check=check_bn_folded, perturb=False,
        notes=["Default eval export: BatchNormalization folded into Conv by the exporter.",
               "Same weights, input and reference output as bn_kept."]))
    # The torchvision families above with BatchNormalization kept (not folded
    # into Conv by the exporter): same weights, input and reference output.
    for name, bn_count in (("resnet18", 20), ("mobilenet_v2", 52)):
        specs.append(TorchSpec(
            f"{name}_bn_kept", torchvision_model(name), img(224), seed_key=name,
            check=bn_kept_check(bn_count), export_kwargs={"training": "PRESERVE"},
            notes=[f"{name} (same weights, input and reference output) exported with "
                   "training=TrainingMode.PRESERVE on an eval() model: its "
                   f"{bn_count} BatchNormalization nodes stay, in inference form."]))
    specs.append(TorchSpec(
        "bert_encoder", build_bert_encoder, bert_inputs, outputs=["last_hidden_state"],
        check=check_bert,
        notes=[f"vocab {BERT_VOCAB}, hidden {BERT_HIDDEN}, {BERT_HEADS} heads, {BERT_LAYERS} "
               f"layers, FFN {BERT_FFN}, seq {BERT_SEQ}, erf GELU, post-LN, no attention mask",
               "position ids = cumsum(ones_like(input_ids)) - 1 so the position Gather survives "
               "constant folding"]))
    specs.append(TorchSpec(
        "yolo_detector", build_yolo_detector, img(128), outputs=["detections"], check=check_yolo,
        notes=["detections [1, 960, 9]: 3 anchors x (16x16 + 8x8) cells, (x, y, w, h) in "
               "input pixels, objectness, 4 class scores"]))
    specs.append(TorchSpec(
        "resnet18_symbolic", torchvision_model("resnet18"), img(224), seed_key="resnet18",
        check=check_symbolic,
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        notes=["resnet18 (same weights and sample) with a symbolic batch dimension"]))
    specs.append(OnnxSpec("qdq_cnn", build_qdq_cnn, seed_key="qcnn", notes=[
        QUANT_NOTE,
        "QDQ form: uint8 activations (asymmetric, calibrated by a float numpy pass on the sample "
        "input), int8 symmetric per-channel conv weights (DequantizeLinear axis 0), float bias "
        "equal to the int32-quantized bias dequantized, per-tensor int8 classifier weights.",
        "Same quantized network as qlinear_cnn.",
        "The QDQ graph evaluated in float matches onnxruntime exactly."]))
    specs.append(OnnxSpec("qlinear_cnn", build_qlinear_cnn, seed_key="qcnn", notes=[
        QUANT_NOTE,
        "QLinearConv x3 (uint8 activations, int8 per-channel weights, int32 bias; ReLU implied "
        "by output zero point 0) + Reshape + QLinearMatMul classifier; QuantizeLinear in, "
        "DequantizeLinear out.", "Same quantized network as qdq_cnn.", ORT_U8S8_NOTE]))
    specs.append(OnnxSpec("integer_ops", build_integer_ops, notes=[
        QUANT_NOTE,
        "Two independent subgraphs: ConvInteger (uint8 x, zero point 121; uint8 weights, "
        "zero point 131) and MatMulInteger (uint8 a, zero point 130; int8 b "
        "with per-column zero points); int32 outputs, exact.", ORT_U8S8_NOTE]))
    return {s.name: s for s in specs}


# ----------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------

def write_npys(dirpath, arrays, role):
    out = []
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        path = os.path.join(dirpath, f"{name}.npy")
        np.save(path, arr)
        out.append({"name": name, "role": role, "file": os.path.basename(path),
                    "shape": list(arr.shape), "dtype": str(arr.dtype),
                    "size_bytes": os.path.getsize(path)})
    return out


def finish(spec, opset, out_dir, onnx_path, inputs, outputs, reference, extra_checks,
           extra_notes=()):
    """Checks the written model against the arrays, writes the .npy files and
    the manifest; returns the manifest."""
    model = onnx.load(onnx_path)
    onnx.checker.check_model(onnx_path, full_check=True)
    g_in = [i for i in model.graph.input
            if i.name not in {t.name for t in model.graph.initializer}]
    g_out = list(model.graph.output)
    expect([i.name for i in g_in] == list(inputs),
           f"graph inputs {[i.name for i in g_in]} != sample names {list(inputs)}")
    expect([o.name for o in g_out] == list(outputs),
           f"graph outputs {[o.name for o in g_out]} != reference names {list(outputs)}")
    for vi, arr in list(zip(g_in, inputs.values())) + list(zip(g_out, outputs.values())):
        desc = value_info_desc(vi)
        expect(np_dtype(vi.type.tensor_type.elem_type) == arr.dtype,
               f"{vi.name}: graph type {desc['elem_type']} != array dtype {arr.dtype}")
        expect(len(desc["shape"]) == arr.ndim and all(
            isinstance(d, str) or d == s for d, s in zip(desc["shape"], arr.shape)),
            f"{vi.name}: graph shape {desc['shape']} != array shape {list(arr.shape)}")
    ops = op_counts(model)
    checks = {"onnx_checker_full_check": True}
    if extra_checks:
        checks.update(extra_checks(model, opset, ops) if callable(extra_checks) else extra_checks)

    sub = os.path.join(out_dir, f"{spec.name}_opset{opset}")
    os.makedirs(sub, exist_ok=True)
    for f in os.listdir(sub):  # stale files from an earlier run
        if f.endswith(".npy") or f == "manifest.json":
            os.remove(os.path.join(sub, f))
    in_desc = write_npys(sub, inputs, "input")
    out_desc = write_npys(sub, outputs, "output")
    for d, vi in zip(in_desc + out_desc, g_in + g_out):
        d["graph_shape"] = value_info_desc(vi)["shape"]
    rel = os.path.basename(onnx_path)
    files = [{"file": f"../{rel}", "size_bytes": os.path.getsize(onnx_path),
              "sha256": sha256_of(onnx_path)}]
    files += [{"file": d["file"], "size_bytes": d["size_bytes"]} for d in in_desc + out_desc]
    manifest = {
        "name": spec.name,
        "opset": opset,
        "model_file": f"../{rel}",
        "model_size_bytes": os.path.getsize(onnx_path),
        "ir_version": model.ir_version,
        "producer": f"{model.producer_name} {model.producer_version}".strip(),
        "seed": seed_of(spec.seed_key),
        "reference": reference,
        "inputs": in_desc,
        "outputs": out_desc,
        "num_nodes": len(model.graph.node),
        "num_initializers": len(model.graph.initializer),
        "op_types": ops,
        "checks": checks,
        "notes": spec.notes + list(extra_notes),
        "files": files + [{"file": "manifest.json"}],
    }
    write_json(os.path.join(sub, "manifest.json"), manifest)
    return manifest


def generate_torch(spec, opsets, out_dir, verbose):
    torch = import_torch()
    seed = seed_of(spec.seed_key)
    torch.manual_seed(seed)
    model = spec.build(torch)
    if spec.perturb:
        perturb_init(torch, model)
    model.eval()
    inputs = spec.inputs(seed)
    args = tuple(torch.from_numpy(v) for v in inputs.values())
    with torch.no_grad():
        res = model(*args)
    res = res if isinstance(res, (tuple, list)) else (res,)
    outputs = {n: r.detach().numpy().copy() for n, r in zip(spec.outputs, res)}
    reference = f"torch {torch.__version__} eager fp32 (model.eval())"

    kwargs = dict(spec.export_kwargs)
    if kwargs.get("training") == "PRESERVE":
        kwargs["training"] = torch.onnx.TrainingMode.PRESERVE
    manifests = []
    for opset in opsets:
        path = os.path.join(out_dir, f"{spec.name}_opset{opset}.onnx")
        t0 = time.time()
        with warnings.catch_warnings():
            if not verbose:
                warnings.simplefilter("ignore")
            torch.onnx.export(model, args, path, opset_version=opset,
                              input_names=list(inputs), output_names=spec.outputs,
                              do_constant_folding=True, dynamic_axes=spec.dynamic_axes,
                              verbose=False, **kwargs)
        m = finish(spec, opset, out_dir, path, inputs, outputs, reference, spec.check)
        m["_seconds"] = time.time() - t0
        manifests.append(m)
    return manifests


def generate_onnx(spec, opsets, out_dir, verbose):
    seed = seed_of(spec.seed_key)
    manifests = []
    for opset in opsets:
        t0 = time.time()
        graph, inputs, params = spec.build(opset, seed)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                                  producer_name="npu-mlir gen_model_zoo.py")
        model.ir_version = 7 if opset < 15 else 8
        outs, mismatch = run_numpy(model, inputs)
        outputs = {o.name: v for o, v in zip(model.graph.output, outs)}
        path = os.path.join(out_dir, f"{spec.name}_opset{opset}.onnx")
        onnx.save(model, path)
        checks = {}
        if any(n.op_type.startswith("QLinear") for n in model.graph.node):
            # Elements whose requantized value would change if the scaling were
            # done in float32 (as runtimes do) instead of float64: 0 means the
            # reference does not depend on that choice.
            checks["requant_float32_vs_float64_differences"] = mismatch
        if params is not None:  # the two CNNs: how the quantized net tracks the float one
            y = outputs["output"]
            err = np.abs(y - params.float_logits).max()
            checks["max_abs_diff_vs_float_model"] = float(err)
            checks["output_quantum"] = float(params.out_scale)
            checks["argmax_matches_float_model"] = bool(
                np.argmax(y) == np.argmax(params.float_logits))
        m = finish(spec, opset, out_dir, path, inputs, outputs,
                   "numpy reference of ONNX semantics (gen_model_zoo.py), not torch",
                   checks)
        m["_seconds"] = time.time() - t0
        manifests.append(m)
    return manifests


def write_json(path, obj):
    """Indented JSON with short lists of scalars (shapes) on one line."""
    text = json.dumps(obj, indent=2)

    def collapse(m):
        flat = "[" + ", ".join(x.strip() for x in m.group(1).split(",\n")) + "]"
        return flat if len(flat) <= 80 else m.group(0)
    item = r'(?:[-\d.e+]+|"[^"\n]*")'
    text = re.sub(r"\[\n\s*(" + item + r"(?:,\n\s*" + item + r")*)\n\s*\]", collapse, text)
    with open(path, "w") as f:
        f.write(text + "\n")


def write_index(out_dir):
    entries = []
    for d in sorted(os.listdir(out_dir)):
        mpath = os.path.join(out_dir, d, "manifest.json")
        if os.path.isfile(mpath):
            with open(mpath) as f:
                m = json.load(f)
            entries.append({"name": m["name"], "opset": m["opset"], "dir": d,
                            "model_file": m["model_file"][3:],
                            "model_size_bytes": m["model_size_bytes"],
                            "num_nodes": m["num_nodes"], "reference": m["reference"],
                            "inputs": [i["name"] for i in m["inputs"]],
                            "outputs": [o["name"] for o in m["outputs"]]})
    write_json(os.path.join(out_dir, "index.json"), {"models": entries})


def print_table(manifests):
    rows = [("model", "opset", "nodes", "MB", "s", "op types")]
    for m in manifests:
        rows.append((m["name"], str(m["opset"]), str(m["num_nodes"]),
                     f"{m['model_size_bytes'] / 1e6:.2f}", f"{m['_seconds']:.1f}",
                     " ".join(m["op_types"])))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(r[:5], widths))) + "  " + r[5])


def main():
    models = registry()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO_ROOT, "build", "models"),
                    help="output directory (default: <repo>/build/models)")
    ap.add_argument("--opsets", type=int, nargs="+", default=list(DEFAULT_OPSETS),
                    help="ONNX opsets to export (default: 13 17)")
    ap.add_argument("--only", nargs="+", metavar="NAME", choices=list(models),
                    help="generate only these models")
    ap.add_argument("--list", action="store_true", help="list the models and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="show exporter warnings")
    args = ap.parse_args()
    if args.list:
        for name, s in models.items():
            print(f"{name:20s} {s.kind}")
        return 0
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    all_m, failed = [], []
    for name in args.only or list(models):
        spec = models[name]
        try:
            gen = generate_torch if spec.kind == "torch" else generate_onnx
            ms = gen(spec, args.opsets, args.out, args.verbose)
        except Exception as e:  # report every failure, fail at the end
            failed.append((name, f"{type(e).__name__}: {e}"))
            print(f"FAILED {name}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        for m in ms:
            print(f"  {m['name']}_opset{m['opset']}: {m['num_nodes']} nodes, "
                  f"{m['model_size_bytes'] / 1e6:.2f} MB ({m['_seconds']:.1f} s)", flush=True)
        all_m += ms
    write_index(args.out)
    print()
    print_table(all_m)
    total = sum(m["model_size_bytes"] for m in all_m)
    print(f"\n{len(all_m)} models, {total / 1e6:.1f} MB of .onnx in {args.out}, "
          f"{time.time() - t0:.1f} s")
    for name, err in failed:
        print(f"FAILED {name}: {err}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
