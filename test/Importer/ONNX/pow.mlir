// ONNX Pow -> npu.binary pow; a constant scalar exponent of 2 becomes the
// exact x * x (and the exponent constant disappears).

// RUN: npu-translate --import-onnx %S/Inputs/ops/pow_broadcast.onnx | FileCheck %s --check-prefix=BCAST
// RUN: npu-translate --import-onnx %S/Inputs/ops/pow_scalar_exponent.onnx | FileCheck %s --check-prefix=SQUARE

// BCAST-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<4xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// BCAST-NEXT: %[[Y:[0-9]+]] = npu.binary pow %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// BCAST-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// SQUARE-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// SQUARE-NOT: npu.constant
// SQUARE-NEXT: %[[Y:[0-9]+]] = npu.binary mul %arg0, %arg0 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// SQUARE-NEXT: return %[[Y]] : tensor<2x3x4xf32>
// SQUARE-NOT: npu.binary pow
