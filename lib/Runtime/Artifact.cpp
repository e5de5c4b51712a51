//===- Artifact.cpp - .npub serialization and its verifying loader --------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Why FlatBuffers: the artifact is mostly bytes (commands, constants) that a
// runtime wants to read in place, and FlatBuffers' verifier checks every
// offset of an untrusted buffer before we touch it, without a parse into a
// second copy. Protobuf would copy the constants and caps messages at 2 GiB
// just the same. The verifier only proves the container is well formed; the
// semantic checks (regions inside the DRAM image, descriptors inside their
// regions, debug-map indices) are verifyArtifact's.
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Artifact.h"

#include "ArtifactChecksums.h"
#include "npu/Support/FileRead.h"
#include "npu/Support/AtomicFile.h"
#include "npu/Target/TargetDescription.h"

#include "Artifact_generated.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <set>

using namespace mlir::npu::runtime;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {

Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// a + b, or false on overflow.
bool addChecked(uint64_t a, uint64_t b, uint64_t &sum) {
  return !__builtin_add_overflow(a, b, &sum);
}

bool isTensorType(DType type) {
  return type == DType::I8 || type == DType::I32 || type == DType::F16 ||
         type == DType::F32 || type == DType::I64;
}

Error verifyTensor(const Artifact &artifact, const TensorDescriptor &tensor,
                   StringRef role, RegionKind expectedKind) {
  std::string what = (role + " '" + tensor.name + "'").str();
  if (tensor.name.empty())
    return makeError(role + " has no name");
  if (!isTensorType(tensor.dtype))
    return makeError(what + " has unknown element type " +
                     llvm::Twine(unsigned(tensor.dtype)));
  uint64_t elements = 1;
  for (int64_t dim : tensor.shape) {
    if (dim < 0)
      return makeError(what + " has a negative dimension");
    if (__builtin_mul_overflow(elements, static_cast<uint64_t>(dim), &elements) ||
        elements > (uint64_t{1} << 40))
      return makeError(what + " has too many elements");
  }
  if (tensor.region >= artifact.regions.size())
    return makeError(what + " refers to region " + llvm::Twine(tensor.region) +
                     " of " + llvm::Twine(artifact.regions.size()));
  const MemoryRegion &region = artifact.regions[tensor.region];
  if (region.kind != expectedKind)
    return makeError(what + " lives in region '" + region.name + "' of kind " +
                     getRegionKindName(region.kind) + ", expected " +
                     getRegionKindName(expectedKind));
  uint64_t bytes = elements * getDTypeBytes(tensor.dtype);
  if (bytes != region.size)
    return makeError(llvm::formatv("{0} needs {1} bytes but region '{2}' has {3}",
                                   what, bytes, region.name, region.size));
  if (tensor.hostUnsigned && tensor.dtype != DType::I8)
    return makeError(what + " is uint8 on the host but " +
                     getDTypeName(tensor.dtype) + " on the device; expected i8");
  const Quantization &q = tensor.quantization;
  if (q.scales.empty() && q.zeroPoints.empty())
    return Error::success();
  if (q.scales.size() != q.zeroPoints.size())
    return makeError(what + ": quantization has " +
                     llvm::Twine(q.scales.size()) + " scales but " +
                     llvm::Twine(q.zeroPoints.size()) + " zero points");
  if (q.axis >= 0) {
    if (static_cast<size_t>(q.axis) >= tensor.shape.size() ||
        q.scales.size() != static_cast<uint64_t>(tensor.shape[q.axis]))
      return makeError(what + ": per-channel quantization does not match axis " +
                       llvm::Twine(q.axis));
  } else if (q.scales.size() != 1 || q.axis != -1) {
    return makeError(what + ": per-tensor quantization needs one scale and axis -1");
  }
  for (float scale : q.scales)
    if (!(scale > 0) || !std::isfinite(scale))
      return makeError(what + ": quantization scale must be positive and finite");
  return Error::success();
}

/// Where the constants and each queue's commands lie in `buffer`, whose
/// root table is `model`: what the checksum trailer records. A queue without
/// a command vector gets an offset no trailer can hold.
ArtifactSections locateSections(const mlir::npu::fb::Model *model, const uint8_t *buffer) {
  ArtifactSections sections;
  if (const auto *constants = model->constants()) {
    sections.constantsOffset = uint64_t(constants->data() - buffer);
    sections.constantsSize = constants->size();
  }
  if (const auto *queues = model->queues())
    for (const mlir::npu::fb::Queue *queue : *queues) {
      const auto *commands = queue->commands();
      sections.programs.emplace_back(
          commands ? uint64_t(commands->data() - buffer) : UINT64_MAX,
          commands ? commands->size() : 0);
    }
  return sections;
}

} // namespace

