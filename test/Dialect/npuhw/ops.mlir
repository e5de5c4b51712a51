// Round trip of every npuhw op, in custom and in generic form.
// RUN: npu-opt %s | npu-opt | FileCheck %s
// RUN: npu-opt %s -mlir-print-op-generic | npu-opt | FileCheck %s

// Buffers are statically shaped, identity-layout memrefs in DRAM or SRAM;
// `offset` is absent until memory planning fills it in.
// CHECK-LABEL: func @alloc
func.func @alloc() -> (memref<1x8x56x64xi8, #npuhw.space<sram>>, memref<64x64xf16, #npuhw.space<sram>>,
                       memref<1x224x224x3xf32, #npuhw.space<dram>>, memref<16xi32, #npuhw.space<dram>>) {
  // CHECK: %[[S0:.*]] = npuhw.alloc : memref<1x8x56x64xi8, #npuhw.space<sram>>
  %0 = npuhw.alloc : memref<1x8x56x64xi8, #npuhw.space<sram>>
  // CHECK-NEXT: %[[S1:.*]] = npuhw.alloc {offset = 4096 : i64} : memref<64x64xf16, #npuhw.space<sram>>
  %1 = npuhw.alloc {offset = 4096} : memref<64x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: %[[D0:.*]] = npuhw.alloc : memref<1x224x224x3xf32, #npuhw.space<dram>>
  %2 = npuhw.alloc : memref<1x224x224x3xf32, #npuhw.space<dram>>
  // Offset 0 is a valid placement.
  // CHECK-NEXT: %[[D1:.*]] = npuhw.alloc {offset = 0 : i64} : memref<16xi32, #npuhw.space<dram>>
  %3 = npuhw.alloc {offset = 0} : memref<16xi32, #npuhw.space<dram>>
  // CHECK-NEXT: return %[[S0]], %[[S1]], %[[D0]], %[[D1]]
  return %0, %1, %2, %3 : memref<1x8x56x64xi8, #npuhw.space<sram>>, memref<64x64xf16, #npuhw.space<sram>>,
                          memref<1x224x224x3xf32, #npuhw.space<dram>>, memref<16xi32, #npuhw.space<dram>>
}

