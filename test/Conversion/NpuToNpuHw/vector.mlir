// Element-wise ops, casts, quantize and dequantize on the vector engine (Vector.cpp).
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// With a smaller share of SRAM, streams tile in smaller chunks.
// RUN: npu-opt %s --npu-lower-to-npuhw="target=edge sram-fraction=0.375" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=FRACTION
// Nothing of the npu dialect is left.
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// LOWERED-NOT: npu.

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

// An op without an NPU lowering is an error at the op, with the reason.
func.func @log(%x: tensor<2x8xf16>) -> tensor<2x8xf16> {
  // expected-error @+1 {{cannot run 'npu.unary' on the NPU: the vector engine has no 'log' function}}
  %0 = npu.unary log %x : (tensor<2x8xf16>) -> tensor<2x8xf16>
  return %0 : tensor<2x8xf16>
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
