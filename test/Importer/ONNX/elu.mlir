// ONNX Elu: x for x > 0, alpha (exp(x) - 1) otherwise (alpha default 1.0),
// decomposed as relu(x) + alpha * (exp(min(x, 0)) - 1) with [1, 1, 1]
// splat constants; with alpha = 1 the multiply is left out.

// RUN: npu-translate --import-onnx %S/Inputs/ops/elu_basic.onnx | FileCheck %s --check-prefixes=CHECK,BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/elu_alpha.onnx | FileCheck %s --check-prefixes=CHECK,ALPHA

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-DAG: %[[ZERO:[0-9]+]] = npu.constant dense<0.000000e+00> : tensor<1x1x1xf32>
// CHECK-DAG: %[[ONE:[0-9]+]] = npu.constant dense<1.000000e+00> : tensor<1x1x1xf32>
// CHECK: %[[NEG:[0-9]+]] = npu.binary min %arg0, %[[ZERO]] : (tensor<2x3x4xf32>, tensor<1x1x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[EXP:[0-9]+]] = npu.unary exp %[[NEG]] : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[EM1:[0-9]+]] = npu.binary sub %[[EXP]], %[[ONE]] : (tensor<2x3x4xf32>, tensor<1x1x1xf32>) -> tensor<2x3x4xf32>
// BASIC-NOT: npu.binary mul
// BASIC-NEXT: %[[POS:[0-9]+]] = npu.unary relu %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// BASIC-NEXT: %[[Y:[0-9]+]] = npu.binary add %[[POS]], %[[EM1]] : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// ALPHA-NEXT: %[[AL:[0-9]+]] = npu.constant dense<5.000000e-01> : tensor<1x1x1xf32>
// ALPHA-NEXT: %[[SCALED:[0-9]+]] = npu.binary mul %[[EM1]], %[[AL]] : (tensor<2x3x4xf32>, tensor<1x1x1xf32>) -> tensor<2x3x4xf32>
// ALPHA-NEXT: %[[POS:[0-9]+]] = npu.unary relu %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// ALPHA-NEXT: %[[Y:[0-9]+]] = npu.binary add %[[POS]], %[[SCALED]] : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
