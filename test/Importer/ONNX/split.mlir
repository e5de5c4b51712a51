// ONNX Split -> npu.split with explicit sizes: from the split attribute
// (< 13), the constant split input (>= 13), or equal parts of the axis for
// the number of outputs. axis defaults to 0. Each output keeps its name.

// RUN: npu-translate --import-onnx %S/Inputs/ops/split_opset11_split_attr.onnx | FileCheck %s --check-prefix=ATTR
// RUN: npu-translate --import-onnx %S/Inputs/ops/split_opset13_split_input.onnx | FileCheck %s --check-prefix=INPUT
// RUN: npu-translate --import-onnx %S/Inputs/ops/split_opset13_equal.onnx | FileCheck %s --check-prefix=EQUAL
// RUN: npu-translate --import-onnx %S/Inputs/ops/split_opset13_default_axis.onnx | FileCheck %s --check-prefix=DEFAXIS

// ATTR: module attributes {npu.onnx_opset = 11 : i64
// ATTR-LABEL: func.func @main(%arg0: tensor<2x6xf32> {npu.name = "x"}) -> (tensor<2x2xf32> {npu.name = "y0"}, tensor<2x4xf32> {npu.name = "y1"})
// ATTR-NEXT: %[[S:[0-9]+]]:2 = npu.split %arg0 {axis = 1 : i64, sizes = array<i64: 2, 4>} : (tensor<2x6xf32>) -> (tensor<2x2xf32>, tensor<2x4xf32>)
// ATTR-NEXT: return %[[S]]#0, %[[S]]#1 : tensor<2x2xf32>, tensor<2x4xf32>

// INPUT-LABEL: func.func @main(%arg0: tensor<2x6xf32> {npu.name = "x"}) -> (tensor<2x2xf32> {npu.name = "y0"}, tensor<2x4xf32> {npu.name = "y1"})
// INPUT-NOT: npu.constant
// INPUT-NEXT: %[[S:[0-9]+]]:2 = npu.split %arg0 {axis = 1 : i64, sizes = array<i64: 2, 4>} : (tensor<2x6xf32>) -> (tensor<2x2xf32>, tensor<2x4xf32>)
// INPUT-NEXT: return %[[S]]#0, %[[S]]#1 : tensor<2x2xf32>, tensor<2x4xf32>

// 6 / 3 outputs = [2, 2, 2].
// EQUAL-LABEL: func.func @main(%arg0: tensor<2x6xf32> {npu.name = "x"}) -> (tensor<2x2xf32> {npu.name = "y0"}, tensor<2x2xf32> {npu.name = "y1"}, tensor<2x2xf32> {npu.name = "y2"})
// EQUAL-NEXT: %[[S:[0-9]+]]:3 = npu.split %arg0 {axis = 1 : i64, sizes = array<i64: 2, 2, 2>} : (tensor<2x6xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>)
// EQUAL-NEXT: return %[[S]]#0, %[[S]]#1, %[[S]]#2 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>

// No axis: 0; [4, 3] into two [2, 3].
// DEFAXIS-LABEL: func.func @main(%arg0: tensor<4x3xf32> {npu.name = "x"}) -> (tensor<2x3xf32> {npu.name = "y0"}, tensor<2x3xf32> {npu.name = "y1"})
// DEFAXIS-NEXT: %[[S:[0-9]+]]:2 = npu.split %arg0 {axis = 0 : i64, sizes = array<i64: 2, 2>} : (tensor<4x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
// DEFAXIS-NEXT: return %[[S]]#0, %[[S]]#1 : tensor<2x3xf32>, tensor<2x3xf32>
