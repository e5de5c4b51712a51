#!/bin/sh
# Assembles the C API test's models and runs the C test program on them.
#   run_capi_test.sh NPU_TRANSLATE NPU_CAPI_TEST WORKDIR INPUTS_DIR
set -eu
if [ $# -ne 4 ]; then
  echo "usage: $0 NPU_TRANSLATE NPU_CAPI_TEST WORKDIR INPUTS_DIR" >&2
  exit 2
fi
translate=$1
capi_test=$2
workdir=$3
inputs=$4

rm -rf "$workdir"
mkdir -p "$workdir"
for model in add_relu deadlock sram_overflow; do
  "$translate" --assemble "$inputs/$model.s" -o "$workdir/$model.npub"
done
exec "$capi_test" "$workdir/add_relu.npub" "$workdir/deadlock.npub" \
  "$workdir/sram_overflow.npub" "$workdir"
