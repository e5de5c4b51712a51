//===- Vector.cpp - element-wise ops, pooling, softmax and norms ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Ops on the vector engine. Element-wise ops (arithmetic, activations,
// casts, quantize and dequantize) stream their result's buffer in flat
// chunks; pooling tiles NHWC row bands with input halos; softmax and layer
// norm tile over rows of the innermost dimension.
//
//===----------------------------------------------------------------------===//

#include "LoweringContext.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

namespace {

std::optional<npuhw::ActivationKind> getActivationKind(UnaryKind kind) {
  switch (kind) {
  case UnaryKind::relu: return npuhw::ActivationKind::relu;
  case UnaryKind::sigmoid: return npuhw::ActivationKind::sigmoid;
  case UnaryKind::tanh: return npuhw::ActivationKind::tanh;
  case UnaryKind::gelu_erf: return npuhw::ActivationKind::gelu_erf;
  case UnaryKind::gelu_tanh: return npuhw::ActivationKind::gelu_tanh;
  case UnaryKind::silu: return npuhw::ActivationKind::silu;
  case UnaryKind::hard_swish: return npuhw::ActivationKind::hard_swish;
  case UnaryKind::exp: return npuhw::ActivationKind::exp;
  default: return std::nullopt;
  }
}

std::optional<npuhw::ElementwiseKind> getElementwiseKind(BinaryKind kind) {
  switch (kind) {
  case BinaryKind::add: return npuhw::ElementwiseKind::add;
  case BinaryKind::sub: return npuhw::ElementwiseKind::sub;
  case BinaryKind::mul: return npuhw::ElementwiseKind::mul;
  case BinaryKind::div: return npuhw::ElementwiseKind::div;
  case BinaryKind::max: return npuhw::ElementwiseKind::max;
  case BinaryKind::min: return npuhw::ElementwiseKind::min;
  default: return std::nullopt;
  }
}

/// The vector command of one chunk of an element-wise op.
using ChunkEmitter = std::function<void(ArrayRef<Value> inputs, Value result)>;

/// Element-wise ops stream their result's buffer in flat chunks. An operand
/// shaped like the result streams alongside; one that broadcasts must repeat
/// with a period in the result's storage order (a per-channel vector of an
/// NHWC tensor, a scalar), and is loaded once. `operands` may differ from
/// the op's own (a folded island border's input).
FailureOr<Value> lowerElementwise(LoweringContext &lowering, Operation *op,
                                  SmallVector<Value> operands,
                                  const ChunkEmitter &emitChunk) {
  Location loc = op->getLoc();
  const int64_t budget = lowering.budget;
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  bool nhwc = lowering.isNhwc(op->getResult(0));
  const int64_t total = resultType.getNumElements();

  SmallVector<int64_t> periods;
  for (Value operand : operands)
    periods.push_back(getPeriod(cast<RankedTensorType>(operand.getType()), resultType, nhwc));
  // The binary pattern checked the pattern: the left operand streams, or
  // the op commutes and its right one does.
  if (periods[0] != total) {
    std::swap(operands[0], operands[1]);
    std::swap(periods[0], periods[1]);
  }

  SmallVector<DramTensor> inputs;
  for (Value operand : operands) {
    auto type = cast<RankedTensorType>(operand.getType());
    FailureOr<DramTensor> tensor = lowering.get(operand, nhwc && type.getRank() == 4);
    if (failed(tensor))
      return failure();
    inputs.push_back(*tensor);
  }
  DramTensor out = lowering.result(op->getResult(0), nhwc);
  Type outType = getStorageType(resultType);
  int64_t outBytes = getStorageBytes(outType);

  // Chunk size: two of every streamed buffer within the budget, a multiple
  // of every period.
  int64_t streamedBytes = outBytes, fixedBytes = 0, period = 1;
  for (auto [operand, p] : llvm::zip(operands, periods)) {
    int64_t bytes = getStorageBytes(operand.getType());
    if (p == total)
      streamedBytes += bytes;
    else {
      fixedBytes += p * bytes;
      period = std::lcm(period, p);
    }
  }
  int64_t chunk = std::min(total, (budget - fixedBytes) / (2 * streamedBytes));
  chunk = chunk / period * period;
  if (chunk <= 0)
    return op->emitError("cannot tile this op into ")
           << budget << " bytes of SRAM: its repeating operand is too large";

  SmallVector<Value> fixed(operands.size());
  for (int64_t start = 0; start < total; start += chunk) {
    int64_t size = std::min(chunk, total - start);
    lowering.beginTile();
    SmallVector<Value> tilesIn;
    for (auto [i, input] : llvm::enumerate(inputs)) {
      Type element = getStorageType(operands[i].getType());
      if (periods[i] == total) {
        Value tile = lowering.sram({size}, element);
        lowering.load(View{input.buffer, start, {size}, {1}}, tile, loc);
        tilesIn.push_back(tile);
        continue;
      }
      if (!fixed[i]) {
        fixed[i] = lowering.sram({periods[i]}, element);
        lowering.load(View{input.buffer, 0, {periods[i]}, {1}}, fixed[i], loc);
      }
      tilesIn.push_back(fixed[i]);
    }
    Value res = lowering.sram({size}, outType);
    emitChunk(tilesIn, res);
    lowering.store(res, View{out.buffer, start, {size}, {1}}, loc);
  }
  return out.buffer;
}

/// An activation command with two optional f32 parameters.
ChunkEmitter activation(LoweringContext &lowering, Location loc,
                        npuhw::ActivationKind kind, FloatAttr alpha = {},
                        FloatAttr beta = {}) {
  return [&lowering, loc, kind, alpha, beta](ArrayRef<Value> in, Value out) {
    lowering.emit<npuhw::ActivationOp>(Vector, loc, kind, in[0], out, alpha, beta);
  };
}

struct BinaryLowering : NpuLoweringPattern<BinaryOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNot(BinaryOp binary) const override {
    if (!getElementwiseKind(binary.getKind()))
      return ("the vector engine has no '" + stringifyBinaryKind(binary.getKind()) +
              "' function")
          .str();
    auto result = binary.getType();
    int64_t total = result.getNumElements();
    bool nhwc = lowering.isNhwc(binary.getResult());
    int64_t lhs = getPeriod(binary.getLhs().getType(), result, nhwc),
            rhs = getPeriod(binary.getRhs().getType(), result, nhwc);
    bool commutes = binary.getKind() != BinaryKind::sub &&
                    binary.getKind() != BinaryKind::div;
    if (lhs == 0 || rhs == 0)
      return std::string("the operand broadcast does not repeat with a period "
                         "in the result's storage order (the vector engine "
                         "repeats a trailing block of elements)");
    if (lhs != total && (rhs != total || !commutes))
      return ("the vector engine repeats only its right operand, and '" +
              stringifyBinaryKind(binary.getKind()) +
              "' with a broadcast left operand does not commute; broadcast it "
              "first")
          .str();
    return std::nullopt;
  }
  FailureOr<Value> lower(BinaryOp op, ConversionPatternRewriter &) const override {
    npuhw::ElementwiseKind kind = *getElementwiseKind(op.getKind());
    Location loc = op.getLoc();
    return lowerElementwise(lowering, op, SmallVector<Value>(op->getOperands()),
                            [&](ArrayRef<Value> in, Value out) {
                              lowering.emit<npuhw::ElementwiseOp>(Vector, loc, kind,
                                                                  in[0], in[1], out);
                            });
  }
};

