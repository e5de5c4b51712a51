#!/usr/bin/python3
"""Generates the small ONNX models that test the ONNX importer.

Two directories under test/Importer/ONNX/Inputs/ are written:

  ops/        One tiny model per ONNX operator (default domain) and attribute
              variant, named <op>_<variant>.onnx in lower snake case
              (conv_basic.onnx, conv_depthwise.onnx, ...), plus a few small
              multi-node graphs (Conv+Relu at opsets 7/11/13/17, PyTorch's
              Shape->Gather->Unsqueeze->Concat->Reshape flatten pattern,
              QDQ weight patterns, the exporter subgraphs around the ops
              evaluated at import: Equal, Where, CumSum, Range, Size). Every
              model has static-shape graph inputs (except size_symbolic_dim,
              which needs --input-shape), weights as initializers, declared
              output shapes, uniquely named nodes, and passes
              onnx.checker.check_model and strict shape inference (run with
              --verify). <op>_runtime_input models give an op evaluated at
              import a run-time input, which the importer must refuse.

  malformed/  Files the importer must reject, each with a sibling
              <name>.expected holding the lowercase substring(s), one per line,
              that the error message should contain. external/ holds the
              external-data cases; its ok.onnx is valid and its .expected says
              "ok" (it must import). symbolic_dim.onnx is valid ONNX too, to be
              rejected only when no --input-shape fixes its "batch" dimension.

The outputs are committed, so the importer tests need neither Python nor the
onnx package. Generation is deterministic (fixed seeds derived from each file
name, no timestamps, no version strings), so running the script twice gives
byte-identical files. Files in the two directories that the script no longer
generates are deleted.

Needs the `onnx` (1.12) and `numpy` Python packages (Debian: python3-onnx,
python3-numpy); run it from the repository root:

    /usr/bin/python3 scripts/gen_onnx_test_models.py            # (re)generate
    /usr/bin/python3 scripts/gen_onnx_test_models.py --check    # compare only
    /usr/bin/python3 scripts/gen_onnx_test_models.py --verify   # + checker and
                                                                #   strict shape inference
"""

import argparse
import pathlib
import re
import sys
import zlib
from typing import NamedTuple

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "test" / "Importer" / "ONNX" / "Inputs"
OPS = "ops"
MALFORMED = "malformed"
GENERATED_SUFFIXES = {".onnx", ".expected", ".bin"}
MAX_FILE_BYTES = 64 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024

IR_VERSION = 8  # what onnx 1.12 writes for opsets up to 17
PRODUCER = "npu-mlir gen_onnx_test_models.py"

F32, F16, I64, I32, I8, U8, BOOL = (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.INT64,
                                    TensorProto.INT32, TensorProto.INT8, TensorProto.UINT8,
                                    TensorProto.BOOL)
INT64_MAX = np.iinfo(np.int64).max
INT64_MIN = np.iinfo(np.int64).min


# ----------------------------------------------------------------------------
# Model building helpers
# ----------------------------------------------------------------------------

class Input(NamedTuple):
    """A graph input (a runtime tensor). Shape entries may be str (dim_param)."""
    name: str
    shape: list
    dtype: int = F32


class Output(NamedTuple):
    """A graph output with its declared (expected) type and shape."""
    name: str
    shape: list
    dtype: int = F32


class Weight(NamedTuple):
    """A random initializer; float values are multiples of 1/8 in [lo, hi]."""
    name: str
    shape: list
    dtype: str = "float32"
    lo: float = None
    hi: float = None


class Const(NamedTuple):
    """An initializer with a fixed value."""
    name: str
    value: np.ndarray


def i64(name, values):
    return Const(name, np.array(values, dtype=np.int64))


def f32(name, values):
    return Const(name, np.array(values, dtype=np.float32))


def typed(name, values, dtype):
    return Const(name, np.array(values, dtype=dtype))


_DEFAULT_RANGE = {"float32": (-2.0, 2.0), "int8": (-128, 127), "uint8": (0, 255),
                  "int32": (-512, 511), "int64": (-8, 8)}


def rng_for(key):
    # RandomState (unlike Generator) has a stream numpy promises never to change.
    return np.random.RandomState(zlib.crc32(key.encode()))


def init_tensor(rng, init):
    if isinstance(init, Const):
        return numpy_helper.from_array(init.value, init.name)
    lo, hi = _DEFAULT_RANGE[init.dtype]
    lo = lo if init.lo is None else init.lo
    hi = hi if init.hi is None else init.hi
    count = int(np.prod(init.shape, dtype=np.int64))
    if np.dtype(init.dtype).kind == "f":
        values = rng.randint(int(lo * 8), int(hi * 8) + 1, size=count) / 8.0
    else:
        values = rng.randint(lo, hi + 1, size=count)
    return numpy_helper.from_array(values.astype(init.dtype).reshape(init.shape), init.name)


def value_info(v):
    return helper.make_tensor_value_info(v.name, v.dtype, v.shape)


def snake(op):
    """MatMul -> matmul, CumSum -> cumsum, QLinearConv -> qlinear_conv,
    GlobalMaxPool -> global_max_pool."""
    snake_case = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", op).lower()
    return snake_case.replace("mat_mul", "matmul").replace("cum_sum", "cumsum")


def build(stem, nodes, inputs, outputs, inits=(), opset=13, extra_opsets=(), seed=None,
          inits_as_inputs=False, ir_version=IR_VERSION):
    """A ModelProto from nodes, graph Inputs/Outputs and initializers."""
    rng = rng_for(seed or stem)
    tensors = [init_tensor(rng, i) for i in inits]
    graph_inputs = [value_info(i) for i in inputs]
    if inits_as_inputs:  # IR version < 4: every initializer is also a graph input
        graph_inputs += [helper.make_tensor_value_info(t.name, t.data_type, list(t.dims))
                         for t in tensors]
    graph = helper.make_graph(nodes, stem, graph_inputs, [value_info(o) for o in outputs],
                              initializer=tensors)
    opsets = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v) for d, v in extra_opsets]
    model = helper.make_model(graph, producer_name=PRODUCER, opset_imports=opsets)
    model.ir_version = ir_version
    return model


def node(op, inputs, outputs, name, domain="", **attrs):
    return helper.make_node(op, inputs, outputs, name=name, domain=domain or None, **attrs)


def single_node(op, inputs, outputs, opset=13, name=None, stem=None, **attrs):
    """A model with one `op` node. `inputs` are Input/Weight/Const in the node's
    input order, None for an omitted optional input; `outputs` are Outputs."""
    stem = stem or snake(op)
    g_inputs, inits, names = [], [], []
    for x in inputs:
        names.append("" if x is None else x.name)
        if isinstance(x, Input):
            g_inputs.append(x)
        elif x is not None:
            inits.append(x)
    n = node(op, names, [o.name for o in outputs], name or f"{snake(op)}1", **attrs)
    return build(stem, [n], g_inputs, outputs, inits, opset=opset)


