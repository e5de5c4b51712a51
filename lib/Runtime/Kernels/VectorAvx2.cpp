//===- VectorAvx2.cpp - requantization and fp16 for AVX2 + F16C -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Requantization in 64-bit lanes: vpmuludq's signed twin vpmuldq forms the
// exact product acc * m (|product| <= 2^62) of the even lanes, and of the odd
// lanes after a 32-bit shift. AVX2 has no arithmetic 64-bit shift, so the
// product is biased by 2^63 (an xor), shifted logically and unbiased;
// rounding half to even adds 2^(t-1) - 1 plus the bit that becomes the
// quotient's lowest. This needs 1 <= t = 31 + shift <= 62, true of what
// encodeMultiplier gives for every M in [2^-32, 2^30); other shifts go to the
// portable code, as do the elements that do not fill a vector.
//
// Compiled with -mavx2 -mfma -mf16c: no standard-library templates and
// nothing inline from shared headers (see KernelsImpl.h).
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"

#include <immintrin.h>

using namespace mlir::npu::kernels;
using namespace mlir::npu::kernels::detail;

namespace {

int64_t minOf(int64_t a, int64_t b) { return a < b ? a : b; }

struct RequantBounds {
  __m256i zeroPoint; // int32 lanes
  __m256i lo, hi;    // lo - zeroPoint, hi - zeroPoint in int64 lanes
};

/// round_half_even(product / 2^total) in int64 lanes, 1 <= total <= 62.
__m256i roundingShift(__m256i product, __m256i total) {
  const __m256i one = _mm256_set1_epi64x(1);
  __m256i lowest = _mm256_and_si256(_mm256_srlv_epi64(product, total), one);
  __m256i halfMinusOne = _mm256_sub_epi64(
      _mm256_sllv_epi64(one, _mm256_sub_epi64(total, one)), one);
  // product + 2^63 is in [2^62, 3 * 2^62]: adding < 2^61 cannot wrap.
  __m256i biased = _mm256_xor_si256(product, _mm256_set1_epi64x(INT64_MIN));
  biased = _mm256_add_epi64(_mm256_add_epi64(biased, halfMinusOne), lowest);
  __m256i unbias =
      _mm256_sllv_epi64(one, _mm256_sub_epi64(_mm256_set1_epi64x(63), total));
  return _mm256_sub_epi64(_mm256_srlv_epi64(biased, total), unbias);
}

__m256i clamp64(__m256i x, __m256i lo, __m256i hi) {
  x = _mm256_blendv_epi8(x, lo, _mm256_cmpgt_epi64(lo, x));
  return _mm256_blendv_epi8(x, hi, _mm256_cmpgt_epi64(x, hi));
}

/// Eight lanes of clamp(zeroPoint + round(acc * m / 2^total), lo, hi).
__m256i requantize8(__m256i acc, __m256i multiplier, __m256i total,
                    const RequantBounds &bounds) {
  const __m256i low32 = _mm256_set1_epi64x(0xffffffff);
  __m256i even = _mm256_mul_epi32(acc, multiplier);
  __m256i odd = _mm256_mul_epi32(_mm256_srli_epi64(acc, 32),
                                 _mm256_srli_epi64(multiplier, 32));
  even = clamp64(roundingShift(even, _mm256_and_si256(total, low32)), bounds.lo,
                 bounds.hi);
  odd = clamp64(roundingShift(odd, _mm256_srli_epi64(total, 32)), bounds.lo,
                bounds.hi);
  __m256i merged = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xaa);
  // The clamped value plus the zero point lies in [lo, hi]: 32 bits suffice
  // even where lo - zeroPoint does not fit.
  return _mm256_add_epi32(merged, bounds.zeroPoint);
}

/// Whether every lane of `acc` is below 2^22 in magnitude: then acc * m
/// (|m| <= 2^31) has at most 53 significant bits and is exact in a double.
bool fitsDoublePath(__m256i acc) {
  const __m256i limit = _mm256_set1_epi32((1 << 22) - 1);
  __m256i outside = _mm256_or_si256(
      _mm256_cmpgt_epi32(acc, limit),
      _mm256_cmpgt_epi32(_mm256_sub_epi32(_mm256_setzero_si256(), limit), acc));
  return _mm256_testz_si256(outside, outside);
}

