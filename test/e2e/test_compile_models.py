"""Compiled models run on the simulated NPU and match torch.

Each model of issue 6 is compiled by npu-compile (graph passes, fp16,
tiling, memory planning, scheduling, codegen) for both target presets, run
by npu-run on the simulator (functional, timed, with the race detector
on), and compared with the fp32 outputs PyTorch saved for the same input:
cosine similarity of at least 0.999 and, for classifiers, the same arg-max.
"""

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from conftest import run, tool, zoo_io, zoo_params

MODELS = ["resnet18", "resnet50", "mobilenet_v2", "efficientnet_b0", "bert_encoder",
          "yolo_detector"]
TARGETS = ["edge", "server"]
MIN_COSINE = 0.999


def compile_model(model_zoo, name, target, path, *extra):
    result = run([tool("npu-compile"), str(model_zoo / f"{name}_opset17.onnx"), "-o",
                  str(path), "--target", target, "--precision", "fp16", *extra])
    return result


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("name", zoo_params(MODELS))
def test_compiled_model_matches_torch(model_zoo, name, target, tmp_path):
    artifact = tmp_path / f"{name}.npub"
    result = compile_model(model_zoo, name, target, artifact)
    assert result.returncode == 0, result.stderr
    directory, input_args, outputs = zoo_io(model_zoo, name, 17)
    result = run([tool("npu-run"), str(artifact), "--output", str(tmp_path / "out"),
                  "--stats", *input_args])
    assert result.returncode == 0, result.stderr
    assert f"simulated on '{target}'" in result.stdout
    for i, out in enumerate(outputs):
        actual = np.load(tmp_path / "out" / f"{out}.npy").astype(np.float64)
        expected = np.load(directory / f"{out}.npy").astype(np.float64)
        assert actual.shape == expected.shape
        a, e = actual.ravel(), expected.ravel()
        cosine = a @ e / (np.linalg.norm(a) * np.linalg.norm(e))
        assert cosine >= MIN_COSINE, f"{out}: cosine {cosine:.6f}"
        if i == 0 and actual.ndim == 2 and actual.shape[1] > 1:  # classifiers
            assert (actual.argmax(1) == expected.argmax(1)).all()


def test_compilation_is_deterministic(model_zoo, tmp_path):
    first, second = tmp_path / "a.npub", tmp_path / "b.npub"
    for path in (first, second):
        result = compile_model(model_zoo, "mobilenet_v2", "edge", path)
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()


def test_unsupported_ops_are_all_named(tmp_path):
    """Every op the NPU cannot run is an error at its ONNX node, all of them
    in one compile, and nothing is written: here a linear resize and a
    gather along columns, around a convolution that would lower."""
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
         helper.make_node("Resize", ["c", "", "scales"], ["r"], name="upsample",
                          mode="linear"),
         helper.make_node("Gather", ["r", "cols"], ["g"], name="pick_columns", axis=3)],
        "unsupported",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 8, 8])],
        [helper.make_tensor_value_info("g", TensorProto.FLOAT, [1, 4, 16, 2])],
        [helper.make_tensor("w", TensorProto.FLOAT, [4, 4, 3, 3],
                            np.random.default_rng(0).standard_normal(144).tolist()),
         helper.make_tensor("scales", TensorProto.FLOAT, [4], [1, 1, 2, 2]),
         helper.make_tensor("cols", TensorProto.INT64, [2], [0, 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model, full_check=True)
    path = tmp_path / "unsupported.onnx"
    onnx.save(model, path)
    artifact = tmp_path / "unsupported.npub"
    result = run([tool("npu-compile"), str(path), "-o", str(artifact), "--target", "edge"])
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, result.stderr
    assert "node 'upsample': error: cannot run 'npu.resize' on the NPU: only 4-D " \
        "nearest resizing is lowered" in errors[0]
    assert "node 'pick_columns': error: cannot run 'npu.gather' on the NPU: only " \
        "gathers along axis 0 (rows) are lowered" in errors[1]
    assert not artifact.exists()


def test_embedding_ids_out_of_range_fault(model_zoo, tmp_path):
    """A token id outside the vocabulary is a simulator fault at the
    embedding lookup's node, not a read of other memory; no output is
    written. Negative ids count from the end, as in ONNX."""
    artifact = tmp_path / "bert.npub"
    result = compile_model(model_zoo, "bert_encoder", "edge", artifact)
    assert result.returncode == 0, result.stderr
    directory, _, _ = zoo_io(model_zoo, "bert_encoder", 17)
    ids = np.load(directory / "input_ids.npy")
    ids[0, 5] = 1000  # the vocabulary has 1000 entries
    np.save(tmp_path / "bad.npy", ids)
    result = run([tool("npu-run"), str(artifact), "--input", f"input_ids={tmp_path / 'bad.npy'}",
                  "--output", str(tmp_path / "out")])
    assert result.returncode != 0
    assert "fault: DMA out of range" in result.stderr
    assert "(gather, node '/word_embeddings/Gather'): index 1000 (destination row 5) " \
        "is outside the 1000-row table" in result.stderr
    assert not (tmp_path / "out" / "last_hidden_state.npy").exists()
