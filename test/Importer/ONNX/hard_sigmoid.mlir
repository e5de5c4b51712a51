// ONNX HardSigmoid(alpha = 0.25, beta = 0.5): max(0, min(1, alpha x + beta))
// -> npu.hard_sigmoid.

// RUN: npu-translate --import-onnx %S/Inputs/ops/hard_sigmoid_alpha_beta.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.hard_sigmoid %arg0 {alpha = 2.500000e-01 : f32, beta = 5.000000e-01 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
