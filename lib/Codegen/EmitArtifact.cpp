//===- EmitArtifact.cpp - npuhw ops to commands ---------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Codegen/EmitArtifact.h"
#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Transforms/NpuHwUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::npu;
using runtime::Command;
using runtime::DType;

namespace {

/// The bytes of a constant's elements as they lie in memory.
std::vector<uint8_t> getRawBytes(ElementsAttr value) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    ArrayRef<char> raw = dense.getRawData();
    std::vector<uint8_t> bytes(raw.begin(), raw.end());
    if (dense.isSplat()) {
      std::vector<uint8_t> repeated;
      for (int64_t i = 0; i < dense.getNumElements(); ++i)
        repeated.insert(repeated.end(), bytes.begin(), bytes.end());
      return repeated;
    }
    return bytes;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob()) {
      ArrayRef<char> raw = blob->getData();
      return std::vector<uint8_t>(raw.begin(), raw.end());
    }
  return {};
}

/// Emits each command op, its operands at their planned addresses.
class Emitter : public npuhw::CommandAddressing {
public:
  Emitter(const TargetDescription &target, runtime::Artifact &artifact)
      : target(target), artifact(artifact) {}

  LogicalResult emit(npuhw::CommandOpInterface command);

  FailureOr<PlacedView> place(Value value, Operation *user) override {
    return placeView(value, user);
  }

private:
  void push(unsigned queue, const Command &command, Location loc);

  const TargetDescription &target;
  runtime::Artifact &artifact;
  llvm::StringMap<uint32_t> nodes;
};

void Emitter::push(unsigned queue, const Command &command, Location loc) {
  uint32_t node = runtime::kNoNode;
  if (auto name = loc->findInstanceOf<NameLoc>()) {
    auto [it, inserted] =
        nodes.try_emplace(name.getName().getValue(), artifact.nodeNames.size());
    if (inserted)
      artifact.nodeNames.push_back(name.getName().getValue().str());
    node = it->second;
  }
  artifact.queues[queue].commands.push_back(command);
  artifact.queues[queue].nodes.push_back(node);
}

LogicalResult Emitter::emit(npuhw::CommandOpInterface command) {
  FailureOr<Command> encoded = command.encode(*this);
  if (failed(encoded))
    return failure();
  push(getCommandQueue(command, target), *encoded, command->getLoc());
  return success();
}

std::string getTensorName(func::FuncOp function, unsigned index, StringRef fallback) {
  if (auto name = function.getArgAttrOfType<StringAttr>(index, "npu.name"))
    return name.getValue().str();
  return (fallback + Twine(index)).str();
}

} // namespace

FailureOr<runtime::Artifact> mlir::npu::emitArtifact(ModuleOp module,
                                                     StringRef producer) {
  FailureOr<TargetDescription> target = getModuleTarget(module);
  if (failed(target))
    return failure();
  auto functions = llvm::to_vector(module.getOps<func::FuncOp>());
  if (functions.size() != 1)
    return module.emitError("expects one lowered function, got ") << functions.size();
  func::FuncOp function = functions.front();
  auto intAttr = [&](StringRef name) -> std::optional<uint64_t> {
    if (auto attr = function->getAttrOfType<IntegerAttr>(name))
      return attr.getInt();
    return std::nullopt;
  };
  std::optional<uint64_t> dramBytes = intAttr("npuhw.dram_bytes"),
                          constantBytes = intAttr("npuhw.constant_bytes"),
                          sramBytes = intAttr("npuhw.sram_bytes");
  if (!dramBytes || !constantBytes || !sramBytes)
    return function.emitError("has no memory plan; run npuhw-plan-memory first");

  runtime::Artifact artifact;
  artifact.producer = producer.str();
  artifact.targetName = target->name;
  artifact.targetJson = printTargetDescription(*target);
  artifact.targetFingerprint = target->fingerprint();
  artifact.dramBytes = std::max<uint64_t>(*dramBytes, 64);
  artifact.sramBytes = *sramBytes;

  // The memory map: constants, each input and output, scratch.
  if (*constantBytes) {
    artifact.regions.push_back({"constants", runtime::RegionKind::Constant, 0, *constantBytes});
    artifact.constantsRegion = 0;
    artifact.constants.assign(*constantBytes, 0);
    for (memref::GlobalOp global : module.getOps<memref::GlobalOp>()) {
      auto offset = global->getAttrOfType<IntegerAttr>(kOffsetAttr);
      auto value = dyn_cast_or_null<ElementsAttr>(global.getInitialValueAttr());
      if (!offset || !value)
        return global.emitError("has no planned offset or no initial value");
      std::vector<uint8_t> bytes = getRawBytes(value);
      if (bytes.size() != getBufferBytes(global.getType()) ||
          offset.getInt() + bytes.size() > *constantBytes)
        return global.emitError("has ") << bytes.size()
                                        << " bytes that do not match its type or region";
      std::copy(bytes.begin(), bytes.end(), artifact.constants.begin() + offset.getInt());
    }
  }
  for (BlockArgument argument : function.getArguments()) {
    unsigned index = argument.getArgNumber();
    auto type = cast<MemRefType>(argument.getType());
    bool output = function.getArgAttr(index, kOutputAttr) != nullptr;
    auto offset = function.getArgAttrOfType<IntegerAttr>(index, kOffsetAttr);
    std::optional<DType> dtype = npuhw::getCommandDType(type.getElementType());
    if (!offset || !dtype)
      return function.emitError("argument ") << index << " has no planned offset or no NPU type";
    runtime::TensorDescriptor descriptor;
    descriptor.name = getTensorName(function, index, output ? "output" : "input");
    descriptor.dtype = *dtype;
    descriptor.hostUnsigned = function.getArgAttr(index, kHostUnsignedAttrName) != nullptr;
    descriptor.shape.assign(type.getShape().begin(), type.getShape().end());
    descriptor.region = artifact.regions.size();
    artifact.regions.push_back({descriptor.name,
                                output ? runtime::RegionKind::Output : runtime::RegionKind::Input,
                                uint64_t(offset.getInt()), getBufferBytes(type)});
    (output ? artifact.outputs : artifact.inputs).push_back(descriptor);
  }
  if (std::optional<uint64_t> scratch = intAttr("npuhw.scratch_bytes"); scratch && *scratch) {
    artifact.regions.push_back({"scratch", runtime::RegionKind::Scratch,
                                *dramBytes - *scratch, *scratch});
  }

  for (int64_t i = 0; i < target->dma.engines; ++i)
    artifact.queues.push_back({runtime::EngineKind::Dma, uint32_t(i), {}, {}});
  artifact.queues.push_back({runtime::EngineKind::Matrix, 0, {}, {}});
  artifact.queues.push_back({runtime::EngineKind::Vector, 0, {}, {}});

  Emitter emitter(*target, artifact);
  for (Operation &op : function.getBody().front()) {
    auto command = dyn_cast<npuhw::CommandOpInterface>(op);
    if (!command)
      continue;
    if (failed(emitter.emit(command)))
      return failure();
  }
  llvm::erase_if(artifact.queues, [](const runtime::CommandQueue &queue) {
    return queue.commands.empty();
  });
  artifact.isaVersionMinor = runtime::getRequiredIsaMinor(artifact);
  if (llvm::Error error = runtime::verifyArtifact(artifact))
    return module.emitError("emitted an invalid artifact: ")
           << llvm::toString(std::move(error));
  return artifact;
}