/// Four lanes of clamp(zeroPoint + round_half_even(acc * factor), lo, hi)
/// with factor = m * 2^-t exact: the product is exact (see fitsDoublePath)
/// and vroundpd rounds it half to even, so this is requantize8's integer.
__m128i requantize4Double(__m128i acc, __m256d factor, __m256d zeroPoint,
                          __m256d lo, __m256d hi) {
  __m256d x = _mm256_round_pd(_mm256_mul_pd(_mm256_cvtepi32_pd(acc), factor),
                              _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  x = _mm256_min_pd(_mm256_max_pd(_mm256_add_pd(x, zeroPoint), lo), hi);
  return _mm256_cvtpd_epi32(x);
}

/// m * 2^-(31 + shift) for each channel, exact (a power-of-two scaling).
double getRequantFactor(int32_t multiplier, int32_t shift) {
  double factor = multiplier;
  for (int32_t t = 31 + shift; t > 0; --t)
    factor *= 0.5;
  return factor;
}

/// Stores eight int32 lanes already within [-128, 127] as bytes.
void storeS8x8(int8_t *out, __m256i v) {
  __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(v),
                                  _mm256_extracti128_si256(v, 1));
  _mm_storel_epi64(reinterpret_cast<__m128i *>(out),
                   _mm_packs_epi16(words, words));
}

__m256i loadS32x8(const int32_t *p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
}

} // namespace

void mlir::npu::kernels::detail::requantizeS32ToS8Avx2(
    const int32_t *acc, int64_t count, int64_t channels,
    const int32_t *multipliers, const int32_t *shifts, int32_t zeroPoint,
    int32_t lo, int32_t hi, int8_t *out) {
  for (int64_t c = 0; c < channels; ++c)
    if (shifts[c] < 1 - 31 || shifts[c] > 62 - 31)
      return requantizeS32ToS8Portable(acc, count, channels, multipliers,
                                       shifts, zeroPoint, lo, hi, out);
  RequantBounds bounds{_mm256_set1_epi32(zeroPoint),
                       _mm256_set1_epi64x(int64_t{lo} - zeroPoint),
                       _mm256_set1_epi64x(int64_t{hi} - zeroPoint)};
  const __m256i thirtyOne = _mm256_set1_epi32(31);
  // Most accumulators are small enough for the double path, which needs a
  // third of the instructions; a vector with a larger one takes the 64-bit
  // integer path. Both give the reference's integer.
  const __m256d zeroPointD = _mm256_set1_pd(zeroPoint);
  const __m256d loD = _mm256_set1_pd(lo), hiD = _mm256_set1_pd(hi);
  auto requantizeFast = [&](__m256i x, __m256d factorLo, __m256d factorHi) {
    __m128i low = requantize4Double(_mm256_castsi256_si128(x), factorLo,
                                    zeroPointD, loD, hiD);
    __m128i high = requantize4Double(_mm256_extracti128_si256(x, 1), factorHi,
                                     zeroPointD, loD, hiD);
    return _mm256_set_m128i(high, low);
  };

  if (channels == 1) {
    const __m256i multiplier = _mm256_set1_epi32(multipliers[0]);
    const __m256i total = _mm256_set1_epi32(31 + shifts[0]);
    const __m256d factor =
        _mm256_set1_pd(getRequantFactor(multipliers[0], shifts[0]));
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
      __m256i x = loadS32x8(acc + i);
      storeS8x8(out + i, fitsDoublePath(x)
                             ? requantizeFast(x, factor, factor)
                             : requantize8(x, multiplier, total, bounds));
    }
    return requantizeS32ToS8Portable(acc + i, count - i, 1, multipliers, shifts,
                                     zeroPoint, lo, hi, out + i);
  }

  // Few channels: repeat the tables to at least 64 entries, a multiple of
  // `channels`, so that i % period still names the channel and runs of
  // consecutive channels are long enough for whole vectors.
  if (channels < 64) {
    int64_t period = (63 / channels + 1) * channels;
    auto *tables = static_cast<int32_t *>(
        getScratch(ScratchExtra, 2 * period * sizeof(int32_t)));
    for (int64_t c = 0; c < period; ++c) {
      tables[c] = multipliers[c % channels];
      tables[period + c] = shifts[c % channels];
    }
    multipliers = tables;
    shifts = tables + period;
    channels = period;
  }
  auto *factors = static_cast<double *>(
      getScratch(ScratchB, channels * sizeof(double)));
  for (int64_t c = 0; c < channels; ++c)
    factors[c] = getRequantFactor(multipliers[c], shifts[c]);
  // Row by row of `channels` elements, whose tables are contiguous.
  for (int64_t i = 0; i < count; i += channels) {
    int64_t run = minOf(channels, count - i), c = 0;
    for (; c + 8 <= run; c += 8) {
      __m256i x = loadS32x8(acc + i + c);
      if (fitsDoublePath(x)) {
        storeS8x8(out + i + c,
                  requantizeFast(x, _mm256_loadu_pd(factors + c),
                                 _mm256_loadu_pd(factors + c + 4)));
        continue;
      }
      __m256i total = _mm256_add_epi32(loadS32x8(shifts + c), thirtyOne);
      storeS8x8(out + i + c,
                requantize8(x, loadS32x8(multipliers + c), total, bounds));
    }
    // The rest of the row: its run - c channels start at table entry c.
    requantizeS32ToS8Portable(acc + i + c, run - c, run - c, multipliers + c,
                              shifts + c, zeroPoint, lo, hi, out + i + c);
  }
}

