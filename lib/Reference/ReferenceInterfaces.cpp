//===- ReferenceInterfaces.cpp - attach the reference to every npu op -----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The external models are instantiated from the dialect's own op list, so
// every npu op gets one and an op without an `evaluate` overload
// (Evaluate.h) is a compile error naming it.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/ReferenceOpInterface.h"

#include "Evaluate.h"

#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

#include "npu/Reference/ReferenceOpInterface.cpp.inc"

namespace {

template <typename OpT>
struct ReferenceModel
    : NpuReferenceOpInterface::ExternalModel<ReferenceModel<OpT>, OpT> {
  LogicalResult evaluate(Operation *op, EvalContext &context,
                         ArrayRef<const Tensor *> operands,
                         SmallVectorImpl<Tensor> &results) const {
    return ::mlir::npu::reference::evaluate(cast<OpT>(op), context, operands,
                                            results);
  }
};

template <typename... OpTs>
void attachReferenceModels(MLIRContext *context) {
  (OpTs::template attachInterface<ReferenceModel<OpTs>>(*context), ...);
}

} // namespace

void mlir::npu::reference::registerReferenceInterfaces(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, NpuDialect *) {
    attachReferenceModels<
#define GET_OP_LIST
#include "dialects/npu/NpuOps.cpp.inc"
        >(context);
  });
}
