//===- EvalElementwise.cpp - reference semantics of element-wise ops ------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Float arithmetic runs in double and is rounded to the result type, which
// for + - * / and sqrt is the correctly rounded IEEE result of that type;
// transcendental functions are libm's double versions, rounded. Integer
// arithmetic wraps to the result width; division truncates toward zero and
// division by zero is an error.
//
//===----------------------------------------------------------------------===//

#include "ReferenceUtils.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

namespace {

int64_t wrapAdd(int64_t a, int64_t b);
int64_t wrapMul(int64_t a, int64_t b);

constexpr double kSqrt1_2 = 0.70710678118654752440;
constexpr double kSqrt2OverPi = 0.79788456080286535588;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::optional<double> unaryFloat(UnaryKind kind, double x) {
  switch (kind) {
  case UnaryKind::relu:
    return x > 0 ? x : 0.0;
  case UnaryKind::sigmoid:
    return sigmoid(x);
  case UnaryKind::tanh:
    return std::tanh(x);
  case UnaryKind::gelu_erf:
    return 0.5 * x * (1.0 + std::erf(x * kSqrt1_2));
  case UnaryKind::gelu_tanh:
    return 0.5 * x * (1.0 + std::tanh(kSqrt2OverPi * (x + 0.044715 * x * x * x)));
  case UnaryKind::silu:
    return x * sigmoid(x);
  case UnaryKind::hard_swish:
    return x * std::clamp(x + 3.0, 0.0, 6.0) / 6.0;
  case UnaryKind::exp:
    return std::exp(x);
  case UnaryKind::log:
    return std::log(x);
  case UnaryKind::sqrt:
    return std::sqrt(x);
  case UnaryKind::rsqrt:
    return 1.0 / std::sqrt(x);
  case UnaryKind::reciprocal:
    return 1.0 / x;
  case UnaryKind::erf:
    return std::erf(x);
  case UnaryKind::neg:
    return -x;
  case UnaryKind::abs:
    return std::fabs(x);
  case UnaryKind::sin:
    return std::sin(x);
  case UnaryKind::cos:
    return std::cos(x);
  case UnaryKind::floor:
    return std::floor(x);
  case UnaryKind::ceil:
    return std::ceil(x);
  }
  return std::nullopt;
}

std::optional<int64_t> unaryInt(UnaryKind kind, int64_t x) {
  switch (kind) {
  case UnaryKind::relu:
    return std::max<int64_t>(x, 0);
  case UnaryKind::neg:
    return wrapMul(x, -1);
  case UnaryKind::abs:
    return x < 0 ? wrapMul(x, -1) : x;
  case UnaryKind::floor:
  case UnaryKind::ceil:
    return x;
  default:
    return std::nullopt;
  }
}

/// Applies `fn` element-wise in the compute domain; `intFn` for integer
/// tensors (null: not defined on integers).
template <typename FloatFn, typename IntFn>
LogicalResult evalUnary(Operation *op, const Tensor &input, FloatFn floatFn,
                        IntFn intFn, SmallVectorImpl<Tensor> &results) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Tensor x = toCompute(input);
  Tensor out(computeType(resultType));
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    if (out.isFloat()) {
      out.floats()[i] = floatFn(x.getAsDouble(i));
    } else {
      std::optional<int64_t> v = intFn(x.ints()[i]);
      if (!v)
        return op->emitOpError("is not defined on integer tensors of type ")
               << resultType.getElementType();
      out.ints()[i] = *v;
    }
  }
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

/// Two's-complement arithmetic without signed-overflow undefined behaviour;
/// the result is wrapped to the element width afterwards.
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

