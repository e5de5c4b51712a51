//===- NpuSemantics.cpp - element semantics of npu ops --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuSemantics.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::npu;

double mlir::npu::roundToFloatType(double value, FloatType floatType) {
  if (floatType.isF64())
    return value;
  if (floatType.isF32())
    return static_cast<double>(static_cast<float>(value));
  // f16, bf16: IEEE conversion with round-to-nearest-even (overflow -> inf).
  bool losesInfo;
  llvm::APFloat f(value);
  f.convert(floatType.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f.convertToDouble();
}

int64_t mlir::npu::wrapToInteger(int64_t value, unsigned width,
                                 bool isUnsigned) {
  if (width >= 64)
    return value;
  uint64_t mask = (uint64_t{1} << width) - 1;
  uint64_t bits = static_cast<uint64_t>(value) & mask;
  if (isUnsigned || width == 1)
    return static_cast<int64_t>(bits);
  uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>((bits ^ sign) - sign);
}

SmallVector<int64_t> mlir::npu::computeStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

int64_t mlir::npu::broadcastIndex(int64_t index, ArrayRef<int64_t> resultShape,
                                  ArrayRef<int64_t> shape) {
  int64_t offset = resultShape.size() - shape.size(), source = 0, stride = 1;
  for (int64_t d = static_cast<int64_t>(resultShape.size()) - 1; d >= 0; --d) {
    int64_t coordinate = index % resultShape[d];
    index /= resultShape[d];
    if (d < offset)
      continue;
    int64_t size = shape[d - offset];
    if (size != 1)
      source += coordinate * stride;
    stride *= size;
  }
  return source;
}

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

namespace {

/// Two's-complement arithmetic without signed-overflow undefined behaviour;
/// the result is wrapped to the element width afterwards.
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

constexpr double kSqrt1_2 = 0.70710678118654752440;
constexpr double kSqrt2OverPi = 0.79788456080286535588;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

} // namespace

double mlir::npu::applyUnary(UnaryKind kind, double x) {
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
  llvm_unreachable("unknown UnaryKind");
}

std::optional<int64_t> mlir::npu::applyUnary(UnaryKind kind, int64_t x) {
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

double mlir::npu::applyBinary(BinaryKind kind, double a, double b) {
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
  llvm_unreachable("unknown BinaryKind");
}

std::optional<int64_t> mlir::npu::applyBinary(BinaryKind kind, int64_t a,
                                              int64_t b) {
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
    // Square-and-multiply, wrapping: exact modulo 2^64 for any exponent.
    uint64_t result = 1, base = static_cast<uint64_t>(a);
    for (uint64_t e = static_cast<uint64_t>(b); e; e >>= 1, base *= base)
      if (e & 1)
        result *= base;
    return static_cast<int64_t>(result);
  }
  }
  llvm_unreachable("unknown BinaryKind");
}

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

int64_t mlir::npu::castFloatToInteger(double value, IntegerType type) {
  unsigned width = type.getWidth();
  if (width == 1)
    return value != 0.0;
  if (std::isnan(value))
    return 0;
  double lo = type.isUnsigned() ? 0.0 : -std::ldexp(1.0, width - 1);
  double hi = type.isUnsigned() ? std::ldexp(1.0, width) - 1
                                : std::ldexp(1.0, width - 1) - 1;
  // 9.2e18 keeps the conversion of a 64-bit type's maximum in range.
  return static_cast<int64_t>(std::clamp(std::trunc(value), lo, std::min(hi, 9.2e18)));
}

int64_t mlir::npu::quantizeValue(double x, double scale, int64_t zeroPoint,
                                 int64_t lo, int64_t hi) {
  float scaled = static_cast<float>(x) / static_cast<float>(scale);
  if (std::isnan(scaled))
    return std::clamp(zeroPoint, lo, hi);
  double rounded = std::nearbyint(static_cast<double>(scaled)); // ties to even
  rounded = std::clamp(rounded, -1e18, 1e18);
  return std::clamp(static_cast<int64_t>(rounded) + zeroPoint, lo, hi);
}

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

double mlir::npu::resizeSourceCoordinate(CoordinateTransform transform,
                                         int64_t x, int64_t inLength, int64_t outLength) {
  double scale = static_cast<double>(outLength) / inLength;
  switch (transform) {
  case CoordinateTransform::half_pixel:
    return (x + 0.5) / scale - 0.5;
  case CoordinateTransform::pytorch_half_pixel:
    return outLength > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
  case CoordinateTransform::align_corners:
    return outLength == 1 ? 0.0
                          : static_cast<double>(x) * (inLength - 1) / (outLength - 1);
  case CoordinateTransform::asymmetric:
    return x / scale;
  }
  return 0.0;
}

/// The input index `nearest` mode reads for input coordinate `x`.
static int64_t nearestIndex(NearestRounding rounding, double x, int64_t length) {
  double r;
  switch (rounding) {
  case NearestRounding::round_prefer_floor:
    r = (x == std::floor(x) + 0.5) ? std::floor(x) : std::round(x);
    break;
  case NearestRounding::round_prefer_ceil:
    r = std::round(x); // halves away from zero: up for x >= 0
    if (x < 0 && x == std::floor(x) + 0.5)
      r = std::ceil(x);
    break;
  case NearestRounding::floor:
    r = std::floor(x);
    break;
  case NearestRounding::ceil:
    r = std::ceil(x);
    break;
  }
  return std::clamp<int64_t>(static_cast<int64_t>(r), 0, length - 1);
}

int64_t ResizeOp::getNearestSourceIndex(int64_t x, int64_t inLength,
                                        int64_t outLength) {
  return nearestIndex(getNearestRounding(),
                      resizeSourceCoordinate(getCoordinateTransform(), x, inLength, outLength),
                      inLength);
}
