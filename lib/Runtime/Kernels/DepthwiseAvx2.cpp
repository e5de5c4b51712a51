//===- DepthwiseAvx2.cpp - depthwise convolution for AVX2 + F16C ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The portable file's loops with the channels in vectors: 16 per step for
// int8 (bytes sign-extended to int16, multiplied with vpmullw, which is exact
// since |a * b| <= 2^14, and widened into two int32 accumulators), 8 per
// step for fp16 (vcvtph2ps, then an FMA, which rounds the exact product and
// the sum once, as the portable multiply and add do). The filter is widened
// once per call into scratch; the channels that do not fill a vector take
// scalar code with the same order of operations.
//
// Compiled with -mavx2 -mfma -mf16c: no standard-library templates and
// nothing inline from shared headers (see KernelsImpl.h).
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"

#include <immintrin.h>

using namespace mlir::npu::kernels;
using namespace mlir::npu::kernels::detail;

void mlir::npu::kernels::detail::depthwiseConvS8Avx2(
    const DepthwiseS8Args &args) {
  const DepthwiseShape &s = args.shape;
  const int64_t taps = s.kernelH * s.kernelW, channels = s.channels;
  auto *filter = static_cast<int16_t *>(
      getScratch(ScratchA, taps * channels * sizeof(int16_t) + channels));
  auto *padRow = reinterpret_cast<int8_t *>(filter + taps * channels);
  auto **rows = static_cast<const int8_t **>(
      getScratch(ScratchExtra, taps * sizeof(const int8_t *)));
  for (int64_t i = 0; i < taps * channels; ++i)
    filter[i] = args.filter[i];
  for (int64_t c = 0; c < channels; ++c)
    padRow[c] = args.pad;

  int32_t *out = args.output;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t y = 0; y < s.outHeight; ++y)
      for (int64_t x = 0; x < s.outWidth; ++x, out += channels) {
        getDepthwiseTaps(s, args.input, padRow, n, y, x, rows);
        int64_t c = 0;
        for (; c + 16 <= channels; c += 16) {
          auto *dst = reinterpret_cast<__m256i *>(out + c);
          __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
          if (args.accumulate) {
            acc0 = _mm256_loadu_si256(dst);
            acc1 = _mm256_loadu_si256(dst + 1);
          }
          if (args.bias) {
            auto *bias = reinterpret_cast<const __m256i *>(args.bias + c);
            acc0 = _mm256_add_epi32(acc0, _mm256_loadu_si256(bias));
            acc1 = _mm256_add_epi32(acc1, _mm256_loadu_si256(bias + 1));
          }
          for (int64_t t = 0; t < taps; ++t) {
            __m256i pixel = _mm256_cvtepi8_epi16(
                _mm_loadu_si128(reinterpret_cast<const __m128i *>(rows[t] + c)));
            __m256i weight = _mm256_loadu_si256(
                reinterpret_cast<const __m256i *>(filter + t * channels + c));
            __m256i product = _mm256_mullo_epi16(pixel, weight);
            acc0 = _mm256_add_epi32(
                acc0, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(product)));
            acc1 = _mm256_add_epi32(
                acc1, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(product, 1)));
          }
          _mm256_storeu_si256(dst, acc0);
          _mm256_storeu_si256(dst + 1, acc1);
        }
        for (; c < channels; ++c) {
          uint32_t acc = args.accumulate ? static_cast<uint32_t>(out[c]) : 0;
          if (args.bias)
            acc += static_cast<uint32_t>(args.bias[c]);
          for (int64_t t = 0; t < taps; ++t)
            acc += static_cast<uint32_t>(int32_t{rows[t][c]} *
                                         filter[t * channels + c]);
          out[c] = static_cast<int32_t>(acc);
        }
      }
}

void mlir::npu::kernels::detail::depthwiseConvF16Avx2(
    const DepthwiseF16Args &args) {
  const DepthwiseShape &s = args.shape;
  const int64_t taps = s.kernelH * s.kernelW, channels = s.channels;
  auto *filter = static_cast<float *>(getScratch(
      ScratchA, taps * channels * sizeof(float) + channels * sizeof(uint16_t)));
  auto *padRow = reinterpret_cast<uint16_t *>(filter + taps * channels);
  auto **rows = static_cast<const uint16_t **>(
      getScratch(ScratchExtra, taps * sizeof(const uint16_t *)));
  convertF16ToF32Avx2(args.filter, taps * channels, filter);
  for (int64_t c = 0; c < channels; ++c)
    padRow[c] = 0; // +0.0

  float *out = args.output;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t y = 0; y < s.outHeight; ++y)
      for (int64_t x = 0; x < s.outWidth; ++x, out += channels) {
        getDepthwiseTaps(s, args.input, padRow, n, y, x, rows);
        int64_t c = 0;
        for (; c + 8 <= channels; c += 8) {
          __m256 acc = args.accumulate ? _mm256_loadu_ps(out + c)
                                       : _mm256_setzero_ps();
          if (args.bias)
            acc = _mm256_add_ps(acc, _mm256_loadu_ps(args.bias + c));
          for (int64_t t = 0; t < taps; ++t) {
            __m256 pixel = _mm256_cvtph_ps(
                _mm_loadu_si128(reinterpret_cast<const __m128i *>(rows[t] + c)));
            acc = _mm256_fmadd_ps(pixel, _mm256_loadu_ps(filter + t * channels + c),
                                  acc);
          }
          _mm256_storeu_ps(out + c, acc);
        }
        for (; c < channels; ++c) {
          float acc = args.accumulate ? out[c] : 0.0f;
          if (args.bias)
            acc += args.bias[c];
          for (int64_t t = 0; t < taps; ++t)
            acc = _mm_cvtss_f32(_mm_fmadd_ss(
                _mm_set_ss(_cvtsh_ss(rows[t][c])),
                _mm_set_ss(filter[t * channels + c]), _mm_set_ss(acc)));
          out[c] = acc;
        }
      }
}
