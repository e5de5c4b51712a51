// ONNX AveragePool -> npu.avg_pool2d; count_include_pad (default 0) and
// ceil_mode (default 0) carry over, pads are [top, left, bottom, right].

// RUN: npu-translate --import-onnx %S/Inputs/ops/average_pool_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/average_pool_count_include_pad_0.onnx | FileCheck %s --check-prefix=CIP0
// RUN: npu-translate --import-onnx %S/Inputs/ops/average_pool_count_include_pad_1.onnx | FileCheck %s --check-prefix=CIP1
// RUN: npu-translate --import-onnx %S/Inputs/ops/average_pool_ceil_mode.onnx | FileCheck %s --check-prefix=CEIL

// BASIC-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// BASIC-NEXT: %[[Y:[0-9]+]] = npu.avg_pool2d %arg0 {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
// BASIC-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// 6 + 1 + 1 - 3 + 1 = 6.
// CIP0-LABEL: func.func @main(%arg0: tensor<1x2x6x6xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// CIP0-NEXT: %[[Y:[0-9]+]] = npu.avg_pool2d %arg0 {ceil_mode = false, count_include_pad = false, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32>
// CIP0-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// CIP1-LABEL: func.func @main(%arg0: tensor<1x2x6x6xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// CIP1-NEXT: %[[Y:[0-9]+]] = npu.avg_pool2d %arg0 {ceil_mode = false, count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x6x6xf32>
// CIP1-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// ceil((7 - 2) / 2) + 1 = 4.
// CEIL-LABEL: func.func @main(%arg0: tensor<1x2x7x7xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// CEIL-NEXT: %[[Y:[0-9]+]] = npu.avg_pool2d %arg0 {ceil_mode = true, count_include_pad = false, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
// CEIL-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>
