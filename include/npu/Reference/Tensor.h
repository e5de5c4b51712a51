//===- Tensor.h - values of the reference interpreter -----------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// A reference tensor is a ranked tensor type plus its elements in one of two
// canonical stores:
//   * floating-point types (f16, bf16, f32, f64) as doubles, each value
//     already rounded to its type (so f16 storage is IEEE half, whatever the
//     arithmetic);
//   * integers, booleans and quantized types (their storage integers) as
//     int64, each value already wrapped to its width and signedness.
// One store per kind keeps the kernels short; `roundToType` is applied to
// every result, which is what gives each element type its semantics.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_REFERENCE_TENSOR_H
#define NPU_REFERENCE_TENSOR_H

#include "dialects/npu/NpuSemantics.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <vector>

namespace mlir::npu::reference {

class Tensor {
public:
  Tensor() = default;
  /// A zero-filled tensor of `type`.
  explicit Tensor(RankedTensorType type);

  RankedTensorType getType() const { return type; }
  ArrayRef<int64_t> getShape() const { return type.getShape(); }
  Type getElementType() const { return type.getElementType(); }
  int64_t getNumElements() const { return type.getNumElements(); }
  /// True when elements live in the float store.
  bool isFloat() const { return floating; }

  std::vector<double> &floats() { return floatData; }
  const std::vector<double> &floats() const { return floatData; }
  std::vector<int64_t> &ints() { return intData; }
  const std::vector<int64_t> &ints() const { return intData; }

  /// Element `i` as a double (integers and quantized storage converted).
  double getAsDouble(int64_t i) const {
    return floating ? floatData[i] : static_cast<double>(intData[i]);
  }

  /// Rounds (floats) or wraps (integers) every element to the element type.
  void roundToType();

private:
  RankedTensorType type;
  bool floating = false;
  std::vector<double> floatData;
  std::vector<int64_t> intData;
};

/// Where an op's reference evaluation reports problems: errors are MLIR
/// diagnostics at the op (and so name its ONNX node).
struct EvalContext {
  /// Upper bound on threads a kernel may use (1 keeps runs deterministic in
  /// time; results never depend on it).
  unsigned threads = 1;
};

} // namespace mlir::npu::reference

#endif // NPU_REFERENCE_TENSOR_H
