// ONNX ReduceMin (axes attribute before opset 18) -> npu.reduce min with
// sorted non-negative axes; keepdims (default 1) -> keep_dims.

// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_min_keepdims1.onnx | FileCheck %s --check-prefix=KEEP
// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_min_keepdims0.onnx | FileCheck %s --check-prefix=DROP

// axes [1], keepdims 1: [2, 3, 4] -> [2, 1, 4].
// KEEP-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x1x4xf32> {npu.name = "y"})
// KEEP-NEXT: %[[Y:[0-9]+]] = npu.reduce min %arg0 {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// KEEP-NEXT: return %[[Y]] : tensor<2x1x4xf32>

// axes [0, 2], keepdims 0: [2, 3, 4] -> [3].
// DROP-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<3xf32> {npu.name = "y"})
// DROP-NEXT: %[[Y:[0-9]+]] = npu.reduce min %arg0 {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// DROP-NEXT: return %[[Y]] : tensor<3xf32>
