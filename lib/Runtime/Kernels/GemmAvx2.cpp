//===- GemmAvx2.cpp - matrix kernels for AVX2 + FMA + F16C ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Blocked GEMMs in the usual shape: a block of B and a block of A are
// repacked into per-thread scratch in the order the micro-kernel reads them,
// so that the micro-kernel does nothing but broadcast, multiply and add. Each
// element of B is repacked once per call, each element of A once per block of
// columns.
//
// int8: vpmaddubsw would saturate at int16 (-128 * -128 * 2 = 32768), so both
// operands are sign-extended to int16 pairs and multiplied with vpmaddwd,
// which is exact here: a pair sums to at most 2 * 2^14. A group of four k
// (one 32-bit lane of the packed layout) splits into its even pair
// (k0, k2) and odd pair (k1, k3), each lane of a product vector is then one
// column, and no horizontal reduction is needed.
//
// This file is compiled with -mavx2 -mfma -mf16c: it uses no standard-library
// templates and nothing inline from shared headers (see KernelsImpl.h).
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"

#include <immintrin.h>

using namespace mlir::npu::kernels;
using namespace mlir::npu::kernels::detail;

namespace {

int64_t minOf(int64_t a, int64_t b) { return a < b ? a : b; }
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
/// The size of ceil(total / limit) nearly equal blocks, so that a dimension a
/// little above the limit is not split into a full block and a sliver.
int64_t getBlockSize(int64_t total, int64_t limit) {
  return ceilDiv(total, ceilDiv(total, limit));
}

//===----------------------------------------------------------------------===//
// int8
//===----------------------------------------------------------------------===//

// Micro-tile: 4 rows x 16 columns in 8 int32 accumulators; with 4 B vectors
// and the broadcasts that is 15 of the 16 ymm registers.
constexpr int64_t kMrS8 = 4, kNrS8 = 16;
// Blocks (k counted in groups of four): a B strip of 128 groups is 16 KiB and
// an A tile 4 KiB (L1); a B block of 512 columns is 512 KiB (L2, 1 MiB on the
// development machine), an A block of 96 rows 96 KiB.
constexpr int64_t kKcS8 = 128, kNcS8 = 512, kMcS8 = 96;

/// Sign-extends bytes 0 and 2 (even) or 1 and 3 (odd) of every 32-bit lane
/// into an int16 pair.
__m256i getEvenPairs(__m256i x) {
  return _mm256_srai_epi16(_mm256_slli_epi16(x, 8), 8);
}
__m256i getOddPairs(__m256i x) { return _mm256_srai_epi16(x, 8); }

/// B block: strips of 16 columns; per group of four k a strip holds the even
/// pairs of columns 0-7, 8-15, then the odd pairs, 32 int32 in all.
void packBlockB(const GemmS8Args &args, int64_t n0, int64_t nc, int64_t q0,
                int64_t kc, int32_t *dst) {
  const int64_t panelCols = args.panelCols, quads = ceilDiv(args.k, 4);
  for (int64_t group = 0; group < ceilDiv(nc, kNrS8) * 2; ++group) {
    int32_t *out = dst + (group / 2) * kc * 32 + (group % 2) * 8;
    int64_t col = n0 + group * 8;
    if (col >= args.n) { // past the last panel: the micro-kernel reads zeros
      for (int64_t q = 0; q < kc; ++q) {
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + q * 32),
                            _mm256_setzero_si256());
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + q * 32 + 16),
                            _mm256_setzero_si256());
      }
      continue;
    }
    // panelCols % 8 == 0: the 8 columns lie in one (zero-padded) panel.
    const int8_t *src = args.packedB +
                        ((col / panelCols) * quads + q0) * panelCols * 4 +
                        (col % panelCols) * 4;
    for (int64_t q = 0; q < kc; ++q) {
      __m256i x = _mm256_loadu_si256(
          reinterpret_cast<const __m256i *>(src + q * panelCols * 4));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + q * 32),
                          getEvenPairs(x));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(out + q * 32 + 16),
                          getOddPairs(x));
    }
  }
}

void storePairs(int32_t *even, int32_t *odd, const int8_t *a) {
  auto pair = [](int8_t lo, int8_t hi) {
    return static_cast<int32_t>(static_cast<uint16_t>(lo) |
                                static_cast<uint32_t>(static_cast<uint16_t>(hi))
                                    << 16);
  };
  *even = pair(a[0], a[2]);
  *odd = pair(a[1], a[3]);
}

