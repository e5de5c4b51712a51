// ONNX GlobalAveragePool on a 4-D input -> npu.global_avg_pool2d, [N, C, 1, 1].

// RUN: npu-translate --import-onnx %S/Inputs/ops/global_average_pool_basic.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<1x4x5x5xf32> {npu.name = "x"}) -> (tensor<1x4x1x1xf32> {npu.name = "y"})
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.global_avg_pool2d %arg0 : (tensor<1x4x5x5xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT: return %[[Y]] : tensor<1x4x1x1xf32>
