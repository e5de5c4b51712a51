//===- PlanMemory.cpp - DRAM and SRAM offsets by liveness -----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Gives every npuhw buffer its byte offset (docs/pipeline.md, "Memory
// planning"). The DRAM image is laid out as
//
//   [constants][input 0]...[output 0]...[scratch]
//
// with 64-byte aligned pieces. Scratch buffers (activations) and SRAM tiles
// live from their first to their last use in program order (uses through
// views included) and are placed by planMemory, which reuses memory whose
// buffers are dead. The scheduler later orders every command that touches
// reused bytes, so reuse is safe on parallel queues.
//
//===----------------------------------------------------------------------===//

#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Target/TargetDescription.h"
#include "npu/Transforms/MemoryPlan.h"
#include "npu/Transforms/Passes.h"
#include "npu/Transforms/NpuHwUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/MathExtras.h"

#include <numeric>
#include <tuple>

#define DEBUG_TYPE "npuhw-plan-memory"

namespace mlir::npu {
#define GEN_PASS_DEF_PLANMEMORY
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

constexpr uint64_t kAlignment = 64;

uint64_t alignUp(uint64_t value) { return llvm::alignTo(value, kAlignment); }

/// planMemory on each group of buffers whose lifetimes chain together: SRAM
/// tiles of one op never live across another op, so each op's tiles are
/// planned on their own (fewer sizes to pack, less fragmentation) and the
/// peak is the largest group's.
MemoryPlan planIndependentGroups(ArrayRef<BufferLifetime> buffers) {
  SmallVector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](size_t a, size_t b) {
    return std::tie(buffers[a].first, a) < std::tie(buffers[b].first, b);
  });
  MemoryPlan result;
  result.offsets.assign(buffers.size(), 0);
  for (size_t begin = 0; begin < order.size();) {
    uint64_t groupEnd = buffers[order[begin]].last;
    size_t end = begin + 1;
    while (end < order.size() && buffers[order[end]].first <= groupEnd) {
      groupEnd = std::max(groupEnd, buffers[order[end]].last);
      ++end;
    }
    SmallVector<BufferLifetime> group;
    for (size_t i = begin; i < end; ++i)
      group.push_back(buffers[order[i]]);
    MemoryPlan plan = planMemory(group);
    for (size_t i = begin; i < end; ++i)
      result.offsets[order[i]] = plan.offsets[i - begin];
    result.peak = std::max(result.peak, plan.peak);
    result.lowerBound = std::max(result.lowerBound, plan.lowerBound);
    begin = end;
  }
  return result;
}

