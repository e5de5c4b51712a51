#!/usr/bin/env bash
# The main job, from nothing: installs what it needs, builds, then takes the
# bundled example model through the compiler and reports what it found.
#
# Today the pipeline ends at the npu dialect: the example is parsed, verified,
# canonicalised (shape arithmetic folds away) and costed. As the importer,
# pipeline and simulator land, this script becomes "compile a bundled ONNX
# model and run it on the simulator".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

npu_install_packages
npu_build

example="${1:-$NPU_ROOT/examples/resnet_basic_block.mlir}"
opt="$NPU_BUILD_DIR/bin/npu-opt"

npu_log "canonicalised IR of $(basename "$example")"
"$opt" "$example" --canonicalize

npu_log "work per op (npu-report-cost)"
# Remarks go to stderr; print them as a table.
"$opt" "$example" --canonicalize --npu-report-cost=per-op \
  -mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 |
  "$NPU_PYTHON" "$NPU_ROOT/scripts/format_cost_report.py"
