#!/usr/bin/env bash
# Builds a libFuzzer target in the sanitizer build (build-sanitize/: ASan +
# UBSan, clang's coverage instrumentation on every project library) and runs
# a campaign on it.
#
#   scripts/fuzz.sh [TARGET] [SECONDS]      (default: onnx-importer, 60 s)
#   targets: onnx-importer, compiler, artifact, npy, target-json, tables
#
# The campaign's corpus grows in build-sanitize/corpus/TARGET, seeded with
# test/fuzz/corpus/TARGET (and the ONNX op models for onnx-importer and
# compiler). New crashers land in build-sanitize/crashes/; once fixed, add
# them to test/fuzz/corpus/TARGET so the fuzz-corpus-TARGET test replays
# them forever. docs/reliability.md records the campaigns.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

target="${1:-onnx-importer}"
seconds="${2:-60}"
npu_configure_sanitize address
npu_install_packages
npu_build "npu-fuzz-$target"

corpus="$NPU_BUILD_DIR/corpus/$target"
mkdir -p "$corpus" "$NPU_BUILD_DIR/crashes"
seeds=()
if [[ -d "$NPU_ROOT/test/fuzz/corpus/$target" ]]; then
  seeds+=("$NPU_ROOT/test/fuzz/corpus/$target")
fi
case "$target" in
onnx-importer | compiler) seeds+=("$NPU_ROOT/test/Importer/ONNX/Inputs/ops") ;;
esac
npu_log "fuzzing $target for $seconds s (seeds: ${seeds[*]#$NPU_ROOT/})"
"$NPU_BUILD_DIR/bin/npu-fuzz-$target" "$corpus" "${seeds[@]}" \
  -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=30 \
  -print_final_stats=1 -artifact_prefix="$NPU_BUILD_DIR/crashes/$target-"
