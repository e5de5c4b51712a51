//===- NpuHwDialect.h - the tile-level npuhw dialect ------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_DIALECTS_NPUHW_NPUHWDIALECT_H
#define NPU_DIALECTS_NPUHW_NPUHWDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/npuhw/NpuHwDialect.h.inc"
#include "dialects/npuhw/NpuHwEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/npuhw/NpuHwAttrs.h.inc"

#include "dialects/npuhw/NpuHwCommands.h"
#include "dialects/npuhw/NpuHwInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/npuhw/NpuHwOps.h.inc"

namespace mlir::npuhw {
/// The npuhw memory space of `type`, if it has one.
std::optional<MemorySpace> getMemorySpace(MemRefType type);
/// A memref type in `space` with the identity layout.
MemRefType getBufferType(ArrayRef<int64_t> shape, Type elementType,
                         MemorySpace space);
} // namespace mlir::npuhw

#endif // NPU_DIALECTS_NPUHW_NPUHWDIALECT_H
