"""Pre-quantized ONNX models on the simulated NPU.

The zoo's QDQ CNN (QuantizeLinear / DequantizeLinear around float Conv and
MatMul, as onnxruntime's quantize_static writes) and QLinear CNN
(QLinearConv, QLinearMatMul) compile through npu-legalize-quantized onto the
int8 path, with uint8 activations and per-channel int8 weights, for both
presets. Their simulated outputs must equal, bit for bit, the outputs the
zoo generator saved (the reference interpreter's, which the conformance
suite ties to ONNX's node tests).

ONNX's own QLinearConv / QLinearMatMul node tests feed raw uint8 tensors
into and out of the model and use uint8 weights whose w - z_w spans 9 bits:
the artifact marks those inputs and outputs host-unsigned (the runtime flips
their top bits) and the weights are split into int8 parts; the simulated
outputs must equal the node tests' expected outputs.
"""

import pathlib

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

from conftest import run, tool, zoo_io, zoo_params

MODELS = ["qdq_cnn", "qlinear_cnn"]
NODE_TESTS = pathlib.Path("/usr/share/libonnx-testdata/data/node")


@pytest.mark.parametrize("target", ["edge", "server"])
@pytest.mark.parametrize("opset", [13, 17])
@pytest.mark.parametrize("name", zoo_params(MODELS))
def test_prequantized_model_is_bit_exact(model_zoo, name, opset, target, tmp_path):
    artifact = tmp_path / "model.npub"
    result = run([tool("npu-compile"), str(model_zoo / f"{name}_opset{opset}.onnx"),
                  "--target", target, "-o", str(artifact)])
    assert result.returncode == 0, result.stderr
    directory, input_args, outputs = zoo_io(model_zoo, name, opset)
    result = run([tool("npu-run"), str(artifact), "--output", str(tmp_path / "out"),
                  "--quiet", *input_args])
    assert result.returncode == 0, result.stderr
    for output in outputs:
        actual = np.load(tmp_path / "out" / f"{output}.npy")
        expected = np.load(directory / f"{output}.npy")
        assert actual.dtype == expected.dtype and actual.shape == expected.shape
        np.testing.assert_array_equal(actual, expected)


def test_the_products_run_in_int8(model_zoo, tmp_path):
    """The QDQ model's float-typed products become int8 products."""
    graph = tmp_path / "graph.mlir"
    result = run([tool("npu-compile"), str(model_zoo / "qdq_cnn_opset17.onnx"),
                  "--emit", "graph", "-o", str(graph)])
    assert result.returncode == 0, result.stderr
    text = graph.read_text()
    assert text.count("npu.conv2d") == 3
    for line in text.splitlines():
        if "= npu.conv2d" in line or "= npu.matmul" in line:
            assert "-> tensor<" in line and "!quant.uniform<i8:f32" in line.split("->")[-1], line


def frozen_node_test(name, tmp_path):
    """An ONNX node test with every input but the first made an initializer
    (scales, zero points and weights are constants in exported models)."""
    directory = NODE_TESTS / name
    model = onnx.load(directory / "model.onnx")
    data = directory / "test_data_set_0"
    for index, graph_input in enumerate(list(model.graph.input)[1:], start=1):
        tensor = onnx.TensorProto()
        tensor.ParseFromString((data / f"input_{index}.pb").read_bytes())
        tensor.name = graph_input.name
        model.graph.initializer.append(tensor)
        model.graph.input.remove(graph_input)
    path = tmp_path / f"{name}.onnx"
    onnx.save(model, path)
    return path


def load_tensor(path):
    tensor = onnx.TensorProto()
    tensor.ParseFromString(path.read_bytes())
    return numpy_helper.to_array(tensor)


@pytest.mark.skipif(not NODE_TESTS.exists(), reason="needs Debian's libonnx-testdata")
@pytest.mark.parametrize("target", ["edge", "server"])
@pytest.mark.parametrize("name,split", [("test_qlinearconv", "[-255, 0]"),
                                        ("test_qlinearmatmul_2D", "[-114, 141]"),
                                        ("test_qlinearmatmul_3D", "[-114, 141]")])
def test_onnx_qlinear_node_tests_are_bit_exact(name, split, target, tmp_path):
    artifact = tmp_path / "model.npub"
    result = run([tool("npu-compile"), str(frozen_node_test(name, tmp_path)),
                  "--target", target, "-o", str(artifact)])
    assert result.returncode == 0, result.stderr
    # The uint8 weights with a zero point leave int8: split, and said so.
    assert f"span {split}, beyond int8: split into 2 int8 parts" in result.stderr
    disassembly = run([tool("npu-translate"), "--disassemble", str(artifact)])
    assert disassembly.returncode == 0, disassembly.stderr
    boundary = [line for line in disassembly.stdout.splitlines()
                if line.startswith((".input", ".output"))]
    assert len(boundary) == 2 and all("dtype=i8" in l and "host=u8" in l for l in boundary)

    data = NODE_TESTS / name / "test_data_set_0"
    model = onnx.load(NODE_TESTS / name / "model.onnx")
    x = load_tensor(data / "input_0.pb")
    expected = load_tensor(data / "output_0.pb")
    assert x.dtype == np.uint8 and expected.dtype == np.uint8
    np.save(tmp_path / "x.npy", x)
    result = run([tool("npu-run"), str(artifact), "--output", str(tmp_path / "out"), "--quiet",
                  "--input", f"{model.graph.input[0].name}={tmp_path / 'x.npy'}"])
    assert result.returncode == 0, result.stderr
    actual = np.load(tmp_path / "out" / f"{model.graph.output[0].name}.npy")
    assert actual.dtype == np.uint8 and actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)


@pytest.mark.skipif(not NODE_TESTS.exists(), reason="needs Debian's libonnx-testdata")
def test_a_uint8_input_must_be_given_as_uint8(tmp_path):
    artifact = tmp_path / "model.npub"
    result = run([tool("npu-compile"), str(frozen_node_test("test_qlinearmatmul_2D", tmp_path)),
                  "-o", str(artifact)])
    assert result.returncode == 0, result.stderr
    np.save(tmp_path / "a.npy", np.zeros((2, 4), np.int8))
    result = run([tool("npu-run"), str(artifact), "--output", str(tmp_path / "out"),
                  "--input", f"a={tmp_path / 'a.npy'}"])
    assert result.returncode != 0
    assert "input 'a' must be 2x4 uint8; got 2x4 int8" in result.stderr, result.stderr
