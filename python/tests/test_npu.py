"""The npu Python package: compile, run, stats and traces, import, errors.

Numbers are checked against the same build's CLI tools: the simulator run
through Python must give the bytes npu-run gives, and both must track the
fp32 reference interpreter (npu-run --reference) within the precision's
error.
"""

import json
import pathlib
import warnings

import numpy as np
import pytest

import npu
from conftest import BUILD, REPO, run, tool

NODE_TESTS = pathlib.Path("/usr/share/libonnx-testdata/data/node")


def image(seed=0):
    return np.random.default_rng(seed).standard_normal((1, 3, 64, 64)).astype(np.float32)


def reference_logits(model, x, tmp_path):
    np.save(tmp_path / "image.npy", x)
    result = run([tool("npu-run"), "--reference", str(model), "--input",
                  f"image={tmp_path / 'image.npy'}", "--output", str(tmp_path / "ref"), "--quiet"])
    assert result.returncode == 0, result.stderr
    return np.load(tmp_path / "ref" / "logits.npy")


def sqnr_db(reference, actual):
    reference = reference.astype(np.float64)
    noise = np.sum((reference - actual.astype(np.float64)) ** 2)
    return float("inf") if noise == 0 else 10 * np.log10(np.sum(reference ** 2) / noise)


def test_import_onnx_returns_the_npu_dialect(tiny_resnet):
    text = npu.import_onnx(tiny_resnet)
    assert "func.func @main" in text and "npu.conv2d" in text
    assert "loc(" not in text
    located = npu.import_onnx(tiny_resnet, debug_info=True)
    assert "loc(" in located and "Conv" in located  # ONNX node names
    # A static shape for a dynamic input, as npu-translate --input-shape.
    assert "tensor<1x3x64x64xf32>" in npu.import_onnx(tiny_resnet,
                                                      input_shapes={"image": (1, 3, 64, 64)})


def test_fp16_session_matches_npu_run_and_the_reference(tiny_resnet, tmp_path):
    artifact = tmp_path / "tiny.npub"
    result = npu.compile(tiny_resnet, artifact, target="edge", precision="fp16")
    assert result.output == str(artifact) and artifact.exists()
    assert result.summary["target"] == "edge" and result.summary["commands"] > 0
    assert result.warnings == []

    session = npu.Session(artifact)
    assert session.target == "edge"
    assert [(t.name, t.dtype, t.shape) for t in session.inputs] == \
        [("image", np.dtype(np.float32), (1, 3, 64, 64))]
    x = image()
    outputs = session.run({"image": x})
    assert list(outputs) == ["logits"]
    logits = outputs["logits"]
    assert logits.dtype == np.float32 and logits.shape == session.outputs[0].shape

    # The same bytes npu-run writes for the same artifact and input.
    np.save(tmp_path / "x.npy", x)
    cli = run([tool("npu-run"), str(artifact), "--input", f"image={tmp_path / 'x.npy'}",
               "--output", str(tmp_path / "cli"), "--quiet"])
    assert cli.returncode == 0, cli.stderr
    np.testing.assert_array_equal(logits, np.load(tmp_path / "cli" / "logits.npy"))
    # fp16 on the NPU against the fp32 reference.
    assert sqnr_db(reference_logits(tiny_resnet, x, tmp_path), logits) > 40


def test_int8_with_calibration_reports_the_table_and_keeps_accuracy(tiny_resnet, tmp_path):
    samples = tmp_path / "samples"
    samples.mkdir()
    np.save(samples / "image.npy", np.concatenate([image(seed) for seed in range(1, 5)]))
    artifact = tmp_path / "tiny-int8.npub"
    result = npu.compile(tiny_resnet, artifact, precision="int8", calibration=samples,
                         calibration_method="percentile")
    assert result.precision == "int8"
    assert result.calibration_table and pathlib.Path(result.calibration_table).exists()
    session = npu.Session(artifact)
    x = image()
    logits = session.run({"image": x})["logits"]
    assert sqnr_db(reference_logits(tiny_resnet, x, tmp_path), logits) > 25
    # A later compile reuses the table without samples.
    again = npu.compile(tiny_resnet, tmp_path / "again.npub", precision="int8",
                        calibration_table=result.calibration_table)
    assert (tmp_path / "again.npub").read_bytes() == artifact.read_bytes()
    assert again.calibration_table == result.calibration_table


def test_stats_and_trace_describe_the_last_run(tiny_resnet, tmp_path):
    artifact = tmp_path / "tiny.npub"
    npu.compile(tiny_resnet, artifact)
    session = npu.Session(artifact)
    with pytest.raises(npu.SessionError, match="run with trace=True first"):
        session.write_trace(tmp_path / "none.json")
    session.run({"image": image()}, trace=True)
    stats = session.stats
    assert stats["target"] == "edge" and stats["cycles"] > 0
    assert stats["time_us"] == pytest.approx(stats["cycles"] / stats["clock_mhz"])
    assert stats["macs"] > 0 and stats["dram_bytes_read"] > 0
    for queue in stats["queues"].values():
        assert 0.0 < queue["utilisation"] <= 1.0
        assert queue["busy_cycles"] <= stats["cycles"]
    events = session.trace
    # One event per executed command but the semaphore waits and signals.
    for name, queue in stats["queues"].items():
        mine = [e for e in events if e["queue"] == name]
        assert 0 < len(mine) < queue["commands"]
        assert all(e["start_cycle"] <= e["end_cycle"] <= stats["cycles"] for e in mine)
        assert sum(e["end_cycle"] - e["start_cycle"] for e in mine) == queue["busy_cycles"]
    assert any(e["opcode"] == "conv2d" and e["node"] for e in events)

    trace = tmp_path / "trace.json"
    session.write_trace(trace)
    document = json.loads(trace.read_text())
    slices = [e for e in document["traceEvents"] if e.get("ph") == "X"]
    assert len(slices) == len(events)


