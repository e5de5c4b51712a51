"""Graph passes keep the model's function: run on the reference before and
after, on the model zoo.

npu-fold-batchnorm must leave no per-channel multiply after a convolution
in the BatchNorm-kept exports, and the folded model must still match the
outputs PyTorch produced (same tolerance as the unfolded import).
"""

import re

import numpy as np
import pytest

from conftest import run, tool, zoo_io, zoo_params

BN_MODELS = ["bn_kept", "resnet18_bn_kept", "mobilenet_v2_bn_kept"]
TOLERANCE = 1e-4


def import_model(model_zoo, name, opset, tmp_path):
    mlir = tmp_path / f"{name}.mlir"
    result = run([tool("npu-translate"), "--import-onnx",
                  str(model_zoo / f"{name}_opset{opset}.onnx"),
                  "--mlir-print-debuginfo", "-o", str(mlir)])
    assert result.returncode == 0, result.stderr
    return mlir


def count_binary(path, kind):
    return len(re.findall(rf"npu\.binary {kind} ", path.read_text()))


def run_on_reference(model_zoo, name, opset, mlir, tmp_path):
    """Runs `mlir` on the reference with the zoo model's saved inputs;
    returns (actual, expected, output name) per output."""
    directory, input_args, outputs = zoo_io(model_zoo, name, opset)
    result = run([tool("npu-run"), "--reference", str(mlir), "--output",
                  str(tmp_path / "out"), "--quiet", *input_args])
    assert result.returncode == 0, result.stderr
    return [(np.load(tmp_path / "out" / f"{o}.npy"), np.load(directory / f"{o}.npy"), o)
            for o in outputs]


def relative_error(actual, expected):
    return np.abs(actual - expected).max() / np.abs(expected).max()


@pytest.mark.parametrize("opset", [13, 17])
@pytest.mark.parametrize("name", zoo_params(BN_MODELS))
def test_fold_batchnorm_removes_bn_and_keeps_outputs(model_zoo, name, opset, tmp_path):
    imported = import_model(model_zoo, name, opset, tmp_path)
    folded = tmp_path / "folded.mlir"
    result = run([tool("npu-opt"), str(imported), "--npu-fold-batchnorm",
                  "--mlir-print-debuginfo", "-o", str(folded)])
    assert result.returncode == 0, result.stderr
    before, after = count_binary(imported, "mul"), count_binary(folded, "mul")
    assert before > 0 and after == 0, (before, after)
    assert count_binary(folded, "add") < count_binary(imported, "add")

    ((actual, expected, _),) = run_on_reference(model_zoo, name, opset, folded, tmp_path)
    error = relative_error(actual, expected)
    assert error <= TOLERANCE, f"relative error {error:.3g}"
    assert (actual.argmax(1) == expected.argmax(1)).all()


# Models with ReLU or ReLU6 after their convolutions (EfficientNet and the
# YOLO-style detector use SiLU, which is not a clamp).
FUSE_MODELS = ["resnet18", "mobilenet_v2", "mobilenet_v3_small", "squeezenet1_1",
               "resnet18_bn_kept"]


def count_activations(path):
    text = path.read_text()
    return len(re.findall(r"npu\.unary relu ", text)) + len(re.findall(r"npu\.clip ", text))


@pytest.mark.parametrize("name", zoo_params(FUSE_MODELS))
def test_fold_and_fuse_keep_outputs(model_zoo, name, tmp_path):
    """After BatchNorm folding and activation fusion the models still match
    torch, and ReLU / ReLU6 after convolutions are gone."""
    opset = 17
    imported = import_model(model_zoo, name, opset, tmp_path)
    fused = tmp_path / "fused.mlir"
    result = run([tool("npu-opt"), str(imported), "--npu-fold-batchnorm",
                  "--npu-fuse-activations", "--mlir-print-debuginfo", "-o", str(fused)])
    assert result.returncode == 0, result.stderr
    before, after = count_activations(imported), count_activations(fused)
    assert "clamp = array<f32" in fused.read_text()
    assert after < before, (before, after)
    for actual, expected, out in run_on_reference(model_zoo, name, opset, fused, tmp_path):
        error = relative_error(actual, expected)
        assert error <= TOLERANCE, f"{out}: relative error {error:.3g}"


# The models issue 6 compiles, at the stage the NPU computes them: folded,
# fused, in fp16 (fp16 storage, fp32 accumulation), on the reference.
FP16_MODELS = ["resnet18", "resnet50", "mobilenet_v2", "efficientnet_b0",
               "bert_encoder", "yolo_detector"]
FP16_MIN_COSINE = 0.999


@pytest.mark.parametrize("name", zoo_params(FP16_MODELS))
def test_fp16_graph_keeps_accuracy(model_zoo, name, tmp_path):
    opset = 17
    imported = import_model(model_zoo, name, opset, tmp_path)
    half = tmp_path / "fp16.mlir"
    result = run([tool("npu-opt"), str(imported), "--npu-fold-batchnorm",
                  "--npu-fuse-activations", "--npu-convert-precision=precision=fp16",
                  "--mlir-print-debuginfo", "-o", str(half)])
    assert result.returncode == 0, result.stderr
    assert "xf16>" in half.read_text()
    results = run_on_reference(model_zoo, name, opset, half, tmp_path)
    for actual, expected, out in results:
        a, e = actual.astype(np.float64).ravel(), expected.astype(np.float64).ravel()
        cosine = a @ e / (np.linalg.norm(a) * np.linalg.norm(e))
        assert cosine >= FP16_MIN_COSINE, f"{out}: cosine {cosine:.6f}"
    logits, reference, _ = results[0]
    if logits.ndim == 2 and logits.shape[1] > 1:  # classifiers
        assert (logits.argmax(1) == reference.argmax(1)).all()


@pytest.mark.parametrize("opset", [13, 17])
def test_raise_gelu_keeps_bert_outputs(model_zoo, opset, tmp_path):
    """The encoder's two erf-spelled GELUs become gelu_erf and its output
    still matches torch."""
    imported = import_model(model_zoo, "bert_encoder", opset, tmp_path)
    raised = tmp_path / "raised.mlir"
    result = run([tool("npu-opt"), str(imported), "--canonicalize", "--npu-raise-gelu",
                  "--mlir-print-debuginfo", "-o", str(raised)])
    assert result.returncode == 0, result.stderr
    text = raised.read_text()
    assert "npu.unary erf" in imported.read_text()
    assert "npu.unary erf" not in text
    assert len(re.findall(r"npu\.unary gelu_erf ", text)) == 2
    for actual, expected, out in run_on_reference(model_zoo, "bert_encoder", opset, raised,
                                                  tmp_path):
        error = relative_error(actual, expected)
        assert error <= TOLERANCE, f"{out}: relative error {error:.3g}"
