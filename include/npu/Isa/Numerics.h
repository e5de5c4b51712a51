//===- Numerics.h - integer-only requantization -----------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The NPU never multiplies by a float scale: a real multiplier M (a ratio of
// scales) is a Q31 integer m and a shift s with M ~= m * 2^-(31 + s), and
// requantization computes round(acc * m / 2^(31 + s)) with 64-bit integers.
// The reference interpreter and the simulator share these functions, so
// their integers agree bit for bit. Rounding: half to even, like ONNX's
// QuantizeLinear. See docs/numerics.md.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_NUMERICS_H
#define NPU_ISA_NUMERICS_H

#include <cstdint>

namespace mlir::npu::reference {

/// A real multiplier as Q31 fixed point: value ~= multiplier * 2^-(31 + shift),
/// multiplier in [2^30, 2^31) (or 0 for M == 0).
struct FixedPointMultiplier {
  int32_t multiplier = 0;
  int32_t shift = 0;
};

/// Encodes M > 0 (zero gives a zero multiplier).
FixedPointMultiplier encodeMultiplier(double m);

/// round_half_even(value * multiplier / 2^(31 + shift)) in exact integers.
int64_t applyMultiplier(int64_t value, FixedPointMultiplier m);

/// zero_point + applyMultiplier(acc, m), clamped to [lo, hi].
int64_t requantize(int64_t acc, FixedPointMultiplier m, int64_t zeroPoint,
                   int64_t lo, int64_t hi);

/// IEEE binary16 <-> binary32, rounding to nearest even; NaNs made quiet
/// with their top payload bits, as F16C's vcvtps2ph / vcvtph2ps do (the
/// kernels' vector conversions match these bit for bit).
float convertF16ToF32(uint16_t half);
uint16_t convertF32ToF16(float value);

} // namespace mlir::npu::reference

#endif // NPU_ISA_NUMERICS_H
