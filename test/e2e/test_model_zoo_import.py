"""Every model family of the zoo imports completely, at opsets 13 and 17.

For each model: the import succeeds; nothing foldable is left (running the
canonicalizer after the import changes nothing, so shape subgraphs were folded
at import); and the ops that characterise the family are there.
"""

import re

import pytest

from conftest import run, tool, zoo_params

OPSETS = [13, 17]
MODELS = ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small",
          "efficientnet_b0", "squeezenet1_1", "bn_kept", "bn_folded",
          "resnet18_bn_kept", "mobilenet_v2_bn_kept", "bert_encoder",
          "yolo_detector", "resnet18_symbolic", "qdq_cnn", "qlinear_cnn",
          "integer_ops"]
SHAPES = {"resnet18_symbolic": ["--input-shape", "input=2x3x224x224"]}

# Weights are elided from the printed IR: the tests look at the graph.
ELIDE = ["--mlir-elide-resource-strings-if-larger=16"]

# Ops each family must contain after import (op name -> minimum count).
EXPECTED = {
    "resnet18": {"npu.conv2d": 20, "npu.max_pool2d": 1, "npu.global_avg_pool2d": 1,
                 "npu.fully_connected": 1},
    "resnet50": {"npu.conv2d": 53, "npu.fully_connected": 1},
    "mobilenet_v2": {"npu.conv2d": 52, "npu.clip": 35},
    "mobilenet_v3_small": {"npu.conv2d": 52, "npu.hard_sigmoid": 9},
    "efficientnet_b0": {"npu.conv2d": 81, "npu.unary sigmoid": 49},
    "squeezenet1_1": {"npu.conv2d": 26, "npu.concat": 8, "npu.max_pool2d": 3},
    # BatchNorm imports as a per-channel multiply-add.
    "bn_kept": {"npu.conv2d": 3, "npu.binary mul": 3, "npu.binary add": 3},
    "bn_folded": {"npu.conv2d": 3},
    # One mul and one add per BatchNormalization (20 and 52), plus the
    # residual adds (8 and 10).
    "resnet18_bn_kept": {"npu.conv2d": 20, "npu.max_pool2d": 1, "npu.global_avg_pool2d": 1,
                         "npu.fully_connected": 1, "npu.binary mul": 20, "npu.binary add": 28},
    "mobilenet_v2_bn_kept": {"npu.conv2d": 52, "npu.clip": 35, "npu.binary mul": 52,
                             "npu.binary add": 62},
    "bert_encoder": {"npu.gather": 2, "npu.matmul": 16, "npu.softmax": 2,
                     "npu.unary erf": 2},
    "yolo_detector": {"npu.leaky_relu": 1, "npu.resize": 1, "npu.concat": 1,
                      "npu.slice": 1, "npu.unary sigmoid": 1, "npu.unary exp": 1,
                      "npu.transpose": 1, "npu.reshape": 1},
    "resnet18_symbolic": {"npu.conv2d": 20},
    "qdq_cnn": {"npu.quantize": 1, "npu.dequantize": 1, "npu.conv2d": 3},
    "qlinear_cnn": {"npu.quantize": 1, "npu.dequantize": 1, "npu.conv2d": 1,
                    "npu.matmul": 1},
    "integer_ops": {"npu.conv2d": 1, "npu.matmul": 1},
}


def count_ops(ir):
    """npu op occurrences, keyed 'npu.op' and 'npu.op kind'."""
    counts = {}
    for line in ir.splitlines():
        m = re.search(r"= (npu\.[a-z_0-9]+)(?: ([a-z_]+))?", line)
        if not m:
            continue
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
        if m.group(2):
            key = f"{m.group(1)} {m.group(2)}"
            counts[key] = counts.get(key, 0) + 1
    return counts


def import_model(path, extra=()):
    return run([tool("npu-translate"), "--import-onnx", str(path), *ELIDE, *extra])


@pytest.mark.parametrize("opset", OPSETS)
@pytest.mark.parametrize("name", zoo_params(MODELS))
def test_imports_completely(model_zoo, name, opset):
    path = model_zoo / f"{name}_opset{opset}.onnx"
    result = import_model(path, SHAPES.get(name, []))
    assert result.returncode == 0, result.stderr
    ops = count_ops(result.stdout)
    for op, minimum in EXPECTED[name].items():
        assert ops.get(op, 0) >= minimum, f"{op}: {ops.get(op, 0)} < {minimum}\n{ops}"

    # Nothing is left to fold: the canonicalizer finds the same compute ops.
    canonical = run([tool("npu-opt"), "--canonicalize", *ELIDE], input=result.stdout)
    assert canonical.returncode == 0, canonical.stderr
    before = {k: v for k, v in ops.items() if not k.startswith("npu.constant")}
    after = {k: v for k, v in count_ops(canonical.stdout).items()
             if not k.startswith("npu.constant")}
    assert before == after


def test_layer_norm_forms(model_zoo):
    """Opset 17 keeps LayerNormalization; opset 13 arrives decomposed."""
    ops17 = count_ops(import_model(model_zoo / "bert_encoder_opset17.onnx").stdout)
    ops13 = count_ops(import_model(model_zoo / "bert_encoder_opset13.onnx").stdout)
    assert ops17.get("npu.layer_norm", 0) == 5
    assert ops13.get("npu.layer_norm", 0) == 0
    assert ops13.get("npu.reduce mean", 0) == 10 and ops13.get("npu.unary sqrt", 0) == 5


def test_quantized_types(model_zoo):
    ir = import_model(model_zoo / "qlinear_cnn_opset13.onnx").stdout
    # QLinearConv becomes a convolution whose result is the output's
    # quantized type; its weights are per-channel quantized constants.
    assert re.search(r"npu\.conv2d .*-> tensor<[0-9x]+!quant\.uniform<u8:f32,", ir), ir
    assert "!quant.uniform<i8:f32:0, {" in ir
    ir = import_model(model_zoo / "integer_ops_opset13.onnx").stdout
    assert re.search(r"npu\.conv2d .*-> tensor<[0-9x]+xi32>", ir), ir


@pytest.mark.parametrize("opset", OPSETS)
def test_symbolic_dimension_needs_input_shape(model_zoo, opset):
    result = import_model(model_zoo / f"resnet18_symbolic_opset{opset}.onnx")
    assert result.returncode == 1
    assert "graph input 'input' has a symbolic 'batch' dimension 0" in result.stderr
    assert "--input-shape input=" in result.stderr


def test_raised_layer_norms_match_opset17(model_zoo):
    """npu-raise-norms turns the opset-13 BERT into the opset-17 graph."""
    ir13 = import_model(model_zoo / "bert_encoder_opset13.onnx").stdout
    raised = run([tool("npu-opt"), "--npu-raise-norms", "--canonicalize", *ELIDE],
                 input=ir13)
    assert raised.returncode == 0, raised.stderr
    ir17 = import_model(model_zoo / "bert_encoder_opset17.onnx").stdout
    compute = lambda ops: {k: v for k, v in ops.items() if not k.startswith("npu.constant")}
    assert compute(count_ops(raised.stdout)) == compute(count_ops(ir17))
