//===- GemmAvx512Vnni.cpp - int8 matrix kernel for AVX-512 VNNI -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The packed int8 layout is what vpdpbusd consumes: 16 columns x 4 k of a
// panel are one 64-byte vector, so B is read in place. vpdpbusd multiplies
// unsigned by signed bytes and adds the four products of a lane to an int32
// without saturation (vpdpbusds would saturate). A is made unsigned by adding
// 128 (xor 0x80), which adds 128 * sum_k B[k][n] to column n; the first block
// of k starts from -128 * sum_k B[k][n] to cancel it. Every step is exact
// modulo 2^32, so the result equals the other paths' integers.
//
// The development machine has no AVX-512: this file is compiled there but has
// not been run (docs/kernels.md).
//
// Compiled with -mavx512f -mavx512bw -mavx512vl -mavx512vnni: no
// standard-library templates and nothing inline from shared headers (see
// KernelsImpl.h).
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"

#include <immintrin.h>

using namespace mlir::npu::kernels;
using namespace mlir::npu::kernels::detail;

namespace {

int64_t minOf(int64_t a, int64_t b) { return a < b ? a : b; }
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t getBlockSize(int64_t total, int64_t limit) {
  return ceilDiv(total, ceilDiv(total, limit));
}

// Micro-tile: 8 rows x 32 columns in 16 zmm accumulators, 2 B vectors and a
// broadcast. k blocks of 256 groups of four: a B strip is 32 KiB, an A tile
// 8 KiB; an A block of 64 rows is 64 KiB.
constexpr int64_t kMr = 8, kNr = 32, kKc = 256, kMc = 64;

__mmask16 getMask16(int64_t count) {
  return count >= 16 ? static_cast<__mmask16>(0xffff)
                     : static_cast<__mmask16>((1u << count) - 1);
}

/// Per column n, -128 * sum_k B[k][n] (wrapping), in columns of 16.
void computeCorrections(const GemmS8Args &args, int32_t *corrections) {
  const int64_t panelCols = args.panelCols, quads = ceilDiv(args.k, 4);
  const __m512i ones = _mm512_set1_epi8(1);
  for (int64_t col = 0; col < args.n; col += 16) {
    const int8_t *src = args.packedB +
                        (col / panelCols) * quads * panelCols * 4 +
                        (col % panelCols) * 4;
    __m512i sum = _mm512_setzero_si512();
    for (int64_t q = 0; q < quads; ++q)
      sum = _mm512_dpbusd_epi32(sum, ones,
                                _mm512_loadu_si512(src + q * panelCols * 4));
    _mm512_storeu_si512(
        corrections + col,
        _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(sum, 7)));
  }
}

/// A block: tiles of 8 rows; per row kc int32, each four bytes of A plus 128.
/// Past k the bytes are 128 (A = 0); B is zero there anyway.
void packBlockA(const GemmS8Args &args, int64_t m0, int64_t mc, int64_t q0,
                int64_t kc, int32_t *dst) {
  const __m512i bias = _mm512_set1_epi8(static_cast<char>(0x80));
  const int64_t kBegin = q0 * 4, valid = minOf(kc * 4, args.k - kBegin);
  for (int64_t i = 0; i < ceilDiv(mc, kMr) * kMr; ++i) {
    int32_t *out = dst + i * kc;
    const bool inside = m0 + i < args.m;
    const int8_t *src = inside ? args.a + (m0 + i) * args.lda + kBegin : args.a;
    for (int64_t q = 0; q < kc; q += 16) {
      int64_t bytes = inside ? valid - q * 4 : 0;
      __mmask64 loadMask = bytes >= 64  ? ~__mmask64{0}
                           : bytes <= 0 ? __mmask64{0}
                                        : (__mmask64{1} << bytes) - 1;
      __m512i x = _mm512_maskz_loadu_epi8(loadMask, src + q * 4);
      _mm512_mask_storeu_epi32(out + q, getMask16(kc - q),
                               _mm512_xor_si512(x, bias));
    }
  }
}

struct Tile {
  __m512i acc[kMr][2];
};