StringRef mlir::npu::runtime::getRegionKindName(RegionKind kind) {
  switch (kind) {
  case RegionKind::Constant:
    return "const";
  case RegionKind::Input:
    return "input";
  case RegionKind::Output:
    return "output";
  case RegionKind::Scratch:
    return "scratch";
  }
  return "unknown";
}

void mlir::npu::runtime::flipHostUnsigned(llvm::MutableArrayRef<uint8_t> bytes) {
  for (uint8_t &byte : bytes)
    byte ^= 0x80;
}

int64_t TensorDescriptor::numElements() const {
  int64_t elements = 1;
  for (int64_t dim : shape)
    elements *= dim;
  return elements;
}

std::string CommandQueue::getName() const {
  std::string name = getEngineKindName(engine).str();
  if (engine == EngineKind::Dma)
    name += std::to_string(index);
  return name;
}

StringRef Artifact::getNodeName(const CommandQueue &queue, size_t command) const {
  if (command >= queue.nodes.size() || queue.nodes[command] >= nodeNames.size())
    return "";
  return nodeNames[queue.nodes[command]];
}

//===----------------------------------------------------------------------===//
// Semantic verification
//===----------------------------------------------------------------------===//

uint32_t mlir::npu::runtime::getRequiredIsaMinor(const Artifact &artifact) {
  uint32_t minor = 0;
  for (const auto *tensors : {&artifact.inputs, &artifact.outputs})
    for (const TensorDescriptor &tensor : *tensors)
      if (tensor.dtype == DType::I64)
        minor = std::max(minor, 1u);
  for (const CommandQueue &queue : artifact.queues)
    for (const Command &command : queue.commands)
      minor = std::max(minor, runtime::getRequiredIsaMinor(command));
  return minor;
}

