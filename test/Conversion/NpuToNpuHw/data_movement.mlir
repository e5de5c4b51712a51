// Gathers and other data movement (DataMovement.cpp).
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// With a smaller share of SRAM, streams tile in smaller chunks.
// RUN: npu-opt %s --npu-lower-to-npuhw="target=edge sram-fraction=0.375" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=FRACTION
// Nothing of the npu dialect is left.
// RUN: npu-opt %s --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// LOWERED-NOT: npu.

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
