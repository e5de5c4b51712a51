//===- FuseActivations.cpp - ReLU and Clip into the layer's clamp ---------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// relu(layer(x)) and clip(layer(x), lo, hi) become layer(x) with a clamp
// attribute, for conv2d, fully_connected and matmul results used only by the
// activation. Clamping commutes with rounding to the result type, so the
// fused op computes exactly what the pair did.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::npu {
#define GEN_PASS_DEF_FUSEACTIVATIONS
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

/// The bounds an activation clamps to, if it is a clamp.
std::optional<std::pair<float, float>> clampOf(Operation *op) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  if (auto unary = dyn_cast<UnaryOp>(op))
    if (unary.getKind() == UnaryKind::relu)
      return std::make_pair(0.0f, inf);
  if (auto clip = dyn_cast<ClipOp>(op))
    return std::make_pair(clip.getMin().convertToFloat(),
                          clip.getMax().convertToFloat());
  return std::nullopt;
}

/// The layer producing `value` if it can take a clamp: conv2d,
/// fully_connected or matmul, used only here.
Operation *clampableLayer(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op || !value.hasOneUse() || !isa<Conv2DOp, FullyConnectedOp, MatMulOp>(op))
    return nullptr;
  return op;
}

struct FuseActivation : RewritePattern {
  FuseActivation(MLIRContext *context, llvm::Statistic &fused)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context), fused(fused) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<std::pair<float, float>> bounds = clampOf(op);
    if (!bounds || op->getNumOperands() != 1)
      return failure();
    Operation *layer = clampableLayer(op->getOperand(0));
    if (!layer || layer->getResult(0).getType() != op->getResult(0).getType())
      return failure();
    // An existing clamp narrows: the intersection of both ranges. Disjoint
    // ranges (clip(clip(x, 0, 1), 2, 3)) are left alone.
    float lo = bounds->first, hi = bounds->second;
    if (auto existing = layer->getAttrOfType<DenseF32ArrayAttr>("clamp")) {
      lo = std::max(lo, existing[0]);
      hi = std::min(hi, existing[1]);
      if (lo > hi)
        return failure();
    }
    rewriter.modifyOpInPlace(layer, [&] {
      layer->setAttr("clamp", rewriter.getDenseF32ArrayAttr({lo, hi}));
    });
    rewriter.replaceOp(op, layer->getResult(0));
    ++fused;
    return success();
  }

  llvm::Statistic &fused;
};

struct FuseActivationsPass
    : npu::impl::FuseActivationsBase<FuseActivationsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseActivation>(&getContext(), numFused);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
