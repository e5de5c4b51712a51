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

#include "npu/Isa/Numerics.h"

#include <cstring>

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

float mlir::npu::reference::convertF16ToF32(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) // inf, or NaN made quiet as vcvtph2ps does
    bits = sign | 0x7f800000 | (mantissa << 13) | (mantissa ? 0x400000 : 0);
  else if (exponent != 0) // rebias 15 -> 127
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  else { // zero or subnormal: mantissa * 2^-24 is exact in float
    float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    std::memcpy(&bits, &magnitude, sizeof(bits));
    bits |= sign;
  }
  float result;
  std::memcpy(&result, &bits, sizeof(result));
  return result;
}

uint16_t mlir::npu::reference::convertF32ToF16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  auto sign = static_cast<uint16_t>((bits >> 16) & 0x8000);
  uint32_t magnitude = bits & 0x7fffffff;
  if (magnitude > 0x7f800000) // NaN: quiet, top payload bits, as vcvtps2ph
    return sign | 0x7e00 | ((magnitude >> 13) & 0x3ff);
  if (magnitude >= 0x477ff000) // >= 65520, halfway from 65504 to 2^16: inf
    return sign | 0x7c00;
  if (magnitude >= 0x38800000) { // normal in f16 (>= 2^-14)
    // Rebias 127 -> 15 and round the 13 dropped bits to nearest even; a
    // carry out of the mantissa correctly bumps the exponent.
    uint32_t rebased = magnitude - 0x38000000;
    rebased += 0xfff + ((rebased >> 13) & 1);
    return sign | static_cast<uint16_t>(rebased >> 13);
  }
  if (magnitude <= 0x33000000) // <= 2^-25, half the smallest subnormal: zero
    return sign;
  // Subnormal in f16: the value in units of 2^-24 is significand >> drop.
  uint32_t significand = (magnitude & 0x7fffff) | 0x800000;
  uint32_t drop = 126 - (magnitude >> 23); // 14..24 here
  uint32_t quotient = significand >> drop;
  uint32_t remainder = significand & ((1u << drop) - 1);
  uint32_t half = 1u << (drop - 1);
  if (remainder > half || (remainder == half && (quotient & 1)))
    ++quotient; // may reach 0x400, the smallest normal: still the right bits
  return sign | static_cast<uint16_t>(quotient);
}