struct UnaryLowering : NpuLoweringPattern<UnaryOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNot(UnaryOp unary) const override {
    if (!getActivationKind(unary.getKind()))
      return ("the vector engine has no '" + stringifyUnaryKind(unary.getKind()) +
              "' function")
          .str();
    return std::nullopt;
  }
  FailureOr<Value> lower(UnaryOp op, ConversionPatternRewriter &) const override {
    return lowerElementwise(lowering, op, {op.getInput()},
                            activation(lowering, op.getLoc(), *getActivationKind(op.getKind())));
  }
};

struct ClipLowering : NpuLoweringPattern<ClipOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  FailureOr<Value> lower(ClipOp op, ConversionPatternRewriter &) const override {
    return lowerElementwise(lowering, op, {op.getInput()},
                            activation(lowering, op.getLoc(), npuhw::ActivationKind::clip,
                                       op.getMinAttr(), op.getMaxAttr()));
  }
};

struct LeakyReluLowering : NpuLoweringPattern<LeakyReluOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  FailureOr<Value> lower(LeakyReluOp op, ConversionPatternRewriter &) const override {
    return lowerElementwise(lowering, op, {op.getInput()},
                            activation(lowering, op.getLoc(),
                                       npuhw::ActivationKind::leaky_relu, op.getAlphaAttr()));
  }
};

