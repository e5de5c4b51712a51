//===- ReferenceOpInterface.td - the meaning of an npu op -*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_REFERENCE_OP_INTERFACE_TD
#define NPU_REFERENCE_OP_INTERFACE_TD

include "mlir/IR/OpBase.td"

def NpuReferenceOpInterface : OpInterface<"NpuReferenceOpInterface"> {
  let cppNamespace = "::mlir::npu::reference";
  let description = [{
    The meaning of an op: its evaluation on host tensors by the reference
    interpreter. lib/Reference attaches it to every npu op as an external
    model (registerReferenceInterfaces); the dialect itself does not depend
    on the interpreter. Calibration, the simulator's checks and the accuracy
    tools compare against it. Semantics per element type are documented in
    docs/numerics.md; element arithmetic is shared with the folders through
    dialects/npu/NpuSemantics.h.
  }];
  let methods = [
    InterfaceMethod<[{
        Computes the op's results from `operands` (the op's operands in order;
        an absent optional operand, always trailing, is not in the list).
        Reports failures (an index out of range, say) as diagnostics at the
        op.
      }],
      "::llvm::LogicalResult", "evaluate",
      (ins "::mlir::npu::reference::EvalContext &":$context,
           "::llvm::ArrayRef<const ::mlir::npu::reference::Tensor *>":$operands,
           "::llvm::SmallVectorImpl<::mlir::npu::reference::Tensor> &":$results)>,
  ];
}

#endif // NPU_REFERENCE_OP_INTERFACE_TD
