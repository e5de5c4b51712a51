//===- Packing.cpp - the matrix engine's weight layout --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Writes B[K][N] in the panel layout documented in Packing.h. The padding is
// zeroed: the kernels read whole panels and whole groups of four k.
//
//===----------------------------------------------------------------------===//

#include "npu/Isa/Packing.h"

#include <algorithm>
#include <cstring>

using namespace mlir::npu::kernels;

namespace {

int64_t getNumPanels(int64_t n, int64_t panelCols) {
  return (n + panelCols - 1) / panelCols;
}

} // namespace

int64_t mlir::npu::kernels::getPackedS8Bytes(int64_t k, int64_t n,
                                             int64_t panelCols) {
  return getNumPanels(n, panelCols) * ((k + 3) / 4 * 4) * panelCols;
}

int64_t mlir::npu::kernels::getPackedF16Elements(int64_t k, int64_t n,
                                                 int64_t panelCols) {
  return getNumPanels(n, panelCols) * k * panelCols;
}

void mlir::npu::kernels::packS8(const int8_t *b, int64_t k, int64_t n,
                                int64_t panelCols, int8_t *packed) {
  std::memset(packed, 0, getPackedS8Bytes(k, n, panelCols));
  int64_t quads = (k + 3) / 4;
  for (int64_t panel = 0, n0 = 0; n0 < n; ++panel, n0 += panelCols) {
    int64_t cols = std::min(panelCols, n - n0);
    int8_t *dst = packed + panel * quads * panelCols * 4;
    for (int64_t kk = 0; kk < k; ++kk) {
      int8_t *row = dst + (kk / 4) * panelCols * 4 + kk % 4;
      for (int64_t j = 0; j < cols; ++j)
        row[j * 4] = b[kk * n + n0 + j];
    }
  }
}

void mlir::npu::kernels::packF16(const uint16_t *b, int64_t k, int64_t n,
                                 int64_t panelCols, uint16_t *packed) {
  std::memset(packed, 0,
              getPackedF16Elements(k, n, panelCols) * sizeof(uint16_t));
  for (int64_t panel = 0, n0 = 0; n0 < n; ++panel, n0 += panelCols) {
    int64_t cols = std::min(panelCols, n - n0);
    for (int64_t kk = 0; kk < k; ++kk)
      std::memcpy(packed + (panel * k + kk) * panelCols, b + kk * n + n0,
                  cols * sizeof(uint16_t));
  }
}
