// ONNX Cast(to) -> npu.cast to the target element type.

// RUN: npu-translate --import-onnx %S/Inputs/ops/cast_float_to_int64.onnx | FileCheck %s --check-prefix=F2I
// RUN: npu-translate --import-onnx %S/Inputs/ops/cast_int64_to_float.onnx | FileCheck %s --check-prefix=I2F
// RUN: npu-translate --import-onnx %S/Inputs/ops/cast_float_to_float16.onnx | FileCheck %s --check-prefix=F2H

// F2I-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xi64> {npu.name = "y"})
// F2I-NEXT: %[[Y:[0-9]+]] = npu.cast %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xi64>
// F2I-NEXT: return %[[Y]] : tensor<2x3x4xi64>

// I2F-LABEL: func.func @main(%arg0: tensor<2x3x4xi64> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// I2F-NEXT: %[[Y:[0-9]+]] = npu.cast %arg0 : (tensor<2x3x4xi64>) -> tensor<2x3x4xf32>
// I2F-NEXT: return %[[Y]] : tensor<2x3x4xf32>

// F2H-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf16> {npu.name = "y"})
// F2H-NEXT: %[[Y:[0-9]+]] = npu.cast %arg0 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf16>
// F2H-NEXT: return %[[Y]] : tensor<2x3x4xf16>