class Files:
    """Generated files, by path relative to OUT_DIR, in generation order."""

    def __init__(self):
        self.data = {}

    def add(self, relpath, content):
        assert relpath not in self.data, f"generated twice: {relpath}"
        if isinstance(content, onnx.ModelProto):
            content = content.SerializeToString(deterministic=True)
        elif isinstance(content, str):
            content = content.encode()
        self.data[relpath] = content

    def op(self, op, variant, inputs, outputs, **kwargs):
        stem = f"{snake(op)}_{variant}"
        self.add(f"{OPS}/{stem}.onnx", single_node(op, inputs, outputs, stem=stem, **kwargs))

    def model(self, stem, *args, **kwargs):
        self.add(f"{OPS}/{stem}.onnx", build(stem, *args, **kwargs))

    def bad(self, relpath, content, *expected):
        self.add(f"{MALFORMED}/{relpath}", content)
        self.add(f"{MALFORMED}/{relpath[:-len('.onnx')]}.expected", "\n".join(expected) + "\n")


X = Input("x", [2, 3, 4])
Y = Output("y", [2, 3, 4])


def x(shape, dtype=F32):
    return Input("x", shape, dtype)


def y(shape, dtype=F32):
    return Output("y", shape, dtype)


# ----------------------------------------------------------------------------
# ops/: one model per op and attribute variant
# ----------------------------------------------------------------------------

def gen_conv(f):
    # variant, x shape, w shape, with bias, attributes, y shape
    table = [
        ("basic", [1, 3, 8, 8], [4, 3, 3, 3], True, dict(kernel_shape=[3, 3]), [1, 4, 6, 6]),
        ("no_bias", [1, 3, 8, 8], [4, 3, 3, 3], False, {}, [1, 4, 6, 6]),
        ("strided_padded", [1, 3, 8, 8], [4, 3, 3, 3], True,
         dict(strides=[2, 2], pads=[1, 1, 1, 1]), [1, 4, 4, 4]),
        ("asymmetric_pads", [1, 3, 8, 8], [4, 3, 3, 3], True, dict(pads=[0, 1, 1, 2]),
         [1, 4, 7, 9]),
        ("depthwise", [1, 4, 8, 8], [4, 1, 3, 3], True, dict(group=4, pads=[1, 1, 1, 1]),
         [1, 4, 8, 8]),
        ("depthwise_multiplier", [1, 4, 6, 6], [8, 1, 3, 3], True, dict(group=4), [1, 8, 4, 4]),
        ("grouped", [1, 4, 6, 6], [6, 2, 3, 3], True, dict(group=2), [1, 6, 4, 4]),
        ("dilated", [1, 2, 9, 9], [2, 2, 3, 3], True, dict(dilations=[2, 2]), [1, 2, 5, 5]),
        ("auto_pad_same_upper", [1, 2, 8, 8], [2, 2, 3, 3], True,
         dict(auto_pad="SAME_UPPER", strides=[2, 2]), [1, 2, 4, 4]),
        ("auto_pad_same_lower", [1, 2, 8, 8], [2, 2, 3, 3], True,
         dict(auto_pad="SAME_LOWER", strides=[2, 2]), [1, 2, 4, 4]),
        ("auto_pad_valid", [1, 2, 8, 8], [2, 2, 3, 3], True, dict(auto_pad="VALID"), [1, 2, 6, 6]),
        ("1d", [1, 2, 16], [3, 2, 3], True, {}, [1, 3, 14]),
        ("pointwise", [1, 8, 4, 4], [4, 8, 1, 1], True, {}, [1, 4, 4, 4]),
    ]
    for variant, xs, ws, bias, attrs, ys in table:
        ins = [x(xs), Weight("w", ws)] + ([Weight("b", [ws[0]])] if bias else [])
        f.op("Conv", variant, ins, [y(ys)], **attrs)

    # ConvTranspose weights are [C_in, C_out / group, k...].
    table = [
        ("basic", [1, 4, 4, 4], [4, 2, 3, 3], {}, [1, 2, 6, 6]),
        ("strided", [1, 4, 4, 4], [4, 2, 3, 3], dict(strides=[2, 2]), [1, 2, 9, 9]),
        ("strided_padded", [1, 4, 4, 4], [4, 2, 3, 3], dict(strides=[2, 2], pads=[1, 1, 1, 1]),
         [1, 2, 7, 7]),
        ("output_padding", [1, 4, 4, 4], [4, 2, 3, 3],
         dict(strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1]), [1, 2, 8, 8]),
        ("group", [1, 4, 4, 4], [4, 2, 3, 3], dict(group=2), [1, 4, 6, 6]),
        ("output_shape", [1, 4, 4, 4], [4, 2, 3, 3], dict(strides=[2, 2], output_shape=[8, 8]),
         [1, 2, 8, 8]),
    ]
    for variant, xs, ws, attrs, ys in table:
        ins = [x(xs), Weight("w", ws), Weight("b", [ws[1] * attrs.get("group", 1)])]
        f.op("ConvTranspose", variant, ins, [y(ys)], **attrs)


def gen_matmul_gemm(f):
    # variant, a, b (Input or Weight), y shape
    table = [
        ("2d", [4, 8], Weight("b", [8, 6]), [4, 6]),
        ("batched_3d", [2, 4, 8], Input("b", [2, 8, 6]), [2, 4, 6]),
        ("3d_by_2d", [2, 4, 8], Weight("b", [8, 6]), [2, 4, 6]),
        ("broadcast_4d", [2, 3, 4, 8], Input("b", [1, 3, 8, 5]), [2, 3, 4, 5]),
        ("broadcast_4d_by_3d", [2, 1, 4, 8], Input("b", [3, 8, 5]), [2, 3, 4, 5]),
        ("1d_by_2d", [8], Weight("b", [8, 6]), [6]),
        ("2d_by_1d", [4, 8], Weight("b", [8]), [4]),
    ]
    for variant, a, b, ys in table:
        f.op("MatMul", variant, [Input("a", a), b], [y(ys)])

    # variant, A shape, B shape, C shape (None: no C), attributes
    table = [
        ("transb_bias", [2, 8], [6, 8], [6], dict(transB=1)),
        ("transa", [8, 2], [8, 6], [6], dict(transA=1)),
        ("transa_transb", [8, 2], [6, 8], [6], dict(transA=1, transB=1)),
        ("alpha_beta", [2, 8], [6, 8], [6], dict(transB=1, alpha=0.5, beta=2.0)),
        ("bias_1xn", [2, 8], [6, 8], [1, 6], dict(transB=1)),
        ("bias_mxn", [2, 8], [6, 8], [2, 6], dict(transB=1)),
        ("bias_scalar", [2, 8], [6, 8], [], dict(transB=1)),
        ("no_bias", [2, 8], [8, 6], None, {}),
    ]
    for variant, a, b, c, attrs in table:
        ins = [Input("a", a), Weight("b", b)] + ([Weight("c", c)] if c is not None else [])
        f.op("Gemm", variant, ins, [y([2, 6])], **attrs)