/// acc = A tile x B over kc groups; NV = 1 when the strip's second 16
/// columns lie past n (and maybe past the last panel).
template <int NV>
void multiply(const int32_t *a, const int8_t *const *b, int64_t bStride,
              int64_t kc, Tile &t) {
  for (auto &row : t.acc)
    row[0] = row[1] = _mm512_setzero_si512();
  for (int64_t q = 0; q < kc; ++q) {
    __m512i bv[NV];
    for (int v = 0; v < NV; ++v)
      bv[v] = _mm512_loadu_si512(b[v] + q * bStride);
    for (int64_t r = 0; r < kMr; ++r) {
      __m512i av = _mm512_set1_epi32(a[r * kc + q]);
      for (int v = 0; v < NV; ++v)
        t.acc[r][v] = _mm512_dpbusd_epi32(t.acc[r][v], av, bv[v]);
    }
  }
}

/// c = (addC ? c : 0) + base + acc over the valid part of the tile, where
/// base holds the correction and bias in the first block of k.
void store(const Tile &t, const __m512i base[2], int32_t *c, int64_t ldc,
           int64_t rows, int64_t cols, bool addC) {
  for (int64_t r = 0; r < rows; ++r) {
    int32_t *dst = c + r * ldc;
    for (int v = 0; v < 2 && v * 16 < cols; ++v) {
      __mmask16 mask = getMask16(cols - v * 16);
      __m512i value = _mm512_add_epi32(t.acc[r][v], base[v]);
      if (addC)
        value = _mm512_add_epi32(value,
                                 _mm512_maskz_loadu_epi32(mask, dst + v * 16));
      _mm512_mask_storeu_epi32(dst + v * 16, mask, value);
    }
  }
}

} // namespace

void mlir::npu::kernels::detail::gemmS8Avx512Vnni(const GemmS8Args &args) {
  const int64_t panelCols = args.panelCols, quads = ceilDiv(args.k, 4);
  const int64_t kcMax = getBlockSize(quads, kKc), mcMax = minOf(args.m, kMc);
  auto *corrections = static_cast<int32_t *>(
      getScratch(ScratchExtra, ceilDiv(args.n, 16) * 16 * sizeof(int32_t)));
  auto *aBlock = static_cast<int32_t *>(getScratch(
      ScratchA, ceilDiv(mcMax, kMr) * kMr * kcMax * sizeof(int32_t)));
  computeCorrections(args, corrections);
  for (int64_t q0 = 0; q0 < quads; q0 += kcMax) {
    const int64_t kc = minOf(kcMax, quads - q0);
    const bool first = q0 == 0;
    for (int64_t m0 = 0; m0 < args.m; m0 += kMc) {
      const int64_t mc = minOf(kMc, args.m - m0);
      packBlockA(args, m0, mc, q0, kc, aBlock);
      for (int64_t j = 0; j < args.n; j += kNr) {
        const int64_t cols = minOf(kNr, args.n - j);
        // panelCols % 16 == 0: each 16 columns lie in one panel.
        const int8_t *b[2] = {nullptr, nullptr};
        __m512i base[2] = {_mm512_setzero_si512(), _mm512_setzero_si512()};
        for (int v = 0; v < 2 && v * 16 < cols; ++v) {
          int64_t col = j + v * 16;
          b[v] = args.packedB +
                 ((col / panelCols) * quads + q0) * panelCols * 4 +
                 (col % panelCols) * 4;
          if (first) {
            __mmask16 mask = getMask16(cols - v * 16);
            base[v] = _mm512_maskz_loadu_epi32(mask, corrections + col);
            if (args.bias)
              base[v] = _mm512_add_epi32(
                  base[v], _mm512_maskz_loadu_epi32(mask, args.bias + col));
          }
        }
        for (int64_t i = 0; i < mc; i += kMr) {
          Tile tile;
          if (cols > 16)
            multiply<2>(aBlock + i * kc, b, panelCols * 4, kc, tile);
          else
            multiply<1>(aBlock + i * kc, b, panelCols * 4, kc, tile);
          store(tile, base, args.c + (m0 + i) * args.ldc + j, args.ldc,
                minOf(kMr, mc - i), cols, !first || args.accumulate);
        }
      }
    }
  }
}
