//===- GemmPortable.cpp - matrix kernels in plain C++ ---------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The fallback for CPUs without AVX2 and for panel widths the SIMD kernels do
// not tile. One panel at a time is widened into scratch (int16 or fp32, one
// row of P per k) so that the inner loop is a plain multiply-add over
// contiguous columns, which the compiler vectorises at the baseline
// instruction set; four rows of A share every load of B.
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"

#include <algorithm>

using namespace mlir::npu::kernels;
using namespace mlir::npu::kernels::detail;

namespace {

constexpr int64_t kRows = 4;

/// Rows [row, row + kRows) of A, zero past `m`, so that one loop serves the
/// last block too.
template <typename T>
void getRowPointers(const T *a, int64_t lda, int64_t row, int64_t m,
                    const T *zeros, const T *(&rows)[kRows]) {
  for (int64_t r = 0; r < kRows; ++r)
    rows[r] = row + r < m ? a + (row + r) * lda : zeros;
}

} // namespace

void mlir::npu::kernels::detail::gemmS8Portable(const GemmS8Args &args) {
  const int64_t panelCols = args.panelCols, k = args.k;
  const int64_t quads = (k + 3) / 4;
  auto *b = static_cast<int16_t *>(
      getScratch(ScratchB, k * panelCols * sizeof(int16_t)));
  auto *zeros =
      static_cast<int8_t *>(getScratch(ScratchA, std::max<int64_t>(k, 1)));
  std::fill(zeros, zeros + k, int8_t{0});
  // Unsigned accumulators: the int32 sums wrap, and signed overflow is UB.
  auto *acc = static_cast<uint32_t *>(
      getScratch(ScratchExtra, kRows * panelCols * sizeof(uint32_t)));
  for (int64_t n0 = 0, panel = 0; n0 < args.n; n0 += panelCols, ++panel) {
    const int8_t *packed = args.packedB + panel * quads * panelCols * 4;
    for (int64_t kk = 0; kk < k; ++kk)
      for (int64_t j = 0; j < panelCols; ++j)
        b[kk * panelCols + j] =
            packed[(kk / 4) * panelCols * 4 + j * 4 + kk % 4];
    const int64_t cols = std::min(panelCols, args.n - n0);
    for (int64_t row = 0; row < args.m; row += kRows) {
      const int8_t *a[kRows];
      getRowPointers(args.a, args.lda, row, args.m, zeros, a);
      std::fill(acc, acc + kRows * panelCols, 0u);
      for (int64_t kk = 0; kk < k; ++kk) {
        const int16_t *bRow = b + kk * panelCols;
        const int32_t a0 = a[0][kk], a1 = a[1][kk], a2 = a[2][kk],
                      a3 = a[3][kk];
        for (int64_t j = 0; j < panelCols; ++j) { // |product| <= 2^14
          acc[j] += static_cast<uint32_t>(a0 * bRow[j]);
          acc[panelCols + j] += static_cast<uint32_t>(a1 * bRow[j]);
          acc[2 * panelCols + j] += static_cast<uint32_t>(a2 * bRow[j]);
          acc[3 * panelCols + j] += static_cast<uint32_t>(a3 * bRow[j]);
        }
      }
      for (int64_t r = 0; r < std::min(kRows, args.m - row); ++r) {
        int32_t *c = args.c + (row + r) * args.ldc + n0;
        for (int64_t j = 0; j < cols; ++j) {
          uint32_t value = acc[r * panelCols + j];
          if (args.bias)
            value += static_cast<uint32_t>(args.bias[n0 + j]);
          if (args.accumulate)
            value += static_cast<uint32_t>(c[j]);
          c[j] = static_cast<int32_t>(value);
        }
      }
    }
  }
}

void mlir::npu::kernels::detail::gemmF16Portable(const GemmF16Args &args) {
  const int64_t panelCols = args.panelCols, k = args.k;
  auto *b =
      static_cast<float *>(getScratch(ScratchB, k * panelCols * sizeof(float)));
  // A is converted once, row by row, for all panels; four zero rows follow
  // for the last block.
  const int64_t rowsA = (args.m + kRows - 1) / kRows * kRows;
  auto *a = static_cast<float *>(
      getScratch(ScratchA, (rowsA + kRows) * k * sizeof(float)));
  for (int64_t row = 0; row < args.m; ++row)
    convertF16ToF32Portable(args.a + row * args.lda, k, a + row * k);
  float *zeros = a + rowsA * k;
  std::fill(zeros, zeros + k, 0.0f);
  auto *acc = static_cast<float *>(
      getScratch(ScratchExtra, kRows * panelCols * sizeof(float)));
  for (int64_t n0 = 0, panel = 0; n0 < args.n; n0 += panelCols, ++panel) {
    convertF16ToF32Portable(args.packedB + panel * k * panelCols, k * panelCols,
                            b);
    const int64_t cols = std::min(panelCols, args.n - n0);
    for (int64_t row = 0; row < args.m; row += kRows) {
      const float *aRows[kRows];
      getRowPointers<float>(a, k, row, args.m, zeros, aRows);
      std::fill(acc, acc + kRows * panelCols, 0.0f);
      for (int64_t kk = 0; kk < k; ++kk) {
        const float *bRow = b + kk * panelCols;
        const float a0 = aRows[0][kk], a1 = aRows[1][kk], a2 = aRows[2][kk],
                    a3 = aRows[3][kk];
        for (int64_t j = 0; j < panelCols; ++j) {
          acc[j] += a0 * bRow[j];
          acc[panelCols + j] += a1 * bRow[j];
          acc[2 * panelCols + j] += a2 * bRow[j];
          acc[3 * panelCols + j] += a3 * bRow[j];
        }
      }
      for (int64_t r = 0; r < std::min(kRows, args.m - row); ++r) {
        float *c = args.c + (row + r) * args.ldc + n0;
        for (int64_t j = 0; j < cols; ++j) {
          float value = acc[r * panelCols + j];
          if (args.bias)
            value += args.bias[n0 + j];
          if (args.accumulate)
            value += c[j];
          c[j] = value;
        }
      }
    }
  }
}