def gen_pool(f):
    # op, variant, x shape, attributes, y shape
    table = [
        ("MaxPool", "basic", [1, 2, 8, 8], dict(kernel_shape=[2, 2], strides=[2, 2]), [1, 2, 4, 4]),
        ("MaxPool", "padded", [1, 2, 8, 8],
         dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]), [1, 2, 4, 4]),
        ("MaxPool", "ceil_mode", [1, 2, 7, 7],
         dict(kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1), [1, 2, 4, 4]),
        ("MaxPool", "dilated", [1, 2, 8, 8], dict(kernel_shape=[2, 2], dilations=[2, 2]),
         [1, 2, 6, 6]),
        ("MaxPool", "auto_pad_same_upper", [1, 2, 8, 8],
         dict(kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER"), [1, 2, 4, 4]),
        ("MaxPool", "1d", [1, 2, 9], dict(kernel_shape=[3], strides=[3]), [1, 2, 3]),
        ("AveragePool", "basic", [1, 2, 8, 8], dict(kernel_shape=[2, 2], strides=[2, 2]),
         [1, 2, 4, 4]),
        ("AveragePool", "count_include_pad_0", [1, 2, 6, 6],
         dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=0), [1, 2, 6, 6]),
        ("AveragePool", "count_include_pad_1", [1, 2, 6, 6],
         dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1), [1, 2, 6, 6]),
        ("AveragePool", "ceil_mode", [1, 2, 7, 7],
         dict(kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1), [1, 2, 4, 4]),
    ]
    for op, variant, xs, attrs, ys in table:
        f.op(op, variant, [x(xs)], [y(ys)], **attrs)
    f.op("MaxPool", "with_indices", [x([1, 2, 8, 8])],
         [y([1, 2, 4, 4]), Output("indices", [1, 2, 4, 4], I64)], kernel_shape=[2, 2],
         strides=[2, 2])
    for op in ("GlobalAveragePool", "GlobalMaxPool"):
        f.op(op, "basic", [x([1, 4, 5, 5])], [y([1, 4, 1, 1])])


def gen_normalization(f):
    bn_inputs = [x([1, 4, 5, 5]), Weight("scale", [4]), Weight("bias", [4]), Weight("mean", [4]),
                 Weight("var", [4], lo=0.25, hi=2.0)]
    for opset in (9, 15):
        f.op("BatchNormalization", f"opset{opset}", bn_inputs, [y([1, 4, 5, 5])], opset=opset,
             name="bn1", epsilon=1e-5)

    ln_inputs = [x([2, 4, 8]), Weight("scale", [8]), Weight("bias", [8])]
    f.op("LayerNormalization", "bias", ln_inputs, [y([2, 4, 8])], opset=17, name="ln1",
         axis=-1, epsilon=1e-5)
    f.op("LayerNormalization", "no_bias", ln_inputs[:2], [y([2, 4, 8])], opset=17, name="ln1",
         axis=-1, epsilon=1e-5)

    # Opset 11 Softmax flattens the input to 2-D at `axis`; opset 13 does not.
    f.op("Softmax", "opset11_axis1", [X], [Y], opset=11, axis=1)
    f.op("Softmax", "opset13_axis1", [X], [Y], opset=13, axis=1)
    f.op("Softmax", "opset13_axis_neg1", [X], [Y], opset=13, axis=-1)
    f.op("LogSoftmax", "opset13_axis_neg1", [X], [Y], opset=13, axis=-1)


def gen_reduce(f):
    for op in ("ReduceMean", "ReduceMax", "ReduceMin"):
        f.op(op, "keepdims1", [X], [y([2, 1, 4])], axes=[1], keepdims=1)
        f.op(op, "keepdims0", [X], [y([3])], axes=[0, 2], keepdims=0)
    f.op("ReduceMean", "all_axes", [X], [y([1, 1, 1])], keepdims=1)
    f.op("ReduceMean", "negative_axis", [X], [y([2, 3])], axes=[-1], keepdims=0)

    # ReduceSum takes its axes as an input from opset 13 on.
    f.op("ReduceSum", "opset11_axes_attr", [X], [y([2, 1, 4])], opset=11, axes=[1], keepdims=1)
    f.op("ReduceSum", "opset13_axes_input_keepdims1", [X, i64("axes", [1])], [y([2, 1, 4])],
         keepdims=1)
    f.op("ReduceSum", "opset13_axes_input_keepdims0", [X, i64("axes", [0, -1])], [y([3])],
         keepdims=0)


def gen_elementwise(f):
    a, b, c = (Input(n, s) for n, s in (("a", [2, 3, 4]), ("b", [4]), ("c", [3, 1])))
    # op, variant, inputs
    table = [
        ("Add", "same_shape", [a, Input("b", [2, 3, 4])]),
        ("Add", "broadcast_trailing", [a, b]),
        ("Add", "broadcast_bidirectional", [Input("a", [2, 1, 4]), Input("b", [3, 1])]),
        ("Add", "initializer_operand", [Input("a", [1, 3, 4, 4]), Weight("b", [1, 3, 1, 1])]),
        ("Sub", "broadcast", [a, Input("b", [3, 1])]),
        ("Sub", "scalar_initializer_lhs", [f32("one", 1.0), a]),
        ("Mul", "broadcast", [a, Input("b", [3, 1])]),
        ("Mul", "scalar_initializer", [a, f32("half", 0.5)]),
        ("Div", "broadcast", [a, Input("b", [3, 1])]),
        ("Pow", "broadcast", [a, b]),
        ("Pow", "scalar_exponent", [a, f32("two", 2.0)]),
        ("Max", "2_inputs", [a, b]),
        ("Max", "3_inputs", [a, b, c]),
        ("Min", "2_inputs", [a, b]),
        ("Min", "3_inputs", [a, b, c]),
        ("Sum", "3_inputs", [a, b, c]),
    ]
    for op, variant, ins in table:
        shapes = [np.shape(i.value) if isinstance(i, Const) else tuple(i.shape) for i in ins]
        shape = list(np.broadcast_shapes(*shapes))
        f.op(op, variant, ins, [y(shape)])
    for op in ("Add", "Mul", "Div"):
        f.op(op, "int64", [Input("a", [2, 3], I64), Input("b", [3], I64)], [y([2, 3], I64)])


