"""Compiled models run on the simulated NPU and match torch.

Each model of issue 6 is compiled by npu-compile (graph passes, fp16,
tiling, memory planning, scheduling, codegen) for both target presets, run
by npu-run on the simulator (functional, timed, with the race detector
on), and compared with the fp32 outputs PyTorch saved for the same input:
cosine similarity of at least 0.999 and, for classifiers, the same arg-max.
"""

import numpy as np
import pytest

from conftest import run, tool, zoo_io, zoo_params

MODELS = ["resnet18", "resnet50", "mobilenet_v2", "efficientnet_b0", "yolo_detector"]
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


def test_unsupported_ops_are_all_named(model_zoo, tmp_path):
    """The BERT-style encoder's word-embedding lookup gathers rows at
    run-time token ids, which ISA 1.0 has no command for: the compile fails
    naming that ONNX node and no other (the position embeddings, at constant
    indices, and the attention products lower), and writes nothing."""
    artifact = tmp_path / "bert.npub"
    result = compile_model(model_zoo, "bert_encoder", "edge", artifact)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert "node '/word_embeddings/Gather': error: cannot run 'npu.gather' on the NPU: " \
        "the rows it reads depend on run-time indices" in errors[0]
    assert not artifact.exists()
