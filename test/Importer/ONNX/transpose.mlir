// ONNX Transpose -> npu.transpose (result[i] = input[perm[i]]); no perm
// reverses the dimensions.

// RUN: npu-translate --import-onnx %S/Inputs/ops/transpose_perm.onnx | FileCheck %s --check-prefix=PERM
// RUN: npu-translate --import-onnx %S/Inputs/ops/transpose_nchw_to_nhwc.onnx | FileCheck %s --check-prefix=NHWC
// RUN: npu-translate --import-onnx %S/Inputs/ops/transpose_default_perm.onnx | FileCheck %s --check-prefix=DEFAULT

// PERM-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<3x4x2xf32> {npu.name = "y"})
// PERM-NEXT: %[[Y:[0-9]+]] = npu.transpose %arg0 {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
// PERM-NEXT: return %[[Y]] : tensor<3x4x2xf32>

// NHWC-LABEL: func.func @main(%arg0: tensor<1x3x4x5xf32> {npu.name = "x"}) -> (tensor<1x4x5x3xf32> {npu.name = "y"})
// NHWC-NEXT: %[[Y:[0-9]+]] = npu.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
// NHWC-NEXT: return %[[Y]] : tensor<1x4x5x3xf32>

// DEFAULT-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<4x3x2xf32> {npu.name = "y"})
// DEFAULT-NEXT: %[[Y:[0-9]+]] = npu.transpose %arg0 {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// DEFAULT-NEXT: return %[[Y]] : tensor<4x3x2xf32>