def gen_unary(f):
    for op in ("Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Reciprocal", "Neg", "Abs", "Erf",
               "Sin", "Cos", "Floor", "Ceil", "Elu", "Softplus", "Identity"):
        f.op(op, "basic", [X], [Y])
    # op, variant, opset, attributes
    table = [
        ("LeakyRelu", "alpha", 13, dict(alpha=0.1)),
        ("HardSigmoid", "alpha_beta", 13, dict(alpha=0.25, beta=0.5)),
        ("HardSwish", "opset14", 14, {}),
        ("Elu", "alpha", 13, dict(alpha=0.5)),
        ("Clip", "opset7_min_max_attrs", 7, dict(min=-1.0, max=1.0)),
        ("Dropout", "opset13_inference", 13, {}),
    ]
    for op, variant, opset, attrs in table:
        f.op(op, variant, [X], [Y], opset=opset, **attrs)
    # From opset 11 Clip's bounds are optional scalar inputs.
    lo, hi = f32("min", -1.0), f32("max", 6.0)
    f.op("Clip", "opset11_min_max", [X, lo, hi], [Y], opset=11)
    f.op("Clip", "opset13_min_max", [X, lo, hi], [Y])
    f.op("Clip", "opset13_max_only", [X, None, hi], [Y])
    f.op("Clip", "opset13_min_only", [X, lo], [Y])
    f.op("Clip", "opset13_no_bounds", [X], [Y])
    f.op("Dropout", "opset13_ratio_training_mode_false",
         [X, f32("ratio", 0.25), typed("training_mode", False, np.bool_)], [Y])
    f.op("Dropout", "opset13_mask_output", [X], [Y, Output("mask", [2, 3, 4], BOOL)])


def gen_shape_ops(f):
    for variant, shape, ys in [("basic", [6, 4], [6, 4]), ("neg1_and_zero", [0, -1], [2, 12]),
                               ("zero_middle_neg1_first", [-1, 0, 2], [4, 3, 2])]:
        f.op("Reshape", variant, [X, i64("shape", shape)], [y(ys)])

    for variant, axis, ys in [("axis1", 1, [2, 60]), ("axis2", 2, [6, 20]), ("axis0", 0, [1, 120]),
                              ("axis_neg1", -1, [24, 5])]:
        f.op("Flatten", variant, [x([2, 3, 4, 5])], [y(ys)], axis=axis)

    f.op("Transpose", "perm", [X], [y([3, 4, 2])], perm=[1, 2, 0])
    f.op("Transpose", "nchw_to_nhwc", [x([1, 3, 4, 5])], [y([1, 4, 5, 3])], perm=[0, 2, 3, 1])
    f.op("Transpose", "default_perm", [X], [y([4, 3, 2])])

    f.op("Concat", "axis1", [Input("a", [1, 2, 4]), Input("b", [1, 3, 4])], [y([1, 5, 4])], axis=1)
    f.op("Concat", "negative_axis", [Input("a", [2, 3]), Input("b", [2, 5]), Input("c", [2, 1])],
         [y([2, 9])], axis=-1)
    f.op("Concat", "with_initializer", [Input("a", [1, 2, 4]), Weight("b", [1, 1, 4])],
         [y([1, 3, 4])], axis=1)

    x26 = x([2, 6])
    two_outs = [Output("y0", [2, 2]), Output("y1", [2, 4])]
    f.op("Split", "opset13_split_input", [x26, i64("split", [2, 4])], two_outs, axis=1)
    f.op("Split", "opset11_split_attr", [x26], two_outs, opset=11, axis=1, split=[2, 4])
    f.op("Split", "opset13_equal", [x26], [Output(f"y{i}", [2, 2]) for i in range(3)], axis=1)
    f.op("Split", "opset13_default_axis", [x([4, 3])], [Output(f"y{i}", [2, 3]) for i in range(2)])

    # Slice on x [4, 6, 8]; variant, starts, ends, axes, steps (None: omitted), y shape
    table = [
        ("basic", [1, 2], [3, 5], None, None, [2, 3, 8]),
        ("negative_indices", [-3], [-1], [-1], None, [4, 6, 2]),
        ("int64_max_end", [2], [INT64_MAX], [1], None, [4, 4, 8]),
        ("negative_step", [-1], [INT64_MIN], [2], [-1], [4, 6, 8]),
        ("steps", [0, 1], [4, 8], [0, 2], [2, 3], [2, 6, 3]),
        ("mixed", [1, -5, 6], [INT64_MAX, -1, 0], [0, 1, -1], [1, 2, -2], [3, 2, 3]),
    ]
    for variant, starts, ends, axes, steps, ys in table:
        ins = [x([4, 6, 8]), i64("starts", starts), i64("ends", ends)]
        ins += [None if axes is None else i64("axes", axes)] if axes or steps else []
        ins += [i64("steps", steps)] if steps else []
        f.op("Slice", variant, ins, [y(ys)])

    x_pad = x([1, 2, 4, 4])
    f.op("Pad", "constant", [x_pad, i64("pads", [0, 0, 1, 2, 0, 0, 1, 2]), f32("value", 0.5)],
         [y([1, 2, 6, 8])], mode="constant")
    f.op("Pad", "constant_default_value", [x_pad, i64("pads", [0, 0, 1, 1, 0, 0, 1, 1])],
         [y([1, 2, 6, 6])])
    f.op("Pad", "reflect", [x_pad, i64("pads", [0, 0, 1, 1, 0, 0, 1, 1])], [y([1, 2, 6, 6])],
         mode="reflect")
    f.op("Pad", "edge", [x_pad, i64("pads", [0, 0, 2, 0, 0, 0, 0, 2])], [y([1, 2, 6, 6])],
         mode="edge")
    f.op("Pad", "opset9_attrs", [x_pad], [y([1, 2, 6, 8])], opset=9, mode="constant",
         pads=[0, 0, 1, 2, 0, 0, 1, 2], value=0.5)

    f.op("Gather", "embedding_axis0", [Weight("table", [10, 8]), Input("indices", [2, 5], I64)],
         [y([2, 5, 8])], axis=0)
    f.op("Gather", "axis1", [x([3, 5, 4]), i64("indices", [0, 2, 4])], [y([3, 3, 4])], axis=1)
    f.op("Gather", "negative_indices", [x([3, 5, 4]), i64("indices", [[-1, 0], [-2, 1]])],
         [y([3, 2, 2, 4])], axis=1)
    f.op("Gather", "scalar_index", [x([3, 5, 4]), i64("index", 2)], [y([5, 4])], axis=0)

    x1314 = x([1, 3, 1, 4])
    f.op("Squeeze", "opset11_axes_attr", [x1314], [y([3, 4])], opset=11, axes=[0, 2])
    f.op("Squeeze", "opset13_axes_input", [x1314, i64("axes", [0, -2])], [y([3, 4])])
    f.op("Squeeze", "opset13_no_axes", [x1314], [y([3, 4])])
    f.op("Unsqueeze", "opset11_axes_attr", [x([3, 4])], [y([1, 3, 4, 1])], opset=11, axes=[0, 3])
    f.op("Unsqueeze", "opset13_axes_input", [x([3, 4]), i64("axes", [0, -1])], [y([1, 3, 4, 1])])

    f.op("Shape", "opset13", [X], [y([3], I64)])
    f.op("Shape", "opset15_start_end", [x([2, 3, 4, 5])], [y([2], I64)], opset=15, start=1, end=-1)
    f.op("Shape", "opset15_start_only", [x([2, 3, 4, 5])], [y([1], I64)], opset=15, start=-1)

    # ConstantOfShape needs a constant shape to have a static result: no graph inputs.
    shape23 = i64("shape", [2, 3])
    f.op("ConstantOfShape", "float_value", [shape23], [y([2, 3])],
         value=numpy_helper.from_array(np.array([0.5], np.float32), "value"))
    f.op("ConstantOfShape", "int64_value", [shape23], [y([2, 3], I64)],
         value=numpy_helper.from_array(np.array([7], np.int64), "value"))
    f.op("ConstantOfShape", "default_value", [shape23], [y([2, 3])])

    f.op("Expand", "basic", [x([3, 1]), i64("shape", [2, 3, 4])], [y([2, 3, 4])])
    f.op("Expand", "bidirectional", [x([1, 4]), i64("shape", [3, 1])], [y([3, 4])])

    x_rs = x([1, 2, 4, 4])
    f.op("Resize", "opset13_nearest_asymmetric_floor_scales",
         [x_rs, None, f32("scales", [1, 1, 2, 2])], [y([1, 2, 8, 8])], mode="nearest",
         coordinate_transformation_mode="asymmetric", nearest_mode="floor")
    f.op("Resize", "opset13_linear_half_pixel_sizes",
         [x_rs, None, None, i64("sizes", [1, 2, 6, 6])], [y([1, 2, 6, 6])], mode="linear",
         coordinate_transformation_mode="half_pixel")
    f.op("Resize", "opset11_linear_pytorch_half_pixel",
         [x_rs, f32("roi", np.zeros([0])), f32("scales", [1, 1, 2, 2])], [y([1, 2, 8, 8])],
         opset=11, mode="linear", coordinate_transformation_mode="pytorch_half_pixel")
    f.op("Resize", "opset10_nearest", [x_rs, f32("scales", [1, 1, 2, 2])], [y([1, 2, 8, 8])],
         opset=10, mode="nearest")

    for variant, src, dst in [("float_to_int64", F32, I64), ("int64_to_float", I64, F32),
                              ("float_to_float16", F32, F16)]:
        f.op("Cast", variant, [Input("x", [2, 3, 4], src)], [y([2, 3, 4], dst)], to=dst)


