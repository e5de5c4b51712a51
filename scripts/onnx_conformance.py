#!/usr/bin/env python3
"""Runs ONNX's node conformance tests on the reference interpreter.

For every test under /usr/share/libonnx-testdata/data/node (Debian's
libonnx-testdata), the inputs of test_data_set_0 are converted to .npy, the
model is run with `npu-run --reference`, and each output is compared with the
expected one at ONNX's backend-test tolerance (rtol=1e-3, atol=1e-7, dtypes and
shapes equal, NaN equal to NaN). Each test is classified as

  pass         every output matches;
  fail         the outputs differ (max abs error and where), npu-run failed
               with an error that is not a refusal, crashed or timed out;
  unsupported  the importer refused the model: an op it does not convert, or
               a feature of a supported op it reports as unsupported;
  skipped      an input npu-run cannot take as .npy (sequence, optional,
               string, or a dtype its .npy reader refuses; bfloat16 travels
               as float32, as npu-run reads and writes it).

and docs/onnx-conformance.md is written from the results. The document holds
no dates, paths or timings, so it is reproducible: --check regenerates it in
memory and fails when it differs from the committed one.

    scripts/onnx_conformance.py                 # all tests, writes the doc
    scripts/onnx_conformance.py --check         # compare with the committed doc
    scripts/onnx_conformance.py --filter resize --json /tmp/resize.json

ONNX's tests feed parameters such as Resize's scales or Reshape's shape as
graph inputs; npu-mlir compiles static shapes and wants them constant, as
they are in exported models. When the importer names such an input, the
runner makes it an initializer holding the test's data and retries (the
document marks those tests `[... frozen]`). --no-freeze shows the raw
refusals instead (it never writes the committed document).
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

try:
    import onnx
    from onnx import numpy_helper
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("onnx_conformance: needs the onnx Python package "
             "(Debian: python3-onnx; run with /usr/bin/python3)")

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_TESTS = pathlib.Path("/usr/share/libonnx-testdata/data/node")
DEFAULT_DOC = ROOT / "docs" / "onnx-conformance.md"
COMMAND = "scripts/onnx_conformance.py"
RTOL, ATOL = 1e-3, 1e-7
TIMEOUT_S = 60
STATUSES = ("pass", "fail", "divergent", "unsupported", "skipped")

# Tests whose expected outputs npu-mlir deliberately does not reproduce, and
# why. A listed test that starts passing, or fails differently, is reported.
KNOWN_DIVERGENCES = {
    "test_cast_FLOAT_to_BFLOAT16":
        "ONNX 1.12's expected values truncate float32 to bfloat16 (the top 16 "
        "bits); npu-mlir rounds to nearest even, as IEEE conversions, PyTorch and "
        "later ONNX releases do (5 of 12 elements differ by one bfloat16 ulp)",
}

# Element types a graph input can never be given to npu-run as .npy. (bfloat16
# can: npu-run carries it as float32 and rounds it on input.)
NOT_NPY = {
    onnx.TensorProto.STRING: "string",
    onnx.TensorProto.COMPLEX64: "complex64",
    onnx.TensorProto.COMPLEX128: "complex128",
}

# How the importer refuses a model it does not represent (as opposed to
# failing on one it accepted), matched against the first error line: an op it
# does not convert, an opset or domain outside its range, a run-time value
# where it compiles constants, a form of an op it reports as unsupported
# (docs/supported-onnx-ops.md), an empty tensor.
UNSUPPORTED_PATTERNS = [
    re.compile(p) for p in (
        r"use ops npu-mlir cannot import",          # the list of unconverted ops
        r"uses ONNX opset \d+; npu-mlir imports opsets",
        r"does not import the default ONNX opset",
        r"\): unsupported: ",                        # OnnxNodeImporter::unsupported
        r"\bknown at compile time\b",               # a run-time shape / parameter
        r"every dimension must be positive",         # an empty tensor
        r"has unsupported element type",             # uint16, uint32, strings...
    )
]
# An input file npu-run's .npy reader refuses: the test is skipped.
NPY_DTYPE_REFUSED = re.compile(r"input '[^']*': .*has dtype '([^']*)'")


def npu_run_default():
    build = os.environ.get("NPU_BUILD_DIR")
    return pathlib.Path(build) / "bin" / "npu-run" if build else ROOT / "build" / "bin" / "npu-run"


def file_name_for(name):
    """The .npy name npu-run gives an output (see fileNameFor in npu-run.cpp)."""
    out = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip("_")
    return (out or "tensor") + ".npy"


def load_proto(path, value_type):
    """Reads an input/output .pb of a test as the graph's value type says."""
    data = path.read_bytes()
    kind = value_type.WhichOneof("value")
    if kind == "tensor_type":
        proto = onnx.TensorProto()
        proto.ParseFromString(data)
        return proto
    return None  # sequence / map / optional: not read


