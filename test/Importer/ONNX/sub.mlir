// ONNX Sub -> npu.binary sub (broadcasting; operand order kept).

// RUN: npu-translate --import-onnx %S/Inputs/ops/sub_broadcast.onnx | FileCheck %s --check-prefix=BCAST
// RUN: npu-translate --import-onnx %S/Inputs/ops/sub_scalar_initializer_lhs.onnx | FileCheck %s --check-prefix=LHS

// BCAST-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<3x1xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// BCAST-NEXT: %[[Y:[0-9]+]] = npu.binary sub %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// BCAST-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// 1.0 - a: the scalar constant stays the left operand.
// LHS-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// LHS-NEXT: %[[ONE:[0-9]+]] = npu.constant dense<1.000000e+00> : tensor<f32>
// LHS-NEXT: %[[Y:[0-9]+]] = npu.binary sub %[[ONE]], %arg0 : (tensor<f32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// LHS-NEXT: return %[[Y]] : tensor<2x3x4xf32>
