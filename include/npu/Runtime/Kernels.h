//===- Kernels.h - hand-tuned host kernels of the simulator -----*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The simulator executes every NPU command exactly; these kernels make that
// fast on the host. Each heavy kernel has a portable C++ version and SIMD
// versions (AVX2, AVX-512 VNNI, F16C) chosen at run time. Integer kernels give
// identical integers on every path (int32 arithmetic wraps modulo 2^32, as the
// matrix engine's accumulators do); float kernels may differ in the order of
// fp32 additions only. docs/kernels.md gives the numbers; no MLIR here, so a
// vendor runtime can embed the simulator without the compiler.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_RUNTIME_KERNELS_H
#define NPU_RUNTIME_KERNELS_H

#include <cstddef>
#include "npu/Isa/Packing.h"

#include <cstdint>
#include <vector>

namespace mlir::npu::kernels {

//===----------------------------------------------------------------------===//
// Instruction-set selection
//===----------------------------------------------------------------------===//

/// Host instruction-set levels, from least to most capable.
enum class HostIsa { Portable = 0, Avx2 = 1, Avx512Vnni = 2 };

const char *getHostIsaName(HostIsa isa);
/// Every level this CPU can run (always includes Portable), ascending.
std::vector<HostIsa> getSupportedHostIsas();
/// The level kernels use: the best supported, unless NPU_HOST_ISA
/// (portable|avx2|avx512vnni) or setActiveHostIsa chose a lower one.
HostIsa getActiveHostIsa();
/// Forces a level (tests and benchmarks); returns false if unsupported.
bool setActiveHostIsa(HostIsa isa);

//===----------------------------------------------------------------------===//
// Matrix kernels
//===----------------------------------------------------------------------===//

/// c[m][n] (+)= bias[n] + sum_k a[m][k] * B[k][n], int8 x int8 -> int32,
/// wrapping modulo 2^32. `a` is row-major with row stride `lda`, B packed as
/// above, `c` row-major with row stride `ldc`. `bias` may be null. With
/// `accumulate` the result adds to `c`; otherwise it overwrites it.
struct GemmS8Args {
  const int8_t *a = nullptr;
  int64_t lda = 0;
  const int8_t *packedB = nullptr;
  int64_t panelCols = 0;
  const int32_t *bias = nullptr;
  int32_t *c = nullptr;
  int64_t ldc = 0;
  int64_t m = 0, k = 0, n = 0;
  bool accumulate = false;
};
void gemmS8(const GemmS8Args &args);

/// The same for fp16 x fp16 -> fp32 (fp16 stored as IEEE binary16 bits);
/// products are exact in fp32, sums are fp32 in any order.
struct GemmF16Args {
  const uint16_t *a = nullptr;
  int64_t lda = 0;
  const uint16_t *packedB = nullptr;
  int64_t panelCols = 0;
  const float *bias = nullptr;
  float *c = nullptr;
  int64_t ldc = 0;
  int64_t m = 0, k = 0, n = 0;
  bool accumulate = false;
};
void gemmF16(const GemmF16Args &args);

/// The geometry of a depthwise convolution (one filter per channel) on NHWC
/// tiles: out[n][y][x][c] = sum over (i, j) of
/// in[n][y * strideH - padTop + i * dilationH][x * strideW - padLeft + j *
/// dilationW][c] * filter[i][j][c], where a position outside the input reads
/// the padding value.
struct DepthwiseShape {
  int64_t batch = 0, height = 0, width = 0, channels = 0;
  int64_t kernelH = 0, kernelW = 0, strideH = 1, strideW = 1;
  int64_t dilationH = 1, dilationW = 1, padTop = 0, padLeft = 0;
  int64_t outHeight = 0, outWidth = 0;
};

/// int8 x int8 -> int32, output (+)= bias[c] + the sum above, wrapping
/// modulo 2^32 like gemmS8. `filter` is [kernelH][kernelW][channels],
/// `bias` may be null, and `pad` is the input's zero point.
struct DepthwiseS8Args {
  DepthwiseShape shape;
  const int8_t *input = nullptr;
  const int8_t *filter = nullptr;
  const int32_t *bias = nullptr;
  int32_t *output = nullptr;
  int8_t pad = 0;
  bool accumulate = false;
};
void depthwiseConvS8(const DepthwiseS8Args &args);

/// fp16 x fp16 -> fp32 with +0 padding; each output is (output, if
/// accumulating) + bias + the products in (i, j) order, each product exact
/// and each sum rounded once: the same bits on every level.
struct DepthwiseF16Args {
  DepthwiseShape shape;
  const uint16_t *input = nullptr;
  const uint16_t *filter = nullptr;
  const float *bias = nullptr;
  float *output = nullptr;
  bool accumulate = false;
};
void depthwiseConvF16(const DepthwiseF16Args &args);

//===----------------------------------------------------------------------===//
// Vector kernels
//===----------------------------------------------------------------------===//

/// out[i] = clamp(zeroPoint + round_half_even(acc[i] * m / 2^(31 + shift)),
/// lo, hi) with (m, shift) = (multipliers[c], shifts[c]) for channel
/// c = i % channels: exactly npu::reference::requantize (Numerics.h).
/// Needs lo <= hi; bounds outside [-128, 127] are first limited to it.
void requantizeS32ToS8(const int32_t *acc, int64_t count, int64_t channels,
                       const int32_t *multipliers, const int32_t *shifts,
                       int32_t zeroPoint, int32_t lo, int32_t hi, int8_t *out);

/// out[i] = clamp(round_half_even(x[i] / scale) + zeroPoint, -128, 127),
/// the quotient rounded to fp32 first and a NaN quotient counting as 0: the
/// vector engine's quantize and the reference's quantizeValue, bit for bit.
/// Needs zeroPoint in [-128, 127].
void quantizeF32ToS8(const float *x, int64_t count, float scale,
                     int32_t zeroPoint, int8_t *out);
/// out[i] = (in[i] - zeroPoint) * scale, rounded once to fp32 (the
/// difference is exact): the vector engine's dequantize.
void dequantizeS8ToF32(const int8_t *in, int64_t count, float scale,
                       int32_t zeroPoint, float *out);

/// The vector engine's exponential family, in place on fp32 values: each
/// result is the double-precision value rounded once to fp32, as the
/// reference interpreter computes it (std::exp in double). The AVX2 level
/// evaluates exp in double with a polynomial within a few double ulps, so a
/// result can differ from the reference's by one fp32 ulp only when the
/// exact value lies within about 2^-50 (relative) of a rounding boundary.
enum class ExpFunction {
  Exp,     // exp(x - offset), offset subtracted in double
  Sigmoid, // 1 / (1 + exp(-x))
  Silu,    // x / (1 + exp(-x))
};
void applyExpFunction(ExpFunction function, float *x, int64_t count,
                      float offset = 0.0f);

/// IEEE binary16 <-> binary32, round to nearest even (F16C when available).
void convertF16ToF32(const uint16_t *in, int64_t count, float *out);
void convertF32ToF16(const float *in, int64_t count, uint16_t *out);

} // namespace mlir::npu::kernels

#endif // NPU_RUNTIME_KERNELS_H
