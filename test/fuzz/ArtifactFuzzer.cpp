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
// Bytes that are not an artifact are read two more ways:
//  * as a FlatBuffer whose checksum trailer (if any) is replaced by a fresh
//    one: a mutation almost always breaks a checksum, and this puts the
//    FlatBuffers verifier and the loader's own checks behind it under the
//    fuzzer;
//  * as command streams in a fixed valid container: records of one
//    queue-selector byte and 64 command bytes. Mutating a FlatBuffer rarely
//    keeps it valid; this mode puts the simulator's command checks and
//    execution under the fuzzer directly.
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Artifact.h"
#include "npu/Runtime/Simulator.h"
#include "npu/Isa/Timing.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

using namespace mlir::npu::runtime;

namespace {

/// Validates `artifact` and, if it is valid and small enough, runs it.
void simulate(const Artifact &artifact) {
  auto target = mlir::npu::parseTargetDescription(artifact.targetJson, "target");
  if (!target)
    std::abort(); // verifyArtifact parsed it already
  Simulator simulator(*target);
  if (llvm::Error error = simulator.validate(artifact)) {
    llvm::consumeError(std::move(error));
    return;
  }
  uint64_t work = 0;
  for (const CommandQueue &queue : artifact.queues)
    for (const Command &command : queue.commands)
      work += getCommandMacs(command) + getCommandCycles(command, *target).total();
  if (work > (1u << 22) || artifact.dramBytes > (64u << 20))
    return;
  std::vector<uint8_t> dram(artifact.dramBytes);
  llvm::Expected<RunStats> stats = simulator.run(artifact, dram.data());
  if (!stats)
    llvm::consumeError(stats.takeError()); // a deadlock is a valid outcome
}

/// A valid container (edge target, four DRAM regions) around raw commands.
Artifact commandsArtifact(const uint8_t *data, size_t size) {
  static const mlir::npu::TargetDescription target =
      *mlir::npu::getTargetPreset("edge");
  Artifact artifact;
  artifact.targetName = target.name;
  artifact.targetJson = mlir::npu::printTargetDescription(target);
  artifact.targetFingerprint = target.fingerprint();
  artifact.dramBytes = 16384;
  artifact.sramBytes = target.sram.bytes;
  artifact.regions = {{"w", RegionKind::Constant, 0, 4096},
                      {"x", RegionKind::Input, 4096, 4096},
                      {"y", RegionKind::Output, 8192, 4096},
                      {"t", RegionKind::Scratch, 12288, 4096}};
  artifact.constants.assign(4096, 0x5a);
  artifact.nodeNames = {"node"};
  artifact.queues = {{EngineKind::Dma, 0, {}, {}},
                     {EngineKind::Dma, 1, {}, {}},
                     {EngineKind::Matrix, 0, {}, {}},
                     {EngineKind::Vector, 0, {}, {}}};
  for (size_t offset = 0; offset + 1 + kCommandBytes <= size;
       offset += 1 + kCommandBytes) {
    CommandQueue &queue = artifact.queues[data[offset] % 4];
    queue.commands.push_back(Command::decode(data + offset + 1));
    queue.nodes.push_back(0);
  }
  return artifact;
}

/// The FlatBuffer of `file`: all of it, or what precedes a trailer that
/// says it is one (magic "NPUBSUM2", its size in its last eight bytes).
llvm::ArrayRef<uint8_t> stripTrailer(llvm::ArrayRef<uint8_t> file) {
  if (file.size() < 16)
    return file;
  uint64_t trailerBytes = 0;
  for (int i = 7; i >= 0; --i)
    trailerBytes = trailerBytes << 8 | file[file.size() - 8 + i];
  if (trailerBytes < 16 || trailerBytes > file.size() ||
      std::memcmp(file.data() + file.size() - trailerBytes, "NPUBSUM2", 8) != 0)
    return file;
  return file.drop_back(trailerBytes);
}

/// Parses `file`; an error is consumed and gives nullopt.
std::optional<Artifact> parse(llvm::ArrayRef<uint8_t> file) {
  llvm::Expected<Artifact> artifact = parseArtifact(file, "fuzz.npub");
  if (!artifact) {
    llvm::consumeError(artifact.takeError());
    return std::nullopt;
  }
  return std::move(*artifact);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::ArrayRef<uint8_t> input(data, size);
  std::optional<Artifact> artifact = parse(input);
  if (!artifact) {
    llvm::Expected<std::vector<uint8_t>> sealed =
        sealArtifactFlatBuffer(stripTrailer(input));
    if (sealed)
      artifact = parse(*sealed);
    else
      llvm::consumeError(sealed.takeError());
  }
  if (!artifact) {
    simulate(commandsArtifact(data, size));
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
  simulate(*artifact);
  return 0;
}
