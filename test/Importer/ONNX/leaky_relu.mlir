// ONNX LeakyRelu(alpha = 0.1) -> npu.leaky_relu with the f32 alpha.

// RUN: npu-translate --import-onnx %S/Inputs/ops/leaky_relu_alpha.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.leaky_relu %arg0 {alpha = 1.000000e-01 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
