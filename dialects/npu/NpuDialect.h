//===- NpuDialect.h - the graph-level npu dialect ---------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Include this header to use npu ops from C++: it declares the dialect, its
// enums, its interfaces and every op.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_DIALECTS_NPU_NPUDIALECT_H
#define NPU_DIALECTS_NPU_NPUDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "npu/Support/Diagnostics.h"

#include "dialects/npu/NpuDialect.h.inc"
#include "dialects/npu/NpuEnums.h.inc"

namespace mlir::npu {
namespace detail {
/// Default of NpuCostOpInterface::getVectorOpCount: one per result element.
int64_t defaultVectorOpCount(Operation *op);
/// Default of NpuCostOpInterface::getCompulsoryBytes: every operand and
/// result tensor read or written once.
int64_t defaultCompulsoryBytes(Operation *op);
/// Checks `op`'s result types against its InferShapedTypeOpInterface and every
/// per-axis quantized tensor type it touches against its shape.
LogicalResult verifyInferredShapes(Operation *op);
} // namespace detail

/// Op trait behind `Npu_VerifiesInferredShapes` in NpuBase.td.
template <typename ConcreteType>
class VerifiesInferredShapes
    : public OpTrait::TraitBase<ConcreteType, VerifiesInferredShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifyInferredShapes(op);
  }
};

/// Argument and result attribute of a model input or output that is uint8
/// in the model and int8 on the NPU (the same values minus 128), set by
/// npu-legalize-quantized; the artifact records it and the runtime converts.
constexpr llvm::StringLiteral kHostUnsignedAttrName = "npu.host_unsigned";

/// The largest tensor any part of npu-mlir accepts, in elements.
constexpr int64_t kMaxTensorElements = int64_t{1} << 40;
/// Whether `shape` has non-negative dimensions and at most
/// kMaxTensorElements elements (computed without overflow).
bool hasReasonableSize(ArrayRef<int64_t> shape);

/// Bytes one element of `elementType` occupies (quantized types: storage).
int64_t getElementByteWidth(Type elementType);
/// Bytes of a ranked tensor or memref of static shape.
int64_t getTensorByteSize(ShapedType type);

/// Builds `OpTy` with result types from the op's own shape inference.
/// `resultElementType`, when given, replaces the inferred element type (and is
/// required for ops whose result element type is free, like quantized
/// convolutions). Returns nullptr after emitting a diagnostic at `loc` when
/// the operands and attributes do not make a valid op; nothing is left in the
/// IR in that case.
template <typename OpTy, typename... Args>
OpTy createWithInferredType(OpBuilder &builder, Location loc,
                            Type resultElementType, Args &&...args);

/// Non-template part of createWithInferredType: infers and sets the result
/// types of a freshly built `op` (whose result types are placeholders).
LogicalResult refineResultTypes(Operation *op, Type resultElementType);

} // namespace mlir::npu

#include "dialects/npu/NpuInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/npu/NpuOps.h.inc"

namespace mlir::npu {
template <typename OpTy, typename... Args>
OpTy createWithInferredType(OpBuilder &builder, Location loc,
                            Type resultElementType, Args &&...args) {
  // Build with placeholder result types, then let the op infer them. The op
  // is erased again if inference fails, so a caller never sees a half-built
  // op.
  static_assert(OpTy::template hasTrait<OpTrait::OneResult>(),
                "createWithInferredType builds single-result ops");
  Type placeholder = NoneType::get(builder.getContext());
  OpTy op = OpTy::create(builder, loc, placeholder, std::forward<Args>(args)...);
  if (failed(refineResultTypes(op, resultElementType))) {
    op->erase();
    return nullptr;
  }
  return op;
}
} // namespace mlir::npu

#endif // NPU_DIALECTS_NPU_NPUDIALECT_H
