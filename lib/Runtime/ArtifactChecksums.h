//===- ArtifactChecksums.h - per-section checksums of an artifact -*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// An artifact file is its size-prefixed FlatBuffer followed by a checksum
// trailer (format 2.0). The trailer records where the sections lie in the
// FlatBuffer and an xxh3 hash of each:
//   * programs: the command bytes of every queue;
//   * constants: the packed weights (the only large section; a trusted load
//     may skip it);
//   * header: every other byte of the FlatBuffer (memory map, descriptors,
//     target, debug map, and the FlatBuffers structure itself).
// The trailer carries a hash of itself. All of it is checked before the
// FlatBuffer is read, so a flipped bit anywhere in the file is an error
// naming the section it hit.
//
//   trailer (little-endian u64 words):
//     magic "NPUBSUM2", FlatBuffer bytes, constants offset, constants size,
//     queue count N, N x (commands offset, commands size),
//     header hash, programs hash, constants hash, trailer hash, trailer bytes
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_RUNTIME_ARTIFACTCHECKSUMS_H
#define NPU_LIB_RUNTIME_ARTIFACTCHECKSUMS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir::npu::runtime {

/// Where the checksummed sections lie in a FlatBuffer.
struct ArtifactSections {
  uint64_t constantsOffset = 0, constantsSize = 0;
  /// One (offset, size) per queue, in queue order.
  std::vector<std::pair<uint64_t, uint64_t>> programs;

  bool operator==(const ArtifactSections &other) const {
    return constantsOffset == other.constantsOffset &&
           constantsSize == other.constantsSize && programs == other.programs;
  }
  bool operator!=(const ArtifactSections &other) const { return !(*this == other); }
};

/// Whether every section lies inside a FlatBuffer of `flatbufferBytes`
/// bytes, apart from the others: what a trailer may describe (a FlatBuffer
/// may share one vector between two queues, or lack one).
bool areSectionsDisjointWithin(uint64_t flatbufferBytes,
                               const ArtifactSections &sections);

/// Appends the checksum trailer for `sections` to `file` (the FlatBuffer);
/// they must satisfy areSectionsDisjointWithin.
void appendChecksumTrailer(std::vector<uint8_t> &file,
                           const ArtifactSections &sections);

/// Checks the trailer and every section's hash (the constants' only when
/// `verifyConstants`); returns the FlatBuffer and the sections it records.
llvm::Expected<std::pair<llvm::ArrayRef<uint8_t>, ArtifactSections>>
checkChecksumTrailer(llvm::ArrayRef<uint8_t> file, bool verifyConstants);

} // namespace mlir::npu::runtime

#endif // NPU_LIB_RUNTIME_ARTIFACTCHECKSUMS_H
