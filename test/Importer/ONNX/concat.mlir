// ONNX Concat -> npu.concat with a non-negative axis.

// RUN: npu-translate --import-onnx %S/Inputs/ops/concat_axis1.onnx | FileCheck %s --check-prefix=AXIS1
// RUN: npu-translate --import-onnx %S/Inputs/ops/concat_negative_axis.onnx | FileCheck %s --check-prefix=NEG
// RUN: npu-translate --import-onnx %S/Inputs/ops/concat_with_initializer.onnx | FileCheck %s --check-prefix=INIT

// AXIS1-LABEL: func.func @main(%arg0: tensor<1x2x4xf32> {npu.name = "a"}, %arg1: tensor<1x3x4xf32> {npu.name = "b"}) -> (tensor<1x5x4xf32> {npu.name = "y"})
// AXIS1-NEXT: %[[Y:[0-9]+]] = npu.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
// AXIS1-NEXT: return %[[Y]] : tensor<1x5x4xf32>

// axis -1 of rank 2 -> 1; 3 + 5 + 1 = 9.
// NEG-LABEL: func.func @main(%arg0: tensor<2x3xf32> {npu.name = "a"}, %arg1: tensor<2x5xf32> {npu.name = "b"}, %arg2: tensor<2x1xf32> {npu.name = "c"}) -> (tensor<2x9xf32> {npu.name = "y"})
// NEG-NEXT: %[[Y:[0-9]+]] = npu.concat %arg0, %arg1, %arg2 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x9xf32>
// NEG-NEXT: return %[[Y]] : tensor<2x9xf32>

// INIT-LABEL: func.func @main(%arg0: tensor<1x2x4xf32> {npu.name = "a"}) -> (tensor<1x3x4xf32> {npu.name = "y"})
// INIT-NEXT: %[[B:[0-9]+]] = npu.constant dense<{{\[\[}}[-1.250000e-01, -5.000000e-01, -7.500000e-01, 2.000000e+00]]]> : tensor<1x1x4xf32>
// INIT-NEXT: %[[Y:[0-9]+]] = npu.concat %arg0, %[[B]] {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x3x4xf32>
// INIT-NEXT: return %[[Y]] : tensor<1x3x4xf32>
