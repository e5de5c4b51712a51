//===- FoldBatchNorm.cpp - fold per-channel affine maps into weights ------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// BatchNorm is imported as `x * a + b` per channel. After a convolution or a
// fully-connected layer (used nowhere else) the multiply becomes a scaling of
// the weight rows and the bias, and the add a shift of the bias:
//
//   conv(x, W, c) * a + b  ==  conv(x, W * a, c * a + b)
//
// Folding one op at a time (mul, then add) reaches the same result and also
// covers lone scales or shifts. Values are computed in double and rounded
// once to f32.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu/Transforms/Passes.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::npu {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

/// Elements of a folded constant: small ones inline, large ones as a
/// resource blob (like the importer's weights, so the IR stays printable).
ElementsAttr makeF32Elements(RankedTensorType type, ArrayRef<double> values,
                             StringRef resourceName) {
  SmallVector<float> rounded(values.begin(), values.end());
  if (rounded.size() <= 4096)
    return DenseElementsAttr::get(type, ArrayRef<float>(rounded));
  return DenseResourceElementsAttr::get(
      type, resourceName,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(rounded)));
}

/// The values of a constant f32 tensor, or nothing.
std::optional<reference::Tensor> constantValues(Value value) {
  std::optional<reference::Tensor> tensor = reference::evaluateConstant(value);
  if (!tensor || !tensor->getElementType().isF32())
    return std::nullopt;
  return tensor;
}

/// The weights, bias and output-channel axis of a layer whose output
/// channels are rows of its weight (conv2d: [O, C/g, kh, kw] -> NCHW axis 1;
/// fully_connected: [O, I] -> [N, O] axis 1).
struct Layer {
  Operation *op = nullptr;
  Value weight, bias;
  int64_t channelAxis = 1;
  OpOperand *weightOperand = nullptr;
};

std::optional<Layer> foldableLayer(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op || !value.hasOneUse())
    return std::nullopt;
  Layer layer;
  layer.op = op;
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    layer.weight = conv.getFilter();
    layer.bias = conv.getBias();
  } else if (auto fc = dyn_cast<FullyConnectedOp>(op)) {
    layer.weight = fc.getWeight();
    layer.bias = fc.getBias();
  } else {
    return std::nullopt;
  }
  auto resultType = cast<RankedTensorType>(value.getType());
  if (!resultType.getElementType().isF32() || !constantValues(layer.weight) ||
      (layer.bias && !constantValues(layer.bias)))
    return std::nullopt;
  return layer;
}

/// Per-output-channel values of `constant` if, broadcast against `result`,
/// it varies only along `axis` (size 1 or the channel count there).
std::optional<SmallVector<double>> perChannel(Value constant,
                                              RankedTensorType result,
                                              int64_t axis) {
  std::optional<reference::Tensor> values = constantValues(constant);
  if (!values)
    return std::nullopt;
  ArrayRef<int64_t> shape = values->getShape();
  int64_t rank = result.getRank(), offset = rank - static_cast<int64_t>(shape.size());
  if (offset < 0)
    return std::nullopt;
  int64_t channels = result.getDimSize(axis);
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i) {
    int64_t resultAxis = i + offset;
    if (shape[i] != 1 && !(resultAxis == axis && shape[i] == channels))
      return std::nullopt;
  }
  SmallVector<double> perChannel(channels);
  bool varies = axis >= offset && shape[axis - offset] == channels;
  for (int64_t c = 0; c < channels; ++c)
    perChannel[c] = values->floats()[varies ? c : 0];
  return perChannel;
}

struct FoldAffineIntoLayer : OpRewritePattern<BinaryOp> {
  FoldAffineIntoLayer(MLIRContext *context, llvm::Statistic &scales,
                      llvm::Statistic &shifts)
      : OpRewritePattern(context), scales(scales), shifts(shifts) {}

  LogicalResult matchAndRewrite(BinaryOp op,
                                PatternRewriter &rewriter) const override {
    bool isMul = op.getKind() == BinaryKind::mul;
    if (!isMul && op.getKind() != BinaryKind::add)
      return failure();
    auto resultType = cast<RankedTensorType>(op.getType());
    // Either operand order: both kinds commute.
    for (auto [layerValue, constant] : {std::pair{op.getLhs(), op.getRhs()},
                                        std::pair{op.getRhs(), op.getLhs()}}) {
      std::optional<Layer> layer = foldableLayer(layerValue);
      if (!layer || layerValue.getType() != resultType)
        continue;
      std::optional<SmallVector<double>> factors =
          perChannel(constant, resultType, layer->channelAxis);
      if (!factors)
        continue;
      rewrite(op, *layer, *factors, isMul, rewriter);
      return success();
    }
    return failure();
  }

  void rewrite(BinaryOp op, const Layer &layer, ArrayRef<double> factors,
               bool isMul, PatternRewriter &rewriter) const {
    int64_t channels = factors.size();
    Location loc = op.getLoc();
    auto biasType = RankedTensorType::get({channels}, rewriter.getF32Type());
    // The bias, zero if the layer has none.
    SmallVector<double> bias(channels, 0.0);
    if (layer.bias) {
      reference::Tensor values = *constantValues(layer.bias);
      bias.assign(values.floats().begin(), values.floats().end());
    }

    Value newWeight = layer.weight, newBias;
    if (isMul) {
      reference::Tensor weight = *constantValues(layer.weight);
      std::vector<double> &w = weight.floats();
      int64_t rowSize = static_cast<int64_t>(w.size()) / channels;
      for (int64_t o = 0; o < channels; ++o) {
        for (int64_t i = 0; i < rowSize; ++i)
          w[o * rowSize + i] *= factors[o];
        bias[o] *= factors[o];
      }
      auto weightType = cast<RankedTensorType>(layer.weight.getType());
      newWeight = ConstantOp::create(rewriter, layer.weight.getLoc(),
                                     makeF32Elements(weightType, w, "folded_weight"));
      ++scales;
    } else {
      for (int64_t o = 0; o < channels; ++o)
        bias[o] += factors[o];
      ++shifts;
    }
    // A missing bias stays missing under a scale.
    if (layer.bias || !isMul)
      newBias = ConstantOp::create(rewriter, loc,
                                   makeF32Elements(biasType, bias, "folded_bias"));
    rewriter.modifyOpInPlace(layer.op, [&] {
      if (auto conv = dyn_cast<Conv2DOp>(layer.op)) {
        conv.getFilterMutable().assign(newWeight);
        if (newBias)
          conv.getBiasMutable().assign(newBias);
      } else {
        auto fc = cast<FullyConnectedOp>(layer.op);
        fc.getWeightMutable().assign(newWeight);
        if (newBias)
          fc.getBiasMutable().assign(newBias);
      }
      // The folded op now stands for the ONNX nodes that were merged into
      // it; keep the layer's own name (its location) for diagnostics.
    });
    rewriter.replaceOp(op, layer.op->getResult(0));
  }

  llvm::Statistic &scales;
  llvm::Statistic &shifts;
};

struct FoldBatchNormPass : npu::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldAffineIntoLayer>(&getContext(), numScalesFolded,
                                      numShiftsFolded);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
