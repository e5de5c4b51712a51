// ONNX Expand with a constant shape -> npu.broadcast to the bidirectional
// broadcast of the input shape and the requested shape.

// RUN: npu-translate --import-onnx %S/Inputs/ops/expand_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/expand_bidirectional.onnx | FileCheck %s --check-prefix=BIDIR

// [3, 1] to [2, 3, 4].
// BASIC-LABEL: func.func @main(%arg0: tensor<3x1xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// BASIC-NOT: npu.constant
// BASIC-NEXT: %[[Y:[0-9]+]] = npu.broadcast %arg0 : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
// BASIC-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// [1, 4] with shape [3, 1]: the 1 keeps the input's 4 -> [3, 4].
// BIDIR-LABEL: func.func @main(%arg0: tensor<1x4xf32> {npu.name = "x"}) -> (tensor<3x4xf32> {npu.name = "y"})
// BIDIR-NEXT: %[[Y:[0-9]+]] = npu.broadcast %arg0 : (tensor<1x4xf32>) -> tensor<3x4xf32>
// BIDIR-NEXT: return %[[Y]] : tensor<3x4xf32>
