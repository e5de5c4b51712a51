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

#endif // NPU_INTERFACES_TD
