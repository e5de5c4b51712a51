//===- Simulator.h - the functional and timed NPU simulator -----*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Runs an artifact's command queues on a simulated NPU described by a
// TargetDescription. Functional: every command is executed exactly (integer
// results bit-exact to the reference interpreter, float within the tolerance
// of docs/numerics.md). Timed: engines run their queues in order and in
// parallel, semaphores order them, and each command costs the cycles of the
// equations in docs/npu-architecture.md (Timing.h).
//
// Nothing but the data read by `gather` depends on the tensors' values: the
// commands, their addresses and their cycles are all in the artifact. So a
// simulation is planned once (plan(): validate every command, schedule the
// queues in simulated time, check the schedule for deadlocks and races,
// count the statistics) and each run only executes the planned order
// (execute()). A bad command, a deadlock or an unsynchronised access (race)
// is a SimulatorFault naming the queue, the command index and its ONNX node.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_RUNTIME_SIMULATOR_H
#define NPU_RUNTIME_SIMULATOR_H

#include "npu/Runtime/Artifact.h"
#include "npu/Target/TargetDescription.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::npu::runtime {

/// What went wrong in a simulated run.
enum class FaultKind {
  UnknownOpcode,     // not an opcode of this ISA
  InvalidCommand,    // a field out of range, a bad kind or element type
  WrongEngine,       // e.g. a matmul in a DMA queue
  DmaOutOfRange,     // DRAM outside every region, or a write to constants
  SramOverflow,      // an operand past the end of SRAM
  Misaligned,        // an operand not aligned to its element size
  Deadlock,          // every unfinished queue waits on a semaphore
  Race,              // two queues touch the same bytes, unordered
};
llvm::StringRef getFaultKindName(FaultKind kind);

/// A fault with the command that caused it. As an llvm::Error its message
/// is "fault: <kind>: <queue> command <index> (<opcode>, node '<node>'):
/// <what>" (the node part only when the command has one).
class SimulatorFault : public llvm::ErrorInfo<SimulatorFault> {
public:
  static char ID;
  SimulatorFault(FaultKind kind, std::string queue, int64_t command,
                 std::string mnemonic, std::string node, std::string message)
      : kind(kind), queue(std::move(queue)), command(command),
        mnemonic(std::move(mnemonic)), node(std::move(node)),
        message(std::move(message)) {}
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;

  FaultKind kind;
  std::string queue; // "dma0", "matrix", "vector"
  int64_t command;   // index in its queue, or -1
  std::string mnemonic;
  std::string node;  // ONNX node, or ""
  std::string message;
};

/// Figures of one run.
struct RunStats {
  std::string targetName;
  int64_t clockMHz = 0;
  uint64_t totalCycles = 0;
  double timeMicroseconds() const {
    return clockMHz ? double(totalCycles) / double(clockMHz) : 0.0;
  }
  struct Queue {
    std::string name;
    uint64_t commands = 0;
    uint64_t busyCycles = 0;
    double utilisation(uint64_t total) const {
      return total ? double(busyCycles) / double(total) : 0.0;
    }
  };
  std::vector<Queue> queues;
  uint64_t dramBytesRead = 0;
  uint64_t dramBytesWritten = 0;
  uint64_t macs = 0;            // multiply-accumulates the matrix engine did
  uint64_t vectorElements = 0;  // elements the vector engine produced
  /// Host wall time of the run, for simulator-speed reports.
  double hostSeconds = 0;
};

/// One executed command, for traces.
struct TraceEvent {
  uint32_t queue;
  uint32_t command;
  uint64_t startCycle, endCycle;
};

struct SimulatorOptions {
  /// Record a TraceEvent per command (the Chrome trace).
  bool recordTrace = false;
};

/// Runs artifacts. The DRAM image holds the model's regions: the caller
/// copies inputs into their regions before run() and outputs out after.
/// The data-independent part of running an artifact on one target (see the
/// file comment): the compute and DMA commands in the order they execute,
/// with their simulated cycles, and the statistics of a run.
struct SimulationPlan {
  std::vector<TraceEvent> steps; // semaphore commands are not steps
  RunStats stats;                // hostSeconds is the run's, set by execute()
  /// One past the highest SRAM byte any command touches.
  uint64_t sramBytesUsed = 0;
  /// What the plan was made for, checked by execute().
  uint64_t targetFingerprint = 0;
  std::vector<size_t> queueSizes;
};

class Simulator {
public:
  explicit Simulator(mlir::npu::TargetDescription target)
      : target(std::move(target)) {}

  const mlir::npu::TargetDescription &getTarget() const { return target; }

  /// Checks every command of `artifact` against the target and the memory
  /// map without running anything.
  llvm::Error validate(const Artifact &artifact) const;

  /// Validates `artifact`, schedules its queues and checks the schedule for
  /// deadlocks and races. Touches no memory.
  llvm::Expected<SimulationPlan> plan(const Artifact &artifact) const;

  /// Executes `plan` (from plan(artifact) on this target) on `dram`
  /// (artifact.dramBytes bytes). Only data can fault here: a gather index
  /// outside its table. SRAM starts zeroed: `sram`, if given, is
  /// target.sram.bytes the caller keeps across runs (mapping a fresh SRAM
  /// costs page faults on every run: a third of the run for a 32 MiB part);
  /// otherwise the run allocates its own.
  llvm::Expected<RunStats> execute(const Artifact &artifact,
                                   const SimulationPlan &plan, uint8_t *dram,
                                   const SimulatorOptions &options = {},
                                   std::vector<TraceEvent> *trace = nullptr,
                                   uint8_t *sram = nullptr) const;

  /// plan(), then execute().
  llvm::Expected<RunStats> run(const Artifact &artifact, uint8_t *dram,
                               const SimulatorOptions &options = {},
                               std::vector<TraceEvent> *trace = nullptr) const;

private:
  mlir::npu::TargetDescription target;
};

/// Chrome trace-event JSON (opens in Perfetto and chrome://tracing): one
/// track per queue, one slice per command named after its opcode and node.
std::string formatChromeTrace(const Artifact &artifact, const RunStats &stats,
                              llvm::ArrayRef<TraceEvent> trace);

/// The human-readable summary `npu-run --stats` prints.
std::string formatRunStats(const RunStats &stats);

} // namespace mlir::npu::runtime

#endif // NPU_RUNTIME_SIMULATOR_H
