//===- Artifact.h - the .npub compiled model --------------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// An artifact is a FlatBuffers file (lib/Runtime/Artifact.fbs) holding the
// command queues, the packed constants, the DRAM memory map, the input and
// output descriptors, the target it was compiled for and a debug map from
// every command to its ONNX node. parseArtifact verifies the buffer and then
// checks every offset, size and index; what it returns can be executed
// without further bounds checks on the container (the simulator still checks
// each command's operands). docs/isa.md is the reference.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_RUNTIME_ARTIFACT_H
#define NPU_RUNTIME_ARTIFACT_H

#include "npu/Isa/Isa.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::npu::runtime {

/// The container format; independent of the ISA version. 2.0 added the
/// per-section checksum trailer (ArtifactChecksums.h).
constexpr uint32_t kFormatVersionMajor = 2;
constexpr uint32_t kFormatVersionMinor = 0;
/// The "no ONNX node" entry of the debug map.
constexpr uint32_t kNoNode = 0xffffffffu;

enum class RegionKind : uint8_t { Constant = 0, Input = 1, Output = 2, Scratch = 3 };
llvm::StringRef getRegionKindName(RegionKind kind);

struct MemoryRegion {
  std::string name;
  RegionKind kind = RegionKind::Scratch;
  uint64_t offset = 0;
  uint64_t size = 0;
};

struct Quantization {
  std::vector<float> scales;
  std::vector<int64_t> zeroPoints;
  int32_t axis = -1;
};

struct TensorDescriptor {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint32_t region = 0;
  /// Empty scales: not quantized.
  Quantization quantization;
  /// The model's tensor is uint8 (ONNX models quantized to uint8 at their
  /// boundary): hosts exchange uint8, the device stores it as int8 (`dtype`
  /// I8) holding the same values minus 128. See flipHostUnsigned.
  bool hostUnsigned = false;

  int64_t numElements() const;
  uint64_t byteSize() const { return numElements() * getDTypeBytes(dtype); }
};

/// Converts the bytes of a host-unsigned tensor between the host's uint8
/// and the device's int8 (u - 128 is u with its top bit flipped); its own
/// inverse.
void flipHostUnsigned(llvm::MutableArrayRef<uint8_t> bytes);

struct CommandQueue {
  EngineKind engine = EngineKind::Dma;
  uint32_t index = 0;
  std::vector<Command> commands;
  /// One entry per command: an index into Artifact::nodeNames or kNoNode.
  std::vector<uint32_t> nodes;

  /// "dma0", "matrix", "vector" (engines of which a target has one are not
  /// numbered).
  std::string getName() const;
};

struct Artifact {
  uint32_t isaVersionMajor = kIsaVersionMajor;
  uint32_t isaVersionMinor = kIsaVersionMinor;
  std::string producer;
  std::string targetName;
  uint64_t targetFingerprint = 0;
  std::string targetJson;
  uint64_t dramBytes = 0;
  uint64_t sramBytes = 0;
  std::vector<MemoryRegion> regions;
  std::vector<TensorDescriptor> inputs;
  std::vector<TensorDescriptor> outputs;
  std::vector<CommandQueue> queues;
  /// Copied to regions[constantsRegion] before a run.
  uint32_t constantsRegion = 0;
  std::vector<uint8_t> constants;
  std::vector<std::string> nodeNames;

  /// The ONNX node of a command, or "" if it has none.
  llvm::StringRef getNodeName(const CommandQueue &queue, size_t command) const;
};

/// The lowest ISA minor version the artifact's commands and tensors need
/// (i64 tensors and `gather` came with 1.1).
uint32_t getRequiredIsaMinor(const Artifact &artifact);

/// Checks what parseArtifact checks on an in-memory artifact (region bounds
/// and overlap, descriptor sizes, debug-map indices, constants size).
llvm::Error verifyArtifact(const Artifact &artifact);

/// The file bytes of a verified artifact: its FlatBuffer and the checksum
/// trailer (byte-identical for equal artifacts).
llvm::Expected<std::vector<uint8_t>> serializeArtifact(const Artifact &artifact);

/// File bytes for a FlatBuffer of the artifact schema made by other means
/// than serializeArtifact: checks that it verifies as a FlatBuffer (nothing
/// more) and appends the checksum trailer. The artifact fuzzer seals its
/// mutated FlatBuffers this way, so that they reach the loader's checks
/// behind the checksums.
llvm::Expected<std::vector<uint8_t>>
sealArtifactFlatBuffer(llvm::ArrayRef<uint8_t> flatBuffer);

struct ArtifactLoadOptions {
  /// Hash the constants too. Off only for trusted files, when the load time
  /// of a large model's weights matters: a flipped bit in them then goes
  /// unnoticed (the header and programs are always checked).
  bool verifyConstants = true;
};
/// Checks every section's checksum, then verifies and decodes `bytes`;
/// `source` names the file in messages.
llvm::Expected<Artifact> parseArtifact(llvm::ArrayRef<uint8_t> bytes,
                                       llvm::StringRef source,
                                       const ArtifactLoadOptions &options = {});

llvm::Expected<Artifact> readArtifactFile(llvm::StringRef path,
                                          const ArtifactLoadOptions &options = {});
/// Writes atomically: a temporary file renamed over `path`.
llvm::Error writeArtifactFile(const Artifact &artifact, llvm::StringRef path);

/// The whole artifact as assembly text (npu-translate --disassemble); the
/// assembler reads it back to the same artifact.
std::string disassembleArtifact(const Artifact &artifact);
/// Assembles text written by hand or by disassembleArtifact. `source` names
/// the text in messages ("file:line: error").
llvm::Expected<Artifact> assembleArtifact(llvm::StringRef text,
                                          llvm::StringRef source);

} // namespace mlir::npu::runtime

#endif // NPU_RUNTIME_ARTIFACT_H
