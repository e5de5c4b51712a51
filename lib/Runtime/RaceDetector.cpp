//===- RaceDetector.cpp - accesses no semaphore orders --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "RaceDetector.h"

#include "npu/Runtime/Kernels.h"
#include "npu/Isa/Timing.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace mlir::npu::runtime;

namespace {

/// Rows beyond this are covered by one range from the first to the last
/// byte: a conservative footprint for the rare huge strided operand.
constexpr uint64_t kMaxRows = 1 << 16;

class AccessBuilder {
public:
  explicit AccessBuilder(std::vector<MemoryAccess> &out) : out(out) {}

  void contiguous(bool sram, bool write, uint64_t begin, uint64_t bytes) {
    out.push_back({sram, write, begin, begin + bytes});
  }

  /// Rows of `rowBytes` at base + i*s0 + j*s1 + k*s2.
  void strided(bool sram, bool write, uint64_t base, uint64_t rowBytes,
               const uint64_t counts[3], const uint64_t strides[3]) {
    uint64_t rows = counts[0] * counts[1] * counts[2];
    if (rows > kMaxRows) {
      uint64_t last = 0;
      for (int d = 0; d < 3; ++d)
        last += (counts[d] - 1) * strides[d];
      out.push_back({sram, write, base, base + last + rowBytes});
      return;
    }
    size_t first = out.size();
    for (uint64_t i = 0; i < counts[0]; ++i)
      for (uint64_t j = 0; j < counts[1]; ++j)
        for (uint64_t k = 0; k < counts[2]; ++k) {
          uint64_t begin = base + i * strides[0] + j * strides[1] + k * strides[2];
          out.push_back({sram, write, begin, begin + rowBytes});
        }
    merge(first);
  }

private:
  /// Sorts and merges the ranges added since `first`.
  void merge(size_t first) {
    auto begin = out.begin() + first;
    std::sort(begin, out.end(), [](const MemoryAccess &a, const MemoryAccess &b) {
      return a.begin < b.begin;
    });
    size_t kept = first;
    for (size_t i = first + 1; i < out.size(); ++i) {
      if (out[i].begin <= out[kept].end)
        out[kept].end = std::max(out[kept].end, out[i].end);
      else
        out[++kept] = out[i];
    }
    out.resize(kept + 1);
  }

  std::vector<MemoryAccess> &out;
};

using Ranges = std::vector<std::pair<uint64_t, uint64_t>>;

/// The first byte range two sorted, disjoint range lists share.
std::optional<std::pair<uint64_t, uint64_t>> intersect(const Ranges &a,
                                                       const Ranges &b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    uint64_t begin = std::max(a[i].first, b[j].first);
    uint64_t end = std::min(a[i].second, b[j].second);
    if (begin < end)
      return std::make_pair(begin, end);
    if (a[i].second <= b[j].second)
      ++i;
    else
      ++j;
  }
  return std::nullopt;
}

} // namespace

