"""The walkthrough scripts of examples/walkthrough run and say what their
README promises (each asserts its own accuracy bound too)."""

import os
import pathlib
import sys

from conftest import BUILD, run

WALKTHROUGH = pathlib.Path(__file__).resolve().parents[2] / "examples" / "walkthrough"


def walk(script, model_zoo, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(BUILD / "python"), NPU_BUILD_DIR=str(BUILD))
    result = run([sys.executable, str(WALKTHROUGH / script), "--zoo", str(model_zoo),
                  "--work", str(tmp_path)], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_resnet_int8(model_zoo, tmp_path):
    out = walk("resnet_int8.py", model_zoo, tmp_path)
    assert "int8 vs fp32: cosine" in out and "identical artifact: True" in out


def test_bert_fp16(model_zoo, tmp_path):
    out = walk("bert_fp16.py", model_zoo, tmp_path)
    assert "fp16 vs torch fp32: cosine" in out and "matrix:" in out


def test_ir_after_each_pass(model_zoo, tmp_path):
    out = walk("ir_after_each_pass.py", model_zoo, tmp_path)
    assert "convert-npu-to-npuhw.mlir" in out and "npuhw-schedule.mlir" in out


def test_trace(model_zoo, tmp_path):
    out = walk("trace.py", model_zoo, tmp_path)
    assert (tmp_path / "tiny.trace.json").exists() and "busiest ONNX nodes" in out
