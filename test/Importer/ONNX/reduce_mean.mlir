// ONNX ReduceMean (axes attribute before opset 18) -> npu.reduce mean with
// sorted non-negative axes; no axes means all axes; keepdims (default 1) ->
// keep_dims.

// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_mean_keepdims1.onnx | FileCheck %s --check-prefix=KEEP
// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_mean_keepdims0.onnx | FileCheck %s --check-prefix=DROP
// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_mean_all_axes.onnx | FileCheck %s --check-prefix=ALL
// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_mean_negative_axis.onnx | FileCheck %s --check-prefix=NEG

// KEEP-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x1x4xf32> {npu.name = "y"})
// KEEP-NEXT: %[[Y:[0-9]+]] = npu.reduce mean %arg0 {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// KEEP-NEXT: return %[[Y]] : tensor<2x1x4xf32>

// DROP-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<3xf32> {npu.name = "y"})
// DROP-NEXT: %[[Y:[0-9]+]] = npu.reduce mean %arg0 {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// DROP-NEXT: return %[[Y]] : tensor<3xf32>

// No axes attribute, keepdims 1: every axis, [1, 1, 1].
// ALL-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<1x1x1xf32> {npu.name = "y"})
// ALL-NEXT: %[[Y:[0-9]+]] = npu.reduce mean %arg0 {axes = array<i64: 0, 1, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
// ALL-NEXT: return %[[Y]] : tensor<1x1x1xf32>

// axes [-1] -> [2], keepdims 0: [2, 3].
// NEG-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3xf32> {npu.name = "y"})
// NEG-NEXT: %[[Y:[0-9]+]] = npu.reduce mean %arg0 {axes = array<i64: 2>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
// NEG-NEXT: return %[[Y]] : tensor<2x3xf32>
