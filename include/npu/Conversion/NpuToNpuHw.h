//===- NpuToNpuHw.h - npu -> npuhw: decisions recorded in the IR -*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// What the passes before the conversion decide, and how they write it on
// the npu ops (docs/pipeline.md, "Tiling and lowering"):
//
//   npu-assign-layout      `npu.layout = "nhwc" | "nchw"` on every op with a
//                          4-D result: how the result is stored in DRAM;
//   npu-form-layer-groups  `npu.layer_group = {id, index[, rows_per_tile]}`
//                          on the convolutions tiled together (the head,
//                          index 0, carries the band height);
//   convert-npu-to-npuhw   reads both and emits the commands.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_NPUTONPUHW_H
#define NPU_CONVERSION_NPUTONPUHW_H

#include "dialects/npu/NpuDialect.h"
#include "npu/Conversion/ConvTiling.h"
#include "npu/Target/TargetDescription.h"

#include <optional>

namespace mlir::npu {

/// The storage layout of an op's 4-D result.
constexpr llvm::StringLiteral kLayoutAttr = "npu.layout";
constexpr llvm::StringLiteral kLayoutNhwc = "nhwc";
constexpr llvm::StringLiteral kLayoutNchw = "nchw";
/// Membership of a layer group.
constexpr llvm::StringLiteral kLayerGroupAttr = "npu.layer_group";

/// The convolution as the NPU runs it, or nothing when a window field does
/// not fit its 8-bit command field.
std::optional<ConvProblem> getConvProblem(Conv2DOp op);

/// The share of an SRAM budget a convolution's streamed tiles may plan
/// for: the per-channel bias and requantization table (int8) come out of
/// the same budget, twice.
TargetDescription getConvBudget(const ConvProblem &problem,
                                const TargetDescription &target,
                                int64_t budget);

} // namespace mlir::npu

#endif // NPU_CONVERSION_NPUTONPUHW_H
