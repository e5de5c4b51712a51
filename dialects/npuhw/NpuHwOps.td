//===- NpuHwOps.td - the tile-level npuhw dialect ----------*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// `npuhw` is the NPU as the command stream sees it: buffers in DRAM or on-chip
// SRAM, and one op per engine command. Tiling lowers `npu` to it; memory
// planning gives every buffer an offset; codegen turns each op into one
// command. Invariants every later stage relies on are verified here: the
// memory space each engine may touch, tile shapes, and the element types the
// engines implement.
//
//===----------------------------------------------------------------------===//

#ifndef NPUHW_OPS_TD
#define NPUHW_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "dialects/npuhw/NpuHwInterfaces.td"

def NpuHw_Dialect : Dialect {
  let name = "npuhw";
  let cppNamespace = "::mlir::npuhw";
  let summary = "Tile-level NPU operations on DRAM and SRAM buffers";
  let description = [{
    Values are memrefs whose memory space is `#npuhw.space<dram>` or
    `#npuhw.space<sram>`. Activations are NHWC here (channels innermost, the
    layout the matrix engine streams); matrix operands are row-major.

    Each op is one command of one engine queue: `npuhw.dma` runs on a DMA
    engine, `npuhw.matmul` and `npuhw.conv2d` on the matrix engine, the other
    compute ops on the vector engine. Queues run in order and in parallel;
    `npuhw.signal` and `npuhw.wait` order them through counting semaphores.
  }];
  let useDefaultAttributePrinterParser = 1;
}

//===----------------------------------------------------------------------===//
// Attributes and enums
//===----------------------------------------------------------------------===//

def NpuHw_MemorySpace : I32EnumAttr<"MemorySpace", "NPU memory", [
    I32EnumAttrCase<"dram", 0>, I32EnumAttrCase<"sram", 1>]> {
  let cppNamespace = "::mlir::npuhw";
  let genSpecializedAttr = 0;
}

def NpuHw_MemorySpaceAttr : EnumAttr<NpuHw_Dialect, NpuHw_MemorySpace, "space"> {
  let summary = "Memory space of an npuhw buffer (a memref memory space)";
  let assemblyFormat = "`<` $value `>`";
}

def NpuHw_Engine : I32EnumAttr<"Engine", "engine whose command queue an op runs on", [
    I32EnumAttrCase<"dma", 0>, I32EnumAttrCase<"matrix", 1>,
    I32EnumAttrCase<"vector", 2>]> {
  let cppNamespace = "::mlir::npuhw";
}

def NpuHw_ElementwiseKind : I32EnumAttr<"ElementwiseKind", "vector-engine binary function", [
    I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>,
    I32EnumAttrCase<"mul", 2>, I32EnumAttrCase<"div", 3>,
    I32EnumAttrCase<"max", 4>, I32EnumAttrCase<"min", 5>,
    I32EnumAttrCase<"pow", 6>]> {
  let cppNamespace = "::mlir::npuhw";
}

def NpuHw_ActivationKind : I32EnumAttr<"ActivationKind", "vector-engine unary function", [
    I32EnumAttrCase<"relu", 0>, I32EnumAttrCase<"clip", 1>,
    I32EnumAttrCase<"leaky_relu", 2>, I32EnumAttrCase<"sigmoid", 3>,
    I32EnumAttrCase<"tanh", 4>, I32EnumAttrCase<"gelu_erf", 5>,
    I32EnumAttrCase<"gelu_tanh", 6>, I32EnumAttrCase<"silu", 7>,
    I32EnumAttrCase<"hard_sigmoid", 8>, I32EnumAttrCase<"hard_swish", 9>,
    I32EnumAttrCase<"exp", 10>, I32EnumAttrCase<"log", 11>,
    I32EnumAttrCase<"sqrt", 12>, I32EnumAttrCase<"rsqrt", 13>,
    I32EnumAttrCase<"reciprocal", 14>, I32EnumAttrCase<"erf", 15>,
    I32EnumAttrCase<"neg", 16>, I32EnumAttrCase<"abs", 17>,
    I32EnumAttrCase<"sin", 18>, I32EnumAttrCase<"cos", 19>,
    I32EnumAttrCase<"copy", 20>, I32EnumAttrCase<"quantize", 21>,
    I32EnumAttrCase<"dequantize", 22>]> {
  let cppNamespace = "::mlir::npuhw";
}

def NpuHw_PoolKind : I32EnumAttr<"PoolKind", "pooling", [
    I32EnumAttrCase<"max", 0>, I32EnumAttrCase<"avg", 1>]> {
  let cppNamespace = "::mlir::npuhw";
}

