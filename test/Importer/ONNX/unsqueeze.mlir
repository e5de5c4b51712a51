// ONNX Unsqueeze -> npu.reshape inserting size-1 axes; negative axes count
// from the end of the *output* rank.

// RUN: npu-translate --import-onnx %S/Inputs/ops/unsqueeze_opset11_axes_attr.onnx | FileCheck %s --check-prefix=ATTR
// RUN: npu-translate --import-onnx %S/Inputs/ops/unsqueeze_opset13_axes_input.onnx | FileCheck %s --check-prefix=INPUT

// axes [0, 3] on [3, 4] -> [1, 3, 4, 1].
// ATTR: module attributes {npu.onnx_opset = 11 : i64
// ATTR-LABEL: func.func @main(%arg0: tensor<3x4xf32> {npu.name = "x"}) -> (tensor<1x3x4x1xf32> {npu.name = "y"})
// ATTR-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<3x4xf32>) -> tensor<1x3x4x1xf32>
// ATTR-NEXT: return %[[Y]] : tensor<1x3x4x1xf32>

// axes [0, -1] with output rank 4 -> [0, 3].
// INPUT-LABEL: func.func @main(%arg0: tensor<3x4xf32> {npu.name = "x"}) -> (tensor<1x3x4x1xf32> {npu.name = "y"})
// INPUT-NOT: npu.constant
// INPUT-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<3x4xf32>) -> tensor<1x3x4x1xf32>
// INPUT-NEXT: return %[[Y]] : tensor<1x3x4x1xf32>