def gen_constant(f):
    # A Constant node feeding a consumer, as exporters emit them.
    for variant, attrs, consumer, ys in [
        ("value_tensor", dict(value=numpy_helper.from_array(
            np.arange(-3, 3, dtype=np.float32).reshape(2, 3) / 2, "value")), "Add", [2, 3]),
        ("value_float", dict(value_float=0.5), "Mul", [2, 3]),
        ("value_ints", dict(value_ints=[3, 2]), "Reshape", [3, 2]),
    ]:
        nodes = [node("Constant", [], ["c"], "const1", **attrs),
                 node(consumer, ["x", "c"], ["y"], f"{consumer.lower()}1")]
        f.model(f"constant_{variant}", nodes, [x([2, 3])], [y(ys)])

    # ConstantOfShape of a runtime shape (PyTorch's zeros_like).
    nodes = [node("Shape", ["x"], ["s"], "shape1"),
             node("ConstantOfShape", ["s"], ["z"], "constant_of_shape1",
                  value=numpy_helper.from_array(np.array([1.0], np.float32), "value")),
             node("Add", ["x", "z"], ["y"], "add1")]
    f.model("constant_of_shape_from_shape", nodes, [x([2, 3])], [y([2, 3])])

    # PyTorch's `x.view(x.size(0), -1)` / flatten export.
    nodes = [node("Shape", ["x"], ["shape"], "shape1"),
             node("Constant", [], ["index"], "const_index",
                  value=numpy_helper.from_array(np.array(0, np.int64), "value")),
             node("Gather", ["shape", "index"], ["batch"], "gather1", axis=0),
             node("Constant", [], ["axes"], "const_axes",
                  value=numpy_helper.from_array(np.array([0], np.int64), "value")),
             node("Unsqueeze", ["batch", "axes"], ["batch_1d"], "unsqueeze1"),
             node("Constant", [], ["minus_one"], "const_minus_one",
                  value=numpy_helper.from_array(np.array([-1], np.int64), "value")),
             node("Concat", ["batch_1d", "minus_one"], ["new_shape"], "concat1", axis=0),
             node("Reshape", ["x", "new_shape"], ["y"], "reshape1")]
    f.model("reshape_flatten_shape_subgraph", nodes, [x([1, 64, 7, 7])], [y([1, 3136])])


