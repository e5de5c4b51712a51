//===- Passes.td - npu-mlir conversion passes --------------*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_PASSES
#define NPU_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def AssignLayout : Pass<"npu-assign-layout", "::mlir::func::FuncOp"> {
  let summary = "Choose how each 4-D activation is stored in DRAM (NHWC or NCHW)";
  let description = [{
    Records on every op with a 4-D result how `convert-npu-to-npuhw` stores
    it: `npu.layout = "nhwc"` (channels innermost: DMA rows and the
    implicit GEMM's K) or `"nchw"` (ONNX order).

    Results of convolutions, pooling and resizing are NHWC; element-wise
    ops follow an NHWC operand (or go NHWC when only that order lets a
    per-channel operand repeat with a period); concatenations and slices
    follow their first input; everything else (products, reshapes,
    transposes, softmax, norms) and the function's arguments are NCHW.
    A consumer that wants the other layout gets a converting copy.

    ```
    %y = npu.conv2d %x, %w ... {npu.layout = "nhwc"} : ...
    ```
  }];
  let statistics = [
    Statistic<"numNhwc", "nhwc-results", "4-D results stored NHWC">,
    Statistic<"numNchw", "nchw-results", "4-D results stored NCHW">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def FormLayerGroups : Pass<"npu-form-layer-groups", "::mlir::func::FuncOp"> {
  let summary = "Choose the chains of convolutions tiled together with their rows kept on chip";
  let description = [{
    Chains of convolutions, each the only user of the previous one's
    result, are split into layer groups where that is cheaper: over each
    maximal chain, a shortest-path choice of consecutive segments, a
    segment costing `planConvChainTiling`'s cycles (up to 8 layers) and a
    lone layer its own `planConvTiling`'s, within `sram-fraction` of the
    target's SRAM. A grouped segment keeps its intermediate rows in SRAM;
    only its first input and last result touch DRAM.

    The decision is recorded for `convert-npu-to-npuhw` on each member:
    `npu.layer_group = {id, index}`, the first (index 0) also carrying the
    band height `rows_per_tile`.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"edge\"",
           "Target preset name or JSON file">,
    Option<"sramFraction", "sram-fraction", "double", /*default=*/"0.875",
           "Share of SRAM tiles may plan for (as convert-npu-to-npuhw's)">,
  ];
  let statistics = [
    Statistic<"numLayerGroups", "layer-groups", "Chains of convolutions tiled together">,
    Statistic<"numGroupedConvs", "grouped-convs", "Convolutions in layer groups">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def ConvertNpuToNpuHw : Pass<"convert-npu-to-npuhw", "::mlir::ModuleOp"> {
  let summary = "Convert npu ops to tiled npuhw commands on DRAM and SRAM buffers";
  let description = [{
    A DialectConversion (lib/Conversion/NpuToNpuHw): one pattern per npu op
    kind, each owning both its legality (why an op cannot run, said at its
    ONNX node) and its lowering. Before anything changes, every op is
    asked of the patterns that take its kind; every op that none can take
    is reported, and an op no pattern takes at all is an error naming it.

    Every tensor of a function gets a DRAM buffer (`npuhw.alloc`, without
    an offset until `npuhw-plan-memory`): 4-D activations are stored as
    `npu-assign-layout` recorded (`npu.layout`), and the function's
    arguments and results, now memrefs, keep their ONNX layout. Constants
    become `memref.global`s, weights packed in the matrix engine's panels
    (`include/npu/Isa/Packing.h`), biases in f32 for the accumulators.

    int8 convolutions and products (npu-quantize's types) run i8 x i8 -> i32
    with the input zero point folded into an i32 bias (and used as the
    padding value), then `requant` with the reference interpreter's Q31
    multipliers; quantize and dequantize become the vector engine's
    conversions, which also absorb the f16 <-> f32 casts at the borders of
    fp16 islands. Results are bit-exact to the reference interpreter.

    Each op becomes tiles of DMA-in, compute and DMA-out commands on SRAM
    buffers. Convolution tiles (output rows x channel blocks x loop order)
    come from `planConvTiling`, the cost model on the simulator's timing
    functions, within `sram-fraction` of the target's SRAM; the layer
    groups `npu-form-layer-groups` recorded (`npu.layer_group`) are tiled
    together in bands; products tile over column blocks of whole panels
    and rows; element-wise ops stream in flat chunks, with a broadcast
    operand repeating by period; pooling, softmax and layer norm tile over
    rows. Within an op, tiles are software-pipelined in program order
    (loads of tile t, matrix work of t-1, vector work of t-2, stores of
    t-3), so that liveness-based SRAM planning double-buffers every stage.

    Run it through the `npu-lower-to-npuhw` pipeline, which assigns the
    layouts and forms the layer groups first:

    ```
    $ npu-opt --npu-lower-to-npuhw=target=edge model.fp16.mlir
    ```
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"edge\"",
           "Target preset name or JSON file">,
    Option<"sramFraction", "sram-fraction", "double", /*default=*/"0.875",
           "Share of SRAM tiles may plan for; the rest absorbs the planner's fragmentation">,
  ];
  let statistics = [
    Statistic<"numTiles", "tiles", "Tiles emitted">,
    Statistic<"numCommands", "commands", "npuhw commands emitted">,
    Statistic<"numDma", "dma-transfers", "DMA commands emitted">,
    Statistic<"numGlobals", "constants", "Constant buffers emitted">,
    Statistic<"numFoldedBorders", "folded-borders",
              "fp16 island borders folded into quantize and dequantize">,
    Statistic<"numLayerGroups", "layer-groups", "Layer groups tiled">,
    Statistic<"numGroupedConvs", "grouped-convs", "Convolutions in layer groups">,
    Statistic<"numOnChipBytes", "on-chip-bytes",
              "Activation bytes layer groups keep out of DRAM">,
  ];
  let dependentDialects = ["::mlir::npuhw::NpuHwDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // NPU_CONVERSION_PASSES
