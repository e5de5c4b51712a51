// ONNX LogSoftmax (opset 13, axis -1 -> 2) is decomposed stably:
//   s = x - max(x, axis); y = s - log(sum(exp(s), axis)),
// with the reductions keeping the axis for broadcasting.

// RUN: npu-translate --import-onnx %S/Inputs/ops/log_softmax_opset13_axis_neg1.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-NEXT: %[[MAX:[0-9]+]] = npu.reduce max %arg0 {axes = array<i64: 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
// CHECK-NEXT: %[[S:[0-9]+]] = npu.binary sub %arg0, %[[MAX]] : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[E:[0-9]+]] = npu.unary exp %[[S]] : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[SUM:[0-9]+]] = npu.reduce sum %[[E]] {axes = array<i64: 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
// CHECK-NEXT: %[[L:[0-9]+]] = npu.unary log %[[SUM]] : (tensor<2x3x1xf32>) -> tensor<2x3x1xf32>
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.binary sub %[[S]], %[[L]] : (tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