std::vector<MemoryAccess>
mlir::npu::runtime::getCommandAccesses(const Command &c,
                                       const TargetDescription &target) {
  std::vector<MemoryAccess> accesses;
  AccessBuilder add(accesses);
  auto get = [&](llvm::StringRef field) { return c.get(field); };
  const uint64_t panel = target.matrix.cols;
  unsigned size = getDTypeBytes(c.dtype());
  switch (c.opcode()) {
  case Opcode::Dma: {
    uint64_t counts[3] = {get("count0"), get("count1"), get("count2")};
    uint64_t src[3] = {get("src_stride0"), get("src_stride1"), get("src_stride2")};
    uint64_t dst[3] = {get("dst_stride0"), get("dst_stride1"), get("dst_stride2")};
    add.strided(get("src_space") == uint64_t(MemorySpace::Sram), false, get("src"),
                get("row_bytes"), counts, src);
    add.strided(get("dst_space") == uint64_t(MemorySpace::Sram), true, get("dst"),
                get("row_bytes"), counts, dst);
    break;
  }
  case Opcode::Gather: {
    // Which rows it reads is data; the footprint is the whole table.
    uint64_t tableCounts[3] = {1, 1, get("table_rows")},
             tableStrides[3] = {0, 0, get("src_stride")};
    uint64_t dstCounts[3] = {1, 1, get("count")}, dstStrides[3] = {0, 0, get("dst_stride")};
    add.contiguous(true, false, get("indices"), get("count") * size);
    add.strided(get("src_space") == uint64_t(MemorySpace::Sram), false, get("src"),
                get("row_bytes"), tableCounts, tableStrides);
    add.strided(get("dst_space") == uint64_t(MemorySpace::Sram), true, get("dst"),
                get("row_bytes"), dstCounts, dstStrides);
    break;
  }
  case Opcode::MatMul: {
    unsigned in = c.dtype() == DType::I8 ? 1 : 2;
    uint64_t m = get("m"), k = get("k"), n = get("n");
    uint64_t aCounts[3] = {1, 1, m}, aStrides[3] = {0, 0, get("lda") * in};
    uint64_t cCounts[3] = {1, 1, m}, cStrides[3] = {0, 0, get("ldc") * 4};
    add.strided(true, false, get("a"), k * in, aCounts, aStrides);
    add.contiguous(true, false, get("b"),
                   c.dtype() == DType::I8
                       ? kernels::getPackedS8Bytes(k, n, panel)
                       : 2 * kernels::getPackedF16Elements(k, n, panel));
    if (get("bias"))
      add.contiguous(true, false, get("bias_addr"), n * 4);
    add.strided(true, true, get("c"), n * 4, cCounts, cStrides);
    break;
  }
  case Opcode::Conv2D: {
    unsigned in = c.dtype() == DType::I8 ? 1 : 2;
    uint64_t groups = get("groups"), cout = get("out_channels");
    uint64_t kg = get("kernel_h") * get("kernel_w") * (get("in_channels") / groups);
    WindowOutputShape out = getWindowOutputShape(c);
    uint64_t packed = c.dtype() == DType::I8
                          ? kernels::getPackedS8Bytes(kg, cout / groups, panel)
                          : 2 * kernels::getPackedF16Elements(kg, cout / groups, panel);
    add.contiguous(true, false, get("input"),
                   get("batch") * get("height") * get("width") * get("in_channels") * in);
    add.contiguous(true, false, get("filter"), groups * packed);
    if (get("bias"))
      add.contiguous(true, false, get("bias_addr"), cout * 4);
    add.contiguous(true, true, get("output"),
                   get("batch") * out.height * out.width * cout * 4);
    break;
  }
  case Opcode::Requant:
    add.contiguous(true, false, get("input"), get("count") * 4);
    add.contiguous(true, false, get("table"), get("channels") * 8);
    add.contiguous(true, true, get("output"), get("count"));
    break;
  case Opcode::Eltwise:
    add.contiguous(true, false, get("lhs"), get("count") * size);
    add.contiguous(true, false, get("rhs"), get("rhs_period") * size);
    add.contiguous(true, true, get("output"),
                   get("count") * getDTypeBytes(static_cast<DType>(get("out_dtype"))));
    break;
  case Opcode::Activation:
    add.contiguous(true, false, get("input"), get("count") * size);
    add.contiguous(true, true, get("output"),
                   get("count") * getDTypeBytes(static_cast<DType>(get("out_dtype"))));
    break;
  case Opcode::Pool: {
    WindowOutputShape out = getWindowOutputShape(c);
    add.contiguous(true, false, get("input"),
                   get("batch") * get("height") * get("width") * get("channels") * size);
    add.contiguous(true, true, get("output"),
                   get("batch") * out.height * out.width * get("channels") * size);
    break;
  }
  case Opcode::Softmax:
  case Opcode::Norm:
    add.contiguous(true, false, get("input"), get("rows") * get("cols") * size);
    if (c.opcode() == Opcode::Norm) {
      add.contiguous(true, false, get("scale"), get("cols") * size);
      if (get("bias"))
        add.contiguous(true, false, get("bias_addr"), get("cols") * size);
    }
    add.contiguous(true, true, get("output"), get("rows") * get("cols") * size);
    break;
  case Opcode::Signal:
  case Opcode::Wait:
    break;
  }
  return accesses;
}

void RaceDetector::wait(size_t queue, uint64_t semaphore) {
  std::vector<uint64_t> &clock = clocks[queue];
  const std::vector<uint64_t> &signalled = pending[semaphore].front();
  for (size_t q = 0; q < clock.size(); ++q)
    clock[q] = std::max(clock[q], signalled[q]);
  pending[semaphore].pop_front();
}

std::optional<RaceDetector::Race>
RaceDetector::execute(size_t queue, size_t index,
                      const std::vector<MemoryAccess> &accesses) {
  Footprint footprint;
  for (const MemoryAccess &access : accesses)
    footprint.ranges[access.sram][access.write].push_back({access.begin, access.end});
  for (auto &memory : footprint.ranges)
    for (Ranges &ranges : memory) {
      llvm::sort(ranges);
      size_t kept = 0;
      for (size_t i = 1; i < ranges.size(); ++i) {
        if (ranges[i].first <= ranges[kept].second)
          ranges[kept].second = std::max(ranges[kept].second, ranges[i].second);
        else
          ranges[++kept] = ranges[i];
      }
      if (!ranges.empty())
        ranges.resize(kept + 1);
    }

  const std::vector<uint64_t> &known = clocks[queue];
  for (const Record &record : records) {
    // Same queue: in order. Known tick: ordered by semaphores.
    if (record.queue == queue || record.tick <= known[record.queue])
      continue;
    for (int sram = 0; sram < 2; ++sram)
      for (auto [mineWrites, theirsWrite] : {std::pair{true, true},
                                             std::pair{true, false},
                                             std::pair{false, true}})
        if (auto shared = intersect(footprint.ranges[sram][mineWrites],
                                    record.footprint.ranges[sram][theirsWrite]))
          return Race{record.queue, record.command,
                      {bool(sram), mineWrites, shared->first, shared->second},
                      {bool(sram), theirsWrite, shared->first, shared->second},
                      shared->first, shared->second};
  }
  uint64_t tick = ++clocks[queue][queue];
  records.push_back({queue, index, tick, std::move(footprint)});
  if (records.size() >= pruneAt)
    prune();
  return std::nullopt;
}

void RaceDetector::prune() {
  // A record every queue's clock already covers can never race again.
  llvm::erase_if(records, [&](const Record &record) {
    return llvm::all_of(clocks, [&](const std::vector<uint64_t> &clock) {
      return clock[record.queue] >= record.tick;
    });
  });
  pruneAt = std::max<size_t>(64, 2 * records.size());
}
