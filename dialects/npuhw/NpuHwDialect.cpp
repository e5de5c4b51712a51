//===- NpuHwDialect.cpp - npuhw dialect registration ----------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "dialects/npuhw/NpuHwDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::npuhw;

#include "dialects/npuhw/NpuHwDialect.cpp.inc"
#include "dialects/npuhw/NpuHwEnums.cpp.inc"
#include "dialects/npuhw/NpuHwInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/npuhw/NpuHwAttrs.cpp.inc"

void NpuHwDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/npuhw/NpuHwAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/npuhw/NpuHwOps.cpp.inc"
      >();
}

std::optional<MemorySpace> mlir::npuhw::getMemorySpace(MemRefType type) {
  if (auto space = dyn_cast_or_null<MemorySpaceAttr>(type.getMemorySpace()))
    return space.getValue();
  return std::nullopt;
}

MemRefType mlir::npuhw::getBufferType(ArrayRef<int64_t> shape,
                                      Type elementType, MemorySpace space) {
  return MemRefType::get(shape, elementType, MemRefLayoutAttrInterface(),
                         MemorySpaceAttr::get(elementType.getContext(), space));
}

#define GET_OP_CLASSES
#include "dialects/npuhw/NpuHwOps.cpp.inc"
