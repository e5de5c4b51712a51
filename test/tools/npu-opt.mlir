// npu-opt knows our dialects, the upstream ones the pipeline uses, and our passes.
// RUN: npu-opt --show-dialects | FileCheck %s --check-prefix=DIALECTS
// RUN: npu-opt --help | FileCheck %s --check-prefix=PASSES
// RUN: not npu-opt %s --npu-no-such-pass 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// DIALECTS: Available Dialects:
// DIALECTS-SAME: arith
// DIALECTS-SAME: func
// DIALECTS-SAME: memref
// DIALECTS-SAME: npu,npuhw
// DIALECTS-SAME: quant
// DIALECTS-SAME: tensor

// PASSES: --npu-report-cost
// PASSES-NEXT: --per-op

// UNKNOWN: Unknown command line argument '--npu-no-such-pass'

func.func @empty() {
  return
}