struct HardSigmoidLowering : NpuLoweringPattern<HardSigmoidOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  FailureOr<Value> lower(HardSigmoidOp op, ConversionPatternRewriter &) const override {
    return lowerElementwise(lowering, op, {op.getInput()},
                            activation(lowering, op.getLoc(),
                                       npuhw::ActivationKind::hard_sigmoid,
                                       op.getAlphaAttr(), op.getBetaAttr()));
  }
};

/// The quantize or dequantize command of `type`: the scale and zero point
/// as the command's f32 fields (exact: the patterns checked the scale is
/// an f32 value).
ChunkEmitter conversion(LoweringContext &lowering, Location loc, bool quantize,
                        quant::UniformQuantizedType type) {
  OpBuilder &builder = lowering.getBuilder();
  return activation(lowering, loc,
                    quantize ? npuhw::ActivationKind::quantize
                             : npuhw::ActivationKind::dequantize,
                    builder.getF32FloatAttr(type.getScale()),
                    builder.getF32FloatAttr(type.getZeroPoint()));
}

/// Casts convert the f32 signature; every other op computes in f16.
struct CastLowering : NpuLoweringPattern<CastOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNotTypes(CastOp cast) const override {
    Type from = cast.getInput().getType().getElementType(),
         to = cast.getType().getElementType();
    if (!isa<FloatType>(from) || !isa<FloatType>(to) ||
        !(from.isF16() || from.isF32()) || !(to.isF16() || to.isF32()))
      return std::string("the NPU converts only between f32 and f16");
    return std::nullopt;
  }
  FailureOr<Value> lower(CastOp op, ConversionPatternRewriter &) const override {
    if (lowering.isFoldedBorder(op))
      return Value(); // the quantizes reading it widen f16 themselves
    // A cast to f16 of a folded dequantize dequantizes the int8 value.
    Operation *producer = op.getInput().getDefiningOp();
    if (producer && lowering.isFoldedBorder(producer)) {
      auto dequantize = cast<DequantizeOp>(producer);
      return lowerElementwise(lowering, op, {dequantize.getInput()},
                              conversion(lowering, op.getLoc(), /*quantize=*/false,
                                         getInt8Activation(dequantize.getInput().getType())));
    }
    return lowerElementwise(lowering, op, {op.getInput()},
                            activation(lowering, op.getLoc(), npuhw::ActivationKind::copy));
  }
};

/// The borders of int8 regions.
struct QuantizeLowering : NpuLoweringPattern<QuantizeOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNotTypes(QuantizeOp quantize) const override {
    Type from = quantize.getInput().getType().getElementType();
    if (!getInt8Activation(quantize.getType()) || !(from.isF16() || from.isF32()))
      return std::string("the vector engine quantizes f16 or f32 to per-tensor "
                         "signed int8 only");
    if (!hasF32Scale(getInt8Activation(quantize.getType())))
      return std::string("its scale is not an f32 value (the quantize "
                         "command's scale field is f32)");
    return std::nullopt;
  }
  FailureOr<Value> lower(QuantizeOp op, ConversionPatternRewriter &) const override {
    // A folded island border: quantize reads the f16 value its cast would
    // have widened.
    Value input = op.getInput();
    if (Operation *producer = input.getDefiningOp();
        producer && lowering.isFoldedBorder(producer))
      input = producer->getOperand(0);
    return lowerElementwise(lowering, op, {input},
                            conversion(lowering, op.getLoc(), /*quantize=*/true,
                                       getInt8Activation(op.getType())));
  }
};

