#!/usr/bin/env bash
# Runs every test from nothing: installs the Debian packages it needs,
# configures, builds, then runs ctest (lit + FileCheck IR tests, GoogleTest
# units, generated-docs checks). Idempotent; fast when already built.
#
#   scripts/test.sh [CTEST_ARGS...]            the whole suite (build/)
#   scripts/test.sh --sanitize [CTEST_ARGS...] ASan + UBSan build
#       (build-sanitize/): unit, lit, C API, runtime concurrency and
#       fuzz-corpus tests (ctest label 'sanitize')
#   scripts/test.sh --tsan [GTEST_ARGS...]     TSan build of the runtime
#       (build-tsan/): the concurrency and kernel tests
#
# docs/reliability.md says what each run proves.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mode=all
case "${1:-}" in
--sanitize) mode=sanitize; shift ;;
--tsan) mode=tsan; shift ;;
esac

case "$mode" in
all)
  npu_install_packages
  npu_build
  labels=()
  ;;
sanitize)
  npu_configure_sanitize address
  npu_install_packages
  npu_build npu-sanitize-test-deps
  labels=(-L sanitize)
  ;;
tsan)
  npu_configure_sanitize thread
  npu_install_packages
  npu_build npu-tsan-test-deps
  # The test binaries run directly: the tree builds only these two, and
  # ctest would try to list the tests of every other binary.
  npu_log "testing under ThreadSanitizer"
  "$NPU_BUILD_DIR/test/concurrency/npu-concurrency-tests" "$@"
  "$NPU_BUILD_DIR/test/unit/Kernels/npu-kernels-tests" "$@"
  exit 0
  ;;
esac
npu_log "testing${labels[*]:+ (${labels[*]})}"
cd "$NPU_BUILD_DIR"
ctest --output-on-failure -j"${NPU_JOBS:-2}" "${labels[@]+"${labels[@]}"}" "$@"
