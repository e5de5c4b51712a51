//===- MemoryPlan.cpp - offsets for buffers with lifetimes ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/MemoryPlan.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <map>
#include <numeric>

using namespace mlir::npu;


MemoryPlan mlir::npu::planMemory(llvm::ArrayRef<BufferLifetime> buffers) {
  MemoryPlan plan;
  plan.offsets.assign(buffers.size(), 0);

  // Lower bound: sweep the interval ends (a buffer counts from `first` to
  // `last` inclusive).
  std::map<uint64_t, int64_t> delta;
  for (const BufferLifetime &b : buffers) {
    delta[b.first] += static_cast<int64_t>(b.size);
    delta[b.last + 1] -= static_cast<int64_t>(b.size);
  }
  int64_t live = 0;
  for (const auto &[step, change] : delta) {
    live += change;
    plan.lowerBound = std::max<uint64_t>(plan.lowerBound, live);
  }

  // Largest first; ties by earlier start, then by index: a total order,
  // so the plan is deterministic.
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  llvm::sort(order, [&](size_t a, size_t b) {
    if (buffers[a].size != buffers[b].size)
      return buffers[a].size > buffers[b].size;
    if (buffers[a].first != buffers[b].first)
      return buffers[a].first < buffers[b].first;
    return a < b;
  });

  std::vector<size_t> placed;
  for (size_t index : order) {
    const BufferLifetime &buffer = buffers[index];
    // Address ranges of placed buffers alive at the same time, by offset.
    std::vector<std::pair<uint64_t, uint64_t>> busy;
    for (size_t other : placed) {
      const BufferLifetime &o = buffers[other];
      if (o.first <= buffer.last && buffer.first <= o.last && o.size)
        busy.push_back({plan.offsets[other], plan.offsets[other] + o.size});
    }
    llvm::sort(busy);
    // The lowest aligned gap that fits.
    uint64_t offset = 0;
    for (const auto &[begin, end] : busy) {
      if (llvm::alignTo(offset, buffer.alignment) + buffer.size <= begin)
        break;
      offset = std::max(offset, end);
    }
    offset = llvm::alignTo(offset, buffer.alignment);
    plan.offsets[index] = offset;
    plan.peak = std::max(plan.peak, offset + buffer.size);
    placed.push_back(index);
  }
  return plan;
}