// DRAM <-> SRAM and SRAM -> SRAM copies, whole buffers and strided views.
// CHECK-LABEL: func @dma
func.func @dma(%image: memref<1x56x56x64xi8, #npuhw.space<dram>>, %weights: memref<128x64xf16, #npuhw.space<dram>>) {
  // Whole buffer, DRAM to SRAM.
  // CHECK: %[[W:.*]] = npuhw.alloc : memref<128x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.dma %arg1 -> %[[W]] {channel = 0 : i64} : memref<128x64xf16, #npuhw.space<dram>> -> memref<128x64xf16, #npuhw.space<sram>>
  %w = npuhw.alloc : memref<128x64xf16, #npuhw.space<sram>>
  npuhw.dma %weights -> %w {channel = 0} : memref<128x64xf16, #npuhw.space<dram>> -> memref<128x64xf16, #npuhw.space<sram>>

  // A strided rank-4 tile of the image (rows 8 to 15), DRAM to SRAM.
  // CHECK: %[[IN:.*]] = memref.subview %arg0[0, 8, 0, 0] [1, 8, 56, 64] [1, 1, 1, 1] : memref<1x56x56x64xi8, #npuhw.space<dram>> to memref<1x8x56x64xi8, strided<[200704, 3584, 64, 1], offset: 28672>, #npuhw.space<dram>>
  // CHECK-NEXT: %[[T:.*]] = npuhw.alloc {offset = 8192 : i64} : memref<1x8x56x64xi8, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.dma %[[IN]] -> %[[T]] {channel = 1 : i64} : memref<1x8x56x64xi8, strided<[200704, 3584, 64, 1], offset: 28672>, #npuhw.space<dram>> -> memref<1x8x56x64xi8, #npuhw.space<sram>>
  %in = memref.subview %image[0, 8, 0, 0] [1, 8, 56, 64] [1, 1, 1, 1]
      : memref<1x56x56x64xi8, #npuhw.space<dram>> to memref<1x8x56x64xi8, strided<[200704, 3584, 64, 1], offset: 28672>, #npuhw.space<dram>>
  %t = npuhw.alloc {offset = 8192} : memref<1x8x56x64xi8, #npuhw.space<sram>>
  npuhw.dma %in -> %t {channel = 1} : memref<1x8x56x64xi8, strided<[200704, 3584, 64, 1], offset: 28672>, #npuhw.space<dram>> -> memref<1x8x56x64xi8, #npuhw.space<sram>>

  // Back from SRAM into a strided DRAM view: every other row, half the channels.
  // CHECK: %[[S:.*]] = npuhw.alloc : memref<1x4x56x32xi8, #npuhw.space<sram>>
  // CHECK-NEXT: %[[OUT:.*]] = memref.subview %arg0[0, 8, 0, 0] [1, 4, 56, 32] [1, 2, 1, 1] : memref<1x56x56x64xi8, #npuhw.space<dram>> to memref<1x4x56x32xi8, strided<[200704, 7168, 64, 1], offset: 28672>, #npuhw.space<dram>>
  // CHECK-NEXT: npuhw.dma %[[S]] -> %[[OUT]] {channel = 3 : i64} : memref<1x4x56x32xi8, #npuhw.space<sram>> -> memref<1x4x56x32xi8, strided<[200704, 7168, 64, 1], offset: 28672>, #npuhw.space<dram>>
  %s = npuhw.alloc : memref<1x4x56x32xi8, #npuhw.space<sram>>
  %out = memref.subview %image[0, 8, 0, 0] [1, 4, 56, 32] [1, 2, 1, 1]
      : memref<1x56x56x64xi8, #npuhw.space<dram>> to memref<1x4x56x32xi8, strided<[200704, 7168, 64, 1], offset: 28672>, #npuhw.space<dram>>
  npuhw.dma %s -> %out {channel = 3} : memref<1x4x56x32xi8, #npuhw.space<sram>> -> memref<1x4x56x32xi8, strided<[200704, 7168, 64, 1], offset: 28672>, #npuhw.space<dram>>

  // SRAM to SRAM, rank 1, from a rank-reducing view of one row.
  // CHECK: %[[ROW:.*]] = memref.subview %[[W]][3, 0] [1, 64] [1, 1] : memref<128x64xf16, #npuhw.space<sram>> to memref<64xf16, strided<[1], offset: 192>, #npuhw.space<sram>>
  // CHECK-NEXT: %[[R:.*]] = npuhw.alloc : memref<64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.dma %[[ROW]] -> %[[R]] {channel = 2 : i64} : memref<64xf16, strided<[1], offset: 192>, #npuhw.space<sram>> -> memref<64xf16, #npuhw.space<sram>>
  %row = memref.subview %w[3, 0] [1, 64] [1, 1] : memref<128x64xf16, #npuhw.space<sram>> to memref<64xf16, strided<[1], offset: 192>, #npuhw.space<sram>>
  %r = npuhw.alloc : memref<64xf16, #npuhw.space<sram>>
  npuhw.dma %row -> %r {channel = 2} : memref<64xf16, strided<[1], offset: 192>, #npuhw.space<sram>> -> memref<64xf16, #npuhw.space<sram>>
  return
}

