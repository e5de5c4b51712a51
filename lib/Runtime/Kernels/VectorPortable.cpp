//===- VectorPortable.cpp - requantization and fp16 in plain C++ ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Integer-only versions of the vector kernels. They also serve the AVX2 file
// for the cases it leaves to scalar code (tails, unusual shifts), so they
// define the exact results every path must reproduce.
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"
#include "npu/Isa/Numerics.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mlir::npu::kernels;
using namespace mlir::npu::kernels::detail;

namespace {

/// zeroPoint + round_half_even(acc * m / 2^(31 + shift)), clamped: the
/// reference's requantize. The usual right shifts take a 64-bit path (|acc *
/// m| <= 2^62 fits); left shifts, which no ratio of scales below 1 produces,
/// go to the reference itself, so the two cannot disagree.
int8_t requantizeOne(int32_t acc, int32_t multiplier, int32_t shift,
                     int32_t zeroPoint, int32_t lo, int32_t hi) {
  int64_t total = 31 + static_cast<int64_t>(shift);
  if (total <= 0)
    return static_cast<int8_t>(mlir::npu::reference::requantize(
        acc, {multiplier, shift}, zeroPoint, lo, hi));
  int64_t product = static_cast<int64_t>(acc) * multiplier;
  int64_t quotient = 0; // |product / 2^total| <= 1/2 rounds to even 0
  if (total < 63) {
    quotient = product >> total; // floor
    int64_t remainder = product - quotient * (int64_t{1} << total);
    int64_t half = int64_t{1} << (total - 1);
    if (remainder > half || (remainder == half && (quotient & 1)))
      ++quotient;
  }
  return static_cast<int8_t>(std::clamp<int64_t>(quotient + zeroPoint, lo, hi));
}

} // namespace

void mlir::npu::kernels::detail::requantizeS32ToS8Portable(
    const int32_t *acc, int64_t count, int64_t channels,
    const int32_t *multipliers, const int32_t *shifts, int32_t zeroPoint,
    int32_t lo, int32_t hi, int8_t *out) {
  for (int64_t i = 0, c = 0; i < count; ++i) {
    out[i] =
        requantizeOne(acc[i], multipliers[c], shifts[c], zeroPoint, lo, hi);
    if (++c == channels)
      c = 0;
  }
}

void mlir::npu::kernels::detail::quantizeF32ToS8Portable(const float *x,
                                                         int64_t count,
                                                         float scale,
                                                         int32_t zeroPoint,
                                                         int8_t *out) {
  for (int64_t i = 0; i < count; ++i) {
    float scaled = x[i] / scale;
    double q = std::isnan(scaled) ? 0.0 : std::nearbyint(double(scaled));
    out[i] = static_cast<int8_t>(std::clamp(q + zeroPoint, -128.0, 127.0));
  }
}

void mlir::npu::kernels::detail::dequantizeS8ToF32Portable(const int8_t *in,
                                                           int64_t count,
                                                           float scale,
                                                           int32_t zeroPoint,
                                                           float *out) {
  for (int64_t i = 0; i < count; ++i)
    out[i] = static_cast<float>(double(in[i] - zeroPoint) * double(scale));
}

void mlir::npu::kernels::detail::applyExpFunctionPortable(ExpFunction function,
                                                          float *x,
                                                          int64_t count,
                                                          float offset) {
  for (int64_t i = 0; i < count; ++i) {
    double v = x[i];
    switch (function) {
    case ExpFunction::Exp:
      x[i] = static_cast<float>(std::exp(v - double(offset)));
      break;
    case ExpFunction::Sigmoid:
      x[i] = static_cast<float>(1.0 / (1.0 + std::exp(-v)));
      break;
    case ExpFunction::Silu:
      x[i] = static_cast<float>(v / (1.0 + std::exp(-v)));
      break;
    }
  }
}

void mlir::npu::kernels::detail::convertF16ToF32Portable(const uint16_t *in,
                                                         int64_t count,
                                                         float *out) {
  for (int64_t i = 0; i < count; ++i)
    out[i] = mlir::npu::reference::convertF16ToF32(in[i]);
}

void mlir::npu::kernels::detail::convertF32ToF16Portable(const float *in,
                                                         int64_t count,
                                                         uint16_t *out) {
  for (int64_t i = 0; i < count; ++i)
    out[i] = mlir::npu::reference::convertF32ToF16(in[i]);
}
