#!/usr/bin/env bash
# The main job, from nothing: installs what it needs, builds, compiles the
# bundled example model for the NPU and runs it on the simulator.
#
#   1. npu-compile: ONNX -> graph passes -> fp16 -> tiles -> memory plan ->
#      schedule -> artifact (.npub);
#   2. npu-run: the artifact on the simulated NPU (functional and timed),
#      with the cycle count and per-engine utilisation;
#   3. the same input on the fp32 reference interpreter, to show how close
#      the NPU's fp16 result is.
#
#   scripts/run-example.sh [MODEL.onnx] [--target edge|server|FILE.json]
#                          [--input-shape NAME=SHAPE ...]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

npu_install_packages
npu_build

model="$NPU_ROOT/examples/tiny_resnet.onnx"
if [[ $# -gt 0 && "$1" != -* ]]; then
  model="$1"
  shift
fi
target=edge
compile_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --target=*) target="${1#--target=}"; shift ;;
    *) compile_args+=("$1"); shift ;;
  esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifact="$work/$(basename "${model%.onnx}").npub"

npu_log "compiling $(basename "$model") for '$target' (fp16)"
"$NPU_BUILD_DIR/bin/npu-compile" "$model" -o "$artifact" --target "$target" \
  --precision fp16 "${compile_args[@]}"

# A seeded random input of each of the model's inputs (names, shapes and
# types from the artifact).
npu_log "running on the simulated NPU (random input)"
"$NPU_BUILD_DIR/bin/npu-translate" --disassemble "$artifact" -o "$work/artifact.s"
inputs=$("$NPU_PYTHON" - "$work" <<'PY'
import re, sys, numpy as np
work = sys.argv[1]
args = []
for line in open(f"{work}/artifact.s"):
    m = re.match(r'\.input name="([^"]+)" dtype=(\w+) shape=([0-9x]+)', line)
    if not m:
        continue
    name, dtype, shape = m.group(1), m.group(2), [int(d) for d in m.group(3).split("x")]
    rng = np.random.default_rng(0)
    np_type = {"f32": np.float32, "f16": np.float16, "i32": np.int32, "i8": np.int8}[dtype]
    data = rng.standard_normal(shape).astype(np_type) if dtype in ("f32", "f16") \
        else rng.integers(0, 100, shape).astype(np_type)
    path = f"{work}/{name.replace('/', '_')}.npy"
    np.save(path, data)
    args.append(f"--input={name}={path}")
print("\n".join(args))
PY
)
mapfile -t input_args <<<"$inputs"
"$NPU_BUILD_DIR/bin/npu-run" "$artifact" "${input_args[@]}" --output "$work/npu" --stats

npu_log "checking against the fp32 reference interpreter"
"$NPU_BUILD_DIR/bin/npu-run" --reference "$model" "${input_args[@]}" \
  --output "$work/reference" --quiet
"$NPU_PYTHON" - "$work/npu" "$work/reference" <<'PY'
import pathlib, sys, numpy as np
npu_dir, ref_dir = map(pathlib.Path, sys.argv[1:])
for f in sorted(npu_dir.glob("*.npy")):
    y = np.load(f).astype(np.float64)
    r = np.load(ref_dir / f.name).astype(np.float64)
    cosine = float(y.ravel() @ r.ravel() / (np.linalg.norm(y) * np.linalg.norm(r)))
    error = float(np.abs(y - r).max())
    print(f"{f.stem}: cosine {cosine:.6f} against fp32, max abs error {error:.2e}")
    if y.ndim == 2 and y.shape[0] == 1 and y.shape[1] > 1:
        top, ref_top = np.argsort(-y[0])[:5], np.argsort(-r[0])[:5]
        print(f"{f.stem}: NPU top-5 " + ", ".join(f"{i} ({y[0, i]:.3f})" for i in top))
        print(f"{f.stem}: fp32 top-5 " + ", ".join(f"{i} ({r[0, i]:.3f})" for i in ref_top))
PY
