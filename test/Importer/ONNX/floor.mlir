// ONNX Floor -> npu.unary floor.

// RUN: npu-translate --import-onnx %S/Inputs/ops/floor_basic.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.unary floor %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
