//===- Quantize.h - int8 rewrite of one layer ---------------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The rewrite npu-quantize applies to each convolution and fully connected
// layer, exposed so that the mixed-precision search (lib/Driver) measures a
// layer quantized exactly as the pass would quantize it.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TRANSFORMS_QUANTIZE_H
#define NPU_TRANSFORMS_QUANTIZE_H

#include "mlir/IR/Operation.h"

#include <utility>

namespace mlir::npu {

/// A calibrated range [lo, hi] (lo <= 0 <= hi).
using ActivationRange = std::pair<double, double>;

/// True for the layers npu-quantize rewrites: `conv2d` and
/// `fully_connected` with f32 operands and constant f32 weights and bias.
bool isQuantizableLayer(Operation *op);

/// Rewrites `op` (isQuantizableLayer) into quantize -> int8 layer ->
/// dequantize with per-channel symmetric weights, activation types from the
/// ranges and an int32 bias (docs/quantization.md). Returns the int8 layer;
/// `op` is erased, and so are its weights if nothing else uses them.
Operation *quantizeLayer(Operation *op, ActivationRange inputRange,
                         ActivationRange resultRange, bool symmetric);

/// Removes each `quantize(dequantize(x))` of `function`: x itself when the
/// types agree, else an integer `requantize` of x. Returns the number of
/// pairs (cancelled, requantized).
std::pair<int64_t, int64_t> foldDequantizeQuantizePairs(Operation *function);

} // namespace mlir::npu

#endif // NPU_TRANSFORMS_QUANTIZE_H
