// ONNX Flatten(axis) -> npu.reshape to [prod(d[:axis]), prod(d[axis:])];
// axis may be negative (-1 -> rank - 1) and 0 gives [1, everything].

// RUN: npu-translate --import-onnx %S/Inputs/ops/flatten_axis0.onnx | FileCheck %s --check-prefix=AXIS0
// RUN: npu-translate --import-onnx %S/Inputs/ops/flatten_axis1.onnx | FileCheck %s --check-prefix=AXIS1
// RUN: npu-translate --import-onnx %S/Inputs/ops/flatten_axis2.onnx | FileCheck %s --check-prefix=AXIS2
// RUN: npu-translate --import-onnx %S/Inputs/ops/flatten_axis_neg1.onnx | FileCheck %s --check-prefix=NEG1

// AXIS0-LABEL: func.func @main(%arg0: tensor<2x3x4x5xf32> {npu.name = "x"}) -> (tensor<1x120xf32> {npu.name = "y"})
// AXIS0-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
// AXIS0-NEXT: return %[[Y]] : tensor<1x120xf32>

// AXIS1-LABEL: func.func @main(%arg0: tensor<2x3x4x5xf32> {npu.name = "x"}) -> (tensor<2x60xf32> {npu.name = "y"})
// AXIS1-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// AXIS1-NEXT: return %[[Y]] : tensor<2x60xf32>

// AXIS2-LABEL: func.func @main(%arg0: tensor<2x3x4x5xf32> {npu.name = "x"}) -> (tensor<6x20xf32> {npu.name = "y"})
// AXIS2-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
// AXIS2-NEXT: return %[[Y]] : tensor<6x20xf32>

// NEG1-LABEL: func.func @main(%arg0: tensor<2x3x4x5xf32> {npu.name = "x"}) -> (tensor<24x5xf32> {npu.name = "y"})
// NEG1-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
// NEG1-NEXT: return %[[Y]] : tensor<24x5xf32>
