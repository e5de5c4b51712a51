// ONNX Constant nodes become npu.constant (value tensor, value_float as a
// rank-0 f32, value_ints as a 1-D i64); a constant consumed as a shape folds
// away entirely.

// RUN: npu-translate --import-onnx %S/Inputs/ops/constant_value_tensor.onnx | FileCheck %s --check-prefix=TENSOR
// RUN: npu-translate --import-onnx %S/Inputs/ops/constant_value_float.onnx | FileCheck %s --check-prefix=FLOAT
// RUN: npu-translate --import-onnx %S/Inputs/ops/constant_value_ints.onnx | FileCheck %s --check-prefix=INTS

// value = arange(-3, 3).reshape(2, 3) / 2.
// TENSOR-LABEL: func.func @main(%arg0: tensor<2x3xf32> {npu.name = "x"}) -> (tensor<2x3xf32> {npu.name = "y"})
// TENSOR-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}-1.500000e+00, -1.000000e+00, -5.000000e-01], [0.000000e+00, 5.000000e-01, 1.000000e+00]]> : tensor<2x3xf32>
// TENSOR-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %[[C]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// TENSOR-NEXT: return %[[Y]] : tensor<2x3xf32>

// FLOAT-LABEL: func.func @main(%arg0: tensor<2x3xf32> {npu.name = "x"}) -> (tensor<2x3xf32> {npu.name = "y"})
// FLOAT-NEXT: %[[C:[0-9]+]] = npu.constant dense<5.000000e-01> : tensor<f32>
// FLOAT-NEXT: %[[Y:[0-9]+]] = npu.binary mul %arg0, %[[C]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// FLOAT-NEXT: return %[[Y]] : tensor<2x3xf32>

// value_ints [3, 2] is Reshape's shape: only the reshape remains.
// INTS-LABEL: func.func @main(%arg0: tensor<2x3xf32> {npu.name = "x"}) -> (tensor<3x2xf32> {npu.name = "y"})
// INTS-NOT: npu.constant
// INTS-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3xf32>) -> tensor<3x2xf32>
// INTS-NEXT: return %[[Y]] : tensor<3x2xf32>
