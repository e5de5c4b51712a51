// ONNX Softplus: log(exp(x) + 1), decomposed as the definition states.

// RUN: npu-translate --import-onnx %S/Inputs/ops/softplus_basic.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// CHECK-DAG: %[[EXP:[0-9]+]] = npu.unary exp %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-DAG: %[[ONE:[0-9]+]] = npu.constant dense<1.000000e+00> : tensor<1x1x1xf32>
// CHECK: %[[PLUS:[0-9]+]] = npu.binary add %[[EXP]], %[[ONE]] : (tensor<2x3x4xf32>, tensor<1x1x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.unary log %[[PLUS]] : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<2x3x4xf32>
