// ONNX Shape of a static tensor is an i64 constant; opset 15 start/end
// slice it (negative values add the rank). The input is unused.

// RUN: npu-translate --import-onnx %S/Inputs/ops/shape_opset13.onnx | FileCheck %s --check-prefix=OPSET13
// RUN: npu-translate --import-onnx %S/Inputs/ops/shape_opset15_start_end.onnx | FileCheck %s --check-prefix=STARTEND
// RUN: npu-translate --import-onnx %S/Inputs/ops/shape_opset15_start_only.onnx | FileCheck %s --check-prefix=STARTONLY

// OPSET13-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<3xi64> {npu.name = "y"})
// OPSET13-NEXT: %[[S:[0-9]+]] = npu.constant dense<[2, 3, 4]> : tensor<3xi64>
// OPSET13-NEXT: return %[[S]] : tensor<3xi64>

// start 1, end -1 -> 3 on [2, 3, 4, 5]: [3, 4].
// STARTEND: module attributes {npu.onnx_opset = 15 : i64
// STARTEND-LABEL: func.func @main(%arg0: tensor<2x3x4x5xf32> {npu.name = "x"}) -> (tensor<2xi64> {npu.name = "y"})
// STARTEND-NEXT: %[[S:[0-9]+]] = npu.constant dense<[3, 4]> : tensor<2xi64>
// STARTEND-NEXT: return %[[S]] : tensor<2xi64>

// start -1 -> 3: [5].
// STARTONLY-LABEL: func.func @main(%arg0: tensor<2x3x4x5xf32> {npu.name = "x"}) -> (tensor<1xi64> {npu.name = "y"})
// STARTONLY-NEXT: %[[S:[0-9]+]] = npu.constant dense<5> : tensor<1xi64>
// STARTONLY-NEXT: return %[[S]] : tensor<1xi64>
