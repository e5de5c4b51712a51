//===- AssignLayout.cpp - NHWC or NCHW for every 4-D activation -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The first decision of the npu -> npuhw stage, recorded as `npu.layout`
// on each op with a 4-D result so that the conversion (and a reader of the
// IR) sees it. Rules in include/npu/Conversion/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "LoweringContext.h"

#include "npu/Conversion/NpuToNpuHw.h"
#include "npu/Conversion/Passes.h"

namespace mlir::npu {
#define GEN_PASS_DEF_ASSIGNLAYOUT
#include "npu/Conversion/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

namespace {

bool isNhwc(Value value) {
  Operation *producer = value.getDefiningOp();
  if (!producer || cast<RankedTensorType>(value.getType()).getRank() != 4)
    return false;
  auto layout = producer->getAttrOfType<StringAttr>(kLayoutAttr);
  return layout && layout.getValue() == kLayoutNhwc;
}

/// Whether `op`'s 4-D result is best stored NHWC.
bool wantsNhwc(Operation &op, RankedTensorType type) {
  if (std::optional<bool> fixed = getFixedLayout(&op))
    return *fixed;
  if (isa<BinaryOp, UnaryOp, ClipOp, LeakyReluOp, HardSigmoidOp, CastOp,
          QuantizeOp, DequantizeOp>(op)) {
    if (llvm::any_of(op.getOperands(), [](Value operand) { return isNhwc(operand); }))
      return true;
    // A per-channel operand repeats in NHWC order only.
    auto repeats = [&](bool inNhwc) {
      return llvm::all_of(op.getOperands(), [&](Value operand) {
        return getPeriod(cast<RankedTensorType>(operand.getType()), type, inNhwc) != 0;
      });
    };
    return !repeats(false) && repeats(true);
  }
  return isNhwc(op.getOperand(0)); // concat and slice follow their first input
}

struct AssignLayoutPass : npu::impl::AssignLayoutBase<AssignLayoutPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    Builder builder(&getContext());
    for (Operation &op : function.getBody().getOps()) {
      if (isa<ConstantOp>(op) || op.getNumResults() != 1)
        continue;
      auto type = dyn_cast<RankedTensorType>(op.getResult(0).getType());
      if (!type || type.getRank() != 4)
        continue;
      bool nhwc = wantsNhwc(op, type);
      op.setAttr(kLayoutAttr, builder.getStringAttr(nhwc ? kLayoutNhwc : kLayoutNchw));
      ++(nhwc ? numNhwc : numNchw);
    }
  }
};

} // namespace