// Quantization: the fp32 quotient is the scalar division's (both correctly
// rounded), vroundps rounds half to even like nearbyint, and the zero point
// (in [-128, 127]) added to an integer below 2^24 in magnitude is exact; a
// larger one clamps to the same bound either way.
void mlir::npu::kernels::detail::quantizeF32ToS8Avx2(const float *x,
                                                     int64_t count, float scale,
                                                     int32_t zeroPoint,
                                                     int8_t *out) {
  const __m256 divisor = _mm256_set1_ps(scale);
  const __m256 offset = _mm256_set1_ps(static_cast<float>(zeroPoint));
  const __m256 lo = _mm256_set1_ps(-128.0f), hi = _mm256_set1_ps(127.0f);
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __m256 q = _mm256_round_ps(_mm256_div_ps(_mm256_loadu_ps(x + i), divisor),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    q = _mm256_and_ps(q, _mm256_cmp_ps(q, q, _CMP_ORD_Q)); // NaN -> 0
    q = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(q, offset), lo), hi);
    storeS8x8(out + i, _mm256_cvtps_epi32(q));
  }
  quantizeF32ToS8Portable(x + i, count - i, scale, zeroPoint, out + i);
}

// Dequantization: in - zeroPoint is exact in fp32, so one fp32 product is the
// exact product rounded once, as the double-precision scalar code gives.
void mlir::npu::kernels::detail::dequantizeS8ToF32Avx2(const int8_t *in,
                                                       int64_t count,
                                                       float scale,
                                                       int32_t zeroPoint,
                                                       float *out) {
  const __m256 factor = _mm256_set1_ps(scale);
  const __m256i offset = _mm256_set1_epi32(zeroPoint);
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    __m256i wide = _mm256_cvtepi8_epi32(
        _mm_loadl_epi64(reinterpret_cast<const __m128i *>(in + i)));
    __m256 centred = _mm256_cvtepi32_ps(_mm256_sub_epi32(wide, offset));
    _mm256_storeu_ps(out + i, _mm256_mul_ps(centred, factor));
  }
  dequantizeS8ToF32Portable(in + i, count - i, scale, zeroPoint, out + i);
}

