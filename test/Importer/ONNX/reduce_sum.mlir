// ONNX ReduceSum -> npu.reduce sum. Axes are an attribute before opset 13 and
// a constant input from opset 13 on; both end up sorted and non-negative, and
// the axes constant leaves nothing behind.

// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_sum_opset11_axes_attr.onnx | FileCheck %s --check-prefix=ATTR
// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_sum_opset13_axes_input_keepdims1.onnx | FileCheck %s --check-prefix=INPUT1
// RUN: npu-translate --import-onnx %S/Inputs/ops/reduce_sum_opset13_axes_input_keepdims0.onnx | FileCheck %s --check-prefix=INPUT0

// ATTR: module attributes {npu.onnx_opset = 11 : i64
// ATTR-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x1x4xf32> {npu.name = "y"})
// ATTR-NEXT: %[[Y:[0-9]+]] = npu.reduce sum %arg0 {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// ATTR-NEXT: return %[[Y]] : tensor<2x1x4xf32>

// axes input [1].
// INPUT1-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x1x4xf32> {npu.name = "y"})
// INPUT1-NEXT: %[[Y:[0-9]+]] = npu.reduce sum %arg0 {axes = array<i64: 1>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// INPUT1-NEXT: return %[[Y]] : tensor<2x1x4xf32>

// axes input [0, -1] -> [0, 2], keepdims 0: [3].
// INPUT0-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<3xf32> {npu.name = "y"})
// INPUT0-NEXT: %[[Y:[0-9]+]] = npu.reduce sum %arg0 {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// INPUT0-NEXT: return %[[Y]] : tensor<3xf32>
