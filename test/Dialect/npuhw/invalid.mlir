// Verifier and type-constraint errors of the npuhw ops, one per case.
// RUN: npu-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// npuhw.alloc
//===----------------------------------------------------------------------===//

// A buffer must live in an npuhw memory space (here: none at all).
func.func @alloc_no_memory_space() {
  // expected-error @+1 {{expects a buffer in #npuhw.space<dram> or #npuhw.space<sram>, got 'memref<16xi8>'}}
  %0 = npuhw.alloc : memref<16xi8>
  return
}

// -----

// A buffer must live in an npuhw memory space (here: a builtin integer space).
func.func @alloc_foreign_memory_space() {
  // expected-error @+1 {{expects a buffer in #npuhw.space<dram> or #npuhw.space<sram>}}
  %0 = npuhw.alloc : memref<16xi8, 1>
  return
}

// -----

// #npuhw.space only has the cases dram and sram.
func.func @alloc_unknown_memory_space() {
  // expected-error @+2 {{expected ::mlir::npuhw::MemorySpace to be one of: dram, sram}}
  // expected-error @+1 {{failed to parse NpuHw_MemorySpaceAttr parameter 'value'}}
  %0 = npuhw.alloc : memref<16xi8, #npuhw.space<hbm>>
  return
}

// -----

// A buffer is statically shaped.
func.func @alloc_dynamic_shape() {
  // expected-error @+1 {{expects a statically shaped buffer with the identity layout, got 'memref<?x64xi8, #npuhw.space<sram>>'}}
  %0 = npuhw.alloc : memref<?x64xi8, #npuhw.space<sram>>
  return
}

// -----

// A buffer has the identity layout; strided views come from memref.subview.
func.func @alloc_strided_layout() {
  // expected-error @+1 {{expects a statically shaped buffer with the identity layout, got 'memref<4x64xi8, strided<[128, 1]>, #npuhw.space<dram>>' (take strided views with memref.subview)}}
  %0 = npuhw.alloc : memref<4x64xi8, strided<[128, 1]>, #npuhw.space<dram>>
  return
}

// -----

// Planned offsets are non-negative (I64Attr getters are unsigned: the
// verifier compares them as signed).
func.func @alloc_negative_offset() {
  // expected-error @+1 {{has a negative offset -64}}
  %0 = npuhw.alloc {offset = -64} : memref<16xi8, #npuhw.space<sram>>
  return
}

// -----

// ODS: buffers hold floats or signless integers, not unsigned integers.
func.func @alloc_unsigned_elements() {
  // expected-error @+1 {{result #0 must be memref of floating-point or signless integer values, but got 'memref<16xui8, #npuhw.space<sram>>'}}
  %0 = npuhw.alloc : memref<16xui8, #npuhw.space<sram>>
  return
}

// -----

// ODS: buffers hold floats or signless integers, not index.
func.func @alloc_index_elements() {
  // expected-error @+1 {{result #0 must be memref of floating-point or signless integer values}}
  %0 = npuhw.alloc : memref<16xindex, #npuhw.space<dram>>
  return
}

// -----

// ODS: an alloc produces a memref, not a tensor.
func.func @alloc_tensor() {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.memref, but found 'tensor<16xi8>'}}
  %0 = npuhw.alloc : tensor<16xi8>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.gather
//===----------------------------------------------------------------------===//

// A gather's indices are an SRAM tile the DMA engine reads.
func.func @gather_indices_in_dram(%t: memref<16x8xf16, #npuhw.space<dram>>, %i: memref<4xi64, #npuhw.space<dram>>, %o: memref<4x8xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects indices in SRAM (#npuhw.space<sram>)}}
  npuhw.gather %t[%i] -> %o {channel = 0} : memref<16x8xf16, #npuhw.space<dram>>, memref<4xi64, #npuhw.space<dram>> -> memref<4x8xf16, #npuhw.space<sram>>
  return
}

// -----

// Indices are i32 or i64.
func.func @gather_index_type(%t: memref<16x8xf16, #npuhw.space<dram>>, %i: memref<4xi8, #npuhw.space<sram>>, %o: memref<4x8xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects i32 or i64 indices, got 'i8'}}
  npuhw.gather %t[%i] -> %o {channel = 0} : memref<16x8xf16, #npuhw.space<dram>>, memref<4xi8, #npuhw.space<sram>> -> memref<4x8xf16, #npuhw.space<sram>>
  return
}

// -----

// One index per target row.
func.func @gather_count_mismatch(%t: memref<16x8xf16, #npuhw.space<dram>>, %i: memref<4xi64, #npuhw.space<sram>>, %o: memref<5x8xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects one index per target row, got 4 indices for 5 rows}}
  npuhw.gather %t[%i] -> %o {channel = 0} : memref<16x8xf16, #npuhw.space<dram>>, memref<4xi64, #npuhw.space<sram>> -> memref<5x8xf16, #npuhw.space<sram>>
  return
}

// -----

// Table and target rows have the same width.
func.func @gather_width_mismatch(%t: memref<16x8xf16, #npuhw.space<dram>>, %i: memref<4xi64, #npuhw.space<sram>>, %o: memref<4x4xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects rows of the same width, got a table of 16x8 and a target of 4x4}}
  npuhw.gather %t[%i] -> %o {channel = 0} : memref<16x8xf16, #npuhw.space<dram>>, memref<4xi64, #npuhw.space<sram>> -> memref<4x4xf16, #npuhw.space<sram>>
  return
}

// -----

// No conversion: table and target have one element type.
func.func @gather_element_type(%t: memref<16x8xf16, #npuhw.space<dram>>, %i: memref<4xi64, #npuhw.space<sram>>, %o: memref<4x8xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects table and target of the same element type, got 'f16' and 'f32'}}
  npuhw.gather %t[%i] -> %o {channel = 0} : memref<16x8xf16, #npuhw.space<dram>>, memref<4xi64, #npuhw.space<sram>> -> memref<4x8xf32, #npuhw.space<sram>>
  return
}

// -----

// No DMA engine copies DRAM to DRAM, gathers included.
func.func @gather_dram_to_dram(%t: memref<16x8xf16, #npuhw.space<dram>>, %i: memref<4xi64, #npuhw.space<sram>>, %o: memref<4x8xf16, #npuhw.space<dram>>) {
  // expected-error @+1 {{copies DRAM to DRAM, which no DMA engine does; gather into SRAM}}
  npuhw.gather %t[%i] -> %o {channel = 0} : memref<16x8xf16, #npuhw.space<dram>>, memref<4xi64, #npuhw.space<sram>> -> memref<4x8xf16, #npuhw.space<dram>>
  return
}

// -----

// Rows are contiguous: a column of a table is not a row.
func.func @gather_strided_rows(%t: memref<16x8xf16, strided<[1, 16]>, #npuhw.space<dram>>, %i: memref<4xi64, #npuhw.space<sram>>, %o: memref<4x8xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects the table to have contiguous rows at static strides}}
  npuhw.gather %t[%i] -> %o {channel = 0} : memref<16x8xf16, strided<[1, 16]>, #npuhw.space<dram>>, memref<4xi64, #npuhw.space<sram>> -> memref<4x8xf16, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.dma
//===----------------------------------------------------------------------===//

// Both ends of a DMA are in an npuhw memory space.
func.func @dma_no_memory_space(%src: memref<4x64xi8>, %dst: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects source and target in an npuhw memory space, got 'memref<4x64xi8>' and 'memref<4x64xi8, #npuhw.space<sram>>'}}
  npuhw.dma %src -> %dst {channel = 0} : memref<4x64xi8> -> memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// No DMA engine copies DRAM to DRAM.
