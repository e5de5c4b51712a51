//===- NpuSemantics.h - element semantics of npu ops ------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// What npu ops compute, element by element, written once. The reference
// interpreter (lib/Reference) applies these functions to whole tensors and
// the folders (NpuFolds.cpp) to small constants, so a folded constant and the
// interpreter's result cannot disagree.
//
// Values are in the interpreter's canonical domains: floats as doubles
// already rounded to their type, integers as int64 already wrapped to their
// width. Float arithmetic runs in double and is rounded to the result type
// afterwards (for + - * / and sqrt that is the correctly rounded IEEE result
// of the type); integer arithmetic wraps.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_DIALECTS_NPU_NPUSEMANTICS_H
#define NPU_DIALECTS_NPU_NPUSEMANTICS_H

#include "dialects/npu/NpuDialect.h"

#include <optional>

namespace mlir::npu {

/// Rounds a double to the precision and range of `floatType` (f16, bf16,
/// f32; f64 unchanged), round-to-nearest-even like IEEE conversions.
double roundToFloatType(double value, FloatType floatType);
/// Wraps an integer to `width` bits, sign-extending unless `isUnsigned`.
int64_t wrapToInteger(int64_t value, unsigned width, bool isUnsigned);

/// Row-major strides of `shape`.
SmallVector<int64_t> computeStrides(ArrayRef<int64_t> shape);
/// Index of the element of an operand of `shape` that the result element
/// `index` (of `resultShape`) reads under numpy broadcasting.
int64_t broadcastIndex(int64_t index, ArrayRef<int64_t> resultShape,
                       ArrayRef<int64_t> shape);

/// `npu.unary` on a float; every kind is defined.
double applyUnary(UnaryKind kind, double x);
/// `npu.unary` on an integer: nothing for kinds not defined on integers.
std::optional<int64_t> applyUnary(UnaryKind kind, int64_t x);

/// `npu.binary` on floats (max and min propagate NaN).
double applyBinary(BinaryKind kind, double a, double b);
/// `npu.binary` on integers, wrapping; nothing for a division by zero.
/// Division truncates toward zero and INT64_MIN / -1 wraps.
std::optional<int64_t> applyBinary(BinaryKind kind, int64_t a, int64_t b);

/// `npu.cast` of a float to `type`: truncation toward zero, saturating to
/// the type's range; NaN gives 0 and i1 is `value != 0`.
int64_t castFloatToInteger(double value, IntegerType type);

/// ONNX QuantizeLinear of one value: saturate(round_half_even(x / scale) +
/// zeroPoint) to [lo, hi], the division in float32 as ONNX computes it.
/// The caller keeps the rounding mode at its default (to nearest).
int64_t quantizeValue(double x, double scale, int64_t zeroPoint, int64_t lo,
                      int64_t hi);

/// The input coordinate of output coordinate `x` of one resized axis (ONNX
/// Resize's coordinate_transformation_mode); ResizeOp::getNearestSourceIndex
/// rounds it for `nearest` mode.
double resizeSourceCoordinate(CoordinateTransform transform, int64_t x,
                              int64_t inLength, int64_t outLength);

} // namespace mlir::npu

#endif // NPU_DIALECTS_NPU_NPUSEMANTICS_H
