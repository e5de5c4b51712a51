//===- ArtifactFuzzer.cpp - libFuzzer target for the .npub loader ---------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Any bytes given as an artifact must load or give an error. What loads must
// serialise back to the same bytes, disassemble, and either be refused by the
// simulator's validation or run to completion (within a work budget, so the
// fuzzer explores the loader rather than waiting on huge convolutions).
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Artifact.h"
#include "npu/Runtime/Simulator.h"
#include "npu/Runtime/Timing.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace mlir::npu::runtime;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<Artifact> artifact =
      parseArtifact(llvm::ArrayRef<uint8_t>(data, size), "fuzz.npub");
  if (!artifact) {
    llvm::consumeError(artifact.takeError());
    return 0;
  }
  // A loaded artifact is a fixed point of serialise/parse.
  llvm::Expected<std::vector<uint8_t>> bytes = serializeArtifact(*artifact);
  if (!bytes)
    std::abort();
  llvm::Expected<Artifact> again = parseArtifact(*bytes, "again.npub");
  if (!again)
    std::abort();
  (void)disassembleArtifact(*artifact);

  auto target = mlir::npu::parseTargetDescription(artifact->targetJson, "target");
  if (!target)
    std::abort(); // verifyArtifact parsed it already
  Simulator simulator(*target);
  if (llvm::Error error = simulator.validate(*artifact)) {
    llvm::consumeError(std::move(error));
    return 0;
  }
  uint64_t work = 0;
  for (const CommandQueue &queue : artifact->queues)
    for (const Command &command : queue.commands)
      work += getCommandMacs(command) + getCommandCycles(command, *target).total();
  if (work > (1u << 22) || artifact->dramBytes > (64u << 20))
    return 0;
  std::vector<uint8_t> dram(artifact->dramBytes);
  llvm::Expected<RunStats> stats = simulator.run(*artifact, dram.data());
  if (!stats)
    llvm::consumeError(stats.takeError()); // a deadlock is a valid outcome
  return 0;
}
