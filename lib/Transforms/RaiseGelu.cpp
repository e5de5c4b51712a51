//===- RaiseGelu.cpp - recognise GELU spelled with erf --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// ONNX exporters before opset 20 have no Gelu op: PyTorch writes the exact
// GELU as `x * (erf(x / sqrt(2)) + 1) * 0.5` (in either grouping). The vector
// engine computes `gelu_erf` in one pass and has no `erf`, so this pass
// raises the chain to `npu.unary gelu_erf`.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::npu {
#define GEN_PASS_DEF_RAISEGELU
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

/// `value` is a splat float constant within a relative 1e-3 of `expected`
/// (exporters write sqrt(2) as 1.4142135 or 1.41421).
bool isSplat(Value value, double expected) {
  DenseFPElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return false;
  double actual = attr.getSplatValue<APFloat>().convertToDouble();
  return std::abs(actual - expected) <= 1e-3 * std::abs(expected);
}

BinaryOp binaryOf(Value value, BinaryKind kind) {
  auto op = value ? value.getDefiningOp<BinaryOp>() : BinaryOp();
  return op && op.getKind() == kind ? op : BinaryOp();
}

/// The operand of `op` that is not the constant `expected`, or null.
Value otherThan(BinaryOp op, double expected) {
  if (isSplat(op.getRhs(), expected))
    return op.getLhs();
  if (isSplat(op.getLhs(), expected))
    return op.getRhs();
  return Value();
}

/// Matches `erf(x / sqrt 2) + 1` (or `x * (1 / sqrt 2)`) and returns x.
Value erfTerm(Value value) {
  BinaryOp add = binaryOf(value, BinaryKind::add);
  if (!add)
    return Value();
  Value erfValue = otherThan(add, 1.0);
  auto erf = erfValue ? erfValue.getDefiningOp<UnaryOp>() : UnaryOp();
  if (!erf || erf.getKind() != UnaryKind::erf)
    return Value();
  if (BinaryOp div = binaryOf(erf.getInput(), BinaryKind::div))
    return isSplat(div.getRhs(), std::sqrt(2.0)) ? div.getLhs() : Value();
  if (BinaryOp mul = binaryOf(erf.getInput(), BinaryKind::mul))
    return otherThan(mul, 1.0 / std::sqrt(2.0));
  return Value();
}

/// The two products of the chain: `(x * e) * 0.5` and `(x * 0.5) * e`,
/// operands in either order. Rooted at the outer multiply.
struct RaiseErfGelu : OpRewritePattern<BinaryOp> {
  RaiseErfGelu(MLIRContext *context, llvm::Statistic &raised)
      : OpRewritePattern(context), raised(raised) {}

  LogicalResult matchAndRewrite(BinaryOp outer,
                                PatternRewriter &rewriter) const override {
    if (outer.getKind() != BinaryKind::mul)
      return failure();
    Value x;
    // (x * e) * 0.5
    if (Value inner = otherThan(outer, 0.5))
      if (BinaryOp product = binaryOf(inner, BinaryKind::mul))
        for (auto [a, b] : {std::pair{product.getLhs(), product.getRhs()},
                            std::pair{product.getRhs(), product.getLhs()}})
          if (Value erfInput = erfTerm(b); erfInput && erfInput == a)
            x = a;
    // (x * 0.5) * e
    if (!x)
      for (auto [a, b] : {std::pair{outer.getLhs(), outer.getRhs()},
                          std::pair{outer.getRhs(), outer.getLhs()}})
        if (BinaryOp half = binaryOf(a, BinaryKind::mul))
          if (Value halfInput = otherThan(half, 0.5);
              halfInput && erfTerm(b) == halfInput)
            x = halfInput;
    if (!x || x.getType() != outer.getType())
      return failure();
    rewriter.replaceOpWithNewOp<UnaryOp>(outer, outer.getType(), UnaryKind::gelu_erf, x);
    ++raised;
    return success();
  }

  llvm::Statistic &raised;
};

struct RaiseGeluPass : npu::impl::RaiseGeluBase<RaiseGeluPass> {
  using RaiseGeluBase::RaiseGeluBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseErfGelu>(&getContext(), numRaised);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
