// ONNX Add -> npu.binary add with numpy (multidirectional) broadcasting; the
// result shape is the broadcast of the operand shapes.

// RUN: npu-translate --import-onnx %S/Inputs/ops/add_same_shape.onnx | FileCheck %s --check-prefix=SAME
// RUN: npu-translate --import-onnx %S/Inputs/ops/add_broadcast_trailing.onnx | FileCheck %s --check-prefix=TRAILING
// RUN: npu-translate --import-onnx %S/Inputs/ops/add_broadcast_bidirectional.onnx | FileCheck %s --check-prefix=BIDIR
// RUN: npu-translate --import-onnx %S/Inputs/ops/add_initializer_operand.onnx | FileCheck %s --check-prefix=INIT
// RUN: npu-translate --import-onnx %S/Inputs/ops/add_int64.onnx | FileCheck %s --check-prefix=INT64

// SAME-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<2x3x4xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// SAME-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// SAME-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// TRAILING-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<4xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// TRAILING-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// TRAILING-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// [2, 1, 4] + [3, 1] -> [2, 3, 4].
// BIDIR-LABEL: func.func @main(%arg0: tensor<2x1x4xf32> {npu.name = "a"}, %arg1: tensor<3x1xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// BIDIR-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %arg1 : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// BIDIR-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// The initializer b [1, 3, 1, 1] is a constant, not a function argument.
// INIT-LABEL: func.func @main(%arg0: tensor<1x3x4x4xf32> {npu.name = "a"}) -> (tensor<1x3x4x4xf32> {npu.name = "y"})
// INIT-NEXT: %[[B:[0-9]+]] = npu.constant dense<{{\[\[}}{{\[\[}}3.750000e-01]], {{\[\[}}-1.375000e+00]], {{\[\[}}6.250000e-01]]]]> : tensor<1x3x1x1xf32>
// INIT-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %[[B]] : (tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x4x4xf32>
// INIT-NEXT: return %[[Y]] : tensor<1x3x4x4xf32>

// INT64-LABEL: func.func @main(%arg0: tensor<2x3xi64> {npu.name = "a"}, %arg1: tensor<3xi64> {npu.name = "b"}) -> (tensor<2x3xi64> {npu.name = "y"})
// INT64-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %arg1 : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
// INT64-NEXT: return %[[Y]] : tensor<2x3xi64>
