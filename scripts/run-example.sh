#!/usr/bin/env bash
# The main job, from nothing: installs what it needs, builds, then takes the
# bundled example model through the compiler and reports what it found.
#
# Today the pipeline runs from ONNX to the npu dialect: the example is
# imported (shape subgraphs fold, every op keeps its ONNX node name),
# verified, canonicalised and costed. As the pipeline and the simulator land,
# this script becomes "compile a bundled ONNX model and run it on the
# simulator".
#
#   scripts/run-example.sh [MODEL.onnx] [--input-shape NAME=SHAPE ...]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

npu_install_packages
npu_build

model="${1:-$NPU_ROOT/examples/tiny_resnet.onnx}"
shift || true
translate="$NPU_BUILD_DIR/bin/npu-translate"
opt="$NPU_BUILD_DIR/bin/npu-opt"
ir="$(mktemp --suffix=.mlir)"
trap 'rm -f "$ir"' EXIT

npu_log "importing $(basename "$model")"
# --mlir-print-debuginfo keeps each op's location (its ONNX node) in the file.
"$translate" --import-onnx "$model" "$@" --mlir-print-debuginfo -o "$ir"

npu_log "npu dialect after canonicalisation (weights elided)"
"$opt" "$ir" --canonicalize --mlir-elide-resource-strings-if-larger=64 \
  --mlir-elide-elementsattrs-if-larger=16 | sed '/^{-#/,$d'

npu_log "work per ONNX node (npu-report-cost)"
"$opt" "$ir" --canonicalize --npu-report-cost=per-op \
  -mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 |
  "$NPU_PYTHON" "$NPU_ROOT/scripts/format_cost_report.py"

# Run it on the reference interpreter with a seeded random input of the
# model's input shape, and show the top classes.
work="$(mktemp -d)"
trap 'rm -f "$ir"; rm -rf "$work"' EXIT
npu_log "running on the reference interpreter (random input)"
inputs=$("$NPU_PYTHON" - "$ir" "$work" <<'PY'
import re, sys, numpy as np
ir, work = sys.argv[1], sys.argv[2]
text = open(ir).read()
sig = re.search(r"func\.func @main\((.*?)\)\s*->", text, re.S).group(1)
args = []
for m in re.finditer(r"tensor<([0-9x]+)x(f32|f16|i64|i32)>\s*\{npu\.name = \"([^\"]+)\"", sig):
    shape = [int(d) for d in m.group(1).split("x")]
    dtype = {"f32": np.float32, "f16": np.float16, "i64": np.int64, "i32": np.int32}[m.group(2)]
    rng = np.random.default_rng(0)
    data = rng.standard_normal(shape).astype(dtype) if dtype in (np.float32, np.float16) \
        else rng.integers(0, 100, shape).astype(dtype)
    path = f"{work}/{m.group(3).replace('/', '_')}.npy"
    np.save(path, data)
    args.append(f"--input={m.group(3)}={path}")
print("\n".join(args))
PY
)
mapfile -t input_args <<<"$inputs"
"$NPU_BUILD_DIR/bin/npu-run" --reference "$ir" "${input_args[@]}" --output "$work/out"
"$NPU_PYTHON" - "$work/out" <<'PY'
import pathlib, sys, numpy as np
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.npy")):
    y = np.load(f)
    if y.ndim == 2 and y.shape[0] == 1 and y.shape[1] > 1:
        top = np.argsort(-y[0])[:5]
        print(f"{f.stem}: top-5 classes " + ", ".join(f"{i} ({y[0, i]:.3f})" for i in top))
PY