/// A block: tiles of 4 rows; a tile holds per row the even pairs of all kc
/// groups, then the odd pairs (8 arrays of kc int32). Rows past m are zero.
void packBlockA(const GemmS8Args &args, int64_t m0, int64_t mc, int64_t q0,
                int64_t kc, int32_t *dst) {
  const int64_t kBegin = q0 * 4, valid = minOf(kc * 4, args.k - kBegin);
  for (int64_t i = 0; i < ceilDiv(mc, kMrS8) * kMrS8; ++i) {
    int32_t *even = dst + (i / kMrS8) * kc * 2 * kMrS8 + (i % kMrS8) * 2 * kc;
    int32_t *odd = even + kc;
    if (m0 + i >= args.m) {
      for (int64_t q = 0; q < kc; ++q)
        even[q] = odd[q] = 0;
      continue;
    }
    const int8_t *src = args.a + (m0 + i) * args.lda + kBegin;
    int64_t q = 0;
    for (; q + 8 <= valid / 4; q += 8) {
      __m256i x =
          _mm256_loadu_si256(reinterpret_cast<const __m256i *>(src + q * 4));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(even + q),
                          getEvenPairs(x));
      _mm256_storeu_si256(reinterpret_cast<__m256i *>(odd + q), getOddPairs(x));
    }
    for (; q < valid / 4; ++q)
      storePairs(even + q, odd + q, src + q * 4);
    if (q < kc) { // the last group of a k % 4 != 0: pad with zeros, not A
      int8_t tail[4] = {0, 0, 0, 0};
      for (int64_t kk = q * 4; kk < valid; ++kk)
        tail[kk - q * 4] = src[kk];
      storePairs(even + q, odd + q, tail);
    }
  }
}

struct TileS8 {
  __m256i acc[kMrS8][2];
};

/// acc = A tile x B strip over kc groups of four k.
void multiplyS8(const int32_t *a, const int32_t *b, int64_t kc, TileS8 &t) {
  for (auto &row : t.acc)
    row[0] = row[1] = _mm256_setzero_si256();
  for (int64_t q = 0; q < kc; ++q, b += 32) {
    __m256i even0 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(b));
    __m256i even1 =
        _mm256_loadu_si256(reinterpret_cast<const __m256i *>(b + 8));
    __m256i odd0 =
        _mm256_loadu_si256(reinterpret_cast<const __m256i *>(b + 16));
    __m256i odd1 =
        _mm256_loadu_si256(reinterpret_cast<const __m256i *>(b + 24));
    for (int64_t r = 0; r < kMrS8; ++r) {
      __m256i aEven = _mm256_set1_epi32(a[(2 * r) * kc + q]);
      __m256i aOdd = _mm256_set1_epi32(a[(2 * r + 1) * kc + q]);
      t.acc[r][0] =
          _mm256_add_epi32(t.acc[r][0], _mm256_madd_epi16(even0, aEven));
      t.acc[r][1] =
          _mm256_add_epi32(t.acc[r][1], _mm256_madd_epi16(even1, aEven));
      t.acc[r][0] =
          _mm256_add_epi32(t.acc[r][0], _mm256_madd_epi16(odd0, aOdd));
      t.acc[r][1] =
          _mm256_add_epi32(t.acc[r][1], _mm256_madd_epi16(odd1, aOdd));
    }
  }
}

/// c = (addC ? c : 0) + bias + acc over the valid part of the tile; bias is
/// null except in the first block of k. int32 additions wrap.
void storeS8(const TileS8 &t, int32_t *c, int64_t ldc, int64_t rows,
             int64_t cols, const int32_t *bias, bool addC) {
  if (cols == kNrS8) {
    __m256i bias0 = _mm256_setzero_si256(), bias1 = _mm256_setzero_si256();
    if (bias) {
      bias0 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(bias));
      bias1 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(bias + 8));
    }
    for (int64_t r = 0; r < rows; ++r) {
      auto *dst = reinterpret_cast<__m256i *>(c + r * ldc);
      __m256i v0 = _mm256_add_epi32(t.acc[r][0], bias0);
      __m256i v1 = _mm256_add_epi32(t.acc[r][1], bias1);
      if (addC) {
        v0 = _mm256_add_epi32(v0, _mm256_loadu_si256(dst));
        v1 = _mm256_add_epi32(v1, _mm256_loadu_si256(dst + 1));
      }
      _mm256_storeu_si256(dst, v0);
      _mm256_storeu_si256(dst + 1, v1);
    }
    return;
  }
  for (int64_t r = 0; r < rows; ++r) {
    uint32_t values[kNrS8];
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(values), t.acc[r][0]);
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(values + 8), t.acc[r][1]);
    int32_t *dst = c + r * ldc;
    for (int64_t j = 0; j < cols; ++j) {
      uint32_t value = values[j];
      if (bias)
        value += static_cast<uint32_t>(bias[j]);
      if (addC)
        value += static_cast<uint32_t>(dst[j]);
      dst[j] = static_cast<int32_t>(value);
    }
  }
}