def test_dump_ir_writes_the_ir_after_each_pass(tiny_resnet, tmp_path):
    dump = tmp_path / "ir"
    npu.compile(tiny_resnet, tmp_path / "tiny.npub", dump_ir=dump)
    # One directory per stage, in pipeline order; a file per pass that
    # changed the IR.
    stages = sorted(p.name for p in dump.iterdir())
    assert stages == [f"{i:02d}" for i in range(1, len(stages) + 1)], stages
    files = {p.relative_to(dump).as_posix(): p for p in dump.rglob("*.mlir")}
    passes = " ".join(files)
    for name in ("npu-fuse-activations", "npu-convert-precision", "convert-npu-to-npuhw",
                 "npuhw-plan-memory"):
        assert name in passes, (name, sorted(files))
    lowered = [p for name, p in files.items() if "npuhw-plan-memory" in name]
    assert "npuhw." in lowered[0].read_text()
    fused = [p for name, p in files.items() if "npu-fuse-activations" in name]
    assert "npu.conv2d" in fused[0].read_text()


def test_emit_graph_writes_the_int8_graph(tiny_resnet, tmp_path):
    samples = tmp_path / "samples"
    samples.mkdir()
    np.save(samples / "image.npy", image(7))
    graph = tmp_path / "graph.mlir"
    npu.compile(tiny_resnet, graph, precision="int8", calibration=samples, emit="graph")
    assert "!quant.uniform<i8" in graph.read_text()


def test_compile_errors_name_the_problem_and_leave_nothing(tmp_path):
    corrupt = tmp_path / "corrupt.onnx"
    corrupt.write_bytes(b"\x08\x07garbage")
    artifact = tmp_path / "out.npub"
    with pytest.raises(npu.CompileError, match="corrupt.onnx") as error:
        npu.compile(corrupt, artifact)
    assert isinstance(error.value, RuntimeError)
    assert not artifact.exists()
    with pytest.raises(npu.CompileError, match="int8 needs activation ranges"):
        npu.compile(REPO / "examples" / "tiny_resnet.onnx", artifact, precision="int8")
    with pytest.raises(ValueError, match="precision must be"):
        npu.compile(REPO / "examples" / "tiny_resnet.onnx", artifact, precision="int4")
    with pytest.raises(npu.CompileError, match="unknown target|no such|cannot"):
        npu.compile(REPO / "examples" / "tiny_resnet.onnx", artifact, target="nowhere")
    assert not artifact.exists()


def test_session_errors_name_the_input(tiny_resnet, tmp_path):
    artifact = tmp_path / "tiny.npub"
    npu.compile(tiny_resnet, artifact)
    session = npu.Session(artifact)
    with pytest.raises(npu.SessionError, match=r"input 'image' must be 1x3x64x64 float32; "
                                               r"got 1x3x64x64 float64"):
        session.run({"image": image().astype(np.float64)})
    with pytest.raises(npu.SessionError, match="missing input 'image'"):
        session.run({})
    with pytest.raises(npu.SessionError, match="has no input 'x'"):
        session.run({"image": image(), "x": image()})
    # Non-contiguous arrays are fine: the values, not the strides, count.
    x = np.asfortranarray(image())
    np.testing.assert_array_equal(session.run({"image": x})["logits"],
                                  session.run({"image": np.ascontiguousarray(x)})["logits"])
    corrupt = tmp_path / "corrupt.npub"
    corrupt.write_bytes(artifact.read_bytes()[:100])
    with pytest.raises(npu.SessionError, match="corrupt.npub"):
        npu.Session(corrupt)


@pytest.mark.skipif(not NODE_TESTS.exists(), reason="needs Debian's libonnx-testdata")
def test_uint8_models_take_and_give_uint8(tmp_path):
    import onnx
    from onnx import numpy_helper

    directory = NODE_TESTS / "test_qlinearmatmul_2D"
    model = onnx.load(directory / "model.onnx")
    data = directory / "test_data_set_0"

    def tensor(index, name=None):
        proto = onnx.TensorProto()
        proto.ParseFromString((data / f"{'output' if name == 'out' else 'input'}_{index}.pb").read_bytes())
        return proto

    for index, graph_input in enumerate(list(model.graph.input)[1:], start=1):
        proto = tensor(index)
        proto.name = graph_input.name
        model.graph.initializer.append(proto)
        model.graph.input.remove(graph_input)
    onnx.save(model, tmp_path / "qmatmul.onnx")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = npu.compile(tmp_path / "qmatmul.onnx", tmp_path / "q.npub")
    assert any(issubclass(w.category, npu.CompileWarning) and "split into 2 int8 parts"
               in str(w.message) for w in caught)
    assert result.warnings
    session = npu.Session(tmp_path / "q.npub")
    assert session.inputs[0].host_unsigned and session.inputs[0].dtype == np.uint8
    assert session.inputs[0].device_dtype == "i8"
    a = numpy_helper.to_array(tensor(0))
    expected = numpy_helper.to_array(tensor(0, "out"))
    np.testing.assert_array_equal(session.run({"a": a})["y"], expected)
