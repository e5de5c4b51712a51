//===- Passes.h - npu-mlir conversion passes --------------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_PASSES_H
#define NPU_CONVERSION_PASSES_H

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/Pass.h"

namespace mlir::npu {

#define GEN_PASS_DECL
#include "npu/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "npu/Conversion/Passes.h.inc"

} // namespace mlir::npu

#endif // NPU_CONVERSION_PASSES_H