struct DequantizeLowering : NpuLoweringPattern<DequantizeOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNotTypes(DequantizeOp dequantize) const override {
    Type to = dequantize.getType().getElementType();
    if (!getInt8Activation(dequantize.getInput().getType()) || !(to.isF16() || to.isF32()))
      return std::string("the vector engine dequantizes per-tensor signed int8 "
                         "to f16 or f32 only");
    if (!hasF32Scale(getInt8Activation(dequantize.getInput().getType())))
      return std::string("its scale is not an f32 value (the dequantize "
                         "command's scale field is f32)");
    return std::nullopt;
  }
  FailureOr<Value> lower(DequantizeOp op, ConversionPatternRewriter &) const override {
    if (lowering.isFoldedBorder(op))
      return Value(); // the casts to f16 reading it dequantize themselves
    return lowerElementwise(lowering, op, {op.getInput()},
                            conversion(lowering, op.getLoc(), /*quantize=*/false,
                                       getInt8Activation(op.getInput().getType())));
  }
};

/// Not lowered yet; the pattern exists to say why at the node.
struct RequantizeLowering : NpuLoweringPattern<RequantizeOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNotTypes(RequantizeOp) const override {
    return std::string("int8 -> int8 requantization between layers is not "
                       "lowered yet (npu-quantize emits it only where two "
                       "calibrated ranges of one tensor differ)");
  }
  FailureOr<Value> lower(RequantizeOp op, ConversionPatternRewriter &) const override {
    return op.emitError("requantize has no lowering");
  }
};

/// Max and average pooling in NHWC row bands with input halos.
FailureOr<Value> lowerPool(LoweringContext &lowering, Operation *op,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> pads, npuhw::PoolKind kind) {
  OpBuilder &builder = lowering.getBuilder();
  const int64_t budget = lowering.budget;
  Location loc = op->getLoc();
  auto inType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  ArrayRef<int64_t> in = inType.getShape(), outShape = outType.getShape();
  const int64_t n = in[0], c = in[1], h = in[2], w = in[3];
  const int64_t oh = outShape[2], ow = outShape[3];
  // Ceil mode is extra bottom/right padding (never counted), read off the
  // result's size; each band's bottom padding is at most padBottom.
  int64_t padBottom = std::max<int64_t>(pads[2], (oh - 1) * strides[0] + kernel[0] - h - pads[0]);
  int64_t padRight = std::max<int64_t>(pads[3], (ow - 1) * strides[1] + kernel[1] - w - pads[1]);
  for (int64_t field : {kernel[0], kernel[1], strides[0], strides[1], pads[0],
                        pads[1], padBottom, padRight})
    if (field > 255)
      return op->emitError("cannot run on the NPU: pooling window fields are "
                           "8-bit, got ")
             << field;
  FailureOr<DramTensor> input = lowering.get(op->getOperand(0), true);
  if (failed(input))
    return failure();
  DramTensor out = lowering.result(op->getResult(0), true);
  Type element = inType.getElementType();
  const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
  // Output rows per band: two input bands and two output bands in budget.
  int64_t rows = oh;
  auto bandBytes = [&](int64_t r) {
    int64_t inRows = std::min(h, (r - 1) * strides[0] + kernel[0]);
    return 2 * n * (inRows * w + r * ow) * c * bytes;
  };
  while (rows > 1 && bandBytes(rows) > budget)
    rows = (rows + 1) / 2;
  if (bandBytes(rows) > budget)
    return op->emitError("cannot tile this pooling into ")
           << budget << " bytes of SRAM: one output row does not fit";
  View inView = wholeView(input->buffer), outView = wholeView(out.buffer);
  for (int64_t r0 = 0; r0 < oh; r0 += rows) {
    int64_t size = std::min(rows, oh - r0);
    int64_t start = r0 * strides[0] - pads[0];
    int64_t end = (r0 + size - 1) * strides[0] - pads[0] + kernel[0];
    int64_t inStart = std::max<int64_t>(0, start);
    int64_t inEnd = std::min(h, end);
    lowering.beginTile();
    SmallVector<int64_t> bandShape{n, inEnd - inStart, w, c};
    Value band = lowering.sram(bandShape, element);
    lowering.load(subView(inView, {0, inStart, 0, 0}, bandShape), band, loc);
    SmallVector<int64_t> resShape{n, size, ow, c};
    Value res = lowering.sram(resShape, element);
    lowering.emit<npuhw::PoolOp>(Vector, loc, kind, band, res,
                                 builder.getDenseI64ArrayAttr(kernel),
                                 builder.getDenseI64ArrayAttr(strides),
                                 builder.getDenseI64ArrayAttr(
                                     {inStart - start, pads[1], end - inEnd, padRight}));
    lowering.store(res, subView(outView, {0, r0, 0, 0}, resShape), loc);
  }
  return out.buffer;
}