struct PlanMemoryPass : npu::impl::PlanMemoryBase<PlanMemoryPass> {
  using PlanMemoryBase::PlanMemoryBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<TargetDescription> target = getModuleTarget(module);
    if (failed(target))
      return signalPassFailure();
    for (func::FuncOp function : module.getOps<func::FuncOp>())
      if (failed(plan(module, function, *target)))
        return signalPassFailure();
  }

  LogicalResult plan(ModuleOp module, func::FuncOp function,
                     const TargetDescription &target) {
    MLIRContext *context = module.getContext();
    Builder builder(context);
    // Constants first, in symbol order of appearance.
    uint64_t offset = 0;
    for (memref::GlobalOp global : module.getOps<memref::GlobalOp>()) {
      global->setAttr(kOffsetAttr, builder.getI64IntegerAttr(offset));
      offset = alignUp(offset + getBufferBytes(global.getType()));
    }
    const uint64_t constantBytes = offset;
    // Inputs, then outputs (argument order).
    for (BlockArgument argument : function.getArguments()) {
      function.setArgAttr(argument.getArgNumber(), kOffsetAttr,
                          builder.getI64IntegerAttr(offset));
      offset = alignUp(offset + getBufferBytes(cast<MemRefType>(argument.getType())));
    }
    const uint64_t scratchBase = offset;

    // Lifetimes: program positions of the first and last command using each
    // allocation, directly or through a view.
    DenseMap<Operation *, std::pair<uint64_t, uint64_t>> lifetimes;
    SmallVector<npuhw::AllocOp> allocs;
    uint64_t position = 0;
    function.walk([&](Operation *op) {
      if (auto alloc = dyn_cast<npuhw::AllocOp>(op)) {
        allocs.push_back(alloc);
        return;
      }
      if (!isNpuHwCommand(op))
        return;
      ++position;
      for (Value operand : op->getOperands()) {
        auto alloc = getRootBuffer(operand).getDefiningOp<npuhw::AllocOp>();
        if (!alloc)
          continue;
        auto [it, inserted] = lifetimes.try_emplace(alloc, position, position);
        if (!inserted)
          it->second.second = position;
      }
    });

    for (auto space : {npuhw::MemorySpace::dram, npuhw::MemorySpace::sram}) {
      SmallVector<npuhw::AllocOp> buffers;
      SmallVector<BufferLifetime> requests;
      for (npuhw::AllocOp alloc : allocs) {
        if (npuhw::getMemorySpace(alloc.getType()) != space)
          continue;
        auto it = lifetimes.find(alloc);
        if (it == lifetimes.end())
          continue; // never used: erased below
        buffers.push_back(alloc);
        requests.push_back(BufferLifetime{getBufferBytes(alloc.getType()),
                                          kAlignment, it->second.first,
                                          it->second.second});
      }
      MemoryPlan plan = space == npuhw::MemorySpace::sram
                            ? planIndependentGroups(requests)
                            : planMemory(requests);
      uint64_t base = space == npuhw::MemorySpace::dram ? scratchBase : 0;
      LLVM_DEBUG(llvm::dbgs() << (space == npuhw::MemorySpace::dram ? "DRAM" : "SRAM")
                              << ": " << buffers.size() << " buffers, peak " << plan.peak
                              << " bytes, lower bound " << plan.lowerBound << "\n");
      for (auto [alloc, planned] : llvm::zip(buffers, plan.offsets))
        alloc.setOffsetAttr(builder.getI64IntegerAttr(base + planned));
      if (space == npuhw::MemorySpace::dram) {
        dramPeak = plan.peak;
        dramLowerBound = plan.lowerBound;
        function->setAttr("npuhw.scratch_bytes", builder.getI64IntegerAttr(alignUp(plan.peak)));
        function->setAttr("npuhw.scratch_lower_bound", builder.getI64IntegerAttr(plan.lowerBound));
        function->setAttr("npuhw.dram_bytes",
                          builder.getI64IntegerAttr(scratchBase + alignUp(plan.peak)));
        if (scratchBase + plan.peak > static_cast<uint64_t>(target.dram.bytes))
          return function.emitError("the model needs ")
                 << scratchBase + plan.peak << " bytes of DRAM; target '"
                 << target.name << "' has " << target.dram.bytes;
      } else {
        sramPeak = plan.peak;
        function->setAttr("npuhw.sram_bytes", builder.getI64IntegerAttr(plan.peak));
        if (plan.peak > static_cast<uint64_t>(target.sram.bytes)) {
          // Name the first tile that does not fit, at its ONNX node.
          for (auto [alloc, planned] : llvm::zip(buffers, plan.offsets)) {
            if (planned + getBufferBytes(alloc.getType()) <= uint64_t(target.sram.bytes))
              continue;
            Operation *user = getFirstCommandUser(alloc);
            return (user ? user->emitError() : alloc.emitError())
                   << "SRAM plan needs " << plan.peak << " bytes but target '"
                   << target.name << "' has " << target.sram.bytes
                   << "; lower with a smaller sram-fraction";
          }
        }
      }
    }
    for (npuhw::AllocOp alloc : allocs)
      if (!lifetimes.count(alloc) && alloc->use_empty())
        alloc.erase();
    function->setAttr("npuhw.constant_bytes", builder.getI64IntegerAttr(constantBytes));
    numConstantBytes += constantBytes;
    return success();
  }
};

} // namespace
