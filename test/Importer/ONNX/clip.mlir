// ONNX Clip -> npu.clip {min, max}. Before opset 11 the bounds are
// attributes; from opset 11 they are optional scalar inputs (constants here,
// which leave nothing behind). A missing bound is unbounded: -inf
// (0xFF800000) / +inf (0x7F800000).

// RUN: npu-translate --import-onnx %S/Inputs/ops/clip_opset7_min_max_attrs.onnx | FileCheck %s --check-prefix=OPSET7
// RUN: npu-translate --import-onnx %S/Inputs/ops/clip_opset11_min_max.onnx | FileCheck %s --check-prefix=OPSET11
// RUN: npu-translate --import-onnx %S/Inputs/ops/clip_opset13_min_max.onnx | FileCheck %s --check-prefix=MINMAX
// RUN: npu-translate --import-onnx %S/Inputs/ops/clip_opset13_max_only.onnx | FileCheck %s --check-prefix=MAXONLY
// RUN: npu-translate --import-onnx %S/Inputs/ops/clip_opset13_min_only.onnx | FileCheck %s --check-prefix=MINONLY
// RUN: npu-translate --import-onnx %S/Inputs/ops/clip_opset13_no_bounds.onnx | FileCheck %s --check-prefix=NOBOUNDS

// OPSET7: module attributes {npu.onnx_opset = 7 : i64
// OPSET7-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// OPSET7-NEXT: %[[Y:[0-9]+]] = npu.clip %arg0 {max = 1.000000e+00 : f32, min = -1.000000e+00 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// OPSET7-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// OPSET11: module attributes {npu.onnx_opset = 11 : i64
// OPSET11-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// OPSET11-NEXT: %[[Y:[0-9]+]] = npu.clip %arg0 {max = 6.000000e+00 : f32, min = -1.000000e+00 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// OPSET11-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// MINMAX-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// MINMAX-NEXT: %[[Y:[0-9]+]] = npu.clip %arg0 {max = 6.000000e+00 : f32, min = -1.000000e+00 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// MINMAX-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// Input 1 ("min") is the empty name: only max = 6.
// MAXONLY-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// MAXONLY-NEXT: %[[Y:[0-9]+]] = npu.clip %arg0 {max = 6.000000e+00 : f32, min = 0xFF800000 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// MAXONLY-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// MINONLY-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// MINONLY-NEXT: %[[Y:[0-9]+]] = npu.clip %arg0 {max = 0x7F800000 : f32, min = -1.000000e+00 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// MINONLY-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// NOBOUNDS-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// NOBOUNDS-NEXT: %[[Y:[0-9]+]] = npu.clip %arg0 {max = 0x7F800000 : f32, min = 0xFF800000 : f32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// NOBOUNDS-NEXT: return %[[Y]] : tensor<2x3x4xf32>
