// ONNX Identity produces no op: the output is the input.

// RUN: npu-translate --import-onnx %S/Inputs/ops/identity_basic.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-NOT: npu.
// CHECK-NEXT: return %arg0 : tensor<2x3x4xf32>
