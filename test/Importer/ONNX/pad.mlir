// ONNX Pad -> npu.pad {mode, pads_low, pads_high, value}. ONNX pads are
// [x1_begin, ..., xn_begin, x1_end, ..., xn_end]; from opset 11 they are a
// constant input (and constant_value an optional scalar input, default 0),
// before that attributes. x is [1, 2, 4, 4].

// RUN: npu-translate --import-onnx %S/Inputs/ops/pad_constant.onnx | FileCheck %s --check-prefix=CONST
// RUN: npu-translate --import-onnx %S/Inputs/ops/pad_constant_default_value.onnx | FileCheck %s --check-prefix=DEFVALUE
// RUN: npu-translate --import-onnx %S/Inputs/ops/pad_reflect.onnx | FileCheck %s --check-prefix=REFLECT
// RUN: npu-translate --import-onnx %S/Inputs/ops/pad_edge.onnx | FileCheck %s --check-prefix=EDGE
// RUN: npu-translate --import-onnx %S/Inputs/ops/pad_opset9_attrs.onnx | FileCheck %s --check-prefix=OPSET9

// pads [0, 0, 1, 2, 0, 0, 1, 2], value 0.5: H 4 + 2 = 6, W 4 + 4 = 8.
// CONST-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x6x8xf32> {npu.name = "y"})
// CONST-NOT: npu.constant
// CONST-NEXT: %[[Y:[0-9]+]] = npu.pad constant %arg0 {pads_high = array<i64: 0, 0, 1, 2>, pads_low = array<i64: 0, 0, 1, 2>, value = 5.000000e-01 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x8xf32>
// CONST-NEXT: return %[[Y]] : tensor<1x2x6x8xf32>

// DEFVALUE-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// DEFVALUE-NEXT: %[[Y:[0-9]+]] = npu.pad constant %arg0 {pads_high = array<i64: 0, 0, 1, 1>, pads_low = array<i64: 0, 0, 1, 1>, value = 0.000000e+00 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
// DEFVALUE-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// REFLECT-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// REFLECT-NEXT: %[[Y:[0-9]+]] = npu.pad reflect %arg0 {pads_high = array<i64: 0, 0, 1, 1>, pads_low = array<i64: 0, 0, 1, 1>, value = 0.000000e+00 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
// REFLECT-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// pads [0, 0, 2, 0, 0, 0, 0, 2]: 2 rows on top, 2 columns on the right.
// EDGE-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// EDGE-NEXT: %[[Y:[0-9]+]] = npu.pad edge %arg0 {pads_high = array<i64: 0, 0, 0, 2>, pads_low = array<i64: 0, 0, 2, 0>, value = 0.000000e+00 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
// EDGE-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// Opset 9: pads and value as attributes.
// OPSET9: module attributes {npu.onnx_opset = 9 : i64
// OPSET9-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x6x8xf32> {npu.name = "y"})
// OPSET9-NEXT: %[[Y:[0-9]+]] = npu.pad constant %arg0 {pads_high = array<i64: 0, 0, 1, 2>, pads_low = array<i64: 0, 0, 1, 2>, value = 5.000000e-01 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x8xf32>
// OPSET9-NEXT: return %[[Y]] : tensor<1x2x6x8xf32>