def to_numpy(proto, value_type):
    """The array of a test's TensorProto. bfloat16 comes back as float32 (the
    form npu-run reads and writes), whether the file holds BFLOAT16 or, as
    ONNX 1.12's generator wrote it, the bit patterns as UINT16."""
    array = numpy_helper.to_array(proto)
    if value_type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16:
        if array.dtype == np.uint16:
            array = (array.astype(np.uint32) << 16).view(np.float32)
        array = array.astype(np.float32)
    return array


def type_description(value_type):
    kind = value_type.WhichOneof("value")
    if kind == "tensor_type":
        return onnx.TensorProto.DataType.Name(value_type.tensor_type.elem_type).lower()
    return {"sequence_type": "sequence", "map_type": "map", "optional_type": "optional",
            "sparse_tensor_type": "sparse tensor"}.get(kind, str(kind))


def first_error(stderr):
    """The first error line of npu-run's stderr, with the lines that continue
    it (the unsupported-op list) folded in."""
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if "error:" in line:
            text = line.strip()
            if text.endswith(":"):
                more = []
                for cont in lines[i + 1:]:
                    if not cont.startswith("  ") or "error:" in cont:
                        break
                    more.append(cont.strip())
                if more:
                    text += " " + "; ".join(more)
            return text
    for line in lines:
        if line.strip():
            return line.strip()
    return ""


def describe_index(index):
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def fmt(value):
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    return f"{float(value):.6g}"


def compare(actual, expected, label):
    """None when `actual` matches `expected` at the backend-test tolerance,
    else a one-line description of the first difference."""
    if actual.dtype != expected.dtype:
        note = f"{label}dtype {actual.dtype}, expected {expected.dtype}"
        if actual.shape == expected.shape and actual.size:
            try:
                detail = compare(actual.astype(np.float64), expected.astype(np.float64), "")
            except (TypeError, ValueError):
                detail = None
            note += "; values " + ("match" if detail is None else "differ: " + detail)
        return note
    if actual.shape != expected.shape:
        return f"{label}shape {list(actual.shape)}, expected {list(expected.shape)}"
    if actual.size == 0:
        return None
    if expected.dtype == object or expected.dtype.kind in "USb":
        bad = actual != expected
        if not bad.any():
            return None
        index = np.unravel_index(int(np.argmax(bad)), bad.shape)
        return (f"{label}{int(bad.sum())}/{bad.size} elements differ; first at "
                f"{describe_index(index)}: expected {fmt(expected[index])}, got {fmt(actual[index])}")
    try:
        np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)
        return None
    except AssertionError:
        pass
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        both_nan = np.isnan(a) & np.isnan(e)
        same_inf = np.isinf(a) & (a == e)
        err = np.abs(a - e)
        err = np.where(both_nan | same_inf, 0.0, err)
        err = np.where(np.isnan(err), np.inf, err)
        bad = ~(both_nan | same_inf) & ~(err <= ATOL + RTOL * np.abs(e))
    index = np.unravel_index(int(np.argmax(err)), err.shape)
    return (f"{label}max abs err {fmt(err[index])} at {describe_index(index)}: expected "
            f"{fmt(expected[index])}, got {fmt(actual[index])}; "
            f"{int(bad.sum())}/{bad.size} elements outside tolerance")


CONSTANT_REFUSAL = re.compile(r"needs\b.*\bconstant|known at compile time|computed at run time")


def note(frozen):
    return f"[{', '.join(frozen)} frozen] " if frozen else ""


