//===- Timing.h - cycles per command ----------------------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The timing equations of docs/npu-architecture.md as functions of a command
// and the target. The simulator charges these cycles; the compiler's cost
// model asks the same functions, so tiling decisions and simulated time
// cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_ISA_TIMING_H
#define NPU_ISA_TIMING_H

#include "npu/Isa/Isa.h"
#include "npu/Target/TargetDescription.h"

#include <cstdint>

namespace mlir::npu::runtime {

/// The cost of one command. A DMA touching DRAM spends `latency` cycles
/// before its first byte and `transfer` cycles holding the DRAM channel,
/// which all DMA engines share; every other command simply takes
/// `latency + transfer` cycles on its engine.
struct CommandCycles {
  uint64_t latency = 0;
  uint64_t transfer = 0;
  bool usesDram = false;
  uint64_t total() const { return latency + transfer; }
};

/// Cycles of a valid command (Simulator::validate has accepted it).
CommandCycles getCommandCycles(const Command &command,
                               const mlir::npu::TargetDescription &target);

/// Bytes a dma or gather command moves (0 for others).
uint64_t getDmaBytes(const Command &command);

/// Multiply-accumulates of a matmul or conv2d command (0 for others).
uint64_t getCommandMacs(const Command &command);

/// Output spatial size of a convolution or pooling window, or -1 if the
/// window does not fit the padded input.
int64_t getWindowOutputSize(int64_t input, int64_t padBefore, int64_t padAfter,
                            int64_t kernel, int64_t stride, int64_t dilation);

/// Output height and width of a conv2d or pool command (pools have no
/// dilation), each -1 if the window does not fit.
struct WindowOutputShape {
  int64_t height, width;
};
WindowOutputShape getWindowOutputShape(const Command &command);

} // namespace mlir::npu::runtime

#endif // NPU_ISA_TIMING_H