// An embedding lookup: rows of a DRAM table at i64 ids held in SRAM, into an
// SRAM tile; then rows of an SRAM table (a strided view) at i32 ids.
// CHECK-LABEL: func.func @gather
func.func @gather(%table: memref<1000x256xf16, #npuhw.space<dram>>) {
  %ids = npuhw.alloc : memref<128xi64, #npuhw.space<sram>>
  %rows = npuhw.alloc : memref<128x256xf16, #npuhw.space<sram>>
  // CHECK: npuhw.gather %arg0[%{{.*}}] -> %{{.*}} {channel = 1 : i64} : memref<1000x256xf16, #npuhw.space<dram>>, memref<128xi64, #npuhw.space<sram>> -> memref<128x256xf16, #npuhw.space<sram>>
  npuhw.gather %table[%ids] -> %rows {channel = 1} : memref<1000x256xf16, #npuhw.space<dram>>, memref<128xi64, #npuhw.space<sram>> -> memref<128x256xf16, #npuhw.space<sram>>
  %half = memref.subview %rows[0, 0] [128, 64] [1, 1] : memref<128x256xf16, #npuhw.space<sram>> to memref<128x64xf16, strided<[256, 1]>, #npuhw.space<sram>>
  %ids32 = npuhw.alloc : memref<4xi32, #npuhw.space<sram>>
  %out = npuhw.alloc : memref<4x64xf16, #npuhw.space<sram>>
  // CHECK: npuhw.gather %{{.*}}[%{{.*}}] -> %{{.*}} {channel = 0 : i64} : memref<128x64xf16, strided<[256, 1]>, #npuhw.space<sram>>, memref<4xi32, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  npuhw.gather %half[%ids32] -> %out {channel = 0} : memref<128x64xf16, strided<[256, 1]>, #npuhw.space<sram>>, memref<4xi32, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// [M, K] x [K, N] -> [M, N] in both element-type combinations, overwriting
// and accumulating, with and without bias. rhs is packed in panels of
// `panel_cols` columns: ceil(N / P) * roundup(K, 4) * P bytes for i8,
// ceil(N / P) * K * P elements for f16.
// CHECK-LABEL: func @matmul
func.func @matmul(%a8: memref<16x64xi8, #npuhw.space<sram>>, %b8: memref<2048xi8, #npuhw.space<sram>>, %c32: memref<16x32xi32, #npuhw.space<sram>>, %bias32: memref<32xi32, #npuhw.space<sram>>,
                  %a16: memref<8x128xf16, #npuhw.space<sram>>, %b16: memref<8192xf16, #npuhw.space<sram>>, %c16: memref<8x64xf32, #npuhw.space<sram>>, %bias16: memref<64xf32, #npuhw.space<sram>>) {
  // i8, K = 64, N = 32 in one panel of 32: 1 * 64 * 32 bytes.
  // CHECK: npuhw.matmul %arg0, %arg1, %arg2 {panel_cols = 32 : i64} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  npuhw.matmul %a8, %b8, %c32 {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.matmul %arg0, %arg1, %arg2 {accumulate, panel_cols = 32 : i64} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  npuhw.matmul %a8, %b8, %c32 {panel_cols = 32, accumulate} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  // An i32 bias, one per column.
  // CHECK-NEXT: npuhw.matmul %arg0, %arg1, %arg2 bias(%arg3) {panel_cols = 32 : i64} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>, memref<32xi32, #npuhw.space<sram>>
  npuhw.matmul %a8, %b8, %c32 bias(%bias32) {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>, memref<32xi32, #npuhw.space<sram>>
  // f16, K = 128, N = 64 in two panels of 32: 2 * 128 * 32 elements.
  // CHECK-NEXT: npuhw.matmul %arg4, %arg5, %arg6 {panel_cols = 32 : i64} : memref<8x128xf16, #npuhw.space<sram>>, memref<8192xf16, #npuhw.space<sram>>, memref<8x64xf32, #npuhw.space<sram>>
  npuhw.matmul %a16, %b16, %c16 {panel_cols = 32} : memref<8x128xf16, #npuhw.space<sram>>, memref<8192xf16, #npuhw.space<sram>>, memref<8x64xf32, #npuhw.space<sram>>
  // An f32 bias with accumulate.
  // CHECK-NEXT: npuhw.matmul %arg4, %arg5, %arg6 bias(%arg7) {accumulate, panel_cols = 32 : i64} : memref<8x128xf16, #npuhw.space<sram>>, memref<8192xf16, #npuhw.space<sram>>, memref<8x64xf32, #npuhw.space<sram>>, memref<64xf32, #npuhw.space<sram>>
  npuhw.matmul %a16, %b16, %c16 bias(%bias16) {panel_cols = 32, accumulate} : memref<8x128xf16, #npuhw.space<sram>>, memref<8192xf16, #npuhw.space<sram>>, memref<8x64xf32, #npuhw.space<sram>>, memref<64xf32, #npuhw.space<sram>>
  return
}

// Ragged packing: the last panel is padded to `panel_cols` columns, and i8
// rounds K up to a multiple of 4 (f16 does not).
// CHECK-LABEL: func @matmul_ragged
func.func @matmul_ragged(%a8: memref<4x30xi8, #npuhw.space<sram>>, %b8: memref<1536xi8, #npuhw.space<sram>>, %c32: memref<4x40xi32, #npuhw.space<sram>>, %bias32: memref<40xi32, #npuhw.space<sram>>,
                         %a16: memref<3x7xf16, #npuhw.space<sram>>, %b16: memref<112xf16, #npuhw.space<sram>>, %c16: memref<3x10xf32, #npuhw.space<sram>>) {
  // i8, K = 30 (padded to 32), N = 40 in three panels of 16: 3 * 32 * 16 bytes.
  // CHECK: npuhw.matmul %arg0, %arg1, %arg2 bias(%arg3) {panel_cols = 16 : i64} : memref<4x30xi8, #npuhw.space<sram>>, memref<1536xi8, #npuhw.space<sram>>, memref<4x40xi32, #npuhw.space<sram>>, memref<40xi32, #npuhw.space<sram>>
  npuhw.matmul %a8, %b8, %c32 bias(%bias32) {panel_cols = 16} : memref<4x30xi8, #npuhw.space<sram>>, memref<1536xi8, #npuhw.space<sram>>, memref<4x40xi32, #npuhw.space<sram>>, memref<40xi32, #npuhw.space<sram>>
  // f16, K = 7, N = 10 in two panels of 8: 2 * 7 * 8 elements.
  // CHECK-NEXT: npuhw.matmul %arg4, %arg5, %arg6 {panel_cols = 8 : i64} : memref<3x7xf16, #npuhw.space<sram>>, memref<112xf16, #npuhw.space<sram>>, memref<3x10xf32, #npuhw.space<sram>>
  npuhw.matmul %a16, %b16, %c16 {panel_cols = 8} : memref<3x7xf16, #npuhw.space<sram>>, memref<112xf16, #npuhw.space<sram>>, memref<3x10xf32, #npuhw.space<sram>>
  return
}

// NHWC input, packed filter (`groups` x packed [kH * kW * C / groups,
// O / groups]): dense with and without padding and bias, depthwise with
// stride 2 and asymmetric padding, grouped with dilation.
// CHECK-LABEL: func @conv2d
func.func @conv2d(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %b: memref<32xi32, #npuhw.space<sram>>,
                  %acc: memref<1x10x10x32xi32, #npuhw.space<sram>>, %acc_valid: memref<1x8x8x32xi32, #npuhw.space<sram>>,
                  %dx: memref<1x9x9x32xf16, #npuhw.space<sram>>, %dw: memref<2304xf16, #npuhw.space<sram>>, %db: memref<32xf32, #npuhw.space<sram>>, %dacc: memref<1x4x4x32xf32, #npuhw.space<sram>>,
                  %gx: memref<1x8x8x16xf16, #npuhw.space<sram>>, %gw: memref<576xf16, #npuhw.space<sram>>, %gacc: memref<1x4x4x8xf32, #npuhw.space<sram>>) {
  // Dense 3x3, K = 3 * 3 * 16 = 144, N = 32 in one panel: 144 * 32 bytes; with bias.
  // CHECK: npuhw.conv2d %arg0, %arg1, %arg3 bias(%arg2) {dilations = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, panel_cols = 32 : i64, strides = array<i64: 1, 1>} : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x10x10x32xi32, #npuhw.space<sram>>, memref<32xi32, #npuhw.space<sram>>
  npuhw.conv2d %x, %w, %acc bias(%b) {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x10x10x32xi32, #npuhw.space<sram>>, memref<32xi32, #npuhw.space<sram>>
  // No padding, accumulating, no bias.
  // CHECK-NEXT: npuhw.conv2d %arg0, %arg1, %arg4 {accumulate, dilations = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, panel_cols = 32 : i64, strides = array<i64: 1, 1>} : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  npuhw.conv2d %x, %w, %acc_valid {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32, accumulate}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  // Depthwise: one group per channel, each a packed [9, 1] in a panel of 8
  // (9 * 8 elements), 32 groups; with an f32 bias.
  // CHECK-NEXT: npuhw.conv2d %arg5, %arg6, %arg8 bias(%arg7) {dilations = array<i64: 1, 1>, groups = 32 : i64, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, panel_cols = 8 : i64, strides = array<i64: 2, 2>} : memref<1x9x9x32xf16, #npuhw.space<sram>>, memref<2304xf16, #npuhw.space<sram>>, memref<1x4x4x32xf32, #npuhw.space<sram>>, memref<32xf32, #npuhw.space<sram>>
  npuhw.conv2d %dx, %dw, %dacc bias(%db) {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, groups = 32, panel_cols = 8}
      : memref<1x9x9x32xf16, #npuhw.space<sram>>, memref<2304xf16, #npuhw.space<sram>>, memref<1x4x4x32xf32, #npuhw.space<sram>>, memref<32xf32, #npuhw.space<sram>>
  // Two groups of 8 input channels, dilation 2: 2 x packed [72, 4] in panels of 4.
  // CHECK-NEXT: npuhw.conv2d %arg9, %arg10, %arg11 {accumulate, dilations = array<i64: 2, 2>, groups = 2 : i64, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, panel_cols = 4 : i64, strides = array<i64: 1, 1>} : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<576xf16, #npuhw.space<sram>>, memref<1x4x4x8xf32, #npuhw.space<sram>>
  npuhw.conv2d %gx, %gw, %gacc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, groups = 2, panel_cols = 4, accumulate}
      : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<576xf16, #npuhw.space<sram>>, memref<1x4x4x8xf32, #npuhw.space<sram>>
  return
}

// A non-square kernel ([kh, kw] = [1, 3]), and an i8 depthwise convolution
// padded with a non-zero `pad_value` (the input zero point) whose K = 9 is
// rounded up to 12; `pad_value = 0` is the default and is not printed.
// CHECK-LABEL: func @conv2d_kernel_and_pad_value
func.func @conv2d_kernel_and_pad_value(%x: memref<1x4x8x16xf16, #npuhw.space<sram>>, %w: memref<768xf16, #npuhw.space<sram>>, %acc: memref<1x4x6x16xf32, #npuhw.space<sram>>,
                                       %qx: memref<1x6x6x8xi8, #npuhw.space<sram>>, %qw: memref<384xi8, #npuhw.space<sram>>, %qb: memref<8xi32, #npuhw.space<sram>>, %qacc: memref<1x6x6x8xi32, #npuhw.space<sram>>) {
  // K = 1 * 3 * 16 = 48, N = 16 in one panel: 48 * 16 elements.
  // CHECK: npuhw.conv2d %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1>, groups = 1 : i64, kernel = array<i64: 1, 3>, pads = array<i64: 0, 0, 0, 0>, panel_cols = 16 : i64, strides = array<i64: 1, 1>} : memref<1x4x8x16xf16, #npuhw.space<sram>>, memref<768xf16, #npuhw.space<sram>>, memref<1x4x6x16xf32, #npuhw.space<sram>>
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 1, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 16, pad_value = 0}
      : memref<1x4x8x16xf16, #npuhw.space<sram>>, memref<768xf16, #npuhw.space<sram>>, memref<1x4x6x16xf32, #npuhw.space<sram>>
  // 8 groups of packed [9 -> 12, 1] in a panel of 4: 8 * 12 * 4 bytes.
  // CHECK-NEXT: npuhw.conv2d %arg3, %arg4, %arg6 bias(%arg5) {dilations = array<i64: 1, 1>, groups = 8 : i64, kernel = array<i64: 3, 3>, pad_value = -128 : i64, pads = array<i64: 1, 1, 1, 1>, panel_cols = 4 : i64, strides = array<i64: 1, 1>} : memref<1x6x6x8xi8, #npuhw.space<sram>>, memref<384xi8, #npuhw.space<sram>>, memref<1x6x6x8xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>
  npuhw.conv2d %qx, %qw, %qacc bias(%qb) {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 8, panel_cols = 4, pad_value = -128}
      : memref<1x6x6x8xi8, #npuhw.space<sram>>, memref<384xi8, #npuhw.space<sram>>, memref<1x6x6x8xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>
  return
}

// i32 -> i8 with one multiplier/shift pair per tensor and one per channel.
// CHECK-LABEL: func @requant
func.func @requant(%acc: memref<1x8x8x32xi32, #npuhw.space<sram>>, %table: memref<2xi32, #npuhw.space<sram>>, %out: memref<1x8x8x32xi8, #npuhw.space<sram>>,
                   %acc2: memref<16x4xi32, #npuhw.space<sram>>, %table2: memref<8xi32, #npuhw.space<sram>>, %out2: memref<16x4xi8, #npuhw.space<sram>>) {
  // CHECK: npuhw.requant %arg0, %arg1, %arg2 {clamp_max = 127 : i32, clamp_min = -128 : i32, output_zero_point = -3 : i32} : memref<1x8x8x32xi32, #npuhw.space<sram>>, memref<2xi32, #npuhw.space<sram>>, memref<1x8x8x32xi8, #npuhw.space<sram>>
  npuhw.requant %acc, %table, %out {output_zero_point = -3 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<1x8x8x32xi32, #npuhw.space<sram>>, memref<2xi32, #npuhw.space<sram>>, memref<1x8x8x32xi8, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.requant %arg3, %arg4, %arg5 {clamp_max = 6 : i32, clamp_min = 0 : i32, output_zero_point = 127 : i32} : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  npuhw.requant %acc2, %table2, %out2 {output_zero_point = 127 : i32, clamp_min = 0 : i32, clamp_max = 6 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// The borders of an int8 region: quantize f16/f32 -> i8 and dequantize
// i8 -> f16/f32, scale in alpha and zero point in beta.
// CHECK-LABEL: func @quantize_dequantize
func.func @quantize_dequantize(%x: memref<256xf16, #npuhw.space<sram>>, %q: memref<256xi8, #npuhw.space<sram>>,
                               %y: memref<256xf32, #npuhw.space<sram>>) {
  // CHECK: npuhw.activation quantize %arg0, %arg1 {alpha = 2.500000e-01 : f32, beta = -1.280000e+02 : f32} : memref<256xf16, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  npuhw.activation quantize %x, %q {alpha = 0.25 : f32, beta = -128.0 : f32} : memref<256xf16, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation dequantize %arg1, %arg2 {alpha = 2.500000e-01 : f32, beta = 1.270000e+02 : f32} : memref<256xi8, #npuhw.space<sram>>, memref<256xf32, #npuhw.space<sram>>
  npuhw.activation dequantize %q, %y {alpha = 0.25 : f32, beta = 127.0 : f32} : memref<256xi8, #npuhw.space<sram>>, memref<256xf32, #npuhw.space<sram>>
  return
}

// Every binary kind, on f16 tiles and (in place) on i8 tiles.
// CHECK-LABEL: func @elementwise
func.func @elementwise(%a: memref<4x64xf16, #npuhw.space<sram>>, %b: memref<4x64xf16, #npuhw.space<sram>>, %c: memref<4x64xf16, #npuhw.space<sram>>,
                       %i: memref<256xi8, #npuhw.space<sram>>, %j: memref<256xi8, #npuhw.space<sram>>) {
  // CHECK: npuhw.elementwise add %arg0, %arg1, %arg2 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise add %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise sub %arg0, %arg1, %arg2 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise sub %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise mul %arg0, %arg1, %arg2 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise mul %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise div %arg0, %arg1, %arg2 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise div %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise max %arg0, %arg1, %arg2 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise max %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise min %arg0, %arg1, %arg2 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise min %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise pow %arg0, %arg1, %arg2 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise pow %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise add %arg3, %arg4, %arg3 : memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  npuhw.elementwise add %i, %j, %i : memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  return
}

// A smaller rhs repeats along lhs when its element count divides lhs's: a
// per-channel vector of an NHWC tile, a row of a matrix, a scalar, an i8
// period over a rank-1 tile. lhs and output keep one shape.
// CHECK-LABEL: func @elementwise_repeat
func.func @elementwise_repeat(%x: memref<1x4x4x32xf16, #npuhw.space<sram>>, %ch: memref<32xf16, #npuhw.space<sram>>, %y: memref<1x4x4x32xf16, #npuhw.space<sram>>,
                              %a: memref<4x64xf16, #npuhw.space<sram>>, %row: memref<1x64xf16, #npuhw.space<sram>>, %s: memref<1xf16, #npuhw.space<sram>>,
                              %i: memref<256xi8, #npuhw.space<sram>>, %p: memref<16xi8, #npuhw.space<sram>>) {
  // CHECK: npuhw.elementwise add %arg0, %arg1, %arg2 : memref<1x4x4x32xf16, #npuhw.space<sram>>, memref<32xf16, #npuhw.space<sram>>, memref<1x4x4x32xf16, #npuhw.space<sram>>
  npuhw.elementwise add %x, %ch, %y : memref<1x4x4x32xf16, #npuhw.space<sram>>, memref<32xf16, #npuhw.space<sram>>, memref<1x4x4x32xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise sub %arg3, %arg4, %arg3 : memref<4x64xf16, #npuhw.space<sram>>, memref<1x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise sub %a, %row, %a : memref<4x64xf16, #npuhw.space<sram>>, memref<1x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise mul %arg3, %arg5, %arg3 : memref<4x64xf16, #npuhw.space<sram>>, memref<1xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.elementwise mul %a, %s, %a : memref<4x64xf16, #npuhw.space<sram>>, memref<1xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.elementwise max %arg6, %arg7, %arg6 : memref<256xi8, #npuhw.space<sram>>, memref<16xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  npuhw.elementwise max %i, %p, %i : memref<256xi8, #npuhw.space<sram>>, memref<16xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  return
}

// Every unary kind; clip and hard_sigmoid take alpha and beta, leaky_relu
// takes alpha only, the others take neither.
// CHECK-LABEL: func @activation
func.func @activation(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>, %q: memref<256xi8, #npuhw.space<sram>>) {
  // CHECK: npuhw.activation relu %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation relu %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation clip %arg0, %arg1 {alpha = 0.000000e+00 : f32, beta = 6.000000e+00 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation clip %x, %y {alpha = 0.0 : f32, beta = 6.0 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation leaky_relu %arg0, %arg1 {alpha = 1.250000e-01 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation leaky_relu %x, %y {alpha = 0.125 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation sigmoid %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation sigmoid %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation tanh %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation tanh %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation gelu_erf %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation gelu_erf %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation gelu_tanh %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation gelu_tanh %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation silu %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation silu %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation hard_sigmoid %arg0, %arg1 {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation hard_sigmoid %x, %y {alpha = 0.2 : f32, beta = 0.5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation hard_swish %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation hard_swish %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation exp %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation exp %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation log %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation log %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation sqrt %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation sqrt %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation rsqrt %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation rsqrt %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation reciprocal %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation reciprocal %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation erf %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation erf %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation neg %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation neg %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation abs %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation abs %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation sin %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation sin %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation cos %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation cos %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation copy %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.activation copy %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // A degenerate clip range (alpha == beta) is not empty; in place on i8.
  // CHECK-NEXT: npuhw.activation clip %arg2, %arg2 {alpha = 3.000000e+00 : f32, beta = 3.000000e+00 : f32} : memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  npuhw.activation clip %q, %q {alpha = 3.0 : f32, beta = 3.0 : f32} : memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  return
}

// The output may have another float type than the input: `copy` from an
// f32 accumulator to f16 (a matrix tile's write-back), a fused `clip` on the
// way, widening f16 to f32; and `copy` of an integer tile, which the vector
// engine does without floating point.
// CHECK-LABEL: func @activation_convert
func.func @activation_convert(%acc: memref<8x64xf32, #npuhw.space<sram>>, %out: memref<8x64xf16, #npuhw.space<sram>>, %wide: memref<8x64xf32, #npuhw.space<sram>>,
                              %q: memref<256xi8, #npuhw.space<sram>>, %r: memref<256xi8, #npuhw.space<sram>>) {
  // CHECK: npuhw.activation copy %arg0, %arg1 : memref<8x64xf32, #npuhw.space<sram>>, memref<8x64xf16, #npuhw.space<sram>>
  npuhw.activation copy %acc, %out : memref<8x64xf32, #npuhw.space<sram>>, memref<8x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation clip %arg0, %arg1 {alpha = 0.000000e+00 : f32, beta = 6.000000e+00 : f32} : memref<8x64xf32, #npuhw.space<sram>>, memref<8x64xf16, #npuhw.space<sram>>
  npuhw.activation clip %acc, %out {alpha = 0.0 : f32, beta = 6.0 : f32} : memref<8x64xf32, #npuhw.space<sram>>, memref<8x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation sigmoid %arg1, %arg2 : memref<8x64xf16, #npuhw.space<sram>>, memref<8x64xf32, #npuhw.space<sram>>
  npuhw.activation sigmoid %out, %wide : memref<8x64xf16, #npuhw.space<sram>>, memref<8x64xf32, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.activation copy %arg3, %arg4 : memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  npuhw.activation copy %q, %r : memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>
  return
}

// Max pooling on i8 (2x2, stride 2) and average pooling on f16 (3x3, stride
// 1, padded to keep the size).
// CHECK-LABEL: func @pool
func.func @pool(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>,
                %fx: memref<1x8x8x16xf16, #npuhw.space<sram>>, %fy: memref<1x8x8x16xf16, #npuhw.space<sram>>) {
  // CHECK: npuhw.pool max %arg0, %arg1 {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  npuhw.pool max %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.pool avg %arg2, %arg3 {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<1x8x8x16xf16, #npuhw.space<sram>>
  npuhw.pool avg %fx, %fy {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
      : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<1x8x8x16xf16, #npuhw.space<sram>>
  return
}

// Softmax over the innermost dimension, f16 and f32.
// CHECK-LABEL: func @softmax
func.func @softmax(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>,
                   %fx: memref<1x12x128xf32, #npuhw.space<sram>>, %fy: memref<1x12x128xf32, #npuhw.space<sram>>) {
  // CHECK: npuhw.softmax %arg0, %arg1 : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  npuhw.softmax %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.softmax %arg2, %arg3 : memref<1x12x128xf32, #npuhw.space<sram>>, memref<1x12x128xf32, #npuhw.space<sram>>
  npuhw.softmax %fx, %fy : memref<1x12x128xf32, #npuhw.space<sram>>, memref<1x12x128xf32, #npuhw.space<sram>>
  return
}

// Layer norm with and without bias, RMS norm (no bias).
// CHECK-LABEL: func @norm
func.func @norm(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>,
                %b: memref<64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // CHECK: npuhw.norm layer %arg0, %arg1, %arg2 -> %arg3 {epsilon = 9.99999974E-6 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  npuhw.norm layer %x, %s, %b -> %y {epsilon = 1.0e-5 : f32}
      : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.norm layer %arg0, %arg1 -> %arg3 {epsilon = 9.99999974E-6 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  npuhw.norm layer %x, %s -> %y {epsilon = 1.0e-5 : f32}
      : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  // CHECK-NEXT: npuhw.norm rms %arg0, %arg1 -> %arg3 {epsilon = 9.765625E-4 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  npuhw.norm rms %x, %s -> %y {epsilon = 0.0009765625 : f32}
      : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// Semaphore signal and wait on every engine queue.
// CHECK-LABEL: func @sync
func.func @sync() {
  // CHECK: npuhw.signal dma, 0
  npuhw.signal dma, 0
  // CHECK-NEXT: npuhw.signal matrix, 1
  npuhw.signal matrix, 1
  // CHECK-NEXT: npuhw.signal vector, 2
  npuhw.signal vector, 2
  // CHECK-NEXT: npuhw.wait dma, 2
  npuhw.wait dma, 2
  // CHECK-NEXT: npuhw.wait matrix, 0
  npuhw.wait matrix, 0
  // CHECK-NEXT: npuhw.wait vector, 1
  npuhw.wait vector, 1
  return
}

// `channel` picks a DMA engine's queue; the default channel 0 is not printed.
// CHECK-LABEL: func @sync_channel
func.func @sync_channel() {
  // CHECK: npuhw.signal dma, 3 {channel = 2 : i64}
  npuhw.signal dma, 3 {channel = 2}
  // CHECK-NEXT: npuhw.wait dma, 3 {channel = 1 : i64}
  npuhw.wait dma, 3 {channel = 1}
  // CHECK-NEXT: npuhw.signal dma, 4{{$}}
  npuhw.signal dma, 4 {channel = 0}
  // CHECK-NEXT: npuhw.wait dma, 4{{$}}
  npuhw.wait dma, 4 {channel = 0}
  return
}
