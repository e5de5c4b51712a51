// ONNX Squeeze -> npu.reshape dropping the listed size-1 axes (attribute
// before opset 13, constant input from 13, negative allowed), or every
// size-1 axis when none are given.

// RUN: npu-translate --import-onnx %S/Inputs/ops/squeeze_opset11_axes_attr.onnx | FileCheck %s --check-prefix=ATTR
// RUN: npu-translate --import-onnx %S/Inputs/ops/squeeze_opset13_axes_input.onnx | FileCheck %s --check-prefix=INPUT
// RUN: npu-translate --import-onnx %S/Inputs/ops/squeeze_opset13_no_axes.onnx | FileCheck %s --check-prefix=NOAXES

// axes [0, 2] of [1, 3, 1, 4] -> [3, 4].
// ATTR: module attributes {npu.onnx_opset = 11 : i64
// ATTR-LABEL: func.func @main(%arg0: tensor<1x3x1x4xf32> {npu.name = "x"}) -> (tensor<3x4xf32> {npu.name = "y"})
// ATTR-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<1x3x1x4xf32>) -> tensor<3x4xf32>
// ATTR-NEXT: return %[[Y]] : tensor<3x4xf32>

// axes [0, -2] -> [0, 2].
// INPUT-LABEL: func.func @main(%arg0: tensor<1x3x1x4xf32> {npu.name = "x"}) -> (tensor<3x4xf32> {npu.name = "y"})
// INPUT-NOT: npu.constant
// INPUT-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<1x3x1x4xf32>) -> tensor<3x4xf32>
// INPUT-NEXT: return %[[Y]] : tensor<3x4xf32>

// NOAXES-LABEL: func.func @main(%arg0: tensor<1x3x1x4xf32> {npu.name = "x"}) -> (tensor<3x4xf32> {npu.name = "y"})
// NOAXES-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<1x3x1x4xf32>) -> tensor<3x4xf32>
// NOAXES-NEXT: return %[[Y]] : tensor<3x4xf32>