def gen_evaluated_at_import(f):
    """Ops the importer evaluates at import (constant inputs only): Equal,
    Where, CumSum, Range, Size. Each has constant-input models, the exporter
    subgraphs they come from, and a <op>_runtime_input model whose input is a
    graph input, which the importer must refuse (Size reads only the static
    shape of its input, so a run-time input is its normal case)."""
    # Equal: numpy broadcasting; floats compare as IEEE (-0 == 0, NaN != NaN).
    f.op("Equal", "int64_broadcast", [i64("a", [[1, 2, 3], [3, 2, 1]]), i64("b", [3, 2, 1])],
         [y([2, 3], BOOL)])
    f.op("Equal", "float", [f32("a", [0.0, -0.0, np.nan, 1.5, 2.0]),
                            f32("b", [-0.0, 0.0, np.nan, 1.5, -2.0])], [y([5], BOOL)])
    f.op("Equal", "runtime_input", [Input("x", [3], I64), i64("b", [1, 2, 3])], [y([3], BOOL)])

    # Where: condition, x and y broadcast together.
    f.op("Where", "broadcast", [typed("cond", [True, False, True], np.bool_),
                                f32("a", [[1.5], [-2.0]]), f32("b", 0.25)], [y([2, 3])])
    f.op("Where", "int64", [typed("cond", [[True], [False]], np.bool_), i64("a", [1, 2, 3]),
                            i64("b", [[10, 20, 30], [40, 50, 60]])], [y([2, 3], I64)])
    f.op("Where", "runtime_input", [typed("cond", [[True, False, True]], np.bool_),
                                    x([2, 3]), f32("b", 0.0)], [y([2, 3])])

    # Shape(x) -> Equal(., 1) -> Where(., 3, shape) -> Expand: the size-1
    # dimensions of x [2, 1, 4] become 3.
    nodes = [node("Shape", ["x"], ["shape"], "shape1"),
             node("Equal", ["shape", "one"], ["is_one"], "equal1"),
             node("Where", ["is_one", "three", "shape"], ["target"], "where1"),
             node("Expand", ["x", "target"], ["y"], "expand1")]
    f.model("equal_shape_where_expand", nodes, [x([2, 1, 4])], [y([2, 3, 4])],
            [i64("one", [1]), i64("three", [3])])
    # PyTorch's export of x.expand(3, -1): -1 entries of the size become 1.
    nodes = [node("Shape", ["size"], ["size_shape"], "shape1"),
             node("ConstantOfShape", ["size_shape"], ["ones"], "constant_of_shape1",
                  value=numpy_helper.from_array(np.array([1], np.int64), "value")),
             node("Mul", ["ones", "minus_one"], ["neg_ones"], "mul1"),
             node("Equal", ["size", "neg_ones"], ["is_neg_one"], "equal1"),
             node("Where", ["is_neg_one", "ones", "size"], ["target"], "where1"),
             node("Expand", ["x", "target"], ["y"], "expand1")]
    f.model("where_torch_expand", nodes, [x([1, 4])], [y([3, 4])],
            [i64("size", [3, -1]), i64("minus_one", -1)])

    # CumSum of integer constants; axis a scalar input.
    c23 = i64("x", [[1, 2, 3], [4, 5, 6]])
    for variant, axis, attrs in [("axis1", 1, {}), ("negative_axis", -2, {}),
                                 ("exclusive", 1, dict(exclusive=1)),
                                 ("reverse", 1, dict(reverse=1)),
                                 ("exclusive_reverse", 1, dict(exclusive=1, reverse=1))]:
        f.op("CumSum", variant, [c23, i64("axis", axis)], [y([2, 3], I64)], **attrs)
    f.op("CumSum", "3d_axis1", [i64("x", np.arange(8).reshape(2, 2, 2)), i64("axis", 1)],
         [y([2, 2, 2], I64)])
    f.op("CumSum", "int32", [typed("x", [5, -2, 7, 1], np.int32), typed("axis", 0, np.int32)],
         [y([4], I32)])
    f.op("CumSum", "float", [f32("x", [1.0, 2.0, 3.0]), i64("axis", 0)], [y([3])])
    f.op("CumSum", "runtime_input", [Input("x", [2, 3], I64), i64("axis", 1)], [y([2, 3], I64)])
    # RoBERTa-style position ids: CumSum(ones_like(ids), 1) - 1, or the same
    # ids from an exclusive CumSum, added to the (run-time) ids.
    for variant, exclusive in [("position_ids", 0), ("position_ids_exclusive", 1)]:
        nodes = [node("Shape", ["ids"], ["shape"], "shape1"),
                 node("ConstantOfShape", ["shape"], ["ones"], "constant_of_shape1",
                      value=numpy_helper.from_array(np.array([1], np.int64), "value")),
                 node("CumSum", ["ones", "axis"], ["positions" if exclusive else "cumsum"],
                      "cumsum1", exclusive=exclusive)]
        inits = [i64("axis", 1)]
        if not exclusive:
            nodes.append(node("Sub", ["cumsum", "one"], ["positions"], "sub1"))
            inits.append(i64("one", 1))
        nodes.append(node("Add", ["ids", "positions"], ["y"], "add1"))
        f.model(f"cumsum_{variant}", nodes, [Input("ids", [2, 5], I64)], [y([2, 5], I64)],
                inits)

    # Range with constant bounds: ceil((limit - start) / delta) elements.
    for variant, (start, limit, delta), ctor, dtype in [
            ("int64_negative_delta", (10, 2, -3), i64, I64),
            ("float", (0.5, 2.0, 0.5), f32, F32)]:
        nodes = [node("Range", ["start", "limit", "delta"], ["r"], "range1"),
                 node("Add", ["x", "r"], ["y"], "add1")]
        f.model(f"range_{variant}", nodes, [x([2, 3], dtype)], [y([2, 3], dtype)],
                [ctor("start", start), ctor("limit", limit), ctor("delta", delta)])
    # Range(0, x.shape[1], 1), cast to float and added to x.
    nodes = [node("Shape", ["x"], ["shape"], "shape1"),
             node("Gather", ["shape", "one"], ["limit"], "gather1", axis=0),
             node("Range", ["zero", "limit", "one"], ["r"], "range1"),
             node("Cast", ["r"], ["r_float"], "cast1", to=F32),
             node("Add", ["x", "r_float"], ["y"], "add1")]
    f.model("range_from_shape", nodes, [x([2, 4])], [y([2, 4])],
            [i64("zero", 0), i64("one", 1)])
    f.op("Range", "runtime_input", [i64("start", 0), Input("limit", [], I64), i64("delta", 1)],
         [y(["length"], I64)])

    # Size: the element count of a static shape, an int64 scalar.
    f.op("Size", "basic", [X], [y([], I64)])
    nodes = [node("Size", ["x"], ["size"], "size1"),
             node("Unsqueeze", ["size", "axes"], ["shape"], "unsqueeze1"),
             node("Reshape", ["x", "shape"], ["y"], "reshape1")]
    f.model("size_reshape", nodes, [X], [y([24])], [i64("axes", [0])])
    nodes = [node("Size", ["x"], ["size"], "size1"),
             node("Cast", ["size"], ["size_float"], "cast1", to=F32),
             node("Mul", ["x", "size_float"], ["y"], "mul1")]
    f.model("size_mul", nodes, [x([2, 3])], [y([2, 3])])
    # Known only once --input-shape fixes the "n" dimension.
    f.op("Size", "symbolic_dim", [x(["n", 3])], [y([], I64)])


