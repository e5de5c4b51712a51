// ONNX Softmax -> npu.softmax. Before opset 13 the input is coerced to 2-D
// at `axis` ([2, 3, 4] at axis 1 -> [2, 12]) and normalised over the whole
// trailing block; from opset 13 along the one (normalised) axis.

// RUN: npu-translate --import-onnx %S/Inputs/ops/softmax_opset11_axis1.onnx | FileCheck %s --check-prefix=OPSET11
// RUN: npu-translate --import-onnx %S/Inputs/ops/softmax_opset13_axis1.onnx | FileCheck %s --check-prefix=OPSET13
// RUN: npu-translate --import-onnx %S/Inputs/ops/softmax_opset13_axis_neg1.onnx | FileCheck %s --check-prefix=NEG1

// OPSET11-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// OPSET11-NEXT: %[[X2:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// OPSET11-NEXT: %[[S:[0-9]+]] = npu.softmax %[[X2]] {axis = 1 : i64} : (tensor<2x12xf32>) -> tensor<2x12xf32>
// OPSET11-NEXT: %[[Y:[0-9]+]] = npu.reshape %[[S]] : (tensor<2x12xf32>) -> tensor<2x3x4xf32>
// OPSET11-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// OPSET13-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// OPSET13-NEXT: %[[Y:[0-9]+]] = npu.softmax %arg0 {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// OPSET13-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// NEG1-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// NEG1-NEXT: %[[Y:[0-9]+]] = npu.softmax %arg0 {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// NEG1-NEXT: return %[[Y]] : tensor<2x3x4xf32>
