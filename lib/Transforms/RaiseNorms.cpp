//===- RaiseNorms.cpp - recognise decomposed layer and RMS norms ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Exporters without a LayerNormalization op (ONNX opset < 17) spell it out:
//
//   m = mean(x); d = x - m; v = mean(d * d); y = d / sqrt(v + eps)
//   out = y * gamma + beta
//
// and Llama-style RMS norm arrives as x * rsqrt(mean(x * x) + eps) * w (or
// x / sqrt(...)). The vector engine has one instruction for each norm, so
// these chains are raised back to npu.layer_norm / npu.rms_norm. Matching is
// strict: every reduction runs over the same trailing axes with keep_dims and
// eps, gamma and beta are constants. Intermediate values that have other
// users stay for them; the raised op replaces only the chain's result.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::npu {
#define GEN_PASS_DEF_RAISENORMS
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

template <typename OpTy>
OpTy producer(Value value) {
  return value ? value.getDefiningOp<OpTy>() : OpTy();
}

/// `value` is `binary <kind>` of something: returns the op.
BinaryOp binaryOf(Value value, BinaryKind kind) {
  auto op = producer<BinaryOp>(value);
  return op && op.getKind() == kind ? op : BinaryOp();
}

/// The first normalised axis if `reduce` is a keep-dims mean over the
/// trailing axes [axis, rank) of its input.
std::optional<int64_t> trailingMeanAxis(ReduceOp reduce) {
  if (!reduce || reduce.getKind() != ReduceKind::mean || !reduce.getKeepDims())
    return std::nullopt;
  ArrayRef<int64_t> axes = reduce.getAxes();
  int64_t rank = reduce.getInput().getType().getRank();
  for (auto [i, axis] : llvm::enumerate(axes))
    if (axis != rank - static_cast<int64_t>(axes.size()) + static_cast<int64_t>(i))
      return std::nullopt;
  return rank - static_cast<int64_t>(axes.size());
}

/// A splat float constant's value.
std::optional<float> splatValue(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return std::nullopt;
  return attr.getSplatValue<APFloat>().convertToFloat();
}

/// Matches `mean(v * v) + eps` (the variance or mean square plus epsilon)
/// and returns v and eps.
std::optional<std::pair<Value, float>> meanSquarePlusEps(Value value,
                                                         int64_t axis) {
  BinaryOp add = binaryOf(value, BinaryKind::add);
  if (!add)
    return std::nullopt;
  std::optional<float> eps = splatValue(add.getRhs());
  Value meanSquare = add.getLhs();
  if (!eps) {
    eps = splatValue(add.getLhs());
    meanSquare = add.getRhs();
  }
  auto reduce = producer<ReduceOp>(meanSquare);
  if (!eps || trailingMeanAxis(reduce) != axis)
    return std::nullopt;
  BinaryOp square = binaryOf(reduce.getInput(), BinaryKind::mul);
  if (!square || square.getLhs() != square.getRhs())
    return std::nullopt;
  return std::make_pair(square.getLhs(), *eps);
}

/// A constant that broadcasts to the normalised shape, reshaped to it.
Value normParameter(PatternRewriter &rewriter, Location loc, Value value,
                    ArrayRef<int64_t> normalized) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return {};
  auto type = cast<RankedTensorType>(value.getType());
  int64_t count = 1;
  for (int64_t d : normalized)
    count *= d;
  // Only the normalised dimensions may be non-unit.
  ArrayRef<int64_t> shape = type.getShape();
  if (type.getNumElements() != count || shape.size() < normalized.size() ||
      shape.take_back(normalized.size()) != normalized)
    return {};
  auto target = RankedTensorType::get(normalized, type.getElementType());
  if (type == target)
    return value;
  return ReshapeOp::create(rewriter, loc, target, value);
}

/// Optional `* gamma` and `+ beta` after the normalisation.
struct Affine {
  Value scale, bias;
  Operation *last;
};

Affine matchAffine(Operation *normalized, bool allowBias) {
  Affine affine{Value(), Value(), normalized};
  Value current = normalized->getResult(0);
  if (current.hasOneUse())
    if (auto mul = dyn_cast<BinaryOp>(*current.getUsers().begin());
        mul && mul.getKind() == BinaryKind::mul && mul.getLhs() == current &&
        matchPattern(mul.getRhs(), m_Constant())) {
      affine.scale = mul.getRhs();
      affine.last = mul;
      current = mul.getOutput();
    }
  if (allowBias && current.hasOneUse())
    if (auto add = dyn_cast<BinaryOp>(*current.getUsers().begin());
        add && add.getKind() == BinaryKind::add && add.getLhs() == current &&
        matchPattern(add.getRhs(), m_Constant())) {
      affine.bias = add.getRhs();
      affine.last = add;
    }
  return affine;
}

