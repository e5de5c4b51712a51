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
