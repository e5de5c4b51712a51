//===- Convolution.cpp - npu.conv2d to matrix-engine tiles ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// A convolution outside a layer group: tiles of output rows x channel
// blocks in the loop order planConvTiling chose (the cost model on the
// simulator's timing functions), each an implicit GEMM on the matrix
// engine (f16 x f16 -> f32, or i8 x i8 -> i32) and a write-back or
// requantization on the vector engine.
//
//===----------------------------------------------------------------------===//

#include "MatrixEngine.h"

#include "npu/Conversion/NpuToNpuHw.h"
#include "npu/Isa/Packing.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "convert-npu-to-npuhw"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

namespace {

struct ConvLowering : NpuLoweringPattern<Conv2DOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  bool handlesOp(Conv2DOp op) const override {
    return !lowering.getLayerGroup(op) && !lowering.getLayerGroupHead(op);
  }
  Int8Support int8Support() const override { return Int8Support::Own; }
  WhyUnsupported whyNotInt8(Conv2DOp op) const override { return whyNotInt8Conv(op); }
  WhyUnsupported whyNot(Conv2DOp op) const override { return whyNotConv(op); }

  FailureOr<Value> lower(Conv2DOp op, ConversionPatternRewriter &rewriter) const override;
};

FailureOr<Value> ConvLowering::lower(Conv2DOp op,
                                     ConversionPatternRewriter &builder) const {
  Location loc = op.getLoc();
  const int64_t budget = lowering.budget;
  const ConvProblem problem = *getConvProblem(op); // whyNotConv checked it
  const bool int8 = problem.type == runtime::DType::I8;
  TargetDescription budgeted = getConvBudget(problem, lowering.target, budget);
  std::optional<ConvTiling> tiling =
      budgeted.sram.bytes > 0 ? planConvTiling(problem, budgeted) : std::nullopt;
  if (!tiling)
    return op.emitError("cannot tile this convolution into ")
           << budget << " bytes of SRAM with double buffering (even one "
           << "output row with one channel block does not fit); a target "
           << "with more SRAM is needed";
  LLVM_DEBUG(llvm::dbgs() << "conv " << op.getLoc() << ": " << tiling->rowsPerTile
                          << " rows x " << tiling->channelsPerTile << " channels"
                          << (tiling->weightsResident ? ", weights resident" : "")
                          << (tiling->channelsOuter ? ", channels outer" : "")
                          << ", " << tiling->cycles << " cycles\n");
  FailureOr<ConvConstants> constants =
      packConv(lowering, op, problem, tiling->channelsPerTile);
  if (failed(constants))
    return failure();
  const int64_t panel = lowering.target.matrix.cols, groups = problem.groups;
  const int64_t og = problem.outChannels / groups, cg = problem.inChannels / groups;
  const int64_t kh = problem.kernelH, kw = problem.kernelW;
  const int64_t k = kh * kw * cg, perGroup = constants->perGroup;
  auto packedSize = [&](int64_t columns) {
    return int8 ? kernels::getPackedS8Bytes(k, columns, panel)
                : kernels::getPackedF16Elements(k, columns, panel);
  };
  Value filter = constants->filter, bias = constants->bias, table = constants->table;
  const Int8Epilogue &epilogue = constants->epilogue;
  Type weightElement = constants->weightElement, accElement = constants->accElement;
  Type i32 = builder.getI32Type();

  FailureOr<DramTensor> input = lowering.get(op.getInput(), /*nhwc=*/true);
  if (failed(input))
    return failure();
  DramTensor output = lowering.result(op.getResult(), /*nhwc=*/true);
  View inputView = wholeView(input->buffer), outputView = wholeView(output.buffer);
  const int64_t oh = problem.outHeight(), ow = problem.outWidth();
  const int64_t rows = tiling->rowsPerTile, channels = tiling->channelsPerTile;

  // Channel blocks: [o0, o0 + size) with their input channels and the
  // packed slice of their weights.
  struct Block {
    int64_t o0, size, c0, inChannels, groups, packedOffset, packedSize;
  };
  SmallVector<Block> blocks;
  for (int64_t o0 = 0; o0 < problem.outChannels; o0 += channels) {
    Block block;
    block.o0 = o0;
    block.size = std::min(channels, problem.outChannels - o0);
    if (groups == 1) {
      block.c0 = 0;
      block.inChannels = problem.inChannels;
      block.groups = 1;
      block.packedOffset = (o0 / panel) * packedSize(panel);
      block.packedSize = packedSize(block.size);
    } else {
      int64_t g0 = o0 / og;
      block.groups = block.size / og;
      block.c0 = g0 * cg;
      block.inChannels = block.groups * cg;
      block.packedOffset = g0 * perGroup;
      block.packedSize = block.groups * perGroup;
    }
    blocks.push_back(block);
  }
  // Row tiles: the output rows, the input rows their windows read and the
  // window rows outside the image (a chain of one convolution).
  SmallVector<ConvBand> rowTiles;
  for (int64_t r0 = 0; r0 < oh; r0 += rows)
    rowTiles.push_back(getConvChainBands({problem}, r0, std::min(rows, oh - r0)).front());

  // Tile order and what each tile loads, as the cost model assumed.
  bool channelsOuter = tiling->channelsOuter, resident = tiling->weightsResident;
  const int64_t packedTotal = groups * perGroup;
  Value residentFilter, residentBias, residentTable;
  if (resident) {
    lowering.beginTile();
    residentFilter = lowering.sram({packedTotal}, weightElement);
    lowering.load(wholeView(filter), residentFilter, loc);
    if (bias) {
      residentBias = lowering.sram({problem.outChannels}, accElement);
      lowering.load(wholeView(bias), residentBias, loc);
    }
    if (table) {
      residentTable = lowering.sram({2 * problem.outChannels}, i32);
      lowering.load(wholeView(table), residentTable, loc);
    }
  }
  Value blockFilter, blockBias, blockTable, band;
  int64_t loadedBlock = -1, loadedRows = -1;
  size_t count = blocks.size() * rowTiles.size();
  for (size_t i = 0; i < count; ++i) {
    size_t b = channelsOuter ? i / rowTiles.size() : i % blocks.size();
    size_t r = channelsOuter ? i % rowTiles.size() : i / blocks.size();
    const Block &block = blocks[b];
    const ConvBand &rowTile = rowTiles[r];
    if (!(resident && i == 0))
      lowering.beginTile();
    // Weights: resident, or this block's slice when it changes.
    Value tileFilter, tileBias, tileTable;
    if (resident) {
      if (blocks.size() == 1) {
        tileFilter = residentFilter;
        tileBias = residentBias;
        tileTable = residentTable;
      } else {
        // A block's slice of the resident weights is a view.
        tileFilter = lowering.viewIn(
            Matrix, View{residentFilter, block.packedOffset, {block.packedSize}, {1}}, loc);
        if (residentBias)
          tileBias = lowering.viewIn(
              Matrix, View{residentBias, block.o0, {block.size}, {1}}, loc);
        if (residentTable)
          tileTable = lowering.viewIn(
              Vector, View{residentTable, 2 * block.o0, {2 * block.size}, {1}}, loc);
      }
    } else {
      if (loadedBlock != static_cast<int64_t>(b) || !channelsOuter) {
        blockFilter = lowering.sram({block.packedSize}, weightElement);
        lowering.load(View{filter, block.packedOffset, {block.packedSize}, {1}},
                      blockFilter, loc);
        if (bias) {
          blockBias = lowering.sram({block.size}, accElement);
          lowering.load(View{bias, block.o0, {block.size}, {1}}, blockBias, loc);
        }
        if (table) {
          blockTable = lowering.sram({2 * block.size}, i32);
          lowering.load(View{table, 2 * block.o0, {2 * block.size}, {1}}, blockTable, loc);
        }
        loadedBlock = b;
      }
      tileFilter = blockFilter;
      tileBias = blockBias;
      tileTable = blockTable;
    }
    // Input band: reloaded when the rows change or the block reads other
    // input channels.
    if (loadedRows != static_cast<int64_t>(r) || groups > 1 || channelsOuter) {
      SmallVector<int64_t> shape{problem.batch, rowTile.inRows, problem.width,
                                 block.inChannels};
      band = lowering.sram(shape, weightElement);
      lowering.load(subView(inputView, {0, rowTile.inStart, 0, block.c0}, shape),
                    band, loc);
      loadedRows = r;
    }
    SmallVector<int64_t> accShape{problem.batch, rowTile.outRows, ow, block.size};
    Value acc = lowering.sram(accShape, accElement);
    emitConvTile(lowering, Matrix, op, problem, rowTile, band, tileFilter, acc,
                 tileBias, block.groups, epilogue.inputZeroPoint);
    Value result = lowering.sram(accShape, int8 ? weightElement : builder.getF16Type());
    if (int8)
      emitRequant(lowering, acc, tileTable, result, epilogue, loc);
    else
      emitWriteBack(lowering, acc, result, op.getClamp(), loc);
    lowering.store(result, subView(outputView, {0, rowTile.outStart, 0, block.o0}, accShape),
                   loc);
  }
  return output.buffer;
}

} // namespace

void lowering::populateConvolutionPatterns(LoweringContext &lowering,
                                           LegalityChecks &checks,
                                           RewritePatternSet &patterns) {
  patterns.add<ConvLowering>(lowering, checks, patterns.getContext());
}
