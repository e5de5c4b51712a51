//===- WeightPacking.cpp - weights, biases and int8 epilogues -------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "MatrixEngine.h"

#include "npu/Conversion/NpuToNpuHw.h"

#include "npu/Reference/Interpreter.h"
#include "npu/Isa/Packing.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

Value lowering::packWeights(LoweringContext &lowering, StringRef prefix,
                            ArrayRef<double> b, int64_t groups, int64_t k,
                            int64_t n, bool int8) {
  const int64_t panel = lowering.target.matrix.cols;
  OpBuilder &builder = lowering.getBuilder();
  if (int8) {
    const int64_t perGroup = kernels::getPackedS8Bytes(k, n, panel);
    SmallVector<int8_t> values(b.size()), packed(groups * perGroup);
    for (size_t i = 0; i < b.size(); ++i)
      values[i] = static_cast<int8_t>(b[i]);
    for (int64_t g = 0; g < groups; ++g)
      kernels::packS8(values.data() + g * k * n, k, n, panel,
                      packed.data() + g * perGroup);
    return lowering.global(prefix, {static_cast<int64_t>(packed.size())},
                           builder.getIntegerType(8), asBytes(ArrayRef<int8_t>(packed)));
  }
  const int64_t perGroup = kernels::getPackedF16Elements(k, n, panel);
  SmallVector<uint16_t> halves = toHalf(b), packed(groups * perGroup);
  for (int64_t g = 0; g < groups; ++g)
    kernels::packF16(halves.data() + g * k * n, k, n, panel,
                     packed.data() + g * perGroup);
  return lowering.global(prefix, {static_cast<int64_t>(packed.size())},
                         builder.getF16Type(), asBytes(ArrayRef<uint16_t>(packed)));
}

FailureOr<Int8Epilogue>
lowering::getInt8Epilogue(LoweringContext &lowering, Operation *op, Value input,
                          Value weight, Value biasValue,
                          ArrayRef<double> weightSums, int64_t blockSize,
                          std::optional<ArrayRef<float>> clamp) {
  auto inputType = getInt8Activation(input.getType());
  auto resultType = getInt8Activation(op->getResult(0).getType());
  auto weightType = cast<quant::QuantizedType>(getElementTypeOrSelf(weight.getType()));
  const int64_t channels = weightSums.size();
  Int8Epilogue epilogue;
  epilogue.inputZeroPoint = inputType.getZeroPoint();
  SmallVector<double> bias(channels, 0.0);
  if (biasValue) {
    FailureOr<SmallVector<double>> values = lowering.constantValues(biasValue);
    if (failed(values))
      return op->emitError("cannot read the bias constant");
    bias = *values;
  }
  SmallVector<reference::ProductRequantization> perChannel;
  for (int64_t c = 0; c < channels; ++c) {
    double folded = bias[c] - epilogue.inputZeroPoint * weightSums[c];
    if (folded < INT32_MIN || folded > INT32_MAX)
      return op->emitError("cannot run on the NPU: output channel ")
             << c << "'s bias with the input zero point folded in (" << folded
             << ") does not fit the i32 accumulator";
    epilogue.bias.push_back(static_cast<int32_t>(folded));
    perChannel.push_back(reference::getProductRequantization(
        inputType, weightType, resultType, c, clamp));
  }
  epilogue.zeroPoint = perChannel.front().zeroPoint;
  epilogue.lo = perChannel.front().lo;
  epilogue.hi = perChannel.front().hi;
  for (int64_t c0 = 0; c0 < channels; c0 += blockSize) {
    int64_t end = std::min(channels, c0 + blockSize);
    for (int64_t c = c0; c < end; ++c)
      epilogue.table.push_back(perChannel[c].multiplier.multiplier);
    for (int64_t c = c0; c < end; ++c)
      epilogue.table.push_back(perChannel[c].multiplier.shift);
  }
  return epilogue;
}

void lowering::emitWriteBack(LoweringContext &lowering, Value acc, Value out,
                             std::optional<ArrayRef<float>> clamp, Location loc,
                             Stage stage) {
  OpBuilder &builder = lowering.getBuilder();
  FloatAttr alpha, beta;
  npuhw::ActivationKind kind = npuhw::ActivationKind::copy;
  if (clamp) {
    float lo = (*clamp)[0], hi = (*clamp)[1];
    if (lo == 0.0f && std::isinf(hi) && hi > 0) {
      kind = npuhw::ActivationKind::relu;
    } else {
      kind = npuhw::ActivationKind::clip;
      alpha = builder.getF32FloatAttr(lo);
      beta = builder.getF32FloatAttr(hi);
    }
  }
  lowering.emit<npuhw::ActivationOp>(stage, loc, kind, acc, out, alpha, beta);
}

