"""Shared by the walkthrough scripts: the build's npu package and the model zoo.

The zoo (scripts/gen_model_zoo.py: torchvision CNNs with seeded weights, a
BERT-style encoder, each with a torch fp32 input/output pair) is generated
into <build>/models by the tests; run `scripts/test.sh` once, or give
--zoo DIR.
"""

import argparse
import os
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("NPU_BUILD_DIR", REPO / "build"))
sys.path.insert(0, str(BUILD / "python"))

import numpy as np  # noqa: E402


def arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--zoo", type=pathlib.Path, default=BUILD / "models",
                        help="model zoo directory (default: <build>/models)")
    parser.add_argument("--work", type=pathlib.Path, default=pathlib.Path("walkthrough-out"),
                        help="where artifacts, tables and traces go")
    parser.add_argument("--target", default="edge", help="edge, server or a target JSON")
    args = parser.parse_args()
    if not (args.zoo / "index.json").exists():
        print(f"generating the model zoo into {args.zoo} (about a minute)", flush=True)
        subprocess.run([sys.executable, str(REPO / "scripts" / "gen_model_zoo.py"),
                        "--out", str(args.zoo)], check=True)
    args.work.mkdir(parents=True, exist_ok=True)
    return args


def zoo_model(zoo, name, opset=17):
    """(model path, {input: array}, {output: torch fp32 array})."""
    directory = zoo / f"{name}_opset{opset}"
    import json
    manifest = json.loads((directory / "manifest.json").read_text())
    inputs = {t["name"]: np.load(directory / t["file"]) for t in manifest["inputs"]}
    outputs = {t["name"]: np.load(directory / t["file"]) for t in manifest["outputs"]}
    return zoo / f"{name}_opset{opset}.onnx", inputs, outputs


def compare(reference, actual):
    """Cosine similarity and SQNR (dB) of `actual` against `reference`."""
    r, a = reference.astype(np.float64).ravel(), actual.astype(np.float64).ravel()
    cosine = float(r @ a / (np.linalg.norm(r) * np.linalg.norm(a)))
    noise = float(np.sum((r - a) ** 2))
    sqnr = float("inf") if noise == 0 else 10 * np.log10(float(np.sum(r ** 2)) / noise)
    return cosine, sqnr
