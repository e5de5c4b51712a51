//===- LayerGroups.cpp - a chain of convolutions tiled together -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// npu-form-layer-groups marks chains of convolutions whose intermediate
// rows stay in SRAM (`npu.layer_group`). The head's pattern emits the whole
// group in bands of the last convolution's output rows: per band, the first
// input's rows come from DRAM, every convolution computes the rows the
// next one reads (getConvChainBands) into SRAM, and the last one's rows go
// back to DRAM. Every layer's weights stay in SRAM for the whole group;
// each layer has its own matrix and vector stage, so the bands pipeline as
// an op's tiles do. The other members' patterns only take their results
// off the IR: the tail's is the group's output buffer, the others never
// reach DRAM.
//
//===----------------------------------------------------------------------===//

#include "MatrixEngine.h"

#include "npu/Conversion/NpuToNpuHw.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "convert-npu-to-npuhw"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

namespace {

/// What every convolution of a group checks: its own conditions.
struct GroupedConvLowering : NpuLoweringPattern<Conv2DOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  Int8Support int8Support() const override { return Int8Support::Own; }
  WhyUnsupported whyNotInt8(Conv2DOp op) const override { return whyNotInt8Conv(op); }
  WhyUnsupported whyNot(Conv2DOp op) const override { return whyNotConv(op); }
};

struct LayerGroupLowering : GroupedConvLowering {
  using GroupedConvLowering::GroupedConvLowering;

  bool handlesOp(Conv2DOp op) const override {
    return lowering.getLayerGroup(op) != nullptr;
  }
  FailureOr<Value> lower(Conv2DOp op, ConversionPatternRewriter &rewriter) const override;
};

struct LayerGroupMemberLowering : GroupedConvLowering {
  using GroupedConvLowering::GroupedConvLowering;

  bool handlesOp(Conv2DOp op) const override {
    return lowering.getLayerGroupHead(op) != nullptr;
  }
  FailureOr<Value> lower(Conv2DOp op, ConversionPatternRewriter &) const override {
    // The head, earlier in the block, emitted the group.
    if (std::optional<DramTensor> output = lowering.lookup(op.getResult()))
      return output->buffer;
    return Value(); // an intermediate: its rows lived in SRAM only
  }
};

FailureOr<Value> LayerGroupLowering::lower(Conv2DOp head,
                                           ConversionPatternRewriter &builder) const {
  const LoweringContext::LayerGroup &group = *lowering.getLayerGroup(head);
  ArrayRef<Conv2DOp> chain = group.chain;
  std::vector<ConvProblem> problems;
  SmallVector<ConvConstants> constants;
  for (Conv2DOp conv : chain) {
    problems.push_back(*getConvProblem(conv)); // each member's whyNotConv checked it
    // One channel block: the requantization table in one piece.
    FailureOr<ConvConstants> packed =
        packConv(lowering, conv, problems.back(), problems.back().outChannels);
    if (failed(packed))
      return failure();
    constants.push_back(std::move(*packed));
  }
  LLVM_DEBUG(llvm::dbgs() << "layer group of " << chain.size() << " at "
                          << head.getLoc() << ": bands of " << group.rowsPerTile
                          << " rows\n");
  Conv2DOp tail = chain.back();
  FailureOr<DramTensor> input = lowering.get(head.getInput(), /*nhwc=*/true);
  if (failed(input))
    return failure();
  DramTensor output = lowering.result(tail.getResult(), /*nhwc=*/true);
  View inputView = wholeView(input->buffer), outputView = wholeView(output.buffer);

  struct Resident {
    Value filter, bias, table;
  };
  SmallVector<Resident> resident;
  lowering.beginTile();
  for (auto [member, packed] : llvm::zip(chain, constants)) {
    Conv2DOp conv = member;
    Resident weights;
    weights.filter = lowering.sram({packed.packedTotal}, packed.weightElement);
    lowering.load(wholeView(packed.filter), weights.filter, conv.getLoc());
    int64_t channels = conv.getType().getDimSize(1);
    if (packed.bias) {
      weights.bias = lowering.sram({channels}, packed.accElement);
      lowering.load(wholeView(packed.bias), weights.bias, conv.getLoc());
    }
    if (packed.table) {
      weights.table = lowering.sram({2 * channels}, builder.getI32Type());
      lowering.load(wholeView(packed.table), weights.table, conv.getLoc());
    }
    resident.push_back(weights);
  }
  const int64_t outHeight = problems.back().outHeight();
  const int64_t rowsPerTile = group.rowsPerTile;
  const Stage storeStage = static_cast<Stage>(2 * chain.size() + 1);
  for (int64_t r0 = 0; r0 < outHeight; r0 += rowsPerTile) {
    if (r0 != 0)
      lowering.beginTile();
    std::vector<ConvBand> bands =
        getConvChainBands(problems, r0, std::min(rowsPerTile, outHeight - r0));
    const ConvProblem &first = problems.front();
    SmallVector<int64_t> inShape{first.batch, bands.front().inRows, first.width,
                                 first.inChannels};
    Value rows = lowering.sram(inShape, constants.front().weightElement);
    lowering.load(subView(inputView, {0, bands.front().inStart, 0, 0}, inShape), rows,
                  head.getLoc());
    SmallVector<int64_t> outShape;
    for (size_t i = 0; i < chain.size(); ++i) {
      const ConvProblem &p = problems[i];
      const ConvBand &band = bands[i];
      const ConvConstants &packed = constants[i];
      Conv2DOp conv = chain[i];
      Location loc = conv.getLoc();
      auto matrixStage = static_cast<Stage>(Matrix + 2 * i);
      auto vectorStage = static_cast<Stage>(Vector + 2 * i);
      outShape = {p.batch, band.outRows, p.outWidth(), p.outChannels};
      Value acc = lowering.sram(outShape, packed.accElement);
      emitConvTile(lowering, matrixStage, conv, p, band, rows, resident[i].filter, acc,
                   resident[i].bias, p.groups, packed.epilogue.inputZeroPoint);
      Value next = lowering.sram(outShape, packed.resultElement);
      if (packed.table)
        emitRequant(lowering, acc, resident[i].table, next, packed.epilogue, loc,
                    vectorStage);
      else
        emitWriteBack(lowering, acc, next, conv.getClamp(), loc, vectorStage);
      rows = next;
    }
    lowering.copy(wholeView(rows), subView(outputView, {0, r0, 0, 0}, outShape),
                  storeStage, tail.getLoc());
  }
  // The head's own result never reaches DRAM (a group has two or more
  // members); the tail's pattern takes the output buffer.
  return Value();
}

} // namespace

void lowering::populateLayerGroupPatterns(LoweringContext &lowering,
                                          LegalityChecks &checks,
                                          RewritePatternSet &patterns) {
  patterns.add<LayerGroupLowering, LayerGroupMemberLowering>(lowering, checks,
                                                             patterns.getContext());
}
