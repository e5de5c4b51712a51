// ONNX MaxPool -> npu.max_pool2d. Defaults: strides 1, dilations 1, pads 0,
// ceil_mode 0. auto_pad SAME_UPPER resolves to explicit pads with the odd
// pixel at the end; 1-D pooling becomes 2-D with H = 1. The Indices output is
// refused (see also errors.mlir).

// RUN: npu-translate --import-onnx %S/Inputs/ops/max_pool_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/max_pool_padded.onnx | FileCheck %s --check-prefix=PADDED
// RUN: npu-translate --import-onnx %S/Inputs/ops/max_pool_ceil_mode.onnx | FileCheck %s --check-prefix=CEIL
// RUN: npu-translate --import-onnx %S/Inputs/ops/max_pool_dilated.onnx | FileCheck %s --check-prefix=DILATED
// RUN: npu-translate --import-onnx %S/Inputs/ops/max_pool_auto_pad_same_upper.onnx | FileCheck %s --check-prefix=UPPER
// RUN: npu-translate --import-onnx %S/Inputs/ops/max_pool_1d.onnx | FileCheck %s --check-prefix=POOL1D
// RUN: not npu-translate --import-onnx %S/Inputs/ops/max_pool_with_indices.onnx 2>&1 | FileCheck %s --check-prefix=INDICES

// BASIC-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// BASIC-NEXT: %[[Y:[0-9]+]] = npu.max_pool2d %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
// BASIC-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// (8 + 2 - 3) / 2 + 1 = 4.
// PADDED-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// PADDED-NEXT: %[[Y:[0-9]+]] = npu.max_pool2d %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
// PADDED-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// ceil((7 - 2) / 2) + 1 = 4 (floor would give 3).
// CEIL-LABEL: func.func @main(%arg0: tensor<1x2x7x7xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// CEIL-NEXT: %[[Y:[0-9]+]] = npu.max_pool2d %arg0 {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
// CEIL-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// Effective window 2 * (2 - 1) + 1 = 3: 8 - 3 + 1 = 6.
// DILATED-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// DILATED-NEXT: %[[Y:[0-9]+]] = npu.max_pool2d %arg0 {ceil_mode = false, dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x6x6xf32>
// DILATED-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// out ceil(8 / 2) = 4, total (4 - 1) * 2 + 3 - 8 = 1, at the end: [0, 0, 1, 1].
// UPPER-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// UPPER-NEXT: %[[Y:[0-9]+]] = npu.max_pool2d %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
// UPPER-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// kernel [3], strides [3] -> [1, 3], [1, 3]; [1, 2, 9] -> [1, 2, 1, 9] and back.
// POOL1D-LABEL: func.func @main(%arg0: tensor<1x2x9xf32> {npu.name = "x"}) -> (tensor<1x2x3xf32> {npu.name = "y"})
// POOL1D-NEXT: %[[X4:[0-9]+]] = npu.reshape %arg0 : (tensor<1x2x9xf32>) -> tensor<1x2x1x9xf32>
// POOL1D-NEXT: %[[P:[0-9]+]] = npu.max_pool2d %[[X4]] {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 1, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 3>} : (tensor<1x2x1x9xf32>) -> tensor<1x2x1x3xf32>
// POOL1D-NEXT: %[[Y:[0-9]+]] = npu.reshape %[[P]] : (tensor<1x2x1x3xf32>) -> tensor<1x2x3xf32>
// POOL1D-NEXT: return %[[Y]] : tensor<1x2x3xf32>

// INDICES: max_pool_with_indices.onnx{{.*}}: error: 'max_pool1' (MaxPool): unsupported: the Indices output of MaxPool is not supported
// INDICES-NOT: func.func
