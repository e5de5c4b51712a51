//===- NpuHwUtils.h - what planning, scheduling and codegen share -*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Buffers of a lowered (npuhw) function: the root buffer behind a view, its
// planned address, the bytes a command touches, and the target the module
// was lowered for (the `npuhw.target` module attribute).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TRANSFORMS_NPUHWUTILS_H
#define NPU_TRANSFORMS_NPUHWUTILS_H

#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Target/TargetDescription.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::npu {

/// Byte offset of a planned buffer: on `npuhw.alloc` (its `offset`), on a
/// `memref.global` and on a function argument (DRAM image offsets).
constexpr llvm::StringLiteral kOffsetAttr = "npuhw.offset";
/// Unit attribute of the function arguments that are outputs.
constexpr llvm::StringLiteral kOutputAttr = "npuhw.output";
/// Module attribute: the target description (JSON) the module was lowered for.
constexpr llvm::StringLiteral kTargetAttr = "npuhw.target";

/// The target of a lowered module; an error on the module if absent.
FailureOr<TargetDescription> getModuleTarget(ModuleOp module);

uint64_t getBufferBytes(MemRefType type);

/// The allocation, global or argument a (possibly viewed) buffer lives in.
Value getRootBuffer(Value value);

/// An npuhw op that becomes a command (not `npuhw.alloc`): one that
/// implements npuhw::CommandOpInterface.
bool isNpuHwCommand(Operation *op);

/// The first command, in program order, that uses `buffer` or a view of it.
Operation *getFirstCommandUser(Value buffer);

/// The queues of a target, in artifact order: dma0 .. dmaN-1, matrix,
/// vector. The index of an engine's queue (`channel` picks the DMA engine),
/// and back.
unsigned getQueueIndex(npuhw::Engine engine, int64_t channel,
                       const TargetDescription &target);
std::pair<npuhw::Engine, int64_t> getQueueEngine(unsigned index,
                                                 const TargetDescription &target);

/// The queue a command runs on: its engine's (CommandOpInterface), the
/// DMA engine its channel names.
unsigned getCommandQueue(npuhw::CommandOpInterface command,
                         const TargetDescription &target);

using npuhw::PlacedView;

/// Where a view of a planned buffer lies; fails (with an error) if a buffer
/// on its way has no offset yet or the view is not strided.
FailureOr<PlacedView> placeView(Value value, Operation *user);

} // namespace mlir::npu

#endif // NPU_TRANSFORMS_NPUHWUTILS_H
