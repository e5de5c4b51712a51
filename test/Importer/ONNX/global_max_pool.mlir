// ONNX GlobalMaxPool -> npu.reduce max over the spatial axes [2, 3], keeping
// them as size-1 dimensions.

// RUN: npu-translate --import-onnx %S/Inputs/ops/global_max_pool_basic.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<1x4x5x5xf32> {npu.name = "x"}) -> (tensor<1x4x1x1xf32> {npu.name = "y"})
// CHECK-NEXT: %[[Y:[0-9]+]] = npu.reduce max %arg0 {axes = array<i64: 2, 3>, keep_dims = true} : (tensor<1x4x5x5xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT: return %[[Y]] : tensor<1x4x1x1xf32>
