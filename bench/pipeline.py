#!/usr/bin/python3
"""Compiles the model zoo for every target and precision, runs it on the
simulator and writes docs/performance.md; ONNX Runtime's CPU time for the
same models, measured in the same run, stands beside the simulator's.

    /usr/bin/python3 bench/pipeline.py [--targets edge,server]
        [--precisions fp16,int8] [--models a,b]

Per model, target and precision:

* simulated latency (cycles at the target clock, from the simulator's
  statistics) and the matrix engine's utilisation;
* the roofline bound: max(MACs / peak MACs per cycle, compulsory bytes /
  DRAM bytes per cycle), with MACs and compulsory bytes from
  npu-report-cost on the graph the NPU computes (folded, fused, fp16;
  every op reads its inputs and weights and writes its result once), and
  the ratio bound / simulated. int8 uses the int8 peak and the cost of
  the int8 graph (int8 tensors are one byte an element);
* DRAM traffic simulated against the compulsory bytes;
* peak DRAM of activations against the planner's lower bound (largest total
  of tensors live at once);
* compile time (npu-compile, wall; int8 includes calibration on 4 seeded
  samples) and simulator wall time (npu.Session.run in process, median of
  --runs, after a warm-up);
* ONNX Runtime's fp32 CPU time (npm onnxruntime-node, installed by this
  script with ONNXRUNTIME_NODE_INSTALL=skip into <build>/bench-onnxruntime;
  median of --runs after a warm-up, 1 intra-op thread like the simulator,
  and with every core), and the ratio simulator wall time / ONNX Runtime.

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
import shutil
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


sys.path.insert(0, str(BUILD / "python"))
import numpy as np  # noqa: E402

import npu  # noqa: E402

ONNXRUNTIME_DIR = BUILD / "bench-onnxruntime"


def install_onnxruntime():
    """npm's onnxruntime-node (its CPU library ships in the package; the
    install script, which fetches GPU providers, is skipped)."""
    for program in ("node", "npm"):
        if shutil.which(program) is None:
            sys.exit(f"bench/pipeline.py: '{program}' is not installed; ONNX Runtime's "
                     "timings come from npm's onnxruntime-node (apt-get install nodejs npm)")
    ONNXRUNTIME_DIR.mkdir(exist_ok=True)
    source = REPO / "bench" / "onnxruntime"
    for name in ("package.json", "time_model.mjs"):
        (ONNXRUNTIME_DIR / name).write_bytes((source / name).read_bytes())
    if not (ONNXRUNTIME_DIR / "node_modules" / "onnxruntime-node").exists():
        env = dict(os.environ, ONNXRUNTIME_NODE_INSTALL="skip")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=ONNXRUNTIME_DIR, env=env, check=True)


def onnxruntime_ms(model, inputs, runs, threads):
    """(median ms, version) of ONNX Runtime's CPU run of `model`."""
    specs = ONNXRUNTIME_DIR / "inputs.json"
    specs.write_text(json.dumps([{"name": name, "dtype": str(array.dtype),
                                  "shape": list(array.shape)}
                                 for name, array in inputs.items()]))
    result = subprocess.run(["node", str(ONNXRUNTIME_DIR / "time_model.mjs"), str(model),
                             str(specs), str(runs), str(threads)],
                            capture_output=True, text=True, check=True)
    figures = json.loads(result.stdout)
    return figures["median_ms"], figures["version"]


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


def int8_graph_cost(model, table, work):
    """(MACs, compulsory bytes) of the int8 graph npu-compile emits with
    `table` (int8 tensors count one byte an element). Quantize and
    dequantize ops are left out: the lowering folds them into the
    neighbouring layers' reads and writes, so their traffic is not
    compulsory."""
    graph = work / "int8-graph.mlir"
    subprocess.run([tool("npu-compile"), str(model), "--precision", "int8",
                    "--calibration-table", table, "--emit", "graph", "--quiet",
                    "-o", str(graph)], capture_output=True, text=True, check=True)
    report = subprocess.run([tool("npu-opt"), str(graph), "--npu-report-cost=per-op",
                             "-o", "/dev/null"],
                            capture_output=True, text=True, check=True).stderr
    macs = compulsory = 0
    for op, op_macs, op_bytes in re.findall(
            r"remark: (\w+) '.*?': (\d+) MACs, \d+ vector ops, (\d+) bytes", report):
        if op not in ("quantize", "dequantize"):
            macs += int(op_macs)
            compulsory += int(op_bytes)
    return macs, compulsory


def target_figures(name):
    text = subprocess.run([tool("npu-translate"), "--print-target", name],
                          capture_output=True, text=True, check=True).stdout
    return json.loads(text)


