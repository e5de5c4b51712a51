#!/usr/bin/env bash
# Runs every test from nothing: installs the Debian packages it needs,
# configures, builds, then runs ctest (lit + FileCheck IR tests, GoogleTest
# units, generated-docs checks). Idempotent; fast when already built.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

npu_install_packages
npu_build
npu_log "testing"
cd "$NPU_BUILD_DIR"
ctest --output-on-failure -j"${NPU_JOBS:-2}" "$@"