func.func @dma_dram_to_dram(%src: memref<4x64xi8, #npuhw.space<dram>>, %dst: memref<4x64xi8, #npuhw.space<dram>>) {
  // expected-error @+1 {{copies DRAM to DRAM, which no DMA engine does}}
  npuhw.dma %src -> %dst {channel = 0} : memref<4x64xi8, #npuhw.space<dram>> -> memref<4x64xi8, #npuhw.space<dram>>
  return
}

// -----

// Source and target have the same shape.
func.func @dma_shape_mismatch(%src: memref<4x64xi8, #npuhw.space<dram>>, %dst: memref<4x32xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects source and target of the same shape, got 4x64 and 4x32}}
  npuhw.dma %src -> %dst {channel = 0} : memref<4x64xi8, #npuhw.space<dram>> -> memref<4x32xi8, #npuhw.space<sram>>
  return
}

// -----

// A DMA does not convert: source and target have the same element type.
func.func @dma_element_type_mismatch(%src: memref<4x64xi8, #npuhw.space<sram>>, %dst: memref<4x64xf16, #npuhw.space<dram>>) {
  // expected-error @+1 {{expects source and target of the same element type, got 'i8' and 'f16'}}
  npuhw.dma %src -> %dst {channel = 0} : memref<4x64xi8, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<dram>>
  return
}

// -----

// DMA descriptors have at most 4 dimensions.
func.func @dma_rank_5(%src: memref<2x2x2x2x16xi8, #npuhw.space<dram>>, %dst: memref<2x2x2x2x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{moves a rank-5 view; DMA descriptors have 1 to 4 dimensions}}
  npuhw.dma %src -> %dst {channel = 0} : memref<2x2x2x2x16xi8, #npuhw.space<dram>> -> memref<2x2x2x2x16xi8, #npuhw.space<sram>>
  return
}

// -----

// DMA descriptors have at least 1 dimension.
func.func @dma_rank_0(%src: memref<f32, #npuhw.space<dram>>, %dst: memref<f32, #npuhw.space<sram>>) {
  // expected-error @+1 {{moves a rank-0 view; DMA descriptors have 1 to 4 dimensions}}
  npuhw.dma %src -> %dst {channel = 0} : memref<f32, #npuhw.space<dram>> -> memref<f32, #npuhw.space<sram>>
  return
}

// -----

// A rank-4 view needs a contiguous innermost dimension: a descriptor moving
// single elements has only three dimensions.
func.func @dma_strided_innermost_source(%image: memref<1x2x4x64xi8, #npuhw.space<dram>>, %dst: memref<1x2x4x32xi8, #npuhw.space<sram>>) {
  %src = memref.subview %image[0, 0, 0, 0] [1, 2, 4, 32] [1, 1, 1, 2] : memref<1x2x4x64xi8, #npuhw.space<dram>> to memref<1x2x4x32xi8, strided<[512, 256, 64, 2]>, #npuhw.space<dram>>
  // expected-error @+1 {{expects the innermost dimension of the source to be contiguous, got 'memref<1x2x4x32xi8, strided<[512, 256, 64, 2]>, #npuhw.space<dram>>' (a descriptor moving single elements has 3 dimensions)}}
  npuhw.dma %src -> %dst {channel = 0} : memref<1x2x4x32xi8, strided<[512, 256, 64, 2]>, #npuhw.space<dram>> -> memref<1x2x4x32xi8, #npuhw.space<sram>>
  return
}

// -----

func.func @dma_strided_innermost_target(%src: memref<1x4x4x32xi8, #npuhw.space<sram>>, %dst: memref<1x4x4x32xi8, strided<[1024, 256, 64, 2], offset: 1>, #npuhw.space<dram>>) {
  // expected-error @+1 {{expects the innermost dimension of the target to be contiguous}}
  npuhw.dma %src -> %dst {channel = 0} : memref<1x4x4x32xi8, #npuhw.space<sram>> -> memref<1x4x4x32xi8, strided<[1024, 256, 64, 2], offset: 1>, #npuhw.space<dram>>
  return
}

// -----