def zoo_inputs(zoo, name):
    directory = zoo / f"{name}_opset17"
    manifest = json.loads((directory / "manifest.json").read_text())
    return {entry["name"]: np.load(directory / entry["file"]) for entry in manifest["inputs"]}


def calibration_samples(inputs, directory):
    """4 seeded samples per input: image-like normals for float inputs,
    token ids in the range the zoo's input uses for integer ones."""
    directory.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    for name, array in inputs.items():
        shape = (4,) + array.shape[1:]
        if np.issubdtype(array.dtype, np.floating):
            sample = rng.standard_normal(shape).astype(array.dtype)
        else:
            sample = rng.integers(0, int(array.max()) + 1, shape).astype(array.dtype)
        np.save(directory / f"{name}.npy", sample)
    return directory


def run_one(zoo, name, target, precision, work, runs, tables):
    onnx = zoo / f"{name}_opset17.onnx"
    artifact = work / f"{name}.{target}.{precision}.npub"
    report = work / f"{name}.{target}.{precision}.json"
    inputs = zoo_inputs(zoo, name)
    command = [tool("npu-compile"), str(onnx), "-o", str(artifact), "--target", target,
               "--precision", precision, "--quiet", "--report", str(report)]
    if precision == "int8":
        # Calibration does not depend on the target: the first target's
        # table serves the others (and its time is the first's compile time).
        if name in tables:
            command += ["--calibration-table", tables[name]]
        else:
            samples = calibration_samples(inputs, work / f"{name}-samples")
            command += ["--calibration", str(samples), "--calibration-table",
                        str(work / f"{name}.calibration.json")]
    start = time.perf_counter()
    compiled = subprocess.run(command, capture_output=True, text=True)
    compile_seconds = time.perf_counter() - start
    if compiled.returncode != 0:
        reasons = sorted(set(re.findall(r"cannot run '([\w.]+)' on the NPU", compiled.stderr)))
        return {"error": "does not compile: no NPU lowering for " + ", ".join(reasons)
                if reasons else compiled.stderr.strip().splitlines()[0]}
    if precision == "int8":
        tables.setdefault(name, str(work / f"{name}.calibration.json"))
    summary = json.loads(report.read_text())
    session = npu.Session(artifact)
    session.run(inputs)  # warm-up, as for ONNX Runtime: first-touch page faults
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        session.run(inputs)
        walls.append(time.perf_counter() - start)
    stats = session.stats
    return {"cycles": stats["cycles"],
            "dram_bytes": stats["dram_bytes_read"] + stats["dram_bytes_written"],
            "scratch": summary["scratch_bytes"], "scratch_bound": summary["scratch_lower_bound"],
            "compile_seconds": compile_seconds, "run_seconds": float(np.median(walls)),
            "matrix_utilisation": 100 * stats["queues"]["matrix"]["utilisation"],
            "layer_groups": summary.get("layer_groups", 0),
            "grouped_convs": summary.get("grouped_convs", 0)}


