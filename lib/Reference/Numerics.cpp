//===- Numerics.cpp - integer-only requantization -------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Compiled into NPUNumerics, a library without MLIR: the reference
// interpreter and the simulator link the same definitions.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Numerics.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir::npu::reference;

FixedPointMultiplier mlir::npu::reference::encodeMultiplier(double m) {
  FixedPointMultiplier result;
  if (!(m > 0.0))
    return result;
  int exponent;
  double fraction = std::frexp(m, &exponent); // m = fraction * 2^exponent
  int64_t q = std::llround(fraction * (int64_t{1} << 31));
  if (q == (int64_t{1} << 31)) { // fraction rounded up to 1.0
    q /= 2;
    ++exponent;
  }
  // m ~= q * 2^(exponent - 31) = q * 2^-(31 + shift)
  result.multiplier = static_cast<int32_t>(q);
  result.shift = -exponent;
  return result;
}

/// `value` clamped to the int64 range.
static int64_t saturate(__int128 value) {
  constexpr __int128 lo = std::numeric_limits<int64_t>::min();
  constexpr __int128 hi = std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(value < lo ? lo : value > hi ? hi : value);
}

int64_t mlir::npu::reference::applyMultiplier(int64_t value,
                                              FixedPointMultiplier m) {
  if (m.multiplier == 0 || value == 0)
    return 0;
  int total = 31 + m.shift;
  // |product| < 2^63 * 2^31 = 2^94: exact in 128 bits.
  __int128 product = static_cast<__int128>(value) * m.multiplier;
  if (total <= 0) {
    // A multiplier of at least 1 (never produced by encodeMultiplier for a
    // ratio of scales below 2^0): exact while it fits, saturated beyond.
    // Multiplying, not shifting, keeps negative products defined.
    if (-total > 32)
      return product > 0 ? std::numeric_limits<int64_t>::max()
                         : std::numeric_limits<int64_t>::min();
    return saturate(product * (static_cast<__int128>(1) << -total));
  }
  if (total >= 126)
    return 0;
  __int128 divisor = static_cast<__int128>(1) << total;
  __int128 quotient = product / divisor; // truncates toward zero
  __int128 remainder = product - quotient * divisor;
  __int128 twice = remainder * 2;
  if (product >= 0) {
    if (twice > divisor || (twice == divisor && (quotient & 1)))
      ++quotient;
  } else {
    if (-twice > divisor || (-twice == divisor && (quotient & 1)))
      --quotient;
  }
  return saturate(quotient);
}

int64_t mlir::npu::reference::requantize(int64_t acc, FixedPointMultiplier m,
                                         int64_t zeroPoint, int64_t lo,
                                         int64_t hi) {
  // In 128 bits: a saturated product plus the zero point cannot overflow.
  __int128 shifted = static_cast<__int128>(applyMultiplier(acc, m)) + zeroPoint;
  return saturate(std::clamp<__int128>(shifted, lo, hi));
}