namespace {

/// 2^k for integer-valued k in [-1022, 1023], built from the exponent bits.
__m256d pow2(__m256d k) {
  __m256i bits = _mm256_cvtepi32_epi64(_mm256_cvtpd_epi32(k));
  bits = _mm256_slli_epi64(_mm256_add_epi64(bits, _mm256_set1_epi64x(1023)), 52);
  return _mm256_castsi256_pd(bits);
}

/// exp(x) in double, within a few ulps: x = n ln2 + r with |r| <= ln2 / 2
/// (ln2 split in two so that r is exact), exp(r) by its Taylor polynomial of
/// degree 13 (remainder below 2^-57 relative), times 2^n as two factors so
/// that subnormal results round once. x is clamped to [-746, 710], where
/// exp is 0 or beyond every fp32 in any case; NaN stays NaN.
__m256d expPd(__m256d x) {
  const __m256d input = x;
  __m256d nan = _mm256_cmp_pd(x, x, _CMP_UNORD_Q);
  x = _mm256_min_pd(_mm256_max_pd(x, _mm256_set1_pd(-746.0)),
                    _mm256_set1_pd(710.0));
  __m256d n = _mm256_round_pd(
      _mm256_mul_pd(x, _mm256_set1_pd(1.4426950408889634)),
      _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(6.93147180369123816490e-01), x);
  r = _mm256_fnmadd_pd(n, _mm256_set1_pd(1.90821492927058770002e-10), r);
  // 1/13!, 1/12!, ..., 1/1!, 1/0!
  static const double kCoefficients[] = {
      1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0,
      1.0 / 3628800.0,    1.0 / 362880.0,    1.0 / 40320.0,
      1.0 / 5040.0,       1.0 / 720.0,       1.0 / 120.0,
      1.0 / 24.0,         1.0 / 6.0,         0.5,
      1.0,                1.0};
  __m256d p = _mm256_set1_pd(kCoefficients[0]);
  for (int i = 1; i < 14; ++i)
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(kCoefficients[i]));
  // n in [-1077, 1025]: halves in [-539, 513].
  __m256d half = _mm256_floor_pd(_mm256_mul_pd(n, _mm256_set1_pd(0.5)));
  __m256d result =
      _mm256_mul_pd(_mm256_mul_pd(p, pow2(half)), pow2(_mm256_sub_pd(n, half)));
  return _mm256_blendv_pd(result, input, nan);
}

} // namespace

void mlir::npu::kernels::detail::applyExpFunctionAvx2(ExpFunction function,
                                                      float *x, int64_t count,
                                                      float offset) {
  const __m256d one = _mm256_set1_pd(1.0);
  const __m256d shift = _mm256_set1_pd(offset);
  int64_t i = 0;
  for (; i + 4 <= count; i += 4) {
    __m256d v = _mm256_cvtps_pd(_mm_loadu_ps(x + i));
    __m256d y;
    switch (function) {
    case ExpFunction::Exp:
      y = expPd(_mm256_sub_pd(v, shift));
      break;
    case ExpFunction::Sigmoid:
      y = _mm256_div_pd(one, _mm256_add_pd(one, expPd(_mm256_sub_pd(_mm256_setzero_pd(), v))));
      break;
    case ExpFunction::Silu:
      y = _mm256_div_pd(v, _mm256_add_pd(one, expPd(_mm256_sub_pd(_mm256_setzero_pd(), v))));
      break;
    }
    _mm_storeu_ps(x + i, _mm256_cvtpd_ps(y));
  }
  applyExpFunctionPortable(function, x + i, count - i, offset);
}

void mlir::npu::kernels::detail::convertF16ToF32Avx2(const uint16_t *in,
                                                     int64_t count,
                                                     float *out) {
  int64_t i = 0;
  for (; i + 8 <= count; i += 8)
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128(
                                  reinterpret_cast<const __m128i *>(in + i))));
  if (i == count)
    return;
  // The tail goes through the same instruction, via a padded copy.
  uint16_t halves[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  float floats[8];
  for (int64_t j = i; j < count; ++j)
    halves[j - i] = in[j];
  _mm256_storeu_ps(floats, _mm256_cvtph_ps(_mm_loadu_si128(
                               reinterpret_cast<const __m128i *>(halves))));
  for (int64_t j = i; j < count; ++j)
    out[j] = floats[j - i];
}

void mlir::npu::kernels::detail::convertF32ToF16Avx2(const float *in,
                                                     int64_t count,
                                                     uint16_t *out) {
  int64_t i = 0;
  for (; i + 8 <= count; i += 8)
    _mm_storeu_si128(
        reinterpret_cast<__m128i *>(out + i),
        _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT));
  if (i == count)
    return;
  float floats[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  uint16_t halves[8];
  for (int64_t j = i; j < count; ++j)
    floats[j - i] = in[j];
  _mm_storeu_si128(
      reinterpret_cast<__m128i *>(halves),
      _mm256_cvtps_ph(_mm256_loadu_ps(floats), _MM_FROUND_TO_NEAREST_INT));
  for (int64_t j = i; j < count; ++j)
    out[j] = halves[j - i];
}
