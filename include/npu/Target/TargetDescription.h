//===- TargetDescription.h - the NPU a compilation targets, as data -*- C++ -*-//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Everything the compiler and the simulator know about a chip comes from a
// TargetDescription: engine shapes and rates, memory sizes and bandwidths,
// DMA engines, semaphores. Built-in presets (`edge`, `server`) are ordinary
// JSON documents; users write their own. No pass tests which chip it is.
// docs/npu-architecture.md defines every field and the timing equations.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TARGET_TARGETDESCRIPTION_H
#define NPU_TARGET_TARGETDESCRIPTION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::npu {

struct TargetDescription {
  /// A name for messages and the artifact header ("edge", "my-chip").
  std::string name;
  /// Core clock of every engine, in MHz.
  int64_t clockMHz = 0;

  /// R x C multiply-accumulate array: int8 x int8 -> int32 at one MAC per
  /// cell per cycle; fp16 x fp16 -> fp32 at one per `fp16CyclesPerMac`.
  struct MatrixEngine {
    int64_t rows = 0, cols = 0;
    int64_t fp16CyclesPerMac = 1;
    /// Cycles to fill and drain the array around a tile.
    int64_t pipelineLatency = 0;
  } matrix;

  /// SIMD unit for element-wise ops, activations, pooling, norms, requant.
  struct VectorEngine {
    int64_t lanes = 0; // elements per cycle (int8 and fp16 alike)
    int64_t pipelineLatency = 0;
  } vector;

  /// On-chip scratchpad.
  struct Sram {
    int64_t bytes = 0;
    int64_t banks = 0;
    int64_t bytesPerCycle = 0; // aggregate, all banks
  } sram;

  /// Off-chip memory.
  struct Dram {
    int64_t bytes = 0;
    int64_t bytesPerCycle = 0; // sustained bandwidth at the core clock
    int64_t latencyCycles = 0;
  } dram;

  /// DMA engines moving strided blocks between DRAM and SRAM.
  struct Dma {
    int64_t engines = 0;
    int64_t maxDims = 0;           // descriptor dimensions (rank of a view)
    int64_t rowOverheadCycles = 0; // per contiguous row of a strided copy
  } dma;

  /// Counting semaphores shared by the engine queues.
  int64_t semaphores = 0;

  //===--------------------------------------------------------------------===//
  // Derived figures
  //===--------------------------------------------------------------------===//

  int64_t int8MacsPerCycle() const { return matrix.rows * matrix.cols; }
  /// Peak int8 throughput in TOPS (2 ops per MAC).
  double peakInt8Tops() const {
    return 2.0 * int8MacsPerCycle() * clockMHz * 1e6 / 1e12;
  }
  double peakFp16Tflops() const { return peakInt8Tops() / matrix.fp16CyclesPerMac; }
  /// DRAM bandwidth in GB/s.
  double dramGBps() const { return dram.bytesPerCycle * clockMHz * 1e6 / 1e9; }

  /// A stable hash of every field, stored in artifacts so that one compiled
  /// for another target is refused at load.
  uint64_t fingerprint() const;

  bool operator==(const TargetDescription &other) const;
};

/// The names of the built-in presets.
std::vector<std::string> getTargetPresetNames();
/// A preset by name.
llvm::Expected<TargetDescription> getTargetPreset(llvm::StringRef name);
/// Parses a target description (JSON); errors name the field and the file.
llvm::Expected<TargetDescription> parseTargetDescription(llvm::StringRef json,
                                                         llvm::StringRef source);
/// A preset name, or the path of a JSON file.
llvm::Expected<TargetDescription> loadTarget(llvm::StringRef nameOrPath);
/// The description as a JSON document users can edit and load again.
std::string printTargetDescription(const TargetDescription &target);

} // namespace mlir::npu

#endif // NPU_TARGET_TARGETDESCRIPTION_H