std::optional<int64_t> binaryInt(BinaryKind kind, int64_t a, int64_t b) {
  switch (kind) {
  case BinaryKind::add:
    return wrapAdd(a, b);
  case BinaryKind::sub:
    return wrapAdd(a, wrapMul(b, -1));
  case BinaryKind::mul:
    return wrapMul(a, b);
  case BinaryKind::div:
    if (b == 0)
      return std::nullopt;
    if (a == std::numeric_limits<int64_t>::min() && b == -1)
      return a; // the quotient wraps, as two's-complement hardware gives
    return a / b; // truncates toward zero
  case BinaryKind::max:
    return std::max(a, b);
  case BinaryKind::min:
    return std::min(a, b);
  case BinaryKind::pow: {
    if (b < 0)
      return a == 1 ? 1 : (a == -1 ? (b % 2 ? -1 : 1) : 0);
    int64_t r = 1;
    for (int64_t i = 0; i < b && i < 64; ++i)
      r = wrapMul(r, a);
    return r;
  }
  }
  return std::nullopt;
}

double binaryFloat(BinaryKind kind, double a, double b) {
  switch (kind) {
  case BinaryKind::add:
    return a + b;
  case BinaryKind::sub:
    return a - b;
  case BinaryKind::mul:
    return a * b;
  case BinaryKind::div:
    return a / b;
  case BinaryKind::max:
    return std::isnan(a) || std::isnan(b) ? std::numeric_limits<double>::quiet_NaN()
                                          : std::max(a, b);
  case BinaryKind::min:
    return std::isnan(a) || std::isnan(b) ? std::numeric_limits<double>::quiet_NaN()
                                          : std::min(a, b);
  case BinaryKind::pow:
    return std::pow(a, b);
  }
  return 0;
}

} // namespace

LogicalResult BinaryOp::evaluate(EvalContext &, ArrayRef<const Tensor *> operands,
                                 SmallVectorImpl<Tensor> &results) {
  auto resultType = getOutput().getType();
  Tensor a = toCompute(*operands[0]), b = toCompute(*operands[1]);
  Tensor out(computeType(resultType));
  ArrayRef<int64_t> shape = resultType.getShape();
  ArrayRef<int64_t> aShape = a.getShape(), bShape = b.getShape();
  bool sameShapes = aShape == shape && bShape == shape;
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    int64_t ia = sameShapes ? i : broadcastIndex(i, shape, aShape);
    int64_t ib = sameShapes ? i : broadcastIndex(i, shape, bShape);
    if (out.isFloat()) {
      out.floats()[i] = binaryFloat(getKind(), a.getAsDouble(ia), b.getAsDouble(ib));
      continue;
    }
    std::optional<int64_t> v = binaryInt(getKind(), a.ints()[ia], b.ints()[ib]);
    if (!v)
      return emitOpError("divides by zero at element ") << i;
    out.ints()[i] = *v;
  }
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

LogicalResult UnaryOp::evaluate(EvalContext &, ArrayRef<const Tensor *> operands,
                                SmallVectorImpl<Tensor> &results) {
  UnaryKind kind = getKind();
  return evalUnary(
      *this, *operands[0], [&](double x) { return *unaryFloat(kind, x); },
      [&](int64_t x) { return unaryInt(kind, x); }, results);
}

LogicalResult ClipOp::evaluate(EvalContext &, ArrayRef<const Tensor *> operands,
                               SmallVectorImpl<Tensor> &results) {
  double lo = getMin().convertToFloat(), hi = getMax().convertToFloat();
  return evalUnary(
      *this, *operands[0], [&](double x) { return std::clamp(x, lo, hi); },
      [&](int64_t x) -> std::optional<int64_t> {
        double v = std::clamp(static_cast<double>(x), lo, hi);
        return static_cast<int64_t>(v >= 0 ? std::floor(v) : std::ceil(v));
      },
      results);
}

LogicalResult LeakyReluOp::evaluate(EvalContext &,
                                    ArrayRef<const Tensor *> operands,
                                    SmallVectorImpl<Tensor> &results) {
  double alpha = getAlpha().convertToFloat();
  return evalUnary(
      *this, *operands[0], [&](double x) { return x >= 0 ? x : alpha * x; },
      [](int64_t) -> std::optional<int64_t> { return std::nullopt; }, results);
}

