//===- Packing.h - the matrix engine's weight layout ------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Part of the ISA layer (lib/Isa, no MLIR): the compiler packs constants in
// this layout, the verifiers check sizes against it and the simulator's
// kernels read it.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_PACKING_H
#define NPU_ISA_PACKING_H

#include <cstdint>

namespace mlir::npu::kernels {

//===----------------------------------------------------------------------===//
// Matrix-engine weight layout
//===----------------------------------------------------------------------===//
//
// The matrix engine reads the right-hand operand B[K][N] in panels of P
// columns (P = the target's matrix_engine.cols), zero-padded to whole panels:
//
//   int8: K padded to Kp = roundUp(K, 4); byte of B[k][n] at
//         ((n / P) * (Kp / 4) + k / 4) * P * 4 + (n % P) * 4 + k % 4
//   fp16: element of B[k][n] at ((n / P) * K + k) * P + n % P
//
// Constants in an artifact are stored in this layout (docs/isa.md).

int64_t getPackedS8Bytes(int64_t k, int64_t n, int64_t panelCols);
int64_t getPackedF16Elements(int64_t k, int64_t n, int64_t panelCols);
/// Packs row-major b[k * n] into `packed` (getPacked*(...) entries).
void packS8(const int8_t *b, int64_t k, int64_t n, int64_t panelCols,
            int8_t *packed);
void packF16(const uint16_t *b, int64_t k, int64_t n, int64_t panelCols,
             uint16_t *packed);

} // namespace mlir::npu::kernels

#endif // NPU_ISA_PACKING_H
