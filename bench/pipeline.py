#!/usr/bin/python3
"""Compiles the model zoo for every target, runs it on the simulator and
writes docs/performance.md.

    /usr/bin/python3 bench/pipeline.py [--targets edge,server] [--models a,b]

Per model and target:

* simulated latency (cycles at the target clock, from npu-run --stats);
* the roofline bound: max(MACs / peak MACs per cycle, compulsory bytes /
  DRAM bytes per cycle), with MACs and compulsory bytes from
  npu-report-cost on the graph the NPU computes (folded, fused, fp16;
  every op reads its inputs and weights and writes its result once), and
  the ratio bound / simulated;
* DRAM traffic simulated against the compulsory bytes;
* peak DRAM of activations against the planner's lower bound (largest total
  of tensors live at once);
* compile time (npu-compile, wall) and simulator wall time (npu-run).

The simulated numbers are deterministic; the wall times are this machine's.
Speed is measured here, never in tests.
"""

import argparse
import json
import math
import os
import pathlib
import platform
import re
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("NPU_BUILD_DIR", REPO / "build"))
MODELS = ["resnet18", "resnet50", "mobilenet_v2", "efficientnet_b0",
          "yolo_detector", "bert_encoder"]
GRAPH_PASSES = ["--canonicalize", "--npu-raise-norms", "--npu-fold-batchnorm",
                "--npu-fuse-activations", "--npu-convert-precision=precision=fp16",
                "--canonicalize"]


def tool(name):
    return str(BUILD / "bin" / name)


def model_zoo():
    out = BUILD / "models"
    if not (out / "index.json").exists():
        subprocess.run([sys.executable, str(REPO / "scripts" / "gen_model_zoo.py"),
                        "--out", str(out)], check=True)
    return out


def graph_cost(model):
    """(MACs, compulsory bytes) of the graph the NPU computes."""
    imported = subprocess.run([tool("npu-translate"), "--import-onnx", str(model)],
                              capture_output=True, text=True, check=True).stdout
    report = subprocess.run([tool("npu-opt"), *GRAPH_PASSES, "--npu-report-cost",
                             "-o", "/dev/null"],
                            input=imported, capture_output=True, text=True, check=True).stderr
    macs = int(re.search(r"(\d+) MACs", report).group(1))
    compulsory = int(re.search(r"(\d+) compulsory bytes", report).group(1))
    return macs, compulsory


def target_figures(name):
    text = subprocess.run([tool("npu-translate"), "--print-target", name],
                          capture_output=True, text=True, check=True).stdout
    return json.loads(text)


def run_one(zoo, name, target, work):
    onnx = zoo / f"{name}_opset17.onnx"
    artifact = work / f"{name}.{target}.npub"
    report = work / f"{name}.{target}.json"
    start = time.perf_counter()
    compiled = subprocess.run([tool("npu-compile"), str(onnx), "-o", str(artifact),
                               "--target", target, "--precision", "fp16", "--quiet",
                               "--report", str(report)], capture_output=True, text=True)
    compile_seconds = time.perf_counter() - start
    if compiled.returncode != 0:
        reasons = sorted(set(re.findall(r"cannot run '([\w.]+)' on the NPU", compiled.stderr)))
        return {"error": "does not compile: no NPU lowering for " + ", ".join(reasons)
                if reasons else compiled.stderr.strip().splitlines()[0]}
    summary = json.loads(report.read_text())
    directory = zoo / f"{name}_opset17"
    manifest = json.loads((directory / "manifest.json").read_text())
    args = [tool("npu-run"), str(artifact), "--output", str(work / "out"), "--stats"]
    for entry in manifest["inputs"]:
        n = entry["name"] if isinstance(entry, dict) else entry
        args += ["--input", f"{n}={directory / (n + '.npy')}"]
    start = time.perf_counter()
    ran = subprocess.run(args, capture_output=True, text=True, check=True)
    run_seconds = time.perf_counter() - start
    stats = ran.stdout
    cycles = int(re.search(r"simulated on '\w+' at \d+ MHz: (\d+) cycles", stats).group(1))
    read = int(re.search(r"DRAM read (\d+) bytes", stats).group(1))
    written = int(re.search(r"written (\d+) bytes", stats).group(1))
    utilisation = {m.group(1): float(m.group(2)) for m in
                   re.finditer(r"^\s+(\w+)\s+\d+\s+\d+\s+([\d.]+)%", stats, re.M)}
    return {"cycles": cycles, "dram_bytes": read + written,
            "scratch": summary["scratch_bytes"], "scratch_bound": summary["scratch_lower_bound"],
            "compile_seconds": compile_seconds, "run_seconds": run_seconds,
            "matrix_utilisation": utilisation.get("matrix", 0.0),
            "layer_groups": summary.get("layer_groups", 0),
            "grouped_convs": summary.get("grouped_convs", 0)}