def NpuHw_NormKind : I32EnumAttr<"NormKind", "normalisation over the innermost dimension", [
    I32EnumAttrCase<"layer", 0>, I32EnumAttrCase<"rms", 1>]> {
  let cppNamespace = "::mlir::npuhw";
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def NpuHw_Buffer : MemRefOf<[AnyFloat, AnySignlessInteger]>;

class NpuHw_Op<string mnemonic, list<Trait> traits = []>
    : Op<NpuHw_Dialect, mnemonic, traits>;

/// An op that becomes one command on `engine`'s queue (dma, matrix, vector;
/// "" for semaphore operations, whose `engine` is an attribute). Its
/// encoding is defined in NpuHwCommands.cpp.
class NpuHw_CommandOp<string mnemonic, string engine, list<Trait> traits = []>
    : NpuHw_Op<mnemonic, !listconcat(traits,
          [DeclareOpInterfaceMethods<NpuHw_CommandOpInterface, ["encode"]>])> {
  let extraClassDeclaration = !if(!empty(engine), "",
      "static constexpr ::mlir::npuhw::Engine kEngine = ::mlir::npuhw::Engine::" # engine # ";");
}

//===----------------------------------------------------------------------===//
// Buffers and data movement
//===----------------------------------------------------------------------===//

def NpuHw_AllocOp : NpuHw_Op<"alloc", [MemoryEffects<[MemAlloc]>]> {
  let summary = "A statically shaped buffer in DRAM or SRAM";
  let description = [{
    Memory planning fills in `offset`, the buffer's byte offset in its
    memory; until then it is absent.

    ```mlir
    %tile = npuhw.alloc {offset = 4096} : memref<1x8x56x64xi8, #npuhw.space<sram>>
    ```
  }];
  let arguments = (ins OptionalAttr<I64Attr>:$offset);
  let results = (outs Res<NpuHw_Buffer, "", [MemAlloc]>:$buffer);
  let assemblyFormat = "attr-dict `:` type($buffer)";
  let hasVerifier = 1;
}

def NpuHw_DmaOp : NpuHw_CommandOp<"dma", "dma"> {
  let summary = "Strided copy between DRAM and SRAM (or within SRAM)";
  let description = [{
    Copies `source` into `target` on DMA engine `channel`. Both may be strided
    views (`memref.subview`, `memref.reinterpret_cast`) of rank 1 to 4 whose
    innermost dimension is contiguous: one descriptor moves up to three
    dimensions of rows of contiguous bytes. A view of rank 1 to 3 may also
    have a strided innermost dimension; then every element is a row (a
    layout transpose). A DRAM-to-DRAM copy is not an NPU command.
  }];
  let arguments = (ins Arg<NpuHw_Buffer, "", [MemRead]>:$source,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$target,
                       I64Attr:$channel);
  let assemblyFormat = [{
    $source `->` $target attr-dict `:` type($source) `->` type($target)
  }];
  let extraClassDeclaration = [{
    static constexpr ::mlir::npuhw::Engine kEngine = ::mlir::npuhw::Engine::dma;
    int64_t getEngineChannel() { return getChannel(); }
  }];
  let hasVerifier = 1;
}

def NpuHw_GatherOp : NpuHw_CommandOp<"gather", "dma"> {
  let summary = "Copy of table rows at run-time indices (an embedding lookup)";
  let description = [{
    Row `r` of `target` (`[count, width]`) becomes row `indices[r]` of
    `table` (`[rows, width]`) on DMA engine `channel`. `indices` is a
    contiguous rank-1 SRAM tile of `count` i32 or i64 values; a negative index
    counts from the end, as in ONNX, and any other index outside the table
    is a run-time fault, never a read of other data. `table` and `target`
    are views with contiguous rows, not both in DRAM. ISA 1.1 (`gather`).

    ```mlir
    npuhw.gather %table[%ids] -> %rows {channel = 0 : i64}
      : memref<1000x256xf16, #npuhw.space<dram>>, memref<128xi64, #npuhw.space<sram>>
        -> memref<128x256xf16, #npuhw.space<sram>>
    ```
  }];
  let arguments = (ins Arg<NpuHw_Buffer, "", [MemRead]>:$table,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$indices,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$target,
                       I64Attr:$channel);
  let assemblyFormat = [{
    $table `[` $indices `]` `->` $target attr-dict `:` type($table) `,`
    type($indices) `->` type($target)
  }];
  let extraClassDeclaration = [{
    static constexpr ::mlir::npuhw::Engine kEngine = ::mlir::npuhw::Engine::dma;
    int64_t getEngineChannel() { return getChannel(); }
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Matrix engine
//===----------------------------------------------------------------------===//

def NpuHw_MatMulOp : NpuHw_CommandOp<"matmul", "matrix"> {
  let summary = "Matrix-engine tile product `acc (+)= lhs x rhs (+ bias)`";
  let description = [{
    `lhs` is `[M, K]` and `acc` `[M, N]`, row-major; `rhs` is the `[K, N]`
    right operand packed in panels of `panel_cols` columns (docs/isa.md,
    "Weights"): `i8 x i8 -> i32` or `f16 x f16 -> f32`. The optional `bias`
    (`[N]`, the accumulator type) is added once per row. With `accumulate`
    the product adds to `acc` (a K-split tile); without it, it overwrites
    `acc`. All operands are SRAM tiles.

    ```mlir
    npuhw.matmul %a, %b_packed, %c bias(%bias) {panel_cols = 32 : i64}
      : memref<1x512xf16, #npuhw.space<sram>>, memref<16384xf16, #npuhw.space<sram>>,
        memref<1x32xf32, #npuhw.space<sram>>, memref<32xf32, #npuhw.space<sram>>
    ```
  }];
  let arguments = (ins Arg<NpuHw_Buffer, "", [MemRead]>:$lhs,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$rhs,
                       Arg<NpuHw_Buffer, "", [MemRead, MemWrite]>:$acc,
                       Arg<Optional<NpuHw_Buffer>, "", [MemRead]>:$bias,
                       I64Attr:$panel_cols, UnitAttr:$accumulate);
  let assemblyFormat = [{
    $lhs `,` $rhs `,` $acc (`bias` `(` $bias^ `)`)? attr-dict `:` type($lhs) `,`
    type($rhs) `,` type($acc) (`,` type($bias)^)?
  }];
  let hasVerifier = 1;
}

def NpuHw_Conv2DOp : NpuHw_CommandOp<"conv2d", "matrix"> {
  let summary = "Matrix-engine convolution tile (NHWC input, packed filter)";
  let description = [{
    `input` is `[N, H, W, C]` (the tile including its halo) and `acc`
    `[N, OH, OW, O]`. `filter` holds one packed `[kH * kW * C / groups,
    O / groups]` matrix per group, rows in `(kh, kw, c)` order, in panels of
    `panel_cols` columns (docs/isa.md, "Weights"). `pads` (`[top, left,
    bottom, right]`) are the `pad_value`s this tile adds at the image border.
    The optional `bias` (`[O]`, accumulator type) is added to every output
    pixel. Element types as for `npuhw.matmul`; all operands in SRAM.
  }];
  let arguments = (ins Arg<NpuHw_Buffer, "", [MemRead]>:$input,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$filter,
                       Arg<NpuHw_Buffer, "", [MemRead, MemWrite]>:$acc,
                       Arg<Optional<NpuHw_Buffer>, "", [MemRead]>:$bias,
                       DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$groups,
                       I64Attr:$panel_cols,
                       DefaultValuedAttr<I64Attr, "0">:$pad_value,
                       UnitAttr:$accumulate);
  let assemblyFormat = [{
    $input `,` $filter `,` $acc (`bias` `(` $bias^ `)`)? attr-dict `:`
    type($input) `,` type($filter) `,` type($acc) (`,` type($bias)^)?
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Vector engine
//===----------------------------------------------------------------------===//

def NpuHw_RequantOp : NpuHw_CommandOp<"requant", "vector"> {
  let summary = "Integer-only requantization of an i32 accumulator to i8";
  let description = [{
    `out = clamp(round_half_even(acc * multiplier / 2^(31 + shift)) +
    output_zero_point, clamp_min, clamp_max)` with Q31 fixed-point
    multipliers. `table` is the SRAM table the command reads: `C` i32
    multipliers, then `C` i32 shifts, with `C` = 1 (per tensor) or the
    innermost dimension of `acc` (per channel). The rounding is specified in
    docs/numerics.md; a fused activation is the narrower clamp.

    ```mlir
    npuhw.requant %acc, %table, %out {output_zero_point = -128 : i32,
                                      clamp_min = -128 : i32, clamp_max = 127 : i32}
      : memref<1x4x56x64xi32, #npuhw.space<sram>>, memref<128xi32, #npuhw.space<sram>>,
        memref<1x4x56x64xi8, #npuhw.space<sram>>
    ```
  }];
  let arguments = (ins Arg<NpuHw_Buffer, "", [MemRead]>:$acc,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$table,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$output,
                       I32Attr:$output_zero_point, I32Attr:$clamp_min,
                       I32Attr:$clamp_max);
  let assemblyFormat = [{
    $acc `,` $table `,` $output attr-dict `:` type($acc) `,` type($table) `,` type($output)
  }];
  let hasVerifier = 1;
}

def NpuHw_ElementwiseOp : NpuHw_CommandOp<"elementwise", "vector"> {
  let summary = "Vector-engine binary op; the right operand may repeat";
  let description = [{
    `output[i] = kind(lhs[i], rhs[i % size(rhs)])`: `rhs` is either shaped
    like `lhs` or a period that repeats along it (a per-channel bias of an
    NHWC tile, a scalar). `lhs`, `rhs` and `output` share one element type.
  }];
  let arguments = (ins NpuHw_ElementwiseKind:$kind,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$lhs,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$rhs,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$output);
  let assemblyFormat = [{
    $kind $lhs `,` $rhs `,` $output attr-dict `:` type($lhs) `,` type($rhs) `,` type($output)
  }];
  let hasVerifier = 1;
}

def NpuHw_ActivationOp : NpuHw_CommandOp<"activation", "vector"> {
  let summary = "Vector-engine unary function; converts between float types and int8";
  let description = [{
    `clip` takes `alpha` = min and `beta` = max; `leaky_relu` takes `alpha`;
    `hard_sigmoid` takes `alpha` and `beta`; the other kinds take neither.
    The output may have another float type than the input: `copy` from an
    f32 accumulator to f16 is the write-back of a matrix tile, and `clip`
    on the way is a fused activation. `quantize` (f16/f32 to i8) and
    `dequantize` (i8 to f16/f32) take `alpha` = scale and `beta` = zero
    point, with the reference interpreter's rounding (docs/numerics.md):
    they are the borders of int8 regions.
  }];
  let arguments = (ins NpuHw_ActivationKind:$kind,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$input,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$output,
                       OptionalAttr<F32Attr>:$alpha, OptionalAttr<F32Attr>:$beta);
  let assemblyFormat = [{
    $kind $input `,` $output attr-dict `:` type($input) `,` type($output)
  }];
  let hasVerifier = 1;
}

def NpuHw_PoolOp : NpuHw_CommandOp<"pool", "vector"> {
  let summary = "Vector-engine 2-D pooling tile (NHWC)";
  let arguments = (ins NpuHw_PoolKind:$kind,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$input,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$output,
                       DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pads);
  let assemblyFormat = [{
    $kind $input `,` $output attr-dict `:` type($input) `,` type($output)
  }];
  let hasVerifier = 1;
}

def NpuHw_SoftmaxOp : NpuHw_CommandOp<"softmax", "vector"> {
  let summary = "Vector-engine softmax over the innermost dimension";
  let arguments = (ins Arg<NpuHw_Buffer, "", [MemRead]>:$input,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$output);
  let assemblyFormat = [{
    $input `,` $output attr-dict `:` type($input) `,` type($output)
  }];
  let hasVerifier = 1;
}

def NpuHw_NormOp : NpuHw_CommandOp<"norm", "vector"> {
  let summary = "Vector-engine layer or RMS norm over the innermost dimension";
  let arguments = (ins NpuHw_NormKind:$kind,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$input,
                       Arg<NpuHw_Buffer, "", [MemRead]>:$scale,
                       Arg<Optional<NpuHw_Buffer>, "", [MemRead]>:$bias,
                       Arg<NpuHw_Buffer, "", [MemWrite]>:$output,
                       F32Attr:$epsilon);
  let assemblyFormat = [{
    $kind $input `,` $scale (`,` $bias^)? `->` $output attr-dict `:`
    type($input) `,` type($scale) (`,` type($bias)^)? `->` type($output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Synchronisation between engine queues
//===----------------------------------------------------------------------===//

def NpuHw_SignalOp : NpuHw_CommandOp<"signal", "", [MemoryEffects<[MemWrite]>]> {
  let summary = "Increment semaphore `semaphore` from `engine`'s queue";
  let description = [{
    `channel` picks the DMA engine's queue when `engine` is `dma`.
  }];
  let arguments = (ins NpuHw_Engine:$engine, I64Attr:$semaphore,
                       DefaultValuedAttr<I64Attr, "0">:$channel);
  let assemblyFormat = "$engine `,` $semaphore attr-dict";
  let extraClassDeclaration = [{
    int64_t getEngineChannel() { return getChannel(); }
    bool isSynchronization() { return true; }
  }];
  let hasVerifier = 1;
}

def NpuHw_WaitOp : NpuHw_CommandOp<"wait", "", [MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "Block `engine`'s queue until `semaphore` is positive, then decrement it";
  let description = [{
    `channel` picks the DMA engine's queue when `engine` is `dma`.
  }];
  let arguments = (ins NpuHw_Engine:$engine, I64Attr:$semaphore,
                       DefaultValuedAttr<I64Attr, "0">:$channel);
  let assemblyFormat = "$engine `,` $semaphore attr-dict";
  let extraClassDeclaration = [{
    int64_t getEngineChannel() { return getChannel(); }
    bool isSynchronization() { return true; }
  }];
  let hasVerifier = 1;
}

#endif // NPUHW_OPS_TD
