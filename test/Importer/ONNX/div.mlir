// ONNX Div -> npu.binary div (broadcasting; integer division truncates).

// RUN: npu-translate --import-onnx %S/Inputs/ops/div_broadcast.onnx | FileCheck %s --check-prefix=BCAST
// RUN: npu-translate --import-onnx %S/Inputs/ops/div_int64.onnx | FileCheck %s --check-prefix=INT64

// BCAST-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "a"}, %arg1: tensor<3x1xf32> {npu.name = "b"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// BCAST-NEXT: %[[Y:[0-9]+]] = npu.binary div %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// BCAST-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// INT64-LABEL: func.func @main(%arg0: tensor<2x3xi64> {npu.name = "a"}, %arg1: tensor<3xi64> {npu.name = "b"}) -> (tensor<2x3xi64> {npu.name = "y"})
// INT64-NEXT: %[[Y:[0-9]+]] = npu.binary div %arg0, %arg1 : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
// INT64-NEXT: return %[[Y]] : tensor<2x3xi64>
