#!/usr/bin/python3
"""Measures int8 and mixed-precision accuracy against fp32 per calibration
method and writes docs/quantization-accuracy.md.

    /usr/bin/python3 bench/quantization.py [--models a,b] [--methods minmax,entropy]

Per model and calibration method:

* calibration on four seeded Gaussian samples shaped like the input (seed
  3, as test/e2e/test_int8_models.py);
* `--precision int8` and `--precision mixed` (default threshold and budget)
  compiled for edge and run on the simulator on the model's saved input;
* the SQNR of the output against the fp32 reference interpreter's on the
  same input, whether the arg-max agrees, and for mixed the layers kept in
  fp16 and the share of multiply-accumulates left in int8;
* simulated latency, so that what mixed precision costs is visible.

The figures are deterministic (seeded samples, integer simulation); they
describe seeded random weights, not a trained model's accuracy (for that,
examples/digits/evaluate.py).
"""

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("NPU_BUILD_DIR", REPO / "build"))
MODELS = ["tiny_resnet", "resnet18", "mobilenet_v2"]
METHODS = ["minmax", "percentile", "entropy", "mse"]


def tool(name):
    return str(BUILD / "bin" / name)


def run(args):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{result.stderr}")
    return result.stdout


def model_input(name, work):
    """(onnx path, input name, input .npy) of a model."""
    if name == "tiny_resnet":
        path = REPO / "examples" / "tiny_resnet.onnx"
        x = np.random.default_rng(0).standard_normal((1, 3, 64, 64)).astype(np.float32)
        np.save(work / "tiny_input.npy", x)
        return path, "image", work / "tiny_input.npy"
    zoo = BUILD / "models"
    if not (zoo / "index.json").exists():
        subprocess.run([sys.executable, str(REPO / "scripts" / "gen_model_zoo.py"),
                        "--out", str(zoo)], check=True)
    directory = zoo / f"{name}_opset17"
    manifest = json.loads((directory / "manifest.json").read_text())
    entry = manifest["inputs"][0]
    input_name = entry["name"] if isinstance(entry, dict) else entry
    return zoo / f"{name}_opset17.onnx", input_name, directory / f"{input_name}.npy"


def output_of(directory):
    files = sorted(pathlib.Path(directory).glob("*.npy"))
    return np.load(files[0]).astype(np.float64)


def sqnr_db(actual, expected):
    noise = ((actual - expected) ** 2).sum()
    return float("inf") if noise == 0 else 10 * np.log10((expected ** 2).sum() / noise)


def measure(name, methods, work):
    onnx, input_name, x = model_input(name, work)
    samples = work / f"{name}-samples"
    samples.mkdir(exist_ok=True)
    shape = np.load(x).shape[1:]
    batch = np.random.default_rng(3).standard_normal((4, *shape)).astype(np.float32)
    np.save(samples / f"{input_name}.npy", batch)
    inputs = ["--input", f"{input_name}={x}"]
    run([tool("npu-run"), "--reference", onnx, "--output", work / f"{name}-fp32",
         "--quiet", *inputs])
    fp32 = output_of(work / f"{name}-fp32")
    rows = []
    for method in methods:
        for precision in ["int8", "mixed"]:
            artifact = work / f"{name}-{method}-{precision}.npub"
            run([tool("npu-compile"), onnx, "--precision", precision, "--calibration",
                 samples, "--calibration-method", method, "-o", artifact, "--quiet"])
            out = work / f"{name}-{method}-{precision}-out"
            stats = run([tool("npu-run"), artifact, "--output", out, "--stats", *inputs])
            latency = float(re.search(r"cycles = ([\d.]+) us", stats).group(1))
            actual = output_of(out)
            row = {"model": name, "method": method, "precision": precision,
                   "sqnr_db": sqnr_db(actual, fp32),
                   "argmax": bool(actual.argmax() == fp32.argmax()),
                   "latency_us": latency}
            if precision == "mixed":
                table = json.loads(pathlib.Path(f"{artifact}.precision.json").read_text())
                layers = table["layers"]
                row["fp16_layers"] = sum(1 for v in layers.values() if v["precision"] == "fp16")
                row["layers"] = len(layers)
                row["int8_mac_share"] = table["int8_mac_share"]
            rows.append(row)
            print(f"{name:13} {method:10} {precision:5} {row['sqnr_db']:6.1f} dB",
                  file=sys.stderr)
    return rows


def render(rows):
    lines = [
        "# int8 and mixed-precision accuracy",
        "",
        "Written by `bench/quantization.py`; do not edit by hand. Seeded random",
        "weights, four seeded Gaussian calibration samples, the model's saved",
        "input; SQNR of the simulator's output against the fp32 reference",
        "interpreter's. The simulator's int8 outputs equal the int8 reference's",
        "bit for bit (test/e2e), so each figure holds for both. Mixed uses the",
        "defaults: layers under 35 dB in isolation are fp16 candidates, worst",
        "first, within 25 % of the quantizable MACs (docs/quantization.md).",
        "",
        "| model | calibration | int8 SQNR | same arg-max | mixed SQNR | same arg-max "
        "| fp16 layers (mixed) | MACs in int8 (mixed) | latency int8 / mixed (edge) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    by_key = {(r["model"], r["method"], r["precision"]): r for r in rows}
    for model in dict.fromkeys(r["model"] for r in rows):
        for method in dict.fromkeys(r["method"] for r in rows if r["model"] == model):
            i8, mx = by_key[(model, method, "int8")], by_key[(model, method, "mixed")]
            yes = lambda r: "yes" if r["argmax"] else "**no**"
            lines.append(
                f"| {model} | {method} | {i8['sqnr_db']:.1f} dB | {yes(i8)} "
                f"| {mx['sqnr_db']:.1f} dB | {yes(mx)} | {mx['fp16_layers']} of {mx['layers']} "
                f"| {100 * mx['int8_mac_share']:.0f} % "
                f"| {i8['latency_us']:.0f} / {mx['latency_us']:.0f} µs |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--output", default=str(REPO / "docs" / "quantization-accuracy.md"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models.split(","):
            rows += measure(name, args.methods.split(","), pathlib.Path(tmp))
    text = render(rows)
    pathlib.Path(args.output).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
