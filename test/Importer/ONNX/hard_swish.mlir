// ONNX HardSwish (opset 14): x * max(0, min(1, x / 6 + 0.5)) = x relu6(x + 3) / 6
// -> npu.unary hard_swish.

// RUN: npu-translate --import-onnx %S/Inputs/ops/hard_swish_opset14.onnx | FileCheck %s

// CHECK: module attributes {npu.onnx_opset = 14 : i64
// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.unary hard_swish %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