struct MaxPoolLowering : NpuLoweringPattern<MaxPool2DOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  WhyUnsupported whyNot(MaxPool2DOp pool) const override {
    if (llvm::any_of(pool.getDilations(), [](int64_t d) { return d != 1; }))
      return std::string("the pooling unit has no dilation");
    return std::nullopt;
  }
  FailureOr<Value> lower(MaxPool2DOp op, ConversionPatternRewriter &) const override {
    return lowerPool(lowering, op, op.getKernel(), op.getStrides(), op.getPads(),
                     npuhw::PoolKind::max);
  }
};

struct AvgPoolLowering : NpuLoweringPattern<AvgPool2DOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  WhyUnsupported whyNot(AvgPool2DOp pool) const override {
    if (pool.getCountIncludePad() && llvm::any_of(pool.getPads(), [](int64_t p) { return p; }))
      return std::string("the pooling unit never counts padding; "
                         "count_include_pad with padding is not supported");
    return std::nullopt;
  }
  FailureOr<Value> lower(AvgPool2DOp op, ConversionPatternRewriter &) const override {
    return lowerPool(lowering, op, op.getKernel(), op.getStrides(), op.getPads(),
                     npuhw::PoolKind::avg);
  }
};

/// Global average pooling: one window over H x W, tiled over channels.
struct GlobalAvgPoolLowering : NpuLoweringPattern<GlobalAvgPool2DOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  FailureOr<Value> lower(GlobalAvgPool2DOp op, ConversionPatternRewriter &builder) const override {
    const int64_t budget = lowering.budget;
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    const int64_t n = in[0], c = in[1], h = in[2], w = in[3];
    if (h > 255 || w > 255)
      return op.emitError("cannot run on the NPU: pooling windows are at most "
                          "255 x 255, got ")
             << h << " x " << w;
    FailureOr<DramTensor> input = lowering.get(op.getInput(), true);
    if (failed(input))
      return failure();
    DramTensor out = lowering.result(op.getResult(), true);
    Type element = op.getType().getElementType();
    const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
    int64_t channels = c;
    while (channels > 1 && 2 * n * (h * w + 1) * channels * bytes > budget)
      channels = (channels + 1) / 2;
    View inView = wholeView(input->buffer), outView = wholeView(out.buffer);
    for (int64_t c0 = 0; c0 < c; c0 += channels) {
      int64_t size = std::min(channels, c - c0);
      lowering.beginTile();
      Value tile = lowering.sram({n, h, w, size}, element);
      lowering.load(subView(inView, {0, 0, 0, c0}, {n, h, w, size}), tile, loc);
      Value res = lowering.sram({n, 1, 1, size}, element);
      lowering.emit<npuhw::PoolOp>(Vector, loc, npuhw::PoolKind::avg, tile, res,
                                   builder.getDenseI64ArrayAttr({h, w}),
                                   builder.getDenseI64ArrayAttr({1, 1}),
                                   builder.getDenseI64ArrayAttr({0, 0, 0, 0}));
      lowering.store(res, subView(outView, {0, 0, 0, c0}, {n, 1, 1, size}), loc);
    }
    return out.buffer;
  }
};

