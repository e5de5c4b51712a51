// Convolutions outside layer groups (Convolution.cpp).
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// Nothing of the npu dialect is left.
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// LOWERED-NOT: npu.

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

// Weights are packed at compile time: a convolution whose filter is a
// function argument is refused.
func.func @dynamic_filter(%x: tensor<1x2x4x4xf16>, %w: tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16> {
  // expected-error @+1 {{cannot run 'npu.conv2d' on the NPU: its filter and bias must be constants}}
  %0 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16>
  return %0 : tensor<1x2x4x4xf16>
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

// A window field beyond the command's 8 bits is refused at the node.
func.func @wide_padding(%x: tensor<1x1x4x4xf16>) -> tensor<1x1x304x4xf16> {
  %w = npu.constant dense<1.0> : tensor<1x1x1x1xf16>
  // expected-error @+1 {{cannot run 'npu.conv2d' on the NPU: kernel, stride, dilation and padding are 8-bit command fields (at most 255)}}
  %0 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 300, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf16>, tensor<1x1x1x1xf16>) -> tensor<1x1x304x4xf16>
  return %0 : tensor<1x1x304x4xf16>
}
