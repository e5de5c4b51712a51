//===- MemoryPlan.h - offsets for buffers with lifetimes --------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The offset assignment behind DRAM activation planning (docs/pipeline.md):
// buffers live over intervals of program steps; two buffers may share bytes
// only if their intervals are disjoint. Placement is greedy by size, each
// buffer at the lowest aligned offset that no overlapping-in-time buffer
// occupies (the strategy of TFLite's arena planner), which is within a few
// percent of the lower bound on real networks. The lower bound, the largest
// total size live at one step, is computed alongside so pass statistics can
// report how close the plan is.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TRANSFORMS_MEMORYPLAN_H
#define NPU_TRANSFORMS_MEMORYPLAN_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::npu {

struct BufferLifetime {
  uint64_t size = 0;
  uint64_t alignment = 1; // a power of two
  /// Live from step `first` to step `last`, both included.
  uint64_t first = 0, last = 0;
};

struct MemoryPlan {
  /// One offset per buffer, in the order given.
  std::vector<uint64_t> offsets;
  /// Bytes the plan needs: the highest end of any buffer.
  uint64_t peak = 0;
  /// No plan needs less: the largest sum of sizes live at one step.
  uint64_t lowerBound = 0;
};

/// Places `buffers`. Deterministic: equal inputs give equal plans.
MemoryPlan planMemory(llvm::ArrayRef<BufferLifetime> buffers);

} // namespace mlir::npu

#endif // NPU_TRANSFORMS_MEMORYPLAN_H
