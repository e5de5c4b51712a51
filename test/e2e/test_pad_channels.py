"""npu-pad-channels (npu-compile --pad-channels N) changes channel counts,
never results: a CNN whose channel counts are not multiples of 16 computes
bit for bit the same on the reference interpreter with and without padding,
and its padded artifact runs on the simulator as close to the reference as
the unpadded one."""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from conftest import run, tool


def odd_channel_cnn(path):
    """Conv 3->20 (3x3) + ReLU, conv 20->12 (1x1) + ReLU, conv 12->10 (3x3):
    two intermediates whose channels pad (20 -> 32, 12 -> 16)."""
    rng = np.random.default_rng(7)
    shapes = [(20, 3, 3, 3), (12, 20, 1, 1), (10, 12, 3, 3)]
    weights = [numpy_helper.from_array(rng.standard_normal(s).astype(np.float32) * 0.3,
                                       f"w{i}") for i, s in enumerate(shapes)]
    biases = [numpy_helper.from_array(rng.standard_normal(s[0]).astype(np.float32) * 0.1,
                                      f"b{i}") for i, s in enumerate(shapes)]
    nodes = [
        helper.make_node("Conv", ["x", "w0", "b0"], ["c0"], pads=[1, 1, 1, 1], name="conv0"),
        helper.make_node("Relu", ["c0"], ["r0"], name="relu0"),
        helper.make_node("Conv", ["r0", "w1", "b1"], ["c1"], name="conv1"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["y"], pads=[1, 1, 1, 1], name="conv2"),
    ]
    graph = helper.make_graph(
        nodes, "odd_channels",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 16, 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10, 16, 16])],
        initializer=weights + biases)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def cosine(a, b):
    a, b = a.ravel().astype(np.float64), b.ravel().astype(np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_padding_changes_channels_not_results(tmp_path):
    model = tmp_path / "odd.onnx"
    odd_channel_cnn(model)
    x = np.random.default_rng(1).standard_normal((1, 3, 16, 16)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    outputs = {}
    for name, extra in (("plain", []), ("padded", ["--pad-channels", "16"])):
        graph, artifact = tmp_path / f"{name}.mlir", tmp_path / f"{name}.npub"
        for args in (["--emit", "graph", "-o", str(graph)], ["-o", str(artifact)]):
            result = run([tool("npu-compile"), str(model), "--quiet", *extra, *args])
            assert result.returncode == 0, result.stderr
        for kind, argv in (("ref", ["--reference", str(graph)]), ("sim", [str(artifact)])):
            out = tmp_path / f"{name}-{kind}"
            result = run([tool("npu-run"), *argv, "--input", f"x={tmp_path / 'x.npy'}",
                          "--output", str(out), "--quiet"])
            assert result.returncode == 0, result.stderr
            outputs[name, kind] = np.load(out / "y.npy")
        text = graph.read_text()
        if name == "padded":
            assert "tensor<1x32x16x16xf16>" in text and "tensor<1x16x16x16xf16>" in text
            assert "tensor<1x20x16x16xf16>" not in text
        else:
            assert "tensor<1x20x16x16xf16>" in text
    # The added products are zeros: the reference computes the same bits.
    assert np.array_equal(outputs["plain", "ref"], outputs["padded", "ref"])
    for name in ("plain", "padded"):
        assert cosine(outputs[name, "sim"], outputs[name, "ref"]) >= 0.99999


def test_padded_int8_artifact_is_bit_exact(tmp_path):
    """Zero channels quantize like any other (zero weights, zero bias): the
    padded int8 artifact still matches the int8 reference bit for bit."""
    model = tmp_path / "odd.onnx"
    odd_channel_cnn(model)
    samples = tmp_path / "calibration"
    samples.mkdir()
    rng = np.random.default_rng(2)
    np.save(samples / "x.npy", rng.standard_normal((4, 3, 16, 16)).astype(np.float32))
    np.save(tmp_path / "x.npy", rng.standard_normal((1, 3, 16, 16)).astype(np.float32))
    table = tmp_path / "table.json"
    common = ["--precision", "int8", "--pad-channels", "16", "--quiet"]
    result = run([tool("npu-compile"), str(model), *common, "--calibration", str(samples),
                  "--calibration-table", str(table), "-o", str(tmp_path / "int8.npub")])
    assert result.returncode == 0, result.stderr
    result = run([tool("npu-compile"), str(model), *common, "--calibration-table", str(table),
                  "--emit", "graph", "-o", str(tmp_path / "int8.mlir")])
    assert result.returncode == 0, result.stderr
    assert "1x32x16x16x!quant.uniform" in (tmp_path / "int8.mlir").read_text()
    for kind, argv in (("ref", ["--reference", str(tmp_path / "int8.mlir")]),
                       ("sim", [str(tmp_path / "int8.npub")])):
        result = run([tool("npu-run"), *argv, "--input", f"x={tmp_path / 'x.npy'}",
                      "--output", str(tmp_path / kind), "--quiet"])
        assert result.returncode == 0, result.stderr
    simulated, reference = (np.load(tmp_path / kind / "y.npy") for kind in ("sim", "ref"))
    assert np.count_nonzero(simulated != reference) == 0
