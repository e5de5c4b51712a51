// npu-translate parses and prints npu / npuhw IR through its translation driver.
// RUN: npu-translate --npu-round-trip %s | FileCheck %s
// RUN: npu-translate --help | FileCheck %s --check-prefix=HELP

// HELP: --npu-round-trip

// CHECK-LABEL: func.func @f
// CHECK: npu.unary relu %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: npuhw.alloc : memref<4xf16, #npuhw.space<sram>>
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = npu.unary relu %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = npuhw.alloc : memref<4xf16, #npuhw.space<sram>>
  return %0 : tensor<4xf32>
}

// An invalid op is an error with its location, and exit status 1.
// RUN: not npu-translate --npu-round-trip %S/Inputs/invalid-reshape.mlir 2>&1 | FileCheck %s --check-prefix=ERROR
// ERROR: invalid-reshape.mlir:3:8: error: 'npu.reshape' op cannot reshape 6 elements (2x3) into 4 (2x2)
