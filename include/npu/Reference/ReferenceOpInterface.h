//===- ReferenceOpInterface.h - the meaning of npu ops ----------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// NpuReferenceOpInterface: an npu op's evaluation on host tensors. The npu
// dialect does not depend on the interpreter; lib/Reference attaches the
// interface to every npu op as an external model. A tool or library that
// runs the interpreter registers it with its dialects:
//
//   DialectRegistry registry;
//   registry.insert<npu::NpuDialect, func::FuncDialect>();
//   npu::reference::registerReferenceInterfaces(registry);
//
//===----------------------------------------------------------------------===//

#ifndef NPU_REFERENCE_REFERENCEOPINTERFACE_H
#define NPU_REFERENCE_REFERENCEOPINTERFACE_H

#include "npu/Reference/Tensor.h"

#include "mlir/IR/OpDefinition.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

#include "npu/Reference/ReferenceOpInterface.h.inc"

namespace mlir::npu::reference {

/// Attaches NpuReferenceOpInterface to every op of the npu dialect when the
/// dialect is loaded into a context with `registry`.
void registerReferenceInterfaces(DialectRegistry &registry);

} // namespace mlir::npu::reference

#endif // NPU_REFERENCE_REFERENCEOPINTERFACE_H