//===----------------------------------------------------------------------===//
// fp16
//===----------------------------------------------------------------------===//

// Micro-tile: 6 rows x 16 columns in 12 fp32 accumulators, 2 B vectors and
// one broadcast. A k block of 256 gives a 16 KiB B strip and a 6 KiB A tile.
constexpr int64_t kMrF16 = 6, kNrF16 = 16;
constexpr int64_t kKcF16 = 256, kNcF16 = 512, kMcF16 = 96;

/// B block: strips of 16 columns, per k the 16 values as fp32.
void packBlockB(const GemmF16Args &args, int64_t n0, int64_t nc, int64_t k0,
                int64_t kc, float *dst) {
  const int64_t panelCols = args.panelCols;
  for (int64_t group = 0; group < ceilDiv(nc, kNrF16) * 2; ++group) {
    float *out = dst + (group / 2) * kc * kNrF16 + (group % 2) * 8;
    int64_t col = n0 + group * 8;
    if (col >= args.n) {
      for (int64_t kk = 0; kk < kc; ++kk)
        _mm256_storeu_ps(out + kk * kNrF16, _mm256_setzero_ps());
      continue;
    }
    const uint16_t *src = args.packedB +
                          ((col / panelCols) * args.k + k0) * panelCols +
                          col % panelCols;
    for (int64_t kk = 0; kk < kc; ++kk)
      _mm256_storeu_ps(
          out + kk * kNrF16,
          _mm256_cvtph_ps(_mm_loadu_si128(
              reinterpret_cast<const __m128i *>(src + kk * panelCols))));
  }
}

/// A block: tiles of 6 rows, each row's kc values as fp32. Rows past m are 0.
void packBlockA(const GemmF16Args &args, int64_t m0, int64_t mc, int64_t k0,
                int64_t kc, float *dst) {
  for (int64_t i = 0; i < ceilDiv(mc, kMrF16) * kMrF16; ++i) {
    float *out = dst + i * kc; // a tile is 6 consecutive rows
    if (m0 + i >= args.m) {
      for (int64_t kk = 0; kk < kc; ++kk)
        out[kk] = 0.0f;
      continue;
    }
    const uint16_t *src = args.a + (m0 + i) * args.lda + k0;
    int64_t kk = 0;
    for (; kk + 8 <= kc; kk += 8)
      _mm256_storeu_ps(out + kk,
                       _mm256_cvtph_ps(_mm_loadu_si128(
                           reinterpret_cast<const __m128i *>(src + kk))));
    for (; kk < kc; ++kk)
      out[kk] = _cvtsh_ss(src[kk]);
  }
}

struct TileF16 {
  __m256 acc[kMrF16][2];
};

void multiplyF16(const float *a, const float *b, int64_t kc, TileF16 &t) {
  for (auto &row : t.acc)
    row[0] = row[1] = _mm256_setzero_ps();
  for (int64_t kk = 0; kk < kc; ++kk, b += kNrF16) {
    __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
    for (int64_t r = 0; r < kMrF16; ++r) {
      __m256 value = _mm256_broadcast_ss(a + r * kc + kk);
      t.acc[r][0] = _mm256_fmadd_ps(value, b0, t.acc[r][0]);
      t.acc[r][1] = _mm256_fmadd_ps(value, b1, t.acc[r][1]);
    }
  }
}

void storeF16(const TileF16 &t, float *c, int64_t ldc, int64_t rows,
              int64_t cols, const float *bias, bool addC) {
  if (cols == kNrF16) {
    __m256 bias0 = _mm256_setzero_ps(), bias1 = _mm256_setzero_ps();
    if (bias) {
      bias0 = _mm256_loadu_ps(bias);
      bias1 = _mm256_loadu_ps(bias + 8);
    }
    for (int64_t r = 0; r < rows; ++r) {
      float *dst = c + r * ldc;
      __m256 v0 = _mm256_add_ps(t.acc[r][0], bias0);
      __m256 v1 = _mm256_add_ps(t.acc[r][1], bias1);
      if (addC) {
        v0 = _mm256_add_ps(v0, _mm256_loadu_ps(dst));
        v1 = _mm256_add_ps(v1, _mm256_loadu_ps(dst + 8));
      }
      _mm256_storeu_ps(dst, v0);
      _mm256_storeu_ps(dst + 8, v1);
    }
    return;
  }
  for (int64_t r = 0; r < rows; ++r) {
    float values[kNrF16];
    _mm256_storeu_ps(values, t.acc[r][0]);
    _mm256_storeu_ps(values + 8, t.acc[r][1]);
    float *dst = c + r * ldc;
    for (int64_t j = 0; j < cols; ++j) {
      float value = values[j];
      if (bias)
        value += bias[j];
      if (addC)
        value += dst[j];
      dst[j] = value;
    }
  }
}

} // namespace

