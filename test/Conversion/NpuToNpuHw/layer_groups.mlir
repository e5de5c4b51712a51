// Chains of convolutions tiled together (LayerGroups.cpp).
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// Without layer groups, every convolution goes through DRAM.
// RUN: npu-opt %s --npu-lower-to-npuhw="target=edge layer-groups=false" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=UNGROUPED
// Nothing of the npu dialect is left.
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// LOWERED-NOT: npu.

// Two convolutions in a row. A fused Clip ([0, 6]) writes back through
// `clip`; no clamp writes back with `copy`; a convolution without bias has
// no bias operand. 3x3 filters pack to K x 32: K = 27 (3 channels) and
// K = 144 (16 channels).
// By default the pair is a layer group in one band (the whole 8x8 image):
// the first write-back feeds the second convolution from SRAM, and the
// intermediate has no DRAM buffer.
// CHECK: memref.global "private" constant @[[F1:filter_[0-9]+]] : memref<864xf16, #npuhw.space<dram>>
// CHECK: memref.global "private" constant @[[B1:bias_[0-9]+]] : memref<16xf32, #npuhw.space<dram>> = dense<1.000000e+00>
// CHECK: memref.global "private" constant @[[F2:filter_[0-9]+]] : memref<4608xf16, #npuhw.space<dram>>
// CHECK-NOT: memref.global
// CHECK-LABEL: func.func @conv_chain
// CHECK-SAME: (%{{.*}}: memref<1x3x8x8xf16, #npuhw.space<dram>>, %[[Y:.*]]: memref<1x16x8x8xf16, #npuhw.space<dram>> {npuhw.output})
// CHECK-SAME: attributes {npuhw.grouped_convs = 2 : i64, npuhw.layer_groups = 1 : i64, npuhw.on_chip_bytes = 2048 : i64}
// CHECK: npuhw.conv2d %{{.*}}, %{{.*}}, %[[ACC1:.*]] bias(%{{.*}}) {{{.*}}kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, panel_cols = 32 : i64{{.*}}} : memref<1x8x8x3xf16, #npuhw.space<sram>>, memref<864xf16, #npuhw.space<sram>>, memref<1x8x8x16xf32, #npuhw.space<sram>>, memref<16xf32, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.activation clip %[[ACC1]], %[[MID:.*]] {alpha = 0.000000e+00 : f32, beta = 6.000000e+00 : f32} : memref<1x8x8x16xf32, #npuhw.space<sram>>, memref<1x8x8x16xf16, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.conv2d %[[MID]], %{{.*}}, %[[ACC2:[^ ]*]] {{{.*}}} : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<4608xf16, #npuhw.space<sram>>, memref<1x8x8x16xf32, #npuhw.space<sram>>{{$}}
// CHECK-NEXT: npuhw.activation copy %[[ACC2]], %{{.*}} : memref<1x8x8x16xf32, #npuhw.space<sram>>, memref<1x8x8x16xf16, #npuhw.space<sram>>
// CHECK: %[[YVIEW:.*]] = memref.reinterpret_cast %[[Y]]
// CHECK-NEXT: npuhw.dma %{{.*}} -> %[[YVIEW]] {channel = 0 : i64} : memref<1024xf16, #npuhw.space<sram>> -> memref<1024xf16, #npuhw.space<dram>>
// CHECK-NEXT: return
// Without layer groups, the intermediate activation is an NHWC buffer in
// DRAM.
// UNGROUPED-LABEL: func.func @conv_chain
// UNGROUPED-SAME: attributes {npuhw.grouped_convs = 0 : i64, npuhw.layer_groups = 0 : i64, npuhw.on_chip_bytes = 0 : i64}
// UNGROUPED-DAG: %[[MID:.*]] = npuhw.alloc : memref<1x8x8x16xf16, #npuhw.space<dram>>
// UNGROUPED: npuhw.conv2d %{{.*}}, %{{.*}}, %[[ACC1:.*]] bias(%{{.*}}) {{{.*}}kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, panel_cols = 32 : i64{{.*}}} : memref<1x8x8x3xf16, #npuhw.space<sram>>, memref<864xf16, #npuhw.space<sram>>, memref<1x8x8x16xf32, #npuhw.space<sram>>, memref<16xf32, #npuhw.space<sram>>
// UNGROUPED-NEXT: npuhw.activation clip %[[ACC1]], %{{.*}} {alpha = 0.000000e+00 : f32, beta = 6.000000e+00 : f32} : memref<1x8x8x16xf32, #npuhw.space<sram>>, memref<1x8x8x16xf16, #npuhw.space<sram>>
// UNGROUPED: %[[MIDVIEW:.*]] = memref.reinterpret_cast %[[MID]]
// UNGROUPED: npuhw.dma %{{.*}} -> %[[MIDVIEW]] {{.*}} -> memref<1024xf16, #npuhw.space<dram>>
// UNGROUPED: npuhw.conv2d %{{.*}}, %{{.*}}, %{{[^ ]*}} {{{.*}}} : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<4608xf16, #npuhw.space<sram>>, memref<1x8x8x16xf32, #npuhw.space<sram>>{{$}}
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
// (padding at the bottom).
// CHECK-LABEL: func.func @inverted_residual
// CHECK-SAME: attributes {npuhw.grouped_convs = 3 : i64, npuhw.layer_groups = 1 : i64, npuhw.on_chip_bytes = 262144 : i64}
// CHECK-NOT: memref<1x32x32x64xf16, #npuhw.space<dram>>
// CHECK: npuhw.dma %{{.*}} -> %{{.*}} {channel = 0 : i64} : memref<2560xf16, #npuhw.space<dram>> -> memref<2560xf16, #npuhw.space<sram>>
// CHECK: npuhw.dma %{{.*}} -> %{{.*}} {channel = 0 : i64} : memref<3072xf16, strided<[1], offset: 1536>, #npuhw.space<dram>> -> memref<3072xf16, #npuhw.space<sram>>
// CHECK: npuhw.conv2d %{{.*}}, %{{.*}}, %[[EXPAND0:.*]] {{{.*}}kernel = array<i64: 1, 1>{{.*}}} : memref<1x5x32x16xf16, #npuhw.space<sram>>, memref<1024xf16, #npuhw.space<sram>>, memref<1x5x32x64xf32, #npuhw.space<sram>>
// CHECK: npuhw.activation clip %[[EXPAND0]], %[[EXPANDED0:[^ ]*]] {{.*}} : memref<1x5x32x64xf32, #npuhw.space<sram>>, memref<1x5x32x64xf16, #npuhw.space<sram>>
// CHECK: npuhw.conv2d %[[EXPANDED0]], %{{.*}}, %[[DEPTH0:[^ ]*]] {{{.*}}groups = 64 : i64, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 1>{{.*}}} : memref<1x5x32x64xf16, #npuhw.space<sram>>, memref<18432xf16, #npuhw.space<sram>>, memref<1x4x32x64xf32, #npuhw.space<sram>>
// CHECK: npuhw.activation clip %[[DEPTH0]], %[[FILTERED0:[^ ]*]] {{.*}} : memref<1x4x32x64xf32, #npuhw.space<sram>>, memref<1x4x32x64xf16, #npuhw.space<sram>>
// CHECK: npuhw.conv2d %[[FILTERED0]], %{{.*}}, %[[PROJECT0:[^ ]*]] {{.*}} : memref<1x4x32x64xf16, #npuhw.space<sram>>, memref<2048xf16, #npuhw.space<sram>>, memref<1x4x32x16xf32, #npuhw.space<sram>>
// CHECK: npuhw.activation copy %[[PROJECT0]]
// CHECK: npuhw.dma %{{.*}} -> %{{.*}} {channel = 0 : i64} : memref<2560xf16, strided<[1], offset: 13824>, #npuhw.space<dram>> -> memref<2560xf16, #npuhw.space<sram>>
// CHECK: npuhw.conv2d {{.*}}pads = array<i64: 0, 1, 1, 1>{{.*}} : memref<1x5x32x64xf16, #npuhw.space<sram>>, memref<18432xf16, #npuhw.space<sram>>, memref<1x4x32x64xf32, #npuhw.space<sram>>
func.func @inverted_residual(%x: tensor<1x16x32x32xf16>) -> tensor<1x16x32x32xf16> {
  %we = npu.constant dense<0.25> : tensor<64x16x1x1xf16>
  %wd = npu.constant dense<0.5> : tensor<64x1x3x3xf16>
  %wp = npu.constant dense<0.125> : tensor<16x64x1x1xf16>
  %0 = npu.conv2d %x, %we {clamp = array<f32: 0.0, 6.0>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x16x32x32xf16>, tensor<64x16x1x1xf16>) -> tensor<1x64x32x32xf16>
  %1 = npu.conv2d %0, %wd {clamp = array<f32: 0.0, 6.0>, dilations = array<i64: 1, 1>, groups = 64 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x64x32x32xf16>, tensor<64x1x3x3xf16>) -> tensor<1x64x32x32xf16>
  %2 = npu.conv2d %1, %wp {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x64x32x32xf16>, tensor<16x64x1x1xf16>) -> tensor<1x16x32x32xf16>
  return %2 : tensor<1x16x32x32xf16>
}
