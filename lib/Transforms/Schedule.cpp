//===- Schedule.cpp - queues and semaphores for planned npuhw code --------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Program order is the meaning of a lowered function: each command sees
// memory as every earlier command left it. The NPU runs one queue per engine,
// in order, queues in parallel. This pass keeps the meaning on the queues
// (docs/pipeline.md, "Scheduling"):
//
//   1. DMA commands go round-robin to the DMA engines, so the loads of the
//      next tile run while the current tile computes;
//   2. for every command, the bytes it reads and writes (planned addresses)
//      are checked against earlier commands of other queues: a read after a
//      write, a write after a read and a write after a write are
//      dependences;
//   3. a dependence the consumer's queue already knows is complete (vector
//      clocks: through its own order or an earlier wait) needs nothing;
//      otherwise the producer signals and the consumer waits.
//
// Each ordered pair of queues uses one counting semaphore: its signals and
// waits both come in program order, so the k-th wait consumes the k-th
// signal. That is the fewest semaphores a correct schedule needs without
// reasoning about timing. The simulator's race detector checks the result.
//
//===----------------------------------------------------------------------===//

#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Transforms/NpuHwUtils.h"
#include "npu/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Support/Debug.h"

#include <map>

#define DEBUG_TYPE "npuhw-schedule"

namespace mlir::npu {
#define GEN_PASS_DEF_SCHEDULE
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

/// Who last wrote and who has read a byte range since: per queue, the
/// highest position (-1: none).
struct Segment {
  uint64_t end = 0;
  int writerQueue = -1;
  int64_t writerPosition = -1;
  SmallVector<int64_t> readers;
};

/// Byte ranges of one memory and their last accesses.
class AccessMap {
public:
  explicit AccessMap(unsigned queues) : queues(queues) {}

  /// Records an access by (queue, position) to [begin, end) and adds to
  /// `needs` the position of each other queue it must wait for.
  void access(uint64_t begin, uint64_t end, bool write, unsigned queue,
              int64_t position, SmallVectorImpl<int64_t> &needs) {
    split(begin);
    split(end);
    // Fill gaps in [begin, end) with fresh segments.
    uint64_t cursor = begin;
    for (auto seg = segments.lower_bound(begin);
         seg != segments.end() && seg->first < end; ++seg) {
      if (seg->first > cursor)
        insertFresh(cursor, seg->first);
      cursor = seg->second.end;
    }
    if (cursor < end)
      insertFresh(cursor, end);

    for (auto seg = segments.lower_bound(begin);
         seg != segments.end() && seg->first < end; ++seg) {
      Segment &s = seg->second;
      if (s.writerQueue >= 0 && s.writerQueue != int(queue))
        needs[s.writerQueue] = std::max(needs[s.writerQueue], s.writerPosition);
      if (write)
        for (unsigned q = 0; q < queues; ++q)
          if (q != queue)
            needs[q] = std::max(needs[q], s.readers[q]);
    }
    if (write) {
      // One segment now: written by this command, read by nobody.
      segments.erase(segments.lower_bound(begin), segments.lower_bound(end));
      Segment s = fresh(end);
      s.writerQueue = queue;
      s.writerPosition = position;
      segments[begin] = s;
    } else {
      for (auto seg = segments.lower_bound(begin);
           seg != segments.end() && seg->first < end; ++seg)
        seg->second.readers[queue] = std::max(seg->second.readers[queue], position);
    }
  }

private:
  Segment fresh(uint64_t end) {
    Segment s;
    s.end = end;
    s.readers.assign(queues, -1);
    return s;
  }
  void insertFresh(uint64_t begin, uint64_t end) { segments[begin] = fresh(end); }
  /// Makes `at` a segment boundary.
  void split(uint64_t at) {
    auto it = segments.upper_bound(at);
    if (it == segments.begin())
      return;
    --it;
    if (it->first < at && it->second.end > at) {
      Segment upper = it->second;
      it->second.end = at;
      segments[at] = upper;
    }
  }

  unsigned queues;
  std::map<uint64_t, Segment> segments;
};

struct SchedulePass : npu::impl::ScheduleBase<SchedulePass> {
  using ScheduleBase::ScheduleBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<TargetDescription> target = getModuleTarget(module);
    if (failed(target))
      return signalPassFailure();
    for (func::FuncOp function : module.getOps<func::FuncOp>())
      if (failed(schedule(function, *target)))
        return signalPassFailure();
  }

