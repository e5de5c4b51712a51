//===- NpuInterfaces.td - interfaces every npu op implements -*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_INTERFACES_TD
#define NPU_INTERFACES_TD

include "mlir/IR/OpBase.td"

def NpuCostOpInterface : OpInterface<"NpuCostOpInterface"> {
  let cppNamespace = "::mlir::npu";
  let description = [{
    The work an op asks of the NPU, independent of any target: multiply-
    accumulates for the matrix engine, element operations for the vector
    engine, and the compulsory bytes it must read and write (every operand
    and result once). Tiling and the roofline report divide these by a
    target's peak rates.
  }];
  let methods = [
    InterfaceMethod<"Multiply-accumulate operations on the matrix engine.",
      "int64_t", "getMacCount", (ins), [{}],
      /*defaultImplementation=*/[{ return 0; }]>,
    InterfaceMethod<[{
        Element operations on the vector engine: one per result element
        unless the op says otherwise (windows and reductions count the
        elements they read; softmax and norms count their passes).
      }],
      "int64_t", "getVectorOpCount", (ins), [{}],
      /*defaultImplementation=*/[{
        return ::mlir::npu::detail::defaultVectorOpCount($_op);
      }]>,
    InterfaceMethod<"Bytes read and written if every tensor moves once.",
      "int64_t", "getCompulsoryBytes", (ins), [{}],
      /*defaultImplementation=*/[{
        return ::mlir::npu::detail::defaultCompulsoryBytes($_op);
      }]>,
  ];
}

def NpuReferenceOpInterface : OpInterface<"NpuReferenceOpInterface"> {
  let cppNamespace = "::mlir::npu";
  let description = [{
    The meaning of an op: its evaluation on host tensors by the reference
    interpreter (lib/Reference). Every npu op implements it; calibration, the
    simulator's checks and the accuracy tools compare against it.
    Semantics per element type are documented in docs/numerics.md.
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

#endif // NPU_INTERFACES_TD
