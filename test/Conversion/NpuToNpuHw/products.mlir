// Fully connected layers and matmuls on the matrix engine (Products.cpp).
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// Nothing of the npu dialect is left.
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// LOWERED-NOT: npu.

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