// A layout that is not strided at all cannot be described by a DMA descriptor.
func.func @dma_non_strided_layout(%src: memref<4x64xi8, affine_map<(d0, d1) -> (d0 floordiv 2, d1)>, #npuhw.space<dram>>, %dst: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects the source to have a strided layout}}
  npuhw.dma %src -> %dst {channel = 0} : memref<4x64xi8, affine_map<(d0, d1) -> (d0 floordiv 2, d1)>, #npuhw.space<dram>> -> memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// DMA channels are non-negative.
func.func @dma_negative_channel(%src: memref<4x64xi8, #npuhw.space<dram>>, %dst: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{has a negative DMA channel -1}}
  npuhw.dma %src -> %dst {channel = -1} : memref<4x64xi8, #npuhw.space<dram>> -> memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// ODS: the channel is a required attribute.
func.func @dma_missing_channel(%src: memref<4x64xi8, #npuhw.space<dram>>, %dst: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{requires attribute 'channel'}}
  npuhw.dma %src -> %dst : memref<4x64xi8, #npuhw.space<dram>> -> memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// ODS: DMA operands are memrefs, not tensors (generic form reaches the verifier).
func.func @dma_tensor_operand_generic(%src: tensor<4x64xi8>, %dst: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{operand #0 must be memref of floating-point or signless integer values, but got 'tensor<4x64xi8>'}}
  "npuhw.dma"(%src, %dst) <{channel = 0 : i64}> : (tensor<4x64xi8>, memref<4x64xi8, #npuhw.space<sram>>) -> ()
  return
}

// -----

// ODS: the custom syntax only parses memref types for DMA operands.
func.func @dma_tensor_operand(%src: tensor<4x64xi8>, %dst: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.memref, but found 'tensor<4x64xi8>'}}
  npuhw.dma %src -> %dst {channel = 0} : tensor<4x64xi8> -> memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.matmul
//===----------------------------------------------------------------------===//

// The matrix engine reads its operands from SRAM, not DRAM.
func.func @matmul_lhs_in_dram(%a: memref<16x64xi8, #npuhw.space<dram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs in SRAM (#npuhw.space<sram>), got 'memref<16x64xi8, #npuhw.space<dram>>'; compute engines reach DRAM only through npuhw.dma}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<dram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The accumulator is in SRAM too (here: no memory space at all).
func.func @matmul_acc_without_space(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32>) {
  // expected-error @+1 {{expects acc in SRAM (#npuhw.space<sram>), got 'memref<16x32xi32>'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32>
  return
}

// -----

// Compute-engine operands are statically shaped.
func.func @matmul_dynamic_shape(%a: memref<?x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs to be statically shaped}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<?x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The packed rhs is a rank-1 buffer (here: the unpacked row-major [K, N]).
func.func @matmul_rhs_unpacked(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<64x32xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects the rhs packed in panels (rank 1), got 'memref<64x32xi8, #npuhw.space<sram>>'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<64x32xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// lhs is a rank-2 row-major matrix.
func.func @matmul_lhs_rank_3(%a: memref<1x16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs of rank 2 (row-major matrix), got 'memref<1x16x64xi8, #npuhw.space<sram>>'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<1x16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// acc is a rank-2 row-major matrix.
func.func @matmul_acc_rank_1(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<512xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects acc of rank 2 (row-major matrix), got 'memref<512xi32, #npuhw.space<sram>>'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<512xi32, #npuhw.space<sram>>
  return
}

// -----

// The packed rhs holds exactly [K, N] in panels: ceil(40 / 16) * roundup(30, 4)
// * 16 = 1536 bytes for i8, not the unpadded 30 * 40.
func.func @matmul_packed_size_i8(%a: memref<16x30xi8, #npuhw.space<sram>>, %b: memref<1200xi8, #npuhw.space<sram>>, %c: memref<16x40xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a packed rhs of 1536 elements (1 x [30, 40] in panels of 16), got 1200}}
  npuhw.matmul %a, %b, %c {panel_cols = 16} : memref<16x30xi8, #npuhw.space<sram>>, memref<1200xi8, #npuhw.space<sram>>, memref<16x40xi32, #npuhw.space<sram>>
  return
}

// -----

// f16 packing does not round K up: ceil(40 / 16) * 30 * 16 = 1440 elements
// (here: sized as if for i8).
func.func @matmul_packed_size_f16(%a: memref<16x30xf16, #npuhw.space<sram>>, %b: memref<1536xf16, #npuhw.space<sram>>, %c: memref<16x40xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a packed rhs of 1440 elements (1 x [30, 40] in panels of 16), got 1536}}
  npuhw.matmul %a, %b, %c {panel_cols = 16} : memref<16x30xf16, #npuhw.space<sram>>, memref<1536xf16, #npuhw.space<sram>>, memref<16x40xf32, #npuhw.space<sram>>
  return
}

// -----

// The packed size follows panel_cols (here: rhs packed in panels of 32, op
// says 16 with N = 40: 3 * 64 * 16 bytes, not 2 * 64 * 32).
func.func @matmul_packed_size_panel_cols(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<4096xi8, #npuhw.space<sram>>, %c: memref<16x40xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a packed rhs of 3072 elements (1 x [64, 40] in panels of 16), got 4096}}
  npuhw.matmul %a, %b, %c {panel_cols = 16} : memref<16x64xi8, #npuhw.space<sram>>, memref<4096xi8, #npuhw.space<sram>>, memref<16x40xi32, #npuhw.space<sram>>
  return
}

// -----

// The contraction dimensions of lhs and rhs agree: rhs packed for K = 32
// does not fit an lhs with K = 64.
func.func @matmul_k_mismatch(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<1024xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a packed rhs of 2048 elements (1 x [64, 32] in panels of 32), got 1024}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<1024xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The accumulator has lhs's rows.
func.func @matmul_acc_shape(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<32x16xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects [M, K] x [K, N] -> [M, N], got lhs 16x64 and acc 32x16}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<32x16xi32, #npuhw.space<sram>>
  return
}

// -----

// panel_cols is positive (here: 0).
func.func @matmul_zero_panel_cols(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a positive 'panel_cols', got 0}}
  npuhw.matmul %a, %b, %c {panel_cols = 0} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// panel_cols is positive (here: negative; the unsigned getter is compared as
// signed).
func.func @matmul_negative_panel_cols(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a positive 'panel_cols', got -32}}
  npuhw.matmul %a, %b, %c {panel_cols = -32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// ODS: panel_cols is a required attribute.
func.func @matmul_missing_panel_cols(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{requires attribute 'panel_cols'}}
  npuhw.matmul %a, %b, %c : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The bias has one entry per column N (here: 16 for N = 32).
func.func @matmul_bias_size(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>, %bias: memref<16xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a bias of 32 x 'i32', got 'memref<16xi32, #npuhw.space<sram>>'}}
  npuhw.matmul %a, %b, %c bias(%bias) {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>, memref<16xi32, #npuhw.space<sram>>
  return
}

// -----

// The bias is rank-1 (not a [1, N] row).
func.func @matmul_bias_rank_2(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>, %bias: memref<1x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a bias of 32 x 'i32', got 'memref<1x32xi32, #npuhw.space<sram>>'}}
  npuhw.matmul %a, %b, %c bias(%bias) {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>, memref<1x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The bias has the accumulator's element type (here: f16 for an f32 acc).
func.func @matmul_bias_type(%a: memref<8x128xf16, #npuhw.space<sram>>, %b: memref<8192xf16, #npuhw.space<sram>>, %c: memref<8x64xf32, #npuhw.space<sram>>, %bias: memref<64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a bias of 64 x 'f32', got 'memref<64xf16, #npuhw.space<sram>>'}}
  npuhw.matmul %a, %b, %c bias(%bias) {panel_cols = 32} : memref<8x128xf16, #npuhw.space<sram>>, memref<8192xf16, #npuhw.space<sram>>, memref<8x64xf32, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>
  return
}

// -----

// The bias is an SRAM tile like the other operands.
func.func @matmul_bias_in_dram(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>, %bias: memref<32xi32, #npuhw.space<dram>>) {
  // expected-error @+1 {{expects bias in SRAM (#npuhw.space<sram>), got 'memref<32xi32, #npuhw.space<dram>>'}}
  npuhw.matmul %a, %b, %c bias(%bias) {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>, memref<32xi32, #npuhw.space<dram>>
  return
}

// -----

// i8 products accumulate in i32, not f32.
func.func @matmul_i8_into_f32(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects i8 x i8 -> i32 or f16 x f16 -> f32 operands, got 'i8' x 'i8' -> 'f32'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xf32, #npuhw.space<sram>>
  return
}

// -----

// f16 products accumulate in f32, not f16.
func.func @matmul_f16_into_f16(%a: memref<16x64xf16, #npuhw.space<sram>>, %b: memref<2048xf16, #npuhw.space<sram>>, %c: memref<16x32xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects i8 x i8 -> i32 or f16 x f16 -> f32 operands, got 'f16' x 'f16' -> 'f16'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xf16, #npuhw.space<sram>>, memref<2048xf16, #npuhw.space<sram>>, memref<16x32xf16, #npuhw.space<sram>>
  return
}

// -----

// The matrix engine does not mix i8 and f16 operands.
func.func @matmul_mixed_operands(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xf16, #npuhw.space<sram>>, %c: memref<16x32xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects i8 x i8 -> i32 or f16 x f16 -> f32 operands, got 'i8' x 'f16' -> 'f32'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xf16, #npuhw.space<sram>>, memref<16x32xf32, #npuhw.space<sram>>
  return
}

// -----

// The matrix engine has no f32 x f32 mode.
func.func @matmul_f32_operands(%a: memref<16x64xf32, #npuhw.space<sram>>, %b: memref<2048xf32, #npuhw.space<sram>>, %c: memref<16x32xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects i8 x i8 -> i32 or f16 x f16 -> f32 operands, got 'f32' x 'f32' -> 'f32'}}
  npuhw.matmul %a, %b, %c {panel_cols = 32} : memref<16x64xf32, #npuhw.space<sram>>, memref<2048xf32, #npuhw.space<sram>>, memref<16x32xf32, #npuhw.space<sram>>
  return
}

// -----

// ODS: `accumulate` is a unit attribute, not a boolean.
func.func @matmul_bool_accumulate(%a: memref<16x64xi8, #npuhw.space<sram>>, %b: memref<2048xi8, #npuhw.space<sram>>, %c: memref<16x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{attribute 'accumulate' failed to satisfy constraint: unit attribute}}
  npuhw.matmul %a, %b, %c {panel_cols = 32, accumulate = false} : memref<16x64xi8, #npuhw.space<sram>>, memref<2048xi8, #npuhw.space<sram>>, memref<16x32xi32, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.conv2d
//===----------------------------------------------------------------------===//

// The matrix engine reads the input tile from SRAM.
func.func @conv2d_input_in_dram(%x: memref<1x10x10x16xi8, #npuhw.space<dram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input in SRAM (#npuhw.space<sram>)}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<dram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The filter is packed (rank 1), not an OHWI tensor.
func.func @conv2d_filter_ohwi(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<32x3x3x16xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects the filter packed in panels (rank 1), got 'memref<32x3x3x16xi8, #npuhw.space<sram>>'}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<32x3x3x16xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The input is a rank-4 NHWC tile.
func.func @conv2d_input_rank_3(%x: memref<10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input of rank 4 (NHWC), got 'memref<10x10x16xi8, #npuhw.space<sram>>'}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// `kernel` is [kh, kw].
func.func @conv2d_kernel_length(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects 'kernel' to have 2 entries, got 1}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// Kernel sizes are at least 1.
func.func @conv2d_zero_kernel(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects every 'kernel' entry to be at least 1, got 0}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 0>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// ODS: `kernel` is a required attribute (the packed filter no longer has it).
func.func @conv2d_missing_kernel(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{requires attribute 'kernel'}}
  npuhw.conv2d %x, %w, %acc {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// `strides` has one entry per spatial dimension.
func.func @conv2d_strides_length(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects 'strides' to have 2 entries, got 1}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// Strides are at least 1.
func.func @conv2d_zero_stride(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects every 'strides' entry to be at least 1, got 0}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// `dilations` has one entry per spatial dimension.
func.func @conv2d_dilations_length(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects 'dilations' to have 2 entries, got 3}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// Dilations are at least 1.
func.func @conv2d_zero_dilation(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects every 'dilations' entry to be at least 1, got 0}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 0, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// `pads` is [top, left, bottom, right].
func.func @conv2d_pads_length(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects 'pads' to have 4 entries, got 2}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// Pads are non-negative.
func.func @conv2d_negative_pad(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects every 'pads' entry to be at least 0, got -1}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, -1, -1>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The packed filter has K = kh * kw * C / groups rows: a filter packed for 8
// input channels (3 * 3 * 8 = 72 rows) does not fit a 16-channel input.
func.func @conv2d_filter_channels(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<2304xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a packed filter of 4608 elements (1 x [144, 32] in panels of 32), got 2304}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<2304xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// i8 filters round each group's K up to a multiple of 4: 8 depthwise groups of
// [9 -> 12, 1] in a panel of 4 take 8 * 12 * 4 bytes, not 8 * 9 * 4.
func.func @conv2d_packed_size_i8(%x: memref<1x6x6x8xi8, #npuhw.space<sram>>, %w: memref<288xi8, #npuhw.space<sram>>, %acc: memref<1x6x6x8xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a packed filter of 384 elements (8 x [9, 1] in panels of 4), got 288}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 8, panel_cols = 4, pad_value = -128}
      : memref<1x6x6x8xi8, #npuhw.space<sram>>, memref<288xi8, #npuhw.space<sram>>, memref<1x6x6x8xi32, #npuhw.space<sram>>
  return
}

// -----

// There is at least one group.
func.func @conv2d_zero_groups(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{has 16 input and 32 output channels, which 0 group(s) do not divide}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 0, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The output channels split evenly into the groups.
func.func @conv2d_groups_split_outputs(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<1152xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x9xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{has 16 input and 9 output channels, which 2 group(s) do not divide}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 2, panel_cols = 4}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<1152xi8, #npuhw.space<sram>>, memref<1x8x8x9xi32, #npuhw.space<sram>>
  return
}

// -----

// The input channels split evenly into the groups.
func.func @conv2d_groups_split_inputs(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<1152xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x6xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{has 16 input and 6 output channels, which 3 group(s) do not divide}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 3, panel_cols = 4}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<1152xi8, #npuhw.space<sram>>, memref<1x8x8x6xi32, #npuhw.space<sram>>
  return
}

// -----

// A depthwise convolution (groups = channels) packs one [kh * kw, 1] matrix
// per group, not a dense [kh * kw * C, O] one.
func.func @conv2d_depthwise_dense_filter(%x: memref<1x9x9x32xf16, #npuhw.space<sram>>, %w: memref<9216xf16, #npuhw.space<sram>>, %acc: memref<1x4x4x32xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a packed filter of 2304 elements (32 x [9, 1] in panels of 8), got 9216}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, groups = 32, panel_cols = 8}
      : memref<1x9x9x32xf16, #npuhw.space<sram>>, memref<9216xf16, #npuhw.space<sram>>, memref<1x4x4x32xf32, #npuhw.space<sram>>
  return
}

// -----

// The accumulator has the window's output size (no padding: 10 - 3 + 1 = 8).
func.func @conv2d_acc_spatial(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x10x10x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects an accumulator of shape 1x8x8x32 for this input, filter and window, got 1x10x10x32}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x10x10x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The accumulator has the input's batch; strides, dilations and asymmetric
// pads enter the window size.
func.func @conv2d_acc_batch(%x: memref<2x9x9x16xf16, #npuhw.space<sram>>, %w: memref<2304xf16, #npuhw.space<sram>>, %acc: memref<1x3x4x16xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects an accumulator of shape 2x3x4x16 for this input, filter and window, got 1x3x4x16}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 1, 0, 0>, dilations = array<i64: 2, 1>, groups = 1, panel_cols = 16}
      : memref<2x9x9x16xf16, #npuhw.space<sram>>, memref<2304xf16, #npuhw.space<sram>>, memref<1x3x4x16xf32, #npuhw.space<sram>>
  return
}

// -----

// `kernel` is [kh, kw], not [kw, kh]: a 1x3 kernel over a 4x8 input gives
// 4x6, not 2x8.
func.func @conv2d_kernel_order(%x: memref<1x4x8x16xf16, #npuhw.space<sram>>, %w: memref<768xf16, #npuhw.space<sram>>, %acc: memref<1x2x8x16xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects an accumulator of shape 1x4x6x16 for this input, filter and window, got 1x2x8x16}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 1, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 16}
      : memref<1x4x8x16xf16, #npuhw.space<sram>>, memref<768xf16, #npuhw.space<sram>>, memref<1x2x8x16xf32, #npuhw.space<sram>>
  return
}

// -----

// Convolution element types are those of the matrix engine.
func.func @conv2d_element_types(%x: memref<1x10x10x16xf16, #npuhw.space<sram>>, %w: memref<4608xf16, #npuhw.space<sram>>, %acc: memref<1x8x8x32xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects i8 x i8 -> i32 or f16 x f16 -> f32 operands, got 'f16' x 'f16' -> 'f16'}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xf16, #npuhw.space<sram>>, memref<4608xf16, #npuhw.space<sram>>, memref<1x8x8x32xf16, #npuhw.space<sram>>
  return
}

// -----

// panel_cols is positive.
func.func @conv2d_zero_panel_cols(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a positive 'panel_cols', got 0}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 0}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// The bias has one entry per output channel O, across all groups (here: one
// group's O / groups = 4 of 8).
func.func @conv2d_bias_size(%x: memref<1x8x8x16xf16, #npuhw.space<sram>>, %w: memref<576xf16, #npuhw.space<sram>>, %acc: memref<1x4x4x8xf32, #npuhw.space<sram>>, %b: memref<4xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a bias of 8 x 'f32', got 'memref<4xf32, #npuhw.space<sram>>'}}
  npuhw.conv2d %x, %w, %acc bias(%b) {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, groups = 2, panel_cols = 4}
      : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<576xf16, #npuhw.space<sram>>, memref<1x4x4x8xf32, #npuhw.space<sram>>, memref<4xf32, #npuhw.space<sram>>
  return
}

// -----

// The bias has the accumulator's element type (here: i8 for an i32 acc).
func.func @conv2d_bias_type(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>, %b: memref<32xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a bias of 32 x 'i32', got 'memref<32xi8, #npuhw.space<sram>>'}}
  npuhw.conv2d %x, %w, %acc bias(%b) {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>, memref<32xi8, #npuhw.space<sram>>
  return
}

// -----

// ODS: `groups` is a required attribute.
func.func @conv2d_missing_groups(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{requires attribute 'groups'}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, panel_cols = 32}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

// ODS: `panel_cols` is a required attribute.
func.func @conv2d_missing_panel_cols(%x: memref<1x10x10x16xi8, #npuhw.space<sram>>, %w: memref<4608xi8, #npuhw.space<sram>>, %acc: memref<1x8x8x32xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{requires attribute 'panel_cols'}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : memref<1x10x10x16xi8, #npuhw.space<sram>>, memref<4608xi8, #npuhw.space<sram>>, memref<1x8x8x32xi32, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.requant
//===----------------------------------------------------------------------===//

// The vector engine reads the accumulator from SRAM.
func.func @requant_acc_in_dram(%acc: memref<16x4xi32, #npuhw.space<dram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects acc in SRAM (#npuhw.space<sram>)}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<dram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// The multiplier table is read from SRAM too.
func.func @requant_table_in_dram(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<dram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects table in SRAM (#npuhw.space<sram>)}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<dram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// The vector engine writes the output to SRAM.
func.func @requant_output_in_dram(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<dram>>) {
  // expected-error @+1 {{expects output in SRAM (#npuhw.space<sram>)}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<dram>>
  return
}

// -----

// Requantization reads i32.
func.func @requant_f32_acc(%acc: memref<16x4xf32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{requantizes i32 to i8, got 'f32' to 'i8'}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xf32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// Requantization writes i8.
func.func @requant_i16_output(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi16, #npuhw.space<sram>>) {
  // expected-error @+1 {{requantizes i32 to i8, got 'i32' to 'i16'}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi16, #npuhw.space<sram>>
  return
}

// -----

// Accumulator and output have the same shape.
func.func @requant_shape_mismatch(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x8xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects acc and output of the same shape, got 16x4 and 16x8}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x8xi8, #npuhw.space<sram>>
  return
}

// -----

// A per-channel table has one multiplier and one shift per innermost channel.
func.func @requant_per_channel_count(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<6xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a table of i32 multipliers then shifts, one pair per tensor (2) or per channel (8), got 'memref<6xi32, #npuhw.space<sram>>'}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<6xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// Table entries are i32.
func.func @requant_table_i64(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi64, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a table of i32 multipliers then shifts, one pair per tensor (2) or per channel (8), got 'memref<8xi64, #npuhw.space<sram>>'}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi64, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// The table is a vector.
func.func @requant_table_2d(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<2x4xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a table of i32 multipliers then shifts, one pair per tensor (2) or per channel (8), got 'memref<2x4xi32, #npuhw.space<sram>>'}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<2x4xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// The clamp range is not empty.
func.func @requant_empty_clamp(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects -128 <= clamp_min <= clamp_max <= 127, got [10, 5]}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = 10 : i32, clamp_max = 5 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// clamp_min is within i8.
func.func @requant_clamp_min_below_i8(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects -128 <= clamp_min <= clamp_max <= 127, got [-129, 127]}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = -129 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// clamp_max is within i8.
func.func @requant_clamp_max_above_i8(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects -128 <= clamp_min <= clamp_max <= 127, got [0, 128]}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i32, clamp_min = 0 : i32, clamp_max = 128 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// The output zero point is at most 127.
func.func @requant_zero_point_above_i8(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{has output zero point 128 outside i8}}
  npuhw.requant %acc, %table, %out {output_zero_point = 128 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// The output zero point is at least -128.
func.func @requant_zero_point_below_i8(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{has output zero point -129 outside i8}}
  npuhw.requant %acc, %table, %out {output_zero_point = -129 : i32, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

// ODS: the zero point is an i32 attribute.
func.func @requant_i64_zero_point(%acc: memref<16x4xi32, #npuhw.space<sram>>, %table: memref<8xi32, #npuhw.space<sram>>, %out: memref<16x4xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{attribute 'output_zero_point' failed to satisfy constraint: 32-bit signless integer attribute}}
  npuhw.requant %acc, %table, %out {output_zero_point = 0 : i64, clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<16x4xi32, #npuhw.space<sram>>, memref<8xi32, #npuhw.space<sram>>, memref<16x4xi8, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.elementwise
//===----------------------------------------------------------------------===//

// The vector engine reads both inputs from SRAM.
func.func @elementwise_rhs_in_dram(%a: memref<4x64xf16, #npuhw.space<sram>>, %b: memref<4x64xf16, #npuhw.space<dram>>, %c: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects rhs in SRAM (#npuhw.space<sram>)}}
  npuhw.elementwise add %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<dram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Vector-engine tiles are statically shaped.
func.func @elementwise_dynamic_output(%a: memref<4x64xf16, #npuhw.space<sram>>, %b: memref<4x64xf16, #npuhw.space<sram>>, %c: memref<4x?xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects output to be statically shaped}}
  npuhw.elementwise mul %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x?xf16, #npuhw.space<sram>>
  return
}

// -----

// A smaller rhs repeats along lhs only if its element count divides lhs's
// (here: 48 into 256).
func.func @elementwise_rhs_not_dividing(%a: memref<4x64xf16, #npuhw.space<sram>>, %b: memref<1x48xf16, #npuhw.space<sram>>, %c: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects rhs to repeat along lhs, but its 48 elements do not divide 256}}
  npuhw.elementwise sub %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<1x48xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// rhs is never larger than lhs: the output has lhs's shape.
func.func @elementwise_rhs_larger(%a: memref<4x64xf16, #npuhw.space<sram>>, %b: memref<8x64xf16, #npuhw.space<sram>>, %c: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects rhs to repeat along lhs, but its 512 elements do not divide 256}}
  npuhw.elementwise add %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<8x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// A repeating rhs still has lhs's element type.
func.func @elementwise_repeating_rhs_type(%a: memref<1x4x4x32xf16, #npuhw.space<sram>>, %b: memref<32xf32, #npuhw.space<sram>>, %c: memref<1x4x4x32xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs and rhs of the same element type, got 'f16' and 'f32'}}
  npuhw.elementwise add %a, %b, %c : memref<1x4x4x32xf16, #npuhw.space<sram>>, memref<32xf32, #npuhw.space<sram>>, memref<1x4x4x32xf16, #npuhw.space<sram>>
  return
}

// -----

// lhs and rhs have the same element type.
func.func @elementwise_operand_types(%a: memref<4x64xf16, #npuhw.space<sram>>, %b: memref<4x64xf32, #npuhw.space<sram>>, %c: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs and rhs of the same element type, got 'f16' and 'f32'}}
  npuhw.elementwise div %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf32, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// The output has lhs's shape.
func.func @elementwise_output_shape(%a: memref<4x64xf16, #npuhw.space<sram>>, %b: memref<4x64xf16, #npuhw.space<sram>>, %c: memref<64x4xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs and output of the same shape, got 4x64 and 64x4}}
  npuhw.elementwise max %a, %b, %c : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<64x4xf16, #npuhw.space<sram>>
  return
}

// -----

// The output has lhs's element type.
func.func @elementwise_output_type(%a: memref<256xi8, #npuhw.space<sram>>, %b: memref<256xi8, #npuhw.space<sram>>, %c: memref<256xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs and output of the same element type, got 'i8' and 'i32'}}
  npuhw.elementwise min %a, %b, %c : memref<256xi8, #npuhw.space<sram>>, memref<256xi8, #npuhw.space<sram>>, memref<256xi32, #npuhw.space<sram>>
  return
}

// -----

// ODS: the kind is one of the vector engine's binary functions.
func.func @elementwise_unknown_kind(%a: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [add, sub, mul, div, max, min, pow]}}
  npuhw.elementwise mod %a, %a, %a : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.activation
//===----------------------------------------------------------------------===//

// The vector engine reads its input from SRAM.
func.func @activation_input_in_dram(%x: memref<4x64xf16, #npuhw.space<dram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input in SRAM (#npuhw.space<sram>)}}
  npuhw.activation relu %x, %y : memref<4x64xf16, #npuhw.space<dram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Input and output have the same shape.
func.func @activation_shape_mismatch(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<256xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input and output of the same shape, got 4x64 and 256}}
  npuhw.activation tanh %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<256xf16, #npuhw.space<sram>>
  return
}

// -----

// The output converts only between float types (here: f16 to i8, which is
// a quantization, not an activation).
func.func @activation_float_to_int(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{converts only between float types, got 'f16' to 'i8'}}
  npuhw.activation copy %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// The output converts only between float types (here: i8 to f16).
func.func @activation_int_to_float(%x: memref<4x64xi8, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{converts only between float types, got 'i8' to 'f16'}}
  npuhw.activation relu %x, %y : memref<4x64xi8, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// The output converts only between float types (here: i32 to i8, which is
// npuhw.requant's job).
func.func @activation_int_to_int(%x: memref<4x64xi32, #npuhw.space<sram>>, %y: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{converts only between float types, got 'i32' to 'i8'}}
  npuhw.activation copy %x, %y : memref<4x64xi32, #npuhw.space<sram>>, memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// Quantization maps a float tile to i8.
func.func @activation_quantize_to_i32(%x: memref<64xf32, #npuhw.space<sram>>, %y: memref<64xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{quantizes f16 or f32 to i8, got 'f32' to 'i32'}}
  npuhw.activation quantize %x, %y {alpha = 0.5 : f32, beta = 0.0 : f32} : memref<64xf32, #npuhw.space<sram>>, memref<64xi32, #npuhw.space<sram>>
  return
}

// -----

// Dequantization maps i8 to a float tile.
func.func @activation_dequantize_from_f16(%x: memref<64xf16, #npuhw.space<sram>>, %y: memref<64xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{dequantizes i8 to f16 or f32, got 'f16' to 'f32'}}
  npuhw.activation dequantize %x, %y {alpha = 0.5 : f32, beta = 0.0 : f32} : memref<64xf16, #npuhw.space<sram>>, memref<64xf32, #npuhw.space<sram>>
  return
}

// -----

// (De)quantization needs its scale and zero point.
func.func @activation_quantize_without_zero_point(%x: memref<64xf32, #npuhw.space<sram>>, %y: memref<64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{'quantize' takes alpha and beta}}
  npuhw.activation quantize %x, %y {alpha = 0.5 : f32} : memref<64xf32, #npuhw.space<sram>>, memref<64xi8, #npuhw.space<sram>>
  return
}

// -----

// The scale is positive.
func.func @activation_quantize_zero_scale(%x: memref<64xf32, #npuhw.space<sram>>, %y: memref<64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{has scale (alpha) 0.000000e+00; it must be positive and finite}}
  npuhw.activation quantize %x, %y {alpha = 0.0 : f32, beta = 0.0 : f32} : memref<64xf32, #npuhw.space<sram>>, memref<64xi8, #npuhw.space<sram>>
  return
}

// -----

// The zero point is an int8 integer.
func.func @activation_dequantize_fractional_zero_point(%x: memref<64xi8, #npuhw.space<sram>>, %y: memref<64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{has zero point (beta) 1.500000e+00; it must be an integer in [-128, 127]}}
  npuhw.activation dequantize %x, %y {alpha = 0.5 : f32, beta = 1.5 : f32} : memref<64xi8, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>
  return
}

// -----

// A converting activation keeps the shape.
func.func @activation_convert_shape_mismatch(%x: memref<8x64xf32, #npuhw.space<sram>>, %y: memref<512xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input and output of the same shape, got 8x64 and 512}}
  npuhw.activation copy %x, %y : memref<8x64xf32, #npuhw.space<sram>>, memref<512xf16, #npuhw.space<sram>>
  return
}

// -----

// copy takes no parameters.
func.func @activation_copy_with_alpha(%x: memref<8x64xf32, #npuhw.space<sram>>, %y: memref<8x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'copy' takes neither alpha nor beta}}
  npuhw.activation copy %x, %y {alpha = 1.0 : f32} : memref<8x64xf32, #npuhw.space<sram>>, memref<8x64xf16, #npuhw.space<sram>>
  return
}

// -----

// clip takes both bounds (here: beta missing).
func.func @activation_clip_without_beta(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'clip' takes alpha and beta}}
  npuhw.activation clip %x, %y {alpha = 0.0 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// hard_sigmoid takes alpha and beta (here: alpha missing).
func.func @activation_hard_sigmoid_without_alpha(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'hard_sigmoid' takes alpha and beta}}
  npuhw.activation hard_sigmoid %x, %y {beta = 0.5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// leaky_relu takes its slope alpha.
func.func @activation_leaky_relu_without_alpha(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'leaky_relu' takes alpha only}}
  npuhw.activation leaky_relu %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// leaky_relu takes no beta.
func.func @activation_leaky_relu_with_beta(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'leaky_relu' takes alpha only}}
  npuhw.activation leaky_relu %x, %y {alpha = 0.125 : f32, beta = 1.0 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// relu takes no parameters (here: alpha given).
func.func @activation_relu_with_alpha(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'relu' takes neither alpha nor beta}}
  npuhw.activation relu %x, %y {alpha = 0.0 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// gelu_tanh takes no parameters (here: beta given).
func.func @activation_gelu_with_beta(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'gelu_tanh' takes neither alpha nor beta}}
  npuhw.activation gelu_tanh %x, %y {beta = 1.0 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// clip's range [alpha, beta] is not empty.
func.func @activation_clip_empty_range(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{clips to an empty range [6.000000e+00, 0.000000e+00]}}
  npuhw.activation clip %x, %y {alpha = 6.0 : f32, beta = 0.0 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// ODS: alpha is an f32 attribute.
func.func @activation_f64_alpha(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  npuhw.activation leaky_relu %x, %y {alpha = 0.125 : f64} : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.pool
//===----------------------------------------------------------------------===//

// The vector engine writes its output to SRAM.
func.func @pool_output_in_dram(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<dram>>) {
  // expected-error @+1 {{expects output in SRAM (#npuhw.space<sram>)}}
  npuhw.pool max %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<dram>>
  return
}

// -----

// Pooling tiles are rank-4 NHWC.
func.func @pool_input_rank_3(%x: memref<8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input of rank 4 (NHWC), got 'memref<8x8x16xi8, #npuhw.space<sram>>'}}
  npuhw.pool max %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  return
}

// -----

// `kernel` has one entry per spatial dimension.
func.func @pool_kernel_length(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects 'kernel' to have 2 entries, got 1}}
  npuhw.pool max %x, %y {kernel = array<i64: 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  return
}

// -----

// Kernel sizes are at least 1.
func.func @pool_zero_kernel(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects every 'kernel' entry to be at least 1, got 0}}
  npuhw.pool max %x, %y {kernel = array<i64: 0, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  return
}

// -----

// `strides` has one entry per spatial dimension.
func.func @pool_strides_length(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects 'strides' to have 2 entries, got 3}}
  npuhw.pool avg %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  return
}

// -----

// Strides are at least 1.
func.func @pool_negative_stride(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects every 'strides' entry to be at least 1, got -2}}
  npuhw.pool avg %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, -2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  return
}

// -----

// `pads` is [top, left, bottom, right].
func.func @pool_pads_length(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects 'pads' to have 4 entries, got 5}}
  npuhw.pool max %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  return
}

// -----

// Pads are non-negative.
func.func @pool_negative_pad(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects every 'pads' entry to be at least 0, got -1}}
  npuhw.pool max %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, -1, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xi8, #npuhw.space<sram>>
  return
}

// -----

// The output has the window's output size.
func.func @pool_output_spatial(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x8x8x16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects an output of shape 1x4x4x16, got 1x8x8x16}}
  npuhw.pool max %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x8x8x16xi8, #npuhw.space<sram>>
  return
}

// -----

// Pooling keeps the batch and the channels.
func.func @pool_output_channels(%x: memref<1x8x8x16xf16, #npuhw.space<sram>>, %y: memref<1x8x8x8xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects an output of shape 1x8x8x16, got 1x8x8x8}}
  npuhw.pool avg %x, %y {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
      : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<1x8x8x8xf16, #npuhw.space<sram>>
  return
}

// -----

// Pooling does not convert element types.
func.func @pool_element_type(%x: memref<1x8x8x16xi8, #npuhw.space<sram>>, %y: memref<1x4x4x16xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input and output of the same element type}}
  npuhw.pool avg %x, %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
      : memref<1x8x8x16xi8, #npuhw.space<sram>>, memref<1x4x4x16xf16, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.softmax
//===----------------------------------------------------------------------===//

// The vector engine reads its input from SRAM.
func.func @softmax_input_in_dram(%x: memref<4x64xf16, #npuhw.space<dram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input in SRAM (#npuhw.space<sram>)}}
  npuhw.softmax %x, %y : memref<4x64xf16, #npuhw.space<dram>>, memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Input and output have the same shape.
func.func @softmax_shape_mismatch(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x32xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input and output of the same shape, got 4x64 and 4x32}}
  npuhw.softmax %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x32xf16, #npuhw.space<sram>>
  return
}

// -----

// Input and output have the same element type.
func.func @softmax_type_mismatch(%x: memref<4x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input and output of the same element type, got 'f16' and 'f32'}}
  npuhw.softmax %x, %y : memref<4x64xf16, #npuhw.space<sram>>, memref<4x64xf32, #npuhw.space<sram>>
  return
}

// -----

// Softmax runs in floating point, not on quantized integers.
func.func @softmax_integer(%x: memref<4x64xi8, #npuhw.space<sram>>, %y: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{computes softmax in floating point; got 'i8' (dequantize to f16 first)}}
  npuhw.softmax %x, %y : memref<4x64xi8, #npuhw.space<sram>>, memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.norm
//===----------------------------------------------------------------------===//

// The scale is read from SRAM.
func.func @norm_scale_in_dram(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<dram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects scale in SRAM (#npuhw.space<sram>)}}
  npuhw.norm layer %x, %s -> %y {epsilon = 1.0e-5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<dram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// The bias, when present, is read from SRAM.
func.func @norm_bias_in_dram(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %b: memref<64xf16, #npuhw.space<dram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects bias in SRAM (#npuhw.space<sram>)}}
  npuhw.norm layer %x, %s, %b -> %y {epsilon = 1.0e-5 : f32}
      : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<dram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Input and output have the same shape.
func.func @norm_shape_mismatch(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %y: memref<2x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input and output of the same shape, got 4x64 and 2x64}}
  npuhw.norm rms %x, %s -> %y {epsilon = 1.0e-5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<2x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Input and output have the same element type.
func.func @norm_type_mismatch(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %y: memref<4x64xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects input and output of the same element type, got 'f16' and 'f32'}}
  npuhw.norm rms %x, %s -> %y {epsilon = 1.0e-5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf32, #npuhw.space<sram>>
  return
}

// -----

// Normalisation runs in floating point.
func.func @norm_integer(%x: memref<4x64xi8, #npuhw.space<sram>>, %s: memref<64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{normalises a float tile of rank >= 1, got 'memref<4x64xi8, #npuhw.space<sram>>'}}
  npuhw.norm layer %x, %s -> %x {epsilon = 1.0e-5 : f32} : memref<4x64xi8, #npuhw.space<sram>>, memref<64xi8, #npuhw.space<sram>> -> memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// A rank-0 tile has no innermost dimension to normalise over.
func.func @norm_rank_0(%x: memref<f16, #npuhw.space<sram>>, %s: memref<1xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{normalises a float tile of rank >= 1, got 'memref<f16, #npuhw.space<sram>>'}}
  npuhw.norm rms %x, %s -> %x {epsilon = 1.0e-5 : f32} : memref<f16, #npuhw.space<sram>>, memref<1xf16, #npuhw.space<sram>> -> memref<f16, #npuhw.space<sram>>
  return
}

// -----

// The scale has one entry per innermost channel.
func.func @norm_scale_length(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<4xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects scale of shape 64, got 'memref<4xf16, #npuhw.space<sram>>'}}
  npuhw.norm layer %x, %s -> %y {epsilon = 1.0e-5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<4xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// The scale is rank-1 (not broadcast from the input's shape).
func.func @norm_scale_rank_2(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<1x64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects scale of shape 64, got 'memref<1x64xf16, #npuhw.space<sram>>'}}
  npuhw.norm rms %x, %s -> %y {epsilon = 1.0e-5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<1x64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// The bias has one entry per innermost channel.
func.func @norm_bias_length(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %b: memref<32xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects bias of shape 64, got 'memref<32xf16, #npuhw.space<sram>>'}}
  npuhw.norm layer %x, %s, %b -> %y {epsilon = 1.0e-5 : f32}
      : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>, memref<32xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// RMS norm has no bias.
func.func @norm_rms_with_bias(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %b: memref<64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{'rms' takes no bias}}
  npuhw.norm rms %x, %s, %b -> %y {epsilon = 1.0e-5 : f32}
      : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Epsilon is positive (here: zero).
func.func @norm_zero_epsilon(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a positive epsilon}}
  npuhw.norm layer %x, %s -> %y {epsilon = 0.0 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Epsilon is positive (here: negative).
func.func @norm_negative_epsilon(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a positive epsilon}}
  npuhw.norm rms %x, %s -> %y {epsilon = -1.0e-6 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// Epsilon is positive (here: NaN, which compares false).
func.func @norm_nan_epsilon(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a positive epsilon}}
  npuhw.norm layer %x, %s -> %y {epsilon = 0x7FC00000 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// ODS: epsilon is a required attribute.
func.func @norm_missing_epsilon(%x: memref<4x64xf16, #npuhw.space<sram>>, %s: memref<64xf16, #npuhw.space<sram>>, %y: memref<4x64xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{requires attribute 'epsilon'}}
  npuhw.norm layer %x, %s -> %y : memref<4x64xf16, #npuhw.space<sram>>, memref<64xf16, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// npuhw.signal / npuhw.wait
//===----------------------------------------------------------------------===//

// Semaphore ids are non-negative (signal).
// Semaphore ids are non-negative.
func.func @signal_negative_semaphore() {
  // expected-error @+1 {{names semaphore -1; ids are non-negative}}
  npuhw.signal vector, -1
  return
}

// -----

// Semaphore ids are non-negative (wait).
// Semaphore ids are non-negative.
func.func @wait_negative_semaphore() {
  // expected-error @+1 {{names semaphore -3; ids are non-negative}}
  npuhw.wait dma, -3
  return
}

// -----

// ODS: the engine is one of dma, matrix and vector.
func.func @signal_unknown_engine() {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'engine' [dma, matrix, vector]}}
  npuhw.signal scalar, 0
  return
}

// -----

// ODS: `channel` is a 64-bit integer attribute (signal).
func.func @signal_float_channel() {
  // expected-error @+1 {{attribute 'channel' failed to satisfy constraint: 64-bit signless integer attribute}}
  npuhw.signal dma, 0 {channel = 1.0 : f32}
  return
}

// -----

// ODS: `channel` is a 64-bit integer attribute (wait).
func.func @wait_i32_channel() {
  // expected-error @+1 {{attribute 'channel' failed to satisfy constraint: 64-bit signless integer attribute}}
  npuhw.wait dma, 0 {channel = 1 : i32}
  return
}

// -----

// DMA descriptors encode static shapes.
func.func @dma_dynamic_shape(%src: memref<?x64xi8, #npuhw.space<dram>>, %dst: memref<?x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects source to be statically shaped}}
  npuhw.dma %src -> %dst {channel = 0} : memref<?x64xi8, #npuhw.space<dram>> -> memref<?x64xi8, #npuhw.space<sram>>
  return
}

// -----

// DMA descriptors encode static strides and offsets.
func.func @dma_dynamic_strides(%src: memref<4x64xi8, strided<[?, 1], offset: ?>, #npuhw.space<dram>>, %dst: memref<4x64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects the source to have static strides and offset}}
  npuhw.dma %src -> %dst {channel = 0} : memref<4x64xi8, strided<[?, 1], offset: ?>, #npuhw.space<dram>> -> memref<4x64xi8, #npuhw.space<sram>>
  return
}

// -----

// Compute engines take contiguous tiles; strided views go through DMA.
func.func @matmul_strided_operand(%a: memref<16x32xi8, strided<[256, 1]>, #npuhw.space<sram>>, %b: memref<512xi8, #npuhw.space<sram>>, %c: memref<16x16xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs to be a contiguous tile (row-major strides)}}
  npuhw.matmul %a, %b, %c {panel_cols = 16} : memref<16x32xi8, strided<[256, 1]>, #npuhw.space<sram>>, memref<512xi8, #npuhw.space<sram>>, memref<16x16xi32, #npuhw.space<sram>>
  return
}

// -----

// Tiles have no empty dimension.
func.func @elementwise_empty(%a: memref<0x16xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects lhs to have no empty dimension}}
  npuhw.elementwise add %a, %a, %a : memref<0x16xf16, #npuhw.space<sram>>, memref<0x16xf16, #npuhw.space<sram>>, memref<0x16xf16, #npuhw.space<sram>>
  return
}

// -----

// A convolution window fits the padded input tile.
func.func @conv_window_too_large(%in: memref<1x2x2x8xi8, #npuhw.space<sram>>, %w: memref<288xi8, #npuhw.space<sram>>, %acc: memref<1x1x1x4xi32, #npuhw.space<sram>>) {
  // expected-error @+1 {{has a filter window larger than the padded input 1x2x2x8}}
  npuhw.conv2d %in, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 4} : memref<1x2x2x8xi8, #npuhw.space<sram>>, memref<288xi8, #npuhw.space<sram>>, memref<1x1x1x4xi32, #npuhw.space<sram>>
  return
}

// -----

// A pooling kernel fits the padded input tile.
func.func @pool_kernel_too_large(%in: memref<1x2x2x8xf16, #npuhw.space<sram>>, %out: memref<1x1x1x8xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{has a kernel larger than the padded input 1x2x2x8}}
  npuhw.pool max %in, %out {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : memref<1x2x2x8xf16, #npuhw.space<sram>>, memref<1x1x1x8xf16, #npuhw.space<sram>>
  return
}

// -----

// No pooling window lies entirely in padding.
func.func @pool_pad_too_large(%in: memref<1x8x8x8xf16, #npuhw.space<sram>>, %out: memref<1x6x5x8xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{pads by at least the kernel size along H}}
  npuhw.pool max %in, %out {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 2, 0, 2, 0>} : memref<1x8x8x8xf16, #npuhw.space<sram>>, memref<1x6x5x8xf16, #npuhw.space<sram>>
  return
}

// -----

// Transcendental functions run in floating point only.
func.func @sigmoid_on_int8(%a: memref<16xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{computes 'sigmoid' in floating point only; got 'i8'}}
  npuhw.activation sigmoid %a, %a : memref<16xi8, #npuhw.space<sram>>, memref<16xi8, #npuhw.space<sram>>
  return
}

// -----

// A NaN clip bound is rejected.
func.func @clip_nan(%a: memref<16xf16, #npuhw.space<sram>>) {
  // expected-error @+1 {{clips to an empty range}}
  npuhw.activation clip %a, %a {alpha = 0x7FC00000 : f32, beta = 6.0 : f32} : memref<16xf16, #npuhw.space<sram>>, memref<16xf16, #npuhw.space<sram>>
  return
}

// -----

// Softmax needs an axis to normalise.
func.func @softmax_rank0(%a: memref<f16, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects a tile of rank >= 1}}
  npuhw.softmax %a, %a : memref<f16, #npuhw.space<sram>>, memref<f16, #npuhw.space<sram>>
  return
}

