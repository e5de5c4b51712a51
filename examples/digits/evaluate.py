#!/usr/bin/python3
"""Held-out accuracy of the digits CNN in int8 on the simulated NPU, per
calibration method.

    /usr/bin/python3 examples/digits/evaluate.py WORK_DIR [--bin build/bin]
                     [--target edge] [--json results.json]

Trains the model into WORK_DIR first (train_digits.py) unless it is there.
Then, for each calibration method:

  1. calibrate on the 128 calibration images with a batch-1 compile, which
     writes the table (`--emit graph`);
  2. compile the 360-image test batch to an int8 artifact, reusing the table;
  3. run it on the simulator and score the arg-max against the labels;
  4. run the same compile's int8 graph on the reference interpreter and
     count the logits that differ from the simulator's (0: bit-exact).

fp16 on the simulator and torch's fp32 are the baselines; the logits' SQNR
is against the fp32 model on the reference interpreter. Prints a Markdown
table (docs/quantization.md quotes it) and writes the numbers as JSON.
"""

import argparse
import json
import pathlib
import subprocess
import sys

import numpy as np

METHODS = ["minmax", "percentile", "entropy", "mse"]
HERE = pathlib.Path(__file__).resolve().parent


def run(args):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, args))}\n{result.stderr}")
    return result.stdout


def simulate(tools, artifact, images, out):
    stdout = run([tools / "npu-run", artifact, "--input", f"digits={images}",
                  "--output", out])
    cycles = next(int(line.split()[1]) for line in stdout.splitlines()
                  if line.startswith("simulated:"))
    return np.load(out / "logits.npy"), cycles


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work_dir", type=pathlib.Path)
    parser.add_argument("--bin", type=pathlib.Path,
                        default=HERE.parent.parent / "build" / "bin")
    parser.add_argument("--target", default="edge")
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()
    work, tools = args.work_dir, args.bin.resolve()
    if not (work / "summary.json").exists():
        run([sys.executable, HERE / "train_digits.py", work])
    summary = json.loads((work / "summary.json").read_text())
    model, images = work / "digits_cnn.onnx", work / "test_images.npy"
    labels = np.load(work / "test_labels.npy")
    batch = f"digits={len(labels)}x1x8x8"

    run([tools / "npu-run", "--reference", model, "--input-shape", batch, "--input",
         f"digits={images}", "--output", work / "fp32-ref", "--quiet"])
    fp32_logits = np.load(work / "fp32-ref" / "logits.npy").astype(np.float64)

    def sqnr_db(logits):
        noise = ((logits.astype(np.float64) - fp32_logits) ** 2).sum()
        return float(10 * np.log10((fp32_logits ** 2).sum() / noise)) if noise else float("inf")

    results = {"torch_fp32": summary["torch_fp32_test_accuracy"] * 100,
               "test_images": len(labels), "target": args.target, "methods": {}}
    run([tools / "npu-compile", model, "--input-shape", batch, "--precision", "fp16",
         "--target", args.target, "-o", work / "fp16.npub", "--quiet"])
    logits, cycles = simulate(tools, work / "fp16.npub", images, work / "fp16-out")
    results["fp16"] = {"accuracy": float((logits.argmax(1) == labels).mean() * 100),
                       "cycles": cycles, "sqnr_db": sqnr_db(logits)}
    for method in METHODS:
        table = work / f"{method}.calibration.json"
        run([tools / "npu-compile", model, "--input-shape", "digits=1x1x8x8",
             "--precision", "int8", "--calibration", work / "calibration",
             "--calibration-method", method, "--calibration-table", table,
             "--emit", "graph", "-o", work / f"{method}-b1.mlir", "--quiet"])
        common = [tools / "npu-compile", model, "--input-shape", batch, "--precision",
                  "int8", "--calibration-table", table, "--quiet"]
        run(common + ["--target", args.target, "-o", work / f"{method}.npub"])
        run(common + ["--emit", "graph", "-o", work / f"{method}.mlir"])
        logits, cycles = simulate(tools, work / f"{method}.npub", images,
                                  work / f"{method}-sim")
        run([tools / "npu-run", "--reference", work / f"{method}.mlir", "--input",
             f"digits={images}", "--output", work / f"{method}-ref", "--quiet"])
        reference = np.load(work / f"{method}-ref" / "logits.npy")
        results["methods"][method] = {
            "accuracy": float((logits.argmax(1) == labels).mean() * 100),
            "cycles": cycles, "sqnr_db": sqnr_db(logits),
            "logits_differing_from_reference": int(np.count_nonzero(logits != reference)),
        }

    fp32 = results["torch_fp32"]
    print(f"digits CNN, {len(labels)} held-out images, '{args.target}' target\n")
    print("| precision | calibration | accuracy | vs fp32 | logits' SQNR vs fp32 | simulated time | bit-exact to int8 reference |")
    print("|---|---|---|---|---|---|---|")
    print(f"| fp32 (torch) | | {fp32:.2f} % | | | | |")
    fp16 = results["fp16"]
    print(f"| fp16 | | {fp16['accuracy']:.2f} % | {fp16['accuracy'] - fp32:+.2f} | "
          f"{fp16['sqnr_db']:.1f} dB | {fp16['cycles'] / 1000:.1f} k cycles | |")
    for method, r in results["methods"].items():
        exact = "yes" if r["logits_differing_from_reference"] == 0 else \
            f"no ({r['logits_differing_from_reference']} logits differ)"
        print(f"| int8 | {method} | {r['accuracy']:.2f} % | {r['accuracy'] - fp32:+.2f} | "
              f"{r['sqnr_db']:.1f} dB | {r['cycles'] / 1000:.1f} k cycles | {exact} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
