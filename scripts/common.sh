# Shared by the entry-point scripts: install what the build needs, then
# configure and build. Source it; do not run it.
#
#   NPU_BUILD_DIR   build directory (default: <repo>/build)
#   NPU_BUILD_TYPE  CMake build type (default: Release)
#   NPU_CMAKE_ARGS  (array) extra CMake arguments of a first configure

set -euo pipefail

NPU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NPU_BUILD_DIR="${NPU_BUILD_DIR:-$NPU_ROOT/build}"
NPU_BUILD_TYPE="${NPU_BUILD_TYPE:-Release}"
NPU_PYTHON=/usr/bin/python3
NPU_CMAKE_ARGS=("${NPU_CMAKE_ARGS[@]+"${NPU_CMAKE_ARGS[@]}"}")
# ccache keys on command lines; with the checkout as base directory their
# paths are relative, so a second clone (CI's) reuses the first one's cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$NPU_ROOT}"

# Debian 12 packages the project builds, tests and runs with. Keep this list
# the single source of truth (docs/development.md explains each group).
NPU_PACKAGES=(
  # toolchain
  cmake ninja-build ccache clang-22 lld-22
  # MLIR / LLVM 22, FileCheck and lit
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  # ONNX importer: protobuf, ONNX's schemas and shape inference
  libprotobuf-dev protobuf-compiler libonnx-dev python3-onnx
  # ONNX node conformance tests (scripts/onnx_conformance.py)
  libonnx-testdata
  # the .npub artifact (lib/Runtime/Artifact.fbs)
  libflatbuffers-dev flatbuffers-compiler
  # tests and benchmarks; torch exports the model zoo (scripts/gen_model_zoo.py)
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-pytest python3-torch python3-torchvision
  # the digits CNN of the int8 accuracy test (examples/digits): load_digits()
  python3-sklearn
  # the npu Python package (python/): pybind11 extension against Debian's python3
  pybind11-dev python3-dev
)

npu_log() { printf '==> %s\n' "$*"; }

# Installs the packages that are missing (apt-get, as root or through sudo).
# Does nothing, and needs no network, when everything is installed already.
npu_install_packages() {
  local missing=()
  for pkg in "${NPU_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  npu_log "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (once) and builds TARGETs (default: everything); incremental and
# quiet when up to date.
#   npu_build [TARGET...]
npu_build() {
  if [[ ! -f "$NPU_BUILD_DIR/build.ninja" ]]; then
    npu_log "configuring $NPU_BUILD_DIR ($NPU_BUILD_TYPE)"
    local args=(
      -G Ninja -S "$NPU_ROOT" -B "$NPU_BUILD_DIR"
      -DCMAKE_BUILD_TYPE="$NPU_BUILD_TYPE"
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir
      -DPython3_EXECUTABLE="$NPU_PYTHON"
      -DNPU_ENABLE_WERROR=ON
      -DBUILD_TESTING=ON
    )
    if command -v clang++-22 >/dev/null; then
      args+=(-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22)
    fi
    if command -v ccache >/dev/null; then
      args+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    fi
    if [[ -x /usr/lib/llvm-22/bin/ld.lld ]]; then
      args+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld
             -DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld)
    fi
    cmake "${args[@]}" "${NPU_CMAKE_ARGS[@]+"${NPU_CMAKE_ARGS[@]}"}" >/dev/null
  fi
  npu_log "building${*:+ $*} in $NPU_BUILD_DIR"
  local targets=()
  if (($# > 0)); then
    targets=(--target "$@")
  fi
  # Two jobs: a TU with MLIR headers takes ~1 GB; more jobs thrash small
  # machines. --quiet keeps ninja's progress out; errors still show.
  cmake --build "$NPU_BUILD_DIR" "${targets[@]+"${targets[@]}"}" -- --quiet -j"${NPU_JOBS:-2}"
}

# Sanitizer builds. Project code is instrumented, Debian's libLLVM/libMLIR
# are not: docs/reliability.md explains each runtime option below.
#   npu_configure_sanitize address|thread   sets NPU_BUILD_DIR and NPU_CMAKE_ARGS
npu_configure_sanitize() {
  NPU_PACKAGES+=(libclang-rt-22-dev)
  case "$1" in
  address)
    # ASan + UBSan, with libFuzzer's coverage instrumentation so that
    # scripts/fuzz.sh builds its fuzzers in the same tree.
    NPU_BUILD_DIR="${NPU_SANITIZE_BUILD_DIR:-$NPU_ROOT/build-sanitize}"
    NPU_CMAKE_ARGS+=(-DNPU_SANITIZE="address;undefined" -DNPU_ENABLE_FUZZING=ON
                     -DNPU_ENABLE_PYTHON=OFF)
    # allow_user_poisoning=0: LLVM's allocators (BumpPtrAllocator, ...)
    # poison and unpoison memory by hand when their inline header code is
    # compiled with ASan, as ours is; Debian's uninstrumented libMLIR then
    # reuses that memory without unpoisoning it, which reads as
    # use-after-poison in MLIRContext's constructor (a false positive).
    # Heap, stack and global redzones, use-after-free and leaks stay on.
    export ASAN_OPTIONS="allow_user_poisoning=0:detect_leaks=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
    ;;
  thread)
    NPU_BUILD_DIR="${NPU_TSAN_BUILD_DIR:-$NPU_ROOT/build-tsan}"
    NPU_CMAKE_ARGS+=(-DNPU_SANITIZE=thread -DNPU_ENABLE_PYTHON=OFF)
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
    ;;
  *)
    echo "npu_configure_sanitize: unknown sanitizer '$1'" >&2
    return 2
    ;;
  esac
}