// -----

// Norm parameters have the input's element type.
func.func @norm_scale_type(%x: memref<4x64xf16, #npuhw.space<sram>>, %g: memref<64xi8, #npuhw.space<sram>>) {
  // expected-error @+1 {{expects scale of element type 'f16', got 'i8'}}
  npuhw.norm layer %x, %g -> %x {epsilon = 1.0e-5 : f32} : memref<4x64xf16, #npuhw.space<sram>>, memref<64xi8, #npuhw.space<sram>> -> memref<4x64xf16, #npuhw.space<sram>>
  return
}

// -----

// A DMA channel is non-negative.
func.func @signal_negative_channel() {
  // expected-error @+1 {{has a negative DMA channel -1}}
  npuhw.signal dma, 0 {channel = -1}
  return
}

// -----

// The matrix and vector engines have one queue each.
func.func @wait_channel_on_vector() {
  // expected-error @+1 {{has channel 2 on the vector engine, which has one queue}}
  npuhw.wait vector, 0 {channel = 2}
  return
}

// -----

// fp16 tiles pad with zeros.
func.func @conv2d_f16_pad_value(%x: memref<1x8x8x16xf16, #npuhw.space<sram>>, %w: memref<4608xf16, #npuhw.space<sram>>, %acc: memref<1x8x8x32xf32, #npuhw.space<sram>>) {
  // expected-error @+1 {{has pad_value 3; it must be an i8 value for int8 tiles and 0 for fp16}}
  npuhw.conv2d %x, %w, %acc {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1, panel_cols = 32, pad_value = 3}
      : memref<1x8x8x16xf16, #npuhw.space<sram>>, memref<4608xf16, #npuhw.space<sram>>, memref<1x8x8x32xf32, #npuhw.space<sram>>
  return
}
