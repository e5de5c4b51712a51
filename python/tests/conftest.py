"""The npu package under test is the build's (<build>/python), next to the
build's tools, which some tests compare against."""

import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("NPU_BUILD_DIR", REPO / "build"))
sys.path.insert(0, str(BUILD / "python"))


def tool(name):
    path = BUILD / "bin" / name
    if not path.exists():
        pytest.fail(f"{path} is not built")
    return str(path)


def run(args):
    return subprocess.run(args, capture_output=True, text=True)


@pytest.fixture(scope="session")
def tiny_resnet():
    """The bundled example: input "image" 1x3x64x64 float32, output "logits"."""
    return REPO / "examples" / "tiny_resnet.onnx"