def inputs_to_freeze(line, model, protos, frozen):
    """--freeze-inputs: the graph inputs to make initializers so that the
    importer accepts the node `line` refuses for want of a constant operand:
    the operand it names (#N or 'name'), else every graph-input operand of the
    node but the first."""
    candidates = [n for n in protos if n not in frozen]
    m = re.search(r"graph input '([^']*)' has dimension", line)
    if m:  # an empty tensor: fine as a constant operand (axes), not as data
        data = {n.input[0] for n in model.graph.node if n.input}
        return [m.group(1)] if m.group(1) in candidates and m.group(1) not in data else []
    if not CONSTANT_REFUSAL.search(line):
        return []
    m = re.search(r"node '([^']*)'", line)
    node = next((n for k, n in enumerate(model.graph.node)
                 if m and (n.name or f"{n.op_type}_{k}") == m.group(1)), None)
    if node is None:
        return []
    m = re.search(r"input \(#(\d+)\)", line) or re.search(r"input (\d+) \('", line)
    if m and int(m.group(1)) < len(node.input):
        return [n for n in [node.input[int(m.group(1))]] if n in candidates]
    return ([n for n in node.input[1:] if n in candidates] or
            [n for n in node.input[:1] if n in candidates])


def freeze_inputs(model, protos, frozen):
    """A copy of `model` whose graph inputs `frozen` are initializers holding
    the test's input data."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    kept = [v for v in model.graph.input if v.name not in frozen]
    del model.graph.input[:]
    model.graph.input.extend(kept)
    for name in frozen:
        tensor = onnx.TensorProto.FromString(protos[name].SerializeToString())
        tensor.name = name
        model.graph.initializer.append(tensor)
    return model


def run_test(test_dir, npu_run, freeze=False, timeout=TIMEOUT_S):
    """Runs one node test; returns {name, status, reason}."""
    name = test_dir.name

    def result(status, reason, **extra):
        return dict(name=name, status=status, reason=reason, **extra)

    model = onnx.load(str(test_dir / "model.onnx"), load_external_data=False)
    initializers = {t.name for t in model.graph.initializer}
    graph_inputs = [i for i in model.graph.input if i.name not in initializers]
    data_dir = test_dir / "test_data_set_0"

    for i, value in enumerate(graph_inputs):
        kind = value.type.WhichOneof("value")
        if kind != "tensor_type":
            kind = type_description(value.type)
            article = "an" if kind[0] in "aeiou" else "a"
            return result("skipped", f"input '{value.name}' is {article} {kind}, "
                          "not a tensor: no .npy form")
        elem = value.type.tensor_type.elem_type
        if elem in NOT_NPY:
            return result("skipped", f"input '{value.name}' is {NOT_NPY[elem]}: no .npy form "
                          "npu-run reads")
        if not (data_dir / f"input_{i}.pb").exists():
            return result("skipped", f"no input_{i}.pb for input '{value.name}'")

    with tempfile.TemporaryDirectory(prefix="npu-onnx-conf-") as tmp:
        tmp = pathlib.Path(tmp)
        protos, paths = {}, {}
        for i, value in enumerate(graph_inputs):
            proto = load_proto(data_dir / f"input_{i}.pb", value.type)
            array = to_numpy(proto, value.type)
            declared = [d.dim_value if d.HasField("dim_value") else None
                        for d in value.type.tensor_type.shape.dim]
            if value.type.tensor_type.HasField("shape") and (
                    len(declared) != array.ndim or
                    any(d is not None and d != n for d, n in zip(declared, array.shape))):
                shown = [d if d is not None else "?" for d in declared]
                return result("skipped", f"test data: input '{value.name}' has shape "
                              f"{list(array.shape)}, the model declares {shown}")
            path = tmp / f"input_{i}.npy"
            np.save(path, array, allow_pickle=False)  # C order; 0-d stays 0-d
            protos[value.name], paths[value.name] = proto, path

        def clean(text):
            return (text.replace(str(tmp / "frozen.onnx"), "model.onnx")
                    .replace(str(test_dir / "model.onnx"), "model.onnx")
                    .replace(str(test_dir), "<test>").replace(str(tmp), "<tmp>"))

        frozen = []  # graph inputs made initializers (--freeze-inputs)
        model_path = test_dir / "model.onnx"
        while True:
            command = [str(npu_run), "--reference", str(model_path),
                       "--output", str(tmp / "out"), "--quiet"]
            for value in graph_inputs:
                if value.name not in frozen:
                    command += ["--input", f"{value.name}={paths[value.name]}"]
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, errors="replace", start_new_session=True)
            try:
                _, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # its own session: nothing else
                proc.communicate()
                return result("fail", note(frozen) + f"timed out after {timeout} s")
            stderr = clean(err)
            if proc.returncode <= 0 or not freeze:
                break
            more = inputs_to_freeze(first_error(stderr), model, protos, frozen)
            if not more:
                break
            frozen += more
            model_path = tmp / "frozen.onnx"
            onnx.save(freeze_inputs(model, protos, frozen), str(model_path))
        prefix = note(frozen)

        if proc.returncode < 0:
            signame = signal.Signals(-proc.returncode).name
            line = first_error(stderr)
            return result("fail", prefix + f"npu-run crashed ({signame})" +
                          (f": {line}" if line else ""), stderr=stderr[-4000:])
        if proc.returncode != 0:
            line = first_error(stderr) or f"npu-run exited {proc.returncode} with no message"
            if NPY_DTYPE_REFUSED.search(stderr):
                return result("skipped", prefix + line, stderr=stderr[-4000:])
            if any(p.search(line) for p in UNSUPPORTED_PATTERNS):
                return result("unsupported", prefix + line, stderr=stderr[-4000:])
            return result("fail", prefix + line, stderr=stderr[-4000:])

        problems = []
        for k, value in enumerate(model.graph.output):
            label = f"output '{value.name}': " if len(model.graph.output) > 1 else ""
            if value.type.WhichOneof("value") != "tensor_type":
                problems.append(f"{label}expected a {type_description(value.type)}, "
                                "which cannot be compared")
                continue
            out = tmp / "out" / file_name_for(value.name)
            if not out.exists():
                problems.append(f"{label}npu-run wrote no {out.name}")
                continue
            actual = np.load(out, allow_pickle=False)
            expected = to_numpy(load_proto(data_dir / f"output_{k}.pb", value.type), value.type)
            problem = compare(actual, expected, label)
            if problem:
                problems.append(problem)
        if problems:
            return result("fail", prefix + problems[0], problems=problems)
        if frozen and len(frozen) == len(graph_inputs):
            # Every input became a constant: the graph folded at import and
            # the interpreter had nothing left to compute.
            return result("pass", "[all inputs frozen: folded at import]")
        return result("pass", prefix.rstrip(": "))


def run_test_safely(args):
    test_dir, npu_run, freeze = args
    try:
        result = run_test(test_dir, npu_run, freeze)
    except Exception as error:  # a broken test file must not stop the run
        return dict(name=test_dir.name, status="fail",
                    reason=f"harness error: {type(error).__name__}: {error}")
    if result["status"] == "fail" and result["name"] in KNOWN_DIVERGENCES:
        result = dict(result, status="divergent",
                      reason=KNOWN_DIVERGENCES[result["name"]])
    return result


def escape(text):
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render(results, filtered=None, note=None):
    counts = {s: sum(r["status"] == s for r in results) for s in STATUSES}
    runnable = counts["pass"] + counts["fail"] + counts["divergent"]
    rate = f"{100.0 * counts['pass'] / runnable:.1f}%" if runnable else "n/a"
    out = [
        "# ONNX node conformance of the reference interpreter",
        "",
        "<!-- Generated by scripts/onnx_conformance.py; do not edit. -->",
        "",
        "ONNX's node tests (Debian's `libonnx-testdata`, "
        "`/usr/share/libonnx-testdata/data/node`) run on the reference interpreter "
        "(`npu-run --reference`): the inputs of `test_data_set_0` as `.npy`, each output "
        f"compared with the expected one at ONNX's backend-test tolerance (`rtol={RTOL:g}`, "
        f"`atol={ATOL:g}`; dtype and shape must match; NaN equals NaN), {TIMEOUT_S} s per test.",
        "",
        "Regenerate after changing the importer or the interpreter, and commit:",
        "",
        "```sh",
        f"/usr/bin/python3 {COMMAND}            # runs every test, writes this file",
        f"/usr/bin/python3 {COMMAND} --check    # fails when this file is stale",
        "```",
        "",
        "- **pass**: every output matches.",
        "- **fail**: the model imported but an output differs (largest absolute error, "
        "where, expected and actual value), or npu-run failed with another error.",
        "- **unsupported**: the importer refused the model: an op it does not convert, "
        "or a feature it reports as unsupported (the first error line).",
        "- **skipped**: an input npu-run cannot take as `.npy` (sequence, optional, "
        "string, or a dtype its `.npy` reader does not read). bfloat16 travels as float32, "
        "as npu-run reads and writes it.",
        "- **divergent**: the output differs in a way npu-mlir chooses deliberately; the "
        "reason says why.",
        "",
        "ONNX's tests feed parameters such as Resize's scales or Reshape's shape as graph "
        "inputs. npu-mlir compiles static shapes and wants them constant, as they are in "
        "exported models: when the importer names such an input, the runner makes it an "
        "initializer holding the test's data and retries; those tests are marked "
        "`[... frozen]`.",
        "",
    ]
    if filtered:
        out += [f"**Only the tests whose name contains `{filtered}`.**", ""]
    if note:
        out += [f"**Run with `{note}`: graph inputs stay run-time inputs.**", ""]
    out += [
        "## Summary",
        "",
        "| status | tests |",
        "|---|---:|",
    ]
    for s in STATUSES:
        out.append(f"| {s} | {counts[s]} |")
    out.append(f"| total | {len(results)} |")
    passes = [r for r in results if r["status"] == "pass"]
    frozen = sum(1 for r in passes if "frozen" in r["reason"])
    folded = sum(1 for r in passes if "all inputs frozen" in r["reason"])
    out += [
        "",
        f"Pass rate over the tests whose ops are all supported (pass / (pass + fail + "
        f"divergent)): **{counts['pass']} / {runnable} = {rate}**.",
        "",
        f"Of the passes, {frozen} ran with some inputs frozen into constants, and "
        f"{folded} of those with all of them: their graphs folded at import, so they "
        "check the importer's constant evaluation rather than the interpreter.",
        "",
    ]
    causes = {}
    for r in results:
        if r["status"] == "unsupported":
            for cause in refusal_causes(r["reason"]):
                causes[cause] = causes.get(cause, 0) + 1
    if causes:
        out += ["## Refusals by op", "",
                "What the unsupported tests hit first: an op the importer does not convert, or "
                "the op whose form it refuses (tests with several unconverted ops count once "
                "per op).", "",
                "| op / cause | tests |", "|---|---:|"]
        for cause, n in sorted(causes.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"| {escape(cause)} | {n} |")
        out.append("")
    for s in ("fail", "divergent", "unsupported", "skipped", "pass"):
        rows = [r for r in results if r["status"] == s]
        out += [f"## {s.capitalize()} ({len(rows)})", ""]
        if not rows:
            out += ["None.", ""]
            continue
        if s == "pass":
            out += ["| test | note |", "|---|---|"]
            out += [f"| {r['name']} | {escape(r['reason'])} |" for r in rows]
        else:
            out += ["| test | reason |", "|---|---|"]
            out += [f"| {r['name']} | {escape(r['reason'])} |" for r in rows]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def refusal_causes(reason):
    """The ops an `unsupported` reason names, for the summary by op."""
    m = re.search(r"cannot import: (.*)", reason)
    if m:
        ops = re.findall(r"(?:^|; )(\S+) \(domain ([^,]*),", m.group(1))
        return sorted({op if domain == "ai.onnx" else f"{domain}.{op}" for op, domain in ops}
                      ) or ["unconverted op"]
    m = re.search(r"error: '(\w+)' \(", reason)
    if m:
        return [f"{m.group(1)} (a form it refuses)"]
    if "opset" in reason:
        return ["opset or domain outside 7-17"]
    m = re.search(r"unsupported element type (\w+)", reason)
    if m:
        return [f"element type {m.group(1)}"]
    if "every dimension must be positive" in reason:
        return ["empty tensor"]
    return ["other"]


def parse_doc(text):
    """{test: (status, reason)} from a rendered document."""
    entries, status = {}, None
    for line in text.splitlines():
        m = re.match(r"^## (\w+) \(\d+\)$", line)
        if m:
            status = m.group(1).lower()
            continue
        m = re.match(r"^\| (test_\S+) \|(?: (.*) \|)?$", line)
        if m and status in STATUSES:
            entries[m.group(1)] = (status, m.group(2) or "")
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed document instead of writing it; "
                        "exit 1 with a diff when it differs")
    parser.add_argument("--filter", metavar="SUBSTRING",
                        help="only the tests whose name contains SUBSTRING (the document is "
                        "then not written; --check compares those tests' rows)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="parallel tests (default 2)")
    parser.add_argument("--npu-run", type=pathlib.Path, default=npu_run_default(),
                        help="npu-run binary (default $NPU_BUILD_DIR/bin/npu-run or "
                        "<repo>/build/bin/npu-run)")
    parser.add_argument("--tests", type=pathlib.Path, default=DEFAULT_TESTS,
                        help=f"directory of ONNX node tests (default {DEFAULT_TESTS})")
    parser.add_argument("--doc", type=pathlib.Path,
                        help="document to write or check (default docs/onnx-conformance.md)")
    parser.add_argument("--json", type=pathlib.Path, metavar="FILE",
                        help="also write every test's status and reason as JSON")
    parser.add_argument("--no-freeze", action="store_true",
                        help="do not turn the graph inputs the importer wants constant "
                        "(Resize scales, Reshape shape, Clip bounds...) into initializers; "
                        "writes only --json / an explicit --doc")
    parser.add_argument("--verbose", "-v", action="store_true", help="print one line per test")
    args = parser.parse_args()

    if args.no_freeze and args.check:
        parser.error("--no-freeze measures something else than the committed document; "
                     "it cannot --check")
    write_doc = args.doc is not None or not (args.no_freeze or args.filter)
    args.doc = args.doc or DEFAULT_DOC
    npu_run = args.npu_run.resolve()
    for attempt in range(30):  # the binary is replaced while a build links it
        if npu_run.exists():
            break
        if attempt == 0:
            print(f"onnx_conformance: waiting for {npu_run}", file=sys.stderr)
        time.sleep(2)
    else:
        sys.exit(f"onnx_conformance: no npu-run at {npu_run}; build it or pass --npu-run")
    if not args.tests.is_dir():
        sys.exit(f"onnx_conformance: no ONNX node tests at {args.tests} "
                 "(Debian: apt-get install libonnx-testdata)")

    tests = sorted(p for p in args.tests.iterdir() if (p / "model.onnx").exists())
    if args.filter:
        tests = [t for t in tests if args.filter in t.name]
    if not tests:
        sys.exit("onnx_conformance: no test matches")

    start = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = []
        for r in pool.map(run_test_safely, [(t, npu_run, not args.no_freeze) for t in tests]):
            results.append(r)
            if args.verbose:
                print(f"{r['status']:<12} {r['name']}  {r['reason']}", flush=True)
    elapsed = time.monotonic() - start
    results.sort(key=lambda r: r["name"])
    counts = {s: sum(r["status"] == s for r in results) for s in STATUSES}
    print(f"onnx_conformance: {len(results)} tests in {elapsed:.1f} s: " +
          ", ".join(f"{counts[s]} {s}" for s in STATUSES), file=sys.stderr)

    if args.json:
        args.json.write_text(json.dumps({"counts": counts, "tests": results}, indent=1) + "\n")

    if args.filter and not (args.check or write_doc):
        if not args.verbose:
            for r in results:
                print(f"{r['status']:<12} {r['name']}  {r['reason']}")
        return 0
    if args.filter and args.check:
        committed = parse_doc(args.doc.read_text()) if args.doc.exists() else {}
        stale = 0
        for r in results:
            want = committed.get(r["name"])
            have = (r["status"], escape(r["reason"]))
            if want != have:
                stale += 1
                print(f"{r['name']}:\n  - {want[0] + ' ' + want[1] if want else '(absent)'}\n"
                      f"  + {have[0]} {have[1]}")
        if stale:
            print(f"\n{stale} test(s) differ from {args.doc}: rerun {COMMAND} and commit it.")
            return 1
        print(f"{len(results)} test(s) agree with {args.doc}")
        return 0

    text = render(results, filtered=args.filter,
                  note="--no-freeze" if args.no_freeze else None)
    if args.check:
        current = args.doc.read_text() if args.doc.exists() else ""
        if current != text:
            diff = difflib.unified_diff(current.splitlines(), text.splitlines(),
                                        str(args.doc), "generated", lineterm="", n=0)
            print("\n".join(list(diff)[:60]))
            print(f"\n{args.doc} is stale: run `/usr/bin/python3 {COMMAND}` and commit it.")
            return 1
        print(f"{args.doc} is up to date")
        return 0
    if not write_doc:
        return 0
    tmp = args.doc.with_suffix(args.doc.suffix + ".tmp")
    tmp.write_text(text)
    tmp.replace(args.doc)  # atomic: never a half-written document
    return 0


if __name__ == "__main__":
    sys.exit(main())