/// Softmax and layer norm over the innermost dimension, in bands of rows.
FailureOr<Value> lowerRows(LoweringContext &lowering, Operation *op) {
  const int64_t budget = lowering.budget;
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  const int64_t width = type.getShape().back();
  const int64_t rowsTotal = type.getNumElements() / width;
  Type element = type.getElementType();
  const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
  FailureOr<DramTensor> input = lowering.get(op->getOperand(0), false);
  if (failed(input))
    return failure();
  DramTensor out = lowering.result(op->getResult(0), false);
  Value scale, bias;
  int64_t fixedBytes = 0;
  if (auto norm = dyn_cast<LayerNormOp>(op)) {
    for (auto [value, target] : {std::pair{norm.getScale(), &scale},
                                 std::pair{norm.getBias(), &bias}}) {
      if (!value)
        continue;
      FailureOr<SmallVector<double>> values = lowering.constantValues(value);
      if (failed(values) || static_cast<int64_t>(values->size()) != width)
        return op->emitError("cannot run on the NPU: layer norm needs a "
                             "constant scale and bias of the normalised width");
      SmallVector<uint16_t> halves = toHalf(*values);
      *target = lowering.global("norm", {width}, element,
                                asBytes(ArrayRef<uint16_t>(halves)));
      fixedBytes += width * bytes;
    }
  }
  int64_t rows = std::min(rowsTotal, (budget - fixedBytes) / (4 * width * bytes));
  if (rows <= 0)
    return op->emitError("cannot tile this op into ")
           << budget << " bytes of SRAM: one row does not fit";
  Value scaleTile, biasTile;
  for (int64_t r0 = 0; r0 < rowsTotal; r0 += rows) {
    int64_t size = std::min(rows, rowsTotal - r0);
    lowering.beginTile();
    Value tile = lowering.sram({size, width}, element);
    lowering.load(View{input->buffer, r0 * width, {size, width}, {width, 1}}, tile, loc);
    Value res = lowering.sram({size, width}, element);
    if (auto norm = dyn_cast<LayerNormOp>(op)) {
      if (!scaleTile) {
        scaleTile = lowering.sram({width}, element);
        lowering.load(wholeView(scale), scaleTile, loc);
        if (bias) {
          biasTile = lowering.sram({width}, element);
          lowering.load(wholeView(bias), biasTile, loc);
        }
      }
      lowering.emit<npuhw::NormOp>(Vector, loc, npuhw::NormKind::layer, tile, scaleTile,
                                   biasTile, res, norm.getEpsilon());
    } else {
      lowering.emit<npuhw::SoftmaxOp>(Vector, loc, tile, res);
    }
    lowering.store(res, View{out.buffer, r0 * width, {size, width}, {width, 1}}, loc);
  }
  return out.buffer;
}

struct SoftmaxLowering : NpuLoweringPattern<SoftmaxOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  WhyUnsupported whyNot(SoftmaxOp softmax) const override {
    int64_t rank = softmax.getType().getRank();
    int64_t axis = softmax.getAxis();
    if (axis != rank - 1 && axis != -1)
      return std::string("softmax runs over the innermost dimension only");
    if (lowering.isNhwc(softmax.getInput()) && !layoutsAgree(softmax.getType().getShape()))
      return std::string("softmax over a 4-D activation (stored NHWC) is not supported");
    return std::nullopt;
  }
  FailureOr<Value> lower(SoftmaxOp op, ConversionPatternRewriter &) const override {
    return lowerRows(lowering, op);
  }
};

struct LayerNormLowering : NpuLoweringPattern<LayerNormOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  WhyUnsupported whyNot(LayerNormOp norm) const override {
    int64_t rank = norm.getType().getRank();
    int64_t axis = norm.getAxis() < 0 ? norm.getAxis() + rank : norm.getAxis();
    if (axis != rank - 1)
      return std::string("the vector engine normalises over the innermost "
                         "dimension only");
    if (lowering.isNhwc(norm.getInput()) && !layoutsAgree(norm.getType().getShape()))
      return std::string("layer norm over a 4-D activation (stored NHWC) is "
                         "not supported");
    return std::nullopt;
  }
  FailureOr<Value> lower(LayerNormOp op, ConversionPatternRewriter &) const override {
    return lowerRows(lowering, op);
  }
};

} // namespace

void lowering::populateVectorPatterns(LoweringContext &lowering, LegalityChecks &checks,
                                      RewritePatternSet &patterns) {
  patterns.add<BinaryLowering, UnaryLowering, ClipLowering, LeakyReluLowering,
               HardSigmoidLowering, CastLowering, QuantizeLowering,
               DequantizeLowering, RequantizeLowering, MaxPoolLowering,
               AvgPoolLowering, GlobalAvgPoolLowering, SoftmaxLowering,
               LayerNormLowering>(lowering, checks, patterns.getContext());
}