def mib(n):
    return f"{n / 1048576:.1f} MiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", default="edge,server")
    parser.add_argument("--precisions", default="fp16,int8")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs per measurement (median)")
    parser.add_argument("--output", default=str(REPO / "docs" / "performance.md"))
    args = parser.parse_args()
    zoo = model_zoo()
    install_onnxruntime()
    rows, onnxruntime = [], {}
    version = "?"
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        tables, int8_costs = {}, {}
        for name in args.models.split(","):
            model = zoo / f"{name}_opset17.onnx"
            macs, compulsory = graph_cost(model)
            inputs = zoo_inputs(zoo, name)
            one, version = onnxruntime_ms(model, inputs, args.runs, 1)
            every, _ = onnxruntime_ms(model, inputs, args.runs, os.cpu_count())
            onnxruntime[name] = (one, every)
            print(json.dumps({"name": name, "onnxruntime_ms": [one, every]}), flush=True)
            for precision in args.precisions.split(","):
                for target in args.targets.split(","):
                    figures = target_figures(target)
                    matrix = figures["matrix_engine"]
                    # ONNX Runtime again right before the simulator, so that
                    # the ratio compares times taken minutes, not
                    # seconds, apart on a shared machine.
                    adjacent, _ = onnxruntime_ms(model, inputs, args.runs, 1)
                    result = run_one(zoo, name, target, precision, work, args.runs, tables)
                    result["onnxruntime_adjacent_ms"] = adjacent
                    cost = (macs, compulsory)
                    if precision == "int8" and name in tables:
                        if name not in int8_costs:
                            int8_costs[name] = int8_graph_cost(model, tables[name], work)
                        cost = int8_costs[name]
                    # The array does one int8 MAC per cell and cycle.
                    cycles_per_mac = 1 if precision == "int8" else matrix["fp16_cycles_per_mac"]
                    peak = matrix["rows"] * matrix["cols"] / cycles_per_mac
                    compute_bound = math.ceil(cost[0] / peak)
                    memory_bound = math.ceil(cost[1] / figures["dram"]["bytes_per_cycle"])
                    result.update(name=name, target=target, precision=precision, macs=cost[0],
                                  compulsory=cost[1], clock=figures["clock_mhz"],
                                  compute_bound=compute_bound, memory_bound=memory_bound)
                    rows.append(result)
                    print(json.dumps(result), flush=True)

    lines = [
        "# Performance of compiled models on the simulated NPU",
        "",
        "Written by `bench/pipeline.py` (do not edit by hand); "
        f"host: {platform.machine()}, {os.cpu_count()} cores. Every model is "
        "compiled by `npu-compile` (fp16; int8 calibrated on 4 seeded samples "
        "with min-max) and run on the timed simulator through `npu.Session` "
        "with the zoo's saved input (`test/e2e/test_compile_models.py` and "
        "`test_int8_models.py` check such runs against torch and the int8 "
        "reference).",
        "",
        "* **bound**: the roofline, max(MACs / peak MACs per cycle, compulsory "
        "bytes / DRAM bytes per cycle). Compulsory bytes are per op "
        "(`npu-report-cost` on the folded, fused fp16 graph, or on the int8 graph "
        "`npu-compile --emit graph` writes, without its quantize and dequantize "
        "ops, which the lowering folds into their neighbours): every op reads its "
        "inputs and weights once and writes its result once. **bound / simulated** "
        "is the share of the roofline reached.",
        "* **DRAM / compulsory**: bytes the simulated DMA moved against those "
        "compulsory bytes.",
        "* **activations / bound**: the DRAM the memory plan gives activations "
        "against the largest total of tensors live at one point.",
        "* **layer groups**: chains of convolutions tiled together with their "
        "intermediate rows kept in SRAM (groups / convolutions in them); their "
        "intermediates never reach DRAM, so DRAM / compulsory can fall below 1.",
        "* **compile** and **simulator** are wall times on this machine; the "
        "simulator (functional and timed, one thread) is `Session.run` in "
        f"process, median of {args.runs} runs after a warm-up.",
        f"* **ONNX Runtime**: onnxruntime-node {version}, CPU execution provider, "
        f"fp32, same model and input, median of {args.runs} runs after a warm-up, "
        "with 1 intra-op thread (like the simulator) and with every core; "
        "**sim / ORT** is the simulator's wall time over ONNX Runtime's "
        "1-thread time measured again just before that row's simulator runs "
        "(this is a shared virtual machine whose speed drifts by tens of "
        "percent over minutes; below 1: simulating the NPU is faster than "
        "running the model on this CPU).",
        "",
        "| model | precision | target | simulated | bound | bound / simulated | limited by | "
        "matrix busy | DRAM / compulsory | activations / bound | layer groups | "
        "compile | simulator | ONNX Runtime (1 thread / all) | sim / ORT |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        one, every = onnxruntime[r["name"]]
        if "error" in r:
            lines.append(f"| {r['name']} | {r['precision']} | {r['target']} | {r['error']} "
                         f"| | | | | | | | | | {one:.1f} / {every:.1f} ms | |")
            continue
        bound = max(r["compute_bound"], r["memory_bound"])
        limited = "DRAM" if r["memory_bound"] >= r["compute_bound"] else "MACs"
        us = r["cycles"] / r["clock"]
        lines.append(
            f"| {r['name']} | {r['precision']} | {r['target']} | "
            f"{us:,.0f} us ({r['cycles']:,} cycles) | "
            f"{bound / r['clock']:,.0f} us | {100 * bound / r['cycles']:.0f} % | {limited} | "
            f"{r['matrix_utilisation']:.0f} % | "
            f"{mib(r['dram_bytes'])} / {mib(r['compulsory'])} "
            f"({r['dram_bytes'] / r['compulsory']:.2f}x) | "
            f"{mib(r['scratch'])} / {mib(r['scratch_bound'])} "
            f"({r['scratch'] / max(1, r['scratch_bound']):.2f}x) | "
            f"{r['layer_groups']} / {r['grouped_convs']} | "
            f"{r['compile_seconds']:.2f} s | {1000 * r['run_seconds']:.0f} ms | "
            f"{one:.1f} / {every:.1f} ms | "
            f"{1000 * r['run_seconds'] / r['onnxruntime_adjacent_ms']:.2f} |")
    notes = (REPO / "bench" / "performance-notes.md")
    if notes.exists():
        lines += ["", notes.read_text().rstrip()]
    pathlib.Path(args.output).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