void lowering::emitRequant(LoweringContext &lowering, Value acc, Value table,
                           Value out, const Int8Epilogue &epilogue, Location loc,
                           Stage stage) {
  OpBuilder &builder = lowering.getBuilder();
  lowering.emit<npuhw::RequantOp>(stage, loc, acc, table, out,
                                  builder.getI32IntegerAttr(epilogue.zeroPoint),
                                  builder.getI32IntegerAttr(epilogue.lo),
                                  builder.getI32IntegerAttr(epilogue.hi));
}

FailureOr<ConvConstants> lowering::packConv(LoweringContext &lowering, Conv2DOp op,
                                            const ConvProblem &problem,
                                            int64_t tableBlock) {
  OpBuilder &builder = lowering.getBuilder();
  const bool int8 = problem.type == runtime::DType::I8;
  // Packed filter: per group, B[(kh, kw, c)][o] in panels of the array width.
  const int64_t panel = lowering.target.matrix.cols, groups = problem.groups;
  const int64_t og = problem.outChannels / groups, cg = problem.inChannels / groups;
  const int64_t kh = problem.kernelH, kw = problem.kernelW;
  const int64_t k = kh * kw * cg;
  ConvConstants constants;
  constants.perGroup = int8 ? kernels::getPackedS8Bytes(k, og, panel)
                            : kernels::getPackedF16Elements(k, og, panel);
  constants.packedTotal = groups * constants.perGroup;
  FailureOr<SmallVector<double>> weights = lowering.constantValues(op.getFilter());
  if (failed(weights))
    return op.emitError("cannot read the filter constant");
  SmallVector<double> b(groups * k * og);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t o = 0; o < og; ++o)
      for (int64_t c = 0; c < cg; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x)
            b[g * k * og + ((y * kw + x) * cg + c) * og + o] =
                (*weights)[(((g * og + o) * cg + c) * kh + y) * kw + x];
  constants.filter = packWeights(lowering, "filter", b, groups, k, og, int8);
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  constants.weightElement = int8 ? Type(builder.getIntegerType(8)) : Type(builder.getF16Type());
  constants.accElement = int8 ? i32 : f32;
  constants.resultElement = constants.weightElement;
  if (int8) {
    SmallVector<double> sums(problem.outChannels, 0.0);
    for (int64_t o = 0; o < problem.outChannels; ++o)
      for (int64_t i = 0; i < k; ++i)
        sums[o] += (*weights)[o * k + i];
    FailureOr<Int8Epilogue> computed =
        getInt8Epilogue(lowering, op, op.getInput(), op.getFilter(), op.getBias(),
                        sums, tableBlock, op.getClamp());
    if (failed(computed))
      return failure();
    constants.epilogue = std::move(*computed);
    constants.bias = lowering.global("bias", {problem.outChannels}, i32,
                                     asBytes(ArrayRef<int32_t>(constants.epilogue.bias)));
    constants.table = lowering.global("requant", {2 * problem.outChannels}, i32,
                                      asBytes(ArrayRef<int32_t>(constants.epilogue.table)));
  } else if (op.getBias()) {
    FailureOr<SmallVector<double>> values = lowering.constantValues(op.getBias());
    if (failed(values))
      return op.emitError("cannot read the bias constant");
    SmallVector<float> floats(values->begin(), values->end());
    constants.bias = lowering.global("bias", {problem.outChannels}, f32,
                                     asBytes(ArrayRef<float>(floats)));
  }
  return constants;
}

void lowering::emitConvTile(LoweringContext &lowering, Stage stage, Conv2DOp op,
                            const ConvProblem &problem, const ConvBand &rows,
                            Value band, Value filter, Value acc, Value bias,
                            int64_t groups, int64_t inputZeroPoint) {
  OpBuilder &builder = lowering.getBuilder();
  lowering.emit<npuhw::Conv2DOp>(
      stage, op.getLoc(), band, filter, acc, bias,
      builder.getDenseI64ArrayAttr({problem.kernelH, problem.kernelW}),
      op.getStridesAttr(),
      builder.getDenseI64ArrayAttr(
          {rows.padTop, problem.padLeft, rows.padBottom, problem.padRight}),
      op.getDilationsAttr(), builder.getI64IntegerAttr(groups),
      builder.getI64IntegerAttr(lowering.target.matrix.cols),
      builder.getI64IntegerAttr(inputZeroPoint), /*accumulate=*/UnitAttr());
}

WhyUnsupported lowering::whyNotConv(Conv2DOp conv) {
  if (!conv.getFilter().getDefiningOp<ConstantOp>() ||
      (conv.getBias() && !conv.getBias().getDefiningOp<ConstantOp>()))
    return std::string("its filter and bias must be constants (weights are "
                       "packed at compile time)");
  if (!getConvProblem(conv))
    return std::string("kernel, stride, dilation and padding are 8-bit "
                       "command fields (at most 255)");
  return std::nullopt;
}

WhyUnsupported lowering::whyNotInt8Conv(Conv2DOp conv) {
  return whyNotInt8Product(conv.getInput(), conv.getFilter(), conv.getBias(),
                           conv.getType(), /*channelAxis=*/0);
}