Value onesLike(PatternRewriter &rewriter, Location loc, Type elementType,
               ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, elementType);
  return ConstantOp::create(rewriter, loc,
                            DenseElementsAttr::get(type, FloatAttr::get(elementType, 1.0)));
}

/// (x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps) [* gamma] [+ beta]
struct RaiseLayerNorm : OpRewritePattern<BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BinaryOp div,
                                PatternRewriter &rewriter) const override {
    if (div.getKind() != BinaryKind::div)
      return failure();
    BinaryOp centered = binaryOf(div.getLhs(), BinaryKind::sub);
    if (!centered)
      return failure();
    auto mean = producer<ReduceOp>(centered.getRhs());
    std::optional<int64_t> axis = trailingMeanAxis(mean);
    Value x = centered.getLhs();
    if (!axis || mean.getInput() != x)
      return failure();
    auto sqrt = producer<UnaryOp>(div.getRhs());
    if (!sqrt || sqrt.getKind() != UnaryKind::sqrt)
      return failure();
    auto variance = meanSquarePlusEps(sqrt.getInput(), *axis);
    if (!variance || variance->first != centered.getOutput())
      return failure();
    auto type = cast<RankedTensorType>(x.getType());
    if (!isa<FloatType>(type.getElementType()) || div.getType() != type)
      return failure();
    ArrayRef<int64_t> normalized = type.getShape().drop_front(*axis);
    Affine affine = matchAffine(div, /*allowBias=*/true);
    Location loc = affine.last->getLoc();
    Value scale = affine.scale
                      ? normParameter(rewriter, loc, affine.scale, normalized)
                      : onesLike(rewriter, loc, type.getElementType(), normalized);
    Value bias = affine.bias ? normParameter(rewriter, loc, affine.bias, normalized)
                             : Value();
    if (!scale || (affine.bias && !bias) ||
        affine.last->getResult(0).getType() != type)
      return failure();
    rewriter.replaceOpWithNewOp<LayerNormOp>(
        affine.last, type, x, scale, bias, rewriter.getI64IntegerAttr(*axis),
        rewriter.getF32FloatAttr(variance->second));
    return success();
  }
};

/// x * rsqrt(mean(x * x) + eps) [* w], or x / sqrt(mean(x * x) + eps) [* w]
struct RaiseRmsNorm : OpRewritePattern<BinaryOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BinaryOp op,
                                PatternRewriter &rewriter) const override {
    UnaryKind expected;
    if (op.getKind() == BinaryKind::mul)
      expected = UnaryKind::rsqrt;
    else if (op.getKind() == BinaryKind::div)
      expected = UnaryKind::sqrt;
    else
      return failure();
    auto root = producer<UnaryOp>(op.getRhs());
    if (!root || root.getKind() != expected)
      return failure();
    Value x = op.getLhs();
    auto type = cast<RankedTensorType>(x.getType());
    auto reduceInput = meanSquarePlusEps(root.getInput(), type.getRank() - 1);
    std::optional<int64_t> axis;
    if (reduceInput && reduceInput->first == x)
      axis = type.getRank() - 1;
    if (!axis || !isa<FloatType>(type.getElementType()) || op.getType() != type)
      return failure();
    ArrayRef<int64_t> normalized = type.getShape().drop_front(*axis);
    // An RMS norm has no shift: a following add stays in place.
    Affine affine = matchAffine(op, /*allowBias=*/false);
    Location loc = affine.last->getLoc();
    Value scale = affine.scale
                      ? normParameter(rewriter, loc, affine.scale, normalized)
                      : onesLike(rewriter, loc, type.getElementType(), normalized);
    if (!scale || affine.last->getResult(0).getType() != type)
      return failure();
    rewriter.replaceOpWithNewOp<RmsNormOp>(
        affine.last, type, x, scale, rewriter.getI64IntegerAttr(*axis),
        rewriter.getF32FloatAttr(reduceInput->second));
    return success();
  }
};

struct RaiseNormsPass : npu::impl::RaiseNormsBase<RaiseNormsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseLayerNorm, RaiseRmsNorm>(&getContext());
    // Count what was raised by comparing before and after.
    auto count = [&](auto opType) {
      int64_t n = 0;
      getOperation().walk([&](decltype(opType)) { ++n; });
      return n;
    };
    int64_t layerBefore = count(LayerNormOp()), rmsBefore = count(RmsNormOp());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    numLayerNorms += count(LayerNormOp()) - layerBefore;
    numRmsNorms += count(RmsNormOp()) - rmsBefore;
  }
};

} // namespace