Error mlir::npu::runtime::verifyArtifact(const Artifact &artifact) {
  if (artifact.isaVersionMajor != kIsaVersionMajor ||
      artifact.isaVersionMinor > kIsaVersionMinor)
    return makeError(llvm::formatv(
        "commands are encoded in ISA {0}.{1}; this runtime executes ISA {2}.0 "
        "to {2}.{3}: recompile the model with this npu-mlir",
        artifact.isaVersionMajor, artifact.isaVersionMinor, kIsaVersionMajor,
        kIsaVersionMinor));
  if (uint32_t required = getRequiredIsaMinor(artifact);
      required > artifact.isaVersionMinor)
    return makeError(llvm::formatv(
        "it declares ISA {0}.{1} but uses commands or i64 tensors of ISA {0}.{2}",
        artifact.isaVersionMajor, artifact.isaVersionMinor, required));

  // The target: the embedded description must be the one fingerprinted.
  auto target = mlir::npu::parseTargetDescription(artifact.targetJson,
                                                  "the artifact's target");
  if (!target)
    return target.takeError();
  if (target->fingerprint() != artifact.targetFingerprint)
    return makeError("the embedded target description does not match the "
                     "artifact's target fingerprint");
  if (artifact.dramBytes > static_cast<uint64_t>(target->dram.bytes))
    return makeError(llvm::formatv("the model needs {0} bytes of DRAM; target "
                                   "'{1}' has {2}",
                                   artifact.dramBytes, target->name,
                                   target->dram.bytes));
  if (artifact.sramBytes > static_cast<uint64_t>(target->sram.bytes))
    return makeError(llvm::formatv("the model needs {0} bytes of SRAM; target "
                                   "'{1}' has {2}",
                                   artifact.sramBytes, target->name,
                                   target->sram.bytes));

  // Regions lie inside the DRAM image and do not overlap.
  llvm::StringSet<> regionNames;
  std::vector<const MemoryRegion *> sorted;
  for (const MemoryRegion &region : artifact.regions) {
    uint64_t end;
    if (static_cast<uint8_t>(region.kind) > 3)
      return makeError("region '" + region.name + "' has an unknown kind");
    if (!addChecked(region.offset, region.size, end) || end > artifact.dramBytes)
      return makeError(llvm::formatv(
          "region '{0}' [{1}, +{2}) lies outside the {3}-byte DRAM image",
          region.name, region.offset, region.size, artifact.dramBytes));
    if (!regionNames.insert(region.name).second)
      return makeError("two regions are named '" + region.name + "'");
    sorted.push_back(&region);
  }
  llvm::sort(sorted, [](const MemoryRegion *a, const MemoryRegion *b) {
    return a->offset < b->offset;
  });
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i - 1]->offset + sorted[i - 1]->size > sorted[i]->offset)
      return makeError("regions '" + sorted[i - 1]->name + "' and '" +
                       sorted[i]->name + "' overlap");

  llvm::StringSet<> names;
  for (const TensorDescriptor &input : artifact.inputs) {
    if (Error error = verifyTensor(artifact, input, "input", RegionKind::Input))
      return error;
    if (!names.insert(input.name).second)
      return makeError("two inputs are named '" + input.name + "'");
  }
  names.clear();
  for (const TensorDescriptor &output : artifact.outputs) {
    if (Error error = verifyTensor(artifact, output, "output", RegionKind::Output))
      return error;
    if (!names.insert(output.name).second)
      return makeError("two outputs are named '" + output.name + "'");
  }

  if (!artifact.constants.empty()) {
    if (artifact.constantsRegion >= artifact.regions.size())
      return makeError("the constants' region index is out of range");
    const MemoryRegion &region = artifact.regions[artifact.constantsRegion];
    if (region.kind != RegionKind::Constant)
      return makeError("the constants' region '" + region.name +
                       "' is not a constant region");
    if (artifact.constants.size() > region.size)
      return makeError(llvm::formatv("{0} bytes of constants do not fit region "
                                     "'{1}' of {2} bytes",
                                     artifact.constants.size(), region.name,
                                     region.size));
  }

  std::set<std::pair<uint8_t, uint32_t>> queueIds;
  for (const CommandQueue &queue : artifact.queues) {
    if (static_cast<uint8_t>(queue.engine) > 2)
      return makeError("a queue names an unknown engine kind " +
                       llvm::Twine(unsigned(queue.engine)));
    int64_t engines = queue.engine == EngineKind::Dma ? target->dma.engines : 1;
    if (queue.index >= static_cast<uint64_t>(engines))
      return makeError(llvm::formatv("queue {0} {1}: target '{2}' has {3} such "
                                     "engine(s)",
                                     getEngineKindName(queue.engine), queue.index,
                                     target->name, engines));
    if (!queueIds.insert({uint8_t(queue.engine), queue.index}).second)
      return makeError("two queues for engine " + queue.getName());
    if (queue.nodes.size() != queue.commands.size())
      return makeError(llvm::formatv("queue {0}: {1} commands but {2} debug-map "
                                     "entries",
                                     queue.getName(), queue.commands.size(),
                                     queue.nodes.size()));
    for (auto [index, node] : llvm::enumerate(queue.nodes))
      if (node != kNoNode && node >= artifact.nodeNames.size())
        return makeError(llvm::formatv("queue {0} command {1}: debug-map node {2} "
                                       "of {3}",
                                       queue.getName(), index, node,
                                       artifact.nodeNames.size()));
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// FlatBuffers
//===----------------------------------------------------------------------===//

Expected<std::vector<uint8_t>>
mlir::npu::runtime::serializeArtifact(const Artifact &artifact) {
  if (Error error = verifyArtifact(artifact))
    return std::move(error);
  // Constants and commands dominate; reserve so building does not regrow.
  size_t estimate = 4096 + artifact.constants.size();
  for (const CommandQueue &queue : artifact.queues)
    estimate += queue.commands.size() * (kCommandBytes + 4);
  flatbuffers::FlatBufferBuilder builder(estimate);
  builder.ForceDefaults(true); // every field present, fewer cases to verify

  auto makeString = [&](StringRef s) {
    return builder.CreateString(s.data(), s.size());
  };

  std::vector<flatbuffers::Offset<fb::Region>> regions;
  for (const MemoryRegion &region : artifact.regions)
    regions.push_back(fb::CreateRegion(builder, makeString(region.name),
                                       static_cast<fb::RegionKind>(region.kind),
                                       region.offset, region.size));

  auto makeTensors = [&](const std::vector<TensorDescriptor> &tensors) {
    std::vector<flatbuffers::Offset<fb::TensorDesc>> result;
    for (const TensorDescriptor &tensor : tensors) {
      // Without scales the axis means nothing: written as -1, so equal
      // artifacts give equal bytes.
      const Quantization &q = tensor.quantization;
      auto quant = fb::CreateQuantization(builder, builder.CreateVector(q.scales),
                                          builder.CreateVector(q.zeroPoints),
                                          q.scales.empty() ? -1 : q.axis);
      result.push_back(fb::CreateTensorDesc(
          builder, makeString(tensor.name), static_cast<uint8_t>(tensor.dtype),
          builder.CreateVector(tensor.shape), tensor.region, quant,
          tensor.hostUnsigned));
    }
    return builder.CreateVector(result);
  };
  auto inputs = makeTensors(artifact.inputs);
  auto outputs = makeTensors(artifact.outputs);

  std::vector<flatbuffers::Offset<fb::Queue>> queues;
  for (const CommandQueue &queue : artifact.queues) {
    std::vector<uint8_t> bytes(queue.commands.size() * kCommandBytes);
    for (auto [index, command] : llvm::enumerate(queue.commands))
      command.encode(bytes.data() + index * kCommandBytes);
    builder.ForceVectorAlignment(bytes.size(), 1, 64);
    auto commands = builder.CreateVector(bytes);
    queues.push_back(fb::CreateQueue(builder, static_cast<uint8_t>(queue.engine),
                                     queue.index, commands,
                                     builder.CreateVector(queue.nodes)));
  }

  builder.ForceVectorAlignment(artifact.constants.size(), 1, 64);
  auto constants = builder.CreateVector(artifact.constants);
  std::vector<flatbuffers::Offset<flatbuffers::String>> nodeNames;
  for (const std::string &name : artifact.nodeNames)
    nodeNames.push_back(makeString(name));

  auto model = fb::CreateModel(
      builder, kFormatVersionMajor, kFormatVersionMinor, artifact.isaVersionMajor,
      artifact.isaVersionMinor, makeString(artifact.producer),
      makeString(artifact.targetName), artifact.targetFingerprint,
      makeString(artifact.targetJson), artifact.dramBytes, artifact.sramBytes,
      builder.CreateVector(regions), inputs, outputs,
      builder.CreateVector(queues),
      artifact.constants.empty() ? 0 : artifact.constantsRegion, constants,
      builder.CreateVector(nodeNames));
  // Size-prefixed: a truncated file is detected even where only padding
  // was lost.
  fb::FinishSizePrefixedModelBuffer(builder, model);
  std::vector<uint8_t> file(builder.GetBufferPointer(),
                            builder.GetBufferPointer() + builder.GetSize());
  // Where the sections landed, read back from the finished buffer.
  ArtifactSections sections =
      locateSections(fb::GetSizePrefixedModel(file.data()), file.data());
  appendChecksumTrailer(file, sections);
  return file;
}

Expected<std::vector<uint8_t>>
mlir::npu::runtime::sealArtifactFlatBuffer(llvm::ArrayRef<uint8_t> flatBuffer) {
  // A vector's storage is aligned for the FlatBuffers verifier.
  std::vector<uint8_t> file(flatBuffer.begin(), flatBuffer.end());
  if (file.size() < 12 || file.size() >= (uint64_t{1} << 31) ||
      !fb::SizePrefixedModelBufferHasIdentifier(file.data()))
    return makeError("not a size-prefixed npu-mlir FlatBuffer");
  flatbuffers::Verifier verifier(file.data(), file.size(),
                                 /*max_depth=*/16, /*max_tables=*/10000000);
  if (!fb::VerifySizePrefixedModelBuffer(verifier))
    return makeError("the FlatBuffers verifier rejected it");
  ArtifactSections sections =
      locateSections(fb::GetSizePrefixedModel(file.data()), file.data());
  if (!areSectionsDisjointWithin(file.size(), sections))
    return makeError("a queue has no command vector, or two sections overlap");
  appendChecksumTrailer(file, sections);
  return file;
}

Expected<Artifact> mlir::npu::runtime::parseArtifact(llvm::ArrayRef<uint8_t> file,
                                               StringRef source,
                                               const ArtifactLoadOptions &options) {
  auto fail = [&](const llvm::Twine &message) -> Expected<Artifact> {
    return makeError(source + ": " + message);
  };
  // FlatBuffers reads scalars in place: bytes handed over at an odd address
  // (from a C caller, say) are copied to an aligned buffer first.
  std::vector<uint64_t> aligned;
  if (reinterpret_cast<uintptr_t>(file.data()) % alignof(uint64_t) != 0) {
    aligned.resize((file.size() + 7) / 8);
    std::memcpy(aligned.data(), file.data(), file.size());
    file = llvm::ArrayRef(reinterpret_cast<const uint8_t *>(aligned.data()),
                          file.size());
  }
  auto checked = checkChecksumTrailer(file, options.verifyConstants);
  if (!checked)
    return fail(llvm::toString(checked.takeError()));
  llvm::ArrayRef<uint8_t> bytes = checked->first;
  const ArtifactSections &sections = checked->second;
  if (bytes.size() < 12 || !fb::SizePrefixedModelBufferHasIdentifier(bytes.data()))
    return fail("not an npu-mlir artifact (no 'NPUB' identifier)");
  uint64_t declared = uint64_t(bytes[0]) | uint64_t(bytes[1]) << 8 |
                      uint64_t(bytes[2]) << 16 | uint64_t(bytes[3]) << 24;
  if (declared + 4 != bytes.size())
    return fail(llvm::formatv("the file has {0} bytes but its header says {1}: "
                              "it is truncated or has trailing data",
                              bytes.size(), declared + 4));
  // FlatBuffers offsets are 32-bit; a larger buffer cannot be valid.
  if (bytes.size() >= (uint64_t{1} << 31))
    return fail("file is larger than an artifact can be (2 GiB)");
  flatbuffers::Verifier verifier(bytes.data(), bytes.size(),
                                 /*max_depth=*/16, /*max_tables=*/10000000);
  if (!fb::VerifySizePrefixedModelBuffer(verifier))
    return fail("corrupt artifact: the FlatBuffers verifier rejected it");
  const fb::Model *model = fb::GetSizePrefixedModel(bytes.data());

  if (model->format_version_major() != kFormatVersionMajor ||
      model->format_version_minor() > kFormatVersionMinor)
    return fail(llvm::formatv("artifact format {0}.{1} cannot be read by this "
                              "runtime (format {2}.0 to {2}.{3}): recompile "
                              "the model with this npu-mlir",
                              model->format_version_major(),
                              model->format_version_minor(), kFormatVersionMajor,
                              kFormatVersionMinor));

  auto str = [](const flatbuffers::String *s) {
    return s ? std::string(s->data(), s->size()) : std::string();
  };

  Artifact artifact;
  artifact.isaVersionMajor = model->isa_version_major();
  artifact.isaVersionMinor = model->isa_version_minor();
  artifact.producer = str(model->producer());
  artifact.targetName = str(model->target_name());
  artifact.targetFingerprint = model->target_fingerprint();
  artifact.targetJson = str(model->target_json());
  artifact.dramBytes = model->dram_bytes();
  artifact.sramBytes = model->sram_bytes();
  artifact.constantsRegion = model->constants_region();

  if (const auto *regions = model->regions())
    for (const fb::Region *region : *regions) {
      if (!region)
        return fail("corrupt artifact: a null region");
      auto kind = static_cast<uint8_t>(region->kind());
      if (kind > 3)
        return fail("region '" + str(region->name()) + "' has unknown kind " +
                    llvm::Twine(unsigned(kind)));
      artifact.regions.push_back({str(region->name()),
                                  static_cast<RegionKind>(kind),
                                  region->offset(), region->size()});
    }

  // The FlatBuffers verifier checks where a vector starts, not that its
  // 8-byte elements are aligned; a builder aligns every non-empty one, so a
  // misaligned one is damage (and reading it in place would be undefined).
  // An empty vector has nothing to align (a builder may leave it anywhere).
  auto isAligned = [](const auto *vector) {
    return !vector || vector->size() == 0 ||
           reinterpret_cast<uintptr_t>(vector->data()) % alignof(int64_t) == 0;
  };
  auto readTensors = [&](const flatbuffers::Vector<
                             flatbuffers::Offset<fb::TensorDesc>> *tensors,
                         std::vector<TensorDescriptor> &out) -> std::string {
    if (!tensors)
      return "";
    for (const fb::TensorDesc *tensor : *tensors) {
      if (!tensor)
        return "a null tensor descriptor";
      const fb::Quantization *q = tensor->quantization();
      if (!isAligned(tensor->shape()) || (q && !isAligned(q->zero_points())))
        return "a misaligned vector in tensor descriptor '" +
               str(tensor->name()) + "'";
      TensorDescriptor desc;
      desc.name = str(tensor->name());
      desc.dtype = static_cast<DType>(tensor->dtype());
      if (tensor->shape())
        desc.shape.assign(tensor->shape()->begin(), tensor->shape()->end());
      desc.region = tensor->region();
      if (q) {
        if (q->scales())
          desc.quantization.scales.assign(q->scales()->begin(), q->scales()->end());
        if (q->zero_points())
          desc.quantization.zeroPoints.assign(q->zero_points()->begin(),
                                              q->zero_points()->end());
        desc.quantization.axis = q->axis();
      }
      desc.hostUnsigned = tensor->host_unsigned();
      out.push_back(std::move(desc));
    }
    return "";
  };
  for (auto [tensors, out] : {std::pair{model->inputs(), &artifact.inputs},
                              std::pair{model->outputs(), &artifact.outputs}})
    if (std::string problem = readTensors(tensors, *out); !problem.empty())
      return fail("corrupt artifact: " + problem);

  if (const auto *queues = model->queues())
    for (const fb::Queue *queue : *queues) {
      if (!queue)
        return fail("corrupt artifact: a null queue");
      CommandQueue decoded;
      decoded.engine = static_cast<EngineKind>(queue->engine());
      decoded.index = queue->index();
      if (const auto *commands = queue->commands()) {
        if (commands->size() % kCommandBytes != 0)
          return fail(llvm::formatv("queue {0}: {1} command bytes is not a "
                                    "multiple of {2}",
                                    decoded.getName(), commands->size(),
                                    kCommandBytes));
        for (size_t offset = 0; offset < commands->size(); offset += kCommandBytes)
          decoded.commands.push_back(Command::decode(commands->data() + offset));
      }
      if (const auto *nodes = queue->nodes())
        decoded.nodes.assign(nodes->begin(), nodes->end());
      artifact.queues.push_back(std::move(decoded));
    }

  // The trailer's section table must be this buffer's: otherwise a section
  // could escape its checksum.
  if (locateSections(model, bytes.data()) != sections)
    return fail("the checksum trailer does not describe this artifact's sections");
  if (const auto *constants = model->constants())
    artifact.constants.assign(constants->begin(), constants->end());
  if (const auto *names = model->node_names())
    for (const flatbuffers::String *name : *names)
      artifact.nodeNames.push_back(str(name));

  if (Error error = verifyArtifact(artifact))
    return fail(llvm::toString(std::move(error)));
  return artifact;
}

Expected<Artifact> mlir::npu::runtime::readArtifactFile(StringRef path,
                                                     const ArtifactLoadOptions &options) {
  auto buffer = readRegularFile(path, kMaxArtifactFileBytes, "artifact");
  if (!buffer)
    return buffer.takeError();
  StringRef bytes = (*buffer)->getBuffer();
  // The verifier reads the buffer at aligned offsets; a mapping is page
  // aligned, a heap copy is aligned for max_align_t.
  return parseArtifact(
      llvm::ArrayRef(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()),
      path, options);
}

Error mlir::npu::runtime::writeArtifactFile(const Artifact &artifact, StringRef path) {
  auto bytes = serializeArtifact(artifact);
  if (!bytes)
    return bytes.takeError();
  return mlir::npu::writeFileAtomically(
      path, llvm::StringRef(reinterpret_cast<const char *>(bytes->data()),
                            bytes->size()));
}
