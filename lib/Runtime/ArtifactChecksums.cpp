//===- ArtifactChecksums.cpp - per-section checksums of an artifact -------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "ArtifactChecksums.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>

using namespace llvm;
using namespace mlir::npu::runtime;

namespace {

/// "NPUBSUM2" read as a little-endian word.
constexpr uint64_t kTrailerMagic = 0x324d55534255504eull;
/// Words of a trailer without queues: magic, FlatBuffer bytes, constants
/// offset and size, queue count, three section hashes, its own hash, its
/// size.
constexpr uint64_t kFixedWords = 10;

Error corrupt(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// The hash of a section made of `ranges` of `bytes`: xxh3 of each range,
/// then of the (hash, size) list.
uint64_t hashRanges(ArrayRef<uint8_t> bytes,
                    ArrayRef<std::pair<uint64_t, uint64_t>> ranges) {
  std::vector<uint64_t> parts;
  for (auto [offset, size] : ranges) {
    parts.push_back(xxh3_64bits(bytes.slice(offset, size)));
    parts.push_back(size);
  }
  return xxh3_64bits(ArrayRef(reinterpret_cast<const uint8_t *>(parts.data()),
                              parts.size() * sizeof(uint64_t)));
}

/// The FlatBuffer bytes outside the constants and the programs, as ranges.
std::vector<std::pair<uint64_t, uint64_t>>
headerRanges(uint64_t total, const ArtifactSections &sections) {
  std::vector<std::pair<uint64_t, uint64_t>> taken = sections.programs;
  taken.emplace_back(sections.constantsOffset, sections.constantsSize);
  llvm::sort(taken);
  std::vector<std::pair<uint64_t, uint64_t>> gaps;
  uint64_t at = 0;
  for (auto [offset, size] : taken) {
    if (offset > at)
      gaps.emplace_back(at, offset - at);
    at = std::max(at, offset + size);
  }
  if (total > at)
    gaps.emplace_back(at, total - at);
  return gaps;
}

uint64_t readWord(ArrayRef<uint8_t> bytes, uint64_t index) {
  return support::endian::read64le(bytes.data() + index * 8);
}

} // namespace

bool mlir::npu::runtime::areSectionsDisjointWithin(
    uint64_t flatbufferBytes, const ArtifactSections &sections) {
  std::vector<std::pair<uint64_t, uint64_t>> all = sections.programs;
  all.emplace_back(sections.constantsOffset, sections.constantsSize);
  llvm::sort(all);
  uint64_t end = 0;
  for (auto [offset, size] : all) {
    if (offset < end || size > flatbufferBytes || offset > flatbufferBytes - size)
      return false;
    end = offset + size;
  }
  return true;
}

void mlir::npu::runtime::appendChecksumTrailer(std::vector<uint8_t> &file,
                                               const ArtifactSections &sections) {
  ArrayRef<uint8_t> flatbuffer(file);
  std::vector<uint64_t> words = {kTrailerMagic, flatbuffer.size(),
                                 sections.constantsOffset, sections.constantsSize,
                                 sections.programs.size()};
  for (auto [offset, size] : sections.programs) {
    words.push_back(offset);
    words.push_back(size);
  }
  words.push_back(hashRanges(flatbuffer, headerRanges(flatbuffer.size(), sections)));
  words.push_back(hashRanges(flatbuffer, sections.programs));
  words.push_back(hashRanges(
      flatbuffer, {{sections.constantsOffset, sections.constantsSize}}));
  std::vector<uint8_t> trailer(words.size() * 8);
  for (auto [i, word] : llvm::enumerate(words))
    support::endian::write64le(trailer.data() + i * 8, word);
  uint64_t self = xxh3_64bits(trailer);
  uint64_t trailerBytes = trailer.size() + 16;
  trailer.resize(trailerBytes);
  support::endian::write64le(trailer.data() + trailerBytes - 16, self);
  support::endian::write64le(trailer.data() + trailerBytes - 8, trailerBytes);
  file.insert(file.end(), trailer.begin(), trailer.end());
}

Expected<std::pair<ArrayRef<uint8_t>, ArtifactSections>>
mlir::npu::runtime::checkChecksumTrailer(ArrayRef<uint8_t> file,
                                         bool verifyConstants) {
  // A file that has neither the FlatBuffer's identifier nor a trailer is
  // something else (an ONNX model given to npu-run, say); one with the
  // identifier is an artifact, damaged or of an older format.
  // (After the size prefix and the root offset.)
  bool identified = file.size() >= 12 && std::equal(file.begin() + 8, file.begin() + 12,
                                                    reinterpret_cast<const uint8_t *>("NPUB"));
  auto trailerError = [&](const Twine &message) {
    return identified ? corrupt(message)
                      : corrupt("not an npu-mlir artifact (no 'NPUB' identifier)");
  };
  if (file.size() < kFixedWords * 8)
    return trailerError("it is too short to be an artifact (" + Twine(file.size()) +
                        " bytes)");
  uint64_t trailerBytes = support::endian::read64le(file.end() - 8);
  if (trailerBytes < kFixedWords * 8 || trailerBytes > file.size() ||
      trailerBytes % 8 != 0)
    return trailerError("the checksum trailer is corrupt or missing (its size "
                        "word reads " + Twine(trailerBytes) + "); artifacts of "
                        "format 1.x have none: recompile the model with this "
                        "npu-mlir");
  ArrayRef<uint8_t> trailer = file.take_back(trailerBytes);
  if (readWord(trailer, 0) != kTrailerMagic)
    return trailerError("the checksum trailer is corrupt or missing (no "
                        "'NPUBSUM2' mark); artifacts of format 1.x have none: "
                        "recompile the model with this npu-mlir");
  uint64_t words = trailerBytes / 8;
  if (xxh3_64bits(trailer.drop_back(16)) != readWord(trailer, words - 2))
    return corrupt("the checksum trailer is corrupt (checksum mismatch)");

  uint64_t flatbufferBytes = readWord(trailer, 1);
  uint64_t queues = readWord(trailer, 4);
  // (The queue count is compared by division: a forged count must not wrap.)
  if (flatbufferBytes != file.size() - trailerBytes ||
      (words - kFixedWords) % 2 != 0 || queues != (words - kFixedWords) / 2)
    return corrupt("the checksum trailer does not describe this file");
  ArrayRef<uint8_t> flatbuffer = file.take_front(flatbufferBytes);
  ArtifactSections sections;
  sections.constantsOffset = readWord(trailer, 2);
  sections.constantsSize = readWord(trailer, 3);
  for (uint64_t q = 0; q < queues; ++q)
    sections.programs.emplace_back(readWord(trailer, 5 + 2 * q),
                                   readWord(trailer, 6 + 2 * q));
  if (!areSectionsDisjointWithin(flatbufferBytes, sections))
    return corrupt("the checksum trailer's section table is inconsistent");

  uint64_t hashes = 5 + 2 * queues;
  if (hashRanges(flatbuffer, headerRanges(flatbufferBytes, sections)) !=
      readWord(trailer, hashes))
    return corrupt("the header section is corrupt (checksum mismatch): the "
                   "file was damaged after it was written");
  if (hashRanges(flatbuffer, sections.programs) != readWord(trailer, hashes + 1))
    return corrupt("the programs section is corrupt (checksum mismatch): the "
                   "file was damaged after it was written");
  if (verifyConstants &&
      hashRanges(flatbuffer, {{sections.constantsOffset, sections.constantsSize}}) !=
          readWord(trailer, hashes + 2))
    return corrupt("the constants section is corrupt (checksum mismatch): the "
                   "file was damaged after it was written");
  return std::make_pair(flatbuffer, std::move(sections));
}
