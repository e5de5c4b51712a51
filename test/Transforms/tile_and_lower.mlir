// RUN: npu-opt %s --npu-tile-and-lower=target=edge -split-input-file -verify-diagnostics --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// With a smaller share of SRAM, streams tile in smaller chunks.
// RUN: npu-opt %s --npu-tile-and-lower="target=edge sram-fraction=0.375" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=FRACTION
// Nothing of the npu dialect is left.
// RUN: npu-opt %s --npu-tile-and-lower=target=edge -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// Without layer groups, every convolution goes through DRAM.
// RUN: npu-opt %s --npu-tile-and-lower="target=edge layer-groups=false" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=UNGROUPED
// LOWERED-NOT: npu.
// The share of SRAM is a fraction in (0, 1].
// RUN: not npu-opt %s --npu-tile-and-lower="target=edge sram-fraction=1.5" -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD-FRACTION
// RUN: not npu-opt %s --npu-tile-and-lower="target=edge sram-fraction=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=ZERO-FRACTION
// BAD-FRACTION: error: sram-fraction must be in (0, 1], got 1.500000e+00
// ZERO-FRACTION: error: sram-fraction must be in (0, 1], got 0.000000e+00

// An fp16 convolution behind the f32 signature npu-convert-precision
// writes. The function takes memrefs in DRAM, the result becoming an output
// argument; the module records the target. The boundary casts become
// `activation copy` (f32 -> f16, f16 -> f32). The 1x1 filter (K = 2, N = 40)
// is packed in panels of the edge array's 32 columns, zero-padded to whole
// panels: 2 panels x 2 rows x 32 = 128 elements, element B[k][n] = W[n][k]
// at ((n / 32) * 2 + k) * 32 + n % 32. The bias is f32 for the
// accumulators. The conv loads its weights and input band by DMA, computes
// into f32, writes back through the fused ReLU (clamp [0, inf]) and stores.
// CHECK: module attributes {npuhw.target = "{{.*}}\22name\22: \22edge\22{{.*}}"}
// CHECK: memref.global "private" constant @[[FILTER:filter_[0-9]+]] : memref<128xf16, #npuhw.space<dram>> = dense<[0.000000e+00, 1.000000e+00, 2.000000e+00,
// CHECK-SAME: 3.000000e+01, 3.100000e+01, 1.000000e+02, 1.010000e+02,
// CHECK-SAME: 1.300000e+02, 1.310000e+02, 3.200000e+01, 3.300000e+01,
// CHECK-SAME: 3.900000e+01, {{(0.000000e\+00, ){24}1}}.320000e+02,
// CHECK-SAME: 1.390000e+02{{(, 0.000000e\+00){24}\]}}>
// CHECK: memref.global "private" constant @[[BIAS:bias_[0-9]+]] : memref<40xf32, #npuhw.space<dram>> = dense<[0.000000e+00, 5.000000e-01, 1.000000e+00,
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME: (%[[X:.*]]: memref<1x2x4x4xf32, #npuhw.space<dram>>, %[[Y:.*]]: memref<1x40x4x4xf32, #npuhw.space<dram>> {npuhw.output})
// CHECK-DAG: %[[W:.*]] = memref.get_global @[[FILTER]] : memref<128xf16, #npuhw.space<dram>>
// CHECK-DAG: %[[B:.*]] = memref.get_global @[[BIAS]] : memref<40xf32, #npuhw.space<dram>>
// CHECK: npuhw.activation copy %{{.*}}, %{{.*}} : memref<32xf32, #npuhw.space<sram>>, memref<32xf16, #npuhw.space<sram>>
// CHECK: npuhw.dma %[[W]] -> %[[WS:.*]] {channel = 0 : i64} : memref<128xf16, #npuhw.space<dram>> -> memref<128xf16, #npuhw.space<sram>>
// CHECK: npuhw.dma %[[B]] -> %[[BS:.*]] {channel = 0 : i64} : memref<40xf32, #npuhw.space<dram>> -> memref<40xf32, #npuhw.space<sram>>
// CHECK: npuhw.dma %{{.*}} -> %[[IN:.*]] {channel = 0 : i64} : memref<32xf16, #npuhw.space<dram>> -> memref<32xf16, #npuhw.space<sram>>
// CHECK: npuhw.conv2d %[[BAND:.*]], %[[WS]], %[[ACC:.*]] bias(%[[BS]]) {dilations = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, panel_cols = 32 : i64, strides = array<i64: 1, 1>} : memref<1x4x4x2xf16, #npuhw.space<sram>>, memref<128xf16, #npuhw.space<sram>>, memref<1x4x4x40xf32, #npuhw.space<sram>>, memref<40xf32, #npuhw.space<sram>>
// CHECK: npuhw.activation relu %[[ACC]], %[[RES:.*]] : memref<1x4x4x40xf32, #npuhw.space<sram>>, memref<1x4x4x40xf16, #npuhw.space<sram>>
// CHECK: %[[RESFLAT:.*]] = memref.reinterpret_cast %[[RES]]
// CHECK: npuhw.dma %[[RESFLAT]] -> %{{.*}} : memref<640xf16, #npuhw.space<sram>> -> memref<640xf16, #npuhw.space<dram>>
// CHECK: npuhw.activation copy %{{.*}}, %{{.*}} : memref<640xf16, #npuhw.space<sram>>, memref<640xf32, #npuhw.space<sram>>
// The last command writes the output argument.
// CHECK: %[[YFLAT:.*]] = memref.reinterpret_cast %[[Y]]
// CHECK: npuhw.dma %{{.*}} -> %[[YFLAT]] {{.*}} -> memref<640xf32, #npuhw.space<dram>>
// CHECK-NEXT: return
func.func @conv_relu(%x: tensor<1x2x4x4xf32>) -> tensor<1x40x4x4xf32> {
  %0 = npu.cast %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf16>
  %w = npu.constant dense<[[[[0.0]], [[100.0]]], [[[1.0]], [[101.0]]], [[[2.0]], [[102.0]]], [[[3.0]], [[103.0]]], [[[4.0]], [[104.0]]], [[[5.0]], [[105.0]]], [[[6.0]], [[106.0]]], [[[7.0]], [[107.0]]], [[[8.0]], [[108.0]]], [[[9.0]], [[109.0]]], [[[10.0]], [[110.0]]], [[[11.0]], [[111.0]]], [[[12.0]], [[112.0]]], [[[13.0]], [[113.0]]], [[[14.0]], [[114.0]]], [[[15.0]], [[115.0]]], [[[16.0]], [[116.0]]], [[[17.0]], [[117.0]]], [[[18.0]], [[118.0]]], [[[19.0]], [[119.0]]], [[[20.0]], [[120.0]]], [[[21.0]], [[121.0]]], [[[22.0]], [[122.0]]], [[[23.0]], [[123.0]]], [[[24.0]], [[124.0]]], [[[25.0]], [[125.0]]], [[[26.0]], [[126.0]]], [[[27.0]], [[127.0]]], [[[28.0]], [[128.0]]], [[[29.0]], [[129.0]]], [[[30.0]], [[130.0]]], [[[31.0]], [[131.0]]], [[[32.0]], [[132.0]]], [[[33.0]], [[133.0]]], [[[34.0]], [[134.0]]], [[[35.0]], [[135.0]]], [[[36.0]], [[136.0]]], [[[37.0]], [[137.0]]], [[[38.0]], [[138.0]]], [[[39.0]], [[139.0]]]]> : tensor<40x2x1x1xf16>
  %b = npu.constant dense<[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0, 12.5, 13.0, 13.5, 14.0, 14.5, 15.0, 15.5, 16.0, 16.5, 17.0, 17.5, 18.0, 18.5, 19.0, 19.5]> : tensor<40xf16>
  %1 = npu.conv2d %0, %w, %b {clamp = array<f32: 0.000000e+00, 0x7F800000>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf16>, tensor<40x2x1x1xf16>, tensor<40xf16>) -> tensor<1x40x4x4xf16>
  %2 = npu.cast %1 : (tensor<1x40x4x4xf16>) -> tensor<1x40x4x4xf32>
  return %2 : tensor<1x40x4x4xf32>
}

// -----

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

// -----

// A per-channel add ([C, 1, 1] constant on an NHWC activation) streams the
// activation and loads the 4 channel values once; the elementwise command
// repeats its right operand with period 4. The constant is stored as a
// global of its own shape.
// CHECK: memref.global "private" constant @[[C:const_[0-9]+]] : memref<4x1x1xf16, #npuhw.space<dram>> = dense<{{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]>
// CHECK-LABEL: func.func @channel_add
// CHECK: %[[G:.*]] = memref.get_global @[[C]]
// CHECK: npuhw.dma %{{.*}} -> %[[X:.*]] {channel = 0 : i64} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
// CHECK: %[[GFLAT:.*]] = memref.reinterpret_cast %[[G]]
// CHECK-NEXT: npuhw.dma %[[GFLAT]] -> %[[P:.*]] {channel = 0 : i64} : memref<4xf16, #npuhw.space<dram>> -> memref<4xf16, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.elementwise add %[[X]], %[[P]], %{{.*}} : memref<16xf16, #npuhw.space<sram>>, memref<4xf16, #npuhw.space<sram>>, memref<16xf16, #npuhw.space<sram>>
func.func @channel_add(%x: tensor<1x4x2x2xf16>) -> tensor<1x4x2x2xf16> {
  %c = npu.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf16>
  %0 = npu.binary add %x, %c : (tensor<1x4x2x2xf16>, tensor<4x1x1xf16>) -> tensor<1x4x2x2xf16>
  return %0 : tensor<1x4x2x2xf16>
}

// -----

// A broadcast left operand of a commutative op is swapped to the right,
// the side the vector engine repeats.
// CHECK-LABEL: func.func @channel_mul_swapped
// CHECK: npuhw.dma %{{.*}} -> %[[X:.*]] {channel = 0 : i64} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
// CHECK: npuhw.dma %{{.*}} -> %[[P:.*]] {channel = 0 : i64} : memref<4xf16, #npuhw.space<dram>> -> memref<4xf16, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.elementwise mul %[[X]], %[[P]], %{{.*}} : memref<16xf16, #npuhw.space<sram>>, memref<4xf16, #npuhw.space<sram>>, memref<16xf16, #npuhw.space<sram>>
func.func @channel_mul_swapped(%x: tensor<1x4x2x2xf16>) -> tensor<1x4x2x2xf16> {
  %c = npu.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf16>
  %0 = npu.binary mul %c, %x : (tensor<4x1x1xf16>, tensor<1x4x2x2xf16>) -> tensor<1x4x2x2xf16>
  return %0 : tensor<1x4x2x2xf16>
}

// -----

// Element-wise ops stream in flat chunks with two of every streamed buffer
// in the budget: 0.875 x 2 MiB = 1835008 bytes over 2 x (2 + 2 + 2) bytes
// per element gives chunks of 152917 elements (and the rest, 109227).
// Tiles are software-pipelined: the loads of chunk 1 come before the add
// of chunk 0, the adds before the stores. A row-major result is written
// directly into the output argument.
// CHECK-LABEL: func.func @stream
// CHECK-SAME: (%[[A:.*]]: memref<4x65536xf16, #npuhw.space<dram>>, %[[B:.*]]: memref<4x65536xf16, #npuhw.space<dram>>, %[[OUT:.*]]: memref<4x65536xf16, #npuhw.space<dram>> {npuhw.output})
// CHECK: npuhw.dma %{{.*}} -> %[[A0:.*]] {channel = 0 : i64} : memref<152917xf16, #npuhw.space<dram>> -> memref<152917xf16, #npuhw.space<sram>>
// CHECK: npuhw.dma %{{.*}} -> %[[B0:.*]] {channel = 0 : i64} : memref<152917xf16, #npuhw.space<dram>> -> memref<152917xf16, #npuhw.space<sram>>
// CHECK: memref.reinterpret_cast %[[A]] to offset: [152917], sizes: [109227]
// CHECK-NEXT: npuhw.dma %{{.*}} -> %[[A1:.*]] {channel = 0 : i64} : memref<109227xf16, strided<[1], offset: 152917>, #npuhw.space<dram>> -> memref<109227xf16, #npuhw.space<sram>>
// CHECK: memref.reinterpret_cast %[[B]] to offset: [152917], sizes: [109227]
// CHECK-NEXT: npuhw.dma %{{.*}} -> %[[B1:.*]] {channel = 0 : i64}
// CHECK-NEXT: npuhw.elementwise add %[[A0]], %[[B0]], %[[R0:[^ ]*]] :
// CHECK-NEXT: npuhw.elementwise add %[[A1]], %[[B1]], %[[R1:[^ ]*]] :
// CHECK-NEXT: %[[O0:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [0], sizes: [152917]
// CHECK-NEXT: npuhw.dma %[[R0]] -> %[[O0]]
// CHECK-NEXT: %[[O1:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [152917], sizes: [109227]
// CHECK-NEXT: npuhw.dma %[[R1]] -> %[[O1]]
// CHECK-NEXT: return
// With sram-fraction=0.375 (786432 bytes), four chunks of 65536 elements,
// pipelined: loads of chunk t + 1, add of chunk t, store of chunk t - 1.
// FRACTION-LABEL: func.func @stream
// FRACTION: memref.reinterpret_cast %arg0 to offset: [0], sizes: [65536]
// FRACTION-NEXT: npuhw.dma %{{.*}} -> %[[A0:.*]] {channel = 0 : i64} : memref<65536xf16, #npuhw.space<dram>> -> memref<65536xf16, #npuhw.space<sram>>
// FRACTION-NEXT: memref.reinterpret_cast %arg1 to offset: [0], sizes: [65536]
// FRACTION-NEXT: npuhw.dma %{{.*}} -> %[[B0:.*]] {channel = 0 : i64}
// FRACTION-NEXT: memref.reinterpret_cast %arg0 to offset: [65536], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: memref.reinterpret_cast %arg1 to offset: [65536], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: npuhw.elementwise add %[[A0]], %[[B0]], %[[R0:[^ ]*]] : memref<65536xf16, #npuhw.space<sram>>
// FRACTION-NEXT: memref.reinterpret_cast %arg0 to offset: [131072], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: memref.reinterpret_cast %arg1 to offset: [131072], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: npuhw.elementwise add
// FRACTION-NEXT: memref.reinterpret_cast %arg2 to offset: [0], sizes: [65536]
// FRACTION-NEXT: npuhw.dma %[[R0]] -> %{{.*}} : memref<65536xf16, #npuhw.space<sram>> -> memref<65536xf16, #npuhw.space<dram>>
// FRACTION-NEXT: memref.reinterpret_cast %arg0 to offset: [196608], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: memref.reinterpret_cast %arg1 to offset: [196608], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: npuhw.elementwise add
// FRACTION-NEXT: memref.reinterpret_cast %arg2 to offset: [65536], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: npuhw.elementwise add
// FRACTION-NEXT: memref.reinterpret_cast %arg2 to offset: [131072], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: memref.reinterpret_cast %arg2 to offset: [196608], sizes: [65536]
// FRACTION-NEXT: npuhw.dma
// FRACTION-NEXT: return
func.func @stream(%x: tensor<4x65536xf16>, %y: tensor<4x65536xf16>) -> tensor<4x65536xf16> {
  %0 = npu.binary add %x, %y : (tensor<4x65536xf16>, tensor<4x65536xf16>) -> tensor<4x65536xf16>
  return %0 : tensor<4x65536xf16>
}

// -----

// Global average pooling, a reshape (a view of the same DRAM bytes) and a
// classifier: the [10, 16] weight packs to one panel of K x 32 = 512
// elements and the product writes its [1, 10] result straight into the
// output argument.
// CHECK: memref.global "private" constant @[[WFC:weight_[0-9]+]] : memref<512xf16, #npuhw.space<dram>>
// CHECK: memref.global "private" constant @{{bias_[0-9]+}} : memref<10xf32, #npuhw.space<dram>> = dense<5.000000e-01>
// CHECK-LABEL: func.func @head
// CHECK-SAME: %[[OUT:[^:]*]]: memref<1x10xf16, #npuhw.space<dram>> {npuhw.output}
// CHECK: npuhw.pool avg %{{.*}}, %[[POOLED:.*]] {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : memref<1x2x2x16xf16, #npuhw.space<sram>>, memref<1x1x1x16xf16, #npuhw.space<sram>>
// CHECK: npuhw.matmul %{{.*}}, %{{.*}}, %[[ACC:.*]] bias(%{{.*}}) {panel_cols = 32 : i64} : memref<1x16xf16, #npuhw.space<sram>>, memref<512xf16, #npuhw.space<sram>>, memref<1x10xf32, #npuhw.space<sram>>, memref<10xf32, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.activation copy %[[ACC]], %{{.*}} : memref<1x10xf32, #npuhw.space<sram>>, memref<1x10xf16, #npuhw.space<sram>>
// CHECK-NEXT: %[[RES:.*]] = memref.reinterpret_cast
// CHECK-NEXT: %[[OUTVIEW:.*]] = memref.reinterpret_cast %[[OUT]]
// CHECK-NEXT: npuhw.dma %[[RES]] -> %[[OUTVIEW]]
// CHECK-NEXT: return
func.func @head(%x: tensor<1x16x2x2xf16>) -> tensor<1x10xf16> {
  %w = npu.constant dense<1.0> : tensor<10x16xf16>
  %b = npu.constant dense<0.5> : tensor<10xf16>
  %0 = npu.global_avg_pool2d %x : (tensor<1x16x2x2xf16>) -> tensor<1x16x1x1xf16>
  %1 = npu.reshape %0 : (tensor<1x16x1x1xf16>) -> tensor<1x16xf16>
  %2 = npu.fully_connected %1, %w, %b : (tensor<1x16xf16>, tensor<10x16xf16>, tensor<10xf16>) -> tensor<1x10xf16>
  return %2 : tensor<1x10xf16>
}

// -----

// An op without an NPU lowering is an error at the op, with the reason.
func.func @log(%x: tensor<2x8xf16>) -> tensor<2x8xf16> {
  // expected-error @+1 {{cannot run 'npu.unary' on the NPU: the vector engine has no 'log' function}}
  %0 = npu.unary log %x : (tensor<2x8xf16>) -> tensor<2x8xf16>
  return %0 : tensor<2x8xf16>
}

// -----

// Every unsupported op of the function is reported, not just the first.
func.func @two_unsupported(%x: tensor<2x8xf16>) -> tensor<2x8xf16> {
  // expected-error @+1 {{cannot run 'npu.unary' on the NPU: the vector engine has no 'log' function}}
  %0 = npu.unary log %x : (tensor<2x8xf16>) -> tensor<2x8xf16>
  %1 = npu.unary relu %0 : (tensor<2x8xf16>) -> tensor<2x8xf16>
  // expected-error @+1 {{cannot run 'npu.binary' on the NPU: the vector engine has no 'pow' function}}
  %2 = npu.binary pow %1, %x : (tensor<2x8xf16>, tensor<2x8xf16>) -> tensor<2x8xf16>
  return %2 : tensor<2x8xf16>
}

// -----

// An op computing in f32 (npu-convert-precision did not run) is refused
// with the hint to compile for fp16.
func.func @f32_op(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{cannot run 'npu.unary' on the NPU: its result is f32, but this pipeline computes in f16 and int8; compile with --precision fp16 or int8}}
  %0 = npu.unary relu %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Weights are packed at compile time: a convolution whose filter is a
// function argument is refused.
func.func @dynamic_filter(%x: tensor<1x2x4x4xf16>, %w: tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16> {
  // expected-error @+1 {{cannot run 'npu.conv2d' on the NPU: its filter and bias must be constants}}
  %0 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16>
  return %0 : tensor<1x2x4x4xf16>
}

// -----

// The vector engine repeats only its right operand: a broadcast left
// operand of a non-commutative op cannot be swapped.
func.func @broadcast_sub(%x: tensor<1x4x2x2xf16>) -> tensor<1x4x2x2xf16> {
  %c = npu.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf16>
  // expected-error @+1 {{cannot run 'npu.binary' on the NPU: the vector engine repeats only its right operand, and 'sub' with a broadcast left operand does not commute; broadcast it first}}
  %0 = npu.binary sub %c, %x : (tensor<4x1x1xf16>, tensor<1x4x2x2xf16>) -> tensor<1x4x2x2xf16>
  return %0 : tensor<1x4x2x2xf16>
}

// -----

// Every op the lowering cannot map is reported, broadcasts included: a
// [6, 3, 1] operand repeats neither in NCHW nor in NHWC order of its
// result, nor does a [4, 1] column of a [4, 10] matrix.
func.func @all_broadcasts_reported(%x: tensor<1x6x3x5xf16>, %y: tensor<4x10xf16>) -> (tensor<1x6x3x5xf16>, tensor<4x10xf16>) {
  %c = npu.constant dense<1.0> : tensor<6x3x1xf16>
  %d = npu.constant dense<2.0> : tensor<4x1xf16>
  // expected-error @+1 {{cannot run 'npu.binary' on the NPU: the operand broadcast does not repeat with a period in the result's storage order}}
  %0 = npu.binary add %x, %c : (tensor<1x6x3x5xf16>, tensor<6x3x1xf16>) -> tensor<1x6x3x5xf16>
  // expected-error @+1 {{cannot run 'npu.binary' on the NPU: the operand broadcast does not repeat with a period in the result's storage order}}
  %1 = npu.binary mul %y, %d : (tensor<4x10xf16>, tensor<4x1xf16>) -> tensor<4x10xf16>
  return %0, %1 : tensor<1x6x3x5xf16>, tensor<4x10xf16>
}

// -----

// A 4-D transpose (row-major) whose result a pooling converts to NHWC: the
// transpose's stores come before the conversion reads them (they used to be
// pipelined together, so the conversion read the buffer before it was
// written).
// CHECK-LABEL: func.func @transpose_then_conv_layout
func.func @transpose_then_conv_layout(%x: tensor<1x4x3x5xf16>) -> tensor<1x5x3x4xf16> {
  // The transpose: load a permuted view, store it.
  // CHECK: npuhw.dma {{.*}} : memref<5x3x4xf16, strided<[1, 5, 15]>, #npuhw.space<dram>> -> memref<5x3x4xf16, #npuhw.space<sram>>
  // CHECK-NOT: strided<[1, 12]>
  // CHECK: npuhw.dma {{.*}} : memref<60xf16, #npuhw.space<sram>> -> memref<60xf16, #npuhw.space<dram>>
  // Only then the conversion to NHWC reads it.
  // CHECK: npuhw.dma {{.*}} : memref<12x5xf16, strided<[1, 12]>, #npuhw.space<dram>> -> memref<12x5xf16, #npuhw.space<sram>>
  %0 = npu.transpose %x {perm = array<i64: 0, 3, 2, 1>} : (tensor<1x4x3x5xf16>) -> tensor<1x5x3x4xf16>
  %1 = npu.max_pool2d %0 {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : (tensor<1x5x3x4xf16>) -> tensor<1x5x3x4xf16>
  return %1 : tensor<1x5x3x4xf16>
}

// -----

// Constants of two functions get distinct symbols.
// CHECK: memref.global "private" constant @const_0 {{.*}} = dense<1.000000e+00>
// CHECK-LABEL: func.func @first
// CHECK: memref.get_global @const_0
// CHECK: memref.global "private" constant @const_1 {{.*}} = dense<2.000000e+00>
// CHECK-LABEL: func.func @second
// CHECK: memref.get_global @const_1
func.func @first(%x: tensor<8xf16>) -> tensor<8xf16> {
  %c = npu.constant dense<1.0> : tensor<8xf16>
  %0 = npu.binary add %x, %c : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}
func.func @second(%x: tensor<8xf16>) -> tensor<8xf16> {
  %c = npu.constant dense<2.0> : tensor<8xf16>
  %0 = npu.binary add %x, %c : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// A product of two run-time operands (attention's Q x K^T): per batch
// matrix, the right operand is packed into panels by DMA on its way into
// SRAM: one descriptor for the whole panels (rows of 32 elements, DRAM
// stride N), one for the partial last panel (8 of 32 columns).
// CHECK-LABEL: func.func @runtime_rhs
func.func @runtime_rhs(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x8x40xf16>) -> tensor<1x2x16x40xf16> {
  // CHECK: npuhw.dma {{.*}} : memref<8x32xf16, strided<[40, 1]>, #npuhw.space<dram>> -> memref<8x32xf16, #npuhw.space<sram>>
  // CHECK: npuhw.dma {{.*}} : memref<8x8xf16, strided<[40, 1], offset: 32>, #npuhw.space<dram>> -> memref<8x8xf16, strided<[32, 1], offset: 256>, #npuhw.space<sram>>
  // The second batch matrix reads the right operand 320 elements further;
  // pipelined, its loads come before the first product.
  // CHECK: npuhw.dma {{.*}} : memref<8x32xf16, strided<[40, 1], offset: 320>, #npuhw.space<dram>>
  // CHECK: npuhw.matmul %{{.*}}, %{{.*}}, %{{.*}} {panel_cols = 32 : i64} : memref<16x8xf16, #npuhw.space<sram>>, memref<512xf16, #npuhw.space<sram>>, memref<16x40xf32, #npuhw.space<sram>>
  // CHECK: npuhw.matmul
  // CHECK-NOT: npuhw.matmul
  %0 = npu.matmul %q, %k : (tensor<1x2x16x8xf16>, tensor<1x2x8x40xf16>) -> tensor<1x2x16x40xf16>
  return %0 : tensor<1x2x16x40xf16>
}

// -----

// Gathers at compile-time indices: rows of a run-time table are copied by
// DMA (row 5, row 0 and row -1 = 5 of a 6 x 4 table: element offsets 20, 0,
// 20); rows of a constant table become a constant.
// CHECK-LABEL: memref.global "private" constant @gathered_0 : memref<2x4xf16, #npuhw.space<dram>> = dense<{{\[\[}}5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00], [1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]]>
// CHECK-LABEL: func.func @constant_indices
func.func @constant_indices(%t: tensor<6x4xf16>) -> (tensor<1x3x4xf16>, tensor<2x4xf16>) {
  // CHECK: npuhw.dma {{.*}} : memref<4xf16, strided<[1], offset: 20>, #npuhw.space<dram>> -> memref<4xf16, #npuhw.space<sram>>
  // CHECK: npuhw.dma {{.*}} : memref<4xf16, #npuhw.space<dram>> -> memref<4xf16, #npuhw.space<sram>>
  // CHECK: npuhw.dma {{.*}} : memref<4xf16, strided<[1], offset: 20>, #npuhw.space<dram>> -> memref<4xf16, #npuhw.space<sram>>
  %i = npu.constant dense<[[5, 0, -1]]> : tensor<1x3xi64>
  %0 = npu.gather %t, %i {axis = 0 : i64} : (tensor<6x4xf16>, tensor<1x3xi64>) -> tensor<1x3x4xf16>
  %c = npu.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf16>
  %j = npu.constant dense<[1, 0]> : tensor<2xi64>
  %1 = npu.gather %c, %j {axis = 0 : i64} : (tensor<2x4xf16>, tensor<2xi64>) -> tensor<2x4xf16>
  return %0, %1 : tensor<1x3x4xf16>, tensor<2x4xf16>
}

// -----

// An embedding lookup at run-time ids: per tile of ids (1764 of 2048 fit
// twice in the 1.75 MiB budget at 512 + 8 bytes per row), a DMA loads the
// ids and a gather copies the rows they name; stores follow, pipelined one
// tile behind. A smaller budget takes three tiles.
// CHECK-LABEL: func.func @runtime_indices
// CHECK: npuhw.dma %{{.*}} -> %[[IDS0:[0-9]+]] {{.*}} : memref<1764xi64, #npuhw.space<dram>> -> memref<1764xi64, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.gather %arg0[%[[IDS0]]] -> %{{[0-9]+}} {{.*}} : memref<1000x256xf16, #npuhw.space<dram>>, memref<1764xi64, #npuhw.space<sram>> -> memref<1764x256xf16, #npuhw.space<sram>>
// CHECK: npuhw.dma {{.*}} : memref<284xi64, strided<[1], offset: 1764>, #npuhw.space<dram>> -> memref<284xi64, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.gather %arg0
// CHECK: npuhw.dma {{.*}} : memref<451584xf16, #npuhw.space<sram>> -> memref<451584xf16, #npuhw.space<dram>>
// CHECK: npuhw.dma {{.*}} : memref<72704xf16, #npuhw.space<sram>> -> memref<72704xf16, strided<[1], offset: 451584>, #npuhw.space<dram>>
// FRACTION-LABEL: func.func @runtime_indices
// FRACTION-COUNT-3: npuhw.gather
// FRACTION-NOT: npuhw.gather
// FRACTION: return
func.func @runtime_indices(%t: tensor<1000x256xf16>, %i: tensor<1x2048xi64>) -> tensor<1x2048x256xf16> {
  %0 = npu.gather %t, %i {axis = 0 : i64} : (tensor<1000x256xf16>, tensor<1x2048xi64>) -> tensor<1x2048x256xf16>
  return %0 : tensor<1x2048x256xf16>
}

// -----

// An int8 convolution between quantize and dequantize (npu-quantize's
// output). Expected values, from the definitions:
//  * quantize/dequantize are `activation quantize` f32 -> i8 and
//    `activation dequantize` i8 -> f32 with alpha = scale, beta = zero point;
//  * the conv runs i8 x i8 -> i32 with padding holding the input zero point
//    (pad_value = -10), the filter packed i8 (K = 3*3*2 = 18, padded to 20,
//    one 32-column panel: 640 bytes);
//  * the bias folds the input zero point in: b - zx * sum(w[o]) =
//    100 + 10 * 18 = 280 and -50 + 10 * (-36) = -410;
//  * the requantization table holds s_x * s_w[o] / s_y = 0.2 = 0.8 * 2^-2
//    and 0.4 = 0.8 * 2^-1 as Q31 multipliers (round(0.8 * 2^31) =
//    1717986918), then the shifts (2, 1); the fused ReLU clamps at the zero
//    point 5.
// CHECK: memref.global "private" constant @{{filter_[0-9]+}} : memref<640xi8, #npuhw.space<dram>>
// CHECK: memref.global "private" constant @[[BIAS8:bias_[0-9]+]] : memref<2xi32, #npuhw.space<dram>> = dense<[280, -410]>
// CHECK: memref.global "private" constant @[[TABLE:requant_[0-9]+]] : memref<4xi32, #npuhw.space<dram>> = dense<[1717986918, 1717986918, 2, 1]>
// CHECK-LABEL: func.func @int8_conv
// CHECK: npuhw.activation quantize %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, beta = -1.000000e+01 : f32} : memref<8xf32, #npuhw.space<sram>>, memref<8xi8, #npuhw.space<sram>>
// CHECK: npuhw.dma %{{.*}} -> %[[TS:[0-9]+]] {{.*}} : memref<4xi32, #npuhw.space<dram>> -> memref<4xi32, #npuhw.space<sram>>
// CHECK: npuhw.conv2d %{{.*}}, %{{.*}}, %[[ACC8:[0-9]+]] bias(%{{.*}}) {{.*}}pad_value = -10 : i64{{.*}} : memref<1x2x2x2xi8, #npuhw.space<sram>>, memref<640xi8, #npuhw.space<sram>>, memref<1x2x2x2xi32, #npuhw.space<sram>>, memref<2xi32, #npuhw.space<sram>>
// CHECK: npuhw.requant %[[ACC8]], %[[TS]], %{{.*}} {clamp_max = 127 : i32, clamp_min = 5 : i32, output_zero_point = 5 : i32} : memref<1x2x2x2xi32, #npuhw.space<sram>>, memref<4xi32, #npuhw.space<sram>>, memref<1x2x2x2xi8, #npuhw.space<sram>>
// CHECK: npuhw.activation dequantize %{{.*}}, %{{.*}} {alpha = 2.500000e-01 : f32, beta = 5.000000e+00 : f32} : memref<8xi8, #npuhw.space<sram>>, memref<8xf32, #npuhw.space<sram>>
func.func @int8_conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %q = npu.quantize %x : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 5.000000e-01:-10>>
  %w = npu.constant dense<[[[[1,1,1],[1,1,1],[1,1,1]],[[1,1,1],[1,1,1],[1,1,1]]],[[[-2,-2,-2],[-2,-2,-2],[-2,-2,-2]],[[-2,-2,-2],[-2,-2,-2],[-2,-2,-2]]]]> : tensor<2x2x3x3xi8> -> tensor<2x2x3x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-01,2.000000e-01}>>
  %b = npu.constant dense<[100, -50]> : tensor<2xi32>
  %y = npu.conv2d %q, %w, %b {clamp = array<f32: 0.000000e+00, 0x7F800000>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 5.000000e-01:-10>>, tensor<2x2x3x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-01,2.000000e-01}>>, tensor<2xi32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 2.500000e-01:5>>
  %f = npu.dequantize %y : (tensor<1x2x2x2x!quant.uniform<i8:f32, 2.500000e-01:5>>) -> tensor<1x2x2x2xf32>
  return %f : tensor<1x2x2x2xf32>
}

// -----

// What int8 does not lower is named: integer requantization between
// layers, and weights with a zero point.
func.func @int8_unsupported(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = npu.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-10>>
  // expected-error @+1 {{cannot run 'npu.requantize' on the NPU: int8 -> int8 requantization between layers is not lowered yet}}
  %r = npu.requantize %q : (tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-10>>) -> tensor<1x4x!quant.uniform<i8:f32, 2.500000e-01:0>>
  %w = npu.constant dense<1> : tensor<4x4xi8> -> tensor<4x4x!quant.uniform<i8:f32, 1.000000e-01:3>>
  // expected-error @+1 {{cannot run 'npu.fully_connected' on the NPU: int8 weights must be symmetric (zero point 0)}}
  %y = npu.fully_connected %r, %w : (tensor<1x4x!quant.uniform<i8:f32, 2.500000e-01:0>>, tensor<4x4x!quant.uniform<i8:f32, 1.000000e-01:3>>) -> tensor<1x4x!quant.uniform<i8:f32, 2.500000e-01:0>>
  %f = npu.dequantize %y : (tensor<1x4x!quant.uniform<i8:f32, 2.500000e-01:0>>) -> tensor<1x4xf32>
  return %f : tensor<1x4xf32>
}

// -----

// A single-channel input: its NCHW and NHWC layouts are the same bytes, so
// the convolution reads the argument without a conversion copy, through a
// view of it in NHWC shape. The one band (both images, all 8 rows) is then
// one contiguous DMA of the 128 pixels, not a window of the NCHW shape.
// CHECK-LABEL: func.func @single_channel
// CHECK-SAME: (%[[X1:.*]]: memref<2x1x8x8xf16, #npuhw.space<dram>>,
// CHECK: %[[NHWC:.*]] = memref.reinterpret_cast %[[X1]] to offset: [0], sizes: [2, 8, 8, 1], strides: [64, 8, 1, 1]
// CHECK: %[[BAND:.*]] = memref.reinterpret_cast %[[X1]] to offset: [0], sizes: [128], strides: [1]
// CHECK: npuhw.dma %[[BAND]] -> %{{.*}} : memref<128xf16, #npuhw.space<dram>> -> memref<128xf16, #npuhw.space<sram>>
func.func @single_channel(%x: tensor<2x1x8x8xf16>) -> tensor<2x4x8x8xf16> {
  %w = npu.constant dense<1.0> : tensor<4x1x3x3xf16>
  %y = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x1x8x8xf16>, tensor<4x1x3x3xf16>) -> tensor<2x4x8x8xf16>
  return %y : tensor<2x4x8x8xf16>
}

// -----

// The (de)quantize commands' scale is an f32 field: a scale that is no f32
// value (0.1 as a double) would not round as the reference does.
func.func @int8_double_scale(%q: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{cannot run 'npu.quantize' on the NPU: its scale is not an f32 value (the quantize command's scale field is f32)}}
  %x = npu.quantize %q : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
  // expected-error @+1 {{cannot run 'npu.dequantize' on the NPU: its scale is not an f32 value (the dequantize command's scale field is f32)}}
  %y = npu.dequantize %x : (tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// The borders of an fp16 island fold their f32 step away: quantize reads
// the f16 value directly and dequantize writes f16 (the same roundings as
// the reference's cast + quantize and dequantize + cast), so neither cast
// becomes a command or a buffer. A cast that something else also reads
// stays, and the quantize reads its f32 result.
// CHECK-LABEL: func.func @island_borders
// CHECK-NOT: npuhw.activation copy
// CHECK: npuhw.activation quantize %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, beta = 3.000000e+00 : f32} : memref<64xf16, #npuhw.space<sram>>, memref<64xi8, #npuhw.space<sram>>
// CHECK-NOT: npuhw.activation copy
// CHECK: npuhw.activation dequantize %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, beta = 3.000000e+00 : f32} : memref<64xi8, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>
// CHECK-NOT: npuhw.activation copy
// CHECK: return
func.func @island_borders(%x: tensor<1x64xf16>) -> tensor<1x64xf16> {
  %w = npu.cast %x : (tensor<1x64xf16>) -> tensor<1x64xf32>
  %q = npu.quantize %w : (tensor<1x64xf32>) -> tensor<1x64x!quant.uniform<i8:f32, 5.000000e-01:3>>
  %d = npu.dequantize %q : (tensor<1x64x!quant.uniform<i8:f32, 5.000000e-01:3>>) -> tensor<1x64xf32>
  %n = npu.cast %d : (tensor<1x64xf32>) -> tensor<1x64xf16>
  return %n : tensor<1x64xf16>
}
// CHECK-LABEL: func.func @island_border_kept
// CHECK: npuhw.activation copy %{{.*}}, %{{.*}} : memref<64xf16, #npuhw.space<sram>>, memref<64xf32, #npuhw.space<sram>>
// CHECK: npuhw.activation quantize %{{.*}}, %{{.*}} {{.*}} : memref<64xf32, #npuhw.space<sram>>, memref<64xi8, #npuhw.space<sram>>
func.func @island_border_kept(%x: tensor<1x64xf16>) -> (tensor<1x64x!quant.uniform<i8:f32, 5.000000e-01:3>>, tensor<1x64xf32>) {
  %w = npu.cast %x : (tensor<1x64xf16>) -> tensor<1x64xf32>
  %q = npu.quantize %w : (tensor<1x64xf32>) -> tensor<1x64x!quant.uniform<i8:f32, 5.000000e-01:3>>
  return %q, %w : tensor<1x64x!quant.uniform<i8:f32, 5.000000e-01:3>>, tensor<1x64xf32>
}