LogicalResult HardSigmoidOp::evaluate(EvalContext &,
                                      ArrayRef<const Tensor *> operands,
                                      SmallVectorImpl<Tensor> &results) {
  double alpha = getAlpha().convertToFloat(), beta = getBeta().convertToFloat();
  return evalUnary(
      *this, *operands[0],
      [&](double x) { return std::clamp(alpha * x + beta, 0.0, 1.0); },
      [](int64_t) -> std::optional<int64_t> { return std::nullopt; }, results);
}

LogicalResult CastOp::evaluate(EvalContext &, ArrayRef<const Tensor *> operands,
                               SmallVectorImpl<Tensor> &results) {
  const Tensor &input = *operands[0];
  auto resultType = getOutput().getType();
  Tensor out(resultType);
  Type to = resultType.getElementType();
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    if (out.isFloat()) {
      out.floats()[i] = input.getAsDouble(i);
    } else if (input.isFloat()) {
      // Truncate toward zero, saturating to the target range; NaN gives 0.
      double v = input.floats()[i];
      auto integer = cast<IntegerType>(to);
      if (integer.getWidth() == 1) {
        out.ints()[i] = v != 0.0;
        continue;
      }
      double lo = integer.isUnsigned()
                      ? 0.0
                      : -std::ldexp(1.0, integer.getWidth() - 1);
      double hi = integer.isUnsigned() ? std::ldexp(1.0, integer.getWidth()) - 1
                                       : std::ldexp(1.0, integer.getWidth() - 1) - 1;
      out.ints()[i] = std::isnan(v) ? 0
                                    : static_cast<int64_t>(std::clamp(std::trunc(v), lo,
                                                                      std::min(hi, 9.2e18)));
    } else {
      out.ints()[i] = input.ints()[i]; // wrapped below
    }
  }
  out.roundToType();
  results.push_back(std::move(out));
  return success();
}

LogicalResult QuantizeOp::evaluate(EvalContext &, ArrayRef<const Tensor *> operands,
                                   SmallVectorImpl<Tensor> &results) {
  results.push_back(fromCompute(*operands[0], getOutput().getType()));
  return success();
}

LogicalResult DequantizeOp::evaluate(EvalContext &,
                                     ArrayRef<const Tensor *> operands,
                                     SmallVectorImpl<Tensor> &results) {
  results.push_back(toCompute(*operands[0]));
  return success();
}

LogicalResult RequantizeOp::evaluate(EvalContext &,
                                     ArrayRef<const Tensor *> operands,
                                     SmallVectorImpl<Tensor> &results) {
  // Integer-only: (q - zi) * (si / so) with a fixed-point multiplier per
  // channel, rounded half to even, plus zo.
  const Tensor &input = *operands[0];
  auto in = cast<quant::QuantizedType>(input.getElementType());
  auto resultType = getOutput().getType();
  auto out = cast<quant::QuantizedType>(resultType.getElementType());
  Tensor result(resultType);
  int64_t inAxis = quantizedAxis(in), outAxis = quantizedAxis(out);
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> strides = computeStrides(shape);
  for (int64_t i = 0, e = result.getNumElements(); i < e; ++i) {
    auto channel = [&](int64_t axis) {
      return axis < 0 ? 0 : (i / strides[axis]) % shape[axis];
    };
    QuantParams pi = quantParams(in, channel(inAxis));
    QuantParams po = quantParams(out, channel(outAxis));
    FixedPointMultiplier m = encodeMultiplier(pi.scale / po.scale);
    result.ints()[i] = requantize(input.ints()[i] - pi.zeroPoint, m, po.zeroPoint,
                                  out.getStorageTypeMin(), out.getStorageTypeMax());
  }
  results.push_back(std::move(result));
  return success();
}

LogicalResult BroadcastOp::evaluate(EvalContext &,
                                    ArrayRef<const Tensor *> operands,
                                    SmallVectorImpl<Tensor> &results) {
  const Tensor &input = *operands[0];
  auto resultType = getOutput().getType();
  Tensor out(resultType);
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i)
    copyElement(input, broadcastIndex(i, resultType.getShape(), input.getShape()),
                out, i);
  results.push_back(std::move(out));
  return success();
}
