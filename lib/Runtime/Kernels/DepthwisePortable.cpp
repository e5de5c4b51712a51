//===- DepthwisePortable.cpp - depthwise convolution in plain C++ ---------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// A depthwise convolution has one input channel per filter, so as a GEMM it
// is a product with a single column per group: the matrix kernels would
// spend a call, a repack and a zero-padded panel on every channel. Here the
// channels are the inner loop instead: each output pixel sums its taps'
// pixels, channel by channel, against a [kh][kw][C] filter. Taps outside the
// input read a row of the padding value. The AVX2 file follows the same
// order, so fp16 results are the same bits on both levels.
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"

#include <vector>

using namespace mlir::npu::kernels;
using namespace mlir::npu::kernels::detail;

namespace {

template <typename T>
void getTaps(const DepthwiseShape &s, const T *input, const T *padRow,
             int64_t n, int64_t y, int64_t x, const T **taps) {
  for (int64_t i = 0; i < s.kernelH; ++i) {
    int64_t iy = y * s.strideH - s.padTop + i * s.dilationH;
    for (int64_t j = 0; j < s.kernelW; ++j) {
      int64_t ix = x * s.strideW - s.padLeft + j * s.dilationW;
      *taps++ = iy < 0 || iy >= s.height || ix < 0 || ix >= s.width
                    ? padRow
                    : input + ((n * s.height + iy) * s.width + ix) * s.channels;
    }
  }
}

} // namespace

void mlir::npu::kernels::detail::getDepthwiseTaps(
    const DepthwiseShape &s, const int8_t *input, const int8_t *padRow,
    int64_t n, int64_t y, int64_t x, const int8_t **taps) {
  getTaps(s, input, padRow, n, y, x, taps);
}

void mlir::npu::kernels::detail::getDepthwiseTaps(
    const DepthwiseShape &s, const uint16_t *input, const uint16_t *padRow,
    int64_t n, int64_t y, int64_t x, const uint16_t **taps) {
  getTaps(s, input, padRow, n, y, x, taps);
}

void mlir::npu::kernels::detail::depthwiseConvS8Portable(
    const DepthwiseS8Args &args) {
  const DepthwiseShape &s = args.shape;
  const int64_t taps = s.kernelH * s.kernelW, channels = s.channels;
  std::vector<int8_t> padRow(channels, args.pad);
  std::vector<const int8_t *> rows(taps);
  int32_t *out = args.output;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t y = 0; y < s.outHeight; ++y)
      for (int64_t x = 0; x < s.outWidth; ++x, out += channels) {
        getTaps(s, args.input, padRow.data(), n, y, x, rows.data());
        for (int64_t c = 0; c < channels; ++c) {
          // uint32: the sum wraps modulo 2^32 like the matrix engine's.
          uint32_t acc = args.accumulate ? static_cast<uint32_t>(out[c]) : 0;
          if (args.bias)
            acc += static_cast<uint32_t>(args.bias[c]);
          for (int64_t t = 0; t < taps; ++t)
            acc += static_cast<uint32_t>(int32_t{rows[t][c]} *
                                         args.filter[t * channels + c]);
          out[c] = static_cast<int32_t>(acc);
        }
      }
}

void mlir::npu::kernels::detail::depthwiseConvF16Portable(
    const DepthwiseF16Args &args) {
  const DepthwiseShape &s = args.shape;
  const int64_t taps = s.kernelH * s.kernelW, channels = s.channels;
  std::vector<uint16_t> padRow(channels, 0); // +0.0
  std::vector<const uint16_t *> rows(taps);
  std::vector<float> filter(taps * channels), pixel(channels);
  convertF16ToF32Portable(args.filter, taps * channels, filter.data());
  float *out = args.output;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t y = 0; y < s.outHeight; ++y)
      for (int64_t x = 0; x < s.outWidth; ++x, out += channels) {
        getTaps(s, args.input, padRow.data(), n, y, x, rows.data());
        for (int64_t c = 0; c < channels; ++c) {
          float acc = args.accumulate ? out[c] : 0.0f;
          if (args.bias)
            acc += args.bias[c];
          out[c] = acc;
        }
        for (int64_t t = 0; t < taps; ++t) {
          convertF16ToF32Portable(rows[t], channels, pixel.data());
          const float *w = filter.data() + t * channels;
          for (int64_t c = 0; c < channels; ++c)
            out[c] += pixel[c] * w[c]; // the product is exact in fp32
        }
      }
}