  LogicalResult schedule(func::FuncOp function, const TargetDescription &target) {
    const unsigned dmaQueues = target.dma.engines;
    const unsigned queues = dmaQueues + 2;
    if (dmaQueues == 0)
      return function.emitError("target '") << target.name << "' has no DMA engine";
    for (Operation &op : function.getBody().front())
      if (auto command = dyn_cast<npuhw::CommandOpInterface>(op);
          command && command.isSynchronization())
        return op.emitError("is already scheduled; npuhw-schedule runs once");

    Builder builder(function.getContext());
    AccessMap dram(queues), sram(queues);
    // known[q][p]: the highest position of queue p that queue q knows is
    // complete. clocks[q][i]: queue q's knowledge right after its command i.
    std::vector<std::vector<int64_t>> known(queues, std::vector<int64_t>(queues, -1));
    std::vector<std::vector<std::vector<int64_t>>> clocks(queues);
    std::vector<std::vector<Operation *>> commands(queues);
    // One semaphore per ordered (producer, consumer) queue pair, numbered
    // as first used.
    std::map<std::pair<unsigned, unsigned>, int64_t> semaphores;
    unsigned nextDma = 0;

    SmallVector<npuhw::CommandOpInterface> ops;
    for (Operation &op : function.getBody().front())
      if (auto command = dyn_cast<npuhw::CommandOpInterface>(op))
        ops.push_back(command);

    for (npuhw::CommandOpInterface op : ops) {
      // DMA-engine commands go round-robin to the DMA engines.
      if (op.getEngine() == npuhw::Engine::dma && !op.isSynchronization()) {
        op->setAttr("channel", builder.getI64IntegerAttr(nextDma));
        nextDma = (nextDma + 1) % dmaQueues;
      }
      unsigned queue = getCommandQueue(op, target);
      int64_t position = commands[queue].size();

      // Dependences on other queues, from the bytes this command touches.
      SmallVector<int64_t> needs(queues, -1);
      // Reads first: an operand both read and written (an accumulator)
      // depends on earlier writers and readers alike.
      for (bool writes : {false, true})
        for (Value value : writes ? op.getWrittenBuffers() : op.getReadBuffers()) {
          FailureOr<PlacedView> placed = placeView(value, op);
          if (failed(placed))
            return failure();
          auto [begin, end] = placed->getByteRange();
          (placed->space == npuhw::MemorySpace::dram ? dram : sram)
              .access(begin, end, writes, queue, position, needs);
        }

      // Waits for what this queue does not know yet; the producer signals
      // right after its command.
      for (unsigned producer = 0; producer < queues; ++producer) {
        if (producer == queue || needs[producer] <= known[queue][producer])
          continue;
        auto [it, inserted] =
            semaphores.try_emplace({producer, queue}, int64_t(semaphores.size()));
        int64_t semaphore = it->second;
        if (semaphore >= target.semaphores)
          return op->emitError("needs more than the ")
                 << target.semaphores << " semaphores of target '"
                 << target.name << "'";
        Operation *source = commands[producer][needs[producer]];
        // Signals of different pairs after one producer may come in any
        // order; those of one pair follow their producers' order.
        OpBuilder after(source->getContext());
        after.setInsertionPointAfter(source);
        auto [engine, channel] = getQueueEngine(producer, target);
        npuhw::SignalOp::create(after, source->getLoc(), engine, semaphore, channel);
        OpBuilder before(op);
        auto [waitEngine, waitChannel] = getQueueEngine(queue, target);
        npuhw::WaitOp::create(before, op->getLoc(), waitEngine, semaphore, waitChannel);
        LLVM_DEBUG(llvm::dbgs() << "queue " << queue << " command " << position
                                << " waits for queue " << producer << " command "
                                << needs[producer] << " (semaphore " << semaphore << ")\n");
        const std::vector<int64_t> &clock = clocks[producer][needs[producer]];
        for (unsigned q = 0; q < queues; ++q)
          known[queue][q] = std::max(known[queue][q], clock[q]);
        ++numSignals;
      }
      known[queue][queue] = position;
      commands[queue].push_back(op);
      clocks[queue].push_back(known[queue]);
    }
    numSemaphores += semaphores.size();
    function->setAttr("npuhw.semaphores", builder.getI64IntegerAttr(semaphores.size()));
    return success();
  }
};

} // namespace