def mib(n):
    return f"{n / 1048576:.1f} MiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", default="edge,server")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--output", default=str(REPO / "docs" / "performance.md"))
    args = parser.parse_args()
    zoo = model_zoo()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for name in args.models.split(","):
            macs, compulsory = graph_cost(zoo / f"{name}_opset17.onnx")
            for target in args.targets.split(","):
                figures = target_figures(target)
                matrix = figures["matrix_engine"]
                peak = matrix["rows"] * matrix["cols"] // matrix["fp16_cycles_per_mac"]
                compute_bound = math.ceil(macs / peak)
                memory_bound = math.ceil(compulsory / figures["dram"]["bytes_per_cycle"])
                result = run_one(zoo, name, target, work)
                result.update(name=name, target=target, macs=macs, compulsory=compulsory,
                              clock=figures["clock_mhz"], compute_bound=compute_bound,
                              memory_bound=memory_bound)
                rows.append(result)
                print(json.dumps(result), flush=True)

    lines = [
        "# Performance of compiled models on the simulated NPU",
        "",
        "Written by `bench/pipeline.py` (do not edit by hand); "
        f"host: {platform.machine()}, {os.cpu_count()} cores. Every model is "
        "compiled by `npu-compile --precision fp16` and run by `npu-run` on "
        "the timed simulator with the zoo's saved input "
        "(`test/e2e/test_compile_models.py` checks the same runs against torch).",
        "",
        "* **bound**: the roofline, max(MACs / peak fp16 MACs per cycle, compulsory "
        "bytes / DRAM bytes per cycle). Compulsory bytes are per op "
        "(`npu-report-cost` on the folded, fused fp16 graph): every op reads its "
        "inputs and weights once and writes its result once. **bound / simulated** "
        "is the share of the roofline reached.",
        "* **DRAM / compulsory**: bytes the simulated DMA moved against those "
        "compulsory bytes.",
        "* **activations / bound**: the DRAM the memory plan gives activations "
        "against the largest total of tensors live at one point.",
        "* **layer groups**: chains of convolutions tiled together with their "
        "intermediate rows kept in SRAM (groups / convolutions in them); their "
        "intermediates never reach DRAM, so DRAM / compulsory can fall below 1.",
        "* **compile** and **simulator** are wall times on this machine.",
        "",
        "| model | target | simulated | bound | bound / simulated | limited by | "
        "matrix busy | DRAM / compulsory | activations / bound | layer groups | "
        "compile | simulator |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['name']} | {r['target']} | {r['error']} | | | | | | | | | |")
            continue
        bound = max(r["compute_bound"], r["memory_bound"])
        limited = "DRAM" if r["memory_bound"] >= r["compute_bound"] else "MACs"
        us = r["cycles"] / r["clock"]
        lines.append(
            f"| {r['name']} | {r['target']} | {us:,.0f} us ({r['cycles']:,} cycles) | "
            f"{bound / r['clock']:,.0f} us | {100 * bound / r['cycles']:.0f} % | {limited} | "
            f"{r['matrix_utilisation']:.0f} % | "
            f"{mib(r['dram_bytes'])} / {mib(r['compulsory'])} "
            f"({r['dram_bytes'] / r['compulsory']:.2f}x) | "
            f"{mib(r['scratch'])} / {mib(r['scratch_bound'])} "
            f"({r['scratch'] / max(1, r['scratch_bound']):.2f}x) | "
            f"{r['layer_groups']} / {r['grouped_convs']} | "
            f"{r['compile_seconds']:.2f} s | {r['run_seconds']:.2f} s |")
    notes = (REPO / "bench" / "performance-notes.md")
    if notes.exists():
        lines += ["", notes.read_text().rstrip()]
    pathlib.Path(args.output).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