def gen_quantization(f):
    x_f = x([1, 2, 4, 4])
    for qtype, np_type, zp in [("uint8", np.uint8, 128), ("int8", np.int8, -3)]:
        dtype = U8 if qtype == "uint8" else I8
        scale, zero = f32("scale", 0.05), typed("zero_point", zp, np_type)
        f.op("QuantizeLinear", f"per_tensor_{qtype}", [x_f, scale, zero], [y([1, 2, 4, 4], dtype)])
        f.op("DequantizeLinear", f"per_tensor_{qtype}", [x([1, 2, 4, 4], dtype), scale, zero],
             [y([1, 2, 4, 4])])
    f.op("QuantizeLinear", "per_axis_input", [x([4, 3]), Weight("scale", [4], lo=0.125, hi=1.0),
                                              typed("zero_point", [0, 1, -1, 2], np.int8)],
         [y([4, 3], I8)], axis=0)

    # QDQ weight patterns feeding a Conv, per output channel (axis 0).
    scales = Weight("w_scale", [4], lo=0.125, hi=0.5)
    zeros = typed("w_zero_point", [0, 0, 0, 0], np.int8)
    conv = node("Conv", ["x", "w_dq", "b"], ["y"], "conv1")
    io = ([x([1, 2, 5, 5])], [y([1, 4, 3, 3])])
    f.model("dequantize_linear_per_axis_weight",
            [node("DequantizeLinear", ["w_q", "w_scale", "w_zero_point"], ["w_dq"], "dequant_w",
                  axis=0), conv], *io,
            inits=[Weight("w_q", [4, 2, 3, 3], "int8"), scales, zeros, Weight("b", [4])])
    f.model("quantize_linear_per_axis_weight",
            [node("QuantizeLinear", ["w", "w_scale", "w_zero_point"], ["w_q"], "quant_w", axis=0),
             node("DequantizeLinear", ["w_q", "w_scale", "w_zero_point"], ["w_dq"], "dequant_w",
                  axis=0), conv], *io,
            inits=[Weight("w", [4, 2, 3, 3]), scales, zeros, Weight("b", [4])])

    f.op("QLinearConv", "per_channel",
         [x([1, 2, 5, 5], U8), f32("x_scale", 0.02), typed("x_zero_point", 128, np.uint8),
          Weight("w", [4, 2, 3, 3], "int8"), Weight("w_scale", [4], lo=0.125, hi=0.5),
          typed("w_zero_point", [0, 0, 0, 0], np.int8), f32("y_scale", 0.05),
          typed("y_zero_point", 128, np.uint8), Weight("b", [4], "int32")],
         [y([1, 4, 3, 3], U8)], pads=[0, 0, 0, 0])
    f.op("QLinearMatMul", "per_tensor",
         [Input("a", [2, 8], U8), f32("a_scale", 0.02), typed("a_zero_point", 128, np.uint8),
          Weight("b", [8, 4], "int8"), f32("b_scale", 0.01), typed("b_zero_point", 0, np.int8),
          f32("y_scale", 0.05), typed("y_zero_point", 128, np.uint8)],
         [y([2, 4], U8)])
    f.op("MatMulInteger", "zero_points",
         [Input("a", [2, 8], U8), Weight("b", [8, 4], "int8"), typed("a_zero_point", 128, np.uint8),
          typed("b_zero_point", 2, np.int8)], [y([2, 4], I32)])
    f.op("ConvInteger", "zero_points",
         [x([1, 2, 5, 5], U8), Weight("w", [4, 2, 3, 3], "uint8"),
          typed("x_zero_point", 128, np.uint8), typed("w_zero_point", 127, np.uint8)],
         [y([1, 4, 3, 3], I32)])


def conv_relu(stem, opset, **kwargs):
    """The same Conv(pads=1)+Relu model (same weights) at any opset."""
    nodes = [node("Conv", ["x", "w", "b"], ["c"], "conv1", pads=[1, 1, 1, 1]),
             node("Relu", ["c"], ["y"], "relu1")]
    return build(stem, nodes, [x([1, 3, 8, 8])], [y([1, 4, 8, 8])],
                 [Weight("w", [4, 3, 3, 3]), Weight("b", [4])], opset=opset, seed="conv_relu",
                 **kwargs)


def gen_opsets(f):
    for opset in (7, 11, 13, 17):
        stem = f"conv_relu_opset{opset}"
        f.add(f"{OPS}/{stem}.onnx", conv_relu(stem, opset))
    # Old exporters (IR version 3) also list every initializer as a graph input.
    stem = "conv_relu_opset7_ir3"
    f.add(f"{OPS}/{stem}.onnx", conv_relu(stem, 7, inits_as_inputs=True, ir_version=3))


# ----------------------------------------------------------------------------
# malformed/: files the importer must reject
# ----------------------------------------------------------------------------

def relu_model(stem, x_in=None, **kwargs):
    x_in = x_in or x([2, 3])
    return build(stem, [node("Relu", [x_in.name], ["y"], "relu1")], [x_in],
                 [y(x_in.shape, x_in.dtype)], **kwargs)


def add_initializer_model(stem, init_name, dims, raw_data):
    """y = x + w with a hand-made float initializer w (dims and raw_data unchecked)."""
    model = build(stem, [node("Add", ["x", init_name], ["y"], "add1")], [x([4])], [y([4])])
    model.graph.initializer.add(name=init_name, data_type=F32, dims=dims, raw_data=raw_data)
    return model


def external_model(stem, location, offset=0, length=64):
    """y = x + w, with w [4, 4] float stored externally at `location`.
    Returns the model and the bytes w would have inline."""
    model = build(stem, [node("Add", ["x", "w"], ["y"], "add1")], [x([4, 4])], [y([4, 4])],
                  [Weight("w", [4, 4])])
    w = model.graph.initializer[0]
    raw = w.raw_data
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", str(offset)), ("length", str(length))):
        w.external_data.add(key=key, value=value)
    return model, raw


