// ONNX Mul -> npu.binary mul (broadcasting).

// RUN: npu-translate --import-onnx %S/Inputs/ops/mul_broadcast.onnx | FileCheck %s --check-prefix=BCAST
// RUN: npu-translate --import-onnx %S/Inputs/ops/mul_scalar_initializer.onnx | FileCheck %s --check-prefix=SCALAR
// RUN: npu-translate --import-onnx %S/Inputs/ops/mul_int64.onnx | FileCheck %s --check-prefix=INT64

// BCAST-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<3x1xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// BCAST-NEXT: %[[Y:[0-9]+]] = npu.binary mul %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// BCAST-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// SCALAR-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// SCALAR-NEXT: %[[HALF:[0-9]+]] = npu.constant dense<5.000000e-01> : tensor<f32>
// SCALAR-NEXT: %[[Y:[0-9]+]] = npu.binary mul %arg0, %[[HALF]] : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
// SCALAR-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// INT64-LABEL: func.func @main(%arg0: tensor<2x3xi64> {npu.name = "a"}, %arg1: tensor<3xi64> {npu.name = "b"}) -> (tensor<2x3xi64> {npu.name = "y"})
// INT64-NEXT: %[[Y:[0-9]+]] = npu.binary mul %arg0, %arg1 : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
// INT64-NEXT: return %[[Y]] : tensor<2x3xi64>
