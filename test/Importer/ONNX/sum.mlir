// ONNX Sum (variadic, broadcasting) -> a left fold of npu.binary add.

// RUN: npu-translate --import-onnx %S/Inputs/ops/sum_3_inputs.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<4xf32> {npu.name = "b"}, %arg2: tensor<3x1xf32> {npu.name = "c"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-NEXT: %[[AB:[0-9]+]] = npu.binary add %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.binary add %[[AB]], %arg2 : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