def gen_malformed(f):
    valid_conv = single_node("Conv", [x([1, 3, 8, 8]), Weight("w", [4, 3, 3, 3]), Weight("b", [4])],
                             [y([1, 4, 6, 6])], stem="conv_basic").SerializeToString()

    f.bad("empty.onnx", b"", "empty")
    f.bad("garbage.onnx", rng_for("garbage").bytes(512), "parse")
    f.bad("truncated.onnx", valid_conv[:len(valid_conv) // 2], "parse")
    # A TensorProto: C++ protobuf fails to parse it as a ModelProto (the
    # tensor's name, field 8, is read as an opset_import message and is not
    # one). Were it to parse, the model would have no graph.
    f.bad("not_a_model.onnx", numpy_helper.from_array(
        np.arange(16, dtype=np.float32).reshape(4, 4), "tensor").SerializeToString(), "parse")

    no_graph = onnx.ModelProto(ir_version=IR_VERSION, producer_name=PRODUCER)
    no_graph.opset_import.add(domain="", version=13)
    f.bad("no_graph.onnx", no_graph, "graph")
    no_opset = relu_model("no_opset")
    del no_opset.opset_import[:]
    f.bad("no_opset.onnx", no_opset, "opset")

    f.bad("dangling_edge.onnx", build("dangling_edge", [
        node("Relu", ["x"], ["r"], "relu1"),
        node("Add", ["r", "missing_tensor"], ["y"], "add1")], [x([2, 3])], [y([2, 3])]),
        "missing_tensor")
    f.bad("duplicate_output.onnx", build("duplicate_output", [
        node("Relu", ["x"], ["dup_tensor"], "relu1"),
        node("Sigmoid", ["x"], ["dup_tensor"], "sigmoid1"),
        node("Neg", ["dup_tensor"], ["y"], "neg1")], [x([2, 3])], [y([2, 3])]), "dup_tensor")
    f.bad("type_mismatch.onnx", build("type_mismatch", [
        node("Add", ["a", "b"], ["y"], "mixed_add")],
        [Input("a", [2, 3]), Input("b", [2, 3], I64)], [y([2, 3])]), "mixed_add")
    f.bad("absurd_shape.onnx",
          relu_model("absurd_shape", Input("huge_input", [2 ** 40] * 3)), "huge_input")
    f.bad("negative_dim.onnx", relu_model("negative_dim", x([2, -5])), "-5")
    # Valid ONNX; rejected only when no --input-shape gives "batch" a value.
    f.bad("symbolic_dim.onnx", relu_model("symbolic_dim", x(["batch", 3])), "batch")

    unsupported = build("unsupported_ops", [
        node("Conv", ["x", "w"], ["c"], "conv1", pads=[1, 1, 1, 1]),
        node("FusedConv", ["c", "w2", "b2"], ["fc"], "fused_conv_node", domain="com.microsoft",
             activation="Relu", pads=[1, 1, 1, 1]),
        node("Flatten", ["fc"], ["flat"], "flatten1", axis=1),
        node("TopK", ["flat", "k"], ["values", "indices"], "topk_node", axis=-1),
        node("Sigmoid", ["values"], ["y"], "sigmoid1"),
        node("NonMaxSuppression", ["boxes", "scores", "max_boxes"], ["selected"], "nms_node"),
    ], [x([1, 3, 8, 8]), Input("boxes", [1, 10, 4]), Input("scores", [1, 1, 10])],
        [y([1, 5]), Output("indices", [1, 5], I64), Output("selected", ["num_selected", 3], I64)],
        [Weight("w", [4, 3, 3, 3]), Weight("w2", [4, 4, 3, 3]), Weight("b2", [4]), i64("k", [5]),
         i64("max_boxes", [3])], extra_opsets=[("com.microsoft", 1)])
    f.bad("unsupported_ops.onnx", unsupported, "nms_node", "fused_conv_node", "topk_node")

    f.bad("opset_too_old.onnx", conv_relu("opset_too_old", 6), "opset")
    f.bad("opset_too_new.onnx", conv_relu("opset_too_new", 19), "opset")

    f.bad("huge_initializer_dims.onnx", add_initializer_model(
        "huge_initializer_dims", "huge_w", [1000, 1000, 1000], bytes(16)), "huge_w")
    f.bad("initializer_size_mismatch.onnx", add_initializer_model(
        "initializer_size_mismatch", "short_w", [4, 4], bytes(12)), "short_w")

    ext = "external/"
    ok, ok_data = external_model("ok", "ok.bin")
    f.bad(ext + "ok.onnx", ok, "ok")  # valid: must import
    f.add(f"{MALFORMED}/{ext}ok.bin", ok_data)
    f.bad(ext + "escape.onnx", external_model("escape", "../../etc/passwd")[0], "../../etc/passwd")
    f.bad(ext + "absolute.onnx", external_model("absolute", "/etc/hostname")[0], "/etc/hostname")
    # offset 32 + length 64 > the 64 bytes of past_end.bin
    f.bad(ext + "past_end.onnx", external_model("past_end", "past_end.bin", offset=32)[0],
          "past_end.bin")
    f.add(f"{MALFORMED}/{ext}past_end.bin", bytes(range(64)))
    f.bad(ext + "missing_file.onnx", external_model("missing_file", "missing.bin")[0],
          "missing.bin")


# ----------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------

def generate():
    f = Files()
    for gen in (gen_conv, gen_matmul_gemm, gen_pool, gen_normalization, gen_reduce,
                gen_elementwise, gen_unary, gen_shape_ops, gen_constant, gen_evaluated_at_import,
                gen_quantization, gen_opsets, gen_malformed):
        gen(f)
    total = 0
    for path, data in f.data.items():
        assert len(data) < MAX_FILE_BYTES, f"{path} is {len(data)} bytes"
        total += len(data)
    assert total < MAX_TOTAL_BYTES, f"{total} bytes in all"
    return f.data


def existing_files():
    return {p.relative_to(OUT_DIR).as_posix() for d in (OPS, MALFORMED)
            for p in (OUT_DIR / d).rglob("*") if p.is_file() and p.suffix in GENERATED_SUFFIXES}


def verify(files):
    """check_model and strict shape inference on every ops/ model."""
    failures = []
    for path, data in files.items():
        if not (path.startswith(OPS + "/") and path.endswith(".onnx")):
            continue
        model = onnx.load_from_string(data)
        try:
            onnx.checker.check_model(model)
            onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        except Exception as e:  # noqa: BLE001 -- report every failure
            failures.append(f"{path}: {type(e).__name__}: {str(e).strip().splitlines()[0]}")
    ok = OUT_DIR / MALFORMED / "external" / "ok.onnx"
    try:
        onnx.checker.check_model(str(ok))
        onnx.load(str(ok))
    except Exception as e:  # noqa: BLE001
        failures.append(f"{ok.relative_to(OUT_DIR)}: {type(e).__name__}: {e}")
    for line in failures:
        print(line, file=sys.stderr)
    return not failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    parser.add_argument("--verify", action="store_true",
                        help="also run onnx.checker and strict shape inference on ops/")
    args = parser.parse_args()

    files = generate()
    stale = existing_files() - files.keys()
    if args.check:
        differ = sorted(p for p, d in files.items()
                        if not (OUT_DIR / p).is_file() or (OUT_DIR / p).read_bytes() != d)
        for p in differ + sorted(stale):
            print(f"out of date: {p}", file=sys.stderr)
        if differ or stale:
            print("run /usr/bin/python3 scripts/gen_onnx_test_models.py", file=sys.stderr)
            return 1
    else:
        for p in stale:
            (OUT_DIR / p).unlink()
        for p, data in files.items():
            (OUT_DIR / p).parent.mkdir(parents=True, exist_ok=True)
            (OUT_DIR / p).write_bytes(data)
    if args.verify and not verify(files):
        return 1
    counts = {d: sum(p.startswith(d + "/") for p in files) for d in (OPS, MALFORMED)}
    print(f"{OUT_DIR.relative_to(REPO)}: {counts[OPS]} files in {OPS}/, "
          f"{counts[MALFORMED]} files in {MALFORMED}/ ({sum(map(len, files.values()))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
