"""The reference interpreter reproduces the model zoo's reference outputs.

Float models are compared with the outputs PyTorch produced at export:
max |npu - torch| / max |torch| <= 1e-4 per output (a relative error over the
output's range: per-element relative errors are meaningless near zero).
The pre-quantized models (QLinear, QDQ, ConvInteger / MatMulInteger) are
compared with a numpy implementation of ONNX's integer semantics and must be
bit-exact.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import run, tool, zoo_params

OPSETS = [13, 17]
FLOAT_MODELS = ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small",
                "efficientnet_b0", "squeezenet1_1", "bn_kept", "bn_folded",
                "resnet18_bn_kept", "mobilenet_v2_bn_kept", "bert_encoder", "yolo_detector",
                "resnet18_symbolic"]
EXACT_MODELS = ["qdq_cnn", "qlinear_cnn", "integer_ops"]
TOLERANCE = 1e-4


def run_reference(model_zoo, name, opset, tmp_path, extra=()):
    directory = model_zoo / f"{name}_opset{opset}"
    manifest = json.loads((directory / "manifest.json").read_text())
    inputs = [i["name"] if isinstance(i, dict) else i for i in manifest["inputs"]]
    outputs = [o["name"] if isinstance(o, dict) else o for o in manifest["outputs"]]
    args = [tool("npu-run"), "--reference", str(model_zoo / f"{name}_opset{opset}.onnx"),
            "--output", str(tmp_path), "--quiet", *extra]
    for i in inputs:
        args += ["--input", f"{i}={directory / (i + '.npy')}"]
    if name.endswith("_symbolic"):
        shape = np.load(directory / f"{inputs[0]}.npy").shape
        args += ["--input-shape", f"{inputs[0]}={'x'.join(map(str, shape))}"]
    result = run(args)
    assert result.returncode == 0, result.stderr
    return [(np.load(tmp_path / f"{o}.npy"), np.load(directory / f"{o}.npy"), o)
            for o in outputs]


@pytest.mark.parametrize("opset", OPSETS)
@pytest.mark.parametrize("name", zoo_params(FLOAT_MODELS))
def test_float_models_match_torch(model_zoo, name, opset, tmp_path):
    for actual, expected, output in run_reference(model_zoo, name, opset, tmp_path):
        assert actual.dtype == expected.dtype and actual.shape == expected.shape, output
        error = np.abs(actual - expected).max() / np.abs(expected).max()
        assert error <= TOLERANCE, f"{output}: relative error {error:.3g}"
        if actual.ndim == 2 and actual.shape[1] > 1:  # classifier logits
            assert (actual.argmax(1) == expected.argmax(1)).all()


@pytest.mark.parametrize("opset", OPSETS)
@pytest.mark.parametrize("name", EXACT_MODELS)
def test_quantized_models_are_bit_exact(model_zoo, name, opset, tmp_path):
    for actual, expected, output in run_reference(model_zoo, name, opset, tmp_path):
        assert actual.dtype == expected.dtype and actual.shape == expected.shape, output
        np.testing.assert_array_equal(actual, expected, err_msg=output)


def test_dump_layers_names_onnx_nodes(model_zoo, tmp_path):
    """--dump-layers writes one .npy per ONNX node, named after it."""
    directory = model_zoo / "bn_kept_opset13"
    dump = tmp_path / "layers"
    result = run([tool("npu-run"), "--reference", str(model_zoo / "bn_kept_opset13.onnx"),
                  "--input", f"input={directory / 'input.npy'}", "--output",
                  str(tmp_path / "out"), "--dump-layers", str(dump), "--quiet"])
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in dump.iterdir())
    # Every compute node of the model has its tensor, e.g. the first conv.
    convs = [f for f in files if f.endswith("Conv.npy")]
    assert len(convs) == 3, files
    # The last layer's dump is the model's output.
    gemm = [f for f in files if f.endswith("Gemm.npy")]
    assert len(gemm) == 1
    np.testing.assert_array_equal(np.load(dump / gemm[0]), np.load(tmp_path / "out" / "output.npy"))