void mlir::npu::kernels::detail::gemmS8Avx2(const GemmS8Args &args) {
  const int64_t quads = ceilDiv(args.k, 4);
  const int64_t kcMax = getBlockSize(quads, kKcS8);
  const int64_t ncMax = minOf(args.n, kNcS8), mcMax = minOf(args.m, kMcS8);
  auto *bBlock = static_cast<int32_t *>(getScratch(
      ScratchB, ceilDiv(ncMax, kNrS8) * kNrS8 * kcMax * 2 * sizeof(int32_t)));
  auto *aBlock = static_cast<int32_t *>(getScratch(
      ScratchA, ceilDiv(mcMax, kMrS8) * kMrS8 * kcMax * 2 * sizeof(int32_t)));
  for (int64_t n0 = 0; n0 < args.n; n0 += kNcS8) {
    const int64_t nc = minOf(kNcS8, args.n - n0);
    for (int64_t q0 = 0; q0 < quads; q0 += kcMax) {
      const int64_t kc = minOf(kcMax, quads - q0);
      const bool first = q0 == 0;
      packBlockB(args, n0, nc, q0, kc, bBlock);
      for (int64_t m0 = 0; m0 < args.m; m0 += kMcS8) {
        const int64_t mc = minOf(kMcS8, args.m - m0);
        packBlockA(args, m0, mc, q0, kc, aBlock);
        // The strip (L1) stays while the A tiles of the block stream by.
        for (int64_t j = 0; j < nc; j += kNrS8) {
          const int32_t *strip = bBlock + (j / kNrS8) * kc * 32;
          const int32_t *bias =
              first && args.bias ? args.bias + n0 + j : nullptr;
          for (int64_t i = 0; i < mc; i += kMrS8) {
            TileS8 tile;
            multiplyS8(aBlock + (i / kMrS8) * kc * 2 * kMrS8, strip, kc, tile);
            storeS8(tile, args.c + (m0 + i) * args.ldc + n0 + j, args.ldc,
                    minOf(kMrS8, mc - i), minOf(kNrS8, nc - j), bias,
                    !first || args.accumulate);
          }
        }
      }
    }
  }
}

void mlir::npu::kernels::detail::gemmF16Avx2(const GemmF16Args &args) {
  const int64_t kcMax = getBlockSize(args.k, kKcF16);
  const int64_t ncMax = minOf(args.n, kNcF16), mcMax = minOf(args.m, kMcF16);
  auto *bBlock = static_cast<float *>(getScratch(
      ScratchB, ceilDiv(ncMax, kNrF16) * kNrF16 * kcMax * sizeof(float)));
  auto *aBlock = static_cast<float *>(getScratch(
      ScratchA, ceilDiv(mcMax, kMrF16) * kMrF16 * kcMax * sizeof(float)));
  for (int64_t n0 = 0; n0 < args.n; n0 += kNcF16) {
    const int64_t nc = minOf(kNcF16, args.n - n0);
    for (int64_t k0 = 0; k0 < args.k; k0 += kcMax) {
      const int64_t kc = minOf(kcMax, args.k - k0);
      const bool first = k0 == 0;
      packBlockB(args, n0, nc, k0, kc, bBlock);
      for (int64_t m0 = 0; m0 < args.m; m0 += kMcF16) {
        const int64_t mc = minOf(kMcF16, args.m - m0);
        packBlockA(args, m0, mc, k0, kc, aBlock);
        for (int64_t j = 0; j < nc; j += kNrF16) {
          const float *strip = bBlock + (j / kNrF16) * kc * kNrF16;
          const float *bias = first && args.bias ? args.bias + n0 + j : nullptr;
          for (int64_t i = 0; i < mc; i += kMrF16) {
            TileF16 tile;
            multiplyF16(aBlock + i * kc, strip, kc, tile);
            storeF16(tile, args.c + (m0 + i) * args.ldc + n0 + j, args.ldc,
                     minOf(kMrF16, mc - i), minOf(kNrF16, nc - j), bias,
                     !first || args.accumulate);
          }
        }
      }
    }
  }
}
