#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan) in build-fuzz/ and runs one.
#
#   scripts/fuzz.sh [TARGET] [SECONDS]      (default: onnx-importer, 60 s)
#   targets: onnx-importer, npy, artifact
#
# New crashers land in build-fuzz/crashes/; add the interesting ones to
# test/fuzz/corpus/TARGET so the fuzz-corpus test replays them forever.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

target="${1:-onnx-importer}"
seconds="${2:-60}"
NPU_PACKAGES+=(libclang-rt-22-dev)
npu_install_packages

NPU_BUILD_DIR="${NPU_FUZZ_BUILD_DIR:-$NPU_ROOT/build-fuzz}"
if [[ ! -f "$NPU_BUILD_DIR/build.ninja" ]]; then
  cmake -G Ninja -S "$NPU_ROOT" -B "$NPU_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir -DPython3_EXECUTABLE="$NPU_PYTHON" \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld \
    -DNPU_ENABLE_FUZZING=ON >/dev/null
fi
cmake --build "$NPU_BUILD_DIR" --target "npu-fuzz-$target" -- --quiet -j"${NPU_JOBS:-2}"

corpus="$NPU_BUILD_DIR/corpus/$target"
mkdir -p "$corpus" "$NPU_BUILD_DIR/crashes"
npu_log "fuzzing $target for $seconds s (seed corpus: test/fuzz/corpus/$target and the test models)"
seeds=("$NPU_ROOT/test/fuzz/corpus/$target")
if [[ "$target" == onnx-importer ]]; then
  seeds+=("$NPU_ROOT/test/Importer/ONNX/Inputs/ops")
fi
"$NPU_BUILD_DIR/bin/npu-fuzz-$target" "$corpus" "${seeds[@]}" -max_total_time="$seconds" \
  -max_len=65536 -rss_limit_mb=4096 -artifact_prefix="$NPU_BUILD_DIR/crashes/"
