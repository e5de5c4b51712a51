//===- ReferenceUtils.h - helpers shared by the op evaluations --*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Most ops compute in a "compute domain": floats for float and quantized
// tensors (quantized operands are dequantized, quantized results quantized
// with round-half-even, the fake-quant meaning), integers for integer
// tensors. Convolutions and products on quantized operands instead
// accumulate exact integers and requantize with fixed-point multipliers
// (Numerics.h), which is what the NPU does.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_REFERENCE_REFERENCEUTILS_H
#define NPU_LIB_REFERENCE_REFERENCEUTILS_H

#include "Evaluate.h"
#include "dialects/npu/NpuDialect.h"
#include "npu/Isa/Numerics.h"
#include "npu/Reference/Tensor.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

namespace mlir::npu::reference {

inline bool isQuantized(Type type) { return isa<quant::QuantizedType>(type); }

/// Scale and zero point of `type` for element index `channel` along its
/// quantized axis (ignored for per-tensor types).
struct QuantParams {
  double scale = 1.0;
  int64_t zeroPoint = 0;
};
QuantParams quantParams(quant::QuantizedType type, int64_t channel);
/// The quantized axis, or -1 for per-tensor.
int64_t quantizedAxis(quant::QuantizedType type);

/// The type an op computes in for a result of `type`: the expressed float
/// type for quantized tensors, `type` itself otherwise.
RankedTensorType computeType(RankedTensorType type);
/// `tensor` in its compute domain (quantized -> dequantized float).
Tensor toCompute(const Tensor &tensor);
/// A computed tensor stored as `resultType`: quantized (round half to even,
/// saturating) or rounded to the float type / wrapped to the integer type.
Tensor fromCompute(Tensor computed, RankedTensorType resultType);

/// Float to quantized storage: saturate(round_half_even(x / scale) + zp),
/// the division in float32 as ONNX QuantizeLinear computes it.
int64_t quantizeValue(double x, QuantParams params, int64_t lo, int64_t hi);

/// A tensor of `type` holding `value` (dense or dense_resource elements).
FailureOr<Tensor> tensorFromElements(ElementsAttr value, RankedTensorType type,
                                     Operation *op);

/// Operand `i` if present: absent optional operands (always trailing in npu
/// ops) are missing from the operand list.
inline const Tensor *optionalOperand(ArrayRef<const Tensor *> operands,
                                     unsigned i) {
  return i < operands.size() ? operands[i] : nullptr;
}

/// Copies element `from` of `src` to element `to` of `dst` (same store).
inline void copyElement(const Tensor &src, int64_t from, Tensor &dst,
                        int64_t to) {
  if (src.isFloat())
    dst.floats()[to] = src.floats()[from];
  else
    dst.ints()[to] = src.ints()[from];
}

} // namespace mlir::npu::reference

#endif // NPU_LIB_REFERENCE_REFERENCEUTILS_H
