//===- ConvertPrecision.cpp - compute in fp16 -----------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Every f32 tensor in a function body becomes f16. Constants are rounded
// (nearest even, with the F16C-backed conversion the simulator uses); the
// results of other ops are retyped, which is consistent because npu ops
// infer float result types from their inputs. The signature stays f32 with
// casts at the boundary. Quantization ops keep their f32 side.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu/Runtime/Kernels.h"
#include "npu/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::npu {
#define GEN_PASS_DEF_CONVERTPRECISION
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

bool isF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isF32();
}

RankedTensorType toF16(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return tensor.clone(Float16Type::get(type.getContext()));
}

/// An f16 constant with `values` rounded to nearest even.
FailureOr<ElementsAttr> convertConstant(ConstantOp constant) {
  std::optional<reference::Tensor> value = reference::evaluateConstant(constant);
  if (!value)
    return failure();
  const std::vector<double> &values = value->floats();
  // The values are f32, so narrowing to float is exact; the f32 -> f16
  // rounding is the simulator's own.
  std::vector<float> floats(values.begin(), values.end());
  std::vector<uint16_t> halves(floats.size());
  kernels::convertF32ToF16(floats.data(), floats.size(), halves.data());
  RankedTensorType type = toF16(constant.getType());
  if (halves.size() <= 4096)
    return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(reinterpret_cast<const char *>(halves.data()),
                             halves.size() * 2)));
  return cast<ElementsAttr>(DenseResourceElementsAttr::get(
      type, "fp16_weight",
      HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<uint16_t>(halves))));
}

struct ConvertPrecisionPass
    : npu::impl::ConvertPrecisionBase<ConvertPrecisionPass> {
  using ConvertPrecisionBase::ConvertPrecisionBase;

  void runOnOperation() override {
    if (precision == "fp32")
      return;
    if (precision != "fp16") {
      getOperation().emitError() << "npu-convert-precision: unknown precision '"
                                 << precision
                                 << "' (fp16 or fp32; int8 is quantization's)";
      return signalPassFailure();
    }
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    OpBuilder builder(&getContext());
    Block &entry = func.front();

    // The boundary: f32 arguments are cast to f16 once, on entry.
    builder.setInsertionPointToStart(&entry);
    for (BlockArgument argument : entry.getArguments()) {
      if (!isF32Tensor(argument.getType()) || argument.use_empty())
        continue;
      auto cast = CastOp::create(builder, argument.getLoc(), toF16(argument.getType()),
                                 argument);
      argument.replaceAllUsesExcept(cast, cast);
      ++numCasts;
    }

    WalkResult walk = func.walk([&](Operation *op) -> WalkResult {
      if (isa<func::FuncOp>(op))
        return WalkResult::advance();
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        // Results convert back to the signature's f32.
        builder.setInsertionPoint(ret);
        for (OpOperand &operand : ret->getOpOperands()) {
          Type expected = func.getResultTypes()[operand.getOperandNumber()];
          if (operand.get().getType() == expected || !isF32Tensor(expected))
            continue;
          operand.set(CastOp::create(builder, ret.getLoc(), expected, operand.get()));
          ++numCasts;
        }
        return WalkResult::advance();
      }
      if (auto constant = dyn_cast<ConstantOp>(op)) {
        if (!isF32Tensor(constant.getType()))
          return WalkResult::advance();
        FailureOr<ElementsAttr> value = convertConstant(constant);
        if (failed(value))
          return WalkResult::interrupt();
        constant.setValueAttr(*value);
        constant.getOutput().setType(toF16(constant.getType()));
        ++numConstants;
        return WalkResult::advance();
      }
      if (isa<QuantizeOp, DequantizeOp, RequantizeOp>(op)) {
        // Their float side stays f32: cast f16 inputs up and f32 results
        // down for their users.
        // A model input is quantized as given, not after the entry cast to
        // f16, and a dequantized model output is returned as computed: the
        // f16 round trip would move values across rounding boundaries.
        builder.setInsertionPoint(op);
        for (OpOperand &operand : op->getOpOperands()) {
          if (auto entryCast = operand.get().getDefiningOp<CastOp>();
              entryCast && isa<BlockArgument>(entryCast.getInput()) &&
              entryCast.getInput().getType() ==
                  cast<RankedTensorType>(entryCast.getType()).clone(builder.getF32Type())) {
            operand.set(entryCast.getInput());
            continue;
          }
          if (auto tensor = dyn_cast<RankedTensorType>(operand.get().getType());
              tensor && tensor.getElementType().isF16())
            operand.set(CastOp::create(builder, op->getLoc(),
                                       tensor.clone(builder.getF32Type()),
                                       operand.get()));
        }
        builder.setInsertionPointAfter(op);
        for (OpResult result : op->getResults())
          if (isF32Tensor(result.getType()) && !result.use_empty()) {
            auto cast = CastOp::create(builder, op->getLoc(), toF16(result.getType()),
                                       result);
            result.replaceUsesWithIf(cast, [&](OpOperand &use) {
              return use.getOwner() != cast && !isa<func::ReturnOp>(use.getOwner());
            });
            if (cast.use_empty())
              cast.erase();
          }
        return WalkResult::advance();
      }
      bool changed = false;
      for (OpResult result : op->getResults())
        if (isF32Tensor(result.getType())) {
          result.setType(toF16(result.getType()));
          changed = true;
        }
      numOps += changed;
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
  }
};

} // namespace
