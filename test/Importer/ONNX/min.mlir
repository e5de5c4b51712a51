// ONNX Min (variadic, broadcasting) -> a left fold of npu.binary min.

// RUN: npu-translate --import-onnx %S/Inputs/ops/min_2_inputs.onnx | FileCheck %s --check-prefix=TWO
// RUN: npu-translate --import-onnx %S/Inputs/ops/min_3_inputs.onnx | FileCheck %s --check-prefix=THREE

// TWO-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<4xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// TWO-NEXT: %[[Y:[0-9]+]] = npu.binary min %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// TWO-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// min(min(a, b), c).
// THREE-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<4xf32> {npu.name = "b"}, %arg2: tensor<3x1xf32> {npu.name = "c"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// THREE-NEXT: %[[AB:[0-9]+]] = npu.binary min %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// THREE-NEXT: %[[Y:[0-9]+]] = npu.binary min %[[AB]], %arg2 : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// THREE-NEXT: return %[[Y]] : tensor<2x3x4xf32>
