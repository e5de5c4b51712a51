//===- KernelsImpl.h - per-ISA kernel entry points --------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Dispatch.cpp picks one of these per call. The SIMD files are compiled with
// their own -m flags, so everything they share with portable code must be an
// out-of-line function defined in a portable file: an inline function or a
// template instantiated in both would be merged by the linker, and the
// portable caller could end up running the AVX copy on a CPU without AVX.
// Hence only declarations here, and no standard-library templates in the
// SIMD files.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_RUNTIME_KERNELS_KERNELSIMPL_H
#define NPU_LIB_RUNTIME_KERNELS_KERNELSIMPL_H

#include "npu/Runtime/Kernels.h"

#include <cstddef>
#include <cstdint>

namespace mlir::npu::kernels::detail {

/// A 64-byte aligned per-thread buffer of at least `bytes` bytes with
/// unspecified contents, valid until the next call with the same slot on this
/// thread. Kernels repack operands into it without allocating per call.
enum ScratchSlot { ScratchA = 0, ScratchB = 1, ScratchExtra = 2, NumScratch };
void *getScratch(ScratchSlot slot, size_t bytes);

// Portable (GemmPortable.cpp, VectorPortable.cpp): any shape and panel width.
void gemmS8Portable(const GemmS8Args &args);
void gemmF16Portable(const GemmF16Args &args);
/// `lo` and `hi` already limited to [-128, 127] by the dispatcher.
void requantizeS32ToS8Portable(const int32_t *acc, int64_t count,
                               int64_t channels, const int32_t *multipliers,
                               const int32_t *shifts, int32_t zeroPoint,
                               int32_t lo, int32_t hi, int8_t *out);
void quantizeF32ToS8Portable(const float *x, int64_t count, float scale,
                             int32_t zeroPoint, int8_t *out);
void dequantizeS8ToF32Portable(const int8_t *in, int64_t count, float scale,
                               int32_t zeroPoint, float *out);
void applyExpFunctionPortable(ExpFunction function, float *x, int64_t count,
                              float offset);
void convertF16ToF32Portable(const uint16_t *in, int64_t count, float *out);
void convertF32ToF16Portable(const float *in, int64_t count, uint16_t *out);

// Depthwise convolution (DepthwisePortable.cpp, DepthwiseAvx2.cpp), any
// channel count.
void depthwiseConvS8Portable(const DepthwiseS8Args &args);
void depthwiseConvF16Portable(const DepthwiseF16Args &args);
void depthwiseConvS8Avx2(const DepthwiseS8Args &args);
void depthwiseConvF16Avx2(const DepthwiseF16Args &args);

/// Sets taps[0 .. kernelH * kernelW) to the input pixel (its `channels`
/// elements) each tap of output (n, y, x) reads, or to `padRow` for a tap
/// outside the input. Out of line (DepthwisePortable.cpp) for both levels.
void getDepthwiseTaps(const DepthwiseShape &s, const int8_t *input,
                      const int8_t *padRow, int64_t n, int64_t y, int64_t x,
                      const int8_t **taps);
void getDepthwiseTaps(const DepthwiseShape &s, const uint16_t *input,
                      const uint16_t *padRow, int64_t n, int64_t y, int64_t x,
                      const uint16_t **taps);

// AVX2 + FMA + F16C (GemmAvx2.cpp, VectorAvx2.cpp). The GEMMs need
// panelCols % 8 == 0 and k > 0.
void gemmS8Avx2(const GemmS8Args &args);
void gemmF16Avx2(const GemmF16Args &args);
void requantizeS32ToS8Avx2(const int32_t *acc, int64_t count, int64_t channels,
                           const int32_t *multipliers, const int32_t *shifts,
                           int32_t zeroPoint, int32_t lo, int32_t hi,
                           int8_t *out);
void quantizeF32ToS8Avx2(const float *x, int64_t count, float scale,
                         int32_t zeroPoint, int8_t *out);
void dequantizeS8ToF32Avx2(const int8_t *in, int64_t count, float scale,
                           int32_t zeroPoint, float *out);
void applyExpFunctionAvx2(ExpFunction function, float *x, int64_t count,
                          float offset);
void convertF16ToF32Avx2(const uint16_t *in, int64_t count, float *out);
void convertF32ToF16Avx2(const float *in, int64_t count, uint16_t *out);

// AVX-512 F/BW/VL/VNNI (GemmAvx512Vnni.cpp): needs panelCols % 16 == 0 and
// k > 0.
void gemmS8Avx512Vnni(const GemmS8Args &args);

} // namespace mlir::npu::kernels::detail

#endif // NPU_LIB_RUNTIME_KERNELS_KERNELSIMPL_H
