// RUN: npu-opt %s --pass-pipeline='builtin.module(func.func(npu-form-layer-groups{target=edge}))' -split-input-file | FileCheck %s

// Two convolutions, the second the only user of the first: cheaper tiled
// together, so both are marked, the first with the band height.
// CHECK-LABEL: func.func @conv_chain
// CHECK: npu.conv2d {{.*}}npu.layer_group = {id = 0 : i64, index = 0 : i64, rows_per_tile = 8 : i64}
// CHECK: npu.conv2d {{.*}}npu.layer_group = {id = 0 : i64, index = 1 : i64}
func.func @conv_chain(%x: tensor<1x3x8x8xf16>) -> tensor<1x16x8x8xf16> {
  %w1 = npu.constant dense<0.25> : tensor<16x3x3x3xf16>
  %b1 = npu.constant dense<1.0> : tensor<16xf16>
  %w2 = npu.constant dense<0.5> : tensor<16x16x3x3xf16>
  %0 = npu.conv2d %x, %w1, %b1 {clamp = array<f32: 0.0, 6.0>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf16>, tensor<16x3x3x3xf16>, tensor<16xf16>) -> tensor<1x16x8x8xf16>
  %1 = npu.conv2d %0, %w2 {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x16x8x8xf16>, tensor<16x16x3x3xf16>) -> tensor<1x16x8x8xf16>
  return %1 : tensor<1x16x8x8xf16>
}

// -----

// A MobileNet block (expand 1x1, depthwise 3x3, project 1x1) is one layer
// group in bands of 4 output rows: the expanded 32x32x64 tensors never go
// to DRAM. Each band loads the input rows its depthwise window needs and
// recomputes the expansion of the rows it shares with its neighbours (a
// halo of one row), so band 0 reads input rows 0-4 (the depthwise
// convolution pads the top), band 1 rows 3-8, and the last band rows 27-31

// -----

// A convolution whose result has two users ends its chain: nothing to group.
// CHECK-LABEL: func.func @fork
// CHECK-NOT: npu.layer_group
func.func @fork(%x: tensor<1x3x8x8xf16>) -> (tensor<1x16x8x8xf16>, tensor<1x16x8x8xf16>) {
  %w1 = npu.constant dense<0.25> : tensor<16x3x3x3xf16>
  %w2 = npu.constant dense<0.5> : tensor<16x16x3x3xf16>
  %0 = npu.conv2d %x, %w1 {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf16>, tensor<16x3x3x3xf16>) -> tensor<1x16x8x8xf16>
  %1 = npu.conv2d %0, %w2 {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x16x8x8xf16>, tensor<16x16x3x3xf16>) -> tensor<1x16x8x8xf16>
  return %0, %1 : tensor<1x16x8x8xf16>, tensor<1x16x8x8xf16>
}
