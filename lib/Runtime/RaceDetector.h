//===- RaceDetector.h - accesses no semaphore orders ------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The simulator executes a command's effect when it issues, so a consumer
// that forgot its `wait` may still read its producer's data. Silicon would
// not. This detector finds such programs. Each queue keeps a vector clock:
// a `signal` carries the signalling queue's clock to the semaphore, and the
// `wait` that consumes it merges that clock into its own. Two accesses from
// different queues that overlap in memory, at least one of them a write, are
// a race unless the earlier one's clock entry is known to the later queue.
// Private to lib/Runtime.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_RUNTIME_RACEDETECTOR_H
#define NPU_LIB_RUNTIME_RACEDETECTOR_H

#include "npu/Isa/Isa.h"
#include "npu/Target/TargetDescription.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace mlir::npu::runtime {

/// A byte range a command reads or writes.
struct MemoryAccess {
  bool sram;
  bool write;
  uint64_t begin, end; // [begin, end)
};

/// The byte ranges a validated command touches, strided operands as their
/// rows (merged where contiguous).
std::vector<MemoryAccess> getCommandAccesses(const Command &command,
                                             const TargetDescription &target);

class RaceDetector {
public:
  RaceDetector(size_t queues, size_t semaphores)
      : clocks(queues, std::vector<uint64_t>(queues, 0)),
        pending(semaphores) {}

  void signal(size_t queue, uint64_t semaphore) {
    pending[semaphore].push_back(clocks[queue]);
  }
  /// The wait consumes the oldest signal, as the scheduler does.
  void wait(size_t queue, uint64_t semaphore);

  /// An earlier command that races with the command about to run as
  /// command `index` of `queue`, whose accesses (getCommandAccesses) are
  /// `accesses`: its queue and index, the two accesses, and the bytes they
  /// share. Without a race, records `accesses`.
  struct Race {
    size_t queue, command;
    MemoryAccess mine, theirs;
    uint64_t begin, end;
  };
  std::optional<Race> execute(size_t queue, size_t index,
                              const std::vector<MemoryAccess> &accesses);

private:
  /// A command's accesses as sorted, disjoint ranges per memory (DRAM,
  /// SRAM) and kind (read, write), so two footprints compare in one sweep.
  struct Footprint {
    std::vector<std::pair<uint64_t, uint64_t>> ranges[2][2];
  };
  struct Record {
    size_t queue, command;
    uint64_t tick; // the queue's own clock entry when it ran
    Footprint footprint;
  };
  /// Drops records every queue is already ordered after.
  void prune();

  std::vector<std::vector<uint64_t>> clocks;
  std::vector<std::deque<std::vector<uint64_t>>> pending;
  std::vector<Record> records;
  size_t pruneAt = 64;
};

} // namespace mlir::npu::runtime

#endif // NPU_LIB_RUNTIME_RACEDETECTOR_H
